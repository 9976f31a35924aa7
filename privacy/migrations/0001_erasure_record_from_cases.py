"""ErasureRecord moves from the cases app to this one, its table and rows unchanged.

The table `cases_erasurerecord` (created by cases 0005) stays where it is: this migration only
tells Django's state that the model is now privacy's (cases 0014 removes it from the cases
state), and moves its content type, with the permissions that point to it, to this app.
"""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor, source="cases", target="privacy"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label=target, model="erasurerecord").exists():
        ContentType.objects.using(db).filter(app_label=source, model="erasurerecord").update(
            app_label=target
        )


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, source="privacy", target="cases")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cases", "0005_add_erasure_record"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ErasureRecord",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "uid",
                            models.UUIDField(
                                default=uuid.uuid4,
                                editable=False,
                                help_text="Permanent identifier, set at creation and never changed; used on re-import.",
                                unique=True,
                                verbose_name="uid",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created at"),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="updated at"),
                        ),
                        (
                            "party_pk",
                            models.PositiveBigIntegerField(
                                help_text="Primary key of the erased party (the row stays, under a neutral name).",
                                verbose_name="party key",
                            ),
                        ),
                        (
                            "via",
                            models.CharField(
                                choices=[("admin", "admin action"), ("command", "management command")],
                                max_length=10,
                                verbose_name="via",
                            ),
                        ),
                        (
                            "rows_rewritten",
                            models.PositiveIntegerField(
                                help_text="Rows rewritten, current and historical, party excluded.",
                                verbose_name="rows rewritten",
                            ),
                        ),
                        (
                            "counts",
                            models.JSONField(
                                blank=True,
                                default=dict,
                                help_text="Model label to number of rows rewritten.",
                                verbose_name="rows rewritten by model",
                            ),
                        ),
                        (
                            "erased_by",
                            models.ForeignKey(
                                blank=True,
                                help_text="Empty when run from the command line.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="erased by",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "erasure record",
                        "verbose_name_plural": "erasure records",
                        "db_table": "cases_erasurerecord",
                        "ordering": ("-created_at", "-pk"),
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("party_pk",), name="erasure_record_once_per_party"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
