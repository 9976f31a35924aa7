"""French pages speak French only, with French typography.

Every public page type and every output that has a language (Atom feeds, iCalendar, CSV, graph
exports, the alert e-mail) is rendered under /fr/ on the demo data. Its visible text fails on:

- an English phrase from the translation catalogue: a msgid of locale/fr/LC_MESSAGES/django.po
  whose French translation differs from it, found as a whole phrase (placeholders match any
  value). Data values are left out (the records' texts of other fields than `*_en`), as are a
  record's text shown in English because it has no French version yet (marked `lang="en"` with
  a "fallback" note), the link to the English page, and words that French spells alike;
- a missing space (normal, non-breaking or narrow non-breaking) before `: ; ! ?`, outside URLs,
  times (10:30), ECLIs and code;
- a month name capitalised after a day number ("12 Mars 2021").

`test_every_public_url_is_checked_in_french` walks the URL configuration, so that a new public
page without a French check fails the suite.
"""

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import html5lib
import icalendar
import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.db import models
from django.urls import get_resolver

from alerts.models import Subscription
from alerts.tokens import unsubscribe_token
from cases import services
from cases.models import Case, Court, Hearing, Party, Proceeding, Ruling
from tests.factories import cases as f
from tests.factories import make_curator
from tests.security.endpoints import url_names

PO_FILE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"

# English msgids that are French words too, though their translation here differs ("l'Union
# européenne", "le statut change", "votre place", "l'import").
FRENCH_HOMOGRAPHS = {"union", "change", "place", "Place", "Import"}
# Proper names French writes in English ("la décision 2016/1250 (Privacy Shield)").
PROPER_NAMES = re.compile(r"\b(?:Privacy Shield|Safe Harbou?r|Health Data Hub|Cloud Act)\b")
# Placeholders of a msgid: Python's %(name)s / %s / %d and the templates' {{ name }}.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{\s*\w+\s*\}\}")
HTML_TAG = re.compile(r"<[^>]+>")

# Not prose: left out of the typography check.
NOT_PROSE = re.compile(
    r"\b[a-z][a-z0-9+.-]*://\S+"  # URLs, webcal:// included
    r"|\bmailto:\S+"
    r"|\bECLI:\S+"
    r"|\b[A-Z]{2}:[A-Z0-9]{1,7}:\d{4}:[A-Z0-9.]+"  # an ECLI without its prefix (EU style)
    r"|\b\d{1,2}:\d{2}(?::\d{2})?\b"  # times
)
MISSING_SPACE = re.compile(r"(?<![\s\u00a0\u202f])[:;!?]")
MONTHS = "Janvier|Février|Mars|Avril|Mai|Juin|Juillet|Août|Septembre|Octobre|Novembre|Décembre"
CAPITALISED_MONTH = re.compile(rf"\b\d{{1,2}}(?:er)?[\s\u00a0]+(?:{MONTHS})\b")

# Elements whose text is not French prose: code, scripts, and the embed snippet (code).
SKIPPED_ELEMENTS = {"script", "style", "code", "pre", "kbd", "samp", "textarea", "template"}
BLOCK_ELEMENTS = {
    "html", "head", "body", "title", "meta", "link", "main", "header", "footer", "nav", "aside",
    "section", "article", "div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl",
    "dt", "dd", "table", "tr", "td", "th", "form", "fieldset", "legend", "label", "select",
    "option", "button", "figure", "figcaption", "details", "summary", "br", "hr", "svg", "g",
    "desc", "blockquote", "output",
}  # fmt: skip
TEXT_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
# Stands for a skipped element in the text around it (so "<code>x</code>: y" still shows).
OBJECT = "\ufffc"


# --- The catalogue ----------------------------------------------------------------------------


def _po_string(line: str) -> str:
    return json.loads(line[line.index('"') :])


