"""Trigram indexes for the name filters and suggestions (cases.matching; PostgreSQL only).

The filters match `lower(unaccent(name)) LIKE '%word%'` for each word typed: with no index
that reads every case title and party name. pg_trgm's GIN indexes answer LIKE '%…%' on an
expression, but an index expression must be IMMUTABLE and `unaccent(text)` is only STABLE
(it reads its dictionary by name at run time), hence `ct_unaccent(text)`, unaccent with its
dictionary named, declared IMMUTABLE. cases.matching.Fold writes exactly
`lower(ct_unaccent(column))`, the expression indexed here, so that the planner can use the
indexes; the slugs, which the same words are matched against, get a trigram index of their own
(without one, an OR with the slug falls back to reading the whole table).
tests/cases/test_name_filter_indexes_postgres.py EXPLAINs the matching queries.

Both extensions are trusted since PostgreSQL 13: a database owner without superuser rights may
create them (docs/deploy.md). They may live in another schema than `public` (managed
PostgreSQL services often keep extensions in their own): the function and the operator class
are named with the schema each extension is in.

Nothing to do on SQLite, whose folding is a Python function (cases.matching.register_fold).
Going back drops the indexes and the function; the extensions stay, as after migration 0002.
"""

from django.db import migrations

FUNCTION = "ct_unaccent"

# (index name, table, indexed expression: the folded name or the slug)
INDEXES = [
    ("cases_case_title_fr_trgm", "cases_case", f'lower({FUNCTION}("title_fr"))'),
    ("cases_case_title_en_trgm", "cases_case", f'lower({FUNCTION}("title_en"))'),
    ("cases_case_slug_trgm", "cases_case", '"slug"'),
    ("cases_party_name_trgm", "cases_party", f'lower({FUNCTION}("name"))'),
    ("cases_party_slug_trgm", "cases_party", '"slug"'),
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
    for name, table, expression in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f"USING gin ({expression} {trgm}.gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _expression in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}(text)")


class Migration(migrations.Migration):
    dependencies = [("cases", "0020_stored_search_vectors")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
