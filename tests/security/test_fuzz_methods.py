"""Fuzzing other methods and headers on every public page and API endpoint
(tests/security/fuzz.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.security import fuzz
from tests.security.endpoints import API, PAGES
from tests.security.fuzz import FUZZ_LIGHT, fill, text, value

pytestmark = pytest.mark.django_db

# The module's data (tests/security/fuzz.py): the demo loaded once for this file.
demo_world = fuzz.demo_world
world = fuzz.world


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
