"""The decisions a synced ruling cites: the precedents its source lists (JADE's CITATION_JP,
CELLAR's WORK_CITES_WORK, Judilibre's rapprochements) and those the extractor found in its text
but could not resolve (docs/sources.md, "Cited precedents" and "Cited, not in the database").

A listed precedent that names a stored ruling becomes a citation through the same path as an
extracted one (citations.services.citation_create: origin "extracted", unverified, not counted
until a curator verifies it), with its provenance (`found_in`: the source's own words and
paragraph). One that names no stored ruling is kept as an `UnresolvedCitation`, grouped by what
identifies it (`key`), until a sync brings the decision: then `resolve_pending` turns every
citation of it into an unverified citation.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from cases.identifiers import (
    IdentifierError,
    case_number_key,
    normalise_ecli,
    split_case_numbers,
    tidy_case_number,
)
from cases.models import Court, Ruling
from citations.extract import Kind
from citations.models import Citation
from citations.services import citation_create
from interchange.matching import court_key
from interchange.models import SourceRecord
from interchange.provenance import save_provenance
from sources.models import EXTRACTED, UnresolvedCitation
from sources.records import CitedPrecedent, DecisionRecord

# The court abbreviations the precedents are cited with, as the samples show them, and the
# stored courts each names; any other is kept as written and matches no court.
COURT_LABELS = {
    "CE": Q(slug="ce") | Q(country="FR", ecli_code__startswith="CE"),
    "TC": Q(slug="tc") | Q(country="FR", ecli_code="TC"),
    "CJUE": Q(country="EU", ecli_code="C"),
    "TUE": Q(country="EU", ecli_code="T"),
}


# Each label's ECLI court key: numbers are compared in that court's one form (cases.identifiers,
# "C4333" = "4333" = "04333" before the Tribunal des conflits).
COURT_KEYS = {"CE": ("FR", "CE"), "TC": ("FR", "TC"), "CJUE": ("EU", "C"), "TUE": ("EU", "T")}


@dataclass(frozen=True)
class Target:
    """What identifies a cited decision, from a source's list or the extractor."""

    key: str
    ecli: str = ""
    celex: str = ""
    source_id: str = ""
    court: str = ""
    number: str = ""
    decided_on: dt.date | None = None
    text: str = ""
    url: str = ""
    fragment: str = ""


def _court_label(court: str) -> str:
    return court.strip().rstrip(".").upper()[:40]


def number_key(court: str, number: str) -> str:
    label = _court_label(court)
    key = case_number_key(number, court=COURT_KEYS.get(label))
    return f"{label} n° {key}" if label else f"n° {key}"


def make_target(
    *,
    ecli: str = "",
    celex: str = "",
    source_id: str = "",
    court: str = "",
    numbers: Iterable[str] = (),
    decided_on: dt.date | None = None,
    text: str = "",
    url: str = "",
    fragment: str = "",
) -> Target | None:
    """The target, keyed by its strongest identifier; None when nothing identifies it (a date
    and a name alone: "Rappr. 1986-06-23 Elkholti")."""
    numbers = [n for n in numbers if n and n.strip()]
    if ecli:
        try:
            ecli = normalise_ecli(ecli)
        except (IdentifierError, ValueError):
            ecli = ""
    number = numbers[0].strip()[:60] if numbers else ""
    if ecli:
        key = ecli
    elif celex:
        key = f"CELEX {celex.strip().upper()}"
    elif source_id:
        key = source_id.strip()
    elif number:
        key = number_key(court, number)
    else:
        return None
    return Target(
        key=key[:200],
        ecli=ecli,
        celex=celex.strip().upper()[:20],
        source_id=source_id.strip()[:120],
        court=_court_label(court),
        number=number,
        decided_on=decided_on,
        text=text,
        url=url[:500],
        fragment=fragment[:60],
    )


