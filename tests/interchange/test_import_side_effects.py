"""What an import moves beyond its rows: the cited-by counts its changes touch are recounted
once, in bulk, at the end (citations.services.refreshes_deferred), and one domain event tells
the page cache (interchange.signals.data_imported)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from citations import services
from citations.models import stats_of
from interchange.importer import import_all_or_nothing
from interchange.signals import data_imported
from tests import factories as f

pytestmark = pytest.mark.django_db


def document(citations: list[dict]) -> dict:
    doc = {"format": "casetracker-caselaw", "version": 1, "citations": citations}
    return doc | {key: [] for key in ("courts", "parties", "cases", "rulings")}


def imported(doc: dict):
    with translation.override("en"):
        return import_all_or_nothing(doc)


def test_citations_moved_by_an_import_recount_both_ends_in_one_bulk_write():
    before, after = f.RulingFactory(), f.RulingFactory()
    citations = [
        services.citation_create(citing=f.RulingFactory(), cited=before, verified=True)
        for _ in range(2)
    ]
    assert stats_of(before).count == 2
    rows = [
        {
            "uid": str(citation.uid),
            "citing_ruling": str(citation.citing_ruling.uid),
            "cited": str(after.uid),
            "treatment": "follows",
            "verified": True,
        }
        for citation in citations
    ]

    with CaptureQueriesContext(connection) as captured:
        problems, _stats = imported(document(rows))

    assert problems == []
    writes = [q["sql"] for q in captured.captured_queries if "citations_citedbystats" in q["sql"]]
    writes = [sql for sql in writes if sql.startswith(("INSERT", "UPDATE"))]
    assert len(writes) == 2  # one upsert for the counted ruling, one update to zero
    for ruling in (before, after):
        ruling.refresh_from_db()
    assert (stats_of(before).count, stats_of(before).treatments) == (0, {})
    assert (stats_of(after).count, stats_of(after).treatments) == (2, {"follows": 2})


def test_a_kept_import_sends_one_event_a_dry_run_or_a_refused_one_none():
    received = []

    def listener(sender, **kwargs):
        received.append(kwargs["stats"])

    data_imported.connect(listener)
    try:
        cited = f.RulingFactory()
        row = {"uid": "8a0c2d4e-0000-4000-8000-000000000001", "cited": str(cited.uid)}
        row["citing_ruling"] = str(f.RulingFactory().uid)
        with translation.override("en"):
            problems, _stats = import_all_or_nothing(document([row]), dry_run=True)
        assert problems == [] and received == []
        problems, _stats = imported(document([{**row, "cited": row["citing_ruling"]}]))
        assert problems and received == []  # a self-citation: refused, rolled back
        problems, stats = imported(document([row]))
        assert problems == []
        assert received == [stats]
    finally:
        data_imported.disconnect(listener)
