"""Each source's records, one at a time, from a folder or archive (`--from PATH`) or an API
(`--from URL` or the official address): `Item`s holding a record or the reason it could not be
read (docs/sources.md, "Running a sync")."""

import datetime as dt
import json
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from django.contrib.contenttypes.models import ContentType

from cases.models import Ruling
from interchange.models import SourceRecord
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
    withdrawn: bool = False
    """The source deleted this decision (Judilibre's `deleted` transactions): a stored copy is
    unpublished (sources.sync); `reason` says when."""
    load: Callable[[], "Item"] | None = field(default=None, compare=False, repr=False)
    """Fetches the record when the run gets to it (not for the positions a resumed run skips):
    the item to use instead of this one."""


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
    """`--query`/`--id`: the decisions whose ids are given (comma-separated). `--all`: `/export`
    batches of decisions updated since `--since` (without a date: every batch), then the
    deletions the transactional history lists since that date. Otherwise the default scope
    (sources/scope.py, decisions dated from `--since`), and with `--since` the transactional
    history: deleted decisions withdrawn, created or updated ones fetched when they are stored
    here or in the scope (never the whole of Judilibre's changes)."""
    client = fetch.judilibre(options.origin)
    if options.query:
        return _judilibre_decisions(client, [i.strip() for i in options.query.split(",")])
    if options.all:
        return _judilibre_all(client, options)
    return _judilibre_scoped(client, options)


def _judilibre_scoped(client, options: Options) -> Iterator[Item]:
    scoped = list(scope.judilibre_ids(client, options))
    wanted, done = set(scoped), set()
    if options.since:
        stored = stored_source_ids("judilibre")
        for source_id, action, when in history(client, options.since):
            if action == "deleted":
                done.add(source_id)
                yield _deleted(source_id, when)
            elif action in ("created", "updated"):
                if source_id in stored or source_id in wanted:
                    done.add(source_id)
                    yield Item(source_id, load=partial(_judilibre_decision, client, source_id))
            else:
                yield Item(source_id, reason=f"unknown transaction {action!r}")
    for source_id in scoped:
        if source_id not in done:
            yield Item(source_id, load=partial(_judilibre_decision, client, source_id))


def _deleted(source_id: str, when: str) -> Item:
    return Item(source_id, reason=f"deleted at the source on {when[:10]}", withdrawn=True)


def _judilibre_all(client, options: Options) -> Iterator[Item]:
    yield from _judilibre_export(client, options)
    if options.since:
        for source_id, action, when in history(client, options.since):
            if action == "deleted":
                yield _deleted(source_id, when)


def _judilibre_decisions(client, ids) -> Iterator[Item]:
    for source_id in [i for i in ids if i]:
        try:
            body = client.get_json("decision", {"id": source_id})
        except fetch.AccessStopped:
            raise
        except fetch.FetchError as error:
            yield Item(source_id, reason=str(error))
            continue
        yield from _judilibre_items([body], source_id)


def _judilibre_decision(client, source_id: str) -> Item:
    return next(iter(_judilibre_decisions(client, [source_id])))


# A history longer than this many pages is refused rather than read for ever (500 operations a
# page: 5 million operations).
MAX_HISTORY_PAGES = 10_000


def history(client, since: dt.date) -> list[tuple[str, str, str]]:
    """Judilibre's `/transactionalhistory` since `since`, every page read before anything else
    (its `next_page` query string is valid for one minute): (id, action, date) per decision,
    in the order the decisions first appear, with the last action done to each."""
    page = client.get_json("transactionalhistory", {"date": since.isoformat(), "page_size": 500})
    last: dict[str, tuple[str, str]] = {}
    seen_pages: set[str] = set()
    for _number in range(MAX_HISTORY_PAGES):
        transactions = page.get("transactions") if isinstance(page, dict) else None
        if not isinstance(transactions, list):
            raise fetch.FetchError("judilibre: a transactional history page without transactions")
        for transaction in transactions:
            if not isinstance(transaction, dict) or not isinstance(transaction.get("id"), str):
                continue
            last[transaction["id"]] = (
                str(transaction.get("action") or ""),
                str(transaction.get("date") or ""),
            )
        following = page.get("next_page")
        if not transactions or not isinstance(following, str) or not following:
            break
        if following in seen_pages:
            raise fetch.FetchError("judilibre: the transactional history repeats a page")
        seen_pages.add(following)
        page = client.get_json(f"transactionalhistory?{following.lstrip('?')}")
    else:
        raise fetch.FetchError(f"judilibre: transactional history over {MAX_HISTORY_PAGES} pages")
    return [(source_id, *last[source_id]) for source_id in last]


def stored_source_ids(source: str) -> set[str]:
    """The source identifiers of the rulings stored from `source`."""
    return set(
        SourceRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(Ruling), source=source
        ).values_list("source_id", flat=True)
    )


def _judilibre_export(client, options: Options) -> Iterator[Item]:
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
    """CELLAR notices by CELEX: those named with `--query 62012FJ0157,…`, else the default scope
    (sources/scope.py): the tracked rulings' notices, then the decisions they list as cited. No
    change listing is at hand: no `--since`, no `--all`."""
    if options.since or options.all:
        raise UsageError(
            "cjeu-cellar: --since and --all are unavailable (no listing of changes is at hand); "
            "give CELEX numbers with --query, or none for the default scope"
        )
    client = fetch.cellar(options.origin)
    if options.query:
        return (
            _cellar_notice(client, celex)
            for celex in dict.fromkeys(c.strip() for c in options.query.split(",") if c.strip())
        )
    return _cellar_scoped(client)


def _cellar_scoped(client) -> Iterator[Item]:
    """Every tracked notice is read first (a resumed run reads them again: they say what is
    cited), then the cited decisions, each fetched when the run gets to it."""
    tracked = scope.tracked_celex()
    fetched = [_cellar_notice(client, celex) for celex in tracked]
    yield from fetched
    records = [item.record for item in fetched if item.record is not None]
    for celex in scope.cited_celex(records, known=tracked):
        yield Item(celex, load=partial(_cellar_notice, client, celex))


def _cellar_notice(client, celex: str) -> Item:
    try:
        data = client.get(urllib.parse.quote(celex, safe="()"), accept=fetch.TREE_NOTICE)
        record = cellar.parse_notice(data, retrieved_at=now())
    except fetch.AccessStopped:
        raise
    except (fetch.FetchError, RecordError) as error:
        return Item(celex, reason=str(error))
    return Item(record.source_id, record)
