"""The sources' runs and checkpoints in the admin, for curators only and read-only: what the
nightly syncs did (docs/sources.md, "Runs and checkpoints")."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from organisations.selectors import user_is_curator
from sources.models import SyncRun, SyncState


class CuratorsReadOnly(admin.ModelAdmin):
    def has_module_permission(self, request):
        return user_is_curator(user=request.user)

    def has_view_permission(self, request, obj=None):
        return user_is_curator(user=request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SyncState)
class SyncStateAdmin(CuratorsReadOnly):
    list_display = ("source", "last_run", "checkpoint_text", "locked_at")
    fields = ("source", "last_run", "checkpoint_text", "locked_at")
    readonly_fields = fields

    @admin.display(description=_("last run"))
    def last_run(self, obj):
        run = SyncRun.objects.filter(source=obj.source).first()
        if run is None:
            return "—"
        return _(
            "%(started)s: %(fetched)s fetched, %(created)s created, %(updated)s updated, "
            "%(conflicts)s conflicts, %(errors)s errors"
        ) % {
            "started": f"{run.started:%Y-%m-%d %H:%M}",
            "fetched": run.fetched,
            "created": run.created,
            "updated": run.updated,
            "conflicts": run.conflicts,
            "errors": run.errors,
        }

    @admin.display(description=_("checkpoint"))
    def checkpoint_text(self, obj):
        done = obj.checkpoint.get("done")
        if done is not None:
            return _("unfinished run: %(done)s records done, the next run goes on from there") % {
                "done": done
            }
        if obj.checkpoint.get("last_completed"):
            return _("last run completed")
        return "—"


@admin.register(SyncRun)
class SyncRunAdmin(CuratorsReadOnly):
    list_display = (
        "source",
        "started",
        "ended",
        "dry_run",
        "fetched",
        "created",
        "updated",
        "unchanged",
        "withdrawn",
        "conflicts",
        "errors",
    )
    list_filter = ("source", "dry_run")
    fields = (*list_display, "origin", "message", "skipped_text")
    readonly_fields = fields

    @admin.display(description=_("skipped records"))
    def skipped_text(self, obj):
        return "\n".join(f"{s['source_id']}: {s['reason']}" for s in obj.skipped) or "—"


# In their own modules: "cited, not in the database" and the requests to fetch a decision;
# the saved queries and the page per source.
from sources import admin_precedents, admin_runs  # noqa: E402, F401
