import copy
import json
import uuid
from pathlib import Path

import jsonschema
import pytest
from django.core.management import call_command

from cases.models import (
    Case,
    Counsel,
    Court,
    Event,
    Party,
    Ruling,
    Topic,
)
from citations.models import Citation
from interchange.export import export_document
from interchange.format import SCHEMA_PATH, dumps, schema
from organisations.models import Organisation
from tests.factories import DRAFT_TITLE, PERSON_NAME, make_draft_world
from tests.interchange.helpers import run_import, snapshot, write

DOCS_SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "schema" / "caselaw.schema.json"


def export_text(tmp_path, *args, name="export.json") -> str:
    path = tmp_path / name
    call_command("export_caselaw", str(path), *args, verbosity=0)
    return path.read_text(encoding="utf-8")


def wipe():
    Citation.objects.all().delete()
    Event.objects.all().delete()
    Case.objects.all().delete()
    Ruling.objects.all().delete()
    Party.objects.all().delete()
    Counsel.objects.all().delete()
    Topic.objects.all().delete()
    Court.objects.all().delete()
    Organisation.objects.all().delete()


def test_the_docs_schema_is_the_one_the_importer_uses():
    assert DOCS_SCHEMA.read_text(encoding="utf-8") == SCHEMA_PATH.read_text(encoding="utf-8")
    jsonschema.Draft202012Validator.check_schema(schema())


@pytest.mark.parametrize("public", [False, True])
def test_exports_validate_against_the_json_schema(demo, public):
    make_draft_world()
    jsonschema.validate(export_document(public=public), schema())


def test_export_import_into_an_empty_database_export_gives_the_same_file(demo, tmp_path):
    make_draft_world()
    first = export_text(tmp_path)
    wipe()
    assert not Case.objects.exists()
    assert run_import(tmp_path / "export.json", "--create-organisations") == ""
    assert export_text(tmp_path, name="again.json") == first


def test_public_export_round_trips_too(demo, tmp_path):
    make_draft_world()
    first = export_text(tmp_path, "--public")
    wipe()
    assert run_import(tmp_path / "export.json", "--create-organisations") == ""
    assert export_text(tmp_path, "--public", name="again.json") == first


def test_reimporting_an_exported_file_changes_nothing(demo, tmp_path):
    export_text(tmp_path)
    before = snapshot()
    assert run_import(tmp_path / "export.json") == ""
    assert snapshot() == before


def test_public_export_leaves_out_drafts_and_pseudonymises_natural_persons(demo, tmp_path):
    world = make_draft_world()
    text = export_text(tmp_path, "--public")
    assert DRAFT_TITLE not in text
    assert str(world["draft"].uid) not in text
    assert str(world["draft_hearing"].uid) not in text
    assert PERSON_NAME not in text
    assert "Personne physique" not in text
    assert "A... B..." in text
    assert "Maximillian Schrems" in text  # named by the court itself
    full = export_text(tmp_path, name="full.json")
    assert DRAFT_TITLE in full
    assert PERSON_NAME in full


def test_dry_run_validates_and_writes_nothing(db, tmp_path):
    world_file = tmp_path / "demo.json"
    call_command("load_demo", verbosity=0)
    call_command("export_caselaw", str(world_file), verbosity=0)
    wipe()
    call_command(
        "import_caselaw", str(world_file), "--dry-run", "--create-organisations", verbosity=0
    )
    assert not Case.objects.exists()
    assert not Court.objects.exists()
    assert not Organisation.objects.exists()


@pytest.fixture
def exported(demo):
    return json.loads(dumps(export_document()))


def assert_rejected(tmp_path, document, *expected):
    before = snapshot()
    message = run_import(write(tmp_path, document))
    assert message, "the import should have failed"
    for text in expected:
        assert text in message, message
    assert snapshot() == before
    return message


