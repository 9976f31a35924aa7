"""Property-based tests: arbitrary query strings, path segments, form input and headers thrown
at every public page and API endpoint never produce a 5xx.

Hypothesis runs at most 50 examples per endpoint, derandomised (the same examples on every run,
so CI is stable) and without an example database. Marked `slow` and `postgres`: run once in CI,
on PostgreSQL, which is the stricter database (it refuses NUL characters in strings, casts
types, and is what production runs); the fast SQLite pass of scripts/run_tests.py leaves them
out.

`test_every_public_url_pattern_is_fuzzed` walks the URL configuration so that a new public URL
without a fuzz entry fails the suite.
"""

import dataclasses
from urllib.parse import quote, quote_from_bytes, urlencode

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import Case, Court, Event, Filing, Hearing, Party, Ruling, StatusUpdate
from citations.models import Citation

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Methods and headers matter less than the query and path: fewer examples.
FUZZ_LIGHT = settings(parent=FUZZ, max_examples=15)

# Values that have broken web apps before: NUL (PostgreSQL refuses it in text), numbers past
# every integer type, impossible dates, SQL and markup, lone percent signs, ECLIs and case
# numbers, path tricks.
NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "0",
    "-1",
    "1.5",
    "1e309",
    "NaN",
    "9" * 40,
    "-" + "9" * 40,
    "2021-02-30",
    "0000-00-00",
    "9999-12-31",
    "0001-01-01",
    "2021-03-08T25:61:00",
    "' OR 1=1 --",
    '"; DROP TABLE cases_case; --',
    "%",
    "%%",
    "%00",
    "\\",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "ECLI:EU:C:2020:559",
    "ECLI:FR:CEORD:2021:450163.20210312",
    "C-311/18",
    "450163",
    "true",
    "on",
    "[]",
    "{}",
    "\u202e\u0301",
    "😀" * 3,
    "x" * 1200,
]

text = st.text(max_size=40)
value = st.one_of(st.sampled_from(NASTY), text)


def query_strings(keys: list[str]) -> st.SearchStrategy[str]:
    """An encoded query: the endpoint's own parameters and others, with single or repeated
    values; or raw bytes, percent-encoded or not (broken escapes, invalid UTF-8)."""
    key = st.one_of(st.sampled_from([*keys, "page", "format", "cursor", "page_size"]), text)
    params = st.lists(
        st.tuples(key, st.one_of(value, st.lists(value, max_size=3))), max_size=5
    ).map(lambda pairs: urlencode(pairs, doseq=True))
    raw = st.binary(max_size=60).map(lambda raw: quote_from_bytes(raw, safe="=&%+;"))
    return st.one_of(params, raw, st.sampled_from(["page=0", "page=%ff", "q=%00", "&&=&"]))


def segments(known: list[str]) -> st.SearchStrategy[str]:
    """A path segment: a real slug (so the view itself runs), a slug-shaped string (unknown
    records), or anything at all, escaped (the resolver or the view must say 404)."""
    shaped = st.from_regex(r"[-a-zA-Z0-9_]{1,120}", fullmatch=True)
    anything = st.one_of(text, st.sampled_from(NASTY)).map(lambda s: quote(s, safe=""))
    raw_slash = text.map(lambda s: quote(s, safe="/:"))
    return st.one_of(st.sampled_from(known or ["none"]), shaped, anything, raw_slash)


ECLI_SHAPED = st.from_regex(
    r"ECLI:[A-Z]{2}:[A-Z0-9]{1,7}:[0-9]{4}:[A-Z0-9.]{1,25}", fullmatch=True
) | st.from_regex(r"(?i)ecli:[a-z]{0,3}:[a-z0-9]{0,8}:[0-9]{0,5}:[^/]{0,30}", fullmatch=True)


@dataclasses.dataclass(frozen=True)
class Endpoint:
    """One URL pattern: `template` holds {lang} and {slug} (filled from `slugs`, a key of
    the known() dict), `keys` its own query parameters."""

    name: str
    template: str
    keys: tuple[str, ...] = ()
    slugs: str | None = None

    def __str__(self) -> str:
        return self.name


