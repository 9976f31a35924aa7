"""The demo data set for a module's shared transaction: loaded once per process through the
real `load_demo` command, then replayed as the rows that load wrote (docs/testing.md).

`load_demo` goes through the import services (validation, history, outbox, the sources'
connectors): about half a second of CPU each time, and some forty test modules load it in each
run. Inside a module's transaction (tests/shared.py) what the command leaves behind is nothing
but rows, rolled back after the module. So the first load in a process (an xdist worker) runs
the command and compares every table's content before and after it; a later load that starts
from the same content (every table, Django's and the history tables included, and on SQLite
`sqlite_sequence`) inserts the rows the command added, table by table, with raw INSERTs.

Only pure additions are replayed. When the command changed or deleted a row that was there
before, when a table it wrote has a trigger or a foreign key that is checked at once (Django
makes them DEFERRABLE INITIALLY DEFERRED, so insertion order does not matter), a column that
cannot be written (GENERATED ALWAYS AS IDENTITY), or when the set of tables changed, the
capture is refused and every load from that starting content runs the command
(`Capture.refused` says why). A load that starts from other content (a module whose own data is
already in its transaction) runs the command too, and is captured in its turn.

Ids: on SQLite, replay writes the captured ids and then the captured `sqlite_sequence`, so the
next row of every table gets the id it gets after the real load (SQLite rolls sqlite_sequence
back with the transaction, so each module starts from the same sequences). On PostgreSQL,
sequences are not transactional: after the first real load was rolled back they are past its
ids, so the replayed ids cannot collide with later ones, and replay moves a sequence forwards
(never backwards) if it is not (after a test that reset the sequences). A row created after a
replay therefore gets a higher id on PostgreSQL than after the real load, as it would after any
second real load.

What the command changes outside the database (compared, on both databases, in a process
whose caches one load had already filled, with the content types' cache emptied as a flush
empties it): only ContentTypeManager's per-process cache, where the content types it looks up are
kept. A flush (after each transactional test) empties that cache, and a test after the load
that counts its queries would count one more without it, so replay looks the same content types
up again (`Capture.content_types`). Nothing else:
- the page cache is off in the tests' settings (PAGE_CACHE_SECONDS=0), so no write registers a
  bump (casetracker/pagecache.py), and a bump would wait for a commit that a module transaction
  never makes: the load leaves no on-commit callback;
- per-process memos (common/memo.py, the lru_caches of citations.extract and privacy.erasure)
  are keyed by their inputs and filled by the first load: a missing entry would cost time, never
  give another answer;
- the timestamps (created_at, updated_at, history dates) and generated uuids are those of the
  first load in the process, not each module's (a test comparing them with the present already
  depended on when its module started: a run crossing midnight between the capture and a replay
  would show it).

A per-test load for committed data (`shared.fresh` without a module transaction) and the tests
of the command itself (tests/demo/test_load_demo.py overrides `demo_once`) run the command,
never this.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction


def real_load() -> None:
    call_command("load_demo", verbosity=0)


# --- The database's content -------------------------------------------------------------------


def writable_columns(connection, cursor, table: str) -> list[str]:
    """The columns an INSERT may name, in their order (generated columns are computed)."""
    if connection.vendor == "sqlite":
        cursor.execute(f"PRAGMA table_xinfo({connection.ops.quote_name(table)})")
        # hidden: 0 an ordinary column, 2 or 3 a generated one.
        return [row[1] for row in cursor.fetchall() if row[6] == 0]
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = "
            "current_schema() AND table_name = %s AND is_generated = 'NEVER' "
            "ORDER BY ordinal_position",
            [table],
        )
        return [row[0] for row in cursor.fetchall()]
    raise NotImplementedError(connection.vendor)


def select_values(connection, table: str, columns: list[str]) -> str:
    """A SELECT of the table's rows as values that an INSERT writes back unchanged: on SQLite
    the stored values (`+column` has no declared type, so no converter turns it into a Python
    date or bool), on PostgreSQL each value's text (an untyped literal takes the column's
    type: json, arrays, timestamps with their zone, bytea in hex)."""
    quote = connection.ops.quote_name
    if connection.vendor == "sqlite":
        values = ", ".join(f"+{quote(column)}" for column in columns)
    else:
        values = ", ".join(f"{quote(column)}::text" for column in columns)
    return f"SELECT {values} FROM {quote(table)}"


@dataclass
class Table:
    name: str
    columns: list[str]
    rows: list[tuple]  # in the order a scan reads them


def read_tables(connection) -> dict[str, Table]:
    """Every table's rows (SQLite's sqlite_sequence as the table `sqlite_sequence`)."""
    tables = {}
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        if connection.vendor == "sqlite":
            names.append("sqlite_sequence")
        for name in names:
            columns = writable_columns(connection, cursor, name)
            cursor.execute(select_values(connection, name, columns))
            tables[name] = Table(name, columns, [tuple(row) for row in cursor.fetchall()])
    return tables


def content(tables: dict[str, Table]) -> dict[str, Counter]:
    """What the tables hold, whatever the order of their rows."""
    return {name: Counter(table.rows) for name, table in tables.items()}


# --- Capture ----------------------------------------------------------------------------------


class Unsafe(Exception):
    """The rows a load wrote would not reproduce it."""


@dataclass
class Capture:
    before: dict[str, Counter]
    tables: list[Table] = field(default_factory=list)  # the rows added, table by table
    sqlite_sequence: list[tuple] | None = None  # SQLite: the whole table after the load
    content_types: list = field(default_factory=list)  # ContentTypeManager cache keys added
    refused: str = ""


def added_rows(before: dict[str, Table], after: dict[str, Table]) -> list[Table]:
    """The rows each table gained, in the order a scan reads them; Unsafe if any row that was
    there before is gone or changed (a changed row is one gone and one added)."""
    if set(before) != set(after):
        raise Unsafe(f"the tables changed: {sorted(set(before) ^ set(after))}")
    added = []
    for name, table in after.items():
        if name == "sqlite_sequence":
            continue
        if table.columns != before[name].columns:
            raise Unsafe(f"{name}: its columns changed")
        left = Counter(before[name].rows)
        rows = []
        for row in table.rows:
            if left[row] > 0:
                left[row] -= 1
            else:
                rows.append(row)
        if +left:
            raise Unsafe(
                f"{name}: {sum(left.values())} row(s) there before were changed or deleted"
            )
        if rows:
            added.append(Table(name, table.columns, rows))
    return added


def check_replayable(connection, tables: list[Table]) -> None:
    """Unsafe unless plain INSERTs into these tables, in any order, write just these rows."""
    names = [table.name for table in tables]
    if not names:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            marks = ", ".join(["%s"] * len(names))
            cursor.execute(
                "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' "
                f"AND tbl_name IN ({marks})",
                names,
            )
            if triggers := cursor.fetchall():
                raise Unsafe(f"triggers on {sorted({row[0] for row in triggers})}")
            cursor.execute(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name IN ({marks})",
                names,
            )
            for name, sql in cursor.fetchall():
                # Django writes each foreign key as `REFERENCES … DEFERRABLE INITIALLY DEFERRED`.
                if sql.upper().count(" REFERENCES ") != sql.upper().count(
                    " DEFERRABLE INITIALLY DEFERRED"
                ):
                    raise Unsafe(f"{name}: a foreign key checked at once")
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND c.relname = ANY(%s) AND pg_table_is_visible(c.oid)",
                [names],
            )
            if triggers := cursor.fetchall():
                raise Unsafe(f"triggers on {sorted(row[0] for row in triggers)}")
            cursor.execute(
                "SELECT c.relname, k.conname FROM pg_constraint k JOIN pg_class c "
                "ON c.oid = k.conrelid WHERE k.contype = 'f' AND NOT (k.condeferrable AND "
                "k.condeferred) AND c.relname = ANY(%s) AND pg_table_is_visible(c.oid)",
                [names],
            )
            if immediate := cursor.fetchall():
                raise Unsafe(f"foreign keys checked at once: {immediate}")
            cursor.execute(
                "SELECT table_name, column_name FROM information_schema.columns WHERE "
                "table_schema = current_schema() AND table_name = ANY(%s) "
                "AND identity_generation = 'ALWAYS'",
                [names],
            )
            if always := cursor.fetchall():
                raise Unsafe(f"identity columns that cannot be written: {always}")


def content_type_keys(alias: str) -> set:
    return set(ContentType.objects._cache.get(alias, {}))


def capture(build: Callable[[], None], connection, before: dict[str, Table]) -> Capture:
    """Run `build()` (the real load) on the tables `before` and what it added, or why it
    cannot be replayed."""
    cached = content_type_keys(connection.alias)
    build()
    after = read_tables(connection)
    result = Capture(before=content(before))
    try:
        result.tables = added_rows(before, after)
        check_replayable(connection, result.tables)
    except Unsafe as error:
        result.tables = []
        result.refused = str(error)
        return result
    if connection.vendor == "sqlite":
        result.sqlite_sequence = after["sqlite_sequence"].rows
    result.content_types = sorted(content_type_keys(connection.alias) - cached, key=repr)
    return result


# --- Replay -----------------------------------------------------------------------------------


def replay(captured: Capture, connection) -> None:
    quote = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for table in captured.tables:
            columns = ", ".join(quote(column) for column in table.columns)
            marks = ", ".join(["%s"] * len(table.columns))
            cursor.executemany(
                f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({marks})", table.rows
            )
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM sqlite_sequence")
            cursor.executemany(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)",
                captured.sqlite_sequence,
            )
        elif connection.vendor == "postgresql":
            for table in captured.tables:
                sequences_past_ids(connection, cursor, table.name)
    for key in captured.content_types:
        if key not in ContentType.objects._cache.get(connection.alias, {}):
            if isinstance(key, tuple):
                ContentType.objects.db_manager(connection.alias).get_by_natural_key(*key)
            else:
                ContentType.objects.db_manager(connection.alias).get_for_id(key)


def sequences_past_ids(connection, cursor, table: str) -> None:
    """Move each sequence of `table` past its highest id, if it is not already (PostgreSQL)."""
    quote = connection.ops.quote_name
    for sequence in connection.introspection.get_sequences(cursor, table):
        cursor.execute(f"SELECT MAX({quote(sequence['column'])}) FROM {quote(table)}")
        (highest,) = cursor.fetchone()
        if highest is None:
            continue
        cursor.execute(f"SELECT last_value, is_called FROM {quote(sequence['name'])}")
        last, called = cursor.fetchone()
        following = last + 1 if called else last
        if following <= highest:
            cursor.execute("SELECT setval(%s, %s)", [quote(sequence["name"]), highest])


# --- The loader of the module fixtures --------------------------------------------------------


class Replayer:
    """`build()`'s rows, captured the first time per database and starting content."""

    def __init__(self, build: Callable[[], None]):
        self.build = build
        # Per database alias and vendor, the captures made in this process, each with the
        # content it started from.
        self.captures: dict[tuple[str, str], list[Capture]] = {}

    def load(self, using: str = DEFAULT_DB_ALIAS) -> str:
        """`build()` inside the open transaction, or the replay of its rows. Says which:
        "replayed", "captured", "refused" (the real load: its rows cannot be replayed) or
        "loaded" (outside a transaction, or on another database than SQLite and PostgreSQL:
        the real load, nothing captured)."""
        connection = connections[using]
        if not connection.in_atomic_block or connection.vendor not in ("sqlite", "postgresql"):
            self.build()
            return "loaded"
        captures = self.captures.setdefault((connection.alias, connection.vendor), [])
        before = read_tables(connection)
        state = content(before)
        for captured in captures:
            if captured.before == state:
                if captured.refused:
                    self.build()
                    return "refused"
                replay(captured, connection)
                return "replayed"
        captured = capture(self.build, connection, before)
        captures.append(captured)
        return "refused" if captured.refused else "captured"


demo = Replayer(real_load)


def load_demo() -> None:
    """The module fixtures' build of the demo data set (tests/conftest.py)."""
    demo.load()
