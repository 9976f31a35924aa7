"""Identity across data sets (interchange/matching.py, docs/interchange.md "Matching rules"):
a file from elsewhere merges into what the database holds, never overwrites one ruling with
another, and a conflict is refused with both sides shown to whom may see them."""

import copy
import datetime as dt
import json
import uuid

import pytest
from django.core.management import call_command
from django.utils import translation

from cases import services
from cases.identifiers import case_number_key, ecli_court_key, split_case_numbers
from cases.models import Case, Court, Hearing, Party, Proceeding, Ruling
from citations.models import Citation
from interchange.export import export_document
from interchange.importer import import_all_or_nothing
from interchange.matching import CONFLICT, NEW, SAME, UPDATE, Matcher, RulingKeys
from interchange.models import SourceRecord
from tests.interchange.helpers import run_import, snapshot, write

CJEU = {
    "uid": "3c4a0d1e-0000-4000-8000-000000000001",
    "slug": "cjeu",
    "name_en": "Court of Justice of the European Union",
    "country": "EU",
    "ecli_code": "C",
    "kind": "eu",
}
CONSEIL_ETAT = {
    "uid": "3c4a0d1e-0000-4000-8000-000000000002",
    "slug": "conseil-etat",
    "name_fr": "Conseil d'Etat",
    "country": "FR",
    "ecli_code": "CEORD",
    "kind": "administrative",
}
BREYER_JUDGMENT = {
    "court": CJEU["uid"],
    "kind": "judgment",
    "decided_on": "2016-10-19",
    "ecli": "ECLI:EU:C:2016:779",
    "numbers": ["C-582/14"],
    "short_name": "Breyer",
}
BREYER_OPINION = {
    "court": CJEU["uid"],
    "kind": "opinion",
    "decided_on": "2016-05-12",
    "numbers": ["C 582/14"],
    "short_name": "Breyer (conclusions)",
}


def document(**parts) -> dict:
    doc = {
        "format": "casetracker-caselaw",
        "version": 2,
        "courts": [],
        "parties": [],
        "cases": [],
        "rulings": [],
        "citations": [],
    }
    doc.update(parts)
    return copy.deepcopy(doc)


def run(tmp_path, doc, *args, name="in.json") -> str:
    return run_import(write(tmp_path, doc, name=name), *args)


def command_output(tmp_path, doc, *args) -> tuple[str, str]:
    """(stdout, error message) of import_caselaw at verbosity 1."""
    out = []

    class Out:
        def write(self, text):
            out.append(text)

        def flush(self):
            pass

    error = ""
    try:
        call_command("import_caselaw", str(write(tmp_path, doc)), *args, stdout=Out())
    except Exception as raised:
        error = str(raised)
    return "".join(out), error


# Identifiers.


def test_a_field_holding_several_numbers_is_several_numbers():
    assert split_case_numbers("174245 174246") == ["174245", "174246"]
    assert split_case_numbers("93861 ! 94360") == ["93861", "94360"]
    assert split_case_numbers("C-511/18, C-512/18 et C-520/18") == [
        "C-511/18",
        "C-512/18",
        "C-520/18",
    ]
    assert split_case_numbers("2016 No. 4809 P") == ["2016 No. 4809 P"]
    assert split_case_numbers("450 163") == ["450 163"]


def test_case_numbers_have_one_normal_form_per_court():
    assert {case_number_key(n) for n in ("C-311/18", "C 311/18", "C311/18", "c-311/18")} == {
        "C-311/18"
    }
    assert case_number_key("02958") == case_number_key("2958") == "2958"
    assert case_number_key("C3694", court=("FR", "TC")) == "3694"
    assert case_number_key("C3694") == "C3694"  # elsewhere the letter belongs to the number


def test_the_conseil_d_etat_publishes_under_several_ecli_court_codes():
    main = ecli_court_key("FR", "CE")
    assert all(ecli_court_key("FR", code) == main for code in ("CEORD", "CESEC", "CEASS"))
    assert ecli_court_key("EU", "C") != ecli_court_key("EU", "T")