CASE_KEYS = ("q", "status", "court", "procedure", "topic", "party", "filed_after")
CASE_KEYS += ("filed_before", "upcoming", "sort")
RULING_KEYS = ("q", "court", "kind", "outcome", "year", "number", "case", "topic")
TIMELINE_KEYS = ("court", "case", "kind", "start", "end", "before")
HEARING_KEYS = ("when", "court", "case", "party")

PAGES = [
    Endpoint("root", "/"),
    Endpoint("healthz", "/healthz"),
    Endpoint("home", "/{lang}/"),
    Endpoint("case_list", "/{lang}/cases/", CASE_KEYS),
    Endpoint("case_detail", "/{lang}/cases/{slug}/", (), "case"),
    Endpoint("timeline", "/{lang}/timeline/", TIMELINE_KEYS),
    Endpoint("hearing_calendar", "/{lang}/hearings/", HEARING_KEYS),
    Endpoint("ruling_list", "/{lang}/rulings/", RULING_KEYS),
    Endpoint("ruling_detail", "/{lang}/rulings/{slug}/", (), "ruling"),
    Endpoint("ruling_graph", "/{lang}/rulings/{slug}/graph/", ("depth",), "ruling"),
    Endpoint("ruling_graph_json", "/{lang}/rulings/{slug}/graph.json", ("depth",), "ruling"),
    Endpoint("ruling_graph_graphml", "/{lang}/rulings/{slug}/graph.graphml", ("depth",), "ruling"),
    Endpoint("graph_json", "/{lang}/graph.json"),
    Endpoint("graph_graphml", "/{lang}/graph.graphml"),
    Endpoint("court_detail", "/{lang}/courts/{slug}/", (), "court"),
    Endpoint("party_detail", "/{lang}/parties/{slug}/", (), "party"),
    Endpoint("search", "/{lang}/search/", ("q",)),
    Endpoint("suggest_cases", "/{lang}/suggest/cases/", ("q",)),
    Endpoint("suggest_parties", "/{lang}/suggest/parties/", ("q",)),
    Endpoint("privacy", "/{lang}/privacy/"),
    Endpoint("feed_rulings", "/{lang}/feeds/rulings.atom"),
    Endpoint("feed_status", "/{lang}/feeds/status.atom"),
    Endpoint("feed_hearings", "/{lang}/feeds/hearings.atom"),
    Endpoint("feed_case", "/{lang}/cases/{slug}/feed.atom", (), "case"),
    Endpoint("calendar_hearings", "/{lang}/calendar/hearings.ics"),
    Endpoint("calendar_case", "/{lang}/cases/{slug}/hearings.ics", (), "case"),
    Endpoint("calendar_court", "/{lang}/courts/{slug}/hearings.ics", (), "court"),
    Endpoint("calendar_party", "/{lang}/parties/{slug}/hearings.ics", (), "party"),
    Endpoint("embed_case_timeline", "/embed/{lang}/cases/{slug}/", (), "case"),
    Endpoint("case_list_csv", "/{lang}/cases.csv", CASE_KEYS),
    Endpoint("hearing_calendar_csv", "/{lang}/hearings.csv", HEARING_KEYS),
    Endpoint("data_page", "/{lang}/data/"),
    Endpoint("data_download", "/{lang}/data/casetracker-public-data.json"),
    Endpoint("data_schema", "/{lang}/data/caselaw.schema.json"),
    Endpoint("data_docs", "/{lang}/data/interchange.md"),
    Endpoint("alerts:follow", "/{lang}/cases/{slug}/follow/", (), "case"),
    Endpoint("alerts:follow_ruling", "/{lang}/rulings/{slug}/follow/", (), "ruling"),
    Endpoint("alerts:follow_search", "/{lang}/search/follow/", ("q", "court", "kind", "year")),
    Endpoint("alerts:confirm", "/{lang}/alerts/confirm/{slug}/", (), "token"),
    Endpoint("alerts:unsubscribe", "/{lang}/alerts/unsubscribe/{slug}/", (), "token"),
    Endpoint("alerts:manage", "/{lang}/alerts/manage/{slug}/", (), "token"),
    Endpoint("sitemap_xml", "/sitemap.xml"),
    Endpoint("robots_txt", "/robots.txt"),
    Endpoint("favicon", "/favicon.ico"),
]

