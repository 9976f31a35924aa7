"""Reference status through the interchange format: files of earlier versions keep meaning
what they meant (a new ruling or event outside any case is reference case law), and a member's
file cannot make anything reference, so public."""

import json
import uuid

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from cases.models import Event, Ruling
from tests.formdata import posted_data
from tests.interchange.helpers import document, problems, upload


@pytest.fixture(autouse=True)
def _plain(settings):
    settings.SECURE_SSL_REDIRECT = False


def ruling_row(world, **fields) -> dict:
    return {
        "uid": str(uuid.uuid4()),
        "court": str(world.court.uid),
        "kind": "judgment",
        "decided_on": "2020-07-16",
        "numbers": ["C-311/18"],
        **fields,
    }


def import_file(tmp_path, doc) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with translation.override("en"):
        call_command("import_caselaw", str(path), verbosity=0)


def test_a_file_without_reference_imports_case_law_as_reference(world, tmp_path):
    row = ruling_row(world)
    event = {"uid": str(uuid.uuid4()), "occurred_on": "2018-03-23", "title_en": "CLOUD Act"}
    import_file(tmp_path, document(rulings=[row], events=[event]))
    assert Ruling.objects.get(uid=row["uid"]).reference
    assert Event.objects.get(uid=event["uid"]).reference


def test_an_import_keeps_a_detached_ruling_unpublished(world, tmp_path):
    ruling = world.b.ruling
    Ruling.objects.filter(pk=ruling.pk).update(proceeding=None)  # as a deletion leaves it
    row = ruling_row(world, uid=str(ruling.uid), numbers=[n.number for n in ruling.numbers.all()])
    row["decided_on"] = ruling.decided_on.isoformat()
    row["kind"] = ruling.kind
    import_file(tmp_path, document(rulings=[row]))
    assert not Ruling.objects.get(pk=ruling.pk).reference


def test_a_member_cannot_make_an_event_reference(client, world):
    event = {
        "uid": str(uuid.uuid4()),
        "occurred_on": "2018-03-23",
        "title_en": "Made public",
        "cases": [str(world.a.case.uid)],
        "reference": True,
    }
    response = upload(client, world.a.editor, document(events=[event]))
    assert response.status_code == 200
    assert problems(response)[0][0] == "events[0]"
    assert not Event.objects.filter(uid=event["uid"]).exists()


def test_a_member_cannot_make_a_ruling_reference(client, world):
    row = ruling_row(world, uid=str(world.a.ruling.uid), proceeding=None, reference=True)
    row["decided_on"] = world.a.ruling.decided_on.isoformat()
    row["kind"] = world.a.ruling.kind
    row["numbers"] = [n.number for n in world.a.ruling.numbers.all()]
    response = upload(client, world.a.editor, document(rulings=[row]))
    assert response.status_code == 200
    assert not Ruling.objects.get(pk=world.a.ruling.pk).reference
    assert Ruling.objects.get(pk=world.a.ruling.pk).proceeding_id == world.a.proceeding.pk


def test_a_ruling_in_a_proceeding_is_never_reference(world):
    ruling = world.a.ruling
    ruling.reference = True
    ruling.save()
    assert not Ruling.objects.get(pk=ruling.pk).reference


def test_a_curator_adding_a_ruling_starts_from_reference(client, world):
    client.force_login(world.curator)
    page = client.get(reverse("admin:cases_ruling_add"))
    assert posted_data(page)["reference"] == "on"  # a ticked box, as rendered
