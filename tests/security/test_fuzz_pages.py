"""Fuzzing the public pages' query strings and path segments (tests/security/fuzz.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.security import fuzz
from tests.security.endpoints import PAGES
from tests.security.fuzz import FUZZ

pytestmark = pytest.mark.django_db

# The module's data (tests/security/fuzz.py): the demo loaded once for this file.
demo_world = fuzz.demo_world
world = fuzz.world


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.parametrize("endpoint", PAGES, ids=str)
@FUZZ
@given(data=st.data())
def test_no_query_string_or_path_segment_gives_a_server_error(client, world, endpoint, data):
    fuzz.assert_query_and_path_give_no_server_error(client, world, endpoint, data)