API = [
    Endpoint("api:api-root", "/api/v1/"),
    Endpoint("api:schema", "/api/v1/schema/", ("format", "lang", "version")),
    Endpoint("api:docs", "/api/v1/docs/"),
    Endpoint("api:case-list", "/api/v1/cases/", ("q", "status", "court", "topic", "party")),
    Endpoint("api:case-detail", "/api/v1/cases/{slug}/", (), "case"),
    Endpoint("api:case-timeline", "/api/v1/cases/{slug}/timeline/", (), "case"),
    Endpoint(
        "api:filing-list",
        "/api/v1/filings/",
        ("case", "court", "kind", "registered_from", "registered_to"),
    ),
    Endpoint("api:filing-detail", "/api/v1/filings/{slug}/", (), "filing"),
    Endpoint(
        "api:hearing-list",
        "/api/v1/hearings/",
        ("case", "court", "status", "date_from", "date_to"),
    ),
    Endpoint("api:hearing-detail", "/api/v1/hearings/{slug}/", (), "hearing"),
    Endpoint(
        "api:ruling-list",
        "/api/v1/rulings/",
        ("court", "case", "kind", "outcome", "decided_from", "decided_to", "number"),
    ),
    Endpoint("api:ruling-detail", "/api/v1/rulings/{slug}/", (), "ruling"),
    Endpoint(
        "api:citation-list", "/api/v1/citations/", ("cited", "citing", "treatment", "verified")
    ),
    Endpoint("api:citation-detail", "/api/v1/citations/{slug}/", (), "citation"),
    Endpoint("api:court-list", "/api/v1/courts/", ("kind", "country")),
    Endpoint("api:court-detail", "/api/v1/courts/{slug}/", (), "court"),
    Endpoint("api:party-list", "/api/v1/parties/", ("kind", "q")),
    Endpoint("api:party-detail", "/api/v1/parties/{slug}/", (), "party"),
    Endpoint("api:event-list", "/api/v1/events/", ("kind", "case", "occurred_from", "occurred_to")),
    Endpoint("api:event-detail", "/api/v1/events/{slug}/", (), "event"),
    Endpoint(
        "api:statusupdate-list",
        "/api/v1/status-updates/",
        ("case", "posted_from", "posted_to"),
    ),
    Endpoint("api:statusupdate-detail", "/api/v1/status-updates/{slug}/", (), "status"),
]


