"""Citation links: a ruling or a filing relying on a ruling, with how it treats it."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases import visibility
from cases.models import Filing, Ruling, VersionedModel, history_records


class Treatment(models.TextChoices):
    """How the citing text treats the cited ruling (docs/citations.md, "Treatments")."""

    CITES = "cites", _("cites")
    FOLLOWS = "follows", _("follows")
    APPLIES = "applies", _("applies")
    DISTINGUISHES = "distinguishes", _("distinguishes")
    QUESTIONS = "questions", _("questions")
    CRITICISES = "criticises", _("criticises")
    OVERRULES = "overrules", _("overrules")


def citing_ruling_public_q() -> Q:
    """Citations from a public ruling."""
    return Q(citing_ruling__isnull=False) & visibility.ruling_public_q("citing_ruling__")


def citing_filing_public_q() -> Q:
    """Citations from a public filing."""
    return Q(citing_filing__isnull=False) & visibility.docket_entry_public_q("citing_filing__")


def citing_public_q() -> Q:
    """Citations whose citing ruling or filing is public."""
    return citing_ruling_public_q() | citing_filing_public_q()


class CitationQuerySet(models.QuerySet):
    def public(self):
        """Citations whose citing item and cited ruling are both public."""
        return self.filter(citing_public_q(), visibility.ruling_public_q("cited__"))


class Citation(VersionedModel):
    class Origin(models.TextChoices):
        MANUAL = "manual", _("entered by hand")
        EXTRACTED = "extracted", _("extracted from the text")

    Treatment = Treatment

    citing_ruling = models.ForeignKey(
        Ruling,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outgoing_citations",
        verbose_name=_("citing ruling"),
    )
    citing_filing = models.ForeignKey(
        Filing,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outgoing_citations",
        verbose_name=_("citing filing"),
    )
    cited = models.ForeignKey(
        Ruling,
        on_delete=models.CASCADE,
        related_name="incoming_citations",
        verbose_name=_("cited ruling"),
    )
    treatment = models.CharField(
        _("treatment"),
        max_length=14,
        choices=Treatment.choices,
        default=Treatment.CITES,
        help_text=_("How the citing text treats the cited ruling; drives the citator signal."),
    )
    pinpoint = models.CharField(
        _("pinpoint"), max_length=60, blank=True, help_text=_("Paragraph(s) cited: “§ 184-185”.")
    )
    quote = models.TextField(_("quote"), blank=True)
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.MANUAL
    )
    citing_date = models.DateField(
        _("date of the citing item"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The citing ruling's date or the citing filing's registration date, copied by the "
            "citation services so that a ruling's most recent citations come from an index."
        ),
    )
    verified = models.BooleanField(
        _("verified"),
        default=False,
        help_text=_("An editor has checked this link (extracted links start unverified)."),
    )

    objects = CitationQuerySet.as_manager()
    history = history_records()

    class Meta:
        ordering = ("cited", "pk")
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.CheckConstraint(
                condition=Q(citing_ruling__isnull=False, citing_filing__isnull=True)
                | Q(citing_ruling__isnull=True, citing_filing__isnull=False),
                name="citation_exactly_one_citing_item",
                violation_error_message=_("A citation comes from one ruling or one filing."),
            ),
            models.CheckConstraint(
                condition=~Q(citing_ruling=models.F("cited")),
                name="citation_not_self",
                violation_error_message=_("A ruling cannot cite itself."),
            ),
            models.UniqueConstraint(
                fields=["citing_ruling", "cited"],
                condition=Q(citing_ruling__isnull=False),
                name="citation_unique_ruling_pair",
                violation_error_message=_("This ruling already cites that ruling."),
            ),
            models.UniqueConstraint(
                fields=["citing_filing", "cited"],
                condition=Q(citing_filing__isnull=False),
                name="citation_unique_filing_pair",
                violation_error_message=_("This filing already cites that ruling."),
            ),
            models.CheckConstraint(
                condition=Q(treatment__in=Treatment.values), name="citation_treatment_valid"
            ),
        ]
        indexes = [
            # The citations causing a signal, most recent first, one treatment at a time.
            models.Index(
                fields=["cited", "treatment", "-citing_date", "-id"],
                name="citation_cited_treat_date_idx",
            ),
            # "Cited by", most recent first: read 50 entries of a hub cited 70,000 times.
            models.Index(fields=["cited", "-citing_date", "-id"], name="citation_cited_recent_idx"),
        ]

    def __str__(self) -> str:
        citing = self.citing_ruling or self.citing_filing
        return f"{citing} → {self.cited} ({self.get_treatment_display()})"

    @property
    def citing(self):
        return self.citing_ruling or self.citing_filing

    def save(self, *args, **kwargs):
        # Whatever the path (services, admin, importer, factories): the citing item's date,
        # so that "cited by, most recent first" reads an index (docs/citations.md). Fixtures
        # (raw saves) carry their own; a save of other fields only leaves it.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or CITING_FIELDS & set(update_fields):
            self.citing_date = citing_date_of(self.citing)
        super().save(*args, **kwargs)


CITING_FIELDS = {"citing_ruling", "citing_filing", "citing_date"}


def citing_date_of(citing: Ruling | Filing | None):
    if citing is None:
        return None  # refused by the database's constraint
    return citing.decided_on if isinstance(citing, Ruling) else citing.registered_on


class CitedByStats(models.Model):
    """A ruling's public cited-by counts, precomputed: a hub ruling is cited tens of thousands
    of times, too many to count on every page. Kept by citations.services.citation_stats_refresh
    from the rows, never incremented (docs/citations.md). A ruling no public citation ever
    reached has no row: read them with `stats_of`, which gives zeros then."""

    ruling = models.OneToOneField(
        Ruling,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="cited_by_stats",
        verbose_name=_("ruling"),
    )
    count = models.PositiveIntegerField(
        _("cited by"),
        default=0,
        help_text=_("Public rulings and filings citing this ruling, verified citations only."),
    )
    rulings_count = models.PositiveIntegerField(
        _("cited by rulings"),
        default=0,
        help_text=_("Public rulings citing this ruling, verified or not (the graph's edges)."),
    )
    treatments = models.JSONField(
        _("citations by treatment"),
        default=dict,
        blank=True,
        help_text=_('Verified public citations of this ruling per treatment, e.g. {"follows": 3}.'),
    )

    class Meta:
        verbose_name = _("cited-by counts")
        verbose_name_plural = _("cited-by counts")

    def __str__(self) -> str:
        return f"{self.ruling_id}: {self.count}"


def stats_of(ruling: Ruling) -> CitedByStats:
    """`ruling`'s counts: no query when it was read with select_related("cited_by_stats")
    (the pages do), zeros when it has no row."""
    try:
        return ruling.cited_by_stats
    except CitedByStats.DoesNotExist:
        return CitedByStats(ruling_id=ruling.pk)
