"""Reference data shared by every case: courts, parties, counsel, topics."""

from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases import viewer, visibility
from cases.choices import PartyKind

from .base import BilingualMixin, TrackedModel


class Court(BilingualMixin, TrackedModel):
    class Kind(models.TextChoices):
        ADMINISTRATIVE = "administrative", _("administrative court")
        JUDICIAL = "judicial", _("judicial court")
        CONSTITUTIONAL = "constitutional", _("constitutional court")
        EU = "eu", _("EU court")
        INTERNATIONAL = "international", _("international court")
        AUTHORITY = "authority", _("regulator or authority")

    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    short_name_fr = models.CharField(
        _("short name (French)"),
        max_length=40,
        blank=True,
        help_text=_("As used in French citations: « CE », « CJUE »."),
    )
    short_name_en = models.CharField(
        _("short name (English)"),
        max_length=40,
        blank=True,
        help_text=_("As used in English citations: “CE”, “CJEU”."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=40,
        unique=True,
        help_text=_("Stable URL part, also the prefix of ruling slugs (cjue-2020-07-16-c-311-18)."),
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        help_text=_("ISO 3166 alpha-2 code, upper case; EU for the courts of the European Union."),
    )
    ecli_code = models.CharField(
        _("ECLI court code"),
        max_length=7,
        blank=True,
        help_text=_(
            "The court part of its ECLIs (C for the Court of Justice; the Conseil d'État uses "
            "several: CEORD for référé orders, CECHR, CESEC, CEASS)."
        ),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ("name_fr", "pk")
        verbose_name = _("court")
        verbose_name_plural = _("courts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(country__regex=r"^[A-Z]{2}$"), name="court_country_iso_alpha2"
            ),
            models.CheckConstraint(
                condition=~models.Q(name_fr="", name_en=""), name="court_has_a_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name_fr or self.name_en

    def get_absolute_url(self) -> str:
        return reverse("court_detail", kwargs={"slug": self.slug})

    @property
    def name(self) -> str:
        return self.localized("name").text

    @property
    def short_name(self) -> str:
        return self.localized("short_name").text or self.name


class PartyQuerySet(models.QuerySet):
    def public(self):
        """Parties that may appear on public output (cases.visibility.party_public_q)."""
        return self.filter(visibility.party_public_q())

    def with_public_page(self):
        """Public parties that may have a page of their own and be listed by name: every kind
        except natural persons whose name the court does not publish."""
        return self.public().filter(visibility.party_has_public_page_q())

    def listed_by_name(self):
        """Public parties found and suggested by a piece of their name (cases.matching)."""
        return self.public().filter(visibility.party_found_by_name_q())


class Party(TrackedModel):
    Kind = PartyKind

    name = models.CharField(
        _("name"),
        max_length=300,
        help_text=_(
            "Full name. A natural person's name is shown only in the admin, and there only to "
            "curators, the organisation that recorded the person and organisations whose "
            "cases name the person."
        ),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_("Built from the name when left empty."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name_published_by_court = models.BooleanField(
        _("name published by the court"),
        default=False,
        help_text=_(
            "Natural persons only: the court itself publishes this name in the official title "
            "(Maximillian Schrems before the CJEU), so it may be shown. Otherwise the person is "
            "pseudonymised on every public output."
        ),
    )
    website = models.URLField(_("website"), blank=True)
    entered_by = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parties_entered",
        verbose_name=_("entered by"),
        help_text=_(
            "The organisation whose member recorded this party. Empty for reference parties "
            "recorded by curators. A party an organisation recorded is public only once a "
            "published case names it."
        ),
    )

    objects = PartyQuerySet.as_manager()

    class Meta:
        ordering = ("name", "pk")
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        indexes = [models.Index(Upper("name"), name="party_name_upper_idx")]

    def __str__(self) -> str:
        # In the admin, a natural person's name is masked from users who may not see it
        # (cases.permissions.can_see_party_name), wherever the party is named.
        if viewer.hides_party_name(self):
            return masked_party_label(self)
        return self.name

    @property
    def is_natural_person(self) -> bool:
        return self.kind == self.Kind.NATURAL_PERSON

    @property
    def is_pseudonymised(self) -> bool:
        return self.is_natural_person and not self.name_published_by_court

    def get_absolute_url(self) -> str:
        return reverse("party_detail", kwargs={"slug": self.slug})


def masked_party_label(party) -> str:
    return _("Natural person #%(pk)s") % {"pk": party.pk}


class Counsel(TrackedModel):
    """A lawyer or law firm; counsel act in their office and are always named."""

    name = models.CharField(_("name"), max_length=200)
    firm = models.CharField(_("firm"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ("name", "pk")
        verbose_name = _("counsel")
        verbose_name_plural = _("counsel")

    def __str__(self) -> str:
        return f"{self.name} ({self.firm})" if self.firm else self.name


class Topic(BilingualMixin, TrackedModel):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=120, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)

    class Meta:
        ordering = ("slug", "pk")
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name_fr or self.name_en or self.slug

    @property
    def name(self) -> str:
        return self.localized("name").text
