"""`sync_sources … --bulk`: the same dump through the per-record path and the bulk path gives
the same rows (rulings, their history, numbers, provenance, courts, extracted citations);
records that match stored rows take the per-record path; a dry run writes nothing."""

import io
import shutil
import zipfile

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command

from bench.sources_bench import generate
from cases.models import Court, Ruling, RulingNumber
from citations.models import Citation, CitedByStats
from interchange.models import SourceRecord
from sources import bulk
from sources.models import SyncRun, SyncState
from tests.sources.conftest import FIXTURES

pytestmark = pytest.mark.django_db

JADE = FIXTURES / "dila-jade"
ADMIN = FIXTURES / "justice-administrative"


def sync_sources(*args):
    out = io.StringIO()
    try:
        call_command("sync_sources", *args, stdout=out)
    except SystemExit as exit:
        return out.getvalue(), exit.code
    return out.getvalue(), 0


def snapshot() -> dict:
    """Every row the sync writes, without what differs by nature (ids, uids, times)."""
    slug = dict(Ruling.objects.values_list("pk", "slug"))
    skip = {"id", "uid", "created_at", "updated_at", "court"}
    fields = [f.attname for f in Ruling._meta.concrete_fields if f.name not in skip]
    rulings = sorted(
        (r.court.slug, *[getattr(r, f) for f in fields])
        for r in Ruling.objects.select_related("court")
    )
    history = sorted(
        (h.slug, h.history_type, h.version, h.history_user_id, h.full_text == "")
        for h in Ruling.history.all()
    )
    numbers = sorted(RulingNumber.objects.values_list("ruling__slug", "number"))
    ruling_type = ContentType.objects.get_for_model(Ruling)
    sources = sorted(
        (slug[s.object_id], s.source, s.source_id, tuple(s.urls), s.retrieved_at is not None)
        for s in SourceRecord.objects.filter(content_type=ruling_type)
    )
    courts = sorted(
        Court.objects.values_list("slug", "name_fr", "short_name_fr", "country", "ecli_code")
    )
    citations = sorted(
        Citation.objects.values_list(
            "citing_ruling__slug", "cited__slug", "origin", "verified", "citing_date"
        )
    )
    citation_history = sorted(
        (slug.get(citing), slug.get(cited), kind, version, user)
        for citing, cited, kind, version, user in Citation.history.values_list(
            "citing_ruling_id", "cited_id", "history_type", "version", "history_user_id"
        )
    )
    stats = sorted(
        (s.ruling.slug, *[getattr(s, f.attname) for f in CitedByStats._meta.concrete_fields[1:]])
        for s in CitedByStats.objects.select_related("ruling")
    )
    return {
        "citation_history": citation_history,
        "cited_by_stats": stats,
        "rulings": rulings,
        "history": history,
        "numbers": numbers,
        "sources": sources,
        "courts": courts,
        "citations": citations,
    }


def wipe():
    SourceRecord.objects.all().delete()
    Citation.objects.all().delete()
    Citation.history.all().delete()
    Ruling.objects.all().delete()
    Ruling.history.all().delete()
    Court.objects.all().delete()
    SyncState.objects.all().delete()
    SyncRun.objects.all().delete()


def counts(out: str) -> str:
    return out.splitlines()[0]


@pytest.fixture
def dump(tmp_path):
    """40 synthetic JADE decisions (each citing an earlier one), the real JADE samples, and
    the first synthetic decision again under another name (a duplicate within the dump)."""
    archive = generate(tmp_path / "synthetic.zip", 40)
    folder = tmp_path / "dump"
    folder.mkdir()
    with zipfile.ZipFile(archive) as zipped:
        for name in zipped.namelist():
            (folder / name.rsplit("/", 1)[1]).write_bytes(zipped.read(name))
    for sample in JADE.glob("*.xml"):
        shutil.copy(sample, folder / sample.name)
    first = sorted(folder.glob("CETATEXT9*.xml"))[0]
    shutil.copy(first, folder / "zz-again.xml")
    return folder


_per_record: dict = {}


def per_record_path(dump) -> tuple[str, dict]:
    """The per-record path's output and rows for the dump, then an empty database again. The
    dump is the same in every test (the generator's fixed seed), so the path runs once per
    module."""
    if not _per_record:
        out, code = sync_sources("dila-jade", "--from", str(dump))
        assert code == 0, out
        _per_record.update(out=out, rows=snapshot())
        wipe()
    return _per_record["out"], _per_record["rows"]


