"""Rulings: judgments, orders, Advocate General's opinions and decisions."""

from contextlib import suppress

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases import visibility
from cases.identifiers import (
    IdentifierError,
    normalise_case_number,
    normalise_celex,
    normalise_ecli,
    validate_celex,
    validate_ecli,
)

from .base import BilingualMixin, TrackedModel, VersionedModel, history_records
from .cases import Proceeding
from .reference import Court


class RulingQuerySet(models.QuerySet):
    def public(self):
        return self.filter(visibility.ruling_public_q())


class Ruling(BilingualMixin, VersionedModel):
    class Kind(models.TextChoices):
        JUDGMENT = "judgment", _("judgment")
        ORDER = "order", _("order")
        OPINION = "opinion", _("Advocate General's opinion")
        DECISION = "decision", _("decision")
        # The Court's own opinion on an envisaged international agreement (Opinion 1/15),
        # not an Advocate General's opinion on a case (docs/data-entry.md).
        COURT_OPINION = "court_opinion", _("Opinion of the Court (Art. 218(11) TFEU)")

    class Outcome(models.TextChoices):
        # Contentious procedures: what became of the application.
        GRANTED = "granted", _("granted")
        REJECTED = "rejected", _("rejected")
        PARTIALLY_GRANTED = "partially_granted", _("partially granted")
        DISMISSED = "dismissed", _("dismissed")
        # Preliminary rulings (art. 267 TFEU): the Court interprets EU law or rules on the
        # validity of an EU act (Schrems I and II declared Commission decisions invalid).
        INTERPRETATION = "interpretation", _("interpretation given")
        ACT_VALID = "act_valid", _("act declared valid")
        ACT_INVALID = "act_invalid", _("act declared invalid")
        OTHER = "other", _("other")

    court = models.ForeignKey(
        Court, on_delete=models.PROTECT, related_name="rulings", verbose_name=_("court")
    )
    proceeding = models.ForeignKey(
        Proceeding,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rulings",
        verbose_name=_("proceeding"),
        help_text=_(
            "Empty for case law cited from elsewhere, outside any tracked case. For joined "
            "cases: the main proceeding, the others under “joined proceedings”."
        ),
    )
    # A judgment given on joined cases belongs to several proceedings, possibly of several
    # cases: it is public as soon as one of them is (cases.visibility), and public output
    # names only the public ones (cases.selectors.ruling_visible_proceedings).
    joined_proceedings = models.ManyToManyField(
        Proceeding,
        blank=True,
        related_name="joined_rulings",
        verbose_name=_("joined proceedings"),
        help_text=_(
            "The other proceedings this ruling decides together with its main proceeding "
            "(joined cases)."
        ),
    )
    # Explicit, never inferred from an empty proceeding: a ruling whose case or proceeding is
    # deleted is left without one (its proceeding is emptied) and must not become public by
    # that. Only curators set it (cases.visibility).
    reference = models.BooleanField(
        _("reference case law"),
        default=False,
        db_default=False,
        help_text=_(
            "Public case law attached to no case, which every association may cite. Only "
            "curators set it; a ruling left without proceeding by a deletion stays unpublished "
            "until a curator sets it."
        ),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    opinion_for = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opinions",
        verbose_name=_("opinion delivered before"),
        help_text=_("For an Advocate General's opinion: the judgment it precedes."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_("Built from court, date and number when left empty: cjue-2020-07-16-c-311-18."),
    )
    ecli = models.CharField(
        "ECLI",
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_ecli],
        help_text=_("European Case Law Identifier, e.g. ECLI:EU:C:2020:559 (stored upper case)."),
    )
    celex = models.CharField(
        "CELEX",
        max_length=20,
        blank=True,
        validators=[validate_celex],
        help_text=_("EUR-Lex number of EU case law, e.g. 62018CJ0311."),
    )
    decided_on = models.DateField(
        _("date"), help_text=_("Date the ruling was read or delivered (not the hearing date).")
    )
    short_name = models.CharField(
        _("short name"), max_length=120, blank=True, help_text=_("Customary name: “Schrems II”.")
    )
    case_name = models.CharField(
        _("official case name"),
        max_length=200,
        blank=True,
        help_text=_(
            "The case name as the court writes it in citations: “Facebook Ireland and Schrems”."
        ),
    )
    advocate_general = models.CharField(
        _("Advocate General"),
        max_length=120,
        blank=True,
        help_text=_(
            "Name of the Advocate General who delivered the opinion (or of the case), as the "
            "Court writes it: “Saugmandsgaard Øe”."
        ),
    )
    title_fr = models.CharField(_("title (French)"), max_length=400, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=400, blank=True)
    formation_fr = models.CharField(_("formation (French)"), max_length=200, blank=True)
    formation_en = models.CharField(_("formation (English)"), max_length=200, blank=True)
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=Outcome.choices,
        blank=True,
        help_text=_(
            "In the language of the procedure: a preliminary ruling gives an interpretation or "
            "declares an act valid or invalid; other rulings grant, reject or dismiss. An "
            "Advocate General's opinion has none."
        ),
    )
    outcome_text_fr = models.TextField(_("outcome (French)"), blank=True)
    outcome_text_en = models.TextField(_("outcome (English)"), blank=True)
    summary_fr = models.TextField(_("summary (French)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    full_text = models.TextField(_("full text"), blank=True)
    language = models.CharField(
        _("language of the text"),
        max_length=2,
        blank=True,
        help_text=_("ISO 639-1 code of the authentic language (fr, en, de…)."),
    )
    source_url = models.URLField(_("source URL"), blank=True, max_length=500)
    # Withdrawn by the source that published it (Judilibre's deleted transactions,
    # `to_be_deleted`): out of every public output whatever its case or reference status
    # (cases.visibility), kept for curators with the reason (cases.services.ruling_withdraw).
    withdrawn_at = models.DateTimeField(
        _("withdrawn"),
        null=True,
        blank=True,
        help_text=_(
            "When the source that published this ruling withdrew it: it is then out of every "
            "public output, whatever its case."
        ),
    )
    withdrawn_reason = models.CharField(_("why withdrawn"), max_length=300, blank=True)
    # Its public cited-by counts are the citations app's (citations.CitedByStats).

    objects = RulingQuerySet.as_manager()
    history = history_records()

    class Meta:
        ordering = ("-decided_on", "-pk")
        verbose_name = _("ruling")
        verbose_name_plural = _("rulings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ecli__isnull=True) | models.Q(ecli=Upper("ecli")),
                name="ruling_ecli_upper_case",
            ),
            models.CheckConstraint(
                condition=~models.Q(opinion_for=models.F("pk")), name="ruling_not_its_own_opinion"
            ),
            # A ruling in a proceeding is public exactly when its case is.
            models.CheckConstraint(
                condition=models.Q(reference=False) | models.Q(proceeding__isnull=True),
                name="ruling_reference_outside_cases",
            ),
        ]
        indexes = [
            models.Index(fields=["-decided_on", "-id"], name="ruling_decided_idx"),
            models.Index(fields=["court", "-decided_on"], name="ruling_court_decided_idx"),
            models.Index(fields=["celex"], name="ruling_celex_idx"),
        ]

    def __str__(self) -> str:
        label = self.short_name or self.ecli or self.slug
        return f"{self.court.short_name_fr or self.court} {self.decided_on:%Y-%m-%d} {label}"

    def get_absolute_url(self) -> str:
        return reverse("ruling_detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        # Attached to a proceeding, a ruling follows its case's publication.
        if self.proceeding_id is not None:
            self.reference = False
        super().save(*args, **kwargs)

    def clean(self):
        if self.proceeding_id is not None:
            self.reference = False
        if self.outcome:
            # Read only when there is an outcome to check: saving a ruling costs no extra query.
            procedure = self.proceeding.procedure if self.proceeding_id is not None else None
            if self.outcome not in outcomes_for(procedure=procedure, kind=self.kind):
                raise ValidationError(
                    {"outcome": outcome_error(procedure=procedure, kind=self.kind)}
                )
        # Store identifiers in their normal form so that lookups and uniqueness hold.
        # Malformed values are left as typed: the field validators name what is wrong.
        self.ecli = self.ecli or None
        with suppress(IdentifierError):
            if self.ecli:
                self.ecli = normalise_ecli(self.ecli)
            if self.celex:
                self.celex = normalise_celex(self.celex)

    @property
    def title(self) -> str:
        return self.localized("title").text

    @property
    def is_opinion(self) -> bool:
        return self.kind == self.Kind.OPINION


PRELIMINARY_OUTCOMES = (
    Ruling.Outcome.INTERPRETATION,
    Ruling.Outcome.ACT_VALID,
    Ruling.Outcome.ACT_INVALID,
    Ruling.Outcome.DISMISSED,
    Ruling.Outcome.OTHER,
)
CONTENTIOUS_OUTCOMES = (
    Ruling.Outcome.GRANTED,
    Ruling.Outcome.PARTIALLY_GRANTED,
    Ruling.Outcome.REJECTED,
    Ruling.Outcome.DISMISSED,
    Ruling.Outcome.OTHER,
)


def outcomes_for(*, procedure: str | None, kind: str) -> tuple[str, ...]:
    """The outcomes a ruling of `kind` in a proceeding of `procedure` may have: the one rule
    the model, the admin and the importer apply. An opinion decides nothing; a preliminary
    ruling interprets or rules on validity (or dismisses the reference); other procedures
    grant, reject or dismiss. Case law outside any proceeding (procedure None) may have any."""
    if kind == Ruling.Kind.OPINION:
        return ()
    if procedure == Proceeding.Procedure.PRELIMINARY_REFERENCE:
        return PRELIMINARY_OUTCOMES
    if procedure is None:
        return tuple(Ruling.Outcome.values)
    return CONTENTIOUS_OUTCOMES


def outcome_choices_by_procedure() -> list:
    """The outcomes grouped by the procedures they belong to (<optgroup>s of the admin's and
    the rulings list's select), each listed once."""
    both = [o for o in PRELIMINARY_OUTCOMES if o in CONTENTIOUS_OUTCOMES]
    return [
        (
            _("Preliminary ruling (art. 267 TFEU)"),
            [(o.value, o.label) for o in PRELIMINARY_OUTCOMES if o not in both],
        ),
        (
            _("Other procedures"),
            [(o.value, o.label) for o in CONTENTIOUS_OUTCOMES if o not in both],
        ),
        (_("Any procedure"), [(o.value, o.label) for o in both]),
    ]


def outcome_error(*, procedure: str | None, kind: str) -> str:
    allowed = outcomes_for(procedure=procedure, kind=kind)
    if not allowed:
        return _("An Advocate General's opinion has no outcome: leave it empty.")
    return _("This outcome does not fit the procedure; choose one of: %(outcomes)s.") % {
        "outcomes": ", ".join(str(Ruling.Outcome(value).label) for value in allowed)
    }


class RulingNumber(TrackedModel):
    """A case number a ruling carries (joined cases carry several)."""

    ruling = models.ForeignKey(
        Ruling, on_delete=models.CASCADE, related_name="numbers", verbose_name=_("ruling")
    )
    number = models.CharField(
        _("case number"),
        max_length=60,
        help_text=_("C-311/18, T-604/18 R, 450163 — normalised on save."),
    )

    class Meta:
        ordering = ("ruling", "pk")
        verbose_name = _("case number")
        verbose_name_plural = _("case numbers")
        constraints = [
            models.UniqueConstraint(fields=["ruling", "number"], name="ruling_number_unique"),
        ]
        indexes = [models.Index(fields=["number"], name="ruling_number_idx")]

    def __str__(self) -> str:
        return self.number

    def clean(self):
        if self.number:
            self.number = normalise_case_number(self.number)
