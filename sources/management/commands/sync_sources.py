"""`manage.py sync_sources <source>`: read an official source and write its decisions
(docs/sources.md, "Running a sync"). Exit 0 when every record went in or was unchanged, 1 when
some were skipped (each named with its source identifier and reason) or the run stopped."""

import datetime as dt
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from sources import bulk, connectors, queue, sync
from sources.archives import ArchiveError
from sources.fetch import AccessStopped, FetchError
from sources.locks import Busy, source_lock
from sources.models import FetchRequest


def date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--since: {value!r} is not a date (YYYY-MM-DD)") from None


# The sources whose API fetches one decision by its identifier (docs/sources.md).
BY_IDENTIFIER = ("judilibre", "cjeu-cellar")


def requested_done(requests, run) -> None:
    """Each curator's request answered: the reason its decision was skipped, else done."""
    skipped = {s["source_id"]: s["reason"] for s in run.skipped}
    now = timezone.now()
    for request in requests:
        reason = skipped.get(request.identifier)
        request.done_at = now
        request.result = (f"skipped: {reason}" if reason else f"fetched (run of {run})")[:300]
        request.save(update_fields=["done_at", "result"])


class Command(BaseCommand):
    help = "Read an official case-law source and import its decisions (docs/sources.md)."

    def add_arguments(self, parser):
        parser.add_argument("source", nargs="?", choices=connectors.SOURCES)
        parser.add_argument(
            "--from", dest="origin", default="", help="a folder, an archive or a base URL"
        )
        parser.add_argument("--since", type=date, help="decisions changed since (YYYY-MM-DD)")
        parser.add_argument("--query", default="", help="identifiers, comma-separated")
        parser.add_argument(
            "--id",
            dest="ids",
            action="append",
            default=[],
            help="fetch one decision by identifier (repeatable; judilibre: its id, "
            "cjeu-cellar: the CELEX)",
        )
        parser.add_argument(
            "--requested",
            action="store_true",
            help="fetch the decisions curators asked for in the admin (cited, not in the database)",
        )
        parser.add_argument("--jurisdiction", action="append", default=[])
        parser.add_argument("--dry-run", action="store_true", help="read and match, write nothing")
        parser.add_argument("--all", action="store_true", help="the whole date range")
        parser.add_argument(
            "--queued",
            action="store_true",
            help="run the runs asked for in the admin (run now), for cron or the systemd timer",
        )
        parser.add_argument(
            "--bulk",
            action="store_true",
            help="a dump given with --from: write the new rulings in bulk (COPY on PostgreSQL)",
        )

    def handle(self, *args, source, **options):
        if options["queued"]:
            if source:
                raise CommandError("--queued runs the requests of every source: name none")
            queue.run_pending(say=self.stdout.write)
            return
        if not source:
            raise CommandError("name a source: " + ", ".join(connectors.SOURCES))
        ids = [i.strip() for value in options["ids"] for i in value.split(",") if i.strip()]
        requests = []
        if options["requested"]:
            requests = list(FetchRequest.objects.filter(source=source, done_at__isnull=True))
            if not requests:
                self.stdout.write(f"{source}: no decision requested")
                return
            ids += [r.identifier for r in requests]
        if ids and source not in BY_IDENTIFIER:
            raise CommandError(
                f"{source}: one decision by identifier only from "
                f"{' or '.join(BY_IDENTIFIER)}; give the dump with --from"
            )
        query = ",".join(part for part in (options["query"], *ids) if part)
        choice = connectors.Options(
            origin=options["origin"],
            since=options["since"],
            query=query,
            jurisdiction=tuple(options["jurisdiction"]),
            all=options["all"],
        )
        if options["bulk"] and (not choice.origin or connectors.is_url(choice.origin)):
            raise CommandError("--bulk reads a dump: give a folder or an archive with --from PATH")
        runner = bulk.run if options["bulk"] else sync.run
        try:
            items = connectors.items(source, choice)
            with source_lock(source):
                bar = tqdm(desc=source, unit=" records", disable=not sys.stderr.isatty())
                try:
                    run = runner(
                        source,
                        items,
                        choice,
                        dry_run=options["dry_run"],
                        progress=lambda item: bar.update(),
                    )
                finally:
                    bar.close()
        except (connectors.UsageError, ArchiveError, Busy, AccessStopped, FetchError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{source}: {run.fetched} fetched, {run.created} created, {run.updated} updated, "
            f"{run.unchanged} unchanged, {run.withdrawn} withdrawn, {run.conflicts} conflicts, "
            f"{run.errors} errors, "
            f"{run.citations} citations extracted (unverified)"
            + (" (dry run, nothing written)" if run.dry_run else "")
        )
        if run.message:
            self.stdout.write(run.message)
        if requests and not run.dry_run:
            requested_done(requests, run)
        for skipped in run.skipped:
            self.stdout.write(f"skipped {skipped['source_id']}: {skipped['reason']}")
        if run.skipped:
            sys.exit(1)
