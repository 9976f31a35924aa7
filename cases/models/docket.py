"""What happens in a proceeding: filings, hearings and their change history."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases import visibility
from cases.choices import HearingStatus

from .base import BilingualMixin, TrackedModel, VersionedModel, history_records
from .cases import Proceeding
from .reference import Party


class FilingQuerySet(models.QuerySet):
    def public(self):
        return self.filter(visibility.docket_entry_public_q())


class Filing(BilingualMixin, VersionedModel):
    """A document lodged in a proceeding."""

    class Kind(models.TextChoices):
        APPLICATION = "application", _("application")
        BRIEF = "brief", _("brief")
        DEFENCE = "defence", _("defence")
        INTERVENTION = "intervention", _("intervention")
        NOTE_EN_DELIBERE = "note_en_delibere", _("note en délibéré")
        PRELIMINARY_REFERENCE = "preliminary_reference", _("reference for a preliminary ruling")
        APPEAL = "appeal", _("appeal")

    proceeding = models.ForeignKey(
        Proceeding, on_delete=models.CASCADE, related_name="filings", verbose_name=_("proceeding")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    registered_on = models.DateField(
        _("registered on"), help_text=_("Date of registration by the court's registry.")
    )
    filed_by = models.ManyToManyField(
        Party, blank=True, related_name="filings", verbose_name=_("filed by")
    )
    summary_fr = models.TextField(_("summary (French)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    full_text = models.TextField(_("full text"), blank=True)
    source_url = models.URLField(_("source URL"), blank=True, max_length=500)

    objects = FilingQuerySet.as_manager()
    history = history_records()

    class Meta:
        ordering = ("registered_on", "pk")
        verbose_name = _("filing")
        verbose_name_plural = _("filings")
        indexes = [models.Index(fields=["registered_on"], name="filing_registered_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.registered_on:%Y-%m-%d}"


class HearingQuerySet(models.QuerySet):
    def public(self):
        return self.filter(visibility.docket_entry_public_q())


class Hearing(BilingualMixin, VersionedModel):
    """A session before a court. Times are local to Europe/Paris; the time may be unknown."""

    Status = HearingStatus

    proceeding = models.ForeignKey(
        Proceeding, on_delete=models.CASCADE, related_name="hearings", verbose_name=_("proceeding")
    )
    date = models.DateField(
        _("date"), help_text=_("The first day, for a hearing over several days.")
    )
    end_date = models.DateField(
        _("last day"),
        null=True,
        blank=True,
        help_text=_("For a hearing held over several days; empty when it lasts one day."),
    )
    start_time = models.TimeField(
        _("start time"), null=True, blank=True, help_text=_("Empty while not announced.")
    )
    end_time = models.TimeField(
        _("end time"), null=True, blank=True, help_text=_("On the last day, over several days.")
    )
    formation_fr = models.CharField(_("formation (French)"), max_length=200, blank=True)
    formation_en = models.CharField(_("formation (English)"), max_length=200, blank=True)
    location = models.CharField(_("place"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    notes_fr = models.TextField(_("notes (French)"), blank=True)
    notes_en = models.TextField(_("notes (English)"), blank=True)
    sequence = models.PositiveIntegerField(
        _("revision"),
        default=0,
        editable=False,
        help_text=_("Increases with each change of date, time or status (iCalendar SEQUENCE)."),
    )

    objects = HearingQuerySet.as_manager()
    history = history_records()

    class Meta:
        ordering = ("date", "start_time", "pk")
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        constraints = [
            # Over several days, the end time is on the last day: it may be earlier.
            models.CheckConstraint(
                condition=models.Q(end_time__isnull=True)
                | models.Q(start_time__isnull=False, end_time__gt=models.F("start_time"))
                | models.Q(start_time__isnull=False, end_date__isnull=False),
                name="hearing_ends_after_it_starts",
                violation_error_message=_("A hearing must end after it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gt=models.F("date")),
                name="hearing_last_day_after_first",
                violation_error_message=_(
                    "The last day of a hearing must come after its first day (leave it empty "
                    "for a one-day hearing)."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=HearingStatus.values), name="hearing_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["date", "start_time"], name="hearing_date_time_idx")]

    def __str__(self) -> str:
        when = f"{self.date:%Y-%m-%d}" + (f" {self.start_time:%H:%M}" if self.start_time else "")
        return f"{self.proceeding} — {when}"

    @property
    def formation(self) -> str:
        return self.localized("formation").text


class HearingChange(TrackedModel):
    """A dated record of a change of a hearing's date, time or status, with its reason."""

    hearing = models.ForeignKey(
        Hearing, on_delete=models.CASCADE, related_name="changes", verbose_name=_("hearing")
    )
    changed_at = models.DateTimeField(_("changed at"))
    old_date = models.DateField(_("previous date"), null=True, blank=True)
    old_start_time = models.TimeField(_("previous time"), null=True, blank=True)
    new_date = models.DateField(_("new date"))
    new_start_time = models.TimeField(_("new time"), null=True, blank=True)
    old_status = models.CharField(
        _("previous status"), max_length=10, choices=Hearing.Status.choices, blank=True
    )
    new_status = models.CharField(_("new status"), max_length=10, choices=Hearing.Status.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        ordering = ("hearing", "changed_at", "pk")
        verbose_name = _("hearing change")
        verbose_name_plural = _("hearing changes")

    def __str__(self) -> str:
        return f"{self.changed_at:%Y-%m-%d %H:%M}: {self.old_date} → {self.new_date}"

    @property
    def moved(self) -> bool:
        return self.old_date is not None and (
            self.old_date != self.new_date or self.old_start_time != self.new_start_time
        )
