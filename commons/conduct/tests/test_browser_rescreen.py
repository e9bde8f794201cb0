"""Re-screening in a real browser: a moderator starts it from the settings page and sees it finish; a
run already going shows a progress bar that updates itself (htmx) until the run is done. Checked with
axe-core."""

import pytest
from playwright.sync_api import expect

from commons.community import actions as community
from commons.conduct.models import ScreenedItem
from commons.conduct.rescreen import create_run, run_rescreen
from commons.conduct.screening import add_watched_word
from commons.testing.browser import check_accessibility
from commons.testing.browser import log_in as _log_in

pytestmark = pytest.mark.browser


def test_moderator_rescreens_and_sees_it_queued(page, live_server, member, moderator, password):
    community.create_post(
        author=member, kind="insight", title="Fruit", body="Our pineapple launch went well."
    )
    add_watched_word(actor=moderator, category="harassment", phrase="pineapple", action="hold")
    _log_in(page, moderator, password)
    page.goto(f"{live_server.url}/conduct/screening/")
    page.get_by_label("Days to re-screen").fill("3")
    page.get_by_role("button", name="Re-screen", exact=True).click()
    expect(page.get_by_text("Re-screening the last 3 days.")).to_be_visible()
    expect(page.get_by_role("progressbar")).to_be_visible()
    queued = ScreenedItem.objects.count()
    expect(page.get_by_text(f"{queued} put in the")).to_be_visible()
    check_accessibility(page)
    assert ScreenedItem.objects.filter(where="post").count() == 1


def test_progress_bar_updates_itself_until_the_run_is_done(page, live_server, moderator, password):
    run = create_run(actor=moderator, days=7)
    _log_in(page, moderator, password)
    page.goto(f"{live_server.url}/conduct/screening/")
    expect(page.get_by_text("Waiting to start")).to_be_visible()
    run_rescreen(run.pk)
    expect(page.get_by_text("Finished")).to_be_visible(timeout=5000)
