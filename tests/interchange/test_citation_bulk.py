"""The bulk path of the citation import (interchange/bulk_citations.py) against the per-row
path it replaces: same rows, same history, same problems, and a number of queries that does
not grow with the number of citations."""

import copy
import itertools
import uuid

import jsonschema
import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from citations.models import Citation, CitedByStats, stats_of
from interchange import bulk_citations as bulk
from interchange.conformance import conforms
from interchange.export import export_document
from interchange.format import schema
from interchange.importer import import_all_or_nothing
from tests.factories import CitationFactory, CourtFactory, FilingFactory, RulingFactory


@pytest.fixture
def rulings(db):
    court = CourtFactory()
    return [RulingFactory(court=court) for _ in range(8)]


@pytest.fixture
def filing(db):
    return FilingFactory()


def document(citations: list[dict]) -> dict:
    return {
        "format": "casetracker-caselaw",
        "version": 1,
        "courts": [],
        "parties": [],
        "cases": [],
        "rulings": [],
        "citations": citations,
    }


def citation(citing, cited, **fields) -> dict:
    key = "citing_filing" if citing.__class__.__name__ == "Filing" else "citing_ruling"
    return {"uid": str(uuid.uuid4()), key: str(citing.uid), "cited": str(cited.uid), **fields}


def varied(rulings, filing) -> list[dict]:
    """Citations by uid and by ECLI, from rulings and a filing, with and without fields."""
    rows = [citation(a, b) for a, b in itertools.permutations(rulings[:5], 2)]  # 20 pairs, defaults
    rows[0] |= {"treatment": "follows", "pinpoint": "§ 12", "quote": "« Texte »"}
    rows[1] |= {"origin": "extracted", "verified": True, "treatment": "overrules"}
    rows.append(citation(filing, rulings[0], treatment="questions", verified=True))
    rows.append(
        {
            "uid": str(uuid.uuid4()),
            "citing_ruling": rulings[6].ecli.lower(),
            "cited": rulings[7].ecli,
            "citing_filing": None,
        }
    )
    # Both citing items given: the per-row path keeps the ruling (and checks the filing).
    rows.append(citation(rulings[7], rulings[6]) | {"citing_filing": str(filing.uid)})
    return rows


def per_row(monkeypatch) -> None:
    """The previous behaviour: every citation through Importer.citation."""

    def run(self, rows):
        for i, row in enumerate(rows):
            self.importer.citation(row, f"citations[{i}]")

    monkeypatch.setattr(bulk.CitationBulkImport, "run", run)


def stored() -> dict:
    """Every citation (by uid, with its references' uids and fields) and its history."""
    uid_of = dict(Citation.objects.values_list("pk", "uid"))
    rows = sorted(
        Citation.objects.values_list(
            "uid",
            "citing_ruling__uid",
            "citing_filing__uid",
            "cited__uid",
            "treatment",
            "pinpoint",
            "quote",
            "origin",
            "verified",
            "version",
            "citing_date",
        )
    )
    # What the citation services derive: the rulings' cited-by counts (a row of zeros is the
    # same as no row).
    counts = sorted(
        CitedByStats.objects.exclude(count=0, rulings_count=0).values_list(
            "ruling__uid", "count", "rulings_count", "treatments"
        )
    )
    history = sorted(
        (uid_of[pk], kind, user, reason)
        for pk, kind, user, reason in Citation.history.values_list(
            "id", "history_type", "history_user_id", "history_change_reason"
        )
    )
    return {"citations": rows, "history": history, "counts": counts}


def back_to(citation_ids: set, history_ids: set) -> None:
    """Remove what an import added (citations and history records alike)."""
    Citation.objects.exclude(pk__in=citation_ids).delete()
    Citation.history.exclude(history_id__in=history_ids).delete()


