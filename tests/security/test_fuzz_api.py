"""Fuzzing the API's query strings and path segments, the ECLI resolvers and unknown paths
(tests/security/fuzz.py).

`test_every_public_url_pattern_is_fuzzed` walks the URL configuration so that a new public URL
without a fuzz entry fails the suite.
"""

from urllib.parse import quote

import pytest
from django.urls import get_resolver
from hypothesis import given
from hypothesis import strategies as st

from tests.security import fuzz
from tests.security.endpoints import API, PAGES, url_names
from tests.security.fuzz import ECLI_SHAPED, FUZZ, assert_no_server_error, text

pytestmark = pytest.mark.django_db

# The module's data (tests/security/fuzz.py): the demo loaded once for this file.
demo_world = fuzz.demo_world
world = fuzz.world


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.parametrize("endpoint", API, ids=str)
@FUZZ
@given(data=st.data())
def test_no_query_string_or_path_segment_gives_a_server_error(client, world, endpoint, data):
    fuzz.assert_query_and_path_give_no_server_error(client, world, endpoint, data)


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
