"""The log of erasures of natural persons (right to erasure, privacy.erasure)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import TrackedModel


class ErasureRecord(TrackedModel):
    """One erasure of a natural person's identifying data: who ran it, when, which party row.
    Never the name: the record would otherwise keep what it erased. `created_at` is when."""

    class Via(models.TextChoices):
        ADMIN = "admin", _("admin action")
        COMMAND = "command", _("management command")

    party_pk = models.PositiveBigIntegerField(
        _("party key"),
        help_text=_("Primary key of the erased party (the row stays, under a neutral name)."),
    )
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erased by"),
        help_text=_("Empty when run from the command line."),
    )
    via = models.CharField(_("via"), max_length=10, choices=Via.choices)
    rows_rewritten = models.PositiveIntegerField(
        _("rows rewritten"), help_text=_("Rows rewritten, current and historical, party excluded.")
    )
    counts = models.JSONField(
        _("rows rewritten by model"),
        default=dict,
        blank=True,
        help_text=_("Model label to number of rows rewritten."),
    )

    class Meta:
        # The table the cases app created (migrations cases 0005 and privacy 0001).
        db_table = "cases_erasurerecord"
        ordering = ("-created_at", "-pk")
        verbose_name = _("erasure record")
        verbose_name_plural = _("erasure records")
        constraints = [
            models.UniqueConstraint(fields=["party_pk"], name="erasure_record_once_per_party"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} party #{self.party_pk}"
