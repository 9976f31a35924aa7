"""The public pages in headless Chromium: both languages, a filter, the language switch, and
axe-core with no serious or critical violation. One browser for the session, one load per
page type."""

import pytest

from tests.browser.helpers import AXE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser, live_server, demo):
    # bypass_csp lets the test inject axe-core; the pages themselves run under the real CSP.
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    tab = context.new_page()
    tab.base = live_server.url
    yield tab
    context.close()


def serious_violations(tab) -> list[str]:
    tab.add_script_tag(content=AXE.read_text())
    result = tab.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_home_in_french_then_switch_to_english(page):
    page.goto(page.base + "/fr/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Affaires judiciaires et jurisprudence"
    assert serious_violations(page) == []
    page.click("text=English")
    assert page.url.endswith("/en/")
    assert page.locator("h1").inner_text() == "Court cases and case law"
    assert page.context.cookies() == []


def test_case_timeline_in_both_languages(page):
    page.goto(page.base + "/en/cases/doctolib-aws/")
    assert "10:30 (Paris time)" in page.locator("#main").inner_text()
    assert serious_violations(page) == []
    page.click("text=Français")
    assert "/fr/cases/doctolib-aws/" in page.url
    assert "12 mars 2021" in page.locator("#main").inner_text()
    page.click("text=Schrems II")
    assert "/fr/rulings/cjue-2020-07-16-c-311-18/" in page.url
    assert "CJUE, 16 juillet 2020, aff. C-311/18" in page.locator(".cite-this").inner_text()


def test_hearings_calendar_filter_in_both_languages(page):
    page.goto(page.base + "/fr/hearings/?when=past")
    assert "Audiences passées" in page.locator("h1").inner_text()
    page.select_option("#id_court", "cjue")
    page.click("button:has-text('Appliquer')")
    results = page.locator(".results").inner_text()
    assert "Schrems" in results and "Doctolib" not in results
    assert "heure non communiquée" in results
    assert serious_violations(page) == []
    page.click("text=English")
    assert "court=cjue" in page.url
    assert "time not announced" in page.locator(".results").inner_text()
