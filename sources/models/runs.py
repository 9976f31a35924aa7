"""Per-source sync bookkeeping: the checkpoint a killed run resumes from, the last runs, the
saved queries of the default scope and the runs curators ask for
(docs/sources.md, "Runs and checkpoints")."""

from django.conf import settings
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


class SavedQuery(models.Model):
    """A search an organisation or a curator keeps for a source: part of what a sync fetches
    by default (docs/sources.md, "Scope")."""

    class Operator(models.TextChoices):
        OR = "or", _("any of the words")
        AND = "and", _("all the words")
        EXACT = "exact", _("the exact phrase")

    source = models.CharField(
        _("source"),
        max_length=40,
        default="judilibre",
        choices=[("judilibre", _("Judilibre"))],
        help_text=_("Only Judilibre has a search the sync can use."),
    )
    query = models.CharField(
        _("query"),
        max_length=500,
        help_text=_("Searched in the whole text of the decisions (Judilibre's “query”)."),
    )
    operator = models.CharField(
        _("words"), max_length=5, choices=Operator.choices, default=Operator.OR
    )
    jurisdictions = models.JSONField(
        _("jurisdictions"),
        default=list,
        blank=True,
        help_text=_(
            "Judilibre's “jurisdiction” filter: cc, ca, tj, tcom, cph. Empty: the Cour de "
            "cassation only, as the API does."
        ),
    )
    locations = models.JSONField(
        _("court seats"),
        default=list,
        blank=True,
        help_text=_("Judilibre's “location” filter: seat codes such as ca_paris or tj33063."),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="saved_source_queries",
        verbose_name=_("organisation"),
        help_text=_("Empty: a curators' query."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ("source", "query", "pk")
        verbose_name = _("saved source query")
        verbose_name_plural = _("saved source queries")

    def __str__(self):
        return f"{self.source}: {self.query}"


class SyncRequest(models.Model):
    """A run asked for in the admin ("run now (dry run)"), done by `sync_sources --queued`
    from cron or the systemd timer, never inside the web request."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for the worker")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    source = models.CharField(_("source"), max_length=40, db_index=True)
    dry_run = models.BooleanField(_("dry run"), default=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    run = models.ForeignKey(
        SyncRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("run"),
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("requested source sync")
        verbose_name_plural = _("requested source syncs")

    def __str__(self):
        return f"{self.source} {self.get_status_display()}"
