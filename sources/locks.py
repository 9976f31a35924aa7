"""One sync at a time per source: a PostgreSQL advisory lock (released when the connection
closes, so a killed run frees it; PostgreSQL keys advisory locks by database too, so two
databases on one server never hold each other's), or on SQLite a lock row in SyncState (a
killed run leaves it: it is taken over once older than SOURCES_LOCK_STALE_HOURS)
(docs/sources.md)."""

import contextlib
import datetime as dt
import os
import uuid
import zlib

from django.db import connection
from django.utils import timezone

from sources.models import SyncState


class Busy(RuntimeError):
    pass


def _key(source: str) -> int:
    return zlib.crc32(f"casetracker-sources:{source}".encode())


@contextlib.contextmanager
def source_lock(source: str):
    SyncState.objects.get_or_create(source=source)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [_key(source)])
            if not cursor.fetchone()[0]:
                raise Busy(f"{source}: another sync of this source is running")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [_key(source)])
        return
    token = uuid.uuid4().hex
    stale = timezone.now() - dt.timedelta(
        hours=float(os.environ.get("SOURCES_LOCK_STALE_HOURS", "12"))
    )
    free = SyncState.objects.filter(source=source, locked_by="") | SyncState.objects.filter(
        source=source, locked_at__lt=stale
    )
    if not free.update(locked_by=token, locked_at=timezone.now()):
        raise Busy(f"{source}: another sync of this source is running")
    try:
        yield
    finally:
        SyncState.objects.filter(source=source, locked_by=token).update(
            locked_by="", locked_at=None
        )
