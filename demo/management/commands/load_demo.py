"""Load the demo data set (demo/demo.json) through the same services as the admin, then a few
real Conseil d'État decisions (demo/sources/, SOURCE.md) through the connectors of the sources
app, as `sync_sources <source> --from demo/sources/<source>` reads them.

Idempotent: each record's uid is derived from its key in the file, and each decision from a
source is matched by its identifier there, so a second run finds every record in place and
changes nothing.
"""

import datetime as dt
import json
import uuid
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cases import services
from cases.models import (
    Case,
    CaseStatusChange,
    Counsel,
    Court,
    Event,
    Filing,
    Hearing,
    Party,
    Proceeding,
    ProceedingParty,
    Ruling,
    StatusUpdate,
    Topic,
)
from citations.models import Citation
from citations.services import citation_create
from organisations.models import Organisation
from sources import connectors, sync

DEMO_FILE = Path(__file__).resolve().parents[2] / "demo.json"
# Real decisions as the official sources publish them, one folder per source (SOURCE.md).
DEMO_SOURCES = Path(__file__).resolve().parents[2] / "sources"
DEMO_SOURCE_NAMES = ("justice-administrative", "dila-jade")
# Fixed namespace: the demo's uids are the same on every instance.
DEMO_NAMESPACE = uuid.UUID("5b0f3c43-2a1e-4f7e-9d0b-6c1f1d6c2a10")


def demo_uid(key: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, key)


def parse_date(value):
    return dt.date.fromisoformat(value) if value else None


def parse_time(value):
    return dt.time.fromisoformat(value) if value else None


