"""Decisions cited but not in the database, and the curators' requests to fetch one
(docs/sources.md, "Cited, not in the database")."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import Ruling

EXTRACTED = "extracted"
"""`found_in` of a citation found in the citing ruling's full text by the extractor."""


class UnresolvedCitation(models.Model):
    """A decision a stored ruling cites, by its full text or by its source's own list, that no
    stored ruling is: kept with what identifies it until a sync brings it, then turned into
    an unverified citation (sources.precedents)."""

    citing = models.ForeignKey(
        Ruling,
        on_delete=models.CASCADE,
        related_name="unresolved_citations",
        verbose_name=_("citing ruling"),
    )
    key = models.CharField(
        _("identifier"),
        max_length=200,
        db_index=True,
        help_text=_(
            "What names the cited decision, the same for every ruling citing it: its ECLI, "
            "CELEX, identifier at a source, or court and case number."
        ),
    )
    ecli = models.CharField("ECLI", max_length=64, blank=True)
    celex = models.CharField("CELEX", max_length=20, blank=True)
    source_id = models.CharField(_("identifier at the source"), max_length=120, blank=True)
    court = models.CharField(_("court (as cited)"), max_length=40, blank=True)
    number = models.CharField(_("case number"), max_length=60, blank=True)
    decided_on = models.DateField(_("date"), null=True, blank=True)
    text = models.TextField(_("as cited"), blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    fragment = models.CharField(_("paragraph"), max_length=60, blank=True)
    found_in = models.CharField(
        _("found in"),
        max_length=80,
        help_text=_(
            "The source whose list of cited decisions names it (dila-jade, judilibre, "
            "cjeu-cellar), or “extracted” when found in the citing ruling's full text."
        ),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ("key", "pk")
        verbose_name = _("decision cited, not in the database")
        verbose_name_plural = _("decisions cited, not in the database")
        constraints = [
            models.UniqueConstraint(
                fields=["citing", "key", "found_in"], name="unresolved_citation_once_per_origin"
            )
        ]

    def __str__(self) -> str:
        return self.key


class FetchRequest(models.Model):
    """A curator's request to fetch one decision by identifier: queued, never fetched inside
    the web request; `sync_sources <source> --requested` (cron, the worker) does it."""

    source = models.CharField(_("source"), max_length=40)
    identifier = models.CharField(_("identifier"), max_length=120)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=300, blank=True)

    class Meta:
        ordering = ("-requested_at", "-pk")
        verbose_name = _("request to fetch a decision")
        verbose_name_plural = _("requests to fetch a decision")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "identifier"],
                condition=models.Q(done_at__isnull=True),
                name="fetch_request_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.identifier}"
