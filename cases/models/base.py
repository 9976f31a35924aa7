"""Abstract bases shared by every casetracker record."""

import uuid

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.text import CleanTextModel


class TrackedModel(CleanTextModel):
    """A record with a permanent uid (matching key for import/export) and timestamps; its text
    fields lose the characters XML forbids in `full_clean` (common.text)."""

    uid = models.UUIDField(
        _("uid"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Permanent identifier, set at creation and never changed; used on re-import."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TrackedModel):
    """A record edited by several people: `version` grows by one with every save through the
    services, which refuse a save based on an older version (optimistic locking)."""

    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_(
            "Grows by one with every save; a save based on an older version is refused, so that "
            "two people editing at once cannot overwrite each other."
        ),
    )

    class Meta:
        abstract = True


def history_records() -> HistoricalRecords:
    """Full history (who, when, what) of a record; `updated_at` is left out of the diffs."""
    return HistoricalRecords(excluded_fields=["updated_at"])


class Localized:
    """A public text in the requested language, or in the other one when it is empty.

    `fallback` is True when the text comes from the other language, so that pages can say so.
    """

    __slots__ = ("fallback", "language", "text")

    def __init__(self, text: str, language: str, fallback: bool):
        self.text = text
        self.language = language
        self.fallback = fallback

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)

    def __repr__(self) -> str:
        return f"Localized({self.text!r}, {self.language!r}, fallback={self.fallback})"


class BilingualMixin:
    """Read `<field>_fr` / `<field>_en` pairs in the active language with fallback."""

    def localized(self, field: str, language: str | None = None) -> Localized:
        language = (language or translation.get_language() or "fr")[:2]
        other = "en" if language == "fr" else "fr"
        text = getattr(self, f"{field}_{language}", "") or ""
        if text:
            return Localized(text, language, False)
        text = getattr(self, f"{field}_{other}", "") or ""
        return Localized(text, other, bool(text))