def catalogue(path: Path = PO_FILE) -> list[tuple[str, list[str]]]:
    """(English, [French forms]) for each translated entry of a .po file, plural forms as one
    entry per English form, fuzzy and obsolete entries left out."""
    entries, entry, key, fuzzy = [], {}, None, False

    def close():
        if entry.get("msgid") and not fuzzy:
            french = [v for k, v in entry.items() if k.startswith("msgstr") and v]
            if french:
                entries.append((entry["msgid"], french))
                if entry.get("msgid_plural"):
                    entries.append((entry["msgid_plural"], french))

    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            close()
            entry, key, fuzzy = {}, None, False
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += _po_string(line)
        else:
            key = line.split()[0]
            entry[key] = _po_string(line)
    return entries


def english_phrases(entries) -> list[tuple[str, re.Pattern]]:
    """A pattern for each msgid that French writes otherwise: tags dropped, placeholders as
    any value, whole words, the first letter in either case (labels are capitalised)."""
    phrases = []
    for english, french in entries:
        # A French text that holds the English phrase ("API (en anglais)") shows it rightly.
        if any(english in text for text in french) or english in FRENCH_HOMOGRAPHS:
            continue
        text = " ".join(HTML_TAG.sub("", english).split())
        literal = PLACEHOLDER.sub("", text)
        if len(re.findall(r"[A-Za-z]{2,}", literal)) == 0:
            continue  # nothing English in it: "%(case)s: %(status)s"
        pieces = [re.escape(p) for p in PLACEHOLDER.split(text)]
        pattern = r".{1,80}?".join(p.replace(r"\ ", r"\s+") for p in pieces)
        if text[0].isalpha():
            pattern = f"[{text[0].upper()}{text[0].lower()}]" + pattern[1:]
        start = r"\b" if text[0].isalnum() else ""
        end = r"\b" if text[-1].isalnum() else ""
        phrases.append((english, re.compile(start + pattern + end)))
    return phrases


def data_values() -> re.Pattern:
    """Every text of every record of the public apps, except English versions (`*_en`) and
    codes (fields with choices, shown through their translated labels): the names and titles a
    French page shows as they are."""
    values = set()
    for app in ("cases", "citations", "organisations"):
        for model in apps.get_app_config(app).get_models():
            fields = [
                field.name
                for field in model._meta.concrete_fields
                if isinstance(field, models.CharField | models.TextField)
                and not field.choices
                and not field.name.endswith("_en")
            ]
            for row in model.objects.values_list(*fields):
                values.update(v for v in row if isinstance(v, str) and len(v) > 1)
    return data_pattern(sorted(values))


# --- Visible text -----------------------------------------------------------------------------


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _allowed_other_language(tree) -> set:
    """The elements that may be in another language on a French page: a record's text that
    has no French version yet (marked by a "fallback" note right after it) and the link to
    the English page."""
    allowed = set()
    for parent in tree.iter():
        children = list(parent)
        for i, child in enumerate(children):
            lang = child.get("lang")
            if not lang or lang.startswith("fr"):
                continue
            after = children[i + 1] if i + 1 < len(children) else None
            if child.get("hreflang") == lang or (
                after is not None and "fallback" in (after.get("class") or "").split()
            ):
                allowed.add(child)
    return allowed


def other_language_texts(html: str) -> list[str]:
    """Texts a French page marks as another language, beyond what _allowed_other_language
    lets through: English presented as such is English all the same."""
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    allowed = _allowed_other_language(tree)
    return [
        f"marked lang={e.get('lang')!r}: {' '.join(''.join(e.itertext()).split())[:80]}"
        for e in tree.iter()
        if isinstance(e.tag, str)
        and e.get("lang")
        and not e.get("lang").startswith("fr")
        and _local(e.tag) != "html"
        and e not in allowed
    ]


def html_segments(html: str) -> list[str]:
    """The text a reader sees or hears, one segment per block, and the texts of attributes
    (title, aria-label, placeholder, alt, the meta description). Code, a record's text shown in
    English for want of a French version, and the link to the English page are left out."""
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    lines, attributes, current = [], [], []
    other_language = _allowed_other_language(tree)

    def flush():
        if "".join(current).strip():
            lines.append(" ".join("".join(current).split()))
        current.clear()

    def walk(element):
        tag = _local(element.tag)
        if element in other_language:
            current.append(OBJECT)
            return
        if tag in SKIPPED_ELEMENTS:
            current.append(OBJECT)
            return
        for name in TEXT_ATTRIBUTES:
            if element.get(name):
                attributes.append(element.get(name))
        if tag == "meta" and element.get("name") == "description":
            attributes.append(element.get("content", ""))
        if tag in BLOCK_ELEMENTS:
            flush()
        current.append(element.text or "")
        for child in element:
            if isinstance(child.tag, str):
                walk(child)
            current.append(child.tail or "")
        if tag in BLOCK_ELEMENTS:
            flush()

    walk(tree)
    flush()
    return lines + attributes


