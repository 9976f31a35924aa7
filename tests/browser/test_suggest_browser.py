"""The name filters' suggestions in headless Chromium, under the site's real CSP: typing part
of a name fills the input's <datalist> from the site's own endpoint (at most ten names, never a
natural person), and the typed name, submitted, filters the page."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser, live_server, demo):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.base = live_server.url
    tab.errors = []
    tab.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    tab.requests = []
    tab.on("request", lambda r: tab.requests.append(r.url))
    yield tab
    context.close()


def options(tab, list_id: str) -> list[tuple[str, str]]:
    # Read through locators: the page's CSP forbids evaluating script strings.
    return [
        (option.get_attribute("value"), option.get_attribute("label"))
        for option in tab.locator(f"#{list_id} option").all()
    ]


def test_typing_a_case_name_suggests_the_matching_cases_then_filters_the_timeline(page):
    page.goto(page.base + "/en/timeline/")
    page.locator("#id_case").press_sequentially("schr", delay=30)
    expect(page.locator("#id_case_suggestions option")).to_have_count(2)
    assert {value for value, _label in options(page, "id_case_suggestions")} == {
        "schrems-i",
        "schrems-ii",
    }
    page.fill("#id_case", "Doctolib")
    page.click("button:has-text('Apply')")
    page.wait_for_url("**/en/timeline/?*case=Doctolib*")
    cases = page.locator(".results .entry-case").all_inner_texts()
    assert cases and all(text.startswith("Doctolib / AWS") for text in cases)
    assert page.errors == []
    assert all(url.startswith(page.base) for url in page.requests)


def test_party_suggestions_hold_no_natural_person_and_the_name_filters_hearings(page):
    page.goto(page.base + "/en/hearings/?when=past")
    page.locator("#id_party").press_sequentially("inter", delay=30)
    expect(page.locator("#id_party_suggestions option").first).to_be_attached()
    assert ("interhop", "InterHop") in options(page, "id_party_suggestions")
    page.fill("#id_party", "")
    page.locator("#id_party").press_sequentially("personne", delay=30)
    page.wait_for_timeout(600)
    assert options(page, "id_party_suggestions") == []
    page.fill("#id_party", "interhop")
    page.click("button:has-text('Apply')")
    page.wait_for_url("**party=interhop*")
    results = page.locator(".results").inner_text()
    assert "Doctolib" in results and "Health Data Hub" in results and "Schrems" not in results
    page.fill("#id_party", "nulle part")
    page.click("button:has-text('Apply')")
    page.wait_for_url("**party=nulle*")
    assert "Party: nothing matches “nulle part”" in page.locator(".name-note").inner_text()
    assert page.errors == []
