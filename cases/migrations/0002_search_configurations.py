"""Text-search configurations for cases.search: French and English stemming after unaccent.

PostgreSQL only; nothing to do on SQLite, whose search falls back to plain word matching.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'casetracker_fr') THEN
    CREATE TEXT SEARCH CONFIGURATION casetracker_fr (COPY = french);
    ALTER TEXT SEARCH CONFIGURATION casetracker_fr
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'casetracker_en') THEN
    CREATE TEXT SEARCH CONFIGURATION casetracker_en (COPY = english);
    ALTER TEXT SEARCH CONFIGURATION casetracker_en
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
  END IF;
END
$$;
"""

DROP = """
DROP TEXT SEARCH CONFIGURATION IF EXISTS casetracker_fr;
DROP TEXT SEARCH CONFIGURATION IF EXISTS casetracker_en;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