def test_bad_json_is_reported_and_nothing_changes(demo, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"format": "casetracker-caselaw", ', encoding="utf-8")
    before = snapshot()
    message = run_import(path)
    assert "not valid JSON" in message and "line 1" in message
    assert snapshot() == before


def test_unknown_court_is_reported_with_its_position(exported, tmp_path):
    document = copy.deepcopy(exported)
    missing = str(uuid.uuid4())
    document["cases"][1]["proceedings"][0]["court"] = missing
    document["cases"][1]["title_en"] = "Changed title that must not be written"
    assert_rejected(tmp_path, document, "cases[1].proceedings[0]", f"unknown court {missing}")
    assert not Case.objects.filter(title_en__startswith="Changed").exists()


def test_malformed_ecli_is_reported(exported, tmp_path):
    document = copy.deepcopy(exported)
    document["rulings"][0]["ecli"] = "ECLI:FR:CE:21:x"
    assert_rejected(tmp_path, document, "rulings[0]", "ecli")


def test_duplicate_uids_are_reported(exported, tmp_path):
    document = copy.deepcopy(exported)
    document["parties"].append(dict(document["parties"][0], slug="other-slug"))
    last = len(document["parties"]) - 1
    assert_rejected(tmp_path, document, f"parties[{last}]", "duplicate uid", "parties[0]")


def test_citation_to_an_unknown_ruling_is_reported(exported, tmp_path):
    document = copy.deepcopy(exported)
    document["citations"][0]["cited"] = "ECLI:EU:C:1999:999"
    assert_rejected(tmp_path, document, "citations[0]", "unknown cited ruling ECLI:EU:C:1999:999")


def test_schema_violations_are_reported_with_their_path(exported, tmp_path):
    document = copy.deepcopy(exported)
    document["cases"][0]["proceedings"][0]["hearings"][0]["date"] = "8 March 2021"
    assert_rejected(tmp_path, document, "cases[0].proceedings[0].hearings[0].date")


def test_model_validation_errors_are_reported(exported, tmp_path):
    document = copy.deepcopy(exported)
    hearing = document["cases"][0]["proceedings"][0]["hearings"][0]
    hearing["start_time"], hearing["end_time"] = "10:30:00", "09:00:00"
    assert_rejected(tmp_path, document, "hearings[0]", "must end after it starts")


def test_every_problem_gets_its_own_line(exported, tmp_path):
    document = copy.deepcopy(exported)
    document["citations"][0]["cited"] = "ECLI:EU:C:1999:999"
    document["rulings"][1]["ecli"] = "nonsense"
    message = assert_rejected(tmp_path, document)
    lines = message.splitlines()
    assert lines[0].startswith("2 problem(s)")
    assert len(lines) == 3


def test_ruling_without_uid_is_matched_by_ecli_then_by_court_and_number(exported, tmp_path):
    schrems = Ruling.objects.get(ecli="ECLI:EU:C:2020:559")
    court = str(schrems.court.uid)
    by_ecli = {
        "court": court,
        "kind": "judgment",
        "decided_on": "2020-07-16",
        "ecli": "ecli:eu:c:2020:559",
        "short_name": "Schrems II (renamed)",
    }
    by_number = {
        "court": court,
        "kind": "judgment",
        "decided_on": "2015-10-06",
        "numbers": ["c-362/14"],
        "short_name": "Schrems I (renamed)",
    }
    document = {"format": "casetracker-caselaw", "version": 1, "courts": [], "parties": []}
    document.update(cases=[], rulings=[by_ecli, by_number], citations=[])
    count = Ruling.objects.count()
    assert run_import(write(tmp_path, document)) == ""
    assert Ruling.objects.count() == count
    assert Ruling.objects.get(pk=schrems.pk).short_name == "Schrems II (renamed)"
    assert Ruling.objects.get(ecli="ECLI:EU:C:2015:650").short_name == "Schrems I (renamed)"


# The owning organisation.


def test_export_names_each_cases_organisation_public_one_too(demo, tmp_path):
    make_draft_world()  # cases without organisation
    demo_org = Organisation.objects.get(slug="demo")
    for public in (False, True):
        document = export_document(public=public)
        records = {o["uid"]: o for o in document["organisations"]}
        assert records[str(demo_org.uid)]["name"] == demo_org.name
        owners = {c["organisation"] for c in document["cases"]}
        assert str(demo_org.uid) in owners
        assert None in owners  # cases entered before organisations existed


def test_public_export_names_only_organisations_with_public_cases(demo):
    hidden = Organisation.objects.create(name="Association sans affaire", slug="sans-affaire")
    assert str(hidden.uid) not in {o["uid"] for o in export_document(public=True)["organisations"]}
    assert str(hidden.uid) in {o["uid"] for o in export_document()["organisations"]}


def test_unknown_organisation_is_an_error_unless_told_to_create_it(demo, tmp_path):
    export_text(tmp_path)
    wipe()
    message = run_import(tmp_path / "export.json")
    assert "organisations[0]: unknown organisation" in message
    assert "--create-organisations" in message
    assert not Case.objects.exists() and not Organisation.objects.exists()
    assert run_import(tmp_path / "export.json", "--create-organisations") == ""
    assert Organisation.objects.get(slug="demo").cases.exists()


def test_organisation_is_matched_by_slug_when_its_uid_differs(exported, tmp_path):
    document = copy.deepcopy(exported)
    demo_org = Organisation.objects.get(slug="demo")
    other_uid = str(uuid.uuid4())
    document["organisations"][0]["uid"] = other_uid
    for case in document["cases"]:
        if case["organisation"] == str(demo_org.uid):
            case["organisation"] = other_uid
    assert run_import(write(tmp_path, document)) == ""
    assert Organisation.objects.count() == 1
    assert not Organisation.objects.filter(uid=other_uid).exists()


def test_a_case_can_move_to_another_organisation_and_new_cases_get_the_default(exported, tmp_path):
    other = Organisation.objects.create(name="Autre association", slug="autre")
    document = copy.deepcopy(exported)
    document["organisations"].append(
        {"uid": str(other.uid), "slug": "autre", "name": "Autre association", "website": ""}
    )
    document["cases"][0]["organisation"] = str(other.uid)
    del document["cases"][1]["organisation"]
    new_case = {"uid": str(uuid.uuid4()), "title_fr": "Nouvelle", "status": "filed"}
    document["cases"].append({**new_case, "publication": "draft"})
    assert run_import(write(tmp_path, document), "--organisation", "autre") == ""
    assert Case.objects.get(uid=document["cases"][0]["uid"]).organisation == other
    assert Case.objects.get(uid=new_case["uid"]).organisation == other
    # a case naming none keeps its own
    assert Case.objects.get(uid=document["cases"][1]["uid"]).organisation.slug == "demo"


def test_a_case_naming_an_unknown_organisation_is_reported(exported, tmp_path):
    document = copy.deepcopy(exported)
    missing = str(uuid.uuid4())
    document["cases"][0]["organisation"] = missing
    assert_rejected(tmp_path, document, "cases[0]", f"unknown organisation {missing}")
