"""Runs asked for in the admin ("run now (dry run)"): the web request only records a
`SyncRequest`; `manage.py sync_sources --queued`, from cron or the systemd timer, runs the
pending ones, each with the source's default scope, and links the run it made
(docs/sources.md, "Run now"; docs/deploy.md)."""

import os
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sources import connectors, sync
from sources.archives import ArchiveError
from sources.fetch import AccessStopped, FetchError
from sources.locks import Busy, source_lock
from sources.models import SyncRequest, SyncRun


def request_run(*, source: str, user, dry_run: bool = True) -> tuple[SyncRequest, bool]:
    """Queue a run of `source` (a dry run unless told); a request still waiting for that
    source is returned instead of a second one. (request, created)."""
    if source not in connectors.SOURCES:
        raise ValueError(source)
    with transaction.atomic():
        waiting = (
            SyncRequest.objects.select_for_update()
            .filter(source=source, dry_run=dry_run, status=SyncRequest.Status.PENDING)
            .first()
        )
        if waiting is not None:
            return waiting, False
        return SyncRequest.objects.create(source=source, dry_run=dry_run, requested_by=user), True


def origin_of(source: str) -> str:
    """Where a queued run reads: SOURCES_FROM[source] in the settings, else the environment's
    SOURCES_FROM_<SOURCE> (SOURCES_FROM_DILA_JADE=/data/JADE/), else the official address."""
    configured = getattr(settings, "SOURCES_FROM", {}) or {}
    if configured.get(source):
        return configured[source]
    return os.environ.get("SOURCES_FROM_" + source.upper().replace("-", "_"), "")


def run_pending(*, say: Callable[[str], None] = lambda line: None) -> list[SyncRequest]:
    """Run every waiting request, oldest first; a request whose source is busy waits for the
    next call. The requests handled."""
    handled = []
    for pk in (
        SyncRequest.objects.filter(status=SyncRequest.Status.PENDING)
        .order_by("requested_at", "pk")
        .values_list("pk", flat=True)
    ):
        # Claimed by one worker only, even if two run at once.
        claimed = SyncRequest.objects.filter(pk=pk, status=SyncRequest.Status.PENDING).update(
            status=SyncRequest.Status.RUNNING
        )
        if not claimed:
            continue
        request = SyncRequest.objects.get(pk=pk)
        _execute(request)
        say(f"request {request.pk} ({request.source}): {request.status}")  # commands speak English
        if request.message:
            say(request.message)
        handled.append(request)
    return handled


def _execute(request: SyncRequest) -> None:
    options = connectors.Options(origin=origin_of(request.source))
    try:
        items = connectors.items(request.source, options)
        with source_lock(request.source):
            run = sync.run(request.source, items, options, dry_run=request.dry_run)
    except Busy as error:
        # Another run of the source is going on: this request waits for the next call.
        request.status = SyncRequest.Status.PENDING
        request.message = str(error)
        request.save(update_fields=["status", "message"])
        return
    except (connectors.UsageError, ArchiveError, AccessStopped, FetchError) as error:
        request.status = SyncRequest.Status.FAILED
        request.message = str(error)
        request.run = (
            SyncRun.objects.filter(source=request.source, started__gte=request.requested_at)
            .order_by("-started")
            .first()
        )
        request.finished_at = timezone.now()
        request.save()
        return
    request.status = SyncRequest.Status.DONE
    request.run = run
    request.message = ""
    request.finished_at = timezone.now()
    request.save()
