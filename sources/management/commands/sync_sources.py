"""`manage.py sync_sources <source>`: read an official source and write its decisions
(docs/sources.md, "Running a sync"). Exit 0 when every record went in or was unchanged, 1 when
some were skipped (each named with its source identifier and reason) or the run stopped."""

import datetime as dt
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from sources import bulk, connectors, queue, sync
from sources.archives import ArchiveError
from sources.fetch import AccessStopped, FetchError
from sources.locks import Busy, source_lock


def date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--since: {value!r} is not a date (YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = "Read an official case-law source and import its decisions (docs/sources.md)."

    def add_arguments(self, parser):
        parser.add_argument("source", nargs="?", choices=connectors.SOURCES)
        parser.add_argument(
            "--from", dest="origin", default="", help="a folder, an archive or a base URL"
        )
        parser.add_argument("--since", type=date, help="decisions changed since (YYYY-MM-DD)")
        parser.add_argument("--query", default="", help="identifiers, comma-separated")
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
        choice = connectors.Options(
            origin=options["origin"],
            since=options["since"],
            query=options["query"],
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
            f"{run.unchanged} unchanged, {run.conflicts} conflicts, {run.errors} errors, "
            f"{run.citations} citations extracted (unverified)"
            + (" (dry run, nothing written)" if run.dry_run else "")
        )
        if run.message:
            self.stdout.write(run.message)
        for skipped in run.skipped:
            self.stdout.write(f"skipped {skipped['source_id']}: {skipped['reason']}")
        if run.skipped:
            sys.exit(1)
