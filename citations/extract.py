"""Find case-law citations in French or English text, with character offsets.

A pure parser: no database access (resolution to rulings is citations.resolve). Identifiers are
parsed and normalised by cases.identifiers, so that the extractor, the models and the importer
agree on one canonical form.

What it finds (each a `Match`, `kind` as `extract_citations` reports it, docs/commands.md):
- `ecli`: full ECLIs ("ECLI:EU:C:2020:559") and the short CJEU form ("EU:C:2020:559");
  `ecli_malformed`: text written as an ECLI that does not parse, with the reason;
- `cjeu_case`: "C-311/18", "aff. C-311/18" (with any Unicode dash, or none: "C520/18",
  "C 512/18"), "T-604/18 R", "C-311/18 PPU",
  joined cases ("C-511/18, C-512/18 et C-520/18", also "C-511/18, 512/18 and 520/18"): one
  match per number;
- `celex`: case-law CELEX numbers ("62018CJ0311");
- `ce_number`: Conseil d'État application numbers ("n° 444937", "req. n° 450163",
  "nos 393099, 394922", and the bare "393099" of "Conseil d'État, 21/04/2021, 393099");
- `court_date`: a citation by court and date without a number ("CJUE, 16 juillet 2020, Facebook
  Ireland et Schrems", "ordonnance du 12 mars 2021 du juge des référés du Conseil d'État").

A citation header (court, formation, date, document, party names) gives its context to the
identifiers that follow it in the same citation, so that "CE, réf., 13 oct. 2020, n° 444937"
is one `ce_number` match carrying its court, formation and date; a header with no identifier
after it becomes a `court_date` match.

Journal and publisher references ("D. 2020. 2432", "N° Lexbase : A…", "RUE n°646", "AJDA 2021,
p. 1234") are not case citations and are not taken.
"""

import datetime as dt
import gc
import re
from bisect import bisect_left
from enum import StrEnum
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

from cases.identifiers import (
    ECLI_COUNTRIES,
    ECLI_FIRST_YEAR,
    IdentifierError,
    parse_ce_number,
    parse_celex,
    parse_cjeu_case_number,
    parse_ecli,
)
from common.text import fold


class Kind(StrEnum):
    ECLI = "ecli"
    ECLI_MALFORMED = "ecli_malformed"
    CJEU_CASE = "cjeu_case"
    CELEX = "celex"
    CE_NUMBER = "ce_number"
    COURT_DATE = "court_date"


class Court(StrEnum):
    """Courts the extractor recognises by name; resolve.py maps them to Court rows."""

    CE = "CE"  # Conseil d'État
    CJUE = "CJUE"  # Court of Justice of the European Union (Court of Justice)
    TUE = "TUE"  # General Court of the European Union


class Document(StrEnum):
    JUDGMENT = "judgment"
    ORDER = "order"
    OPINION = "opinion"
    DECISION = "decision"


class Match(NamedTuple):
    """One citation found in the text: `text == source[start:end]`. A tuple, built from the
    extractor's rows directly (`_matches`)."""

    start: int
    end: int
    text: str
    kind: Kind
    identifier: str  # normalised; for ecli_malformed the text as written
    error: str = ""  # ecli_malformed: what is wrong
    court: Court | None = None
    decided_on: dt.date | None = None
    formation: str = ""
    document: Document | None = None
    parties: str = ""
    # The whole citation the identifier belongs to ("CE, réf., 13 oct. 2020, n° 444937").
    citation_start: int = 0
    citation_end: int = 0


# Patterns ------------------------------------------------------------------------------------

_DASHES = "-\u00ad\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_D = f"[{re.escape(_DASHES)}]"
_APOS = "['\u2019\u02bc]"
_SP = r"[ \t\u00a0\u202f\u2009]"  # spaces within a line (no-break and thin spaces too)

_MONTHS_FR = (
    r"janvier|janv\.?|f[ée]vrier|f[ée]vr?\.?|mars|avril|avr\.?|mai|juin|juillet|juill?\.?"
    r"|ao[uû]t|septembre|sept?\.|octobre|oct\.|novembre|nov\.|d[ée]cembre|d[ée]c\."
)
_MONTHS_EN = (
    r"January|Jan\.|February|Feb\.|March|Mar\.|April|Apr\.|May|June|Jun\.|July|Jul\."
    r"|August|Aug\.|September|Sept?\.|October|Oct\.|November|Nov\.|December|Dec\."
)
# The lookahead on the first letter is only a shortcut (the alternation itself would check its
# forty names one by one before failing on a digit).
_MONTH = rf"(?i:(?=[adfjmnos])(?:{_MONTHS_FR}|{_MONTHS_EN}))"


def _date_pattern(p: str) -> str:
    """A date in French or English, its groups prefixed by `p`: "13 oct. 2020", "1er mars
    2021", "16 July 2020", "July 16, 2020", "21/04/2021"."""
    return (
        rf"(?:(?P<{p}d>\d{{1,2}})(?:er|st|nd|rd|th|ᵉʳ)?{_SP}+(?P<{p}m>{_MONTH}){_SP}*"
        rf"(?P<{p}y>\d{{4}})"
        rf"|(?P<{p}md>{_MONTH}){_SP}+(?P<{p}dd>\d{{1,2}}),?{_SP}+(?P<{p}yy>\d{{4}})"
        rf"|(?P<{p}nd>\d{{1,2}})[/.](?P<{p}nm>\d{{1,2}})[/.](?P<{p}ny>\d{{4}}))"
    )