def atom_segments(content: bytes) -> list[str]:
    """Titles, subtitles and summaries of a feed (summaries hold escaped HTML)."""
    segments = []
    for element in ElementTree.fromstring(content).iter():
        tag = _local(element.tag)
        if tag in ("title", "subtitle", "summary", "content", "name") and element.text:
            if tag in ("summary", "content") and element.get("type") == "html":
                segments += html_segments(f"<p>{element.text}</p>")
            else:
                segments += element.text.splitlines()
    return segments


def ics_segments(content: bytes) -> list[str]:
    """The texts of a calendar and its events: names, summaries, descriptions, places."""
    segments = []
    for component in icalendar.Calendar.from_ical(content).walk():
        for name in ("X-WR-CALNAME", "X-WR-CALDESC", "SUMMARY", "DESCRIPTION", "LOCATION"):
            if name in component:
                segments += str(component[name]).splitlines()
    return segments


# Keys of the graph exports whose values are text; the others are codes (kind, signal,
# treatment: the same in every language, documented in docs/citations.md), dates and URLs.
TEXT_KEYS = {"label", "court", "title", "name", "description"}


def json_segments(content: bytes) -> list[str]:
    """The text values of a JSON document (TEXT_KEYS), wherever they are."""
    found = []

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key in TEXT_KEYS and isinstance(item, str):
                    found.append(item)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(json.loads(content))
    return found


def graphml_segments(content: bytes) -> list[str]:
    """The text values (TEXT_KEYS) of a GraphML document's nodes and edges."""
    root = ElementTree.fromstring(content)
    names = {k.get("id"): k.get("attr.name") for k in root.iter() if _local(k.tag) == "key"}
    return [
        e.text
        for e in root.iter()
        if _local(e.tag) == "data" and names.get(e.get("key")) in TEXT_KEYS and e.text
    ]


def csv_segments(content: bytes) -> list[str]:
    """Every cell, lists split on their separator ("; ", a format, not prose)."""
    rows = csv.reader(io.StringIO(content.decode("utf-8-sig")))
    return [item for row in rows for cell in row for item in cell.split("; ")]


# --- The checks -------------------------------------------------------------------------------


def typography_errors(segment: str) -> list[str]:
    prose = NOT_PROSE.sub(OBJECT, segment)
    found = [
        f"no space before “{m.group()}”: …{segment_around(prose, m.start())}…"
        for m in MISSING_SPACE.finditer(prose)
    ]
    found += [f"capitalised month: “{m.group()}”" for m in CAPITALISED_MONTH.finditer(segment)]
    return found


def segment_around(text: str, at: int) -> str:
    return text[max(0, at - 30) : at + 10]


