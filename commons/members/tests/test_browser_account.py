"""Leaving, in a real browser: a member downloads their data, then deletes their account, and can
no longer log in. Each page is checked with axe-core."""

import json

import pytest
from playwright.sync_api import expect

from commons.testing.browser import check_accessibility, log_in

pytestmark = pytest.mark.browser


def test_a_member_downloads_their_data_then_deletes_their_account(page, member, owner, password):
    log_in(page, member, password)
    page.goto("/settings/")
    page.get_by_role("link", name="Your data and account").click()
    expect(page.get_by_role("heading", name="Download your data")).to_be_visible()
    check_accessibility(page)

    with page.expect_download() as download:
        page.get_by_role("button", name="Download my data").click()
    with open(download.value.path(), encoding="utf-8") as fh:
        data = json.load(fh)
    assert data["account"]["email"] == member.email

    page.get_by_label("Your password").fill("not my password")
    page.get_by_label("I understand that this cannot be undone").check()
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("That is not your password.")).to_be_visible()
    check_accessibility(page)

    page.get_by_label("Your password").fill(password)
    page.get_by_label("I understand that this cannot be undone").check()
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Your account is deleted.")).to_be_visible()
    check_accessibility(page)

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_role("link", name="My profile")).to_have_count(0)