_COURT_CE = rf"Conseil{_SP}+d{_APOS}{_SP}?[EÉ]tat"
_COURT_CJUE = (
    rf"CJUE|CJEU|CJCE|ECJ|Cour{_SP}+de{_SP}+justice(?:{_SP}+de{_SP}+l{_APOS}{_SP}?Union"
    rf"{_SP}+europ[ée]enne|{_SP}+des{_SP}+Communaut[ée]s{_SP}+europ[ée]ennes)?"
    rf"|Court{_SP}+of{_SP}+Justice(?:{_SP}+of{_SP}+the{_SP}+European{_SP}+Union)?"
)
_COURT_TUE = (
    rf"Trib\.{_SP}?UE|TUE|TPICE|Tribunal{_SP}+de{_SP}+l{_APOS}{_SP}?Union{_SP}+europ[ée]enne"
    rf"|General{_SP}+Court"
)
# The urgent-applications judge of the Conseil d'État, named in prose.
_CE_JUDGE = (
    rf"(?:(?:le|the){_SP}+)?(?:juge{_SP}+des{_SP}+r[ée]f[ée]r[ée]s"
    rf"|urgent[ -]applications{_SP}+judge|interim[ -]relief{_SP}+judge)"
    rf"{_SP}+(?:du|of{_SP}+the){_SP}+{_COURT_CE}"
)
_COURT_LONG = rf"{_CE_JUDGE}|{_COURT_CE}|{_COURT_CJUE}|{_COURT_TUE}"
# "CE" alone is the court only when a citation follows ("CE, réf., …", "CE Ass. …"): it is also
# the Communities ("directive 95/46/CE").
_COURT_SHORT = rf"CE(?=,|{_SP}+(?i:ass|sect|r[ée]f|ord|plén|\d))"

# A formation ("réf.", "Ass.", "2e et 7e ch. réunies") runs to the next comma. The quantifiers
# are possessive: however a formation is split, it ends at the same comma, so that trying the
# other splits (as lazy quantifiers do, char by char, each time the date after it fails) can only
# fail again; "ème" is tried before "è" so that the possessive prefix is the longest one, which
# leaves the most room to the 40 characters of the rest. The spaces after the comma are given
# back only when a comma follows them: then a formation of spaces matches ", ,"; otherwise
# what starts at one of them is a date (none does) or a formation that ends at the same comma.
_FORMATION = r"[^,;()\n\d]{1,40}+|\d{1,2}+(?:ème|e|è|ᵉ|th|st|nd|rd)?+[^,;()\n]{0,40}+"
_DOC = (
    r"(?i:arr[êe]t|ordonnance|jugement|d[ée]cision|conclusions|judg[e]?ment|order|decision"
    r"|opinion)"
)

_HEADER_COURT_FIRST = (
    rf"(?P<hc>{_COURT_SHORT}|{_COURT_CE}|{_COURT_CJUE}|{_COURT_TUE}){_SP}*,?{_SP}*"
    rf"(?P<hf>(?:(?:{_FORMATION}){_SP}*,(?:(?={_SP}*+,){_SP}*|{_SP}*+)){{0,3}})"
    + _date_pattern("a")
)
_HEADER_DOC_FIRST = (
    rf"(?P<hdoc>{_DOC}){_SP}+(?:(?:rendue?s?|delivered|given){_SP}+)?"
    rf"(?:(?:du|de{_SP}+la|de{_SP}+l{_APOS}|of{_SP}+the|of|by{_SP}+the){_SP}*"
    rf"(?P<hc2>{_COURT_LONG}){_SP}+)?(?:du|of|dated|delivered{_SP}+on|on){_SP}+"
    + _date_pattern("b")
    + rf"(?:{_SP}+(?:du|de{_SP}+la|de{_SP}+l{_APOS}|of{_SP}+the|by{_SP}+the){_SP}*"
    rf"(?P<hc3>{_COURT_LONG}))?"
)

_SUFFIX = r"PPU|P\(R\)|P-DEP|DEP|RENV|RX-II|RX|REV|INT|OP|TO|AJ|SA|P|R"
_NOT_AFTER_WORD = re.compile(r"[\w:]")
_NOT_AFTER_NUMBER = re.compile(rf"[\w/{re.escape(_DASHES)}]")
_NOT_AFTER_COURT = re.compile(r"[\w/]")
_NOT_AFTER_CELEX = re.compile(r"\w")
_NOT_AFTER_SIGN = re.compile(r"[^nN]")

