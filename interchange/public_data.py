"""The published data set of the public data page: `export_caselaw --public` of everything,
kept as a file in PUBLIC_DATA_DIR and regenerated when the data changes.

Whether the file is current is decided by a cheap fingerprint of the exported tables (two
queries): for each model, the number of rows, the sum of their keys and the latest
`updated_at`; for each many-to-many table, the number of rows and the sum of their keys. Any
save, insert or delete changes it (a deleted row changes the count; a row added in its place
has a larger key than any before it, so the sum changes). Writes that bypass `save()`
(`QuerySet.update()`) do not touch `updated_at`: the file is also regenerated once it is
MAX_AGE old, so such a change shows within that delay.

The file is named by the fingerprint; generation writes a temporary file and renames it, under
a file lock so that concurrent requests generate it once. Its ETag is the SHA-256 of its
content, so a client holding the same bytes is told 304 whatever the server or the day it was
generated on.
"""

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import Count, IntegerField, Max, QuerySet, Sum, Value
from django.utils import timezone

from cases.models import (
    Case,
    CaseSlugAlias,
    CaseStatusChange,
    Counsel,
    Court,
    Event,
    Filing,
    Hearing,
    HearingChange,
    Party,
    Proceeding,
    ProceedingParty,
    Ruling,
    RulingNumber,
    StatusUpdate,
    Topic,
)
from citations.models import Citation
from interchange.export import export_document
from interchange.format import FORMAT, VERSION, dumps

PREFIX = "caselaw-public-"
MAX_AGE = dt.timedelta(hours=24)
DOWNLOAD_NAME = "casetracker-public-data.json"

TRACKED_MODELS = (
    Court,
    Topic,
    Party,
    Counsel,
    Case,
    CaseSlugAlias,
    CaseStatusChange,
    StatusUpdate,
    Proceeding,
    ProceedingParty,
    Filing,
    Hearing,
    HearingChange,
    Ruling,
    RulingNumber,
    Event,
    Citation,
)
LINK_TABLES = (
    Case.topics.through,
    ProceedingParty.counsel.through,
    Filing.filed_by.through,
    Event.cases.through,
    Ruling.joined_proceedings.through,
)
COUNTED = ("courts", "parties", "cases", "rulings", "events", "citations")


@dataclass(frozen=True)
class Fingerprint:
    key: str
    changed_at: dt.datetime | None


@dataclass(frozen=True)
class DataFile:
    path: Path
    fingerprint: str
    sha256: str
    size: int
    generated_at: dt.datetime
    counts: dict

    @property
    def etag(self) -> str:
        return f'"{self.sha256[:32]}"'


def _summary(index: int, model, *, tracked: bool) -> QuerySet:
    """One row per table: (index, count, sum of keys, latest update or key as text)."""
    qs = model.objects.order_by().annotate(t=Value(index, output_field=IntegerField()))
    latest = Max("updated_at") if tracked else Max("pk")
    return (
        qs.values("t")
        .annotate(n=Count("pk"), s=Sum("pk"), m=latest)
        .values_list("t", "n", "s", "m")
    )


def _union(querysets: list[QuerySet]) -> list[tuple]:
    first, *rest = querysets
    return list(first.union(*rest, all=True))


def fingerprint() -> Fingerprint:
    """The state of every exported table, in two queries."""
    tracked = _union([_summary(i, m, tracked=True) for i, m in enumerate(TRACKED_MODELS)])
    links = _union([_summary(i, m, tracked=False) for i, m in enumerate(LINK_TABLES)])
    # The dataset record comes from settings: a new licence or publisher makes a new file.
    dataset = (settings.DATA_TITLE, settings.DATA_PUBLISHER, settings.DATA_LICENCE)
    parts = [f"{FORMAT}:{VERSION}", *dataset, settings.DATA_LICENCE_URL, settings.SITE_URL]
    parts += [f"t{t}:{n}:{s}:{m.isoformat() if m else ''}" for t, n, s, m in sorted(tracked)]
    parts += [f"l{t}:{n}:{s}:{m}" for t, n, s, m in sorted(links)]
    changed = max((m for _t, _n, _s, m in tracked if m), default=None)
    return Fingerprint(hashlib.sha256("|".join(parts).encode()).hexdigest()[:24], changed)


def data_dir() -> Path:
    return Path(settings.PUBLIC_DATA_DIR)


def _meta_path(path: Path) -> Path:
    return path.with_suffix(".meta")


def _read(path: Path) -> DataFile | None:
    try:
        meta = json.loads(_meta_path(path).read_text(encoding="utf-8"))
        size = path.stat().st_size
    except (OSError, ValueError):
        return None
    return DataFile(
        path=path,
        fingerprint=meta["fingerprint"],
        sha256=meta["sha256"],
        size=size,
        generated_at=dt.datetime.fromisoformat(meta["generated_at"]),
        counts=meta["counts"],
    )


def _fresh(found: DataFile | None, now: dt.datetime) -> bool:
    return found is not None and now - found.generated_at < MAX_AGE


@contextlib.contextmanager
def _lock(directory: Path):
    with open(directory / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_atomic(path: Path, data: bytes) -> None:
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def generate(key: str) -> DataFile:
    """Export the public data set to the file of fingerprint `key`, removing older files."""
    directory = data_dir()
    document = export_document(public=True)
    data = dumps(document).encode("utf-8")
    path = directory / f"{PREFIX}{key}.json"
    counts = {name: len(document[name]) for name in COUNTED}
    counts["hearings"] = sum(
        len(p["hearings"]) for case in document["cases"] for p in case["proceedings"]
    )
    meta = {
        "fingerprint": key,
        "sha256": hashlib.sha256(data).hexdigest(),
        "generated_at": timezone.now().isoformat(),
        "counts": counts,
    }
    _write_atomic(path, data)
    _write_atomic(_meta_path(path), json.dumps(meta).encode("utf-8"))
    for old in directory.glob(f"{PREFIX}*"):
        if old.stem != path.stem:
            with contextlib.suppress(OSError):
                old.unlink()
    return _read(path)


def current() -> DataFile:
    """The current public data file, generated first if the data changed since the last one
    (or it is MAX_AGE old)."""
    key = fingerprint().key
    directory = data_dir()
    path = directory / f"{PREFIX}{key}.json"
    now = timezone.now()
    found = _read(path)
    if _fresh(found, now):
        return found
    directory.mkdir(parents=True, exist_ok=True)
    with _lock(directory):
        found = _read(path)  # another request may have generated it meanwhile
        if _fresh(found, now):
            return found
        return generate(key)


def discard() -> None:
    """Drop the published files (after an erasure, whose texts they may quote): the next
    request generates a new one."""
    directory = data_dir()
    if directory.is_dir():
        for path in directory.glob(f"{PREFIX}*"):
            path.unlink(missing_ok=True)
