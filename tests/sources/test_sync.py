"""`sync_sources` end to end: real samples from a folder, an archive or the local replay server,
written into the database through the interchange importer."""

import contextlib
import datetime as dt
import io
import json
import shutil
import zipfile

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from cases.models import Court, Ruling, RulingNumber
from citations.models import Citation
from sources import connectors, locks, sync
from sources.locks import source_lock
from sources.models import SyncRun, SyncState
from tests import factories
from tests.sources.conftest import FIXTURES

pytestmark = pytest.mark.django_db

JADE = FIXTURES / "dila-jade"
ADMIN = FIXTURES / "justice-administrative"
JUDILIBRE = FIXTURES / "judilibre"


def sync_sources(*args):
    """The command's output and exit code (0, or 1 when records were skipped)."""
    out = io.StringIO()
    try:
        call_command("sync_sources", *args, stdout=out)
    except SystemExit as exit:
        return out.getvalue(), exit.code
    return out.getvalue(), 0


@pytest.fixture(autouse=True)
def no_pause(monkeypatch):
    monkeypatch.setenv("JUDILIBRE_MIN_INTERVAL", "0")
    monkeypatch.setenv("CELLAR_MIN_INTERVAL", "0")
    monkeypatch.setenv("SOURCES_BACKOFF_SECONDS", "0")


def test_jade_folder_goes_in_then_is_unchanged():
    out, code = sync_sources("dila-jade", "--from", str(JADE))
    assert code == 0, out
    assert "4 fetched, 4 created" in out
    ruling = Ruling.objects.get(ecli="ECLI:FR:CECHR:2026:508339.20260722")
    assert ruling.court.slug == "ce"
    assert ruling.decided_on.isoformat() == "2026-07-22"
    assert ruling.full_text.startswith("Vu la procédure suivante :")
    assert [n.number for n in ruling.numbers.all()] == ["508339"]
    # "Conseil d'Etat" (2002 file) and "Conseil d'État" (2026 file) are one court.
    assert Ruling.objects.filter(court__slug="ce").count() == 2
    assert Court.objects.filter(slug="tc").exists()
    out, code = sync_sources("dila-jade", "--from", str(JADE))
    assert code == 0
    assert "4 unchanged" in out
    run = SyncRun.objects.filter(source="dila-jade").first()
    assert (run.fetched, run.unchanged, run.created) == (4, 4, 0)
    assert run.ended is not None


def test_administrative_zip_archive_and_dry_run(tmp_path):
    archive = tmp_path / "CE_202107.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in ADMIN.glob("ORCE_*.xml"):
            zf.write(path, f"CE_202107/{path.name}")
    out, code = sync_sources("justice-administrative", "--from", str(archive), "--dry-run")
    assert code == 0, out
    assert "6 created" in out and "dry run" in out
    assert not Ruling.objects.exists()
    out, code = sync_sources("justice-administrative", "--from", str(archive))
    assert code == 0, out
    ruling = Ruling.objects.get(ecli="ECLI:FR:CEORD:2021:454159.20210728")
    assert ruling.kind == "order"
    assert ruling.court.slug == "ce"


def test_a_bad_record_is_named_and_skipped_the_rest_go_in(tmp_path):
    shutil.copytree(JADE, tmp_path / "dump", ignore=shutil.ignore_patterns("*.md"))
    (tmp_path / "dump" / "CETATEXT000000000001.xml").write_bytes(b"<TEXTE_JURI_ADMIN><META>")
    out, code = sync_sources("dila-jade", "--from", str(tmp_path / "dump"))
    assert code == 1
    assert "4 created" in out
    assert "skipped CETATEXT000000000001: JADE file: not well-formed XML" in out
    assert Ruling.objects.count() == 4


def test_archive_leaving_its_folder_is_refused_whole(tmp_path):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(JADE / "CETATEXT000054468101.xml", "CETATEXT000054468101.xml")
        zf.writestr("../CETATEXT000000000002.xml", b"<a/>")
    with pytest.raises(CommandError, match="points outside the archive"):
        sync_sources("dila-jade", "--from", str(archive))
    assert not Ruling.objects.exists()


def test_killed_run_resumes_where_it_stopped():
    options = connectors.Options(origin=str(JADE))

    def killed():
        for n, item in enumerate(connectors.items("dila-jade", options)):
            if n == 2:
                raise KeyboardInterrupt
            yield item

    with pytest.raises(KeyboardInterrupt):
        sync.run("dila-jade", killed(), options)
    assert Ruling.objects.count() == 2
    assert SyncState.objects.get(source="dila-jade").checkpoint["done"] == 2
    out, code = sync_sources("dila-jade", "--from", str(JADE))
    assert code == 0, out
    assert "2 fetched, 2 created, 0 updated, 0 unchanged" in out
    assert "resumed after 2 records" in out
    assert Ruling.objects.count() == 4


@contextlib.contextmanager
def held_by_another_run(source):
    """The source's lock, held as another process would: on PostgreSQL from another
    connection (an advisory lock is re-entrant within one session)."""
    if connection.vendor != "postgresql":
        with source_lock(source):
            yield
        return
    other = psycopg.connect(**connection.get_connection_params(), autocommit=True)
    try:
        other.execute("SELECT pg_advisory_lock(%s)", [locks._key(source)])
        yield
    finally:
        other.close()