@pytest.mark.parametrize("batch", [7, 2000])
def test_bulk_gives_the_rows_of_the_per_record_path(dump, monkeypatch, batch):
    out, per_record = per_record_path(dump)
    assert Ruling.objects.count() == 0
    monkeypatch.setattr(bulk, "BATCH_SIZE", batch)
    bulk_out, code = sync_sources("dila-jade", "--from", str(dump), "--bulk")
    assert code == 0, bulk_out
    assert counts(bulk_out) == counts(out)
    assert "44 created" in counts(out) and "1 unchanged" in counts(out)
    assert snapshot() == per_record
    assert len(per_record["citations"]) > 10  # the synthetic texts cite earlier decisions
    assert SyncRun.objects.get().message.startswith("bulk: 44 rulings written in bulk")


def test_bulk_twice_changes_nothing(dump):
    sync_sources("dila-jade", "--from", str(dump), "--bulk")
    before = snapshot()
    out, code = sync_sources("dila-jade", "--from", str(dump), "--bulk")
    assert code == 0, out
    assert "0 created" in out and "45 unchanged" in out
    assert snapshot() == before


def test_records_matching_stored_rulings_take_the_per_record_path(dump, tmp_path):
    # Half the dump stored first: the rest is new and goes in bulk, the stored half is matched.
    part = tmp_path / "part"
    part.mkdir()
    for path in sorted(dump.glob("*.xml"))[::2]:
        shutil.copy(path, part / path.name)
    sync_sources("dila-jade", "--from", str(part))
    stored = Ruling.objects.count()
    out, code = sync_sources("dila-jade", "--from", str(dump), "--bulk")
    assert code == 0, out
    assert f"{44 - stored} created" in out
    assert Ruling.objects.count() == 44
    assert SourceRecord.objects.count() == 44


def test_a_record_the_model_refuses_is_reported_by_the_per_record_path(dump):
    bad = (dump / "CETATEXT000054468101.xml").read_text(encoding="utf-8")
    bad = bad.replace("ECLI:FR:CECHR:2026:508339.20260722", "ECLI:FR:nonsense")
    (dump / "CETATEXT000054468101.xml").write_text(bad, encoding="utf-8")
    out, code = sync_sources("dila-jade", "--from", str(dump), "--bulk")
    assert code == 1
    assert "skipped CETATEXT000054468101: " in out
    assert Ruling.objects.count() == 43


def test_bulk_dry_run_writes_nothing(dump):
    per_record, _code = sync_sources("dila-jade", "--from", str(dump), "--dry-run")
    out, code = sync_sources("dila-jade", "--from", str(dump), "--bulk", "--dry-run")
    assert code == 0, out
    # Nothing is kept, so the duplicate counts as new, as on the per-record path.
    assert counts(out) == counts(per_record)
    assert "45 created" in out and "dry run" in out
    assert Ruling.objects.count() == 0
    assert SourceRecord.objects.count() == 0


def test_bulk_reads_only_a_dump():
    with pytest.raises(CommandError, match="--bulk reads a dump"):
        sync_sources("judilibre", "--bulk", "--from", "http://127.0.0.1:9/")


def test_administrative_samples_in_bulk(tmp_path):
    out, code = sync_sources("justice-administrative", "--from", str(ADMIN))
    per_record = snapshot()
    wipe()
    bulk_out, bulk_code = sync_sources("justice-administrative", "--from", str(ADMIN), "--bulk")
    assert (bulk_code, counts(bulk_out)) == (code, counts(out))
    assert snapshot() == per_record


def test_a_bulk_run_killed_half_way_goes_on_and_imports_nothing_twice(dump, monkeypatch):
    monkeypatch.setattr(bulk, "BATCH_SIZE", 10)
    extract = bulk.BulkLoader.extract
    calls = []

    def dies_at_the_third_batch(self, new):
        calls.append(len(new))
        if len(calls) == 3:
            raise KeyboardInterrupt  # the machine stops the run inside the batch
        return extract(self, new)

    monkeypatch.setattr(bulk.BulkLoader, "extract", dies_at_the_third_batch)
    with pytest.raises(KeyboardInterrupt):
        sync_sources("dila-jade", "--from", str(dump), "--bulk")
    # Two batches done; the third left nothing behind (its rulings and links are one
    # transaction).
    assert Ruling.objects.count() == 20
    assert SyncState.objects.get(source="dila-jade").checkpoint["done"] == 20
    monkeypatch.setattr(bulk.BulkLoader, "extract", extract)
    out, code = sync_sources("dila-jade", "--from", str(dump), "--bulk")
    assert code == 0, out
    assert "25 fetched, 24 created, 0 updated, 1 unchanged" in out
    assert "resumed after 20 records" in SyncRun.objects.order_by("-pk").first().message
    assert Ruling.objects.count() == 44
    assert SourceRecord.objects.count() == 44
