"""The bulk path of the import for citations: a batch at a time instead of a row at a time.

The per-row path (`Importer.citation`) costs about ten round trips per citation (a savepoint,
two ruling look-ups, the citation's uid, `full_clean`'s unique-constraint queries, the insert,
its history record, the uid update): 38 citations per second. Here a batch of BATCH_SIZE rows
costs a handful of queries: its ruling and filing references and its uids are resolved in one
query each, the rules that `full_clean` would check are checked against sets in memory, and
the new citations and their history records are written at once (COPY on PostgreSQL,
`bulk_create` elsewhere), inside the import's one transaction.

The results are those of the per-row path, which stays the reference: a row that the checks
cannot pass (unknown reference, no citing item, self-citation, a pair already linked in the
database or earlier in the file) is handed to the per-row path after its batch is written, so
that its problem is reported exactly as before; so is a stored citation the file changes, and
so is a whole batch whose write the database refuses. Imports limited to an uploading member's
rights (restricted) take the per-row path throughout: they are small, and their permission
checks are per record.
"""

import uuid
from contextlib import suppress
from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone

from cases.identifiers import IdentifierError, normalise_ecli
from cases.models import Filing, Ruling
from citations.models import Citation
from citations.services import citation_stats_refresh
from interchange.export import CITATION_FIELDS

if TYPE_CHECKING:
    from interchange.importer import Importer

BATCH_SIZE = 5000
# Past this many cited rulings, their counts are recomputed for the whole table at once.
RECOUNT_ALL = 20_000
DEFAULTS = {name: Citation._meta.get_field(name).get_default() for name in CITATION_FIELDS}


@dataclass
class Row:
    """A citation of the file, with its references resolved to ids (None: unknown)."""

    index: int
    data: dict
    citing_ruling_id: int | None = None
    citing_filing_id: int | None = None
    cited_id: int | None = None
    resolved: bool = True

    @property
    def position(self) -> str:
        return f"citations[{self.index}]"

    @property
    def pair(self) -> tuple[str, int, int]:
        """The key of the unique constraints: the citing item (ruling first, as
        `citation_create(citing=citing_ruling or citing_filing)`) and the cited ruling."""
        if self.citing_ruling_id is not None:
            return ("ruling", self.citing_ruling_id, self.cited_id)
        return ("filing", self.citing_filing_id, self.cited_id)