_ECLI = re.compile(r"(?P<ecli>[Ee][Cc][Ll][Ii]:[A-Za-z0-9:.]*[A-Za-z0-9])")
_SHORT_ECLI = re.compile(
    r"(?P<secli>[A-Z]{2}:[A-Z][A-Z0-9]{0,6}:\d{4}:[A-Z0-9](?:[A-Z0-9.]*[A-Z0-9])?)(?![\w:])"
)
_CELEX = re.compile(r"(?P<celex>6(?:19|20)\d\d[CTF][A-Z]\d{4})(?!\w)")
# The hyphen is often lost in pasted text ("C520/18", "C 512/18"): a space or nothing stands
# for it, but then the number must be followed by its slash and two-digit year.
_CJEU_SEP = rf"(?:{_SP}?{_D}{_SP}?|{_SP}?)"
_CJEU = re.compile(
    rf"(?P<cjeu>[CTF]{_CJEU_SEP}\d{{1,4}}{_SP}?/{_SP}?"
    rf"\d{{2}}(?![\d/])(?:{_SP}?(?:{_SUFFIX})(?![\w(]))?)"
)
# Anchored on the sign after the "n" ("n°", "nos."); _ce_start() takes in the "n" and any
# "req." before it.
_CE_NUMBER = re.compile(
    rf"(?P<cen>(?:[°º˚]s?|os?\.|os(?={_SP}))"
    rf"{_SP}*(?:\d{{3}}{_SP}\d{{3}}|\d{{5,6}})(?![\d/]|[.,{re.escape(_DASHES)}]\d))"
)
_IDENTIFIER_GROUPS = frozenset(("ecli", "secli", "celex", "cjeu", "cen"))
_HEADER_COURT = re.compile(_HEADER_COURT_FIRST)
_HEADER_DOC = re.compile(_HEADER_DOC_FIRST)


# How the patterns are run: each one's matches are exactly those of `pattern.finditer(text)`
# (leftmost, non-overlapping), then those preceded by one of the `before` characters are
# dropped (the check is done outside the regex: a leading lookbehind would slow every
# attempt). To be fast, a pattern is only tried, with `pattern.match`, at the positions where
# a match can start, found by a cheap scan of a rare anchor: "ecli:" and colons for ECLIs, the
# court names' capitals for court-first headers, the document nouns for document-first headers
# ("arrêt du 16 juillet 2020": lower-case words the regex engine cannot skip to quickly).
# Trying every possible start in order, and skipping those inside the previous match, gives
# the same matches as finditer.
#
# Where each pattern can start. Court names: their capitals ("CE", "CJUE", "Conseil", "Cour",
# "ECJ", "TUE", "Trib.", "TPICE", "General"); CJEU numbers: their letter before a dash. These
# are searched for in the text as Latin-1 bytes (same offsets; half the memory of a text with
# characters beyond Latin-1, so that a scan is about twice as fast), where each character
# beyond Latin-1 is a "?": the classes of spaces and dashes take the "?" in, so that the starts
# found are a superset of the true ones (a start where the pattern does not match costs one
# failed match, a missed one would lose a match).
def _latin_class(chars: str) -> bytes:
    """A bytes character class for `chars` as they are in the Latin-1 copy of the text."""
    return b"[" + re.escape(bytes(sorted(set(chars.encode("latin-1", "replace"))))) + b"]"


_SP_LATIN = _latin_class(" \t\u00a0\u202f\u2009") + b"?"  # an optional _SP
_D_LATIN = _latin_class(_DASHES)
# One scan per leading letter for the two: a court-first header can start at the capitals of the
# court names (group 1 is set), a CJEU number at the letter before a dash.
_COURT_OR_CJEU_STARTS = tuple(
    re.compile(p)
    for p in (
        rb"C(?=(E|J|our|onseil)|" + _SP_LATIN + _D_LATIN + b"|" + _SP_LATIN + b"[0-9])",
        rb"T(?=(rib|UE|PICE)|" + _SP_LATIN + _D_LATIN + b"|" + _SP_LATIN + b"[0-9])",
    )
)
_COURT_STARTS = (re.compile(b"ECJ"), re.compile(b"General"))
_CJEU_STARTS = (re.compile(b"F(?=" + _SP_LATIN + b"(?:" + _D_LATIN + b"|[0-9]))"),)
_CELEX_STARTS = (re.compile(b"6(?:19|20)"),)
_COLON = re.compile(b":")
# Searched for, with the offset of the pattern's start, in the text as Latin-1 bytes (one byte a
# character, "?" for the others) with ASCII letters lowered: every way _DOC, and the "n" and
# sign that _CE_NUMBER starts with, can be written whatever the case. "cision" stands for
# "décision", "dÉcision" and "decision". Needles that share their first letters are one
# pattern, so that the engine still skips to a literal prefix.
_DOC_NEEDLES = tuple(
    (re.compile(needle.encode("latin-1")), shift)
    for needle, shift in (
        ("arr", 0),  # arrêt, arrÊt, arret
        ("ord(?:onnance|er)", 0),
        ("ju(?:dg|gement)", 0),  # judgment, judgement, jugement
        ("conclusions", 0),
        ("opinion", 0),
        ("cision", -2),
    )
)
# The signs of "n°" are searched for alone ("n" before them is too common a letter to scan for
# quickly); _ce_hits() drops those without an "n" before them, and a number after such a sign
# cannot hide the start of another.
_SIGNS = (re.compile(b"\xb0"), re.compile(b"\xba"))  # "°", "º" in the Latin-1 copy
_SIGN_NEEDLES = ((re.compile(b"no[.s]"), 1),)
_RING_SIGN = re.compile("\u02da")  # "n˚": not in Latin-1
# ECLIs start with "ECLI:", in any case.
_ECLI_NEEDLE = re.compile(b"ecli:")
# The characters that (?i) matches to an ASCII letter but that are not one (the long s U+017F
# is an "s" to the regex engine, the dotless i U+0131 and the dotted capital I U+0130 an "i").
_CASE_TRAPS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def _starts(patterns, text, shift: int = 0) -> list[int]:
    """Where the patterns match in `text`, plus `shift`."""
    return [m.start() + shift for p in patterns for m in p.finditer(text)]


