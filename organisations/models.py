"""Organisations (associations, unions…) that keep their cases in casetracker, and their members.

This app knows nothing of cases: cases.Case points here, and cases/permissions.py composes both.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.text import CleanTextModel


class Organisation(CleanTextModel):
    """An association that owns cases: its members edit them, its publishers publish them."""

    uid = models.UUIDField(
        _("uid"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Permanent identifier, set at creation and never changed; used on re-import."),
    )
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ("name", "pk")
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        permissions = [
            (
                "curate",
                _(
                    "Curator: sees every organisation's cases and maintains shared reference "
                    "data (courts, parties, counsel, topics, case law)"
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role in an organisation."""

    class Role(models.TextChoices):
        EDITOR = "editor", _("editor (writes, submits for review)")
        PUBLISHER = "publisher", _("publisher (also publishes, archives, unpublishes)")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
        help_text=_("The user also needs “staff status” to log in to the admin."),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.EDITOR)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ("organisation", "user", "pk")
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="membership_unique_user_organisation"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=["editor", "publisher"]), name="membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"

    @property
    def can_publish(self) -> bool:
        return self.role == self.Role.PUBLISHER
