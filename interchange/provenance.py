"""Reading and writing provenance (interchange.models.SourceRecord) in the format's terms:
`provenance` on records (an object, or a list of them for a record several sources hold) and
`found_in` on citations. docs/interchange.md, "Provenance"."""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from interchange.models import SourceRecord

PROVENANCE_FIELDS = ("source", "source_id", "urls", "retrieved_at", "verified", "note")


def provenance_rows(row: dict) -> list[dict]:
    """The record's provenance entries, with its `found_in` (citations) in the first one."""
    given = row.get("provenance")
    entries = [dict(e) for e in (given if isinstance(given, list) else [given] if given else [])]
    found_in = row.get("found_in")
    if found_in:
        if not entries:
            entries.append({"source": ""})
        entries[0]["found_quote"] = found_in.get("quote", "")
        entries[0]["found_paragraph"] = found_in.get("paragraph", "")
    return entries


def record_values(entry: dict) -> dict:
    values = {
        "source_id": entry.get("source_id", ""),
        "urls": list(entry.get("urls", [])),
        "verified": bool(entry.get("verified", False)),
        "note": entry.get("note", ""),
        "found_quote": entry.get("found_quote", ""),
        "found_paragraph": entry.get("found_paragraph", ""),
    }
    retrieved_at = entry.get("retrieved_at")
    if retrieved_at:
        try:
            retrieved_at = dt.datetime.fromisoformat(retrieved_at)
        except ValueError:
            raise ValidationError(f"retrieved_at: {retrieved_at!r} is not a date-time") from None
        if retrieved_at.tzinfo is None:
            raise ValidationError(f"retrieved_at: {entry['retrieved_at']!r} has no time zone")
    values["retrieved_at"] = retrieved_at or None
    return values


def save_provenance(obj, row: dict) -> bool:
    """Store the provenance `row` gives for `obj` (one SourceRecord per source; sources the
    row does not name are kept); True when anything changed."""
    content_type = ContentType.objects.get_for_model(type(obj))
    changed = False
    for entry in provenance_rows(row):
        values = record_values(entry)
        stored = SourceRecord.objects.filter(
            content_type=content_type, object_id=obj.pk, source=entry.get("source", "")
        ).first()
        if stored is None:
            _drop_orphan(content_type, entry.get("source", ""), values["source_id"], obj)
            stored = SourceRecord(
                content_type=content_type, object_id=obj.pk, source=entry.get("source", "")
            )
        elif all(getattr(stored, name) == value for name, value in values.items()):
            continue
        for name, value in values.items():
            setattr(stored, name, value)
        stored.full_clean()
        stored.save()
        changed = True
    return changed


def _drop_orphan(content_type, source: str, source_id: str, obj) -> None:
    """The provenance of a record deleted since (a generic relation does not cascade) would
    hold its source identifier for ever: it goes, so that the source's record can come in
    again. One held by a record that exists is left, and refused as a duplicate."""
    if not source_id:
        return
    held = SourceRecord.objects.filter(
        content_type=content_type, source=source, source_id=source_id
    ).exclude(object_id=obj.pk)
    for record in held:
        if not type(obj)._default_manager.filter(pk=record.object_id).exists():
            record.delete()


def all_provenance() -> dict[tuple[type, int], list[SourceRecord]]:
    """Every stored provenance, by (model, pk) of its record (one query; for the export)."""
    found: dict[tuple[type, int], list[SourceRecord]] = {}
    for record in SourceRecord.objects.select_related("content_type").order_by("source", "pk"):
        model = record.content_type.model_class()
        found.setdefault((model, record.object_id), []).append(record)
    return found


def provenance_keys(records: list[SourceRecord]) -> dict:
    """The format's keys for a record's stored provenance: {"provenance": …, "found_in": …}."""
    keys: dict = {}
    entries = []
    for record in records:
        if record.found_quote or record.found_paragraph:
            keys["found_in"] = {"quote": record.found_quote, "paragraph": record.found_paragraph}
        if not record.source and not (record.source_id or record.urls or record.note):
            continue  # only where a citation was found
        entry = {
            "source": record.source,
            "source_id": record.source_id,
            "urls": record.urls,
            "retrieved_at": record.retrieved_at.astimezone(dt.UTC).isoformat()
            if record.retrieved_at
            else None,
            "verified": record.verified,
            "note": record.note,
        }
        entries.append(entry)
    if entries:
        keys["provenance"] = entries[0] if len(entries) == 1 else entries
    return keys
