"""Characters no stored text may hold: the one definition used at every entry point (every
model's `full_clean`, the interchange import), by the data migration that cleaned the rows
stored before, and again where XML and iCalendar are written (docs/data-entry.md).

Text pasted from a PDF brings form feeds (U+000C) and other controls. XML 1.0 forbids the C0
controls other than TAB, LF and CR, the non-characters U+FFFE and U+FFFF and lone surrogates:
one of them made Django's feed writer fail (500) and GraphML unreadable. XML allows DEL and the
C1 controls (U+007F to U+009F) but discourages them, and iCalendar forbids DEL in text: they are
never meaningful in court texts (a C1 control is a mis-decoded Windows-1252 character), so they
go too. TAB, LF and CR stay: they are text, and every writer escapes them.
"""

import re
import unicodedata

from django.db import connection, models

from common.constraints import BatchedChecksMixin

FORBIDDEN = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
_FORBIDDEN_RE = re.compile(f"[{FORBIDDEN}]")


def strip_forbidden_chars(text: str) -> str:
    """`text` without the characters XML 1.0 forbids or discourages (module docstring)."""
    if not text:
        return text
    return _FORBIDDEN_RE.sub("", text)


def has_forbidden_chars(text: str) -> bool:
    return bool(text) and _FORBIDDEN_RE.search(text) is not None


def is_text_field(field) -> bool:
    return isinstance(field, models.CharField | models.TextField)


def strip_text_fields(instance: models.Model) -> None:
    """Strip every text field of `instance` in place (the models' `clean_fields` hook)."""
    for field in instance._meta.concrete_fields:
        if is_text_field(field):
            value = getattr(instance, field.attname)
            if isinstance(value, str) and has_forbidden_chars(value):
                setattr(instance, field.attname, strip_forbidden_chars(value))


class CleanTextModel(BatchedChecksMixin, models.Model):
    """Every text field loses its forbidden characters in `full_clean`, which the admin's
    forms, the services and the import all call, before any other validation; the check
    constraints are then validated in one query (common/constraints.py)."""

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        strip_text_fields(self)
        super().clean_fields(exclude=exclude)


def strip_stored_forbidden_chars(apps, app_labels) -> int:
    """Strip forbidden characters from every text column of every model (history tables
    included) of `app_labels`, with `apps` a registry (a migration's or the project's).
    Rows are rewritten with `update()`: a cleaning is no edit, so no timestamp, version or
    history entry changes. Returns the number of rows changed."""
    # The database finds the few rows concerned. No UTF-8 column holds a surrogate, and
    # PostgreSQL no NUL (nor accepts one in a query).
    first = "\x01" if connection.vendor == "postgresql" else "\x00"
    pattern = f"[{first}-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]"
    changed = 0
    for label in app_labels:
        for model in apps.get_app_config(label).get_models():
            fields = [f for f in model._meta.concrete_fields if is_text_field(f)]
            if not fields:
                continue
            query = models.Q()
            for field in fields:
                query |= models.Q(**{f"{field.attname}__regex": pattern})
            rows = model._base_manager.filter(query).values("pk", *(f.attname for f in fields))
            for row in rows.iterator():
                cleaned = {
                    name: strip_forbidden_chars(value)
                    for name, value in row.items()
                    if name != "pk" and isinstance(value, str) and has_forbidden_chars(value)
                }
                if cleaned:
                    model._base_manager.filter(pk=row["pk"]).update(**cleaned)
                    changed += 1
    return changed


def fold(text: str) -> str:
    """Lower case without accents ("Conseil d'État" -> "conseil d'etat"), as PostgreSQL's
    `lower(unaccent(…))` folds: the one accent folding of search, name filters, name matching
    and the citation extractor."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
