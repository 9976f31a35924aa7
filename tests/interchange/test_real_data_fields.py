"""What real data has, held by the model and the interchange format (docs/interchange.md):
official case names, the Court's opinions (Art. 218(11) TFEU) and Advocate General names,
judgments on joined cases, referring courts and filings without a case number, hearings over
several days, an unknown procedure, unnamed applicants and the dataset record. Each goes in
through import_caselaw, comes out unchanged through export_caselaw, and shows on the public
pages and in the API; none ends up in a summary."""

import copy
import json
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from cases.models import Hearing, Proceeding, Ruling
from interchange.export import export_document
from interchange.format import dumps

pytestmark = pytest.mark.django_db

REFERRING = "9f6b3c1e-0c55-4f39-9a8e-6c1b2b7d0001"
UNKNOWN = "9f6b3c1e-0c55-4f39-9a8e-6c1b2b7d0002"
FILING = "9f6b3c1e-0c55-4f39-9a8e-6c1b2b7d0003"
HEARING = "9f6b3c1e-0c55-4f39-9a8e-6c1b2b7d0004"
OPINION_1_15 = "9f6b3c1e-0c55-4f39-9a8e-6c1b2b7d0005"
JOINED = "9f6b3c1e-0c55-4f39-9a8e-6c1b2b7d0006"


def run_import(path, *args) -> str:
    try:
        with translation.override("en"):
            call_command("import_caselaw", str(path), *args, verbosity=0)
    except CommandError as error:
        return str(error)
    return ""


def by(records, **wanted) -> dict:
    (found,) = [r for r in records if all(r.get(k) == v for k, v in wanted.items())]
    return found


def proceedings_of(document) -> list[dict]:
    return [p for case in document["cases"] for p in case["proceedings"]]


def with_real_data(document: dict) -> dict:
    """The demo's export with one record of each kind real data brings."""
    document = copy.deepcopy(document)
    schrems_2 = by(document["cases"], slug="schrems-ii")
    doctolib = by(document["cases"], slug="doctolib-aws")
    ce_450163 = by(doctolib["proceedings"], number="450163")
    applicant = ce_450163["parties"][0]["party"]
    # A referring court whose number the reference does not give.
    schrems_2["proceedings"].append(
        {
            "uid": REFERRING,
            "court": by(schrems_2["proceedings"], number="2016 No. 4809 P")["court"],
            "number": "",
            "procedure": "unknown",
            "lodged_on": None,
            "parent": None,
            "origin": "",
            "other_applicants": False,
            "parties": [],
            "filings": [],
            "hearings": [],
        }
    )
    # An unnumbered proceeding of unknown procedure, brought by X "and others", with a filing
    # and a hearing over three days.
    doctolib["proceedings"].append(
        {
            "uid": UNKNOWN,
            "court": ce_450163["court"],
            "number": "",
            "procedure": "unknown",
            "lodged_on": "2021-04-01",
            "parent": None,
            "origin": "",
            "other_applicants": True,
            "parties": [
                {
                    "uid": str(uuid.uuid4()),
                    "party": applicant,
                    "role": "applicant",
                    "counsel": [],
                }
            ],
            "filings": [
                {
                    "uid": FILING,
                    "kind": "application",
                    "registered_on": "2021-04-01",
                    "filed_by": [applicant],
                    "summary_fr": "Requête.",
                    "summary_en": "Application.",
                    "full_text": "",
                    "source_url": "",
                }
            ],
            "hearings": [
                {
                    "uid": HEARING,
                    "date": "2021-05-10",
                    "end_date": "2021-05-12",
                    "start_time": "14:00:00",
                    "end_time": "12:00:00",
                    "formation_fr": "",
                    "formation_en": "",
                    "location": "Paris",
                    "status": "held",
                    "notes_fr": "",
                    "notes_en": "",
                    "sequence": 0,
                    "changes": [],
                }
            ],
        }
    )
    template = by(document["rulings"], short_name="Schrems II")
    opinion = {
        **template,
        "uid": OPINION_1_15,
        "slug": "cjue-2017-07-26-1-15",
        "ecli": "ECLI:EU:C:2017:592",
        "celex": "62015CV0001",
        "kind": "court_opinion",
        "decided_on": "2017-07-26",
        "short_name": "Opinion 1/15",
        "case_name": "Accord PNR UE-Canada",
        "advocate_general": "Mengozzi",
        "proceeding": None,
        "joined_proceedings": [],
        "reference": True,
        "opinion_for": None,
        "numbers": ["1/15"],
        "outcome": "",
        "summary_fr": "",
        "summary_en": "",
    }
    joined = {
        **template,
        "uid": JOINED,
        "slug": "ce-2021-06-01-450163",
        "ecli": None,
        "celex": "",
        "court": ce_450163["court"],
        "kind": "decision",
        "decided_on": "2021-06-01",
        "short_name": "",
        "case_name": "",
        "advocate_general": "",
        "proceeding": ce_450163["uid"],
        "joined_proceedings": [UNKNOWN],
        "reference": False,
        "opinion_for": None,
        "numbers": ["450163"],
        # Copied from the Schrems II judgment, whose outcome (an act declared invalid) only a
        # preliminary ruling may have.
        "outcome": "rejected",
    }
    document["rulings"] += [opinion, joined]
    return document


