"""The demo's rows replayed in a module's transaction (tests/demo_rows.py) leave the database as
the real `load_demo` leaves it: every table, row for row, and on SQLite the same next ids. A load
that changes a row that was already there is never replayed. Runs on SQLite and PostgreSQL."""

import contextlib
import dataclasses

import pytest
from django.db import connection, transaction

from cases.models import Case, Court
from tests import demo_rows
from tests.factories import CaseFactory, CourtFactory


@contextlib.contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def dump() -> dict[str, list]:
    """Every table's rows, every column (generated ones too), sorted; SQLite's sequences."""
    tables = {}
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        if connection.vendor == "sqlite":
            names.append("sqlite_sequence")
        for name in names:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(name)}")
            tables[name] = sorted((tuple(row) for row in cursor.fetchall()), key=repr)
    return tables


def next_case_id() -> int:
    return CaseFactory().pk


@pytest.mark.django_db
def test_replayed_demo_is_the_real_load_table_by_table():
    replayer = demo_rows.Replayer(demo_rows.real_load)
    with rolled_back():
        assert replayer.load() == "captured"
        real = dump()
        real_case_ids = set(Case.objects.values_list("pk", flat=True))
        real_next = next_case_id()
    with rolled_back():
        assert replayer.load() == "replayed"
        replayed = dump()
        replayed_next = next_case_id()
    # The foreign keys are deferred: the tables in the opposite order give the same rows.
    (captured,) = replayer.captures[(connection.alias, connection.vendor)]
    with rolled_back():
        demo_rows.replay(dataclasses.replace(captured, tables=captured.tables[::-1]), connection)
        reversed_order = dump()

    assert len(real_case_ids) == 4
    assert sum(len(rows) for rows in real.values()) > 200
    assert replayed.keys() == real.keys()
    for name in real:
        assert replayed[name] == real[name], name
        assert reversed_order[name] == real[name], name
    if connection.vendor == "sqlite":
        assert real["sqlite_sequence"]
        assert replayed_next == real_next
    else:
        # PostgreSQL's sequences are not rolled back: the next id is past both loads'.
        assert replayed_next > real_next > max(real_case_ids)


@pytest.mark.django_db
def test_every_foreign_key_is_deferred():
    """Django's, on SQLite and PostgreSQL: a replay may insert the tables in any order."""
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
    tables = [demo_rows.Table(name, [], []) for name in names]

    demo_rows.check_replayable(connection, tables)  # raises Unsafe otherwise


@pytest.mark.django_db
def test_a_foreign_key_checked_at_once_is_refused():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE replay_parent (id integer PRIMARY KEY)")
        cursor.execute(
            "CREATE TABLE replay_child (id integer PRIMARY KEY, "
            "parent_id integer REFERENCES replay_parent (id))"
        )
    tables = [demo_rows.Table(name, [], []) for name in ("replay_parent", "replay_child")]

    with pytest.raises(demo_rows.Unsafe, match="replay_child"):
        demo_rows.check_replayable(connection, tables)


@pytest.mark.django_db
def test_replay_moves_a_sequence_reset_behind_its_ids_forwards():
    """After a test that reset the sequences (PostgreSQL), replayed ids would meet new rows."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite replays its sqlite_sequence as it was")
    replayer = demo_rows.Replayer(lambda: CourtFactory.create_batch(3))
    with rolled_back():
        assert replayer.load() == "captured"
        ids = set(Court.objects.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence('cases_court', 'id')")
        (sequence,) = cursor.fetchone()
        cursor.execute("SELECT setval(%s, 1, false)", [sequence])
    with rolled_back():
        assert replayer.load() == "replayed"
        assert set(Court.objects.values_list("pk", flat=True)) == ids
        assert CourtFactory().pk == max(ids) + 1
    # Never backwards: the sequence is past the ids now, a second replay leaves it there.
    with rolled_back():
        assert replayer.load() == "replayed"
        assert CourtFactory().pk == max(ids) + 2


@pytest.mark.django_db
def test_a_load_that_changes_a_row_already_there_is_never_replayed():
    court = CourtFactory(name_en="Before")
    calls = []

    def build():
        calls.append(1)
        CourtFactory(name_en="Added")
        Court.objects.filter(pk=court.pk).update(name_en="Changed")

    replayer = demo_rows.Replayer(build)
    for _ in range(2):
        with rolled_back():
            assert replayer.load() == "refused"
            assert Court.objects.get(pk=court.pk).name_en == "Changed"
            assert Court.objects.filter(name_en="Added").count() == 1

    assert len(calls) == 2
    (captured,) = replayer.captures[(connection.alias, connection.vendor)]
    assert "cases_court" in captured.refused and "changed or deleted" in captured.refused
    assert captured.tables == []


@pytest.mark.django_db
def test_a_load_from_other_content_is_captured_anew():
    replayer = demo_rows.Replayer(lambda: CourtFactory(name_en="Added"))
    with rolled_back():
        assert replayer.load() == "captured"
    CourtFactory(name_en="Already there")
    with rolled_back():
        assert replayer.load() == "captured"
        assert Court.objects.count() == 2
    with rolled_back():
        assert replayer.load() == "replayed"
        assert set(Court.objects.values_list("name_en", flat=True)) == {"Already there", "Added"}