# A judgment and its Advocate General's opinion share their case number.


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_a_judgment_and_its_opinion_without_ecli_are_two_rulings_in_either_order(
    db, tmp_path, order
):
    rulings = [BREYER_JUDGMENT, BREYER_OPINION]
    doc = document(courts=[CJEU], rulings=[rulings[i] for i in order])
    assert run(tmp_path, doc) == ""
    assert Ruling.objects.count() == 2
    opinion = Ruling.objects.get(kind="opinion")
    assert opinion.decided_on == dt.date(2016, 5, 12) and opinion.ecli is None
    judgment = Ruling.objects.get(kind="judgment")
    assert judgment.ecli == "ECLI:EU:C:2016:779"
    assert [n.number for n in opinion.numbers.all()] == ["C-582/14"]


@pytest.mark.parametrize("first", [BREYER_JUDGMENT, BREYER_OPINION])
def test_a_judgment_and_its_opinion_from_two_files_are_two_rulings(db, tmp_path, first):
    second = BREYER_OPINION if first is BREYER_JUDGMENT else BREYER_JUDGMENT
    assert run(tmp_path, document(courts=[CJEU], rulings=[first]), name="1.json") == ""
    assert run(tmp_path, document(courts=[CJEU], rulings=[second]), name="2.json") == ""
    assert sorted(Ruling.objects.values_list("kind", "decided_on")) == [
        ("judgment", dt.date(2016, 10, 19)),
        ("opinion", dt.date(2016, 5, 12)),
    ]


@pytest.mark.parametrize("opinion_first", [True, False])
def test_an_opinion_with_its_ecli_refers_to_its_judgment_in_either_order(
    db, tmp_path, opinion_first
):
    opinion = {**BREYER_OPINION, "ecli": "ECLI:EU:C:2016:339", "opinion_for": "ECLI:EU:C:2016:779"}
    rulings = [opinion, BREYER_JUDGMENT] if opinion_first else [BREYER_JUDGMENT, opinion]
    assert run(tmp_path, document(courts=[CJEU], rulings=rulings)) == ""
    stored = Ruling.objects.get(ecli="ECLI:EU:C:2016:339")
    assert stored.opinion_for == Ruling.objects.get(ecli="ECLI:EU:C:2016:779")
    # and the same file again changes nothing
    before = snapshot()
    assert run(tmp_path, document(courts=[CJEU], rulings=rulings[::-1])) == ""
    assert snapshot() == before


def test_an_opinion_without_ecli_names_its_judgment_by_position(db, tmp_path):
    opinion = {**BREYER_OPINION, "opinion_for": "ECLI:EU:C:2016:779"}
    assert run(tmp_path, document(courts=[CJEU], rulings=[opinion, BREYER_JUDGMENT])) == ""
    assert Ruling.objects.get(kind="opinion").opinion_for.ecli == "ECLI:EU:C:2016:779"


def test_schrems_ii_given_by_number_leaves_the_demo_opinion_an_opinion(demo, tmp_path):
    court = Court.objects.get(slug="cjue")
    opinion = Ruling.objects.get(kind="opinion", numbers__number="C-311/18")
    judgment = {
        "court": str(court.uid),
        "kind": "judgment",
        "decided_on": "2020-07-16",
        "numbers": ["C-311/18"],
        "summary_en": "Privacy Shield invalid.",
    }
    count = Ruling.objects.count()
    assert run(tmp_path, document(rulings=[judgment])) == ""
    assert Ruling.objects.count() == count
    assert Ruling.objects.get(ecli="ECLI:EU:C:2020:559").summary_en == "Privacy Shield invalid."
    opinion.refresh_from_db()
    assert (opinion.kind, opinion.decided_on) == ("opinion", dt.date(2019, 12, 19))


def test_opinion_then_judgment_by_number_on_the_demo_merge_without_a_version_error(demo, tmp_path):
    court = str(Court.objects.get(slug="cjue").uid)
    rulings = [
        {"court": court, "kind": "opinion", "decided_on": "2019-12-19", "numbers": ["C311/18"]},
        {"court": court, "kind": "judgment", "decided_on": "2020-07-16", "numbers": ["C311/18"]},
    ]
    count = Ruling.objects.count()
    assert run(tmp_path, document(rulings=rulings)) == ""
    assert Ruling.objects.count() == count
    assert Ruling.objects.filter(kind="opinion", decided_on="2019-12-19").count() == 1


