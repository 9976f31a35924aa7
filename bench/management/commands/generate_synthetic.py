"""generate_synthetic: deterministic synthetic data at scale (bench/synthetic.py).

    python manage.py generate_synthetic --cases 100000 --rulings 300000 --citations 2000000 --seed 1

Adds the rows to what the database holds (ids after the current maximum of each table); the
same seed into an empty database gives the same rows. COPY on PostgreSQL, batched inserts
elsewhere; a progress bar per table on stderr (none with --verbosity 0). There is no --dry-run:
run it against a throw-away database (bench/run.py creates one).
"""

import json
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from bench.synthetic import Generator, Plan, Writer
from casetracker import pagecache


class Command(BaseCommand):
    help = "Generate deterministic synthetic cases, rulings and citations (for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=1000)
        parser.add_argument("--rulings", type=int, default=3000)
        parser.add_argument("--citations", type=int, default=20000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="Print the summary as JSON on stdout.",
        )

    def handle(self, *args, cases, rulings, citations, seed, as_json: bool = False, **options):
        if min(cases, rulings, citations) < 0:
            raise CommandError("--cases, --rulings and --citations must not be negative.")
        if cases < 1:
            raise CommandError("--cases must be at least 1.")
        verbosity = options["verbosity"]
        plan = Plan(cases=cases, rulings=rulings, citations=citations, seed=seed)
        started = time.perf_counter()
        with transaction.atomic():
            stats = Generator(plan, Writer(verbosity=verbosity, stream=self.stderr._out)).run()
        pagecache.bump()  # COPY sends no signal
        stats["seconds"] = round(time.perf_counter() - started, 1)
        if as_json:
            self.stdout.write(json.dumps(stats, sort_keys=True))
        elif verbosity:
            total = sum(stats["rows"].values())
            self.stdout.write(
                f"{total:,} rows in {stats['seconds']} s; 300-entry case: "
                f"{stats['big_case_slug']}; hub ruling: {stats['hub_ruling_slug']}"
            )
