"""Stored text-search vectors of cases and rulings, for ranking (PostgreSQL only).

The search ranks a pool of up to 200 matches (cases.search.ranked); computing each one's
vector from its text, in two languages, was most of the search page's time. Each column is a
generated column on exactly the expression of migration 0006's GIN index for that model and
language (the matching keeps using those indexes), so the rank read from it is the rank
computed from the text: PostgreSQL recomputes it on every write, whatever writes.

Nothing to do on SQLite, whose search has no ranking. The models do not declare these columns
(Django never writes them); cases.search reads them by name (STORED_VECTORS).
"""

from django.db import migrations


def _vector(config: str, columns: list[str]) -> str:
    parts = " || ' ' || ".join(f"COALESCE(\"{column}\", '')" for column in columns)
    return f"to_tsvector('{config}'::regconfig, {parts})"


# (table, column, configuration, columns in the order of migration 0006)
COLUMNS = [
    ("cases_case", "search_vector_fr", "casetracker_fr", ["title_fr", "summary_fr"]),
    ("cases_case", "search_vector_en", "casetracker_en", ["title_en", "summary_en"]),
    (
        "cases_ruling",
        "search_vector_fr",
        "casetracker_fr",
        ["title_fr", "summary_fr", "outcome_text_fr", "short_name"],
    ),
    (
        "cases_ruling",
        "search_vector_en",
        "casetracker_en",
        ["title_en", "summary_en", "outcome_text_en", "short_name"],
    ),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, config, columns in COLUMNS:
        schema_editor.execute(
            f'ALTER TABLE "{table}" ADD COLUMN IF NOT EXISTS "{column}" tsvector '
            f"GENERATED ALWAYS AS ({_vector(config, columns)}) STORED"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, _config, _columns in COLUMNS:
        schema_editor.execute(f'ALTER TABLE "{table}" DROP COLUMN IF EXISTS "{column}"')


class Migration(migrations.Migration):
    dependencies = [("cases", "0019_ruling_withdrawn")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
