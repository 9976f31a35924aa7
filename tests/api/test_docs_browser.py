"""The API documentation and schema in headless Chromium under the site's real CSP:
the docs page renders the schema and runs a request with no console error, and the schema
opens in the browser instead of being downloaded."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMEOUT_MS = 15_000


@pytest.fixture
def tab(browser, live_server):
    """A page under the real CSP (no bypass_csp) that records console messages (CSP refusals
    among them), uncaught errors and every URL it requests."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    page = context.new_page()
    page.console_messages = []
    page.page_errors = []
    page.requested = []
    page.on("console", lambda m: page.console_messages.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda error: page.page_errors.append(str(error)))
    page.on("request", lambda request: page.requested.append(request.url))
    yield page
    context.close()
    expect.set_options(timeout=5_000)  # Playwright's default, for the session's other tests


def assert_clean(tab, live_server):
    tab.wait_for_load_state("networkidle")
    assert tab.page_errors == []
    assert tab.console_messages == []
    origin = urlsplit(live_server.url).netloc
    elsewhere = [
        url
        for url in tab.requested
        if urlsplit(url).scheme != "data" and urlsplit(url).netloc != origin
    ]
    assert elsewhere == []


def test_docs_render_the_schema_and_run_a_request_with_no_console_error(tab, live_server, demo):
    with tab.expect_response(lambda r: urlsplit(r.url).path == "/api/v1/schema/") as schema:
        tab.goto("/api/v1/docs/")
    assert schema.value.status == 200
    expect(tab.get_by_role("heading", name="casetracker API")).to_be_visible()
    expect(tab.get_by_text("Something went wrong")).to_have_count(0)
    # An endpoint and its description, as read from the schema; then "Try it out".
    operation = tab.locator("#operations-rulings-rulings_ecli_retrieve")
    operation.get_by_text("/api/v1/rulings/ecli/{ecli}/").click()
    expect(operation.get_by_text("The ruling with this ECLI")).to_be_visible()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_placeholder("ecli").fill("ECLI:EU:C:2020:559")
    with tab.expect_response(lambda r: "/api/v1/rulings/ecli/" in r.url) as answer:
        operation.get_by_role("button", name="Execute").click()
    assert answer.value.status == 200
    expect(operation.locator(".responses-table.live-responses-table")).to_contain_text("Schrems II")
    assert_clean(tab, live_server)


@pytest.mark.parametrize("query, first_line", [("", "openapi: 3.0.3"), ("?format=json", "{")])
def test_the_schema_opens_in_the_browser_instead_of_downloading(
    tab, live_server, query, first_line
):
    # A download would abort the navigation ("Download is starting") and show nothing.
    response = tab.goto(f"/api/v1/schema/{query}")
    assert response.status == 200
    text = tab.locator("body").inner_text()
    assert text.splitlines()[0] == first_line
    assert "casetracker API" in text
    assert_clean(tab, live_server)