def data_pattern(values: list[str]) -> re.Pattern:
    """Any of `values` as a whole (longest first), for leaving data out of the text."""
    alternatives = "|".join(re.escape(v) for v in sorted(values, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)" if values else r"(?!x)x")


def english_found(segment: str, phrases, data: re.Pattern) -> list[str]:
    segment = PROPER_NAMES.sub(OBJECT, data.sub(OBJECT, NOT_PROSE.sub(OBJECT, segment)))
    return [
        f"English “{english}”: …{segment_around(segment, m.start())}…"
        for english, pattern in phrases
        if (m := pattern.search(segment))
    ]


def problems(segments: list[str], phrases, data: re.Pattern) -> list[str]:
    found = []
    for segment in segments:
        for problem in typography_errors(segment) + english_found(segment, phrases, data):
            if problem not in found:
                found.append(problem)
    return found


# --- The checker finds what it must -----------------------------------------------------------

PHRASES = english_phrases(
    [
        ("follows", ["suit"]),
        ("Citation graph", ["Graphe des citations"]),
        ("Page {{ number }} of {{ total }}", ["Page {{ number }} sur {{ total }}"]),
        ("Date", ["Date"]),
        ("%(case)s: %(status)s", ["%(case)s : %(status)s"]),
    ]
)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Schrems I — follows", "English “follows”"),
        ("citation graph des décisions", "English “Citation graph”"),
        ("Page 2 of 5", "English “Page {{ number }} of {{ total }}”"),
        ("le citation\u00a0 graph", "English “Citation graph”"),
        ("Graphe des citations: CJUE", "no space before “:”"),
        ("(cette décision; citée 2 fois)", "no space before “;”"),
        ("Vraiment?", "no space before “?”"),
        ("le 12 Mars 2021", "capitalised month"),
        ("le 1er Juillet 2020", "capitalised month"),
    ],
)
def test_the_checker_finds_each_kind_of_problem(text, problem):
    found = problems([text], PHRASES, data_pattern([]))
    assert any(problem in p for p in found), found


@pytest.mark.parametrize(
    "text",
    [
        "Graphe des citations : CJUE",
        "Signal de citation\u00a0: positif",
        "(cette décision\u202f; citée 2 fois)",
        "le 8 mars 2021 à 10:30, ECLI:FR:CEORD:2021:450163.20210312",
        "arrêt du 16 juillet 2020, C-311/18, EU:C:2020:559",
        "https://curia.europa.eu/juris/recherche.jsf?language=fr",
        "Page 2 sur 5 · Date : 12 mars 2021",
        "Il suit l'arrêt",  # "suit" is the French; "follows" is not there
        "Doctolib : statut",  # a placeholder-only msgid is never English
    ],
)
def test_the_checker_accepts_correct_french(text):
    assert problems([text], PHRASES, data_pattern([])) == []


def test_the_checker_reads_only_french_visible_text():
    html = (
        '<!doctype html><html lang="fr"><head><title>Titre</title></head><body>'
        '<p>Graphe des citations <span lang="en">Citation graph: shown in English</span> '
        '<small class="fallback">(en anglais)</small></p>'
        '<p><a href="/en/" hreflang="en" lang="en">English</a></p>'
        "<p>Code : <code>a:b;c</code></p>"
        '<p><a href="x" title="Citation graph">lien</a></p>'
        "</body></html>"
    )
    segments = html_segments(html)
    assert "Citation graph" in segments  # the title attribute
    assert "English" not in " ".join(segments)
    assert not any("shown in English" in s or "a:b" in s for s in segments), segments


def test_text_marked_english_is_still_checked_unless_it_is_a_fallback():
    html = '<p>Style UE : <output lang="en">Citation graph of 16 July</output></p>'
    assert "Citation graph of 16 July" in html_segments(html)


def test_english_marked_as_such_is_reported_unless_it_is_a_fallback_or_the_language_link():
    html = (
        '<p><output lang="en">judgment of 16 July</output> <span lang="en">Title</span>'
        '<small class="fallback">(en anglais)</small> <a hreflang="en" lang="en">English</a></p>'
    )
    assert other_language_texts(html) == ["marked lang='en': judgment of 16 July"]


def test_data_values_are_not_taken_for_english():
    data = data_pattern(["Citation graph Ltd"])
    assert english_found("Cour : Citation graph Ltd", PHRASES, data) == []


# --- Every public page and output in French ---------------------------------------------------

