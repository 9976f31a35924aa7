"""The bulk path of a sync (`sync_sources <source> --from DUMP --bulk`): a whole dump in batches
instead of one record at a time (docs/sources.md, "Bulk loading").

For each batch of BATCH_SIZE records, the records that are surely new — no stored ruling has
their source identifier, ECLI or CELEX, nor their court, kind, date and one of their case
numbers, and no earlier record of the batch shares one of these keys — are written at once:
rulings, their history records, case numbers and provenance, with COPY on PostgreSQL
(psycopg 3's `cursor.copy()`) and `bulk_create` elsewhere, in one transaction per batch. Each
is built as the per-record path builds it (the interchange document of sources/adapter.py,
the importer's number splitting, the model's cleaning, the slug of cases.services) and
checked with the model's own validation; whatever cannot be shown new or valid that way
(a record that may match a stored ruling, a court not yet stored, a field the model refuses)
takes the per-record path (sources/sync.py), which stays the reference and reports problems
exactly as without `--bulk`. In the batch's transaction, each new ruling's full text goes
through the citation extractor, as on the per-record path; the links are written in bulk too.
One difference: a text citing a later decision of the same batch is linked to it (the
per-record path links only to decisions already stored when the text is read).

`import_caselaw` is untouched: it keeps its all-or-nothing contract.
"""

import datetime as dt
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.text import slugify

from cases.identifiers import (
    IdentifierError,
    case_number_slug,
    split_case_numbers,
    tidy_case_number,
)
from cases.models import Court, Ruling, RulingNumber
from citations.extract import extract
from citations.models import Citation
from citations.resolve import resolve
from citations.services import citation_create
from interchange import format as interchange_format
from interchange.bulk_citations import CitationBulkImport
from interchange.importer import import_document
from interchange.matching import number_keys
from interchange.models import SourceRecord
from sources import adapter, sync
from sources.connectors import Item, Options
from sources.fetch import FetchError
from sources.models import SyncRun, SyncState

BATCH_SIZE = 2000
SLUG_LENGTH = 110  # cases.services.ruling_slug


@dataclass
class New:
    """A record shown new, with the rows it becomes."""

    item: Item
    ruling: Ruling
    numbers: list[str]