def target_of_precedent(precedent: CitedPrecedent) -> Target | None:
    return make_target(
        ecli=precedent.ecli,
        celex=precedent.celex,
        source_id=precedent.source_id,
        court=precedent.court,
        numbers=precedent.numbers,
        decided_on=precedent.decided_on,
        text=precedent.text,
        url=precedent.url,
        fragment=precedent.fragment,
    )


def target_of_match(match) -> Target | None:
    """An extracted citation (citations.extract.Match) left unresolved; a court and a date
    alone, or a malformed ECLI, identify nothing to fetch."""
    if match.kind == Kind.ECLI:
        return make_target(ecli=match.identifier, text=match.text)
    if match.kind == Kind.CELEX:
        return make_target(celex=match.identifier, text=match.text)
    if match.kind in (Kind.CJEU_CASE, Kind.CE_NUMBER):
        court = str(match.court or ("CE" if match.kind == Kind.CE_NUMBER else "CJUE"))
        return make_target(
            court=court, numbers=[match.identifier], decided_on=match.decided_on, text=match.text
        )
    return None


def _one(rulings) -> Ruling | None:
    found = list(rulings[:2])
    return found[0] if len(found) == 1 else None


def resolve(target: Target) -> Ruling | None:
    """The one stored ruling `target` names, or None (none, or several)."""
    if target.ecli:
        return Ruling.objects.filter(ecli=target.ecli).first()
    if target.celex:
        return _one(Ruling.objects.filter(celex=target.celex))
    if target.source_id:
        records = SourceRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(Ruling), source_id=target.source_id
        )
        found = _one(Ruling.objects.filter(pk__in=records.values("object_id")))
        if found is not None or not target.number:
            return found
    if not target.number:
        return None
    rulings = Ruling.objects.all()
    court_rule = COURT_LABELS.get(target.court)
    if court_rule is not None:
        rulings = rulings.filter(court__in=Court.objects.filter(court_rule))
    elif not target.decided_on:
        return None  # a bare number of an unknown court names nothing for sure
    if target.decided_on:
        rulings = rulings.filter(decided_on=target.decided_on)
    key = case_number_key(target.number, court=COURT_KEYS.get(target.court))
    # The forms a number may be stored in ("C4333", "04333" before the Tribunal des conflits).
    forms = {target.number, tidy_case_number(target.number), key, f"C{key}", f"0{key}"}
    candidates = (
        rulings.filter(numbers__number__in=forms)
        .select_related("court")
        .prefetch_related("numbers")
        .distinct()
    )
    found = [r for r in candidates if _same_number(target, r)]
    return found[0] if len(found) == 1 else None


def _same_number(target: Target, ruling: Ruling) -> bool:
    """Whether one of `ruling`'s numbers is the target's, compared in the form of the court
    the target names (else of the ruling's court, by its ECLI code)."""
    court = COURT_KEYS.get(target.court) or court_key(ruling.court)
    wanted = {case_number_key(part, court=court) for part in split_case_numbers(target.number)}
    stored = {
        case_number_key(part, court=court)
        for number in ruling.numbers.all()
        for part in split_case_numbers(number.number)
    }
    return bool(wanted & stored)


def _link(citing: Ruling, cited: Ruling, target: Target, found_in: str, when) -> bool:
    """An unverified citation from `citing` to `cited`, with where it was found; False when
    the link was there already (its provenance is completed)."""
    existing = Citation.objects.filter(citing_ruling=citing, cited=cited).first()
    citation = existing or citation_create(
        citing=citing, cited=cited, origin=Citation.Origin.EXTRACTED, verified=False
    )
    provenance = {
        "source": "" if found_in == EXTRACTED else found_in,
        "urls": [target.url] if target.url else [],
        "retrieved_at": when.isoformat() if when else None,
        "verified": False,
    }
    save_provenance(
        citation,
        {
            "provenance": provenance,
            "found_in": {"quote": target.text[:2000], "paragraph": target.fragment},
        },
    )
    return existing is None


