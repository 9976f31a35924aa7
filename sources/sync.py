"""A sync run: the records of one source written one by one, each in its own transaction, with
a checkpoint after each so that a killed run goes on where it stopped (docs/sources.md,
"Running a sync")."""

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict

from django.core.exceptions import ValidationError
from django.utils import timezone

from sources import adapter
from sources.connectors import Item, Options
from sources.fetch import FetchError
from sources.models import SyncRun, SyncState


def options_key(source: str, options: Options) -> str:
    """Runs with the same options resume each other; other options start afresh."""
    values = {**asdict(options), "since": str(options.since or ""), "source": source}
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:16]


def run(
    source: str,
    items: Iterable[Item],
    options: Options,
    *,
    dry_run: bool = False,
    progress: Callable[[Item], None] | None = None,
) -> SyncRun:
    state, _ = SyncState.objects.get_or_create(source=source)
    key = options_key(source, options)
    resume = state.checkpoint.get("done", 0) if state.checkpoint.get("key") == key else 0
    record = SyncRun.objects.create(
        source=source, started=timezone.now(), dry_run=dry_run, origin=options.origin[:500]
    )
    if resume and not dry_run:
        record.message = f"resumed after {resume} records"
    position = 0
    try:
        for position, item in enumerate(items, start=1):
            if position <= resume:
                continue
            if item.load is not None:
                item = item.load()  # fetched only now: a resumed run skips the done ones
            record.fetched += 1
            _one(record, item, dry_run)
            if progress:
                progress(item)
            if not dry_run:
                SyncState.objects.filter(pk=state.pk).update(
                    checkpoint={"key": key, "done": position}
                )
    except FetchError as error:
        # A batch could not be had, or the source stopped us: the checkpoint stays for the next run.
        record.message = _join(record.message, str(error))
        record.errors += 1
        _finish(record)
        raise
    if not dry_run:
        SyncState.objects.filter(pk=state.pk).update(
            checkpoint={"last_completed": {"key": key, "started": record.started.isoformat()}}
        )
    _finish(record)
    return record


def _one(record: SyncRun, item: Item, dry_run: bool) -> None:
    if item.withdrawn or (item.record is not None and item.record.deleted):
        # Withdrawn by the source: never written, and a stored copy is unpublished.
        reason = item.reason or "marked to_be_deleted at the source"
        try:
            withdrawn = adapter.withdraw(
                record.source, item.source_id, item.record, reason, dry_run=dry_run
            )
        except ValidationError as error:  # a ConcurrentEdit too
            # Named for a curator to unpublish by hand; the run goes on.
            record.errors += 1
            record.skipped.append(
                {"source_id": item.source_id, "reason": f"could not be withdrawn: {error}"}
            )
            return
        record.withdrawn += withdrawn
        return
    if item.record is None:
        record.errors += 1
        record.skipped.append({"source_id": item.source_id, "reason": item.reason})
        return
    written = adapter.write(item.record, dry_run=dry_run)
    if written.outcome == "skipped":
        if "conflict" in written.reason.lower():
            record.conflicts += 1
        else:
            record.errors += 1
        record.skipped.append({"source_id": item.source_id, "reason": written.reason})
        return
    setattr(record, written.outcome, getattr(record, written.outcome) + 1)
    record.citations += written.citations


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def _finish(record: SyncRun) -> None:
    record.ended = timezone.now()
    record.save()
