"""Resolve extracted citations (citations.extract) to known rulings.

By ECLI, CELEX, case number (RulingNumber, normalised) or court + date. When several rulings
carry the same number (an Advocate General's opinion and the judgment in C-311/18; an order and
a merits decision in one Conseil d'État application), the citation's context decides: its date,
court, document (arrêt, ordonnance, conclusions) and party names; failing those, a bare case
number means the judgment, not the opinion. A citation stays unresolved, with what was
recognised, unless exactly one ruling remains.

A fixed number of queries whatever the number of matches: one per identifier kind present.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import QuerySet

from cases.models import Ruling, RulingNumber
from citations.extract import Court, Document, Kind, Match
from common.text import fold

_WORD_RE = re.compile(r"[a-z0-9]{3,}")
# Words that say nothing about who the parties are.
_STOP_WORDS = {"and", "autres", "others", "the", "ltd", "limited", "les", "des", "contre", "sur"}
_DOCUMENT_KINDS = {
    Document.JUDGMENT: {Ruling.Kind.JUDGMENT, Ruling.Kind.DECISION},
    Document.DECISION: {Ruling.Kind.JUDGMENT, Ruling.Kind.DECISION},
    Document.ORDER: {Ruling.Kind.ORDER},
    Document.OPINION: {Ruling.Kind.OPINION},
}


@dataclass(frozen=True, slots=True)
class Resolution:
    match: Match
    ruling: Ruling | None
    candidates: int  # how many known rulings the identifier alone designates

    @property
    def resolved(self) -> bool:
        return self.ruling is not None


def court_matches(court: Court, ruling: Ruling) -> bool:
    c = ruling.court
    if court == Court.CE:
        return c.country == "FR" and (c.ecli_code.upper().startswith("CE") or c.slug == "ce")
    if court == Court.CJUE:
        return c.country == "EU" and c.ecli_code.upper() == "C"
    return c.country == "EU" and c.ecli_code.upper() == "T"


def _words(text: str) -> set[str]:
    return set(_WORD_RE.findall(fold(text))) - _STOP_WORDS


def _narrow(candidates: list[Ruling], keep) -> list[Ruling]:
    """`candidates` that pass `keep`, unless none does (then the test says nothing)."""
    kept = [r for r in candidates if keep(r)]
    return kept or candidates


def choose(match: Match, candidates: Sequence[Ruling]) -> Ruling | None:
    """The one ruling `match` designates among `candidates`, or None."""
    remaining = list(dict.fromkeys(candidates))
    if match.decided_on and len(remaining) > 1:
        remaining = _narrow(remaining, lambda r: r.decided_on == match.decided_on)
    if match.court and len(remaining) > 1:
        remaining = _narrow(remaining, lambda r: court_matches(match.court, r))
    if match.document and len(remaining) > 1:
        kinds = _DOCUMENT_KINDS[match.document]
        remaining = _narrow(remaining, lambda r: r.kind in kinds)
    if match.parties and len(remaining) > 1:
        wanted = _words(match.parties)
        scores = {
            r.pk: len(wanted & _words(f"{r.short_name} {r.title_fr} {r.title_en}"))
            for r in remaining
        }
        best = max(scores.values())
        if best:
            remaining = [r for r in remaining if scores[r.pk] == best]
    if len(remaining) > 1 and match.kind != Kind.COURT_DATE and match.document is None:
        # A bare case number cites the judgment, not the opinion delivered before it.
        remaining = _narrow(remaining, lambda r: r.kind != Ruling.Kind.OPINION)
    return remaining[0] if len(remaining) == 1 else None


def _court_date_candidates(match: Match, ruling: Ruling) -> bool:
    if match.court and not court_matches(match.court, ruling):
        return False
    if match.document:
        return ruling.kind in _DOCUMENT_KINDS[match.document]
    return True


def resolve(
    matches: Iterable[Match], *, rulings: QuerySet[Ruling] | None = None
) -> list[Resolution]:
    """Each match with the ruling it designates among `rulings` (default: all rulings; public
    outputs pass `Ruling.objects.public()`)."""
    matches = list(matches)
    rulings = (rulings if rulings is not None else Ruling.objects.all()).select_related("court")
    wanted: dict[Kind, set] = defaultdict(set)
    for m in matches:
        if m.kind in (Kind.CJEU_CASE, Kind.CE_NUMBER):
            wanted["number"].add(m.identifier)
        elif m.kind == Kind.COURT_DATE:
            wanted[Kind.COURT_DATE].add(m.decided_on)
        elif m.kind in (Kind.ECLI, Kind.CELEX):
            wanted[m.kind].add(m.identifier)
        # Dates complete numbers too: "C-311/18" of 16 July 2020.

    by_ecli = (
        {r.ecli: r for r in rulings.filter(ecli__in=wanted[Kind.ECLI])} if wanted[Kind.ECLI] else {}
    )
    by_celex: dict[str, list[Ruling]] = defaultdict(list)
    if wanted[Kind.CELEX]:
        for r in rulings.filter(celex__in=wanted[Kind.CELEX]):
            by_celex[r.celex].append(r)
    by_number: dict[str, list[Ruling]] = defaultdict(list)
    if wanted["number"]:
        numbers = RulingNumber.objects.filter(
            number__in=wanted["number"], ruling__in=rulings
        ).select_related("ruling__court")
        for n in numbers:
            by_number[n.number].append(n.ruling)
    by_date: dict = defaultdict(list)
    if wanted[Kind.COURT_DATE]:
        for r in rulings.filter(decided_on__in=wanted[Kind.COURT_DATE]):
            by_date[r.decided_on].append(r)

    resolutions = []
    for m in matches:
        if m.kind == Kind.ECLI:
            candidates = [by_ecli[m.identifier]] if m.identifier in by_ecli else []
        elif m.kind == Kind.CELEX:
            candidates = by_celex.get(m.identifier, [])
        elif m.kind in (Kind.CJEU_CASE, Kind.CE_NUMBER):
            candidates = by_number.get(m.identifier, [])
        elif m.kind == Kind.COURT_DATE:
            candidates = [r for r in by_date.get(m.decided_on, []) if _court_date_candidates(m, r)]
        else:
            candidates = []
        ruling = choose(m, candidates) if candidates else None
        resolutions.append(Resolution(m, ruling, len(candidates)))
    return resolutions
