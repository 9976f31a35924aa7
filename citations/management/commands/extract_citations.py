"""Print the citations found in a text, one JSON object per line (docs/commands.md).

    python manage.py extract_citations decision.txt --lang en
    pdftotext order.pdf - | python manage.py extract_citations -

Keys: start, end (Python slice offsets), text, kind, identifier (normalised), ruling_id and
ruling_url (absolute, in --lang; both null when the citation resolves to no public ruling).
Exit 0 on success, 2 on unreadable or oversized (> 5 MB) input with a message on stderr.
Reads only: nothing is written to the database.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from cases.models import Ruling
from citations.extract import extract
from citations.graph import absolute_ruling_url
from citations.resolve import resolve

MAX_BYTES = 5 * 1024 * 1024


class Command(BaseCommand):
    help = "Extract case-law citations from a text file (or - for standard input) as JSON lines."
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default="-", help="a UTF-8 text file, or -")
        parser.add_argument("--lang", choices=("fr", "en"), default="fr", help="language of URLs")

    def handle(self, *args, file, lang, **options):
        data = self._read(file, options.get("stdin") or sys.stdin)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise CommandError(f"{file}: not UTF-8 text ({error.reason})", returncode=2) from None
        for resolution in resolve(extract(text), rulings=Ruling.objects.public()):
            m, ruling = resolution.match, resolution.ruling
            record = {
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "kind": str(m.kind),
                "identifier": m.identifier,
                "ruling_id": ruling.pk if ruling else None,
                "ruling_url": absolute_ruling_url(ruling, lang) if ruling else None,
            }
            self.stdout.write(json.dumps(record, ensure_ascii=False))

    def _read(self, file: str, stdin) -> bytes:
        try:
            if file == "-":
                data = stdin.buffer.read(MAX_BYTES + 1) if hasattr(stdin, "buffer") else None
                if data is None:
                    data = stdin.read(MAX_BYTES + 1)
                    data = data.encode("utf-8") if isinstance(data, str) else data
            else:
                with open(file, "rb") as handle:
                    data = handle.read(MAX_BYTES + 1)
        except OSError as error:
            raise CommandError(f"{file}: cannot read ({error.strerror})", returncode=2) from None
        if len(data) > MAX_BYTES:
            raise CommandError(f"{file}: larger than 5 MB, refused", returncode=2)
        return data
