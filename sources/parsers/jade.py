"""DILA's JADE XML (TEXTE_JURI_ADMIN), one decision per file (docs/sources.md, "dila-jade")."""

import datetime as dt
import re

from sources.records import CitedPrecedent, DecisionRecord
from sources.text import clean, first_date, iso_date, split_numbers
from sources.xmlsafe import RecordError, find_text, parse, text_of, unescaped_text

SOURCE = "dila-jade"
LEGIFRANCE = "https://www.legifrance.gouv.fr/ceta/id/{id}"
# "[RJ1] Rappr. …" / "1. Rappr. …": one cited precedent per marker.
MARKER = re.compile(r"(?:^|\s)(?:\[RJ\d+\]|\d+\.)\s+")
NUMBER = re.compile(r"n[°o]s?\s*((?:[A-Z]?\d[\d\s,]*(?:et\s+)?)+)", re.IGNORECASE)
ECLI = re.compile(r"ECLI:[A-Z]{2}:[A-Z0-9]+:\d{4}:[A-Z0-9.]+")
COURT = re.compile(r"\b(CE|TC|CJUE|CEDH|CAA(?: de [\w-]+)?|Cass\.(?: [\w.]+)?)\s*,")


def precedents(text: str) -> tuple[CitedPrecedent, ...]:
    found = []
    for chunk in MARKER.split(text):
        chunk = clean(chunk)
        if not chunk:
            continue
        numbers = ()
        match = NUMBER.search(chunk)
        if match:
            numbers = tuple(n for n in re.split(r"[\s,]+|et", match.group(1)) if n.strip())
        ecli = ECLI.search(chunk)
        court = COURT.search(chunk)
        found.append(
            CitedPrecedent(
                text=chunk,
                ecli=ecli.group(0) if ecli else "",
                court=court.group(1) if court else "",
                numbers=numbers,
                decided_on=first_date(chunk),
            )
        )
    return tuple(found)


def parse_jade(data: bytes, *, retrieved_at: dt.datetime | None = None) -> DecisionRecord:
    root = parse(data, name="JADE file")
    if root.tag != "TEXTE_JURI_ADMIN":
        raise RecordError(f"not a JADE decision (root element {root.tag})")
    source_id = find_text(root, "META/META_COMMUN/ID")
    if not source_id:
        raise RecordError("JADE file without META_COMMUN/ID")
    juri = "META/META_SPEC/META_JURI"
    admin = "META/META_SPEC/META_JURI_ADMIN"
    decided_on = iso_date(find_text(root, f"{juri}/DATE_DEC"))
    if decided_on is None:
        raise RecordError(f"{source_id}: no decision date (DATE_DEC)")
    cited = precedents(unescaped_text(root.find("TEXTE/CITATION_JP/CONTENU")))
    parties = tuple(
        p
        for p in (find_text(root, f"{admin}/DEMANDEUR"), find_text(root, f"{admin}/DEFENDEUR"))
        if p
    )
    return DecisionRecord(
        source=SOURCE,
        source_id=source_id,
        court=find_text(root, f"{juri}/JURIDICTION"),
        ecli=find_text(root, f"{admin}/ECLI"),
        numbers=split_numbers(find_text(root, f"{juri}/NUMERO")),
        kind=find_text(root, "META/META_COMMUN/NATURE"),
        decided_on=decided_on,
        formation=find_text(root, f"{admin}/FORMATION"),
        title=find_text(root, f"{juri}/TITRE"),
        parties=parties,
        full_text=text_of(root.find("TEXTE/BLOC_TEXTUEL/CONTENU")),
        cited=cited,
        urls=(LEGIFRANCE.format(id=source_id),),
        retrieved_at=retrieved_at,
        extra={
            "procedure": find_text(root, f"{admin}/TYPE_REC"),
            "outcome": find_text(root, f"{juri}/SOLUTION"),
            "publication": find_text(root, f"{admin}/PUBLI_RECUEIL"),
        },
    )