HTML = "html"
PAGES = [
    ("home", "/fr/"),
    ("case_list", "/fr/cases/"),
    ("case_list", "/fr/cases/?status=decided&court=ce&procedure=refere_liberte&sort=title"),
    ("case_list", "/fr/cases/?q=Doctolib"),
    ("case_list", "/fr/cases/?q=zzzqqqnothing"),
    ("timeline", "/fr/timeline/"),
    ("timeline", "/fr/timeline/?kind=ruling"),
    ("timeline", "/fr/timeline/?case=schrems"),
    ("timeline", "/fr/timeline/?case=Doctolib"),
    ("hearing_calendar", "/fr/hearings/?when=past&party=nulle+part"),
    ("case_list", "/fr/cases/?party=syndicat"),
    ("hearing_calendar", "/fr/hearings/"),
    ("hearing_calendar", "/fr/hearings/?when=past"),
    ("ruling_list", "/fr/rulings/"),
    ("ruling_list", "/fr/rulings/?year=2020"),
    ("search", "/fr/search/"),
    ("search", "/fr/search/?q=Doctolib"),
    ("search", "/fr/search/?q=Schrems"),
    ("search", "/fr/search/?q=zzzqqqnothing"),
    ("alerts:follow_search", "/fr/search/follow/?q=Schrems"),
    ("alerts:follow_search", "/fr/search/follow/?year=2020&court=cjue"),
    ("privacy", "/fr/privacy/"),
    ("data_page", "/fr/data/"),
]
# Pages answering an error, with their status.
ERROR_PAGES = [
    ("case_detail", "/fr/cases/no-such-case/", 404),
    ("ruling_detail", "/fr/rulings/no-such-ruling/", 404),
    ("case_list", "/fr/cases/?page=abc", 400),
    ("case_list", "/fr/cases/?status=nope", 400),
    ("hearing_calendar", "/fr/hearings/?when=tomorrow", 400),
    ("search", "/fr/search/?q=" + "x" * 300, 400),
    ("alerts:confirm", "/fr/alerts/confirm/not-a-token/", 400),
    ("alerts:unsubscribe", "/fr/alerts/unsubscribe/not-a-token/", 400),
    ("alerts:manage", "/fr/alerts/manage/not-a-token/", 400),
    ("alerts:follow_search", "/fr/search/follow/", 400),
]
# For each record page: its URL pattern, the path and the kind of output.
RECORD_OUTPUTS = {
    "case": [
        ("case_detail", "/fr/cases/{slug}/", HTML),
        ("embed_case_timeline", "/embed/fr/cases/{slug}/", HTML),
        ("alerts:follow", "/fr/cases/{slug}/follow/", HTML),
        ("feed_case", "/fr/cases/{slug}/feed.atom", "atom"),
        ("calendar_case", "/fr/cases/{slug}/hearings.ics", "ics"),
    ],
    "ruling": [
        ("ruling_detail", "/fr/rulings/{slug}/", HTML),
        ("ruling_graph", "/fr/rulings/{slug}/graph/", HTML),
        ("ruling_graph", "/fr/rulings/{slug}/graph/?depth=2", HTML),
        ("ruling_graph_json", "/fr/rulings/{slug}/graph.json", "json"),
        ("ruling_graph_graphml", "/fr/rulings/{slug}/graph.graphml", "graphml"),
        ("alerts:follow_ruling", "/fr/rulings/{slug}/follow/", HTML),
    ],
    "court": [
        ("court_detail", "/fr/courts/{slug}/", HTML),
        ("calendar_court", "/fr/courts/{slug}/hearings.ics", "ics"),
    ],
    "party": [
        ("party_detail", "/fr/parties/{slug}/", HTML),
        ("calendar_party", "/fr/parties/{slug}/hearings.ics", "ics"),
    ],
}
OUTPUTS = [
    ("feed_rulings", "/fr/feeds/rulings.atom", "atom"),
    ("feed_status", "/fr/feeds/status.atom", "atom"),
    ("feed_hearings", "/fr/feeds/hearings.atom", "atom"),
    ("calendar_hearings", "/fr/calendar/hearings.ics", "ics"),
    ("case_list_csv", "/fr/cases.csv", "csv"),
    ("hearing_calendar_csv", "/fr/hearings.csv", "csv"),
    ("hearing_calendar_csv", "/fr/hearings.csv?when=past", "csv"),
    ("graph_json", "/fr/graph.json", "json"),
    ("suggest_cases", "/fr/suggest/cases/?q=schrems", "json"),
    ("suggest_parties", "/fr/suggest/parties/?q=syndicat", "json"),
    ("graph_graphml", "/fr/graph.graphml", "graphml"),
]
# Outside /fr/ but answering in French to a French reader (Accept-Language).
NEGOTIATED = [
    ("ecli_resolve", "/ecli/ECLI:FR:XX/", 400),
    ("ecli_resolve", "/ecli/ECLI:EU:C:1999:1/", 404),
]
# URL patterns with no language of their own: a redirect, a probe, files for machines, and the
# data file, its schema and its documentation (in English, as the data page says).
NO_LANGUAGE = {
    "root",
    "healthz",
    "robots_txt",
    "sitemap_xml",
    "favicon",
    "data_download",
    "data_schema",
    "data_docs",
}
SEGMENTS = {
    HTML: lambda r: html_segments(r.content.decode()),
    "atom": lambda r: atom_segments(r.content),
    "ics": lambda r: ics_segments(r.content),
    "csv": lambda r: csv_segments(_body(r)),
    "json": lambda r: json_segments(_body(r)),
    "graphml": lambda r: graphml_segments(_body(r)),
}


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def record_slugs() -> dict[str, list[str]]:
    return {
        "case": list(Case.objects.public().values_list("slug", flat=True)),
        "ruling": list(Ruling.objects.public().values_list("slug", flat=True)),
        "court": list(Court.objects.values_list("slug", flat=True)),
        "party": [
            p.slug
            for p in Party.objects.all()
            if not (p.is_natural_person and not p.name_published_by_court)
        ],
    }


