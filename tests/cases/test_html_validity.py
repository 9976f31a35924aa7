"""Every public page type is valid HTML5, in both languages, on the demo data plus a draft.

The parse is html5lib's (the WHATWG parsing algorithm) in strict mode: any parse error (stray or
misnested tag, duplicate attribute, missing doctype…) fails. On top of it, checks a parser does not
make: duplicate ids, <label for> pointing nowhere, unlabelled form controls, <img> without alt,
not exactly one <h1>, a missing or unknown lang attribute, links with no accessible name, and
ARIA references and same-page links to ids that do not exist.
"""

import datetime as dt

import html5lib
import pytest

from cases.models import Case, Ruling
from tests import vnu
from tests.factories import cases as f
from tests.factories import make_curator
from tests.html5 import parse_errors

LANGUAGES = ("fr", "en")
# Inputs that need no label: not shown, or labelled by their own value.
UNLABELLED_INPUT_TYPES = {"hidden", "submit", "reset", "button", "image"}
LABELLABLE = {"input", "select", "textarea", "button", "meter", "output", "progress"}


def _text(element) -> str:
    """The text content of an element, with <img alt> standing for the image."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            parts.append(child.get("alt", "") if child.tag == "img" else _text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def html_problems(html: str) -> list[str]:
    """Everything wrong with `html`: parse errors first, then the structural checks."""
    problems = parse_errors(html)
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    elements = [e for e in tree.iter() if isinstance(e.tag, str)]

    root_lang = tree.get("lang", "")
    if root_lang not in LANGUAGES:
        problems.append(f"<html lang={root_lang!r}>: not fr or en")

    ids: dict[str, str] = {}
    for element in elements:
        if (id_ := element.get("id")) is not None:
            if not id_ or any(c.isspace() for c in id_):
                problems.append(f"<{element.tag} id={id_!r}>: empty or with spaces")
            elif id_ in ids:
                problems.append(f"duplicate id {id_!r} (<{ids[id_]}> and <{element.tag}>)")
            else:
                ids[id_] = element.tag

    labelled_ids = set()
    for label in tree.iter("label"):
        target = label.get("for")
        if target is None:
            continue
        if ids.get(target) not in LABELLABLE:
            problems.append(f"<label for={target!r}> points to no form control")
        labelled_ids.add(target)
        if not _text(label).strip():
            problems.append(f"<label for={target!r}> is empty")
    wrapped = {id(c) for label in tree.iter("label") for c in label.iter() if c is not label}

    for element in elements:
        for attribute in ("aria-labelledby", "aria-describedby", "aria-controls"):
            for ref in (element.get(attribute) or "").split():
                if ref not in ids:
                    problems.append(f"<{element.tag} {attribute}={ref!r}>: no such id")

    for control in elements:
        if control.tag not in {"input", "select", "textarea"}:
            continue
        if control.tag == "input" and control.get("type", "text") in UNLABELLED_INPUT_TYPES:
            continue
        if not (
            control.get("id") in labelled_ids
            or id(control) in wrapped
            or (control.get("aria-label") or "").strip()
            or control.get("aria-labelledby")
            or (control.get("title") or "").strip()
        ):
            problems.append(f"unlabelled <{control.tag} name={control.get('name')!r}>")

    for img in tree.iter("img"):
        if img.get("alt") is None:
            problems.append(f"<img src={img.get('src')!r}> without alt")

    h1s = list(tree.iter("h1"))
    if len(h1s) != 1:
        problems.append(f"{len(h1s)} <h1> instead of one")

    for link in tree.iter("a"):
        href = link.get("href")
        if href is None:
            continue
        name = _text(link).strip() or (link.get("aria-label") or "").strip()
        if not name and not link.get("aria-labelledby"):
            problems.append(f"<a href={href!r}> has no text")
        if href.startswith("#") and len(href) > 1 and href[1:] not in ids:
            problems.append(f"<a href={href!r}>: no such id on the page")
    return problems


# --- The checker itself finds what it must -----------------------------------------------------

VALID = (
    '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>t</title></head>'
    '<body><main id="main"><h1>Titre</h1><form><label for="q">Mot</label>'
    '<input id="q" name="q"><label>Tri <select name="s"><option>a</option></select></label>'
    '<input type="hidden" name="h"><button>OK</button></form>'
    '<a href="#main">Aller</a> <a href="/x" aria-label="X"></a> <a href="/y"><img src="y.png" '
    'alt="Y"></a></main></body></html>'
)


def test_the_checker_accepts_a_valid_page():
    assert html_problems(VALID) == []


@pytest.mark.parametrize(
    ("before", "after", "problem"),
    [
        ("<!doctype html>", "", "expected-doctype-but-got-start-tag"),
        ("<h1>Titre</h1>", "<h1>Titre</h2>", "end-tag-too-early"),
        ('<main id="main">', '<main id="main"><p><div></div></p>', "unexpected-end-tag"),
        ('name="q"', 'name="q" name="r"', "duplicate-attribute"),
        ("<h1>Titre</h1>", '<h1 id="q">Titre</h1>', "duplicate id 'q'"),
        ('<label for="q">', '<label for="nowhere">', "<label for='nowhere'> points to no"),
        (
            '<input id="q" name="q">',
            '<input id="q" name="q"><textarea name="t"></textarea>',
            "unlabelled <textarea name='t'>",
        ),
        ('alt="Y"', "", "without alt"),
        ("<h1>Titre</h1>", "", "0 <h1>"),
        ("<h1>Titre</h1>", "<h1>Titre</h1><h1>Encore</h1>", "2 <h1>"),
        ('lang="fr"', "", "<html lang=''>"),
        ('aria-label="X"', "", "<a href='/x'> has no text"),
        ('href="#main"', 'href="#nowhere"', "no such id on the page"),
    ],
)
def test_the_checker_finds_each_kind_of_problem(before, after, problem):
    assert before in VALID
    problems = html_problems(VALID.replace(before, after, 1))
    assert any(problem in p for p in problems), problems


# --- Every page type ---------------------------------------------------------------------------

PAGES = [
    "/{lang}/",
    "/{lang}/cases/",
    "/{lang}/cases/?status=decided",
    "/{lang}/cases/?court=ce&status=decided&upcoming=on&sort=title",
    "/{lang}/cases/?court=ce&status=decided&page=1",
    "/{lang}/cases/?q=Doctolib",
    "/{lang}/cases/?q=zzzqqqnothing",
    "/{lang}/cases/doctolib-aws/",
    "/{lang}/timeline/",
    "/{lang}/timeline/?kind=ruling",
    "/{lang}/hearings/",
    "/{lang}/hearings/?when=past",
    "/{lang}/rulings/",
    "/{lang}/rulings/?year=2020",
    "/{lang}/rulings/cjue-2020-07-16-c-311-18/",
    "/{lang}/rulings/cjue-2020-07-16-c-311-18/graph/",
    "/{lang}/courts/ce/",
    "/{lang}/parties/interhop/",
    "/{lang}/search/",
    "/{lang}/search/?q=Doctolib",
    "/{lang}/search/?q=zzzqqqnothing",
    "/{lang}/privacy/",
    "/{lang}/data/",
    "/{lang}/cases/doctolib-aws/follow/",
    "/embed/{lang}/cases/doctolib-aws/",
]
# Pages that answer an error: the status the page must have.
ERROR_PAGES = [
    ("/{lang}/cases/no-such-case/", 404),
    ("/{lang}/rulings/no-such-ruling/", 404),
    ("/{lang}/cases/?page=abc", 400),
    ("/{lang}/cases/?status=nope", 400),
    ("/{lang}/hearings/?when=tomorrow", 400),
    ("/{lang}/search/?q=" + "x" * 300, 400),
]


@pytest.fixture
def demo_and_draft(demo):
    """The demo data and a draft case with a hearing and a ruling (previewed by staff)."""
    the_case = f.case("Brouillon secret", publication=Case.Publication.DRAFT)
    proceeding = f.proceeding(the_case)
    f.hearing(proceeding, dt.date.today() + dt.timedelta(days=2))
    f.ruling(proceeding, short_name="Décision secrète")
    return the_case


def _pages(client, draft, curator, lang: str):
    """Every page type in `lang`: (name, expected status, response), the demo data loaded."""
    for url in PAGES:
        yield url.format(lang=lang), 200, client.get(url.format(lang=lang))
    for url, status in ERROR_PAGES:
        yield url.format(lang=lang), status, client.get(url.format(lang=lang))
    # Django's own 400 (a SuspiciousOperation: here a host name that is not allowed).
    yield "DisallowedHost", 400, client.get(f"/{lang}/", HTTP_HOST="not-allowed.example")
    # The follow form answered: with a bad address, then sent; an alert link that is not valid.
    follow = f"/{lang}/cases/doctolib-aws/follow/"
    yield "follow: bad address", 400, client.post(follow, {"email": "nope"})
    yield "follow: sent", 200, client.post(follow, {"email": "a@example.org"})
    yield "alerts: bad link", 400, client.get(f"/{lang}/alerts/manage/not-a-token/")
    yield "/ecli/<malformed>/", 400, client.get("/ecli/ECLI:FR:XX/")
    # The staff preview of a draft, with its banner.
    client.force_login(curator)
    draft_ruling = Ruling.objects.get(short_name="Décision secrète")
    for url in (f"/{lang}/cases/{draft.slug}/", f"/{lang}/rulings/{draft_ruling.slug}/"):
        yield url, 200, client.get(url)
    client.logout()


def _report(problems: dict[str, list[str]]) -> str:
    return "\n".join(f"{url}\n  " + "\n  ".join(found) for url, found in problems.items())


@pytest.mark.slow  # every public page, both languages
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_public_page_is_valid_html(client, demo_and_draft, lang):
    """One test per language renders every page type (loading the demo data once per language)
    and reports every problem of every page together."""
    problems = {}
    curator = make_curator()
    for name, status, response in _pages(client, demo_and_draft, curator, lang):
        if response.status_code != status:
            problems[name] = [f"answered {response.status_code} instead of {status}"]
        else:
            problems[name] = html_problems(response.content.decode())
    problems = {url: found for url, found in problems.items() if found}
    assert not problems, _report(problems)


@pytest.mark.slow  # the full vnu run
@pytest.mark.vnu
def test_every_public_page_passes_the_nu_validator(client, demo_and_draft, tmp_path):
    """The W3C's Nu HTML Checker finds no error on any page type, in both languages: it checks
    what html5lib does not (attribute values such as `datetime` or an empty `action`, content
    models, ARIA). One JVM start for every page."""
    pages, curator = {}, make_curator()
    for lang in LANGUAGES:
        for name, status, response in _pages(client, demo_and_draft, curator, lang):
            assert response.status_code == status, name
            pages[f"{lang} {name}"] = response.content.decode()
    # The API docs page as served (Swagger UI then renders in the browser: axe checks that).
    pages["/api/v1/docs/"] = client.get("/api/v1/docs/").content.decode()
    errors = vnu.validate(pages, tmp_path)
    assert not errors, _report(errors)


@pytest.mark.slow  # a JVM start
@pytest.mark.vnu
def test_the_nu_validator_finds_errors(tmp_path):
    """The check above can fail: the two errors the readers found, and a valid page passing."""
    bad = VALID.replace("<form>", '<form action="">').replace(
        "</main>", '<time datetime="2026-12-07T14:50:29.123456+00:00">x</time></main>'
    )
    errors = vnu.validate({"valid": VALID, "bad": bad}, tmp_path)
    assert list(errors) == ["bad"]
    assert any("action" in e for e in errors["bad"]), errors
    assert any("datetime" in e for e in errors["bad"]), errors
