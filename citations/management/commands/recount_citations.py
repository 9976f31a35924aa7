"""Recompute the precomputed citation data: each citation's citing date and each ruling's
public cited-by counts (citations.services). The receivers of the services' domain events keep
them right as records change; run this after writes that bypass them (raw SQL, bulk loads, queryset
updates), or to check them.

    python manage.py recount_citations            # every ruling
    python manage.py recount_citations --dry-run  # say how many are wrong, write nothing
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from citations import services
from citations.models import CitedByStats

STATS_FIELDS = ("count", "rulings_count", "treatments")


class DryRun(Exception):
    """Rolls the recount back after measuring it."""


class Command(BaseCommand):
    help = "Recompute the citing dates of citations and the cited-by counts of rulings."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="count the rulings that would change only"
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        before = dict(self._stats())
        try:
            with transaction.atomic():
                dates = services.citing_dates_refresh()
                services.citation_stats_refresh()
                after = dict(self._stats())
                changed = sum(
                    1 for pk in before.keys() | after.keys() if before.get(pk) != after.get(pk)
                )
                if dry_run:
                    raise DryRun
        except DryRun:
            pass
        if verbosity:
            verb = "would change" if dry_run else "changed"
            self.stdout.write(
                f"{changed} ruling(s) {verb}; {dates} citing date(s) recomputed"
                + (" (rolled back)." if dry_run else ".")
            )

    def _stats(self):
        # A row of zeros is the same as no row (citations.models.stats_of).
        counted = CitedByStats.objects.exclude(count=0, rulings_count=0)
        rows = counted.values_list("ruling_id", *STATS_FIELDS).iterator()
        return ((row[0], row[1:]) for row in rows)
