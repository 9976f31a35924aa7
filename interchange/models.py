"""Provenance: where a record came from (docs/interchange.md, "Provenance").

One `SourceRecord` per record and source: the source's name, its own identifier for the record
(a Judilibre id, a JADE `CETATEXT…` id), the URLs it was read from, when, whether someone checked
it against the source, and for a citation where the link was found in the citing text. The
interchange format carries it as `provenance` (and `found_in` on citations); the source
connectors write it, and match rulings by (source, source_id) before ECLI (interchange.matching).

Attached by a generic relation so that the cases and citations apps need not know of it.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models.base import TrackedModel


class SourceRecord(TrackedModel):
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("kind of record")
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    record = GenericForeignKey("content_type", "object_id")
    source = models.CharField(
        _("source"),
        max_length=80,
        blank=True,
        help_text=_(
            "The source's name: judilibre, justice-administrative, dila-jade, cjeu-cellar, or "
            "the name of another data set. Empty when only where a citation was found is known."
        ),
    )
    source_id = models.CharField(
        _("identifier at the source"),
        max_length=120,
        blank=True,
        help_text=_("The source's own identifier for the record: a Judilibre id, CETATEXT…"),
    )
    urls = models.JSONField(_("source URLs"), default=list, blank=True)
    retrieved_at = models.DateTimeField(_("retrieved at"), null=True, blank=True)
    verified = models.BooleanField(
        _("verified"), default=False, help_text=_("Checked by a person against the source.")
    )
    note = models.TextField(_("note"), blank=True)
    found_quote = models.TextField(
        _("found in (quote)"),
        blank=True,
        help_text=_("Citations only: the words of the citing text where the link was found."),
    )
    found_paragraph = models.CharField(
        _("found in (paragraph)"),
        max_length=60,
        blank=True,
        help_text=_("Citations only: the paragraph of the citing text where it was found."),
    )

    class Meta:
        ordering = ("content_type", "object_id", "source", "pk")
        verbose_name = _("source record")
        verbose_name_plural = _("source records")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "source"], name="source_record_one_per_source"
            ),
            # A source's identifier names one record of a kind.
            models.UniqueConstraint(
                fields=["content_type", "source", "source_id"],
                condition=~models.Q(source_id=""),
                name="source_record_unique_source_id",
            ),
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="source_record_object_idx")
        ]

    def __str__(self) -> str:
        return f"{self.source or '?'} {self.source_id}".strip()
