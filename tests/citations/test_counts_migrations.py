"""The migrations of the cited-by counts: 0004 recounted the counts stored on rulings without
unverified citations; 0005 (with cases 0014) moved them to the citations app's own table,
values kept, and back when migrating backwards."""

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

ON_RULINGS = [("citations", "0004_recount_without_unverified"), ("cases", "0013_ruling_case_name")]
IN_TABLE = [
    ("citations", "0005_cited_by_stats_table"),
    ("cases", "0015_ruling_cited_by_counts_moved"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def cited_three_times(apps):
    """A reference ruling cited by two public rulings, verified (follows), and one public
    ruling, unverified (overrules); its stored counts from before the rule, all counted."""
    Organisation = apps.get_model("organisations", "Organisation")
    Court = apps.get_model("cases", "Court")
    Case = apps.get_model("cases", "Case")
    Proceeding = apps.get_model("cases", "Proceeding")
    Ruling = apps.get_model("cases", "Ruling")
    Citation = apps.get_model("citations", "Citation")
    organisation = Organisation.objects.create(name="Association", slug="assoc")
    court = Court.objects.create(
        name_fr="Cour de justice", short_name_fr="CJUE", slug="cjue", country="EU", kind="eu"
    )
    case = Case.objects.create(
        title_fr="Affaire", slug="affaire", organisation=organisation, publication="published"
    )
    proceeding = Proceeding.objects.create(case=case, court=court, number="C-1/20")
    day = dt.date(2022, 1, 1)
    cited = Ruling.objects.create(
        court=court, kind="judgment", decided_on=day, slug="target", reference=True
    )
    for n, (treatment, verified) in enumerate(
        [("follows", True), ("follows", True), ("overrules", False)]
    ):
        citing = Ruling.objects.create(
            court=court, kind="judgment", decided_on=day, slug=f"citing-{n}", proceeding=proceeding
        )
        Citation.objects.create(
            citing_ruling=citing, cited=cited, treatment=treatment, verified=verified
        )
    Ruling.objects.filter(pk=cited.pk).update(
        cited_by_count=3,
        cited_by_rulings_count=3,
        cited_by_treatments={"follows": 2, "overrules": 1},
    )
    return cited.pk


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_counts_are_recounted_without_unverified_then_moved_to_their_table_and_back():
    old = migrate(ON_RULINGS)
    pk = cited_three_times(old)

    # 0004: counts stored before the rule (every public citation counted) are recomputed.
    migration = importlib.import_module("citations.migrations.0004_recount_without_unverified")
    migration.recount(old, SimpleNamespace(connection=connection))
    Ruling = old.get_model("cases", "Ruling")
    fields = ("cited_by_count", "cited_by_treatments", "cited_by_rulings_count")
    before = Ruling.objects.values_list(*fields).get(pk=pk)
    assert before[:2] == (2, {"follows": 2})
    assert before[2] == 3  # the graph's edges, unverified ones drawn too

    try:
        new = migrate(IN_TABLE)
        stats = new.get_model("citations", "CitedByStats").objects.get(ruling_id=pk)
        assert (stats.count, stats.treatments, stats.rulings_count) == before
        # Rulings no citation reaches get no row.
        assert new.get_model("citations", "CitedByStats").objects.count() == 1

        back = migrate(ON_RULINGS)
        assert back.get_model("cases", "Ruling").objects.values_list(*fields).get(pk=pk) == before
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