def test_two_conseil_d_etat_decisions_with_one_number_and_kind_are_two(db, tmp_path):
    rulings = [
        {"court": CONSEIL_ETAT["uid"], "kind": "decision", "decided_on": day, "numbers": ["393099"]}
        for day in ("2016-06-01", "2017-07-12")  # a sursis à statuer, then the decision
    ]
    assert run(tmp_path, document(courts=[CONSEIL_ETAT], rulings=rulings)) == ""
    assert Ruling.objects.count() == 2
    before = snapshot()
    assert run(tmp_path, document(courts=[CONSEIL_ETAT], rulings=rulings)) == ""
    assert snapshot() == before


def test_a_numbers_field_holding_two_numbers_gives_two_numbers(db, tmp_path):
    ruling = {
        "court": CONSEIL_ETAT["uid"],
        "kind": "decision",
        "decided_on": "1999-01-01",
        "numbers": ["174245 174246"],
    }
    assert run(tmp_path, document(courts=[CONSEIL_ETAT], rulings=[ruling])) == ""
    assert sorted(Ruling.objects.get().numbers.values_list("number", flat=True)) == [
        "174245",
        "174246",
    ]


# The same file twice; a file overlapping the demo.


def overlapping_demo_file() -> dict:
    """The demo's courts, cases and rulings as another instance would have them: other uids,
    other court slugs, numbers spelt otherwise."""
    cases, rulings = [], []
    for slug, court, number, day, kind, ecli in (
        ("schrems-1", CJEU, "C-362/14", "2015-10-06", "judgment", "ECLI:EU:C:2015:650"),
        ("schrems-2", CJEU, "C 311/18", "2020-07-16", "judgment", "ECLI:EU:C:2020:559"),
        (
            "hdh",
            CONSEIL_ETAT,
            "444937",
            "2020-10-13",
            "order",
            "ECLI:FR:CEORD:2020:444937.20201013",
        ),
        ("doctolib", CONSEIL_ETAT, "450163", "2021-03-12", "order", ""),
    ):
        proceeding = str(uuid.uuid5(uuid.NAMESPACE_URL, f"other/{slug}/p"))
        cases.append(
            {
                "uid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"other/{slug}")),
                "slug": f"other-{slug}",
                "title_fr": f"Affaire {slug}",
                "status": "decided",
                "publication": "published",
                "proceedings": [
                    {
                        "uid": proceeding,
                        "court": court["uid"],
                        "number": number,
                        "procedure": "preliminary_reference" if court is CJEU else "refere_liberte",
                    }
                ],
            }
        )
        ruling = {
            "court": court["uid"],
            "proceeding": proceeding,
            "kind": kind,
            "decided_on": day,
            "numbers": [number],
        }
        rulings.append({**ruling, "ecli": ecli} if ecli else ruling)
    citations = [
        {
            "uid": str(uuid.uuid5(uuid.NAMESPACE_URL, "other/citation")),
            "citing_ruling": "ECLI:EU:C:2020:559",
            "cited": "ECLI:EU:C:2015:650",
            "treatment": "follows",
            "found_in": {"quote": "arrêt du 6 octobre 2015, Schrems", "paragraph": "152"},
        }
    ]
    return document(courts=[CJEU, CONSEIL_ETAT], cases=cases, rulings=rulings, citations=citations)


def test_a_file_overlapping_the_demo_merges_into_it(demo, tmp_path):
    counts = {m: m.objects.count() for m in (Court, Case, Proceeding, Ruling, Citation)}
    slugs = sorted(Case.objects.values_list("slug", flat=True))
    doc = overlapping_demo_file()
    assert run(tmp_path, doc) == ""
    assert {m: m.objects.count() for m in counts} == counts
    assert sorted(Case.objects.values_list("slug", flat=True)) == slugs
    assert set(Court.objects.values_list("slug", flat=True)) >= {"cjue", "ce"}
    # the proceedings keep the demo's spelling, and the stored cases their titles' slugs
    assert Proceeding.objects.filter(number="C-311/18").count() == 1
    # the demo's citation, named by another uid, is the file's and records where it was found
    citation = Citation.objects.get(cited__ecli="ECLI:EU:C:2015:650")
    assert SourceRecord.objects.get(object_id=citation.pk).found_paragraph == "152"
    before = snapshot()
    assert run(tmp_path, doc) == ""
    assert snapshot() == before