@pytest.fixture
def imported(demo, tmp_path):
    document = with_real_data(json.loads(dumps(export_document())))
    path = tmp_path / "real.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert run_import(path) == ""
    return document


def test_every_new_field_round_trips_through_import_and_export(imported, tmp_path):
    exported = json.loads(dumps(export_document()))
    for document in (exported, imported):
        document.pop("dataset", None)
    assert exported == json.loads(dumps(imported))
    # Re-importing what was exported changes nothing.
    path = tmp_path / "again.json"
    call_command("export_caselaw", str(path), verbosity=0)
    before = export_document()
    assert run_import(path) == ""
    assert export_document() == before


def test_the_new_fields_are_stored_as_fields_not_in_a_summary(imported):
    schrems_2 = Ruling.objects.get(ecli="ECLI:EU:C:2020:559")
    assert schrems_2.case_name == "Facebook Ireland and Schrems"
    assert schrems_2.short_name == "Schrems II"
    opinion = Ruling.objects.get(uid=OPINION_1_15)
    assert (opinion.kind, opinion.advocate_general) == ("court_opinion", "Mengozzi")
    assert opinion.summary_fr == opinion.summary_en == ""
    joined = Ruling.objects.get(uid=JOINED)
    assert list(joined.joined_proceedings.values_list("uid", flat=True)) == [uuid.UUID(UNKNOWN)]
    unknown = Proceeding.objects.get(uid=UNKNOWN)
    assert (unknown.number, unknown.procedure, unknown.other_applicants) == ("", "unknown", True)
    assert unknown.filings.get().uid == uuid.UUID(FILING)
    assert Proceeding.objects.get(uid=REFERRING).number == ""
    hearing = Hearing.objects.get(uid=HEARING)
    assert str(hearing.end_date) == "2021-05-12"


def test_the_public_export_round_trips_the_new_fields(imported, tmp_path):
    first = tmp_path / "public.json"
    call_command("export_caselaw", str(first), "--public", verbosity=0)
    public = json.loads(first.read_text(encoding="utf-8"))
    assert by(public["rulings"], uid=OPINION_1_15)["kind"] == "court_opinion"
    assert by(public["rulings"], uid=JOINED)["joined_proceedings"] == [UNKNOWN]
    hearing = by([h for p in proceedings_of(public) for h in p["hearings"]], uid=HEARING)
    assert hearing["end_date"] == "2021-05-12"
    assert by(proceedings_of(public), uid=UNKNOWN)["other_applicants"] is True


