"""Browser test fixtures: Playwright's sync API driving Debian's Chromium against `live_server`.

Use the `page` fixture (a fresh, logged-out browser context per test, its base URL the live
server) and mark the test `@pytest.mark.browser`. Call `check_accessibility(page)` on every page a
journey visits. When a browser test fails, a screenshot of the page is saved to `test-artifacts/`.

No browser is ever downloaded: the tests use `/usr/bin/chromium` (Debian's package) and are skipped
when it is not installed.
"""

import contextlib
import os
import re
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
BLOCKING_IMPACTS = ("serious", "critical")
TIMEOUT_MS = 10_000

# The sandbox needs privileges containers lack; everything else keeps Chromium off the network
# (closed here, and never wanted from a test).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-domain-reliability",
    "--disable-breakpad",
    "--metrics-recording-only",
]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the item, so the `page` fixture knows at teardown whether the
    # test failed.
    report = yield
    item.stash.setdefault(_reports_key, {})[report.when] = report
    return report


_reports_key = pytest.StashKey[dict]()


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module.

    Playwright's sync API runs an asyncio loop in this thread, and Django refuses ORM calls from a
    thread with a running loop; the tests' ORM calls are synchronous and safe, so the guard is
    lifted while the browser lives (and only then, so other tests keep it).
    """
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_context(browser, live_server):
    """A fresh context (no cookies) whose relative URLs go to the live server.

    `bypass_csp` lets the accessibility check inject axe-core; the site's own pages are unchanged.
    """
    context = browser.new_context(
        base_url=live_server.url,
        bypass_csp=True,
        viewport={"width": 1280, "height": 900},
        locale="en-GB",
        timezone_id="UTC",
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(browser_context, request):
    """A page in a fresh context; on failure its screenshot goes to `test-artifacts/`."""
    page = browser_context.new_page()
    yield page
    report = request.node.stash.get(_reports_key, {}).get("call")
    if report is not None and report.failed:
        from django.conf import settings

        artifacts = settings.PROJECT_DIR / "test-artifacts"
        artifacts.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
        # A missing screenshot must not hide the real failure.
        with contextlib.suppress(Exception):
            page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)


def _describe(violation: dict) -> str:
    lines = [
        f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})"
    ]
    for node in violation["nodes"][:10]:
        target = " ".join(str(t) for t in node["target"])
        lines.append(f"    at {target}")
        lines.append(f"       {node['html'][:200]}")
        if node.get("failureSummary"):
            summary = node["failureSummary"].replace("\n", "\n       ")
            lines.append(f"       {summary}")
    if len(violation["nodes"]) > 10:
        lines.append(f"    ... and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


def check_accessibility(page, *, impacts=BLOCKING_IMPACTS) -> list[dict]:
    """Run axe-core on the page as it is now; fail on any violation of a blocking impact.

    Returns every violation axe found (including minor and moderate ones) for callers that want
    to look closer.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        from django.conf import settings

        page.add_script_tag(path=str(settings.NODE_MODULES / "axe-core" / "axe.min.js"))
    results = page.evaluate(
        """async () => await axe.run(document, {
            resultTypes: ["violations"],
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
        })"""
    )
    violations = results["violations"]
    blocking = [v for v in violations if v["impact"] in impacts]
    assert not blocking, (
        f"axe-core found {len(blocking)} serious or critical accessibility violation(s) on {page.url}:\n"
        + "\n".join(_describe(v) for v in blocking)
    )
    return violations


def log_in(page, user, password) -> None:
    """Log `user` in through the login page, checking its accessibility before and after."""
    from playwright.sync_api import expect

    page.goto("/accounts/login/")
    check_accessibility(page)
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="My profile")).to_be_visible()
    check_accessibility(page)