def all_checks() -> list[tuple[str, str, str, int]]:
    """(URL name, path, kind of output, status) of everything the test renders."""
    checks = [(name, path, HTML, 200) for name, path in PAGES]
    checks += [(name, path, HTML, status) for name, path, status in ERROR_PAGES + NEGOTIATED]
    checks += [(name, path, kind, 200) for name, path, kind in OUTPUTS]
    for record, outputs in RECORD_OUTPUTS.items():
        for slug in record_slugs()[record]:
            checks += [(name, path.format(slug=slug), kind, 200) for name, path, kind in outputs]
    return checks


def test_every_public_url_is_checked_in_french():
    names = {name for name, *_ in PAGES + ERROR_PAGES + NEGOTIATED + OUTPUTS}
    names |= {name for outputs in RECORD_OUTPUTS.values() for name, *_ in outputs}
    public = {n for n in url_names(get_resolver().url_patterns) if not n.startswith("api:")}
    assert public - names - NO_LANGUAGE == set()


@pytest.fixture
def demo_and_more(demo):
    """The demo data (all its hearings are past), with an upcoming hearing of a demo case
    whose time is not announced, moved once (upcoming lists, calendars, "moved from", the
    hearings feed), and a draft case with a hearing and a ruling (the staff preview)."""
    proceeding = Proceeding.objects.filter(case__slug="doctolib-aws").first()
    hearing = f.hearing(
        proceeding,
        dt.date.today() + dt.timedelta(days=5),
        formation_fr="Juge des référés",
        formation_en="Urgent-applications judge",
        location="Conseil d'État, Paris",
        status=Hearing.Status.SCHEDULED,
    )
    services.hearing_reschedule(
        hearing=hearing,
        date=dt.date.today() + dt.timedelta(days=12),
        start_time=None,
        reason="Demande de renvoi",
    )
    draft = f.case("Brouillon secret", publication=Case.Publication.DRAFT)
    draft_proceeding = f.proceeding(draft)
    f.hearing(draft_proceeding, dt.date.today() + dt.timedelta(days=2))
    f.ruling(draft_proceeding, short_name="Décision secrète")
    return draft


