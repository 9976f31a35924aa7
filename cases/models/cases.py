"""Cases (affaires), their proceedings and the parties to them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases import visibility
from cases.choices import CONCLUDED_STATUSES, CaseStatus, Publication
from cases.identifiers import normalise_case_number
from organisations.models import Organisation

from .base import BilingualMixin, TrackedModel, VersionedModel, history_records
from .reference import Counsel, Court, Party, Topic


class CaseQuerySet(models.QuerySet):
    def public(self):
        return self.filter(visibility.case_public_q())


class Case(BilingualMixin, VersionedModel):
    Status = CaseStatus
    Publication = Publication

    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_(
            "Stable URL part, built from the title when left empty. A changed slug keeps the "
            "old one working by redirect."
        ),
    )
    summary_fr = models.TextField(_("summary (French)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.FILED,
        help_text=_("Where the litigation stands; every change is logged with its date."),
    )
    publication = models.CharField(
        _("publication"),
        max_length=10,
        choices=Publication.choices,
        default=Publication.DRAFT,
        help_text=_("Only published and archived cases, and all they contain, are public."),
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="cases", verbose_name=_("topics")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("organisation"),
        help_text=_(
            "The organisation that keeps this case: only its members see and change it in the "
            "admin. Empty only for cases entered before organisations existed."
        ),
    )

    objects = CaseQuerySet.as_manager()
    history = history_records()

    class Meta:
        ordering = ("-updated_at", "-pk")
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(title_fr="", title_en=""), name="case_has_a_title"
            ),
            models.CheckConstraint(
                condition=models.Q(publication__in=Publication.values),
                name="case_publication_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=CaseStatus.values), name="case_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["publication", "-updated_at"], name="case_pub_updated_idx"),
            models.Index(fields=["status"], name="case_status_idx"),
            # The public lists' default order, alone and under the status filter; partial on
            # the public rule so that the planner walks it instead of sorting every case.
            models.Index(
                fields=["-updated_at", "-id"],
                condition=visibility.case_public_q(),
                name="case_public_updated_idx",
            ),
            models.Index(
                fields=["status", "-updated_at", "-id"],
                condition=visibility.case_public_q(),
                name="case_public_status_upd_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title_fr or self.title_en

    def get_absolute_url(self) -> str:
        return reverse("case_detail", kwargs={"slug": self.slug})

    def clean(self):
        # A former slug keeps redirecting to its case: another case may not take it over.
        if (
            self.slug
            and CaseSlugAlias.objects.filter(slug=self.slug).exclude(case_id=self.pk).exists()
        ):
            raise ValidationError({"slug": _("This is a former slug of another case.")})

    @property
    def title(self) -> str:
        return self.localized("title").text

    @property
    def is_public(self) -> bool:
        return visibility.case_is_public(self)

    @property
    def is_archived(self) -> bool:
        return self.publication == Publication.ARCHIVED

    @property
    def is_concluded(self) -> bool:
        """The litigation has ended (cases.choices.CONCLUDED_STATUSES)."""
        return self.status in CONCLUDED_STATUSES


class CasePublicationChange(TrackedModel):
    """One move of a case through the publication workflow: who moved it, when."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="publication_changes", verbose_name=_("case")
    )
    from_publication = models.CharField(
        _("from"), max_length=10, choices=Publication.choices, blank=True
    )
    to_publication = models.CharField(_("to"), max_length=10, choices=Publication.choices)
    changed_at = models.DateTimeField(_("changed at"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
        help_text=_("Empty for changes made by a command (import, demo data)."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ("case", "changed_at", "pk")
        verbose_name = _("publication change")
        verbose_name_plural = _("publication changes")
        indexes = [models.Index(fields=["case", "changed_at"], name="case_pub_change_idx")]

    def __str__(self) -> str:
        return f"{self.changed_at:%Y-%m-%d %H:%M}: {self.get_to_publication_display()}"


class CaseSlugAlias(TrackedModel):
    """A former slug of a case, kept so that published links keep working."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="slug_aliases", verbose_name=_("case")
    )
    slug = models.SlugField(_("former slug"), max_length=120, unique=True)

    class Meta:
        ordering = ("slug", "pk")
        verbose_name = _("former case slug")
        verbose_name_plural = _("former case slugs")

    def __str__(self) -> str:
        return self.slug


class CaseStatusChange(TrackedModel):
    """One dated entry of a case's status log."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("case")
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=Case.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=Case.Status.choices)
    changed_on = models.DateField(_("date"), help_text=_("When the status changed in reality."))
    note = models.CharField(_("note"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        ordering = ("case", "changed_on", "pk")
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.changed_on}: {self.get_to_status_display()}"


class ProceedingQuerySet(models.QuerySet):
    def public(self):
        return self.filter(visibility.case_public_q("case__"))


class Proceeding(VersionedModel):
    """One case number in one court, within a case."""

    class Procedure(models.TextChoices):
        REFERE_LIBERTE = "refere_liberte", _("référé-liberté (art. L. 521-2 CJA)")
        REFERE_SUSPENSION = "refere_suspension", _("référé-suspension (art. L. 521-1 CJA)")
        EXCES_DE_POUVOIR = "exces_de_pouvoir", _("recours pour excès de pouvoir")
        PRELIMINARY_REFERENCE = "preliminary_reference", _("preliminary reference (art. 267 TFEU)")
        APPEAL = "appeal", _("appeal")
        OTHER = "other", _("other")
        # The source does not say (a converted record): never guessed.
        UNKNOWN = "unknown", _("unknown")

    class Origin(models.TextChoices):
        APPEAL = "appeal", _("appeal of")
        REFERENCE = "reference", _("reference from")
        OTHER = "other", _("follows from")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="proceedings", verbose_name=_("case")
    )
    court = models.ForeignKey(
        Court, on_delete=models.PROTECT, related_name="proceedings", verbose_name=_("court")
    )
    number = models.CharField(
        _("case number"),
        max_length=60,
        blank=True,
        help_text=_(
            "The court's number for it: 450163 (Conseil d'État), C-311/18 (CJEU). Empty when "
            "unknown, as for a referring court whose number the reference does not give."
        ),
    )
    procedure = models.CharField(_("procedure"), max_length=30, choices=Procedure.choices)
    lodged_on = models.DateField(
        _("lodged on"), null=True, blank=True, help_text=_("Registration at this court.")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("comes from"),
        help_text=_("The proceeding this one comes from (the appeal of, the reference from)."),
    )
    origin = models.CharField(
        _("relation to the proceeding it comes from"),
        max_length=10,
        choices=Origin.choices,
        blank=True,
    )
    other_applicants = models.BooleanField(
        _("and others"),
        default=False,
        db_default=False,
        help_text=_(
            "Other applicants, not recorded one by one, joined the application (“X and others”)."
        ),
    )

    objects = ProceedingQuerySet.as_manager()
    history = history_records()

    class Meta:
        ordering = ("case", models.F("lodged_on").asc(nulls_first=True), "pk")
        verbose_name = _("proceeding")
        verbose_name_plural = _("proceedings")
        constraints = [
            # Several proceedings of one court may have no known number.
            models.UniqueConstraint(
                fields=["court", "number"],
                condition=~models.Q(number=""),
                name="proceeding_unique_number",
                # A conditional constraint has no field message of its own: say what clashes.
                violation_error_message=_(
                    "Proceeding with this Court and Case number already exists."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")), name="proceeding_not_its_own_parent"
            ),
        ]
        # The case list's court and procedure filters (EXISTS per case) read this index alone.
        indexes = [
            models.Index(fields=["case", "court", "procedure"], name="proceeding_case_court_idx")
        ]

    def __str__(self) -> str:
        return f"{self.court.short_name} {self.number}".strip()

    @property
    def display_number(self) -> str:
        """The number as the court writes it: "n° 450163" before a French court (the
        application numbers of French usage), "C-311/18" as it is elsewhere."""
        if not self.number:
            return ""
        return f"n° {self.number}" if self.court.country == "FR" else self.number

    def clean(self):
        if self.number:
            self.number = normalise_case_number(self.number)


class ProceedingParty(TrackedModel):
    """A party's role in a proceeding, with its counsel."""

    class Role(models.TextChoices):
        APPLICANT = "applicant", _("applicant")
        RESPONDENT = "respondent", _("respondent")
        INTERVENER = "intervener", _("intervener")

    proceeding = models.ForeignKey(
        Proceeding,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("proceeding"),
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="participations", verbose_name=_("party")
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    counsel = models.ManyToManyField(
        Counsel, blank=True, related_name="participations", verbose_name=_("counsel")
    )

    class Meta:
        # pk order is entry order: pseudonym letters follow the order of appearance.
        ordering = ("proceeding", "pk")
        verbose_name = _("party to a proceeding")
        verbose_name_plural = _("parties to the proceeding")
        constraints = [
            models.UniqueConstraint(
                fields=["proceeding", "party", "role"], name="proceeding_party_unique_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party} ({self.get_role_display()})"
