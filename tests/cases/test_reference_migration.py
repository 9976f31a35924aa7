"""The migration making reference status explicit: what was public as reference data (rulings
on no proceeding, events of no case) stays public; nothing else becomes so."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("cases", "0011_add_party_entered_by")]
AFTER = [("cases", "0012_reference_case_law_explicit")]


@pytest.mark.slow  # migrates back and forth
@pytest.mark.django_db(transaction=True)
def test_existing_reference_rulings_and_events_stay_public():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Organisation = old.get_model("organisations", "Organisation")
    organisation = Organisation.objects.create(name="Association", slug="assoc")
    court = old.get_model("cases", "Court").objects.create(
        name_fr="Conseil d'État", short_name_fr="CE", slug="ce", country="FR", kind="administrative"
    )
    case = old.get_model("cases", "Case").objects.create(
        title_fr="Brouillon", slug="brouillon", organisation=organisation
    )
    proceeding = old.get_model("cases", "Proceeding").objects.create(
        case=case, court=court, number="450163"
    )
    Ruling = old.get_model("cases", "Ruling")
    day = dt.date(2021, 3, 12)
    Ruling.objects.create(court=court, kind="order", decided_on=day, slug="reference")
    Ruling.objects.create(
        court=court, kind="order", decided_on=day, slug="in-case", proceeding=proceeding
    )
    Event = old.get_model("cases", "Event")
    Event.objects.create(
        occurred_on=day,
        title_fr="Loi",
    )
    Event.objects.create(occurred_on=day, title_fr="Fait de l'affaire").cases.set([case])

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Ruling = new.get_model("cases", "Ruling")
    assert Ruling.objects.get(slug="reference").reference
    assert not Ruling.objects.get(slug="in-case").reference
    Event = new.get_model("cases", "Event")
    assert Event.objects.get(title_fr="Loi").reference
    assert not Event.objects.get(title_fr="Fait de l'affaire").reference

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
