"""Outcomes in the language of each procedure: a preliminary ruling gives an interpretation or
declares an act valid or invalid. Schrems I and II, recorded as "other", declared Commission
decisions invalid (2000/520/EC, 2016/1250): they say so now."""

from django.db import migrations, models

# ECLI → the outcome those judgments have.
INVALIDATING = ("ECLI:EU:C:2015:650", "ECLI:EU:C:2020:559")


def invalidating_judgments(apps, schema_editor):
    Ruling = apps.get_model("cases", "Ruling")
    Ruling.objects.filter(ecli__in=INVALIDATING, outcome="other").update(outcome="act_invalid")


def back_to_other(apps, schema_editor):
    Ruling = apps.get_model("cases", "Ruling")
    Ruling.objects.filter(ecli__in=INVALIDATING, outcome="act_invalid").update(outcome="other")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0015_ruling_cited_by_counts_moved"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalruling",
            name="outcome",
            field=models.CharField(
                blank=True,
                choices=[
                    ("granted", "granted"),
                    ("rejected", "rejected"),
                    ("partially_granted", "partially granted"),
                    ("dismissed", "dismissed"),
                    ("interpretation", "interpretation given"),
                    ("act_valid", "act declared valid"),
                    ("act_invalid", "act declared invalid"),
                    ("other", "other"),
                ],
                help_text="In the language of the procedure: a preliminary ruling gives an interpretation or declares an act valid or invalid; other rulings grant, reject or dismiss. An Advocate General's opinion has none.",
                max_length=20,
                verbose_name="outcome",
            ),
        ),
        migrations.AlterField(
            model_name="ruling",
            name="outcome",
            field=models.CharField(
                blank=True,
                choices=[
                    ("granted", "granted"),
                    ("rejected", "rejected"),
                    ("partially_granted", "partially granted"),
                    ("dismissed", "dismissed"),
                    ("interpretation", "interpretation given"),
                    ("act_valid", "act declared valid"),
                    ("act_invalid", "act declared invalid"),
                    ("other", "other"),
                ],
                help_text="In the language of the procedure: a preliminary ruling gives an interpretation or declares an act valid or invalid; other rulings grant, reject or dismiss. An Advocate General's opinion has none.",
                max_length=20,
                verbose_name="outcome",
            ),
        ),
        migrations.RunPython(invalidating_judgments, back_to_other),
    ]