def test_the_export_says_what_the_data_set_is(demo, settings):
    settings.DATA_LICENCE = "CC BY 4.0"
    settings.DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
    settings.DATA_PUBLISHER = "Association test"
    dataset = export_document(public=True)["dataset"]
    assert dataset["licence"] == "CC BY 4.0"
    assert dataset["licence_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert dataset["publisher"] == "Association test"
    assert dataset["title"] == settings.DATA_TITLE
    latest = max(r.updated_at for r in Ruling.objects.all())
    assert dataset["date"] >= latest.date().isoformat()


def test_the_public_data_page_and_its_file_state_the_licence(client, demo, settings, tmp_path):
    settings.PUBLIC_DATA_DIR = tmp_path
    settings.DATA_LICENCE = "Licence test 1.0"
    page = client.get("/en/data/").content.decode()
    assert "Licence test 1.0" in page
    response = client.get("/en/data/casetracker-public-data.json")
    data = json.loads(b"".join(response.streaming_content))
    assert data["dataset"]["licence"] == "Licence test 1.0"
    assert data["dataset"]["publisher"] == settings.DATA_PUBLISHER


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: by(d["rulings"], uid=JOINED).update(proceeding=None),
            "a ruling on joined cases needs its `proceeding`",
        ),
        (
            lambda d: by(d["rulings"], uid=JOINED).update(
                joined_proceedings=[by(d["rulings"], uid=JOINED)["proceeding"]]
            ),
            "the main `proceeding` is not joined to itself",
        ),
        (
            lambda d: by([h for p in proceedings_of(d) for h in p["hearings"]], uid=HEARING).update(
                end_date="2021-05-09"
            ),
            "The last day of a hearing must come after its first day",
        ),
        (
            lambda d: by(d["rulings"], uid=OPINION_1_15).update(kind="avis"),
            "'avis' is not one of",
        ),
    ],
)
def test_wrong_new_fields_are_refused_with_their_reason(demo, tmp_path, change, message):
    document = with_real_data(json.loads(dumps(export_document())))
    change(document)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = export_document()
    assert message in run_import(path)
    assert export_document() == before


# Public pages and the API show them.


def test_the_ruling_pages_show_case_name_advocate_general_and_kind(client, imported):
    schrems = client.get("/en/rulings/cjue-2020-07-16-c-311-18/").content.decode()
    assert "Facebook Ireland and Schrems" in schrems
    assert "Saugmandsgaard Øe" in schrems
    opinion = client.get("/en/rulings/cjue-2017-07-26-1-15/").content.decode()
    assert "Opinion of the Court (Art. 218(11) TFEU)" in opinion
    assert "Advocate General&#x27;s opinion" not in opinion
    assert "Mengozzi" in opinion


def test_the_case_page_shows_and_others_unnumbered_proceedings_and_hearing_days(client, imported):
    page = client.get("/en/cases/doctolib-aws/").content.decode()
    assert "and others (not named one by one)" in page
    assert 'datetime="2021-05-12"' in page  # the hearing's last day
    assert "n° <" not in page and "n°  —" not in page  # no empty number
    assert "</a> — unknown" in page  # the procedure, after the court and no number


def test_the_api_shows_the_new_fields(client, imported):
    ruling = client.get("/api/v1/rulings/cjue-2017-07-26-1-15/").json()
    assert (ruling["kind"], ruling["case_name"]) == ("court_opinion", "Accord PNR UE-Canada")
    assert ruling["advocate_general"] == "Mengozzi"
    joined = client.get("/api/v1/rulings/ce-2021-06-01-450163/").json()
    assert [p["number"] for p in joined["proceedings"]] == ["450163", ""]
    case = client.get("/api/v1/cases/doctolib-aws/").json()
    unknown = by(case["proceedings"], uid=UNKNOWN)
    assert (unknown["number"], unknown["procedure"], unknown["other_applicants"]) == (
        "",
        "unknown",
        True,
    )
    hearings = client.get("/api/v1/hearings/?case=doctolib-aws").json()["results"]
    assert by(hearings, uid=HEARING)["end_date"] == "2021-05-12"


def test_the_calendar_spans_a_hearing_over_several_days(client, imported):
    calendar = client.get("/en/cases/doctolib-aws/hearings.ics").content.decode()
    (event,) = [e for e in calendar.split("BEGIN:VEVENT") if HEARING in e]
    assert "DTSTART;TZID=Europe/Paris:20210510T140000" in event
    assert "DTEND;TZID=Europe/Paris:20210512T120000" in event
