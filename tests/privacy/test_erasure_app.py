"""The privacy app owns the erasure: it searches every table editors write to (the models it
imports, listed in privacy.erasure), and its log kept the table and rows the cases app made."""

import datetime as dt

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from privacy import erasure
from privacy.models import ErasureRecord

# The apps whose tables hold what editors write.
DATA_APPS = ("cases", "citations", "organisations", "alerts")


def test_every_model_holding_text_is_searched():
    scanned = set(erasure._scanned_models())
    missing = [
        model._meta.label
        for label in DATA_APPS
        for model in apps.get_app_config(label).get_models()
        if not model._meta.proxy
        and (erasure._text_fields(model) or erasure._slug_fields(model))
        and model not in scanned
    ]
    assert missing == []
    assert ErasureRecord not in scanned  # the log is never rewritten
    # Every historical model records one whose case paths are known, or one outside cases.
    for model in scanned:
        assert model._meta.app_label in {*DATA_APPS, "admin"}


@pytest.mark.django_db
def test_the_erasure_log_keeps_the_table_of_the_cases_app():
    assert ErasureRecord._meta.app_label == "privacy"
    assert ErasureRecord._meta.db_table == "cases_erasurerecord"
    assert ContentType.objects.get_for_model(ErasureRecord).app_label == "privacy"


BEFORE = [("cases", "0013_ruling_case_name"), ("privacy", None)]
# The state before: the cases app's, and content types as they are today.
BEFORE_STATE = [
    ("cases", "0013_ruling_case_name"),
    ("contenttypes", "0002_remove_content_type_name"),
]
AFTER = [("cases", "0014_erasure_record_moves_to_privacy")]


@pytest.mark.slow  # migrations run back and forth (docs/testing.md)
@pytest.mark.django_db(transaction=True)
def test_migrating_forward_keeps_the_erasure_records():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE_STATE).apps
    with pytest.raises(LookupError):
        old.get_model("privacy", "ErasureRecord")
    Record = old.get_model("cases", "ErasureRecord")
    Record.objects.create(party_pk=41, via="command", rows_rewritten=3, counts={"cases.case": 1})
    OldContentType = old.get_model("contenttypes", "ContentType")
    OldContentType.objects.filter(app_label="privacy", model="erasurerecord").delete()
    OldContentType.objects.get_or_create(app_label="cases", model="erasurerecord")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    with pytest.raises(LookupError):
        new.get_model("cases", "ErasureRecord")
    record = new.get_model("privacy", "ErasureRecord").objects.get()
    assert (record.party_pk, record.via, record.rows_rewritten) == (41, "command", 3)
    assert record.counts == {"cases.case": 1}
    assert record.created_at.date() <= dt.date.today()
    NewContentType = new.get_model("contenttypes", "ContentType")
    assert NewContentType.objects.filter(app_label="privacy", model="erasurerecord").exists()
    assert not NewContentType.objects.filter(app_label="cases", model="erasurerecord").exists()

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()
    assert ErasureRecord.objects.get().party_pk == 41
