"""Dated news about cases: status updates and other events."""

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from cases import visibility

from .base import BilingualMixin, VersionedModel, history_records
from .cases import Case


class StatusUpdateQuerySet(models.QuerySet):
    def public(self):
        return self.filter(visibility.case_public_q("case__"))


class StatusUpdate(BilingualMixin, VersionedModel):
    """A dated note on where a case stands, with the next step."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="status_updates", verbose_name=_("case")
    )
    posted_on = models.DateField(_("date"))
    text_fr = models.TextField(_("text (French)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    next_step_fr = models.CharField(_("next step (French)"), max_length=300, blank=True)
    next_step_en = models.CharField(_("next step (English)"), max_length=300, blank=True)
    expected_on = models.DateField(
        _("expected on"), null=True, blank=True, help_text=_("When the next step is expected.")
    )

    objects = StatusUpdateQuerySet.as_manager()
    history = history_records()

    class Meta:
        ordering = ("-posted_on", "-pk")
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(text_fr="", text_en=""), name="status_update_has_text"
            ),
        ]
        indexes = [models.Index(fields=["-posted_on", "-id"], name="status_update_posted_idx")]

    def __str__(self) -> str:
        return f"{self.posted_on:%Y-%m-%d} — {self.localized('text').text[:60]}"


class EventQuerySet(models.QuerySet):
    def public(self):
        """Reference events (set by curators) and events of at least one public case."""
        links = Event.cases.through.objects.filter(event=OuterRef("pk"))
        public_case = Exists(links.filter(visibility.case_public_q("case__")))
        return self.filter(visibility.event_reference_q() | public_case)


class Event(BilingualMixin, VersionedModel):
    """Any other dated fact: a statute signed, an authority's opinion, a press article."""

    class Kind(models.TextChoices):
        LEGISLATION = "legislation", _("legislation")
        AUTHORITY = "authority", _("authority's opinion or decision")
        PRESS = "press", _("press")
        OTHER = "other", _("other")

    occurred_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    source_url = models.URLField(_("source URL"), blank=True, max_length=500)
    cases = models.ManyToManyField(Case, blank=True, related_name="events", verbose_name=_("cases"))
    # Explicit, never inferred from having no case: an event whose cases are all deleted is
    # left without case and must not become public by that (cases.visibility).
    reference = models.BooleanField(
        _("reference fact"),
        default=False,
        db_default=False,
        help_text=_(
            "A public fact of its own (a statute signed, an authority's decision), shown whatever "
            "the publication of its cases. Only curators set it; an event whose cases are all "
            "deleted stays unpublished until a curator sets it."
        ),
    )

    objects = EventQuerySet.as_manager()
    history = history_records()

    class Meta:
        ordering = ("-occurred_on", "-pk")
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(title_fr="", title_en=""), name="event_has_a_title"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on:%Y-%m-%d} — {self.title_fr or self.title_en}"

    @property
    def title(self) -> str:
        return self.localized("title").text