def _keep(citing: Ruling, target: Target, found_in: str) -> None:
    UnresolvedCitation.objects.update_or_create(
        citing=citing,
        key=target.key,
        found_in=found_in,
        defaults={
            "ecli": target.ecli,
            "celex": target.celex,
            "source_id": target.source_id,
            "court": target.court,
            "number": target.number,
            "decided_on": target.decided_on,
            "text": target.text[:2000],
            "url": target.url,
            "fragment": target.fragment,
        },
    )


@dataclass
class Written:
    citations: int = 0
    unresolved: int = 0


def write_listed(ruling: Ruling, record: DecisionRecord) -> Written:
    """The precedents `record`'s source lists for `ruling`: citations for those stored, the
    others kept as unresolved."""
    written = Written()
    for precedent in record.cited:
        target = target_of_precedent(precedent)
        if target is None:
            continue
        cited = resolve(target)
        if cited is not None and cited.pk == ruling.pk:
            continue
        if cited is not None:
            written.citations += _link(ruling, cited, target, record.source, record.retrieved_at)
            UnresolvedCitation.objects.filter(citing=ruling, key=target.key).delete()
        else:
            _keep(ruling, target, record.source)
            written.unresolved += 1
    return written


def keep_extracted(ruling: Ruling, unresolved) -> int:
    """The extractor's unresolved citations of `ruling` (citations.resolve.Resolution)."""
    kept = 0
    for resolution in unresolved:
        target = target_of_match(resolution.match)
        if target is not None:
            _keep(ruling, target, EXTRACTED)
            kept += 1
    return kept


def _target_of_row(row: UnresolvedCitation) -> Target:
    return Target(
        key=row.key,
        ecli=row.ecli,
        celex=row.celex,
        source_id=row.source_id,
        court=row.court,
        number=row.number,
        decided_on=row.decided_on,
        text=row.text,
        url=row.url,
        fragment=row.fragment,
    )


def resolve_pending(ruling: Ruling) -> int:
    """`ruling` has just arrived: the unresolved citations naming it become unverified
    citations. Returns how many citations were made."""
    rule = Q(key__in=_keys_of(ruling))
    if ruling.ecli:
        rule |= Q(ecli=ruling.ecli)
    if ruling.celex:
        rule |= Q(celex=ruling.celex)
    made = 0
    for row in (
        UnresolvedCitation.objects.filter(rule).exclude(citing=ruling).select_related("citing")
    ):
        target = _target_of_row(row)
        cited = resolve(target)
        if cited is None:
            continue
        if cited.pk != row.citing_id:
            made += _link(row.citing, cited, target, row.found_in, None)
        row.delete()
    return made


def _keys_of(ruling: Ruling) -> set[str]:
    keys = set()
    for record in SourceRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(Ruling), object_id=ruling.pk
    ).exclude(source_id=""):
        keys.add(record.source_id)
    labels = [
        label
        for label, rule in COURT_LABELS.items()
        if Court.objects.filter(rule, pk=ruling.court_id).exists()
    ]
    for number in ruling.numbers.values_list("number", flat=True):
        for label in [*labels, ""]:
            keys.add(number_key(label, number))
    return keys


# Fetching one decision by identifier (the admin's "fetch" button; sync_sources --id).


def fetchable(*, celex: str = "", source_id: str = "") -> tuple[str, str] | None:
    """(source, identifier) when a connector can fetch the cited decision by itself: CELLAR
    by CELEX, Judilibre by its own id (24 hexadecimal characters, as its samples show); None
    otherwise (an ECLI alone, a Légifrance JURITEXT id, a court and number)."""
    if celex:
        return "cjeu-cellar", celex
    if len(source_id) == 24 and all(c in "0123456789abcdef" for c in source_id):
        return "judilibre", source_id
    return None
