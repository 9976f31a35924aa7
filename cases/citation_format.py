"""How to cite a ruling, in French style and in EU style. Pure functions of plain values.

French style, as in French legal writing, short: "CE, réf., 12 mars 2021, n° 450163",
"CJUE, 16 juillet 2020, aff. C-311/18"; and full, with the formation and the parties as French
usage gives them: "CE, juge des référés, 12 mars 2021, InterHop et autres, n° 450163",
"CJUE, 16 juillet 2020, Facebook Ireland et Schrems, aff. C-311/18".
EU style, as the Court of Justice cites its case law, in the page's language: "judgment of
16 July 2020, Facebook Ireland and Schrems, C-311/18, EU:C:2020:559", "arrêt du 16 juillet 2020,
Facebook Ireland et Schrems, C-311/18, EU:C:2020:559" (the Court's own French usage).

The name in the EU style is the ruling's official case name (`Ruling.case_name`), never one
derived from party records; without it, the customary short name ("Schrems II"); without
either, no name (docs/identifiers.md, "Citation forms and lookup"). Every form printed here is
one the search box reads back (cases/citation_forms.py).
"""

import datetime as dt
import re
from dataclasses import dataclass

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
        "court_opinion": "Opinion {number}{name} of {date}",
        None: "ruling of {date}",
    },
    "fr": {
        "judgment": "arrêt du {date}",
        "order": "ordonnance du {date}",
        "opinion": "conclusions de l'avocat général présentées le {date}",
        "decision": "décision du {date}",
        "court_opinion": "avis {number}{name} du {date}",
        None: "décision du {date}",
    },
}
# How the EU style writes a national case number.
EU_NUMBER = {"en": "No {numbers}", "fr": "n° {numbers}"}
_CJEU_NUMBER_RE = re.compile(r"^[CTF]-")
# The Court's opinions on international agreements (Art. 218(11) TFEU) are numbered "1/15",
# stored as "Opinion 1/15" or "Avis 1/15".
COURT_OPINION = "court_opinion"
_OPINION_NUMBER_RE = re.compile(r"(?:opinion|avis)\s+(?P<number>\S+)", re.IGNORECASE)
# The Court's French case names differ from the English ones by their joining words only:
# "GC and Others" is "GC e.a.", "Commission v Poland" "Commission/Pologne" (the country names
# are left to the editor), "Facebook Ireland and Schrems" "Facebook Ireland et Schrems".
_FRENCH_CASE_NAME = (
    (re.compile(r"\s+and\s+Others\b"), " e.a."),
    (re.compile(r"\s+v\.?\s+"), "/"),
    (re.compile(r"\s+and\s+"), " et "),
)


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
    # The official case name as the court writes it in English ("Facebook Ireland and
    # Schrems"), and the customary short name ("Schrems II").
    case_name: str = ""
    short_name: str = ""
    # The applicants as public pages name them, in order of appearance (pseudonymised natural
    # persons by their letters, court-published pseudonyms as published), and whether others,
    # not recorded one by one, joined them.
    applicants: tuple[str, ...] = ()
    and_others: bool = False


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


def french_formation_full(formation_fr: str) -> str:
    """The formation as a first citation gives it: "juge des référés", "Ass.", "Sect.", and
    the others as written ("10e et 9e chambres réunies")."""
    folded = formation_fr.strip().lower()
    if "référé" in folded:
        return "juge des référés"
    for start, abbreviation in (("assemblée", "Ass."), ("section", "Sect.")):
        if folded.startswith(start):
            return abbreviation
    return formation_fr.strip()


def is_eu(ruling: CitableRuling) -> bool:
    return ruling.court_country.upper() == "EU"


def opinion_number(number: str) -> str:
    """ "1/15" of "Opinion 1/15" or "Avis 1/15"; the number as it is otherwise."""
    match = _OPINION_NUMBER_RE.fullmatch(number.strip())
    return match["number"] if match else number


def _numbers_fr(ruling: CitableRuling) -> str:
    if ruling.kind == COURT_OPINION:
        return ", ".join(f"avis {opinion_number(n)}" for n in ruling.numbers)
    joined = ", ".join(ruling.numbers)
    if all(_CJEU_NUMBER_RE.match(n) for n in ruling.numbers):
        prefix = "aff." if len(ruling.numbers) == 1 else "aff. jtes"
    else:
        prefix = "n°" if len(ruling.numbers) == 1 else "nos"
    return f"{prefix} {joined}"