def _finditer_at(pattern: re.Pattern, text: str, starts: list[int]):
    """`pattern.finditer(text)`, given (sorted) every position where a match can start."""
    match, last = pattern.match, 0
    for start in starts:
        if start >= last and (m := match(text, start)):
            last = m.end()
            yield m


def _start_lists(text: str) -> tuple[list[int], ...]:
    """Where each pattern can start (sorted): ECLIs, short ECLIs, CELEX numbers, CJEU numbers,
    "n°" signs, court-first headers, document-first headers."""
    trapped = "\u0130" in text or "\u0131" in text or "\u017f" in text
    latin = (text.translate(_CASE_TRAPS) if trapped else text).encode("latin-1", "replace")
    folded = latin.lower()
    colons = _starts((_COLON,), latin)
    docs = sorted(p for pattern, shift in _DOC_NEEDLES for p in _starts((pattern,), folded, shift))
    signs = _starts((_RING_SIGN,), text) if "\u02da" in text else []
    signs += _starts(_SIGNS, latin)
    signs += (p for pattern, shift in _SIGN_NEEDLES for p in _starts((pattern,), folded, shift))
    signs.sort()
    ecli_starts = _starts((_ECLI_NEEDLE,), folded)
    short_ecli_starts = [p - 2 for p in colons if p >= 2]
    celex_starts = _starts(_CELEX_STARTS, latin)
    court_starts = _starts(_COURT_STARTS, latin)
    cjeu_starts = _starts(_CJEU_STARTS, latin)
    for pattern in _COURT_OR_CJEU_STARTS:
        for m in pattern.finditer(latin):
            (court_starts if m.lastindex else cjeu_starts).append(m.start())
    court_starts.sort()
    cjeu_starts.sort()
    return ecli_starts, short_ecli_starts, celex_starts, cjeu_starts, signs, court_starts, docs


def _scans(text: str):
    """(pattern's matches, characters that may not precede a match), for each pattern."""
    ecli, short_ecli, celex, cjeu, signs, court, docs = _start_lists(text)
    return (
        (_finditer_at(_ECLI, text, ecli), _NOT_AFTER_WORD),
        (_finditer_at(_SHORT_ECLI, text, short_ecli), _NOT_AFTER_WORD),
        (_finditer_at(_CELEX, text, celex), _NOT_AFTER_CELEX),
        (_finditer_at(_CJEU, text, cjeu), _NOT_AFTER_NUMBER),
        (_finditer_at(_CE_NUMBER, text, signs), _NOT_AFTER_SIGN),
        (_finditer_at(_HEADER_COURT, text, court), _NOT_AFTER_COURT),
        (_finditer_at(_HEADER_DOC, text, docs), _NOT_AFTER_WORD),
    )


_CJEU_PARTS = re.compile(
    rf"(?P<letter>[CTF]){_CJEU_SEP}(?P<number>\d{{1,4}}){_SP}?/{_SP}?(?P<year>\d{{2}})"
    rf"(?:{_SP}?(?P<suffix>{_SUFFIX}))?"
)
# "C-511/18, 512/18 et 520/18": the court letter is not repeated.
_CJEU_JOINED_TAIL = re.compile(
    rf"(?:{_SP}*,{_SP}*|{_SP}+(?:et|and|&){_SP}+)(?P<number>\d{{1,4}}){_SP}?/{_SP}?"
    rf"(?P<year>\d{{2}})(?![\d/])"
)
_CE_DIGITS = re.compile(rf"\d{{3}}{_SP}\d{{3}}|\d{{5,6}}")
_CE_JOINED_TAIL = re.compile(
    rf"(?:{_SP}*,{_SP}*|{_SP}+(?:et|and){_SP}+)(?P<digits>\d{{3}}{_SP}\d{{3}}|\d{{5,6}})"
    rf"(?![\d/]|[.,{re.escape(_DASHES)}]\d)"
)
_CE_BARE_NUMBER = re.compile(
    rf"{_SP}*,{_SP}*(?:(?i:req)\.?{_SP}*)?(?P<digits>\d{{3}}{_SP}\d{{3}}|\d{{5,6}})"
    rf"(?![\d/]|[.,]\d)"
)
# A number right after one of these is a journal or publisher reference, not an application.
# The "\b" is put before the alternation (not repeated in each name) so that the regex engine
# rejects most positions on their first letter instead of trying the 23 names.
_JOURNAL_BEFORE = re.compile(
    r"\b(?:RUE|Lexbase|JCP(?:\s?[A-Z]{1,2})?|AJDA|RFDA|RTD\s?\w*\.?|Gaz\.\s?Pal\."
    r"|JORF|JO|Dr\.\s?adm\.|Rec\.|Lebon|D\.|RJF|BJCL|AJCT|RDSS|Dalloz"
    r"|Comm\.\s?com\.\s?électr\.|CCE|RLDI|Légipresse|Revue[^,;\n]{0,40})"
    r"(?:\s+[A-Z][A-Za-zé]*\.?){0,2}[\s,.:]*(?:\d{4}[\s,.]*)?\Z"
)
# Where a citation's tail (party names, numbers) ends.
_CITATION_END = re.compile(r"[;\n]|\.\s+[A-ZÉÈÀ][a-zéèàç]|\)")
_SENTENCE_END = re.compile(r"\.\s+[A-ZÉÈÀ][a-zéèàç]")


