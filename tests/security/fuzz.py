"""The fuzzers' strategies, data and checks, shared by tests/security/test_fuzz_*.py.

Property-based tests: arbitrary query strings, path segments, form input and headers thrown
at every public page and API endpoint never produce a 5xx. The tests are split in three files
by what they fuzz, so that xdist (`--dist loadfile`) runs them on several workers:
test_fuzz_pages.py (the pages' query strings and path segments), test_fuzz_api.py (the API's,
the ECLI resolvers, unknown paths, the URL patterns' coverage), test_fuzz_methods.py (other
methods and headers on every endpoint).

Hypothesis runs at most 50 examples per endpoint, derandomised (the same examples on every run,
so CI is stable) and without an example database. Marked `slow` and `postgres`: run once in CI,
on PostgreSQL, which is the stricter database (it refuses NUL characters in strings, casts
types, and is what production runs); the fast SQLite pass of scripts/run_tests.py leaves them
out. Each file loads the demo once (`demo_world`, module-scoped).
"""

from urllib.parse import quote, quote_from_bytes, urlencode

import pytest
from django.core.cache import cache
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from cases.models import Case, Court, Event, Filing, Hearing, Party, Ruling, StatusUpdate
from citations.models import Citation
from tests import demo_rows
from tests.security.endpoints import CASE_KEYS, Endpoint

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


CASE_KEYS += ("filed_before", "upcoming", "sort")


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
    The demo comes as the module fixtures' `demo` does (tests/demo_rows.py).
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            demo_rows.load_demo()
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


def assert_query_and_path_give_no_server_error(client, world, endpoint: Endpoint, data) -> None:
    """One drawn path of `endpoint` (language, slug) and query string (its keys and others):
    never a server error (the pages' and the API's fuzz tests)."""
    path = fill(endpoint, data, world)
    query = data.draw(query_strings(list(endpoint.keys)), label="query")
    assert_no_server_error(client, f"{path}?{query}" if query else path)