def french_style(ruling: CitableRuling) -> str:
    """ "CE, réf., 12 mars 2021, n° 450163" / "CJUE, 16 juillet 2020, aff. C-311/18"."""
    parts = [ruling.court_short_fr]
    if ruling.kind == "opinion":
        parts.append("concl.")
    elif not is_eu(ruling) and (formation := french_formation(ruling.formation_fr)):
        parts.append(formation)
    parts.append(french_date(ruling.decided_on))
    if ruling.numbers:
        parts.append(_numbers_fr(ruling))
    return ", ".join(parts)


def french_style_full(ruling: CitableRuling) -> str:
    """The French style with the formation as written and the parties, as French usage cites
    a ruling the first time: "CE, juge des référés, 12 mars 2021, InterHop et autres,
    n° 450163"; for the EU courts, their case name in French: "CJUE, 16 juillet 2020,
    Facebook Ireland et Schrems, aff. C-311/18"."""
    parts = [ruling.court_short_fr]
    if ruling.kind == "opinion":
        parts.append("concl.")
    elif not is_eu(ruling) and (formation := french_formation_full(ruling.formation_fr)):
        parts.append(formation)
    parts.append(french_date(ruling.decided_on))
    if name := _french_parties(ruling):
        parts.append(name)
    if ruling.numbers:
        parts.append(_numbers_fr(ruling))
    return ", ".join(parts)


def _french_parties(ruling: CitableRuling) -> str:
    """The EU courts' case name in French; for other courts the first applicant, "et autres"
    when there are several (the Conseil d'État's own usage)."""
    if is_eu(ruling):
        return "" if ruling.kind == COURT_OPINION else french_case_name(ruling.case_name)
    if not ruling.applicants:
        return ""
    first = ruling.applicants[0]
    return f"{first} et autres" if len(ruling.applicants) > 1 or ruling.and_others else first


def french_case_name(case_name: str) -> str:
    """The Court's French form of an English case name: "GC and Others" -> "GC e.a."."""
    for pattern, replacement in _FRENCH_CASE_NAME:
        case_name = pattern.sub(replacement, case_name)
    return case_name


def eu_name(ruling: CitableRuling, language: str = "en") -> str:
    """The name the EU style gives: the official case name (in the Court's French form on
    French pages), else the short name, else none. Never built from party records: they name
    every party, not the ones the court's name keeps ("Data Protection Commissioner",
    "GC, AF, BH, ED")."""
    if ruling.case_name:
        return french_case_name(ruling.case_name) if language == "fr" else ruling.case_name
    return ruling.short_name


def eu_style(ruling: CitableRuling, language: str = "en") -> str:
    """ "judgment of 16 July 2020, Facebook Ireland and Schrems, C-311/18, EU:C:2020:559", or
    in French (`language="fr"`) "arrêt du 16 juillet 2020, Facebook Ireland et Schrems, …"."""
    language = "fr" if language == "fr" else "en"
    kinds = EU_KINDS[language]
    day = french_date if language == "fr" else english_date
    if ruling.kind == COURT_OPINION:
        # "Opinion 1/15 (EU-Canada PNR Agreement) of 26 July 2017, EU:C:2017:592": the number
        # and the name lead, as the Court cites its opinions.
        name = eu_name(ruling, language)
        number = opinion_number(ruling.numbers[0]) if ruling.numbers else ""
        parts = [
            kinds[COURT_OPINION].format(
                number=number, name=f" ({name})" if name else "", date=day(ruling.decided_on)
            )
        ]
        if ruling.ecli:
            parts.append(ruling.ecli.removeprefix("ECLI:"))
        return ", ".join(parts)
    parts = [kinds.get(ruling.kind, kinds[None]).format(date=day(ruling.decided_on))]
    if not is_eu(ruling):
        parts[0] = f"{ruling.court_short_fr} ({ruling.court_country.upper()}), {parts[0]}"
    if name := eu_name(ruling, language):
        parts.append(name)
    if ruling.numbers:
        numbers = ", ".join(ruling.numbers)
        parts.append(numbers if is_eu(ruling) else EU_NUMBER[language].format(numbers=numbers))
    if ruling.ecli:
        ecli = ruling.ecli.removeprefix("ECLI:")
        parts.append(ecli if is_eu(ruling) else ruling.ecli)
    return ", ".join(parts)
