"""A record into casetracker: `to_interchange(record)` makes the interchange document of one
ruling, `write(record)` imports it. The one place that knows the importer (docs/sources.md,
"Writing"): when the interchange matching module (format version 2) is there, records carry
their provenance and are matched by their source identifier first; until then they go through
`import_document`, matched by ECLI, then court and case number."""

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db import transaction

from cases.models import Court, Ruling
from cases.services import ruling_withdraw
from citations.services import citations_extract_from_text
from interchange import format as interchange_format
from interchange import matching
from interchange.importer import import_document
from sources import precedents
from sources.courts import court_of
from sources.records import DecisionRecord

# Stable uids for courts first seen through a source: the same court gets the same uid on
# every run and every instance.
NAMESPACE = uuid.UUID("4f0c3f6e-2c51-4d36-9b0e-6c1f3bd1a0c7")
KINDS = {
    # Judilibre `type`
    "arret": "judgment",
    "ordonnance": "order",
    "avis": "opinion",
    # Administrative open data `Type_Decision`
    "Ordonnance": "order",
    "Décision": "decision",
    "Arrêt": "judgment",
    # CELLAR resource types
    "JUDG": "judgment",
    "ORDER": "order",
    "OPIN_AG": "opinion",
    "VIEW_AG": "opinion",
}
PROVENANCE = interchange_format.VERSION >= 2


def kind_of(record: DecisionRecord) -> str:
    if record.kind in KINDS:
        return KINDS[record.kind]
    if record.source == "dila-jade" and record.court.lower().startswith("cour administrative"):
        return "judgment"  # a cour administrative d'appel gives arrêts
    return "decision"


def court_row(record: DecisionRecord) -> dict:
    identity = court_of(record)
    stored = Court.objects.filter(slug=identity.slug).first()
    if stored is None and identity.ecli_code:
        stored = Court.objects.filter(
            country=identity.country, ecli_code=identity.ecli_code
        ).first()
    if stored is not None:
        # The stored court as it is: a source never renames a court.
        return {
            "uid": str(stored.uid),
            "slug": stored.slug,
            "name_fr": stored.name_fr,
            "name_en": stored.name_en,
            "short_name_fr": stored.short_name_fr,
            "short_name_en": stored.short_name_en,
            "country": stored.country,
            "ecli_code": stored.ecli_code,
            "kind": stored.kind,
        }
    return {
        "uid": str(uuid.uuid5(NAMESPACE, f"court:{identity.slug}")),
        "slug": identity.slug,
        "name_fr": identity.name_fr,
        "short_name_fr": identity.short_name_fr,
        "country": identity.country,
        "ecli_code": identity.ecli_code,
        "kind": identity.kind,
    }


def provenance(record: DecisionRecord, retrieved_at: dt.datetime | None = None) -> dict:
    when = retrieved_at or record.retrieved_at or dt.datetime.now(dt.UTC)
    return {
        "source": record.source,
        "source_id": record.source_id,
        "urls": list(record.urls),
        "retrieved_at": when.isoformat(),
        "verified": False,
        "note": "",
    }


def stored_retrieval(record: DecisionRecord) -> dt.datetime | None:
    """When the stored copy of `record` was retrieved (format version 2 only): a record read
    again unchanged keeps that time, so that it stays "unchanged"."""
    if not PROVENANCE:
        return None
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    source_record = apps.get_model("interchange", "SourceRecord")
    found = (
        source_record.objects.filter(
            content_type=ContentType.objects.get_for_model(Ruling),
            source=record.source,
            source_id=record.source_id,
        )
        .values_list("retrieved_at", flat=True)
        .first()
    )
    return found


def to_interchange(record: DecisionRecord, *, retrieved_at: dt.datetime | None = None) -> dict:
    """The interchange document of `record`'s ruling; `retrieved_at` replaces the record's own
    in its provenance."""
    court = court_row(record)
    ruling = {
        "court": court["uid"],
        "kind": kind_of(record),
        "decided_on": record.decided_on.isoformat(),
        "numbers": list(record.numbers),
        "formation_fr": record.formation[:200],
        "title_fr": record.title[:400],
        "full_text": record.full_text,
        "language": "en" if record.source == "cjeu-cellar" and not record.title else "fr",
        "source_url": record.urls[0][:500] if record.urls else "",
        "reference": True,
    }
    if record.ecli:
        ruling["ecli"] = record.ecli
    if record.celex:
        ruling["celex"] = record.celex
    document = {
        "format": interchange_format.FORMAT,
        "version": interchange_format.VERSION,
        "courts": [court],
        "parties": [],
        "cases": [],
        "rulings": [ruling],
        "citations": [],
    }
    if PROVENANCE:
        ruling["provenance"] = provenance(record, retrieved_at)
    return document


