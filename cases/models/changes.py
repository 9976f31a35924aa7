"""The record of changes to a case that readers are told about (the outbox).

The services in cases/services.py write a CaseChange in the same transaction as the change
itself, so a change that is rolled back leaves no record, and a record survives a mail server
being down. Readers of the record (e-mail alerts, Atom feeds) depend on cases; cases knows
nothing of them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cases import visibility

from .base import TrackedModel
from .cases import Case
from .docket import Hearing
from .rulings import Ruling


class CaseChangeQuerySet(models.QuerySet):
    def public(self):
        """Changes made while their case was public, whose case is still public."""
        return self.filter(visibility.case_public_q("case__"), was_public=True)


class CaseChangeKind(models.TextChoices):
    HEARING_SCHEDULED = "hearing_scheduled", _("hearing scheduled")
    HEARING_MOVED = "hearing_moved", _("hearing moved")
    HEARING_POSTPONED = "hearing_postponed", _("hearing postponed")
    HEARING_CANCELLED = "hearing_cancelled", _("hearing cancelled")
    HEARING_HELD = "hearing_held", _("hearing held")
    RULING_ADDED = "ruling_added", _("ruling added")
    STATUS_CHANGED = "status_changed", _("case status changed")


class CaseChange(TrackedModel):
    """One change to a case worth telling its followers: a hearing set, moved, postponed,
    cancelled or held, a ruling added, the case's status changed. `created_at` is when the
    change was made."""

    Kind = CaseChangeKind

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="changes", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    was_public = models.BooleanField(
        _("public when made"),
        help_text=_(
            "Whether the case was public when the change was made: changes made while it was "
            "a draft or unpublished are never announced."
        ),
    )
    hearing = models.ForeignKey(
        Hearing,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hearing"),
    )
    ruling = models.ForeignKey(
        Ruling,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ruling"),
    )
    old_date = models.DateField(_("previous date"), null=True, blank=True)
    old_start_time = models.TimeField(_("previous time"), null=True, blank=True)
    new_date = models.DateField(_("new date"), null=True, blank=True)
    new_start_time = models.TimeField(_("new time"), null=True, blank=True)
    old_status = models.CharField(
        _("previous status"),
        max_length=20,
        blank=True,
        help_text=_("The hearing's status for hearing changes, the case's for status changes."),
    )
    new_status = models.CharField(_("new status"), max_length=20, blank=True)

    objects = CaseChangeQuerySet.as_manager()

    class Meta:
        ordering = ("created_at", "pk")
        verbose_name = _("case change")
        verbose_name_plural = _("case changes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=CaseChangeKind.values),
                name="case_change_kind_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind__startswith="hearing_") | models.Q(hearing__isnull=False),
                name="case_change_hearing_has_hearing",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="ruling_added") | models.Q(ruling__isnull=False),
                name="case_change_ruling_has_ruling",
            ),
        ]
        indexes = [
            models.Index(fields=["case", "created_at"], name="case_change_case_created_idx"),
            models.Index(fields=["created_at"], name="case_change_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.case}: {self.get_kind_display()}"