def test_the_same_file_twice_changes_nothing(db, tmp_path):
    doc = document(courts=[CJEU], rulings=[BREYER_JUDGMENT, BREYER_OPINION])
    assert run(tmp_path, doc) == ""
    before = snapshot()
    output, error = command_output(tmp_path, doc, "--dry-run")
    assert error == ""
    assert "rulings[0]: unchanged" in output and "rulings[1]: unchanged" in output
    assert run(tmp_path, doc) == ""
    assert snapshot() == before


# Conflicts.


def test_an_ecli_naming_a_ruling_of_another_kind_is_a_conflict_and_nothing_is_written(
    demo, tmp_path
):
    court = str(Court.objects.get(slug="cjue").uid)
    wrong = {
        "court": court,
        "kind": "opinion",
        "decided_on": "2020-07-16",
        "ecli": "ECLI:EU:C:2020:559",
        "summary_en": "must not be written",
    }
    new_case = {
        "uid": str(uuid.uuid4()),
        "title_fr": "Nouvelle affaire",
        "status": "filed",
        "publication": "draft",
    }
    before = snapshot()
    message = run(tmp_path, document(cases=[new_case], rulings=[wrong]))
    assert "rulings[0]: conflict" in message
    assert "its ECLI names a stored ruling of another kind" in message
    # a command is trusted: it sees the stored side
    assert "stored: ruling cjue-2020-07-16-c-311-18 (judgment, 2020-07-16" in message
    assert snapshot() == before
    assert not Ruling.objects.filter(summary_en="must not be written").exists()


def test_identifiers_naming_two_rulings_are_a_conflict(demo, tmp_path):
    court = str(Court.objects.get(slug="cjue").uid)
    schrems_1 = Ruling.objects.get(ecli="ECLI:EU:C:2015:650")
    both = {
        "uid": str(schrems_1.uid),
        "court": court,
        "kind": "judgment",
        "decided_on": "2015-10-06",
        "ecli": "ECLI:EU:C:2020:559",
    }
    before = snapshot()
    message = run(tmp_path, document(rulings=[both]))
    assert "its identifiers (uid, ECLI) name different stored rulings" in message
    assert snapshot() == before


def test_dry_run_says_per_record_created_updated_unchanged_or_conflict(demo, tmp_path):
    court = str(Court.objects.get(slug="cjue").uid)
    rulings = [
        {
            "court": court,
            "kind": "judgment",
            "decided_on": "2015-10-06",
            "ecli": "ECLI:EU:C:2015:650",
        },
        {
            "court": court,
            "kind": "judgment",
            "decided_on": "2020-07-16",
            "ecli": "ECLI:EU:C:2020:559",
            "summary_en": "New summary",
        },
        {**BREYER_JUDGMENT, "court": court},
    ]
    before = snapshot()
    output, error = command_output(tmp_path, document(rulings=rulings), "--dry-run")
    assert error == ""
    assert "rulings[0]: unchanged" in output
    assert "rulings[1]: updated (summary_en)" in output
    assert "rulings[2]: created" in output
    rulings.append({**rulings[0], "kind": "order"})
    output, error = command_output(tmp_path, document(rulings=rulings), "--dry-run")
    assert "rulings[3]: conflict" in output
    assert "rulings[3]: conflict: this ruling cannot be matched" in error
    assert snapshot() == before


# Parties.


def test_two_natural_persons_with_the_same_pseudonym_are_two_parties(db, tmp_path):
    people = [
        {"uid": str(uuid.uuid4()), "name": "M. A...", "kind": "natural_person"} for _ in range(2)
    ]
    assert run(tmp_path, document(parties=people)) == ""
    assert Party.objects.filter(name="M. A...").count() == 2
    more = [{"uid": str(uuid.uuid4()), "name": "M. A...", "kind": "natural_person"}]
    assert run(tmp_path, document(parties=more), name="2.json") == ""
    assert Party.objects.filter(name="M. A...").count() == 3