@dataclass(frozen=True)
class Written:
    outcome: str
    """"created", "updated", "unchanged" or "skipped"."""
    reason: str = ""
    citations: int = 0
    """Citations found in the full text or listed by the source, or of stored rulings that
    were waiting for this one (stored unverified)."""
    unresolved: int = 0
    """Decisions cited that no stored ruling is (kept as "cited, not in the database")."""


RULINGS = Ruling._meta.verbose_name_plural


def stored_ruling(record: DecisionRecord) -> Ruling | None:
    """The ruling the import wrote for `record`: by ECLI, else CELEX, else court, date and
    case number (the importer's own matching order for a ruling without uid)."""
    rulings = Ruling.objects.filter(court__uid=court_row(record)["uid"])
    if record.ecli:
        return rulings.filter(ecli=record.ecli).first()
    if record.celex:
        return rulings.filter(celex=record.celex).first()
    return (
        rulings.filter(decided_on=record.decided_on, numbers__number__in=record.numbers)
        .distinct()
        .first()
    )


def withdrawn_ruling(source: str, source_id: str, record: DecisionRecord | None) -> Ruling | None:
    """The stored ruling a withdrawal names: by the source's identifier, else (a record marked
    `to_be_deleted`) as the import would have matched it."""
    found = matching.ruling_by_source_id(source, source_id)
    if found is None and record is not None and record.decided_on is not None:
        found = stored_ruling(record)
    return found


def withdraw(
    source: str,
    source_id: str,
    record: DecisionRecord | None,
    reason: str,
    *,
    dry_run: bool = False,
) -> bool:
    """Unpublish the stored copy of a decision `source` withdrew, through
    cases.services.ruling_withdraw (the one rule: out of every public output, kept for
    curators with why). True when a stored ruling was (or, in a dry run, would be) withdrawn."""
    ruling = withdrawn_ruling(source, source_id, record)
    if ruling is None or ruling.withdrawn_at is not None:
        return False
    if dry_run:
        return True
    return ruling_withdraw(ruling=ruling, reason=f"{source} {source_id}: {reason}")


def write(record: DecisionRecord, *, dry_run: bool = False) -> Written:
    """Import one record in its own transaction (rolled back on a problem or a dry run). A
    created or changed ruling's full text goes through the citation extractor: the links found
    are stored as extracted, unverified citations (docs/citations.md)."""
    previous = stored_retrieval(record)
    with transaction.atomic():
        problems, stats = import_document(to_interchange(record, retrieved_at=previous))
        outcome = next((o for o in ("created", "updated") if stats.get((RULINGS, o))), "unchanged")
        if previous and not problems and outcome != "unchanged":
            # Changed at the source: the provenance takes this retrieval's time.
            problems, _stats = import_document(to_interchange(record))
        if problems or dry_run:
            transaction.set_rollback(True)
        citations = unresolved = 0
        if not problems and not dry_run and outcome != "unchanged":
            ruling = stored_ruling(record)
            if ruling is not None:
                citations, unresolved = _citations(ruling, record)
    if problems:
        return Written("skipped", "; ".join(str(p) for p in problems))
    return Written(outcome, citations=citations, unresolved=unresolved)


def _citations(ruling: Ruling, record: DecisionRecord) -> tuple[int, int]:
    """The citations of a created or changed ruling, all unverified: those found in its full
    text, those its source lists, and those of rulings already stored that were waiting for
    it; what names no stored ruling is kept as "cited, not in the database"."""
    citations = unresolved = 0
    if ruling.full_text:
        report = citations_extract_from_text(citing=ruling)
        citations += len(report.created)
        unresolved += precedents.keep_extracted(ruling, report.unresolved)
    listed = precedents.write_listed(ruling, record)
    citations += listed.citations + precedents.resolve_pending(ruling)
    return citations, unresolved + listed.unresolved
