"""Import an interchange file, all or nothing (docs/interchange.md).

Every record is validated with the admin's rules before anything is kept: on any problem
nothing is written and each problem is reported on its own line with the record's position in
the file and the reason, and the command exits with status 1. --dry-run validates and reports
without writing. Re-importing the same file changes nothing.

Organisations named by the file must exist (matched by uid, then slug) unless
--create-organisations; --organisation SLUG owns the new cases that name none. The admin's
"Import a file" page runs the same import, limited to what the uploader may change.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from interchange.importer import ImportProblem, import_all_or_nothing, load_json
from organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Import FILE (interchange format) after validating every record; writes all or "
        "nothing. Exit 1 with one line per problem (record position and reason)."
    )
    # A data command: the system checks (URL configuration, templates…) run at deployment
    # and in CI; here they would add about a second to every import.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="Interchange file to import, or - for standard input.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and report, write nothing."
        )
        parser.add_argument(
            "--create-organisations",
            action="store_true",
            help="Create the file's organisations that exist neither by uid nor by slug "
            "(otherwise an unknown organisation is an error).",
        )
        parser.add_argument(
            "--organisation",
            metavar="SLUG",
            help="The organisation owning new cases that name none (default: none).",
        )

    def handle(
        self,
        *args,
        file: str,
        dry_run: bool = False,
        create_organisations: bool = False,
        organisation: str | None = None,
        verbosity: int = 1,
        **options,
    ):
        default_organisation = None
        if organisation:
            default_organisation = Organisation.objects.filter(slug=organisation).first()
            if default_organisation is None:
                raise CommandError(f"No organisation with slug {organisation!r}.", returncode=1)
        document = self.read(file)
        show_progress = verbosity >= 2 or (verbosity >= 1 and self.stderr.isatty())
        problems, stats = import_all_or_nothing(
            document,
            dry_run=dry_run,
            progress=self.progress if show_progress else None,
            default_organisation=default_organisation,
            create_organisations=create_organisations,
        )
        if show_progress:
            self.stderr.write("")
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
            return load_json(text, file)
        except ImportProblem as problem:
            raise CommandError(
                f"1 problem(s); nothing was imported.\n{problem}", returncode=1
            ) from None

    def progress(self, done: int, total: int) -> None:
        if done == total or done % 100 == 0:
            width = 30
            filled = width * done // max(total, 1)
            bar = "#" * filled + "-" * (width - filled)
            self.stderr.write(f"\r[{bar}] {done}/{total} records", ending="")
            self.stderr.flush()