def test_two_runs_of_one_source_at_once():
    with held_by_another_run("dila-jade"), pytest.raises(CommandError, match="another sync"):
        sync_sources("dila-jade", "--from", str(JADE))
    assert not Ruling.objects.exists()
    # Another source is free, and the lock is released afterwards.
    assert sync_sources("justice-administrative", "--from", str(ADMIN))[1] == 0
    assert sync_sources("dila-jade", "--from", str(JADE))[1] == 0


def test_judilibre_export_from_the_replay_server(httpserver):
    decision = json.loads((JUDILIBRE / "cc_sample_detail_unresolved.json").read_text())
    tcom = json.loads((JUDILIBRE / "tcom_sample_detail_unresolved.json").read_text())
    httpserver.expect_ordered_request("/export").respond_with_data(
        "", status=429, headers={"Retry-After": "0"}
    )
    for batch, results, next_batch in (
        (0, [decision], "batch=1"),
        (1, [tcom, {"id": "broken-1", "decision_date": "never"}], None),
    ):
        httpserver.expect_ordered_request("/export").respond_with_json(
            {"batch": batch, "results": results, "next_batch": next_batch}
        )
    # Then the deletions of the transactional history since that date: one, never stored.
    httpserver.expect_ordered_request("/transactionalhistory").respond_with_json(
        {"transactions": [{"id": "gone-1", "action": "deleted", "date": "2024-02-01"}]}
    )
    out, code = sync_sources(
        "judilibre", "--from", httpserver.url_for("/"), "--since", "2020-01-01", "--all"
    )
    assert code == 1
    assert "4 fetched, 2 created" in out
    assert "0 withdrawn" in out
    assert "skipped broken-1: broken-1: no decision_date" in out
    assert Ruling.objects.get(ecli="ECLI:FR:CCASS:2020:CO00740").court.slug == "cass"
    batches = [request.args.get("batch") for request, _response in httpserver.log]
    assert batches == ["0", "0", "1", None]  # the 429 retried, the next batch, the history


def test_judilibre_423_stops_the_run_with_a_clear_message(httpserver):
    httpserver.expect_request("/decision").respond_with_data("", status=423)
    with pytest.raises(CommandError, match="423 access blocked"):
        sync_sources("judilibre", "--from", httpserver.url_for("/"), "--query", "abc")
    run = SyncRun.objects.get(source="judilibre")
    assert "423 access blocked" in run.message
    assert len(httpserver.log) == 1


def test_judilibre_default_scope_empty_fetches_nothing(httpserver):
    # No saved query, no tracked ruling: the default scope asks the API nothing
    # (tests/sources/test_saved_queries.py tests the scope itself).
    out, code = sync_sources("judilibre", "--from", httpserver.url_for("/"))
    assert code == 0, out
    assert "0 fetched" in out
    assert httpserver.log == []


def test_cellar_notice_by_celex(httpserver):
    notice = (FIXTURES / "cjeu-cellar" / "celex_tree_62012FJ0157.xml").read_bytes()
    httpserver.expect_request(
        "/62012FJ0157", headers={"Accept": "application/xml;notice=tree"}
    ).respond_with_data(notice, content_type="application/xml")
    out, code = sync_sources(
        "cjeu-cellar", "--from", httpserver.url_for("/"), "--query", "62012FJ0157"
    )
    assert code == 0, out
    ruling = Ruling.objects.get(celex="62012FJ0157")
    assert ruling.ecli == "ECLI:EU:F:2014:164"
    assert ruling.kind == "judgment"
    assert [n.number for n in ruling.numbers.all()] == ["F-157/12"]


def test_cellar_since_is_unavailable():
    with pytest.raises(CommandError, match="unavailable"):
        sync_sources("cjeu-cellar", "--since", "2024-01-01")


def test_bad_since_date():
    with pytest.raises(CommandError, match="not a date"):
        sync_sources("judilibre", "--since", "yesterday")


def test_citations_in_an_ingested_text_are_stored_unverified(tmp_path):
    """ORCE_454160 asks to revise "l'ordonnance n° 447226 du 17 février 2021 du président de la
    section du contentieux du Conseil d'Etat": once that order is known, the link is found."""
    # Another order of the sample first: the Conseil d'État comes in as a court.
    sync_sources("justice-administrative", "--from", str(ADMIN / "ORCE_454161_20210728.xml"))
    court = Court.objects.get(slug="ce")
    cited = factories.RulingFactory(
        court=court, kind="order", decided_on=dt.date(2021, 2, 17), ecli="", reference=True
    )
    RulingNumber.objects.create(ruling=cited, number="447226")
    out, code = sync_sources(
        "justice-administrative", "--from", str(ADMIN / "ORCE_454160_20210728.xml")
    )
    assert code == 0, out
    assert "1 citations extracted (unverified)" in out
    citing = Ruling.objects.get(ecli="ECLI:FR:CESEC:2021:454160.20210728")
    [citation] = Citation.objects.filter(citing_ruling=citing)
    assert citation.cited == cited
    assert citation.verified is False
    assert citation.origin == Citation.Origin.EXTRACTED


def test_a_decision_the_source_withdraws_is_not_written(tmp_path):
    decision = json.loads((JUDILIBRE / "cc_sample_detail_unresolved.json").read_text())
    (tmp_path / "withdrawn.json").write_text(json.dumps({**decision, "to_be_deleted": True}))
    out, code = sync_sources("judilibre", "--from", str(tmp_path))
    assert code == 0
    assert "0 created" in out and "0 withdrawn" in out  # nothing stored to withdraw
    assert not Ruling.objects.exists()