def test_an_organisation_is_matched_by_kind_and_folded_name(db, tmp_path):
    stored = services.party_save(
        party=Party(name="Ligue des droits de l'Homme", kind="association")
    )
    theirs = {
        "uid": str(uuid.uuid4()),
        "slug": "ldh",
        "name": "LIGUE DES DROITS DE L\u2019HOMME",
        "kind": "association",
    }
    union = {**theirs, "uid": str(uuid.uuid4()), "kind": "union"}
    assert run(tmp_path, document(parties=[theirs, union])) == ""
    stored.refresh_from_db()
    assert stored.name == "Ligue des droits de l'Homme"  # kept as stored
    assert Party.objects.filter(kind="association").count() == 1
    assert Party.objects.filter(kind="union").count() == 1


# Refusals: one line per root cause, in one language.


def test_a_refused_court_gives_one_line_listing_the_records_it_affects(db, tmp_path):
    broken = {**CJEU, "name_en": ""}  # no name: the model's check refuses it, not the schema
    doc = document(courts=[broken], rulings=[BREYER_JUDGMENT, BREYER_OPINION])
    message = run(tmp_path, doc)
    lines = message.splitlines()
    assert lines[0] == "1 problem(s); nothing was imported."
    assert lines[1].startswith("courts[0]: ")
    assert "(also affects rulings[0], rulings[1])" in lines[1]
    assert "not in the file nor in the database" not in message
    assert len(lines) == 2


def test_messages_are_english_by_default_and_french_when_asked(db, tmp_path):
    party = {"uid": str(uuid.uuid4()), "name": "X", "kind": "company", "website": "not a url"}
    with translation.override("fr"):  # the language a command runs in by default
        _out, english = command_output(tmp_path, document(parties=[party]))
        _out, french = command_output(tmp_path, document(parties=[party]), "--lang", "fr")
    assert "Enter a valid URL" in english and "Saisissez" not in english
    assert "Saisissez une URL valide" in french


# Provenance and source identifiers.


def sourced(ruling: dict, **provenance) -> dict:
    return {
        **ruling,
        "provenance": {
            "source": "dila-jade",
            "source_id": "CETATEXT000043261301",
            "urls": ["https://www.legifrance.gouv.fr/ceta/id/CETATEXT000043261301"],
            "retrieved_at": "2026-12-01T10:00:00+00:00",
            "verified": True,
            "note": "checked against the PDF",
            **provenance,
        },
    }


def test_provenance_is_stored_exported_and_reimported_unchanged(db, tmp_path):
    ruling = sourced(
        {
            "court": CONSEIL_ETAT["uid"],
            "kind": "order",
            "decided_on": "2021-03-12",
            "numbers": ["450163"],
        }
    )
    citing = {
        "court": CONSEIL_ETAT["uid"],
        "kind": "decision",
        "decided_on": "2021-01-01",
        "numbers": ["460001"],
    }
    citation = {
        "uid": str(uuid.uuid4()),
        "citing_ruling": None,
        "cited": "ECLI:EU:C:2016:779",
        "found_in": {"quote": "CJUE, 19 octobre 2016, Breyer", "paragraph": "12"},
    }
    doc = document(courts=[CONSEIL_ETAT, CJEU], rulings=[ruling, BREYER_JUDGMENT, citing])
    assert run(tmp_path, doc) == ""
    stored = SourceRecord.objects.get(source="dila-jade")
    assert stored.record == Ruling.objects.get(numbers__number="450163")
    assert stored.urls == ruling["provenance"]["urls"] and stored.verified
    citing_uid = str(Ruling.objects.get(numbers__number="460001").uid)
    doc2 = document(citations=[{**citation, "citing_ruling": citing_uid}])
    assert run(tmp_path, doc2, name="2.json") == ""
    exported = export_document()
    record = next(r for r in exported["rulings"] if r["numbers"] == ["450163"])
    assert record["provenance"] == ruling["provenance"]
    assert exported["citations"][0]["found_in"] == citation["found_in"]
    before = snapshot()
    assert run(tmp_path, json.loads(json.dumps(exported)), name="3.json") == ""
    assert snapshot() == before