def _link(message, kind: str) -> str:
    match = re.search(rf"https?://[^/\s]+(/fr/alerts/{kind}/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.mark.slow  # every page and output
def test_every_public_page_and_output_is_in_french(
    client, demo_and_more, django_capture_on_commit_callbacks
):
    """One test renders everything (the demo data loads once) and reports every problem."""
    phrases, data = english_phrases(catalogue()), data_values()
    found = {}
    for _name, path, kind, status in all_checks():
        if kind != HTML:
            # The English version first: a cache (of a calendar's events, a feed's entries)
            # keyed without the language would then serve English to the French reader.
            _body(client.get(path.replace("/fr/", "/en/", 1)))
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="fr")
        if response.status_code != status:
            found[path] = [f"answered {response.status_code} instead of {status}"]
            continue
        found[path] = problems(SEGMENTS[kind](response), phrases, data)
        if kind == HTML:
            found[path] += other_language_texts(response.content.decode())

    # The follow form answered (a bad address, then sent) and the e-mail it sends.
    follow = f"/fr/cases/{record_slugs()['case'][0]}/follow/"
    response = client.post(follow, {"email": "nope"})
    found["follow: bad address"] = problems(html_segments(response.content.decode()), phrases, data)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(follow, {"email": "avocate@example.org"})
    found["follow: sent"] = problems(html_segments(response.content.decode()), phrases, data)
    (message,) = mail.outbox
    found["follow: e-mail"] = problems([message.subject, *message.body.splitlines()], phrases, data)

    # The pages reached from the e-mails, with valid links: confirm (the button, then done),
    # the management page, unsubscribe.
    confirm = _link(message, "confirm")
    pages = {"confirm": client.get(confirm), "confirmed": client.post(confirm)}
    manage = re.search(r'href="(/fr/alerts/manage/[^"]+/)"', pages["confirmed"].content.decode())
    assert manage, pages["confirmed"].content.decode()
    pages["manage"] = client.get(manage.group(1))
    subscription = Subscription.objects.get()
    pages["unsubscribe"] = client.get(f"/fr/alerts/unsubscribe/{unsubscribe_token(subscription)}/")
    for name, response in pages.items():
        assert response.status_code == 200, name
        html = response.content.decode()
        found[f"alerts: {name}"] = problems(html_segments(html), phrases, data)
        found[f"alerts: {name}"] += other_language_texts(html)

    # The staff preview of a draft, with its banner.
    client.force_login(make_curator())
    draft_ruling = Ruling.objects.get(short_name="Décision secrète")
    for path in (f"/fr/cases/{demo_and_more.slug}/", f"/fr/rulings/{draft_ruling.slug}/"):
        html = client.get(path).content.decode()
        found[path] = problems(html_segments(html), phrases, data) + other_language_texts(html)

    found = {path: problems for path, problems in found.items() if problems}
    assert not found, "\n".join(f"{p}\n  " + "\n  ".join(found[p]) for p in found)


# --- Named in the issue -------------------------------------------------------------------------


def test_any_agrees_with_the_noun_of_each_filter_in_french(client, demo):
    """ "Juridiction : toutes", "Statut : tous": the empty choice of each filter."""
    pages = {
        "/fr/cases/": {"status": "tous", "court": "toutes", "procedure": "toutes", "topic": "tous"},
        "/fr/hearings/": {"court": "toutes"},
        "/fr/rulings/": {"court": "toutes", "kind": "toutes", "outcome": "toutes"},
        "/fr/timeline/": {"court": "toutes"},
    }
    for path, expected in pages.items():
        tree = html5lib.parse(client.get(path).content.decode(), namespaceHTMLElements=False)
        selects = {s.get("name"): s for s in tree.iter("select")}
        for name, word in expected.items():
            first = selects[name].find("option")
            assert (first.get("value"), first.text) == ("", word), (path, name)


def test_the_eu_citation_style_is_french_on_the_french_ruling_page(client, demo):
    # The official case name the EU style cites (the demo may not carry it yet).
    Ruling.objects.filter(ecli="ECLI:EU:C:2020:559").update(
        case_name="Facebook Ireland and Schrems"
    )
    page = client.get("/fr/rulings/cjue-2020-07-16-c-311-18/").content.decode()
    assert "arrêt du 16 juillet 2020, Facebook Ireland et Schrems, C-311/18, EU:C:2020:559" in page
    assert "judgment of" not in page
    english = client.get("/en/rulings/cjue-2020-07-16-c-311-18/").content.decode()
    assert "judgment of 16 July 2020, Facebook Ireland and Schrems, C-311/18" in english
