"""A CELLAR tree notice (`Accept: application/xml;notice=tree`) of a CJEU work
(docs/sources.md, "cjeu-cellar")."""

import datetime as dt
import re
from xml.etree.ElementTree import Element

from sources.records import CitedPrecedent, DecisionRecord
from sources.text import clean, iso_date
from sources.xmlsafe import RecordError, parse

SOURCE = "cjeu-cellar"
RESOURCE = "http://publications.europa.eu/resource/celex/{celex}"
# CELEX of sector 6: year, court and document letters, number ("62012FJ0157").
CELEX = re.compile(r"^6(\d{4})([A-Z]{2})(\d{4})$")
# The court prefix of case numbers, by CELEX letters: C- (Court of Justice), T-, F-.
CASE_PREFIX = {"C": "C", "T": "T", "F": "F"}
CASE_IN_TITLE = re.compile(r"Affaire ([CTF]-\d+/\d+)|Case ([CTF]-\d+/\d+)")


def _same_as(node: Element, kind: str) -> str:
    for uri in node.findall("SAMEAS/URI"):
        if (uri.findtext("TYPE") or "").strip() == kind:
            return (uri.findtext("IDENTIFIER") or "").strip()
    return ""


def case_number(celex: str) -> str:
    """62012FJ0157 → F-157/12, as FORMATS.md reads it."""
    match = CELEX.match(celex)
    if not match or match.group(2)[0] not in CASE_PREFIX:
        return ""
    year, letters, number = match.groups()
    return f"{CASE_PREFIX[letters[0]]}-{int(number)}/{year[2:]}"


def parse_notice(
    data: bytes, *, language: str = "FRA", retrieved_at: dt.datetime | None = None
) -> DecisionRecord:
    root = parse(data, name="CELLAR notice")
    work = root.find("WORK")
    if root.tag != "NOTICE" or work is None:
        raise RecordError("not a CELLAR tree notice (NOTICE/WORK)")
    celex = clean(work.findtext("ID_CELEX/VALUE")) or _same_as(work, "celex")
    if not celex:
        raise RecordError("CELLAR notice without CELEX")
    decided_on = iso_date(work.findtext("WORK_DATE_DOCUMENT/VALUE"))
    if decided_on is None:
        raise RecordError(f"{celex}: no WORK_DATE_DOCUMENT")
    expression = _expression(root, language)
    title = clean(expression.findtext("EXPRESSION_TITLE/VALUE")) if expression is not None else ""
    numbers = tuple({n for m in CASE_IN_TITLE.finditer(title) for n in m.groups() if n})
    number = case_number(celex)
    if number and number not in numbers:
        numbers = (number, *sorted(numbers))
    parts = [clean(p) for p in title.split("#")]
    parties = ()
    if len(parts) > 1 and " contre " in parts[1]:
        parties = tuple(clean(p).rstrip(".") for p in parts[1].split(" contre "))
    cited = tuple(
        CitedPrecedent(
            celex=_same_as(link, "celex"),
            ecli=_same_as(link, "ecli"),
            fragment=clean(link.findtext("FRAGMENT_CITING_SOURCE/VALUE")),
            url=clean(link.findtext("URI/VALUE")),
        )
        for link in work.findall("WORK_CITES_WORK")
    )
    kind = clean(work.findtext("WORK_HAS_RESOURCE-TYPE/URI/IDENTIFIER"))
    return DecisionRecord(
        source=SOURCE,
        source_id=celex,
        court=celex[5:7] if CELEX.match(celex) else "",
        court_code=celex[5:7] if CELEX.match(celex) else "",
        ecli=clean(work.findtext("ECLI/VALUE")) or _same_as(work, "ecli"),
        celex=celex,
        numbers=numbers,
        kind=kind,
        decided_on=decided_on,
        title=title,
        parties=parties,
        cited=cited,
        urls=(RESOURCE.format(celex=celex),),
        retrieved_at=retrieved_at,
        extra={
            "procedure": _procedure(work),
            "short_title": clean(expression.findtext("EXPRESSION_TITLE_ALTERNATIVE/VALUE"))
            if expression is not None
            else "",
        },
    )


def _expression(root: Element, language: str) -> Element | None:
    """The expression in `language` (one per language), else the first."""
    expressions = root.findall(".//EXPRESSION")
    for expression in expressions:
        if clean(expression.findtext("EXPRESSION_USES_LANGUAGE/URI/IDENTIFIER")) == language:
            return expression
    return expressions[0] if expressions else None


def _procedure(work: Element) -> str:
    node = work.find(".//CASE-LAW_HAS_TYPE_PROCEDURE_CONCEPT_TYPE_PROCEDURE")
    return clean(node.findtext(".//PREFLABEL")) if node is not None else ""