class BulkLoader:
    def __init__(self, source: str, *, dry_run: bool = False):
        self.source = source
        self.dry_run = dry_run
        self.postgres = connection.vendor == "postgresql"
        self.content_type = ContentType.objects.get_for_model(Ruling)
        self.courts: dict[str, Court] = {}
        self.bulk_created = 0
        self.extract_seconds = 0.0

    # Classifying.

    def court(self, item: Item) -> Court | None:
        """The record's court; one not yet stored is imported first, alone, as the per-record
        path would create it (not on a dry run: the record then takes the per-record path)."""
        row = adapter.court_row(item.record)
        court = self.courts.get(row["uid"])
        if court is None:
            court = Court.objects.filter(uid=row["uid"]).first()
            if court is None and not self.dry_run:
                court = self.import_court(row)
            if court is not None:
                self.courts[row["uid"]] = court
        return court

    @staticmethod
    def import_court(row: dict) -> Court | None:
        document = {
            "format": interchange_format.FORMAT,
            "version": interchange_format.VERSION,
            "courts": [row],
            "parties": [],
            "cases": [],
            "rulings": [],
            "citations": [],
        }
        with transaction.atomic():
            problems, _stats = import_document(document)
            if problems:
                transaction.set_rollback(True)
                return None
        return Court.objects.filter(uid=row["uid"]).first()

    def build(self, item: Item, court: Court) -> New | None:
        """The ruling the per-record path would create for `item`, validated; None when it
        cannot be built so (the per-record path then says why)."""
        document = adapter.to_interchange(item.record)
        row = document["rulings"][0]
        try:
            numbers = list(
                dict.fromkeys(
                    tidy_case_number(part) for n in row["numbers"] for part in split_case_numbers(n)
                )
            )
            decided_on = dt.date.fromisoformat(row["decided_on"])
        except (IdentifierError, ValueError, TypeError):
            return None
        ruling = Ruling(
            court=court,
            kind=row["kind"],
            decided_on=decided_on,
            formation_fr=row["formation_fr"],
            title_fr=row["title_fr"],
            full_text=row["full_text"],
            language=row["language"],
            source_url=row["source_url"],
            reference=True,
            ecli=row.get("ecli") or None,
            celex=row.get("celex", ""),
            version=1,
        )
        try:
            ruling.full_clean(
                exclude=["slug", "court"], validate_unique=False, validate_constraints=False
            )
            cleaned = []
            for raw in numbers:
                number = RulingNumber(ruling=ruling, number=raw)
                number.clean()
                number.clean_fields(exclude=["ruling"])
                if number.number not in cleaned:
                    cleaned.append(number.number)
        except (ValidationError, IdentifierError):
            return None
        return New(item, ruling, numbers)

    def classify(self, items: list[Item]) -> tuple[list[New], list[Item]]:
        """(new, to the per-record path), each in the order of the dump."""
        candidates: list[New | Item] = []
        for item in items:
            if item.record is None or item.record.deleted:
                candidates.append(item)
                continue
            court = self.court(item)
            built = self.build(item, court) if court is not None else None
            candidates.append(built if built is not None else item)
        built = [c for c in candidates if isinstance(c, New)]
        stored = self.stored_keys(built)
        seen: set = set()
        new_ids = set()
        for candidate in built:
            keys = self.keys(candidate)
            if not (keys & stored or keys & seen):
                new_ids.add(id(candidate))
            seen |= keys
        new = [c for c in candidates if isinstance(c, New) and id(c) in new_ids]
        rest = [
            c.item if isinstance(c, New) else c
            for c in candidates
            if not (isinstance(c, New) and id(c) in new_ids)
        ]
        return new, rest

    def keys(self, new: New) -> set:
        """Every key the matcher could match this record by (interchange.matching)."""
        ruling = new.ruling
        keys = {("source", new.item.record.source_id)}
        if ruling.ecli:
            keys.add(("ecli", ruling.ecli))
        if ruling.celex:
            keys.add(("celex", ruling.celex))
        for key in number_keys(new.numbers, ruling.court):
            keys.add(("natural", ruling.court_id, ruling.kind, ruling.decided_on, key))
        return keys

    def stored_keys(self, built: list[New]) -> set:
        """The keys of `built` that stored rows already hold: one query per kind of key."""
        if not built:
            return set()
        many = self.many
        found = set()
        source_ids = [n.item.record.source_id for n in built]
        for source_id in SourceRecord.objects.filter(
            content_type=self.content_type,
            source=self.source,
            source_id__in=many(source_ids, "text"),
        ).values_list("source_id", flat=True):
            found.add(("source", source_id))
        eclis = [n.ruling.ecli for n in built if n.ruling.ecli]
        if eclis:
            rows = Ruling.objects.filter(ecli__in=many(eclis, "text"))
            found |= {("ecli", e) for e in rows.values_list("ecli", flat=True)}
        celexes = [n.ruling.celex for n in built if n.ruling.celex]
        if celexes:
            rows = Ruling.objects.filter(celex__in=many(celexes, "text"))
            found |= {("celex", c) for c in rows.values_list("celex", flat=True)}
        dates = {n.ruling.decided_on for n in built if n.numbers}
        courts = {n.ruling.court_id for n in built if n.numbers}
        if dates:
            numbers = RulingNumber.objects.filter(
                ruling__court_id__in=courts,
                ruling__decided_on__in=many(dates, "date"),
            ).values_list("ruling__court_id", "ruling__kind", "ruling__decided_on", "number")
            by_pk = {court.pk: court for court in self.courts.values()}
            for court_id, kind, decided_on, number in numbers:
                for key in number_keys([number], by_pk.get(court_id)):
                    found.add(("natural", court_id, kind, decided_on, key))
        return found

    def many(self, values, sql_type: str):
        """An `__in` right-hand side: one array parameter on PostgreSQL (as
        interchange.bulk_citations), the values elsewhere."""
        values = list(set(values))
        if self.postgres:
            return RawSQL(f"SELECT unnest(%s::{sql_type}[])", [values])
        return values

    # Writing.

    def slugs(self, new: list[New]) -> None:
        """cases.services.ruling_slug for each, in order, as if saved one after another."""
        roots = []
        for n in new:
            ruling = n.ruling
            base = f"{ruling.court.slug}-{ruling.decided_on:%Y-%m-%d}"
            if n.numbers:
                base = f"{base}-{case_number_slug(n.numbers[0])}"
            roots.append(slugify(base)[:SLUG_LENGTH].strip("-") or "item")
        taken = set(Ruling.objects.filter(slug__in=set(roots)).values_list("slug", flat=True))
        for n, root in zip(new, roots, strict=True):
            candidate, count = root, 1
            while candidate in taken or (
                candidate != root and Ruling.objects.filter(slug=candidate).exists()
            ):
                count += 1
                candidate = f"{root[: SLUG_LENGTH - len(str(count)) - 1]}-{count}"
            taken.add(candidate)
            n.ruling.slug = candidate

    def write(self, new: list[New]) -> bool:
        """Write the new rulings and what they hold; False (nothing written) when the
        database refuses the batch, whose records then take the per-record path."""
        if not new:
            return True
        try:
            with transaction.atomic():
                self.slugs(new)
                now = timezone.now()
                for n in new:
                    n.ruling.created_at = n.ruling.updated_at = now
                if self.postgres:
                    self.copy(new, now)
                else:
                    self.bulk_create(new, now)
        except DatabaseError:
            return False
        self.bulk_created += len(new)
        return True

    def number_rows(self, new: list[New], now) -> list[RulingNumber]:
        rows = []
        for n in new:
            cleaned = []
            for raw in n.numbers:
                number = RulingNumber(ruling=n.ruling, number=raw)
                number.clean()
                if number.number not in cleaned:
                    cleaned.append(number.number)
                    number.created_at = number.updated_at = now
                    rows.append(number)
        return rows

    def source_rows(self, new: list[New], now) -> list[SourceRecord]:
        rows = []
        for n in new:
            entry = adapter.provenance(n.item.record)
            rows.append(
                SourceRecord(
                    content_type=self.content_type,
                    object_id=n.ruling.pk,
                    source=entry["source"],
                    source_id=entry["source_id"],
                    urls=list(entry["urls"]),
                    retrieved_at=dt.datetime.fromisoformat(entry["retrieved_at"]),
                    verified=False,
                    note="",
                    created_at=now,
                    updated_at=now,
                )
            )
        return rows

    def bulk_create(self, new: list[New], now) -> None:
        rulings = Ruling.objects.bulk_create([n.ruling for n in new])
        Ruling.history.bulk_history_create(rulings, default_date=now, default_change_reason=None)
        RulingNumber.objects.bulk_create(self.number_rows(new, now))
        SourceRecord.objects.bulk_create(self.source_rows(new, now))

    def copy(self, new: list[New], now) -> None:
        copy_rows = CitationBulkImport.copy_rows
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [Ruling._meta.db_table, len(new)],
            )
            for (pk,), n in zip(cursor.fetchall(), new, strict=True):
                n.ruling.pk = n.ruling.id = pk
            values = [attributes(n.ruling) for n in new]
            copy_rows(cursor, Ruling, values)
            if getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
                tail = {
                    "history_date": now,
                    "history_change_reason": None,
                    "history_type": "+",
                    "history_user_id": None,
                }
                copy_rows(cursor, Ruling.history.model, (v | tail for v in values), "history_id")
            copy_rows(
                cursor, RulingNumber, (attributes(r) for r in self.number_rows(new, now)), "id"
            )
            sources = (json_ready(attributes(r)) for r in self.source_rows(new, now))
            copy_rows(cursor, SourceRecord, sources, "id")

    # Citations found in the full texts, as on the per-record path.

    def extract(self, new: list[New]) -> int:
        """The links each new ruling's text holds to stored rulings, written as extracted,
        unverified citations in bulk (interchange.bulk_citations, which hands any row its
        checks cannot pass to `citation_create`): the rows citations_extract_from_text gives."""
        started = time.perf_counter()
        rows = []
        found = [(n.ruling, extract(n.ruling.full_text)) for n in new if n.ruling.full_text]
        # One resolution for the whole batch (a few queries), each match then back to its text.
        resolutions = iter(resolve([m for _citing, matches in found for m in matches]))
        for citing, matches in found:
            linked = set()
            for _match in matches:
                cited = next(resolutions).ruling
                if cited is None or cited.pk == citing.pk or cited.pk in linked:
                    continue
                linked.add(cited.pk)
                rows.append(
                    {
                        "uid": str(uuid.uuid4()),
                        "citing_ruling": str(citing.uid),
                        "cited": str(cited.uid),
                        "origin": Citation.Origin.EXTRACTED,
                        "verified": False,
                    }
                )
        importer = _CitationImporter([n.ruling for n in new])
        with transaction.atomic():
            CitationBulkImport(importer).run(rows)
        self.extract_seconds += time.perf_counter() - started
        return importer.stats[(Citation._meta.verbose_name_plural, "created")]


