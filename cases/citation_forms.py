"""Reading a citation typed into the search box: what it names, not where it is.

The forms are those the site's own "cite this" box prints (cases/citation_format.py) and those
lawyers type (docs/identifiers.md, "Citation forms and lookup"):

- an ECLI, with or without its prefix: "ECLI:EU:C:2020:559", "EU:C:2020:559";
- a case number, alone or after its usual words: "C-311/18", "aff. C-311/18", "C311/18",
  "C 311/18", "n° 450163", "req. n° 450163", "450163";
- a number after its court: "CE 450163", "CJUE C-311/18";
- a CJEU opinion under Art. 218(11) TFEU: "Opinion 1/15", "avis 1/15";
- a whole citation, its parts separated by commas: "CJUE, 16 juillet 2020, aff. C-311/18",
  "CE, réf., 12 mars 2021, n° 450163", "judgment of 16 July 2020, Facebook Ireland and
  Schrems, C-311/18, EU:C:2020:559". The court and the date it names narrow the match; party
  names and formations are read past.

Pure parsing: `parse_citation` says what the text names; cases.selectors.identifier_hits finds
it. Anything else is left to the text search (None).
"""

import datetime as dt
import re
from dataclasses import dataclass

from cases.identifiers import (
    IdentifierError,
    normalise_case_number,
    parse_ce_number,
    parse_cjeu_case_number,
    parse_ecli,
)

# Longer queries are prose, for the text search.
MAX_CITATION_LENGTH = 200

_DASHES = "-\u00ad\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SPACES_RE = re.compile(r"\s+")
_SHORT_ECLI_RE = re.compile(r"[A-Za-z]{2}:[A-Za-z0-9]+:[0-9]{4}:\S+")
# "C-311/18" with its hyphen, another dash, a space or nothing between letter and number.
_CJEU_RE = re.compile(
    rf"(?P<court>[CTFctf])\s?[{re.escape(_DASHES)}]?\s?(?P<rest>[0-9]{{1,4}}\s?/\s?[0-9]{{2}}"
    r"(?:\s?[A-Za-z()]+(?:-[A-Za-z]+)?)?)"
)
_OPINION_RE = re.compile(
    r"(?:opinion|avis)\s+(?:n[°º˚o]\.?\s*)?(?P<number>[0-9]{1,2})\s?/\s?(?P<year>[0-9]{2})",
    re.IGNORECASE,
)
# The words a number comes after: "aff.", "aff. jtes", "affaire", "case", "joined cases",
# "n°", "No", "req.". Taken off one after the other ("req. n° 450163").
_NUMBER_WORDS_RE = re.compile(
    r"(?:aff(?:aires?)?\.?(?:\s*(?:jtes|jointes)\.?)?|joined\s+cases|cases?|req(?:u[eê]te)?\.?"
    r"|n[°º˚]s?\.?|nos?\.?(?=\s*[0-9])|no\.)\s*",
    re.IGNORECASE,
)
_SPACE_RE = re.compile(" ")
# A court named in the first part of a citation: "CE", "CJUE", "CE (FR)", "Conseil d'État".
_COURT_PART_RE = re.compile(r"(?P<court>[^\d(]+?)\s*(?:\([A-Z]{2}\))?")

_MONTHS = {
    "janvier": 1,
    "janv": 1,
    "january": 1,
    "jan": 1,
    "février": 2,
    "fevrier": 2,
    "févr": 2,
    "fevr": 2,
    "february": 2,
    "feb": 2,
    "mars": 3,
    "march": 3,
    "mar": 3,
    "avril": 4,
    "avr": 4,
    "april": 4,
    "apr": 4,
    "mai": 5,
    "may": 5,
    "juin": 6,
    "june": 6,
    "jun": 6,
    "juillet": 7,
    "juil": 7,
    "juill": 7,
    "july": 7,
    "jul": 7,
    "août": 8,
    "aout": 8,
    "august": 8,
    "aug": 8,
    "septembre": 9,
    "sept": 9,
    "september": 9,
    "sep": 9,
    "octobre": 10,
    "oct": 10,
    "october": 10,
    "novembre": 11,
    "nov": 11,
    "november": 11,
    "décembre": 12,
    "decembre": 12,
    "déc": 12,
    "dec": 12,
    "december": 12,
}
_DATE_RE = re.compile(
    r"(?P<day>[0-9]{1,2})(?:er|st|nd|rd|th)?\s+(?P<month>[^\W\d_]+)\.?\s+(?P<year>[0-9]{4})"
    r"|(?P<nday>[0-9]{1,2})/(?P<nmonth>[0-9]{1,2})/(?P<nyear>[0-9]{4})"
)


