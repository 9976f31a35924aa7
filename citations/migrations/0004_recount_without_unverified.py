"""Recompute the cited-by counts stored on rulings under the rule that a citation nobody has
verified is not counted in the public counts nor in the citator signal (it used to be;
docs/citations.md)."""

import json
from collections import Counter, defaultdict

from django.db import migrations
from django.db.models import Count, Q

# The public rule of the time (cases.visibility), frozen: a migration must not import rules
# that later migrations change.
PUBLIC_STATES = ("published", "archived")


def recount(apps, schema_editor, *, verified_only=True):
    """The values citations.services.citation_stats_refresh writes (with this migration's
    models, as migrations must): per-treatment counts and the total of verified public
    citations; the number of public citing rulings, verified or not (the graph's edges)."""
    Citation = apps.get_model("citations", "Citation")
    Ruling = apps.get_model("cases", "Ruling")
    citing_public = (
        Q(citing_ruling__isnull=False)
        & (
            Q(citing_ruling__reference=True)
            | Q(citing_ruling__proceeding__case__publication__in=PUBLIC_STATES)
        )
    ) | (
        Q(citing_filing__isnull=False)
        & Q(citing_filing__proceeding__case__publication__in=PUBLIC_STATES)
    )
    rows = (
        Citation.objects.filter(citing_public)
        .order_by()
        .values_list("cited_id", "treatment", "verified")
        .annotate(n=Count("pk"), by_rulings=Count("pk", filter=Q(citing_ruling__isnull=False)))
    )
    stats = defaultdict(Counter)
    for cited_id, treatment, verified, n, by_rulings in rows:
        if verified or not verified_only:
            stats[cited_id][treatment] += n
        stats[cited_id][None] += by_rulings
    Ruling.objects.exclude(cited_by_count=0, cited_by_rulings_count=0).update(
        cited_by_count=0, cited_by_rulings_count=0, cited_by_treatments={}
    )
    # One UPDATE per 2,000 rulings from a VALUES list, as citations.services._stats_write does
    # (bulk_update took minutes at 250,000 rulings).
    table = Ruling._meta.db_table
    as_json = "CAST(v.t AS jsonb)" if schema_editor.connection.vendor == "postgresql" else "v.t"
    items = sorted(stats.items())
    for start in range(0, len(items), 2000):
        values = []
        for pk, counts in items[start : start + 2000]:
            by_rulings = counts.pop(None, 0)
            treatments = json.dumps(dict(sorted(counts.items())))
            values.extend((pk, sum(counts.values()), by_rulings, treatments))
        placeholders = ", ".join(["(%s, %s, %s, %s)"] * (len(values) // 4))
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                f"WITH v(id, n, nr, t) AS (VALUES {placeholders}) UPDATE {table} SET "
                "(cited_by_count, cited_by_rulings_count, cited_by_treatments) = "
                f"(SELECT v.n, v.nr, {as_json} FROM v WHERE v.id = {table}.id) "
                f"WHERE {table}.id IN (SELECT v.id FROM v)",
                values,
            )


def recount_with_unverified(apps, schema_editor):
    recount(apps, schema_editor, verified_only=False)


class Migration(migrations.Migration):
    dependencies = [
        ("citations", "0003_citation_citing_date_and_counts"),
        # The public rules it applies (cases.visibility) read the cases models as they are now.
        ("cases", "0012_reference_case_law_explicit"),
    ]

    operations = [migrations.RunPython(recount, recount_with_unverified)]