class _CitationImporter:
    """What interchange.bulk_citations needs of an importer."""

    def __init__(self, rulings: list[Ruling]):
        self.rulings_by_ref = {str(r.uid): r for r in rulings}
        self.objects: dict = {}
        self.stats: Counter = Counter()
        self.user = None

    def tick(self) -> None:
        pass

    def citation(self, row: dict, position: str) -> None:
        """A row the bulk checks could not pass: the per-record service decides."""
        citing = self.rulings_by_ref[row["citing_ruling"]]
        cited = Ruling.objects.filter(uid=row["cited"]).first()
        if cited is None:
            return
        try:
            citation_create(
                citing=citing, cited=cited, origin=Citation.Origin.EXTRACTED, verified=False
            )
        except ValidationError:
            return  # a pair already linked: as citations_extract_from_text, nothing to add
        self.stats[(Citation._meta.verbose_name_plural, "created")] += 1


def attributes(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}


def json_ready(values: dict) -> dict:
    from psycopg.types.json import Jsonb

    return {k: Jsonb(v) if isinstance(v, list | dict) else v for k, v in values.items()}


def run(
    source: str,
    items: Iterable[Item],
    options: Options,
    *,
    dry_run: bool = False,
    progress: Callable[[Item], None] | None = None,
    batch_size: int | None = None,
) -> SyncRun:
    """sync.run in batches: the same SyncRun, checkpoint (after each batch) and counts."""
    state, _ = SyncState.objects.get_or_create(source=source)
    key = sync.options_key(source, options)
    resume = state.checkpoint.get("done", 0) if state.checkpoint.get("key") == key else 0
    record = SyncRun.objects.create(
        source=source, started=timezone.now(), dry_run=dry_run, origin=options.origin[:500]
    )
    if resume and not dry_run:
        record.message = f"resumed after {resume} records"
    loader = BulkLoader(source, dry_run=dry_run)
    batch: list[Item] = []
    position = 0

    def flush(position: int) -> None:
        _batch(loader, record, batch, dry_run, progress)
        batch.clear()
        if not dry_run:
            SyncState.objects.filter(pk=state.pk).update(checkpoint={"key": key, "done": position})

    try:
        for position, item in enumerate(items, start=1):
            if position <= resume:
                continue
            record.fetched += 1
            batch.append(item)
            if len(batch) >= (batch_size or BATCH_SIZE):
                flush(position)
        if batch:
            flush(position)
    except FetchError as error:
        record.message = summary(loader, "; ".join(p for p in (record.message, str(error)) if p))
        record.errors += 1
        sync._finish(record)
        raise
    if not dry_run:
        SyncState.objects.filter(pk=state.pk).update(
            checkpoint={"last_completed": {"key": key, "started": record.started.isoformat()}}
        )
    record.message = summary(loader, record.message)
    sync._finish(record)
    return record


def summary(loader: BulkLoader, message: str) -> str:
    written = f"bulk: {loader.bulk_created} rulings written in bulk"
    if loader.extract_seconds:
        written += f", citations extracted in {loader.extract_seconds:.1f} s"
    return "; ".join(p for p in (written, message) if p)


def _batch(loader: BulkLoader, record: SyncRun, items: list[Item], dry_run, progress) -> None:
    new, rest = loader.classify(items)
    with transaction.atomic():
        # The rulings and the citations their texts hold, together: a run killed here leaves
        # neither, and the next one writes both.
        written = loader.write(new)
        if written and new and not dry_run:
            record.citations += loader.extract(new)
        if dry_run:
            transaction.set_rollback(True)
    if written:
        record.created += len(new)
    else:
        rest = [n.item for n in new] + rest
    # In the dump's order, after the batch: a record sharing a key with a written one is
    # matched to it.
    order = {id(item): i for i, item in enumerate(items)}
    for item in sorted(rest, key=lambda item: order[id(item)]):
        sync._one(record, item, dry_run)
    if progress:
        for item in items:
            progress(item)