def _citation_end(text: str, start: int, limit: int) -> int:
    """`_CITATION_END.search(text, start, limit).start()`, or `limit` when there is none; with
    `str.find`, several times faster than the regex engine trying the pattern at each
    position."""
    end = limit
    found = text.find(";", start, end)
    if found >= 0:
        end = found
    found = text.find("\n", start, end)
    if found >= 0:
        end = found
    found = text.find(")", start, end)
    if found >= 0:
        end = found
    dot = text.find(".", start, end)
    while dot >= 0:
        # `\s` is `str.isspace()`: most dots ("réf.", "oct.") are not followed by a space.
        if text[dot + 1 : dot + 2].isspace() and _SENTENCE_END.match(text, dot, limit):
            return dot
        dot = text.find(".", dot + 1, end)
    return end


_PARTIES_STOP = re.compile(
    rf"[(;\n]|(?:\A|,){_SP}*(?i:nos?\b|req\b|req\.|aff\b|aff\.|case\b|cases\b|pts?\b|points?\b"
    rf"|§|para)|(?:\A|,|{_SP}){_SP}*(?:(?i:n[°º˚]|ecli:)|[CTF]{_SP}?{_D}{_SP}?\d|\d{{5,6}}\b)"
    rf"|\.\s+[A-ZÉÈÀ][a-zéèàç]"
)
_TAIL_WINDOW = 250

_MONTH_NUMBERS = {"janv": 1, "juin": 6, "juil": 7}
_MONTH_NUMBERS_3 = {
    "jan": 1,
    "fev": 2,
    "feb": 2,
    "mar": 3,
    "avr": 4,
    "apr": 4,
    "mai": 5,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aou": 8,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_DOCUMENTS = {
    "arret": Document.JUDGMENT,
    "jugement": Document.JUDGMENT,
    "judgment": Document.JUDGMENT,
    "judgement": Document.JUDGMENT,
    "ordonnance": Document.ORDER,
    "order": Document.ORDER,
    "conclusions": Document.OPINION,
    "opinion": Document.OPINION,
    "decision": Document.DECISION,
}
# Without a court, these nouns are too common ("la décision du 12 juillet 2016 de la Commission")
# to be taken for a citation.
_DOCUMENTS_NEEDING_A_COURT = {Document.DECISION}


@lru_cache(maxsize=512)
def _month(name: str) -> int | None:
    folded = fold(name).rstrip(".")
    return _MONTH_NUMBERS.get(folded[:4]) or _MONTH_NUMBERS_3.get(folded[:3])


def _date(m: re.Match, p: str) -> dt.date | None:
    g = m.groupdict()
    try:
        if g[f"{p}d"]:
            month = _month(g[f"{p}m"])
            return dt.date(int(g[f"{p}y"]), month, int(g[f"{p}d"])) if month else None
        if g[f"{p}md"]:
            month = _month(g[f"{p}md"])
            return dt.date(int(g[f"{p}yy"]), month, int(g[f"{p}dd"])) if month else None
        if g[f"{p}nd"]:
            return dt.date(int(g[f"{p}ny"]), int(g[f"{p}nm"]), int(g[f"{p}nd"]))
    except ValueError:
        return None
    return None


@lru_cache(maxsize=512)
def _court(name: str | None) -> Court | None:
    if not name:
        return None
    folded = fold(name)
    if "etat" in folded or folded == "ce":
        return Court.CE
    if "tribunal" in folded or "general" in folded or folded.startswith(("trib", "tue", "tpi")):
        return Court.TUE
    return Court.CJUE


_JUDGE = re.compile(r"(?i)juge|judge")


def _analyse_court_first(m: re.Match) -> tuple | None:
    decided_on = _date(m, "a")
    if decided_on is None:
        return None
    formation = " ".join(m["hf"].replace(",", " ").split())
    return _court(m["hc"]), decided_on, formation, None


@lru_cache(maxsize=64)
def _document(noun: str) -> Document | None:
    return _DOCUMENTS.get(fold(noun).replace("ê", "e"))


