"""GIN indexes on the text-search vectors that cases.search queries with (PostgreSQL only).

Each index is on exactly the expression `cases.search._fulltext` builds with SearchVector for a
model and a language (same configuration, same fields in the same order, same COALESCE and
' ' separators), so that the planner can answer `vector @@ query` from the index instead of
computing to_tsvector for every row. If the fields searched change in cases/search.py, these
expressions must change with them: tests/cases/test_search_index_postgres.py EXPLAINs the
search queries and fails when an index is no longer used.

Nothing to do on SQLite, whose search falls back to plain word matching.
"""

from django.db import migrations


def _vector(table: str, config: str, columns: list[str]) -> str:
    parts = " || ' ' || ".join(f'COALESCE("{table}"."{column}", \'\')' for column in columns)
    return f"to_tsvector('{config}'::regconfig, {parts})"


# (index name, table, configuration, columns in the order SearchVector receives them)
INDEXES = [
    ("cases_case_search_fr_gin", "cases_case", "casetracker_fr", ["title_fr", "summary_fr"]),
    ("cases_case_search_en_gin", "cases_case", "casetracker_en", ["title_en", "summary_en"]),
    (
        "cases_ruling_search_fr_gin",
        "cases_ruling",
        "casetracker_fr",
        ["title_fr", "summary_fr", "outcome_text_fr", "short_name"],
    ),
    (
        "cases_ruling_search_en_gin",
        "cases_ruling",
        "casetracker_en",
        ["title_en", "summary_en", "outcome_text_en", "short_name"],
    ),
    ("cases_party_search_fr_gin", "cases_party", "casetracker_fr", ["name"]),
    ("cases_party_search_en_gin", "cases_party", "casetracker_en", ["name"]),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, config, columns in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f"USING gin ({_vector(table, config, columns)})"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _config, _columns in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_search_configurations"),
        ("cases", "0005_add_erasure_record"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
