"""Primary + read replica routing, with a second connection alias `replica` that
points at the test database, as a TEST MIRROR does."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from cases.models import Court
from casetracker.db_router import PrimaryReplicaRouter, _public_read


@pytest.fixture
def replica(transactional_db):
    """A `replica` alias on the same test database, removed afterwards.

    Added after the test database is set up (hence transactional_db first), so the test case
    does not fence it off; transactional, so that the replica's connection sees committed rows.
    """
    settings_dict = dict(connections["default"].settings_dict)
    settings_dict["TEST"] = {**settings_dict.get("TEST", {}), "MIRROR": "default"}
    connections.settings["replica"] = settings_dict
    # Connected here, explicitly: the test case only lets its own aliases connect lazily.
    connections["replica"].connect()
    try:
        yield connections["replica"]
    finally:
        connections["replica"].close()
        del connections["replica"]
        del connections.settings["replica"]


def test_without_a_replica_everything_uses_the_default_routing():
    router = PrimaryReplicaRouter()
    token = _public_read.set(True)
    try:
        assert router.db_for_read(Court) is None
    finally:
        _public_read.reset(token)
    assert router.db_for_write(Court) == "default"


def test_the_replica_is_never_migrated():
    router = PrimaryReplicaRouter()
    assert router.allow_migrate("default", "cases") is True
    assert router.allow_migrate("replica", "cases") is False


def test_anonymous_public_pages_read_from_the_replica(client, replica):
    Court.objects.create(
        slug="ce", name_fr="Conseil d'État", name_en="Council of State", country="FR"
    )
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(replica) as copy,
    ):
        response = client.get("/en/courts/ce/", secure=True)
    assert response.status_code == 200
    assert any("cases_court" in query["sql"] for query in copy.captured_queries)
    assert primary.captured_queries == []


def test_writes_and_the_admin_use_the_primary(client, replica, settings):
    user = get_user_model().objects.create_superuser("chief", password="x" * 20)
    client.force_login(user)
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(replica) as copy,
    ):
        response = client.get(f"/{settings.ADMIN_URL}", secure=True)
    assert response.status_code == 200
    assert primary.captured_queries
    assert copy.captured_queries == []


def test_editors_with_a_session_read_their_own_writes_on_public_pages(client, replica):
    user = get_user_model().objects.create_superuser("chief", password="x" * 20)
    client.force_login(user)
    with CaptureQueriesContext(replica) as copy:
        client.get("/en/", secure=True)
    assert copy.captured_queries == []


def test_reads_inside_a_transaction_stay_on_the_primary(replica):
    router = PrimaryReplicaRouter()
    token = _public_read.set(True)
    try:
        assert router.db_for_read(Court) == "replica"
        with transaction.atomic():
            assert router.db_for_read(Court) == "default"
        assert router.db_for_write(Court) == "default"
    finally:
        _public_read.reset(token)