def _analyse_document_first(m: re.Match) -> tuple | None:
    decided_on = _date(m, "b")
    court_name = m["hc2"] or m["hc3"]
    court = _court(court_name)
    document = _document(m["hdoc"])
    formation = ""
    if court_name and _JUDGE.search(court_name):
        formation = "juge des référés"
    if court is None and document in _DOCUMENTS_NEEDING_A_COURT:
        return None
    if decided_on is None:
        return None
    return court, decided_on, formation, document


_REQ_BEFORE = re.compile(rf"[Rr]eq(?:u[êe]te)?\.?{_SP}*\Z")


def _ce_start(text: str, sign: int) -> int | None:
    """Where "n° 450163" starts, given the position of its "°": at the "n", or at a "req."
    before it; None when the "n" is part of a word ("Lexbase n°" is fine, "un°" is not)."""
    n = sign - 1
    if n < 0 or text[n] not in "nN" or (n and (text[n - 1].isalnum() or text[n - 1] == "_")):
        return None
    req = _REQ_BEFORE.search(text, max(0, n - 12), n)
    if req and not (req.start() and text[req.start() - 1].isalnum()):
        return req.start()
    return n


def _is_journal_reference(text: str, start: int, memo: dict) -> bool:
    before = text[max(0, start - 40) : start]
    key = ("journal", before)
    if key not in memo:
        memo[key] = bool(_JOURNAL_BEFORE.search(before))
    return memo[key]


def _parsed(parse, value: str) -> tuple[str | None, str]:
    """(normalised identifier, "") or (None, the parser's message)."""
    try:
        return str(parse(value)), ""
    except IdentifierError as error:
        return None, error.message


def _parse_short_ecli(value: str):
    return parse_ecli(value, allow_short=True)


# Fast paths for the identifiers of the common shapes: on a text whose citations are all new
# (every date and number different), going through cases.identifiers (a fullmatch, a dataclass,
# its __str__) for each one took more time than finding them. Each fast path only decides that an
# identifier is valid and gives its canonical form, for shapes where cases.identifiers surely
# agrees (tests/citations/test_extract_fast_paths.py compares them); anything else still goes
# through cases.identifiers, which keeps the last word and gives the error messages.

# An ECLI that parse_ecli accepts: 2 letters (a country in use), a court code of at most 7
# letters and digits starting with a letter, 4 digits (the year is checked apart), an ordinal
# of at most 25 characters with inner dots only.
_ECLI_WELL_FORMED = re.compile(
    r"(?:[Ee][Cc][Ll][Ii]:)?(?P<country>[A-Za-z]{2}):[A-Za-z][A-Za-z0-9]{0,6}:(?P<year>[0-9]{4}):"
    r"[A-Za-z0-9](?:[A-Za-z0-9.]{0,23}[A-Za-z0-9])?"
)
# Conseil d'État ECLIs get more checks (a reading date in the ordinal): parse_ecli does them.
_FR_CE = re.compile(r"(?:[Ee][Cc][Ll][Ii]:)?[Ff][Rr]:[Cc][Ee]")


def _valid_ecli(raw: str, prefix: str) -> str | None:
    """`raw` upper-cased and prefixed by `prefix`, when it is an ECLI that parse_ecli surely
    accepts; None when parse_ecli must decide."""
    m = _ECLI_WELL_FORMED.fullmatch(raw)
    if m is None or _FR_CE.match(raw) or m["country"].upper() not in ECLI_COUNTRIES:
        return None
    if not ECLI_FIRST_YEAR <= int(m["year"]) <= dt.date.today().year:
        return None
    return prefix + raw.upper()


def _cjeu_case(letter: str, number: str, year: str, suffix: str | None) -> str | None:
    """`str(parse_cjeu_case_number(...))` of the parts of a _CJEU match, or None when it does not
    parse. Its suffixes are written as cases.identifiers writes them."""
    # F-: the Civil Service Tribunal, which sat from 2005 to 2016.
    ascii_digits = number.isascii() and year.isascii() and number[0] != "0"
    if ascii_digits and (letter != "F" or 5 <= int(year) <= 16):
        case = f"{letter}-{number}/{year}"
        return f"{case} {suffix}" if suffix else case
    return _parsed(parse_cjeu_case_number, f"{letter}-{number}/{year} {suffix or ''}")[0]


def _ce_number(digits: str) -> str | None:
    """`str(parse_ce_number(digits))` for digits as _CE_DIGITS matches them ("444937",
    "450 163"), or None when they do not parse."""
    number = digits if len(digits) < 7 else digits[:3] + digits[4:]
    if number.isascii() and number[0] != "0":
        return number
    return _parsed(parse_ce_number, digits)[0]


# How the pattern hits become identifier matches. Each hit is a tuple (start, end, text, kind,
# identifier, error) until the end of extract(), which builds the `Match` objects once; each
# distinct text is parsed once per extract() (dict caches keyed by the text).
_NOTHING = ()


def _ecli_found(raw: str) -> tuple:
    if ecli := _valid_ecli(raw, ""):
        return Kind.ECLI, ecli, ""
    ecli, error = _parsed(parse_ecli, raw)
    if ecli is None:
        return Kind.ECLI_MALFORMED, raw, error
    return Kind.ECLI, ecli, ""


