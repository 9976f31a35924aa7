"""Strip the characters XML 1.0 forbids from the texts stored before every entry point did: a
form feed pasted from a PDF made feeds answer 500 and GraphML unreadable.

Every text column of the cases, citations and organisations models, history tables included
(the admin's history and erasure show them). Rows are rewritten without touching timestamps,
versions or history: it is a cleaning, not an edit. Nothing to undo.
"""

from django.db import migrations

from common.text import strip_stored_forbidden_chars


def strip_forbidden_characters(apps, schema_editor):
    strip_stored_forbidden_chars(apps, ["cases", "citations", "organisations"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_admin_labels_in_french"),
        ("citations", "0003_citation_citing_date_and_counts"),
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(strip_forbidden_characters, migrations.RunPython.noop, elidable=True),
    ]
