"""Import an interchange file, all or nothing (docs/interchange.md).

Every record is validated with the admin's rules before anything is kept: on any problem
nothing is written and each problem is reported on its own line with the record's position in
the file and the reason, and the command exits with status 1. --dry-run validates and reports
without writing. Re-importing the same file changes nothing.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cases.interchange.importer import import_document


class Command(BaseCommand):
    help = (
        "Import FILE (interchange format) after validating every record; writes all or "
        "nothing. Exit 1 with one line per problem (record position and reason)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Interchange file to import, or - for standard input.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and report, write nothing."
        )

    def handle(self, *args, file: str, dry_run: bool = False, verbosity: int = 1, **options):
        document = self.read(file)
        show_progress = verbosity >= 2 or (verbosity >= 1 and self.stderr.isatty())
        with transaction.atomic():
            problems, stats = import_document(
                document, progress=self.progress if show_progress else None
            )
            if show_progress:
                self.stderr.write("")
            if problems or dry_run:
                transaction.set_rollback(True)
        if problems:
            lines = [f"{len(problems)} problem(s); nothing was imported."]
            lines += [f"{p.position}: {p.reason}" for p in problems]
            raise CommandError("\n".join(lines), returncode=1)
        if verbosity:
            summary = ", ".join(
                f"{kind}: {n} {state}" for (kind, state), n in sorted(stats.items()) if n
            )
            verb = "Dry run, nothing written" if dry_run else "Imported"
            self.stdout.write(f"{verb}. {summary or 'no records'}.")

    def read(self, file: str):
        try:
            text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{file}: cannot read: {error}", returncode=1) from None
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(
                f"1 problem(s); nothing was imported.\n{file}: not valid JSON: {error.msg} "
                f"at line {error.lineno}, column {error.colno}",
                returncode=1,
            ) from None

    def progress(self, done: int, total: int) -> None:
        if done == total or done % 100 == 0:
            width = 30
            filled = width * done // max(total, 1)
            bar = "#" * filled + "-" * (width - filled)
            self.stderr.write(f"\r[{bar}] {done}/{total} records", ending="")
            self.stderr.flush()
