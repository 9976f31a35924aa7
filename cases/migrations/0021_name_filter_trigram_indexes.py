"""Indexes for the name filters and suggestions (cases.matching; PostgreSQL only).

The filters test `lower(unaccent(name)) LIKE '%word%'` for each word typed, in the names or
the slug: with no index that reads every case title and party name. pg_trgm's GIN indexes
answer LIKE '%…%' on an expression, but an index expression must be IMMUTABLE and
`unaccent(text)` is only STABLE (it finds its dictionary through search_path at run time),
hence `ct_unaccent(text)`, unaccent with its dictionary named, declared IMMUTABLE.

Per table, a stored generated column `names_folded`, the slug and the folded names joined by
spaces, and a trigram index on it: every word of a text is a LIKE on that one column
(cases.matching.Haystack), which the index answers for all the words at once, instead of an
OR of three indexes per word (a word holds no space, so it is in the joined text exactly when
it is in one of its parts); and the rows the index finds are checked again by reading the
stored text, not by unaccenting every name anew. And a B-tree index per folded name, for the
whole-name match (cases.matching.Fold writes `lower(ct_unaccent(column))`). If either side
changes alone the planner reads every row again: tests/cases/test_name_filter_indexes_postgres.py
EXPLAINs the matching queries. The models do not declare the columns (Django never writes
them); PostgreSQL recomputes them on every write, whatever writes.

Both extensions are trusted since PostgreSQL 13: a database owner without superuser rights may
create them (docs/deploy.md). They may live in another schema than `public` (managed
PostgreSQL services often keep extensions in their own): the function and the operator class
are named with the schema each extension is in.

Nothing to do on SQLite, whose folding is a Python function (cases.matching.register_fold).
Going back drops the columns, the indexes and the function; the extensions stay, as after migration 0002.
"""

from django.db import migrations

FUNCTION = "ct_unaccent"


def _fold(column: str) -> str:
    return f'lower({FUNCTION}("{column}"))'


def _haystack(columns: list[str]) -> str:
    return " || ' ' || ".join(['"slug"', *(_fold(column) for column in columns)])


COLUMN = "names_folded"
# (table, the folded columns joined after the slug)
HAYSTACKS = [("cases_case", ["title_fr", "title_en"]), ("cases_party", ["name"])]
# (index name, table, folded column): the B-tree indexes of the whole-name match
FOLDED = [
    ("cases_case_title_fr_folded", "cases_case", "title_fr"),
    ("cases_case_title_en_folded", "cases_case", "title_en"),
    ("cases_party_name_folded", "cases_party", "name"),
]


def _schema(schema_editor, extension: str) -> str:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_extension e "
            "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = %s",
            [extension],
        )
        return schema_editor.quote_name(cursor.fetchone()[0])


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    unaccent, trgm = _schema(schema_editor, "unaccent"), _schema(schema_editor, "pg_trgm")
    # The dictionary is named, not found through search_path: that is what makes the result
    # depend on the text alone, as IMMUTABLE promises.
    schema_editor.execute(
        f"CREATE OR REPLACE FUNCTION {FUNCTION}(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT "
        f"AS $$ SELECT {unaccent}.unaccent('{unaccent}.unaccent'::regdictionary, $1) $$"
    )
    for table, columns in HAYSTACKS:
        schema_editor.execute(
            f'ALTER TABLE "{table}" ADD COLUMN IF NOT EXISTS "{COLUMN}" text '
            f"GENERATED ALWAYS AS ({_haystack(columns)}) STORED"
        )
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{table}_names_trgm" ON "{table}" '
            f'USING gin ("{COLUMN}" {trgm}.gin_trgm_ops)'
        )
    for name, table, column in FOLDED:
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ({_fold(column)})')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in FOLDED:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
    for table, _columns in HAYSTACKS:
        # Its index goes with it.
        schema_editor.execute(f'ALTER TABLE "{table}" DROP COLUMN IF EXISTS "{COLUMN}"')
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}(text)")


class Migration(migrations.Migration):
    dependencies = [("cases", "0020_stored_search_vectors")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
