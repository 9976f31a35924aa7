"""Small text helpers the parsers share: numbers, dates, whitespace (docs/sources.md)."""

import datetime as dt
import re

FRENCH_MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}  # fmt: skip
FRENCH_DATE = re.compile(
    r"\b(\d{1,2})(?:er)?\s+(" + "|".join(FRENCH_MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE
)
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# Separators seen inside one NUMERO field: spaces, "!", commas, semicolons.
NUMBER_SEPARATORS = re.compile(r"[\s!,;]+")


def clean(value: str | None) -> str:
    """Whitespace collapsed, ends stripped (a trailing space in Nom_Juridiction, CRLF…)."""
    return " ".join((value or "").split())


def split_numbers(value: str | None) -> tuple[str, ...]:
    """ "174245 174246" and "93861 ! 94360" are two numbers; an empty field is none."""
    return tuple(part for part in NUMBER_SEPARATORS.split(value or "") if part)


def iso_date(value: str | None) -> dt.date | None:
    """A "YYYY-MM-DD" field; None when empty, a placeholder (1001-01-01) or not a date."""
    try:
        day = dt.date.fromisoformat((value or "").strip()[:10])
    except ValueError:
        return None
    return None if day.year < 1800 else day


def first_date(text: str) -> dt.date | None:
    """The first date written in `text`, French ("1er mars 1996") or ISO ("1986-06-23")."""
    found = []
    for match in FRENCH_DATE.finditer(text):
        day, month, year = match.groups()
        try:
            found.append(
                (match.start(), dt.date(int(year), FRENCH_MONTHS[month.lower()], int(day)))
            )
        except ValueError:
            continue
    for match in ISO_DATE.finditer(text):
        day = iso_date(match.group(0))
        if day:
            found.append((match.start(), day))
    return min(found)[1] if found else None
