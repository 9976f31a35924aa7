"""Erase a natural person's identifying data everywhere, history included (cases.erasure).

The same service as the admin action "Erase this natural person's identifying data". The party
is named by its uid, and the output never repeats the name: a terminal's scroll-back or a cron
log would otherwise keep what was erased. Exit 1 when the party is unknown, not a natural
person or erased already.
"""

import uuid

from django.core.management.base import BaseCommand, CommandError

from cases import erasure
from cases.models import Party


class Command(BaseCommand):
    help = (
        "Erase the natural person PARTY_UID's identifying data everywhere, history included; "
        "the party stays in its cases under a neutral name. --dry-run counts without writing."
    )

    def add_arguments(self, parser):
        parser.add_argument("party_uid", help="The party's uid (shown in its admin page).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the rows to rewrite, write nothing."
        )

    def handle(self, *args, party_uid: str, dry_run: bool = False, verbosity: int = 1, **options):
        try:
            uid = uuid.UUID(party_uid)
        except ValueError:
            raise CommandError(f"Not a uid: {party_uid!r}", returncode=1) from None
        party = Party.objects.filter(uid=uid).first()
        if party is None:
            raise CommandError(f"No party with uid {uid}", returncode=1)
        try:
            plan = erasure.erase_person(party=party, dry_run=dry_run)
        except erasure.ErasureRefused as error:
            raise CommandError(" ".join(error.messages), returncode=1) from None
        if verbosity:
            verb = "Dry run, nothing written; would rewrite" if dry_run else "Erased; rewrote"
            self.stdout.write(f"Party #{party.pk} ({uid}): {verb} {plan.total} other row(s).")
            for label, count in plan.lines:
                self.stdout.write(f"  {label}: {count}")
