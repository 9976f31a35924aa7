"""The migrations that brought organisations and versions: existing cases keep working (no
organisation, version 1)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.slow  # migrates back and forth
@pytest.mark.django_db(transaction=True)
def test_cases_entered_before_organisations_survive_the_migration():
    before = [("cases", "0001_initial"), ("citations", "0001_initial")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    OldCase = old_apps.get_model("cases", "Case")
    OldCase.objects.create(title_fr="Affaire ancienne", slug="ancienne")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    new_apps = executor.loader.project_state(executor.loader.graph.leaf_nodes()).apps
    Case = new_apps.get_model("cases", "Case")
    case = Case.objects.get(slug="ancienne")
    assert case.organisation_id is None
    assert case.version == 1