def import_both_ways(monkeypatch, doc) -> tuple[tuple, tuple]:
    """(problems, rows) of the bulk path, then of the per-row path, from the same state."""
    citation_ids = set(Citation.objects.values_list("pk", flat=True))
    history_ids = set(Citation.history.values_list("history_id", flat=True))
    with translation.override("en"):
        problems, _stats = import_all_or_nothing(copy.deepcopy(doc))
    by_bulk = ([(p.position, p.reason) for p in problems], stored())
    back_to(citation_ids, history_ids)
    with monkeypatch.context() as patch:
        per_row(patch)
        with translation.override("en"):
            problems, _stats = import_all_or_nothing(copy.deepcopy(doc))
    by_row = ([(p.position, p.reason) for p in problems], stored())
    return by_bulk, by_row


@pytest.mark.parametrize(("batch_size", "recount_all"), [(bulk.BATCH_SIZE, 20_000), (3, 1)])
def test_bulk_and_per_row_imports_write_the_same_citations_and_history(
    rulings, filing, monkeypatch, batch_size, recount_all
):
    monkeypatch.setattr(bulk, "BATCH_SIZE", batch_size)
    monkeypatch.setattr(bulk, "RECOUNT_ALL", recount_all)
    rows = varied(rulings, filing)
    by_bulk, by_row = import_both_ways(monkeypatch, document(rows))
    assert by_bulk[0] == [] and by_row[0] == []
    assert len(by_bulk[1]["citations"]) == len(rows)
    assert len(by_bulk[1]["history"]) == len(rows)
    assert by_bulk[1] == by_row[1]
    overruled = Citation.objects.get(uid=rows[1]["uid"])
    assert (overruled.treatment, overruled.origin, overruled.verified) == (
        "overrules",
        "extracted",
        True,
    )
    both = Citation.objects.get(uid=rows[-1]["uid"])
    assert both.citing_ruling == rulings[7] and both.citing_filing is None
    assert both.citing_date == rulings[7].decided_on
    # The stored counts take verified citations only: four unverified rulings and the
    # verified filing cite rulings[0]; the graph's count has the four rulings.
    rulings[0].refresh_from_db()
    assert (stats_of(rulings[0]).count, stats_of(rulings[0]).rulings_count) == (1, 4)
    assert stats_of(rulings[0]).treatments == {"questions": 1}
    rulings[2].refresh_from_db()  # rows[1], verified, overrules it
    assert (stats_of(rulings[2]).count, stats_of(rulings[2]).treatments) == (1, {"overrules": 1})


@pytest.mark.parametrize("batch_size", [bulk.BATCH_SIZE, 2])
def test_bulk_and_per_row_imports_report_the_same_problems(
    rulings, filing, monkeypatch, batch_size
):
    monkeypatch.setattr(bulk, "BATCH_SIZE", batch_size)
    CitationFactory(citing_ruling=rulings[0], cited=rulings[1])  # already in the database
    rows = [
        citation(rulings[2], rulings[3]),
        citation(rulings[0], rulings[1]),  # linked in the database
        citation(rulings[4], rulings[4]),  # self-citation
        citation(rulings[2], rulings[3]),  # linked earlier in the file
        {"uid": str(uuid.uuid4()), "cited": str(rulings[5].uid)},  # no citing item
        citation(rulings[5], rulings[6]) | {"cited": str(uuid.uuid4())},  # unknown ruling
        citation(rulings[5], rulings[6]) | {"cited": "ECLI:nonsense"},  # malformed ECLI
        citation(filing, rulings[2]) | {"citing_filing": str(uuid.uuid4())},  # unknown filing
        citation(filing, rulings[2]),
        citation(filing, rulings[2]),  # the filing already cites it, earlier in the file
        citation(rulings[6], rulings[7]),
    ]
    by_bulk, by_row = import_both_ways(monkeypatch, document(rows))
    assert by_bulk == by_row
    positions = [position for position, _reason in by_bulk[0]]
    assert positions == [f"citations[{i}]" for i in (1, 2, 3, 4, 5, 6, 7, 9)]
    reasons = dict(by_bulk[0])
    assert reasons["citations[1]"] == "This ruling already cites that ruling."
    assert reasons["citations[2]"] == "A ruling cannot cite itself."
    assert reasons["citations[4]"] == "A citation comes from one ruling or one filing."
    assert "unknown cited ruling" in reasons["citations[5]"]
    assert "malformed ECLI" in reasons["citations[6]"]
    assert "unknown citing filing" in reasons["citations[7]"]
    assert reasons["citations[9]"] == "This filing already cites that ruling."
    # All or nothing: only the citation that was there before.
    assert Citation.objects.count() == 1


