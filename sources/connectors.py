"""Each source's records, one at a time, from a folder or archive (`--from PATH`) or an API
(`--from URL` or the official address): `Item`s holding a record or the reason it could not be
read (docs/sources.md, "Running a sync")."""

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sources import fetch, scope
from sources.archives import read_members
from sources.parsers import cellar, jade, judilibre, justice_administrative
from sources.records import DecisionRecord
from sources.xmlsafe import RecordError

SOURCES = ("dila-jade", "justice-administrative", "judilibre", "cjeu-cellar")


class UsageError(ValueError):
    """The options do not fit the source: said before anything is read."""


@dataclass(frozen=True)
class Options:
    origin: str = ""
    since: dt.date | None = None
    query: str = ""
    jurisdiction: tuple[str, ...] = ()
    all: bool = False


@dataclass(frozen=True)
class Item:
    source_id: str
    record: DecisionRecord | None = None
    reason: str = ""


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def is_url(origin: str) -> bool:
    return origin.startswith(("http://", "https://"))


def items(source: str, options: Options) -> Iterator[Item]:
    if source not in SOURCES:
        raise UsageError(f"unknown source {source!r}: one of {', '.join(SOURCES)}")
    if source in ("dila-jade", "justice-administrative"):
        if not options.origin or is_url(options.origin):
            raise UsageError(
                f"{source}: give the downloaded dump with --from PATH (a folder, zip or tar.gz)"
            )
        return _files(source, Path(options.origin))
    if source == "judilibre":
        if options.origin and not is_url(options.origin):
            return _json_files(Path(options.origin))
        return _judilibre(options)
    if options.origin and not is_url(options.origin):
        return _files(source, Path(options.origin))
    return _cellar(options)


def _parse_file(source: str, name: str, data: bytes) -> DecisionRecord:
    if source == "dila-jade":
        return jade.parse_jade(data, retrieved_at=now())
    if source == "justice-administrative":
        return justice_administrative.parse_decision(data, name=Path(name).name, retrieved_at=now())
    return cellar.parse_notice(data, retrieved_at=now())


def _files(source: str, path: Path) -> Iterator[Item]:
    if not path.exists():
        raise UsageError(f"{path}: no such file or folder")
    for member in read_members(path):
        name = Path(member.name).stem
        if member.data is None:
            yield Item(name, reason=f"file of {member.size} bytes, over the size limit")
            continue
        try:
            record = _parse_file(source, member.name, member.data)
        except RecordError as error:
            yield Item(name, reason=str(error))
        else:
            yield Item(record.source_id, record)


def _judilibre_items(objects, origin: str) -> Iterator[Item]:
    for position, obj in enumerate(objects):
        source_id = obj.get("id") if isinstance(obj, dict) else None
        try:
            record = judilibre.parse_decision(obj, retrieved_at=now())
        except RecordError as error:
            yield Item(str(source_id or f"{origin}[{position}]"), reason=str(error))
        else:
            yield Item(record.source_id, record)


def _json_files(path: Path) -> Iterator[Item]:
    """Saved `/decision` bodies or `/export` pages."""
    for member in read_members(path, suffix=".json"):
        if member.data is None:
            yield Item(member.name, reason=f"file of {member.size} bytes, over the size limit")
            continue
        try:
            body = json.loads(member.data)
        except ValueError:
            yield Item(member.name, reason="not JSON")
            continue
        objects = body["results"] if isinstance(body, dict) and "results" in body else [body]
        yield from _judilibre_items(objects, member.name)


def _judilibre(options: Options) -> Iterator[Item]:
    """`--query`: the decisions whose ids are given (comma-separated); `--all`: `/export`
    batches of decisions updated since `--since` (without a date: every batch); otherwise the
    default scope (sources/scope.py), from `--since` when given."""
    client = fetch.judilibre(options.origin)
    if options.query or not options.all:
        if options.query:
            ids = [i.strip() for i in options.query.split(",") if i.strip()]
        else:
            # The default scope: saved queries, decisions citing or cited by tracked rulings.
            ids = scope.judilibre_ids(client, options)
        for source_id in ids:
            try:
                body = client.get_json("decision", {"id": source_id})
            except fetch.AccessStopped:
                raise
            except fetch.FetchError as error:
                yield Item(source_id, reason=str(error))
                continue
            yield from _judilibre_items([body], source_id)
        return
    batch = 0
    while True:
        params = {
            "batch": batch,
            "batch_size": 100,
            "date_type": "update",
            "date_start": options.since.isoformat() if options.since else None,
            "order": "asc",
            "jurisdiction": list(options.jurisdiction),
        }
        page = client.get_json("export", params)
        try:
            objects = judilibre.results(page)
        except RecordError as error:
            raise fetch.FetchError(f"judilibre: export batch {batch}: {error}") from None
        yield from _judilibre_items(objects, f"export batch {batch}")
        if not objects or not page.get("next_batch"):
            return
        batch += 1


def _cellar(options: Options) -> Iterator[Item]:
    """CELLAR notices by CELEX (`--query 62012FJ0157,…`): no change listing is at hand."""
    if options.since or options.all:
        raise UsageError(
            "cjeu-cellar: --since and --all are unavailable (no listing of changes is at hand); "
            "give CELEX numbers with --query"
        )
    if not options.query:
        raise UsageError("cjeu-cellar: give CELEX numbers with --query CELEX[,CELEX…]")
    client = fetch.cellar(options.origin)
    for celex in [c.strip() for c in options.query.split(",") if c.strip()]:
        try:
            data = client.get(celex, accept=fetch.TREE_NOTICE)
            record = cellar.parse_notice(data, retrieved_at=now())
        except fetch.AccessStopped:
            raise
        except (fetch.FetchError, RecordError) as error:
            yield Item(celex, reason=str(error))
        else:
            yield Item(record.source_id, record)
