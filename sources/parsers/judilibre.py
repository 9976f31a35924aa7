"""Judilibre's JSON (the Cour de cassation's API): a `/decision` body, and the `results` of
`/search` or `/export` pages, per its OpenAPI specification (docs/sources.md, "judilibre")."""

import datetime as dt

from sources.records import CitedPrecedent, DecisionRecord
from sources.text import iso_date
from sources.xmlsafe import RecordError

SOURCE = "judilibre"


def _numbers(item: dict) -> tuple[str, ...]:
    # `number` is a string in the spec but a list in some real list items; `numbers` lists all.
    found: list[str] = []
    for value in (item.get("numbers") or [], item.get("number") or []):
        for number in [value] if isinstance(value, str) else value:
            if isinstance(number, str) and number.strip() and number.strip() not in found:
                found.append(number.strip())
    return tuple(found)


def _text(value) -> str:
    return value.replace("\r\n", "\n").strip() if isinstance(value, str) else ""


def parse_decision(item, *, retrieved_at: dt.datetime | None = None) -> DecisionRecord:
    """One decision object (`/decision`, or an item of `/search` or `/export` results)."""
    if not isinstance(item, dict):
        raise RecordError("a Judilibre decision must be a JSON object")
    source_id = item.get("id")
    if not isinstance(source_id, str) or not source_id:
        raise RecordError("Judilibre decision without id")
    decided_on = iso_date(
        item.get("decision_date") if isinstance(item.get("decision_date"), str) else ""
    )
    if decided_on is None:
        raise RecordError(f"{source_id}: no decision_date")
    cited = tuple(
        CitedPrecedent(
            text=_text(r.get("title")),
            source_id=r.get("id") or "",
            numbers=(r["number"],) if isinstance(r.get("number"), str) else (),
            decided_on=iso_date(r.get("date") or ""),
            url=r.get("url") or "",
        )
        for r in item.get("rapprochements") or []
        if isinstance(r, dict)
    )
    jurisdiction = item.get("jurisdiction") or ""
    location = item.get("location") or ""
    return DecisionRecord(
        source=SOURCE,
        source_id=source_id,
        court=location or jurisdiction,
        court_code=jurisdiction,
        ecli=item.get("ecli") or "",
        numbers=_numbers(item),
        kind=item.get("type") or "",
        decided_on=decided_on,
        formation=item.get("formation") or "",
        full_text=_text(item.get("text")),
        cited=cited,
        retrieved_at=retrieved_at,
        updated_on=iso_date(item.get("update_date") or ""),
        deleted=bool(item.get("to_be_deleted")),
        extra={
            "chamber": item.get("chamber") or "",
            "outcome": item.get("solution") or "",
            "origin": item.get("source") or "",
        },
    )


def results(page) -> list:
    """The decision objects of a `/search` or `/export` page (`results`), or of a bare list."""
    if isinstance(page, list):
        return page
    if isinstance(page, dict) and isinstance(page.get("results"), list):
        return page["results"]
    raise RecordError("a Judilibre page must hold a `results` list")
