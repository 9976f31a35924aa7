"""Per-source sync bookkeeping: the checkpoint a killed run resumes from and the last runs
(docs/sources.md, "Runs and checkpoints")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SyncState(models.Model):
    """One row per source: its checkpoint and, on SQLite, the lock of the running sync."""

    source = models.CharField(_("source"), max_length=40, unique=True)
    checkpoint = models.JSONField(
        _("checkpoint"),
        default=dict,
        blank=True,
        help_text=_("Where the next run goes on: the records already done in an unfinished run."),
    )
    locked_by = models.CharField(_("locked by"), max_length=80, blank=True)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("source sync state")
        verbose_name_plural = _("source sync states")

    def __str__(self):
        return self.source


class SyncRun(models.Model):
    source = models.CharField(_("source"), max_length=40, db_index=True)
    started = models.DateTimeField(_("started"))
    ended = models.DateTimeField(_("ended"), null=True, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    origin = models.CharField(_("read from"), max_length=500, blank=True)
    fetched = models.PositiveIntegerField(_("fetched"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    conflicts = models.PositiveIntegerField(_("conflicts"), default=0)
    errors = models.PositiveIntegerField(_("errors"), default=0)
    citations = models.PositiveIntegerField(
        _("citations extracted"),
        default=0,
        help_text=_("Found in the full texts written, stored unverified."),
    )
    withdrawn = models.PositiveIntegerField(
        _("withdrawn"),
        default=0,
        help_text=_("Stored rulings unpublished because the source withdrew them."),
    )
    skipped = models.JSONField(
        _("skipped records"),
        default=list,
        blank=True,
        help_text=_("Each skipped record: its source identifier and the reason."),
    )
    message = models.TextField(_("message"), blank=True)

    class Meta:
        ordering = ["-started"]
        verbose_name = _("source sync run")
        verbose_name_plural = _("source sync runs")

    def __str__(self):
        return f"{self.source} {self.started:%Y-%m-%d %H:%M}"


# Decisions cited but not stored, and requests to fetch one: in their own module.
from sources.precedent_models import FetchRequest, UnresolvedCitation  # noqa: E402, F401
