"""Write the interchange file (docs/interchange.md): everything, or with --public what the
public pages show, natural persons pseudonymised."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from interchange.export import export_document
from interchange.format import dumps


class Command(BaseCommand):
    help = (
        "Export courts, parties, cases, rulings, citations… to FILE in the interchange format "
        "(- for standard output). --public: published data only, natural persons pseudonymised."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Output file, or - for standard output.")
        parser.add_argument(
            "--public",
            action="store_true",
            help="Published data only, natural persons pseudonymised (what the site shows).",
        )

    def handle(self, *args, file: str, public: bool = False, verbosity: int = 1, **options):
        text = dumps(export_document(public=public))
        if file == "-":
            self.stdout.write(text, ending="")
            return
        try:
            Path(file).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        if verbosity:
            self.stderr.write(f"Exported to {file} ({len(text.encode())} bytes).")
