"""Stored XSS in headless Chromium: one load per public page type with the
poisoned records of test_xss.py, listening for dialogs and looking for injected elements."""

import pytest

from tests.security.xss import page_urls

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The site's own scripts (static/js: the name suggestions) are the only ones a page may hold.
OWN_SCRIPT = "script[src^='/static/']"
INJECTED = (
    f"script:not({OWN_SCRIPT}), img[src='x'], svg[onload], [onerror], [onload], iframe, object,"
    " embed"
)


def test_the_dialog_listener_notices_a_script_that_runs(browser):
    """Control: the same listener sees an alert where one does run."""
    context = browser.new_context()
    try:
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.set_content("<script>alert('ran')</script>")
        assert dialogs == ["ran"]
    finally:
        context.close()


def test_no_stored_payload_runs_on_any_public_page_type(browser, live_server, xss_world):
    context = browser.new_context()
    try:
        page = context.new_page()
        dialogs: list[str] = []
        errors: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda error: errors.append(str(error)))
        urls = {**page_urls("en"), "case (fr)": "/fr/cases/xss-case/"}
        for name, path in urls.items():
            response = page.goto(live_server.url + path, wait_until="load")
            assert response is not None and response.status in (200, 400), name
            assert page.locator(INJECTED).count() == 0, f"{name}: injected element"
            scripts = page.evaluate("document.scripts.length")
            assert scripts == page.locator(OWN_SCRIPT).count(), name
            assert page.evaluate("typeof window.alert") == "function"
            # The payload is on the page, as text.
            if name != "bad input echo":
                assert "alert(1)" in page.inner_text("body") or "alert(4)" in page.content(), name
        assert dialogs == []
        assert errors == []
    finally:
        context.close()
