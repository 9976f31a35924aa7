"""Reads for the sources' admin page: per source, its state, its last runs and the runs asked
for in the admin (docs/sources.md, "Runs and checkpoints")."""

from dataclasses import dataclass

from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sources.connectors import SOURCES
from sources.locks import _key
from sources.models import SyncRequest, SyncRun, SyncState

LABELS = {
    "dila-jade": gettext_lazy("DILA's JADE dumps (dila-jade)"),
    "justice-administrative": gettext_lazy(
        "Administrative courts' open data (justice-administrative)"
    ),
    "judilibre": gettext_lazy("Judilibre, the Cour de cassation's API (judilibre)"),
    "cjeu-cellar": gettext_lazy("The CJEU through CELLAR (cjeu-cellar)"),
}
RUNS_SHOWN = 5
REQUESTS_SHOWN = 3


@dataclass
class SourceOverview:
    source: str
    state: SyncState | None
    runs: list[SyncRun]
    requests: list[SyncRequest]
    running: bool

    @property
    def label(self) -> str:
        return str(LABELS.get(self.source, self.source))

    @property
    def checkpoint(self) -> str:
        return checkpoint_text(self.state)

    @property
    def pending(self) -> bool:
        return any(r.status == SyncRequest.Status.PENDING for r in self.requests)


def checkpoint_text(state: SyncState | None) -> str:
    checkpoint = state.checkpoint if state is not None else {}
    done = checkpoint.get("done")
    if done is not None:
        return _("unfinished run: %(done)s records done, the next run goes on from there") % {
            "done": done
        }
    if checkpoint.get("last_completed"):
        return _("last run completed")
    return "—"


def is_running(source: str, state: SyncState | None) -> bool:
    """Whether a sync of `source` holds its lock now."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' "
                "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                "AND classid = 0 AND objid = %s::bigint::oid AND objsubid = 1 AND granted)",
                [_key(source)],
            )
            return cursor.fetchone()[0]
    return bool(state is not None and state.locked_by)


def source_overview() -> list[SourceOverview]:
    states = {s.source: s for s in SyncState.objects.filter(source__in=SOURCES)}
    overview = []
    for source in SOURCES:
        state = states.get(source)
        overview.append(
            SourceOverview(
                source=source,
                state=state,
                runs=list(SyncRun.objects.filter(source=source).order_by("-started")[:RUNS_SHOWN]),
                requests=list(
                    SyncRequest.objects.filter(source=source)
                    .select_related("run", "requested_by")
                    .order_by("-requested_at", "-pk")[:REQUESTS_SHOWN]
                ),
                running=is_running(source, state),
            )
        )
    return overview