def _short_ecli_found(raw: str) -> tuple:
    ecli = _valid_ecli(raw, "ECLI:") or _parsed(_parse_short_ecli, raw)[0]
    return _NOTHING if ecli is None else (Kind.ECLI, ecli, "")


def _celex_found(raw: str) -> tuple:
    # _CELEX leaves parse_celex only non-ASCII digits and the number 0000 to refuse.
    if raw.isascii() and not raw.endswith("0000"):
        return Kind.CELEX, raw, ""
    celex, _ = _parsed(parse_celex, raw)
    return _NOTHING if celex is None else (Kind.CELEX, celex, "")


def _simple_hits(pattern, text: str, starts, not_after, found, out: list) -> None:
    """Hits whose match depends on their text alone: ECLIs, short ECLIs, CELEX numbers."""
    excluded, append, memo = not_after.match, out.append, {}
    for m in _finditer_at(pattern, text, starts):
        start = m.start()
        if start and excluded(text, start - 1):
            continue
        raw = m[0]
        result = memo.get(raw)
        if result is None:
            result = memo[raw] = found(raw)
        if result:
            append((start, m.end(), raw, *result))


def _cjeu_hits(text: str, starts: list[int], out: list) -> None:
    """CJEU numbers, and the numbers joined to them ("C-511/18, 512/18 et 520/18")."""
    match, tail_match, excluded = _CJEU.match, _CJEU_JOINED_TAIL.match, _NOT_AFTER_NUMBER.match
    append, memo, joined_memo, last = out.append, {}, {}, 0
    kind = Kind.CJEU_CASE
    for start in starts:
        if start < last or not (m := match(text, start)):
            continue
        last = end = m.end()
        if start and excluded(text, start - 1):
            continue
        raw = m[0]
        parsed = memo.get(raw)
        if parsed is None:
            parts = _CJEU_PARTS.fullmatch(raw)
            letter = parts["letter"]
            case = _cjeu_case(letter, parts["number"], parts["year"], parts["suffix"])
            parsed = memo[raw] = letter, case
        letter, case = parsed
        if case is None:
            continue
        append((start, end, raw, kind, case, ""))
        while tail := tail_match(text, end):
            key = (letter, tail["number"], tail["year"])
            joined = joined_memo.get(key, _NOTHING)
            if joined is _NOTHING:
                joined = joined_memo[key] = _cjeu_case(letter, *key[1:], None)
            if joined is None:
                break
            s, end = tail.start("number"), tail.end()
            append((s, end, text[s:end], kind, joined, ""))


def _ce_hits(text: str, signs: list[int], out: list, memo: dict) -> None:
    """Conseil d'État numbers ("n° 444937", "req. n° 450163", "nos 393099, 394922")."""
    match, tail_match, append = _CE_NUMBER.match, _CE_JOINED_TAIL.match, out.append
    numbers, joined_numbers, last = {}, {}, 0
    kind = Kind.CE_NUMBER
    for sign in signs:
        if sign < last or not (m := match(text, sign)):
            continue
        last = end = m.end()
        # The character before the sign must be an "n" (the _NOT_AFTER_SIGN check).
        if sign and text[sign - 1] not in "nN":
            continue
        start = _ce_start(text, sign)
        if start is None or _is_journal_reference(text, start, memo):
            continue
        raw = m[0]
        # The text before the sign ("req. n") has no digits: the number is in the sign's match.
        number = numbers.get(raw, _NOTHING)
        if number is _NOTHING:
            number = numbers[raw] = _ce_number(_CE_DIGITS.search(raw)[0])
        if number is None:
            continue
        append((start, end, text[start:end], kind, number, ""))
        while tail := tail_match(text, end):
            digits = tail["digits"]
            joined = joined_numbers.get(digits, _NOTHING)
            if joined is _NOTHING:
                joined = joined_numbers[digits] = _ce_number(digits)
            if joined is None:
                break
            s, end = tail.start("digits"), tail.end()
            append((s, end, text[s:end], kind, joined, ""))


def _header_hits(pattern, text: str, starts, not_after, analyse, out: list) -> None:
    """Citation headers as tuples (start, end, court, decided_on, formation, document). What a
    header says depends only on its text (the header patterns look at nothing after their
    match), so each distinct header text is analysed once per extract()."""
    match, excluded, append, memo, last = pattern.match, not_after.match, out.append, {}, 0
    for start in starts:
        if start < last or not (m := match(text, start)):
            continue
        last = m.end()
        if start and excluded(text, start - 1):
            continue
        key = m[0]
        found = memo.get(key, _NOTHING)
        if found is _NOTHING:
            found = memo[key] = analyse(m)
        if found is not None:
            append((start, last, *found))


_PARTIES_LEAD = re.compile(rf"{_SP}*,{_SP}*")


def _parties_in(segment: str) -> str:
    lead = _PARTIES_LEAD.match(segment)
    if not lead:
        return ""
    segment = segment[lead.end() :]
    stop = _PARTIES_STOP.search(segment)
    if stop:
        segment = segment[: stop.start()]
    parties = " ".join(segment.split()).strip(" ,.:")
    if not parties or parties[0].isdigit() or len(parties) > 160:
        return ""
    return parties