class CitationBulkImport:
    def __init__(self, importer: "Importer"):
        self.importer = importer
        # Resolved references (lower-cased uid or ECLI → ruling id; filing uid → filing id),
        # seeded with the records of this file.
        self.ruling_ids = {key: r.pk for key, r in importer.rulings_by_ref.items()}
        self.filing_ids = {
            uid: obj.pk for (model, uid), obj in importer.objects.items() if model is Filing
        }
        self.postgres = connection.vendor == "postgresql"
        self.cited: set[int] = set()  # rulings whose stored counts the written rows change

    def run(self, rows: list[dict]) -> None:
        for start in range(0, len(rows), BATCH_SIZE):
            batch = [Row(i, row) for i, row in enumerate(rows[start : start + BATCH_SIZE], start)]
            self.batch(batch)
        self.refresh_derived()

    def batch(self, batch: list[Row]) -> None:
        self.resolve(batch)
        stored = self.stored(batch)
        new, fallback = [], []
        for row in batch:
            existing = stored.get(row.data["uid"].lower())
            if existing is None:
                new.append(row)
            elif self.unchanged(existing, row):
                self.importer.tick()
                self.importer.stats[(Citation._meta.verbose_name_plural, "unchanged")] += 1
            else:
                fallback.append(row)
        if fallback:
            # A stored citation that the file changes may free or take a pair that a new row
            # of the batch takes: only the file's order decides, so the batch goes row by row.
            clean, suspect = [], new
        else:
            clean, suspect = self.check(new)
        if not self.write(clean):
            suspect += clean
        # After the clean rows, so that a pair they create is seen as already linked.
        for row in sorted(fallback + suspect, key=lambda row: row.index):
            self.importer.citation(row.data, row.position)

    # Reading.

    def resolve(self, batch: list[Row]) -> None:
        """Ruling and filing references to ids, one query per kind for what is not known."""
        wanted_uids, wanted_eclis, wanted_filings = {}, {}, set()
        for row in batch:
            for name in ("citing_ruling", "cited"):
                ref = row.data.get(name)
                if ref is None or ref.lower() in self.ruling_ids:
                    continue
                try:
                    wanted_uids[ref.lower()] = uuid.UUID(ref)
                except ValueError:
                    # A malformed ECLI stays unknown: the per-row path reports it.
                    with suppress(IdentifierError):
                        wanted_eclis[ref.lower()] = normalise_ecli(ref)
            ref = row.data.get("citing_filing")
            if ref is not None and ref.lower() not in self.filing_ids:
                wanted_filings.add(ref.lower())
        if wanted_uids:
            found = dict(
                Ruling.objects.filter(uid__in=self.many(wanted_uids.values(), "uuid")).values_list(
                    "uid", "pk"
                )
            )
            for key, uid in wanted_uids.items():
                if uid in found:
                    self.ruling_ids[key] = found[uid]
        if wanted_eclis:
            found = dict(
                Ruling.objects.filter(
                    ecli__in=self.many(wanted_eclis.values(), "text")
                ).values_list("ecli", "pk")
            )
            for key, ecli in wanted_eclis.items():
                if ecli in found:
                    self.ruling_ids[key] = found[ecli]
        if wanted_filings:
            filings = Filing.objects.filter(uid__in=self.many(wanted_filings, "uuid"))
            for uid, pk in filings.values_list("uid", "pk"):
                self.filing_ids[str(uid)] = pk
        for row in batch:
            row.citing_ruling_id = self.lookup(self.ruling_ids, row, "citing_ruling")
            row.citing_filing_id = self.lookup(self.filing_ids, row, "citing_filing")
            row.cited_id = self.lookup(self.ruling_ids, row, "cited")

    @staticmethod
    def lookup(known: dict, row: Row, name: str) -> int | None:
        ref = row.data.get(name)
        if ref is None:
            return None
        pk = known.get(ref.lower())
        if pk is None:
            row.resolved = False
        return pk

    def stored(self, batch: list[Row]) -> dict[str, Citation]:
        """The batch's citations already in the database, by lower-cased uid."""
        uids = self.many((row.data["uid"] for row in batch), "uuid")
        return {str(c.uid): c for c in Citation.objects.filter(uid__in=uids).order_by()}

    def many(self, values, sql_type: str):
        """The right-hand side of an `__in` look-up of many values: on PostgreSQL one array
        parameter (a 5,000-item IN list costs several times the look-up itself to send and
        plan); elsewhere the values."""
        values = list(set(values))
        if self.postgres:
            return RawSQL(f"SELECT unnest(%s::{sql_type}[])", [values])
        return values

    @staticmethod
    def unchanged(existing: Citation, row: Row) -> bool:
        """Whether the file leaves a stored citation as it is (the per-row `upsert` would
        then write nothing)."""
        if not row.resolved or (existing.citing_ruling_id, existing.citing_filing_id) != (
            row.citing_ruling_id,
            row.citing_filing_id,
        ):
            return False
        if existing.cited_id != row.cited_id:
            return False
        return all(getattr(existing, n) == row.data[n] for n in CITATION_FIELDS if n in row.data)

    # Checking.

    def check(self, new: list[Row]) -> tuple[list[Row], list[Row]]:
        """Split new rows into those that `citation_create` would accept (clean) and those it
        may refuse (suspect): the same rules, checked against sets."""
        linked = self.linked(new)
        clean, suspect = [], []
        for row in new:
            citing = row.citing_ruling_id or row.citing_filing_id
            if (
                not row.resolved
                or citing is None
                or row.citing_ruling_id == row.cited_id
                or row.pair in linked
            ):
                suspect.append(row)
            else:
                linked.add(row.pair)
                clean.append(row)
        return clean, suspect

    def linked(self, rows: list[Row]) -> set[tuple[str, int, int]]:
        """The pairs of `rows` already in the database (earlier batches included)."""
        pairs = set()
        for kind, field in (("ruling", "citing_ruling_id"), ("filing", "citing_filing_id")):
            citing = {row.pair[1] for row in rows if row.resolved and row.pair[0] == kind}
            cited = {row.cited_id for row in rows if row.resolved and row.pair[0] == kind}
            citing.discard(None)
            if not citing:
                continue
            found = Citation.objects.filter(
                **{
                    f"{field}__in": self.many(citing, "bigint"),
                    "cited_id__in": self.many(cited, "bigint"),
                }
            )
            pairs |= {(kind, a, b) for a, b in found.order_by().values_list(field, "cited_id")}
        return pairs

    # Writing.

    def write(self, rows: list[Row]) -> bool:
        """Write the clean rows and their history; False (nothing written) when the database
        refuses the batch, whose rows then take the per-row path."""
        if not rows:
            return True
        now = timezone.now()
        try:
            with transaction.atomic():
                if self.postgres:
                    self.copy(rows, now)
                else:
                    self.bulk_create(rows, now)
        except DatabaseError:
            return False
        for _row in rows:
            self.importer.tick()
        self.importer.stats[(Citation._meta.verbose_name_plural, "created")] += len(rows)
        self.cited.update(row.cited_id for row in rows)
        return True

    def refresh_derived(self) -> None:
        """Once every batch is written: recount the cited rulings' stored counts (the per-row
        path's services do it per citation). Past RECOUNT_ALL rulings one pass over the whole
        table costs less than an index probe per ruling."""
        if self.cited:
            ids = None if len(self.cited) > RECOUNT_ALL else self.cited
            citation_stats_refresh(ruling_ids=ids)

    def citing_dates(self, rows: list[Row]) -> dict[tuple[bool, int], object]:
        """The date of each row's citing item (Citation.citing_date), keyed by (is a ruling, id):
        one query for the batch's citing rulings, one for its filings."""
        rulings = {row.citing_ruling_id for row in rows if row.citing_ruling_id}
        filings = {row.citing_filing_id for row in rows if not row.citing_ruling_id}
        dates = {
            (True, pk): day
            for pk, day in Ruling.objects.filter(pk__in=rulings).values_list("pk", "decided_on")
        }
        if filings:
            found = Filing.objects.filter(pk__in=filings).values_list("pk", "registered_on")
            dates |= {(False, pk): day for pk, day in found}
        return dates

    @staticmethod
    def citing_key(row: Row) -> tuple[bool, int]:
        return (
            (True, row.citing_ruling_id) if row.citing_ruling_id else (False, row.citing_filing_id)
        )

    def instance(self, row: Row, now, citing_date) -> Citation:
        fields = {name: row.data.get(name, DEFAULTS[name]) for name in CITATION_FIELDS}
        citation = Citation(
            citing_date=citing_date,
            uid=uuid.UUID(row.data["uid"]),
            citing_ruling_id=row.citing_ruling_id,
            citing_filing_id=None if row.citing_ruling_id else row.citing_filing_id,
            cited_id=row.cited_id,
            created_at=now,
            updated_at=now,
            **fields,
        )
        return citation

    def bulk_create(self, rows: list[Row], now) -> None:
        dates = self.citing_dates(rows)
        citations = Citation.objects.bulk_create(
            [self.instance(row, now, dates.get(self.citing_key(row))) for row in rows]
        )
        Citation.history.bulk_history_create(
            citations,
            default_user=self.importer.user,
            default_change_reason=None,
            default_date=now,
        )

    def copy(self, rows: list[Row], now) -> None:
        """COPY the citations with ids taken from their sequence, then their history."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [Citation._meta.db_table, len(rows)],
            )
            ids = [pk for (pk,) in cursor.fetchall()]
            base = {f.attname: f.get_default() for f in Citation._meta.concrete_fields}
            dates = self.citing_dates(rows)
            values = [
                self.values(base, row, now, pk, dates.get(self.citing_key(row)))
                for pk, row in zip(ids, rows, strict=True)
            ]
            self.copy_rows(cursor, Citation, values)
            if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
                return
            user = self.importer.user.pk if self.importer.user is not None else None
            tail = {
                "history_date": now,
                "history_change_reason": None,
                "history_type": "+",
                "history_user_id": user,
            }
            history = Citation.history.model
            self.copy_rows(cursor, history, (v | tail for v in values), skip="history_id")

    @staticmethod
    def values(base: dict, row: Row, now, pk: int, citing_date) -> dict:
        """The row's column values by attname, as `instance` sets them; every other field at
        its default (`base`)."""
        data = row.data
        values = base | {name: data.get(name, DEFAULTS[name]) for name in CITATION_FIELDS}
        values.update(
            id=pk,
            uid=uuid.UUID(data["uid"]),
            citing_ruling_id=row.citing_ruling_id,
            citing_filing_id=None if row.citing_ruling_id else row.citing_filing_id,
            cited_id=row.cited_id,
            created_at=now,
            updated_at=now,
            citing_date=citing_date,
        )
        return values

    @staticmethod
    def copy_rows(cursor, model, values, skip: str = "") -> None:
        """COPY `values` (dicts by attname) into the table of `model`, but for column `skip`
        (left to its default)."""
        fields = [f for f in model._meta.concrete_fields if f.attname != skip]
        pick = itemgetter(*(f.attname for f in fields))
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for row in values:
                copy.write_row(pick(row))
