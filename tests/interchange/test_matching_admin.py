"""Conflicts met through the admin upload (interchange/admin.py): a curator sees both sides; an
editor learns that a record conflicts with one they may not see, and nothing of another
organisation's draft (docs/interchange.md, "Matching rules")."""

import uuid

import pytest

from tests import shared
from tests.factories import build_world
from tests.interchange.helpers import document, problems, state, upload

ECLI = "ECLI:FR:CEORD:2022:460000.20220202"


def build():
    world = build_world()
    # Organisation B's draft case holds an order with an ECLI.
    world.b.ruling.ecli = ECLI
    world.b.ruling.save()
    return world


world_once = shared.module_fixture(build, name="world_once")


@pytest.fixture
def world(world_once, request):
    return shared.fresh(world_once, request, build)


def conflicting_ruling(world) -> dict:
    """The ECLI of B's draft order, given as a judgment of another day."""
    return {
        "court": str(world.court.uid),
        "kind": "judgment",
        "decided_on": "2022-03-03",
        "ecli": ECLI,
    }


def test_a_curator_sees_both_sides_of_a_conflict(client, world):
    before = state()
    response = upload(
        client, world.curator, document(rulings=[conflicting_ruling(world)]), language="en"
    )
    assert response.status_code == 200
    ((position, reason),) = problems(response)
    assert position == "rulings[0]"
    assert "conflict: this ruling cannot be matched: its ECLI names a stored ruling" in reason
    assert f"stored: ruling {world.b.ruling.slug} (order, 2022-02-02" in reason
    assert state() == before


def test_an_editor_is_told_of_a_conflict_without_the_other_organisations_draft(client, world):
    before = state()
    response = upload(
        client, world.a.editor, document(rulings=[conflicting_ruling(world)]), language="en"
    )
    assert response.status_code == 200
    ((position, reason),) = problems(response)
    assert position == "rulings[0]"
    assert "conflicts with a record you may not see" in reason
    page = response.content.decode()
    for secret in (world.b.ruling.slug, "460000", "2022-02-02", "Affaire secrète B"):
        assert secret not in reason and secret not in page
    assert state() == before


def test_an_editors_case_whose_proceeding_is_another_organisations_is_a_conflict(client, world):
    before = state()
    case = {
        "uid": str(uuid.uuid4()),
        "title_fr": "Notre affaire",
        "status": "filed",
        "publication": "draft",
        "proceedings": [
            {
                "uid": str(uuid.uuid4()),
                "court": str(world.court.uid),
                "number": "0460000",  # B's proceeding, with a leading zero
                "procedure": "refere_liberte",
            }
        ],
    }
    response = upload(client, world.a.editor, document(cases=[case]), language="en")
    assert response.status_code == 200
    ((position, reason),) = problems(response)
    assert position == "cases[0]"
    assert "conflicts with a record you may not see" in reason
    assert "Affaire secrète B" not in response.content.decode()
    assert state() == before