_SPAN = itemgetter(0, 1)
_FIRST = itemgetter(0)


def extract(text: str) -> list[Match]:
    """Every citation in `text`, in order of appearance."""
    # The work allocates a few tuples per hit and nothing cyclic: the cyclic garbage collector,
    # triggered by the allocations, would only walk the growing lists again and again.
    collecting = gc.isenabled()
    if collecting:
        gc.disable()
    try:
        return _matches(_extract(text))
    finally:
        if collecting:
            gc.enable()


def _extract(text: str) -> list[tuple]:
    """The arguments of each `Match`, sorted by position."""
    ecli, short_ecli, celex, cjeu, signs, court, docs = _start_lists(text)
    memo: dict = {}
    found: list[tuple] = []
    _simple_hits(_ECLI, text, ecli, _NOT_AFTER_WORD, _ecli_found, found)
    _simple_hits(_SHORT_ECLI, text, short_ecli, _NOT_AFTER_WORD, _short_ecli_found, found)
    _simple_hits(_CELEX, text, celex, _NOT_AFTER_CELEX, _celex_found, found)
    _cjeu_hits(text, cjeu, found)
    _ce_hits(text, signs, found, memo)
    headers: list[tuple] = []
    _header_hits(_HEADER_COURT, text, court, _NOT_AFTER_COURT, _analyse_court_first, headers)
    _header_hits(_HEADER_DOC, text, docs, _NOT_AFTER_WORD, _analyse_document_first, headers)
    found.sort(key=_SPAN)
    if not headers:
        return found
    headers.sort(key=_FIRST)
    return _apply_headers(text, found, headers)


def _matches(rows: list[tuple]) -> list[Match]:
    """The `Match` of each row; rows have 6 items (identifier matches without a citation
    header) or 13 (all the fields)."""
    return [Match(*row) for row in rows]


def _tail(window: str) -> tuple[int, str]:
    """(length of the citation's tail, party names in it), for the text after a header up to
    the next header or the end of the window."""
    limit = len(window)
    end = _citation_end(window, 0, limit)
    # A closing parenthesis may enclose the identifier itself: "(C-311/18)".
    if end < limit and window[end] == ")":
        end = _citation_end(window, end + 1, limit)
    return end, _parties_in(window[:end])


def _apply_headers(text: str, found: list[tuple], headers: list[tuple]) -> list:
    """Give each header's context to the identifiers of its citation; a header with none
    becomes a court_date match (or a ce_number one for "CE, 21/04/2021, 393099").

    `found` holds (start, end, text, kind, identifier, error) tuples sorted by position,
    `headers` (start, end, court, decided_on, formation, document) tuples sorted by start;
    the result holds the arguments of each `Match`, sorted by position."""
    result = list(found)
    starts = [hit[0] for hit in found]
    size, count = len(text), len(headers)
    malformed, ce = Kind.ECLI_MALFORMED, Court.CE
    # Where a header's citation ends and the party names in it depend only on the text between
    # the header and its limit: repeated citations (the same words after the same header) are
    # analysed once.
    tails: dict[str, tuple[int, str]] = {}
    for n, (start, end, court, decided_on, formation, document) in enumerate(headers, 1):
        limit = end + _TAIL_WINDOW
        next_header = headers[n][0] if n < count else size
        if next_header < limit:
            limit = next_header
        if size < limit:
            limit = size
        window = text[end:limit]
        tail = tails.get(window)
        if tail is None:
            tail = tails[window] = _tail(window)
        length, parties = tail
        end_of_citation = end + length
        first = bisect_left(starts, end)
        last = bisect_left(starts, end_of_citation, first) if end_of_citation > end else first
        if first < last:
            within = [i for i in range(first, last) if found[i][3] is not malformed]
            if within:
                citation_end = max([found[i][1] for i in within])
                context = (court, decided_on, formation, document, parties, start, citation_end)
                for i in within:
                    result[i] = found[i] + context
                continue
        bare = _CE_BARE_NUMBER.match(text, end) if court == ce else None
        if bare is None and parties and court == ce:
            bare = _CE_BARE_NUMBER.match(text, text.find(parties, end) + len(parties))
        if bare is not None:
            number = _ce_number(bare["digits"])
            if number is None:
                bare = None
        if bare is not None:
            s, e = bare.start("digits"), bare.end()
            result.append(
                (
                    s,
                    e,
                    text[s:e],
                    Kind.CE_NUMBER,
                    number,
                    "",
                    court,
                    decided_on,
                    formation,
                    document,
                    parties,
                    start,
                    e,
                )
            )
            continue
        stop = end
        if parties:
            stop = text.find(parties, end) + len(parties)
        name = f"{court} " if court else ""
        result.append(
            (
                start,
                stop,
                text[start:stop],
                Kind.COURT_DATE,
                f"{name}{decided_on.isoformat()}",
                "",
                court,
                decided_on,
                formation,
                document,
                parties,
                start,
                stop,
            )
        )
    result.sort(key=_SPAN)
    return result