@dataclass(frozen=True)
class CitationQuery:
    """What a typed citation names. `numbers` holds each number in every form it may be stored
    in (the normal form first); `court` is the court as written ("CE"), to narrow the match
    when it names a court we know; `decided_on` narrows it to the ruling of that date."""

    label: str
    ecli: str = ""
    numbers: tuple[str, ...] = ()
    court: str = ""
    decided_on: dt.date | None = None


def parse_citation(text: str) -> CitationQuery | None:
    """The ECLI or case numbers `text` names, with the court and date it gives; None when it
    names none (a text search)."""
    text = _SPACES_RE.sub(" ", text).strip()
    if not text or len(text) > MAX_CITATION_LENGTH or not any(c.isdigit() for c in text):
        return None
    parts = [part.strip() for part in text.split(",") if part.strip()]
    court, decided_on, numbers, ecli = "", None, [], ""
    for index, part in enumerate(parts):
        if ecli_found := _ecli(part):
            ecli = ecli_found
            continue
        found_court, found = _numbers_after_court(part)
        if found:
            numbers += found
            court = court or found_court
        elif index == 0 and len(parts) > 1 and (named := _COURT_PART_RE.fullmatch(part)):
            court = named["court"]
        # "Opinion 1/15 (EU-Canada PNR Agreement) of 26 July 2017": number and date together.
        decided_on = decided_on or _date(part)
    if ecli:
        return CitationQuery(label=ecli, ecli=ecli, decided_on=decided_on)
    if not numbers:
        return None
    return CitationQuery(
        label=", ".join(dict.fromkeys(forms[0] for forms in numbers)),
        numbers=tuple(dict.fromkeys(form for forms in numbers for form in forms)),
        court=court,
        decided_on=decided_on,
    )


def ecli_error(text: str) -> IdentifierError | None:
    """What is wrong with `text` when it is written as an ECLI ("ECLI:EN:C:2020:559") but is
    not one; None otherwise."""
    text = text.strip()
    if text[:5].upper() != "ECLI:" or " " in text:
        return None
    try:
        parse_ecli(text)
    except IdentifierError as error:
        return error
    return None


def _ecli(part: str) -> str:
    if not (part[:4].upper() == "ECLI" or _SHORT_ECLI_RE.fullmatch(part)):
        return ""
    try:
        return str(parse_ecli(part, allow_short=True))
    except IdentifierError:
        return ""


def _numbers_after_court(part: str) -> tuple[str, list[tuple[str, ...]]]:
    """(court as written or "", [forms of the number]) for "C-311/18", "CE 450163"."""
    forms = _number(part)
    if forms:
        return "", [forms]
    # The court is the shortest start without digits that leaves a number after it.
    for space in _SPACE_RE.finditer(part):
        court = part[: space.start()]
        if any(c.isdigit() or c == "," for c in court):
            break
        if forms := _number(part[space.end() :]):
            return court, [forms]
    return "", []


def _number(text: str) -> tuple[str, ...]:
    """The forms of the one case number `text` is, the normal form first; () if it is none."""
    while (words := _NUMBER_WORDS_RE.match(text)) and words.end():
        text = text[words.end() :]
    # The Court's opinions lead their citation: "Opinion 1/15 (EU-Canada PNR Agreement) of …".
    opinion = _OPINION_RE.match(text)
    if opinion and not text[opinion.end() : opinion.end() + 1].isalnum():
        number = f"{int(opinion['number'])}/{opinion['year']}"
        # The Court numbers its opinions "Avis 1/15" in French, "Opinion 1/15" in English:
        # a number stored in either form (or in the normal form of cases.identifiers) is found.
        forms = (f"Opinion {number}", f"Avis {number}")
        return tuple(dict.fromkeys((*forms, *(normalise_case_number(f) for f in forms))))
    if cjeu := _CJEU_RE.fullmatch(text):
        try:
            return (str(parse_cjeu_case_number(f"{cjeu['court']}-{cjeu['rest']}")),)
        except IdentifierError:
            return ()
    try:
        return (str(parse_ce_number(text)),)
    except IdentifierError:
        return ()


def _date(part: str) -> dt.date | None:
    match = _DATE_RE.search(part)
    if match is None:
        return None
    try:
        if match["day"]:
            month = _MONTHS.get(match["month"].lower())
            if month is None:
                return None
            return dt.date(int(match["year"]), month, int(match["day"]))
        return dt.date(int(match["nyear"]), int(match["nmonth"]), int(match["nday"]))
    except ValueError:
        return None
