"""Erase a natural person's identifying data everywhere, history included (privacy.erasure).

The same service as the admin action "Erase this natural person's identifying data". The party
is named by its uid, and the output never repeats the name: a terminal's scroll-back or a cron
log would otherwise keep what was erased (the words around each hit are shown, every hit masked).
`--dry-run` lists every hit, certain and possible, with its id. Without options the certain hits
are rewritten; `--include-possible` takes the possible ones too, `--hit ID` takes exactly the
hits given, `--skip ID` leaves some out. Exit 1 when the party is unknown, not a natural person
or erased already, or an id given is no hit.
"""

import uuid

from django.core.management.base import BaseCommand, CommandError

from cases.models import Party
from privacy import erasure


class Command(BaseCommand):
    help = (
        "Erase the natural person PARTY_UID's identifying data everywhere, history included; "
        "the party stays in its cases under a neutral name. --dry-run lists every hit of the "
        "name without writing; certain hits are rewritten, possible ones with "
        "--include-possible or --hit."
    )

    def add_arguments(self, parser):
        parser.add_argument("party_uid", help="The party's uid (shown in its admin page).")
        parser.add_argument(
            "--dry-run", action="store_true", help="List the hits of the name, write nothing."
        )
        parser.add_argument(
            "--include-possible",
            action="store_true",
            help="Rewrite the possible hits too (the surname alone, a civility elsewhere).",
        )
        parser.add_argument(
            "--hit",
            action="append",
            default=[],
            metavar="ID",
            help="Rewrite exactly the hits given (ids from --dry-run); repeatable.",
        )
        parser.add_argument(
            "--skip",
            action="append",
            default=[],
            metavar="ID",
            help="Leave this hit as it is (an id from --dry-run); repeatable.",
        )

    def handle(
        self,
        *args,
        party_uid: str,
        dry_run: bool = False,
        include_possible: bool = False,
        hit: list[str] | None = None,
        skip: list[str] | None = None,
        verbosity: int = 1,
        **options,
    ):
        try:
            uid = uuid.UUID(party_uid)
        except ValueError:
            raise CommandError(f"Not a uid: {party_uid!r}", returncode=1) from None
        party = Party.objects.filter(uid=uid).first()
        if party is None:
            raise CommandError(f"No party with uid {uid}", returncode=1)
        hit, skip = hit or [], skip or []
        try:
            plan = erasure.erasure_plan(party=party)
            known = {h.id for h in plan.hits}
            unknown = sorted(set(hit + skip) - known)
            if unknown:
                raise CommandError(f"Not a hit: {', '.join(unknown)}", returncode=1)
            plan.choose(hit or None, include_possible=include_possible)
            chosen = [h.id for h in plan.selected if h.id not in set(skip)]
            plan = erasure.erase_person(party=party, dry_run=dry_run, selected=chosen)
        except erasure.ErasureRefused as error:
            raise CommandError(" ".join(error.messages), returncode=1) from None
        if not verbosity:
            return
        if dry_run:
            self._list_hits(plan)
        verb = "Dry run, nothing written; would rewrite" if dry_run else "Erased; rewrote"
        self.stdout.write(f"Party #{party.pk} ({uid}): {verb} {plan.total} other row(s).")
        for label, count in plan.lines:
            self.stdout.write(f"  {label}: {count}")

    def _list_hits(self, plan: erasure.ErasurePlan) -> None:
        chosen = {h.id for h in plan.selected}
        certain = len(plan.certain)
        self.stdout.write(
            f"{len(plan.hits)} hit(s): {certain} certain, {len(plan.hits) - certain} possible; "
            "[x] would be rewritten. The name is shown as [[…]], other hits as […]."
        )
        for h in plan.hits:
            mark = "x" if h.id in chosen else " "
            sureness = "certain" if h.certain else "possible"
            self.stdout.write(
                f"[{mark}] {h.id}  {sureness}, {h.kind_label}; {h.model_label} {h.record}, "
                f"{h.field_label}: {erasure.masked_snippet(h, plan.hits)}"
            )