def known() -> dict[str, list[str]]:
    """Real slugs and uids, drafts included (they must answer 404, not fail)."""
    return {
        "case": list(Case.objects.values_list("slug", flat=True)),
        "ruling": list(Ruling.objects.values_list("slug", flat=True)),
        "court": list(Court.objects.values_list("slug", flat=True)),
        "party": list(Party.objects.values_list("slug", flat=True)),
        "filing": [str(u) for u in Filing.objects.values_list("uid", flat=True)],
        "hearing": [str(u) for u in Hearing.objects.values_list("uid", flat=True)],
        "citation": [str(u) for u in Citation.objects.values_list("uid", flat=True)],
        "event": [str(u) for u in Event.objects.values_list("uid", flat=True)],
        "status": [str(u) for u in StatusUpdate.objects.values_list("uid", flat=True)],
        # Signed tokens of the alerts pages: a forged or truncated one must say so, not fail.
        "token": ["eyJzIjoxfQ:1tXyZ:forged", "x"],
    }


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    """The demo data set and one draft case, loaded once for the module inside a transaction
    rolled back at its end (the requests only read; each test still runs in its own savepoint).
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_demo", verbosity=0)
            draft = Case.objects.public().order_by("pk").first()
            Case.objects.filter(pk=draft.pk).update(publication=Case.Publication.DRAFT)
            yield known()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(demo_world, db, settings):
    """The module's data, with the API's rate limit out of the way (and its history cleared)."""
    settings.API_ANON_RATE = "1000000/minute"
    yield demo_world
    # The throttle's history of this test's many requests would throttle the next tests,
    # which run at the normal rate.
    cache.clear()


def assert_no_server_error(client, url: str, **headers) -> None:
    response = client.get(url, **headers)
    assert response.status_code < 500, f"{response.status_code} for {url!r}"
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)  # a streamed export fails while streaming


def fill(endpoint: Endpoint, data, slugs: dict[str, list[str]]) -> str:
    lang = data.draw(st.sampled_from(["fr", "en"]), label="lang")
    slug = ""
    if endpoint.slugs:
        slug = data.draw(segments(slugs[endpoint.slugs]), label="slug")
    return endpoint.template.format(lang=lang, slug=slug)


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.parametrize("endpoint", PAGES + API, ids=str)
@FUZZ
@given(data=st.data())
def test_no_query_string_or_path_segment_gives_a_server_error(client, world, endpoint, data):
    path = fill(endpoint, data, world)
    query = data.draw(query_strings(list(endpoint.keys)), label="query")
    assert_no_server_error(client, f"{path}?{query}" if query else path)


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.parametrize("endpoint", PAGES + API, ids=str)
@FUZZ_LIGHT
@given(data=st.data())
def test_other_methods_and_headers_give_no_server_error(client, world, endpoint, data):
    """POST/PUT/DELETE to read-only endpoints, odd Accept and Accept-Language headers."""
    path = fill(endpoint, data, world)
    method = data.draw(st.sampled_from(["post", "put", "delete", "head", "options"]))
    accept = data.draw(st.one_of(st.sampled_from(["*/*", "text/html", "application/json"]), text))
    language = data.draw(st.one_of(st.sampled_from(["en", "fr-FR;q=0.5", "*", ""]), text))
    body = data.draw(
        st.dictionaries(
            st.sampled_from(["q", "email", "x", "csrfmiddlewaretoken"]), value, max_size=3
        )
    )
    headers = {"HTTP_ACCEPT": accept, "HTTP_ACCEPT_LANGUAGE": language}
    response = (
        getattr(client, method)(path, body, **headers)
        if method == "post"
        else (getattr(client, method)(path, **headers))
    )
    assert response.status_code < 500, f"{response.status_code} for {method} {path!r}"


@pytest.mark.slow
@pytest.mark.postgres
@FUZZ
@given(value=st.one_of(ECLI_SHAPED, text.map(lambda s: quote(s, safe=":/"))), lang=text)
def test_ecli_resolver_never_fails(client, world, value, lang):
    assert_no_server_error(client, f"/ecli/{value}/", HTTP_ACCEPT_LANGUAGE=lang)


@pytest.mark.slow
@pytest.mark.postgres
@FUZZ
@given(value=st.one_of(ECLI_SHAPED, text.map(lambda s: quote(s, safe=":"))))
def test_api_ecli_lookup_never_fails(client, world, value):
    assert_no_server_error(client, f"/api/v1/rulings/ecli/{value}/")


@pytest.mark.slow
@pytest.mark.postgres
@FUZZ
@given(path=text.map(lambda s: quote(s, safe="/")))
def test_unknown_paths_never_fail(client, world, path):
    for prefix in ("/", "/fr/", "/api/v1/", "/embed/en/"):
        assert_no_server_error(client, prefix + path)


def url_names(patterns, namespace: str = "") -> set[str]:
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


def test_every_public_url_pattern_is_fuzzed():
    fuzzed = {endpoint.name for endpoint in PAGES + API} | {"ecli_resolve", "api:ruling-ecli"}
    missing = url_names(get_resolver().url_patterns) - fuzzed
    assert missing == set(), f"URL patterns without a fuzz entry: {sorted(missing)}"


@pytest.mark.postgres
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/cases/%00/",
        "/api/v1/cases/a%00b/timeline/",
        "/api/v1/rulings/%00/",
        "/api/v1/courts/%00/",
        "/api/v1/parties/%00/",
        "/api/v1/filings/%00/",
    ],
)
def test_nul_in_an_api_lookup_is_404_not_a_database_error(client, url):
    """Found by the fuzzer: PostgreSQL refuses NUL in a text parameter, so a lookup value
    that cannot be a slug or uid must be refused by the URL pattern, before any query."""
    response = client.get(url)
    assert response.status_code == 404
    assert response.json()["status"] == 404
