"""Screening settings in a real browser: a moderator watches a phrase, tries a text that contains it and
sees it held with the clause it cites, then raises a threshold. The page is checked with axe-core."""

import pytest
from playwright.sync_api import expect

from commons.conduct.models import ScreeningSetting, WatchedWord
from commons.testing.browser import check_accessibility
from commons.testing.browser import log_in as _log_in

pytestmark = pytest.mark.browser


def test_moderator_watches_a_phrase_and_tries_it(page, live_server, moderator, password):
    _log_in(page, moderator, password)
    page.goto(f"{live_server.url}/conduct/screening/")
    expect(page.get_by_role("heading", name="Screening settings", level=1)).to_be_visible()
    check_accessibility(page)

    page.get_by_label("Word or phrase").fill("pineapple quarterly")
    page.get_by_label("Category", exact=True).select_option("solicitation")
    page.get_by_label("Action", exact=True).select_option("hold")
    page.get_by_role("button", name="Watch this phrase").click()
    expect(page.get_by_role("cell", name="pineapple quarterly", exact=True)).to_be_visible()
    assert WatchedWord.objects.filter(phrase="pineapple quarterly", action="hold").exists()

    page.get_by_label("Text to screen").fill("Join our pineapple quarterly club")
    page.get_by_role("button", name="Screen this text").click()
    expect(page.get_by_role("heading", name="Decision: hold")).to_be_visible()
    expect(page.get_by_text("professional.no-soliciting").last).to_be_visible()
    check_accessibility(page)

    page.locator("#id_hate-hold").fill("0.9")
    page.get_by_role("button", name="Save hate").click()
    expect(page.get_by_text("Screening settings for hate saved.")).to_be_visible()
    assert ScreeningSetting.objects.get(category="hate").hold == 0.9


@pytest.fixture(autouse=True)
def _screening_enforced(settings):
    settings.SCREENING_ENFORCED = True
