"""Import an interchange file, all or nothing (docs/interchange.md).

Every record is validated with the admin's rules before anything is kept: on any problem
nothing is written and each problem is reported on its own line with the record's position in
the file and the reason, and the command exits with status 1. --dry-run validates and reports
without writing. Re-importing the same file changes nothing.

Messages are in one language: English, or French with --lang fr. A refusal gives one line
per root cause with the positions of the records it affects; --dry-run says per record created,
updated (with the fields that change), unchanged or conflict.

Organisations named by the file must exist (matched by uid, then slug) unless
--create-organisations; --organisation SLUG owns the new cases that name none. The admin's
"Import a file" page runs the same import, limited to what the uploader may change.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from interchange.importer import ImportProblem, group_problems, import_all_or_nothing, load_json
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
        parser.add_argument(
            "--lang",
            choices=("en", "fr"),
            default="en",
            help="Language of the messages (default: en).",
        )

    def handle(
        self,
        *args,
        file: str,
        dry_run: bool = False,
        create_organisations: bool = False,
        organisation: str | None = None,
        verbosity: int = 1,
        lang: str = "en",
        **options,
    ):
        # Every message in one language, the model's validation messages included.
        with translation.override(lang):
            self.run(file, dry_run, create_organisations, organisation, verbosity)

    def run(self, file, dry_run, create_organisations, organisation, verbosity):
        default_organisation = None
        if organisation:
            default_organisation = Organisation.objects.filter(slug=organisation).first()
            if default_organisation is None:
                raise CommandError(
                    _("No organisation with slug %(slug)r.") % {"slug": organisation},
                    returncode=1,
                )
        document = self.read(file)
        show_progress = verbosity >= 2 or (verbosity >= 1 and self.stderr.isatty())
        outcomes = []
        problems, stats = import_all_or_nothing(
            document,
            dry_run=dry_run,
            progress=self.progress if show_progress else None,
            default_organisation=default_organisation,
            create_organisations=create_organisations,
            outcomes=outcomes,
            language=translation.get_language(),
        )
        if show_progress:
            self.stderr.write("")
        if dry_run and verbosity:
            for line in record_lines(outcomes, problems):
                self.stdout.write(line)
        if problems:
            raise CommandError("\n".join(problem_lines(problems)), returncode=1)
        if verbosity:
            summary = ", ".join(
                f"{kind}: {n} {state_name(state)}"
                for (kind, state), n in sorted(stats.items())
                if n
            )
            verb = _("Dry run, nothing written") if dry_run else _("Imported")
            self.stdout.write(f"{verb}. {summary or _('no records')}.")

    def read(self, file: str):
        try:
            text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{file}: cannot read: {error}", returncode=1) from None
        try:
            return load_json(text, file)
        except ImportProblem as problem:
            raise CommandError("\n".join(problem_lines([problem])), returncode=1) from None

    def progress(self, done: int, total: int) -> None:
        if done == total or done % 100 == 0:
            width = 30
            filled = width * done // max(total, 1)
            bar = "#" * filled + "-" * (width - filled)
            self.stderr.write(f"\r[{bar}] {done}/{total} records", ending="")
            self.stderr.flush()


def problem_lines(problems: list[ImportProblem]) -> list[str]:
    """The refusal: a heading, then one line per root cause with the records it affects."""
    groups = group_problems(problems)
    lines = [_("%(n)d problem(s); nothing was imported.") % {"n": len(groups)}]
    for cause in groups:
        line = f"{cause.position}: {cause.reason}"
        if cause.affected:
            also = ", ".join(cause.affected)
            line += " " + _("(also affects %(positions)s)") % {"positions": also}
        lines.append(line)
    return lines


def record_lines(outcomes, problems: list[ImportProblem]) -> list[str]:
    """A dry run's report: per record created, updated (fields), unchanged, or conflict."""
    lines = []
    for position, state, fields in outcomes:
        line = f"{position}: {state_name(state)}"
        if state == "updated" and fields:
            line += f" ({', '.join(fields)})"
        lines.append(line)
    for problem in problems:
        if problem.root is None:
            refused = _("conflict") if problem.conflict else _("refused")
            lines.append(f"{problem.position}: {refused}")
    return lines


def state_name(state: str) -> str:
    names = {
        "created": _("created"),
        "updated": _("updated"),
        "unchanged": _("unchanged"),
        "matched": _("matched"),
    }
    return names.get(state, state)