def test_a_ruling_is_matched_by_its_source_identifier_before_its_number(db, tmp_path):
    ruling = sourced(
        {
            "court": CONSEIL_ETAT["uid"],
            "kind": "order",
            "decided_on": "2021-03-12",
            "numbers": ["450163"],
        }
    )
    assert run(tmp_path, document(courts=[CONSEIL_ETAT], rulings=[ruling])) == ""
    renumbered = {**ruling, "numbers": ["450164"], "summary_fr": "Rejet."}
    assert run(tmp_path, document(courts=[CONSEIL_ETAT], rulings=[renumbered]), name="2") == ""
    stored = Ruling.objects.get()
    assert stored.summary_fr == "Rejet."
    # the source identifier naming a ruling of another date is a conflict
    moved = {**ruling, "decided_on": "2021-03-13"}
    message = run(tmp_path, document(courts=[CONSEIL_ETAT], rulings=[moved]), name="3")
    assert "its source identifier names a stored ruling of another date" in message


def test_version_1_files_still_import(db, tmp_path):
    doc = document(courts=[CJEU], rulings=[BREYER_JUDGMENT])
    doc["version"] = 1
    assert run(tmp_path, doc) == ""
    assert Ruling.objects.count() == 1


# The module's API, as a source connector uses it: one record at a time.


def test_matcher_answers_new_same_update_or_conflict(demo):
    court = Court.objects.get(slug="cjue")
    keys = RulingKeys(
        court=court, kind="judgment", decided_on=dt.date(2020, 7, 16), numbers=["C 311/18"]
    )
    stored = Ruling.objects.get(ecli="ECLI:EU:C:2020:559")
    assert Matcher().ruling(keys, {"short_name": stored.short_name}).kind == SAME
    match = Matcher().ruling(keys, {"short_name": "Facebook Ireland and Schrems"})
    assert (match.kind, match.row, list(match.differences)) == (UPDATE, stored, ["short_name"])
    keys.kind = "order"
    assert Matcher().ruling(keys).kind == NEW
    keys.ecli = "ECLI:EU:C:2020:559"
    match = Matcher().ruling(keys)
    assert match.kind == CONFLICT and match.conflict.rows == [stored]


def test_import_all_or_nothing_leaves_the_database_unchanged_on_conflict(demo):
    court = str(Court.objects.get(slug="cjue").uid)
    hearing_count = Hearing.objects.count()
    doc = document(
        rulings=[
            {**BREYER_JUDGMENT, "court": court},
            {
                "court": court,
                "kind": "order",
                "decided_on": "2015-10-06",
                "ecli": "ECLI:EU:C:2015:650",
            },
        ]
    )
    problems, _stats = import_all_or_nothing(doc)
    assert [p.position for p in problems] == ["rulings[1]"]
    assert problems[0].conflict
    assert not Ruling.objects.filter(ecli="ECLI:EU:C:2016:779").exists()
    assert Hearing.objects.count() == hearing_count


def test_a_court_without_ecli_code_is_matched_by_country_and_folded_name(demo, tmp_path):
    court = {**CONSEIL_ETAT, "ecli_code": "", "name_fr": "CONSEIL D'ETAT"}
    ruling = {"court": court["uid"], "kind": "order", "decided_on": "2021-03-12"}
    ruling["numbers"] = ["450163"]
    counts = (Court.objects.count(), Ruling.objects.count())
    assert run(tmp_path, document(courts=[court], rulings=[ruling])) == ""
    assert (Court.objects.count(), Ruling.objects.count()) == counts


def test_tribunal_des_conflits_numbers_meet_with_or_without_their_letter(db, tmp_path):
    tc = {
        "uid": str(uuid.uuid4()),
        "slug": "tc",
        "name_fr": "Tribunal des conflits",
        "country": "FR",
        "ecli_code": "TC",
        "kind": "judicial",
    }
    first = {"court": tc["uid"], "kind": "decision", "decided_on": "2010-05-17"}
    assert run(tmp_path, document(courts=[tc], rulings=[{**first, "numbers": ["C3694"]}])) == ""
    again = {**first, "numbers": ["3694"], "summary_fr": "Compétence judiciaire."}
    assert run(tmp_path, document(courts=[tc], rulings=[again]), name="2.json") == ""
    assert Ruling.objects.get().summary_fr == "Compétence judiciaire."