class Loader:
    """Creates or updates each record of the demo file, keyed by uid."""

    def __init__(self, data: dict):
        self.data = data
        self.created = 0

    def upsert(self, model, key: str, fields: dict, save=None):
        obj = model.objects.filter(uid=demo_uid(key)).first()
        if obj is None:
            obj = model(uid=demo_uid(key))
            self.created += 1
        elif all(getattr(obj, name) == value for name, value in fields.items()):
            return obj
        for name, value in fields.items():
            setattr(obj, name, value)
        if save:
            save(obj)
        elif hasattr(obj, "version"):
            services.record_save(instance=obj)
        else:
            obj.full_clean()
            obj.save()
        return obj

    def get(self, model, key):
        return model.objects.get(uid=demo_uid(key))

    def run(self):
        for row in self.data.get("organisations", []):
            self.upsert(Organisation, row["key"], _fields(row))
        for row in self.data["courts"]:
            self.upsert(Court, row["key"], _fields(row))
        for row in self.data["topics"]:
            self.upsert(Topic, row["key"], _fields(row))
        for row in self.data["parties"]:
            fields = {"website": "", "name_published_by_court": False, **_fields(row)}
            self.upsert(Party, row["key"], fields, lambda p: services.party_save(party=p))
        for row in self.data["counsel"]:
            self.upsert(Counsel, row["key"], _fields(row))
        for row in self.data["cases"]:
            self.load_case(row)
        for row in self.data["rulings"]:
            self.load_ruling(row)
        for row in self.data["rulings"]:
            # Second pass: an opinion may precede its judgment in the file.
            if row.get("opinion_for"):
                opinion = self.get(Ruling, row["key"])
                judgment = self.get(Ruling, row["opinion_for"])
                if opinion.opinion_for_id != judgment.pk:
                    opinion.opinion_for = judgment
                    services.ruling_save(ruling=opinion)
        for row in self.data["events"]:
            fields = _fields(row, exclude={"cases"})
            fields["occurred_on"] = parse_date(fields["occurred_on"])
            fields.setdefault("reference", not row.get("cases"))
            event = self.upsert(Event, row["key"], fields)
            event.cases.set([self.get(Case, key) for key in row.get("cases", [])])
        for row in self.data["citations"]:
            if not Citation.objects.filter(uid=demo_uid(row["key"])).exists():
                citation = citation_create(
                    citing=self.get(Ruling, row["citing"]),
                    cited=self.get(Ruling, row["cited"]),
                    treatment=row["treatment"],
                    verified=True,
                )
                Citation.objects.filter(pk=citation.pk).update(uid=demo_uid(row["key"]))
                self.created += 1

    def load_case(self, row):
        log = row["status_log"]
        fields = _fields(
            row, exclude={"topics", "status_log", "proceedings", "status_updates", "organisation"}
        )
        organisation = row.get("organisation")
        fields["organisation"] = self.get(Organisation, organisation) if organisation else None
        existing = Case.objects.filter(uid=demo_uid(row["key"])).first()
        case = self.upsert(
            Case,
            row["key"],
            {**fields, "status": existing.status if existing else log[0]["status"]},
            lambda c: services.case_save(case=c, status_on=parse_date(log[0]["on"])),
        )
        # Replay the status log: each step is logged once, with its real date.
        for step in log:
            logged = CaseStatusChange.objects.filter(case=case, to_status=step["status"])
            if case.status != step["status"] and not logged.exists():
                case.status = step["status"]
                services.case_save(
                    case=case, status_on=parse_date(step["on"]), status_note=step.get("note", "")
                )
        case.topics.set([self.get(Topic, key) for key in row.get("topics", [])])
        for proceeding in row.get("proceedings", []):
            self.load_proceeding(case, proceeding)
        for update in row.get("status_updates", []):
            fields = _fields(update)
            fields["posted_on"] = parse_date(fields["posted_on"])
            fields["expected_on"] = parse_date(fields.get("expected_on"))
            self.upsert(StatusUpdate, update["key"], {"case": case, **fields})

    def load_proceeding(self, case, row):
        fields = _fields(row, exclude={"court", "parent", "parties", "filings", "hearings"})
        fields.update(
            case=case,
            court=self.get(Court, row["court"]),
            lodged_on=parse_date(row.get("lodged_on")),
            parent=self.get(Proceeding, row["parent"]) if row.get("parent") else None,
            origin=row.get("origin", ""),
        )
        proceeding = self.upsert(Proceeding, row["key"], fields)
        for position, item in enumerate(row.get("parties", [])):
            key = f"{row['key']}:party:{position}"
            participant = self.upsert(
                ProceedingParty,
                key,
                {
                    "proceeding": proceeding,
                    "party": self.get(Party, item["party"]),
                    "role": item["role"],
                },
            )
            participant.counsel.set([self.get(Counsel, c) for c in item.get("counsel", [])])
        for item in row.get("filings", []):
            fields = _fields(item, exclude={"filed_by"})
            fields.update(proceeding=proceeding, registered_on=parse_date(item["registered_on"]))
            filing = self.upsert(Filing, item["key"], fields)
            filing.filed_by.set([self.get(Party, p) for p in item.get("filed_by", [])])
        for item in row.get("hearings", []):
            fields = _fields(item)
            fields.update(
                proceeding=proceeding,
                date=parse_date(item["date"]),
                start_time=parse_time(item.get("start_time")),
            )
            self.upsert(Hearing, item["key"], fields, lambda h: services.hearing_save(hearing=h))

    def load_ruling(self, row):
        fields = _fields(row, exclude={"court", "proceeding", "opinion_for", "numbers"})
        fields.update(
            court=self.get(Court, row["court"]),
            proceeding=self.get(Proceeding, row["proceeding"]) if row.get("proceeding") else None,
            decided_on=parse_date(row["decided_on"]),
        )
        # The demo's case law outside its case is reference case law, as a curator enters it.
        fields.setdefault("reference", fields["proceeding"] is None)
        self.upsert(
            Ruling,
            row["key"],
            fields,
            lambda r: services.ruling_save(ruling=r, numbers=row.get("numbers", [])),
        )


def _fields(row: dict, exclude: frozenset | set = frozenset()) -> dict:
    return {k: v for k, v in row.items() if k != "key" and k not in exclude}


def load_sources(*, dry_run: bool = False) -> int:
    """The demo's decisions from the official sources, through the connectors' code path
    (sources.connectors and sources.sync, as sync_sources --from): how many were created."""
    created = 0
    for source in DEMO_SOURCE_NAMES:
        options = connectors.Options(origin=str(DEMO_SOURCES / source))
        run = sync.run(source, connectors.items(source, options), options, dry_run=dry_run)
        if run.skipped:
            raise CommandError(f"{source}: {run.skipped}")
        created += run.created
    return created


class Command(BaseCommand):
    help = "Load the demo data set (Doctolib / AWS and the rulings it relies on). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change, write nothing."
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
        loader = Loader(data)
        with transaction.atomic():
            loader.run()
            from_sources = load_sources(dry_run=dry_run)
            if dry_run:
                transaction.set_rollback(True)
        if verbosity:
            verb = "would create" if dry_run else "created"
            self.stdout.write(
                f"Demo data loaded: {verb} {loader.created} record(s) and "
                f"{from_sources} ruling(s) from the official sources."
            )