def test_reimporting_citations_changes_nothing_and_a_changed_one_is_updated(
    rulings, filing, english
):
    rows = varied(rulings, filing)[:-1]  # (a row naming both citing items fails when re-read)
    assert import_all_or_nothing(document(rows))[0] == []
    before = stored()
    problems, stats = import_all_or_nothing(document(rows))
    assert problems == [] and stats[("citations", "unchanged")] == len(rows)
    assert stored() == before
    rows[2]["treatment"] = "criticises"
    problems, stats = import_all_or_nothing(document(rows))
    assert problems == [] and stats[("citations", "updated")] == 1
    assert Citation.objects.get(uid=rows[2]["uid"]).treatment == "criticises"
    assert Citation.objects.count() == len(rows)


def test_a_batch_the_database_refuses_goes_through_the_per_row_path(rulings, filing, monkeypatch):
    def refuse(self, rows, now):
        raise DatabaseError("refused")

    monkeypatch.setattr(bulk.CitationBulkImport, "copy", refuse)
    monkeypatch.setattr(bulk.CitationBulkImport, "bulk_create", refuse)
    rows = varied(rulings, filing)
    problems, stats = import_all_or_nothing(document(rows))
    assert problems == []
    assert stats[("citations", "created")] == len(rows)
    assert Citation.objects.count() == Citation.history.count() == len(rows)


def test_the_citation_import_makes_as_many_queries_for_40_citations_as_for_10(rulings):
    """Guards the per-row cost: no query may depend on the number of citations."""
    pairs = list(itertools.permutations(rulings, 2))
    counts = []
    for chunk in (pairs[:10], pairs[10:50]):
        with CaptureQueriesContext(connection) as queries:
            problems, _stats = import_all_or_nothing(document([citation(a, b) for a, b in chunk]))
        assert problems == []
        counts.append(len(queries))
    assert Citation.objects.count() == 50
    assert counts[0] == counts[1]


def test_the_compiled_schema_check_agrees_with_jsonschema(rulings, filing, demo):
    validator = jsonschema.Draft202012Validator(schema())
    valid = export_document() | {"citations": varied(rulings, filing)}
    assert conforms(valid) and validator.is_valid(valid)
    breakages = [
        ("citations", 0, "uid", "not-a-uuid"),
        ("citations", 0, "treatment", "praises"),
        ("citations", 0, "pinpoint", "§" * 61),
        ("citations", 0, "verified", "yes"),
        ("citations", 0, "cited", ""),
        ("citations", 0, "cited", None),
        ("citations", 0, "surprise", 1),
        ("rulings", 0, "decided_on", "16 July 2020"),
        ("cases", 0, "status", 3),
    ]
    for kind, index, key, value in breakages:
        broken = copy.deepcopy(valid)
        broken[kind][index][key] = value
        assert not validator.is_valid(broken), (kind, key, value)
        assert not conforms(broken), (kind, key, value)
    missing = copy.deepcopy(valid)
    del missing["citations"][0]["cited"]
    assert not conforms(missing) and not validator.is_valid(missing)
    assert not conforms(valid | {"version": 3})  # an unknown version (1 and 2 are known)
    assert not conforms({**valid, "extra": []})


def test_a_stored_citation_moved_onto_a_pair_of_a_new_row_is_judged_in_file_order(
    rulings, monkeypatch
):
    stored_one = CitationFactory(citing_ruling=rulings[0], cited=rulings[1])
    moved = citation(rulings[0], rulings[2]) | {"uid": str(stored_one.uid)}
    rows = [citation(rulings[3], rulings[4]), moved, citation(rulings[0], rulings[2])]
    by_bulk, by_row = import_both_ways(monkeypatch, document(rows))
    assert by_bulk == by_row
    assert by_bulk[0] == [("citations[2]", "This ruling already cites that ruling.")]
