"""Every public page type, in both languages, in headless Chromium at 390 px wide (a phone):
no axe-core violation of any impact, nothing wider than the screen; /favicon.ico answers.
One browser, one page load per page type and language."""

import pytest

from tests.browser.helpers import AXE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# (path, status): every page type a reader reaches, the error pages included.
PAGES = [
    ("/{lang}/", 200),
    ("/{lang}/cases/", 200),
    ("/{lang}/cases/?court=ce&status=decided", 200),
    ("/{lang}/cases/doctolib-aws/", 200),
    ("/embed/{lang}/cases/doctolib-aws/", 200),
    ("/{lang}/timeline/", 200),
    ("/{lang}/hearings/", 200),
    ("/{lang}/rulings/", 200),
    ("/{lang}/rulings/cjue-2020-07-16-c-311-18/", 200),
    ("/{lang}/rulings/cjue-2020-07-16-c-311-18/graph/", 200),
    ("/{lang}/courts/ce/", 200),
    ("/{lang}/parties/interhop/", 200),
    ("/{lang}/search/?q=Doctolib", 200),
    ("/{lang}/data/", 200),
    ("/{lang}/privacy/", 200),
    ("/{lang}/cases/doctolib-aws/follow/", 200),
    ("/{lang}/cases/no-such-case/", 404),
    ("/{lang}/cases/?status=nope", 400),
    ("/{lang}/cases/?court=nothing-like-this", 400),
]


@pytest.fixture
def phone(browser, live_server, demo):
    # bypass_csp lets the test inject axe-core; the pages themselves run under the real CSP.
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    tab = context.new_page()
    tab.base = live_server.url
    yield tab
    context.close()


def violations(tab) -> list[str]:
    """axe-core's violations, whatever their impact."""
    tab.add_script_tag(content=AXE.read_text())
    result = tab.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


OVERFLOW = """() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  return [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1)
    .slice(-3)
    .map(e => `<${e.tagName.toLowerCase()} class="${e.className}"> `
      + `${Math.round(e.getBoundingClientRect().right)} px`);
}"""


def overflow(tab) -> list[str]:
    """What sticks out past the right edge, when the page scrolls sideways."""
    found = tab.evaluate(OVERFLOW)
    width = tab.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    return [f"scrollWidth {width[0]} > {width[1]}: {found}"] if found else []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_page_type_is_accessible_and_fits_a_phone(phone, lang):
    problems = {}
    for path, status in PAGES:
        url = path.format(lang=lang)
        response = phone.goto(phone.base + url)
        found = [] if response.status == status else [f"answered {response.status}"]
        found += overflow(phone) + violations(phone)
        if found:
            problems[url] = found
    assert not problems, "\n".join(f"{u}\n  " + "\n  ".join(p) for u, p in problems.items())


def test_the_api_docs_page_is_accessible_and_fits_a_phone(phone):
    phone.goto(phone.base + "/api/v1/docs/")
    phone.wait_for_selector(".swagger-ui .opblock")  # rendered once the schema is loaded
    assert overflow(phone) + violations(phone) == []


def test_the_checks_can_fail(phone):
    """A page with a box too wide and an image without alt fails both checks."""
    phone.goto(phone.base + "/en/privacy/")
    phone.evaluate(
        """() => { const d = document.createElement('div'); d.style.width = '600px';
        d.textContent = 'wide';
        document.querySelector('main').append(d);
        const i = document.createElement('img'); i.src = '/favicon.ico';
        document.querySelector('main').append(i); }"""
    )
    assert overflow(phone)
    assert any(v.startswith("image-alt") for v in violations(phone))


def test_favicon_ico_answers_200(phone):
    response = phone.goto(phone.base + "/favicon.ico")
    assert response.status == 200
    assert response.headers["content-type"] in ("image/x-icon", "image/vnd.microsoft.icon")


def test_filters_fold_on_a_phone_and_show_on_a_wide_screen(phone):
    phone.goto(phone.base + "/en/cases/")
    form, summary = phone.locator("form.filters"), phone.locator(".filters-fold > summary")
    assert summary.is_visible() and not form.is_visible()
    assert phone.locator(".results, .cards").first.is_visible()
    summary.click()
    assert form.is_visible()
    # Active filters show open, for the reader to see and change them.
    phone.goto(phone.base + "/en/cases/?court=ce")
    assert form.is_visible()
    phone.set_viewport_size({"width": 1280, "height": 800})
    phone.goto(phone.base + "/en/cases/")
    assert form.is_visible() and not summary.is_visible()
