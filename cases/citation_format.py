"""How to cite a ruling, in French style and in EU style. Pure functions of plain values.

French style, as in French legal writing: "CE, réf., 12 mars 2021, n° 450163",
"CJUE, 16 juillet 2020, aff. C-311/18".
EU style, as the Court of Justice cites its case law, in the page's language: "judgment of
16 July 2020, Facebook Ireland and Schrems, C-311/18, EU:C:2020:559", "arrêt du 16 juillet 2020,
Facebook Ireland et Schrems, C-311/18, EU:C:2020:559" (the Court's own French usage).
"""

import datetime as dt
import re
from dataclasses import dataclass, field

FRENCH_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
ENGLISH_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

# Formations as abbreviated in French citations, matched on the French formation name.
FRENCH_FORMATIONS = (
    ("référé", "réf."),
    ("assemblée", "ass."),
    ("section", "sect."),
    ("chambres réunies", "ch. réunies"),
    ("chambre seule", "ch. seule"),
    ("grande chambre", "gr. ch."),
)
EU_KINDS = {
    "en": {
        "judgment": "judgment of {date}",
        "order": "order of {date}",
        "opinion": "Opinion of the Advocate General delivered on {date}",
        "decision": "decision of {date}",
        None: "ruling of {date}",
    },
    "fr": {
        "judgment": "arrêt du {date}",
        "order": "ordonnance du {date}",
        "opinion": "conclusions de l'avocat général présentées le {date}",
        "decision": "décision du {date}",
        None: "décision du {date}",
    },
}
# How the parties of a title are separated ("A v B", "A contre B"), and how the EU style
# writes a national case number.
EU_VERSUS = {"en": r"\s+v\.?\s+", "fr": r"\s+contre\s+"}
EU_NUMBER = {"en": "No {numbers}", "fr": "n° {numbers}"}
_COMPANY_SUFFIX_RE = re.compile(
    r",?\s+\b(Limited|Ltd\.?|Inc\.?|LLC|plc|SA|SAS|GmbH|AG|BV|NV|SpA)(?=\s|$|,)", re.IGNORECASE
)
_CJEU_NUMBER_RE = re.compile(r"^[CTF]-")
_PARENTHESIS_RE = re.compile(r"\s*\([^)]*\)")


@dataclass(frozen=True)
class CitableRuling:
    """What a citation needs to know about a ruling."""

    court_short_fr: str
    court_country: str
    kind: str
    decided_on: dt.date
    numbers: tuple[str, ...] = ()
    formation_fr: str = ""
    ecli: str = ""
    title_en: str = ""
    title_fr: str = ""
    # Names in the title that are public authorities, and natural persons named by the court
    # (shown by surname only), as the CJEU's own case names do.
    authority_names: frozenset[str] = field(default_factory=frozenset)
    person_names: frozenset[str] = field(default_factory=frozenset)


def french_date(day: dt.date) -> str:
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {FRENCH_MONTHS[day.month - 1]} {day.year}"


def english_date(day: dt.date) -> str:
    return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"


def french_formation(formation_fr: str) -> str:
    folded = formation_fr.lower()
    for needle, abbreviation in FRENCH_FORMATIONS:
        if needle in folded:
            return abbreviation
    return ""


def is_eu(ruling: CitableRuling) -> bool:
    return ruling.court_country.upper() == "EU"


def french_style(ruling: CitableRuling) -> str:
    """ "CE, réf., 12 mars 2021, n° 450163" / "CJUE, 16 juillet 2020, aff. C-311/18"."""
    parts = [ruling.court_short_fr]
    if ruling.kind == "opinion":
        parts.append("concl.")
    elif not is_eu(ruling) and (formation := french_formation(ruling.formation_fr)):
        parts.append(formation)
    parts.append(french_date(ruling.decided_on))
    if ruling.numbers:
        joined = ", ".join(ruling.numbers)
        if all(_CJEU_NUMBER_RE.match(n) for n in ruling.numbers):
            prefix = "aff." if len(ruling.numbers) == 1 else "aff. jtes"
        else:
            prefix = "n°" if len(ruling.numbers) == 1 else "nos"
        parts.append(f"{prefix} {joined}")
    return ", ".join(parts)


def eu_case_name(
    title: str,
    *,
    authority_names: frozenset[str] = frozenset(),
    person_names=frozenset(),
    language: str = "en",
) -> str:
    """The short case name of the CJEU's usage, from a title "A v B" ("A contre B" in
    French): the applicant's side, or the other side when the applicant is a public authority;
    companies without their legal form, natural persons by surname."""
    sides = [side.strip() for side in re.split(EU_VERSUS[language], title, maxsplit=1)]
    name = sides[0]
    # Party records may add a qualifier the title lacks: "Data Protection Commissioner (Ireland)".
    authorities = {_PARENTHESIS_RE.sub("", a).strip() for a in authority_names}
    if len(sides) == 2 and _PARENTHESIS_RE.sub("", sides[0]).strip() in authorities:
        name = sides[1]
    for person in sorted(person_names, key=len, reverse=True):
        name = name.replace(person, person.split()[-1])
    return _COMPANY_SUFFIX_RE.sub("", name).strip()


def eu_style(ruling: CitableRuling, language: str = "en") -> str:
    """ "judgment of 16 July 2020, Facebook Ireland and Schrems, C-311/18, EU:C:2020:559", or
    in French (`language="fr"`) "arrêt du 16 juillet 2020, Facebook Ireland et Schrems, …"."""
    language = "fr" if language == "fr" else "en"
    kinds = EU_KINDS[language]
    day = french_date if language == "fr" else english_date
    parts = [kinds.get(ruling.kind, kinds[None]).format(date=day(ruling.decided_on))]
    if not is_eu(ruling):
        parts[0] = f"{ruling.court_short_fr} ({ruling.court_country.upper()}), {parts[0]}"
    # The English title's name in French when the ruling has no French title.
    title = ruling.title_fr if language == "fr" and ruling.title_fr else ruling.title_en
    title_language = language if title == ruling.title_fr else "en"
    if title:
        name = eu_case_name(
            title,
            authority_names=ruling.authority_names,
            person_names=ruling.person_names,
            language=title_language,
        )
        if name:
            parts.append(name)
    if ruling.numbers:
        numbers = ", ".join(ruling.numbers)
        parts.append(numbers if is_eu(ruling) else EU_NUMBER[language].format(numbers=numbers))
    if ruling.ecli:
        ecli = ruling.ecli.removeprefix("ECLI:")
        parts.append(ecli if is_eu(ruling) else ruling.ecli)
    return ", ".join(parts)
