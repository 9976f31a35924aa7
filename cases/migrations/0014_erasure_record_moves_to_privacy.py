"""ErasureRecord now belongs to the privacy app (privacy 0001): it leaves the cases state only;
its table `cases_erasurerecord` and rows stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0013_ruling_case_name"),
        ("privacy", "0001_erasure_record_from_cases"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ErasureRecord")],
            database_operations=[],
        ),
    ]
