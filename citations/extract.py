"""Find case-law citations in French or English text, with character offsets.

A pure parser: no database access (resolution to rulings is citations.resolve). Identifiers are
parsed and normalised by cases.identifiers, so that the extractor, the models and the importer
agree on one canonical form.

What it finds (each a `Match`, `kind` as in CONTRACTS.md):
- `ecli`: full ECLIs ("ECLI:EU:C:2020:559") and the short CJEU form ("EU:C:2020:559");
  `ecli_malformed`: text written as an ECLI that does not parse, with the reason;
- `cjeu_case`: "C-311/18", "aff. C-311/18" (with any Unicode dash), "T-604/18 R", "C-311/18 PPU",
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
import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from operator import attrgetter

from cases.identifiers import (
    IdentifierError,
    parse_ce_number,
    parse_celex,
    parse_cjeu_case_number,
    parse_ecli,
)


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


@dataclass(frozen=True, slots=True)
class Match:
    """One citation found in the text: `text == source[start:end]`."""

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
_MONTH = rf"(?i:{_MONTHS_FR}|{_MONTHS_EN})"


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

_FORMATION = r"[^,;()\n\d]{1,40}?|\d{1,2}(?:e|è|ème|ᵉ|th|st|nd|rd)?[^,;()\n]{0,40}?"
_DOC = (
    r"(?i:arr[êe]t|ordonnance|jugement|d[ée]cision|conclusions|judg[e]?ment|order|decision"
    r"|opinion)"
)

_HEADER_COURT_FIRST = (
    rf"(?P<hc>{_COURT_SHORT}|{_COURT_CE}|{_COURT_CJUE}|{_COURT_TUE}){_SP}*,?{_SP}*"
    rf"(?P<hf>(?:(?:{_FORMATION}){_SP}*,{_SP}*){{0,3}})" + _date_pattern("a")
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

_ECLI = re.compile(r"(?P<ecli>[Ee][Cc][Ll][Ii]:[A-Za-z0-9:.]*[A-Za-z0-9])")
_SHORT_ECLI = re.compile(
    r"(?P<secli>[A-Z]{2}:[A-Z][A-Z0-9]{0,6}:\d{4}:[A-Z0-9](?:[A-Z0-9.]*[A-Z0-9])?)(?![\w:])"
)
_CELEX = re.compile(r"(?P<celex>6(?:19|20)\d\d[CTF][A-Z]\d{4})(?!\w)")
_CJEU = re.compile(
    rf"(?P<cjeu>[CTF]{_SP}?{_D}{_SP}?\d{{1,4}}{_SP}?/{_SP}?"
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
# a match can start, found by a cheap scan of a rare anchor: a colon for ECLIs, the court
# names' capitals for court-first headers, the document nouns for document-first headers
# ("arrêt du 16 juillet 2020": lower-case words the regex engine cannot skip to quickly).
# Trying every possible start in order, and skipping those inside the previous match, gives
# the same matches as finditer.
#
# Where each pattern can start. Court names: their capitals ("CE", "CJUE", "Conseil", "Cour",
# "ECJ", "TUE", "Trib.", "TPICE", "General"); CJEU numbers: their letter before a dash. One
# regex per leading letter, so that the engine skips to that letter quickly.
_COURT_STARTS = tuple(
    re.compile(p) for p in (r"C(?=E|J|our|onseil)", r"ECJ", r"T(?=rib|UE|PICE)", r"General")
)
_CJEU_STARTS = tuple(re.compile(rf"{letter}(?={_SP}?{_D})") for letter in "CTF")
# Searched for, with the offset of the pattern's start, in the text as Latin-1 bytes (one byte a
# character, "?" for the others) with ASCII letters lowered: every way _DOC, and the "n" and
# sign that _CE_NUMBER starts with, can be written whatever the case. "cision" stands for
# "décision", "dÉcision" and "decision".
_DOC_NEEDLES = tuple(
    (re.compile(re.escape(needle.encode("latin-1"))), shift)
    for needle, shift in (
        ("arr", 0),  # arrêt, arrÊt, arret
        ("ordonnance", 0),
        ("order", 0),
        ("jugement", 0),
        ("judg", 0),  # judgment, judgement
        ("conclusions", 0),
        ("opinion", 0),
        ("cision", -2),
    )
)
_SIGN_NEEDLES = tuple(
    (re.compile(re.escape(needle.encode("latin-1"))), 1) for needle in ("n°", "nº", "no.", "nos")
)
_RING_SIGNS = (re.compile("n\u02da"), re.compile("N\u02da"))  # "n˚": not in Latin-1
_COLON = re.compile(":")
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


def _scans(text: str):
    """(pattern's matches, characters that may not precede a match), for each pattern."""
    colons = _starts((_COLON,), text)
    trapped = "\u0130" in text or "\u0131" in text or "\u017f" in text
    folded = (text.translate(_CASE_TRAPS) if trapped else text).encode("latin-1", "replace")
    folded = folded.lower()
    docs = sorted(p for pattern, shift in _DOC_NEEDLES for p in _starts((pattern,), folded, shift))
    signs = _starts(_RING_SIGNS, text, 1) if "\u02da" in text else []
    signs += (p for pattern, shift in _SIGN_NEEDLES for p in _starts((pattern,), folded, shift))
    signs.sort()
    ecli_starts = [p - 4 for p in colons if p >= 4]
    short_ecli_starts = [p - 2 for p in colons if p >= 2]
    court_starts = sorted(_starts(_COURT_STARTS, text))
    cjeu_starts = sorted(_starts(_CJEU_STARTS, text))
    return (
        (_finditer_at(_ECLI, text, ecli_starts), _NOT_AFTER_WORD),
        (_finditer_at(_SHORT_ECLI, text, short_ecli_starts), _NOT_AFTER_WORD),
        (_CELEX.finditer(text), re.compile(r"\w")),
        (_finditer_at(_CJEU, text, cjeu_starts), _NOT_AFTER_NUMBER),
        (_finditer_at(_CE_NUMBER, text, signs), re.compile(r"[^nN]")),
        (_finditer_at(_HEADER_COURT, text, court_starts), _NOT_AFTER_COURT),
        (_finditer_at(_HEADER_DOC, text, docs), _NOT_AFTER_WORD),
    )


_CJEU_PARTS = re.compile(
    rf"(?P<letter>[CTF]){_SP}?{_D}{_SP}?(?P<number>\d{{1,4}}){_SP}?/{_SP}?(?P<year>\d{{2}})"
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
_JOURNAL_BEFORE = re.compile(
    r"(?:\bRUE|\bLexbase|\bJCP(?:\s?[A-Z]{1,2})?|\bAJDA|\bRFDA|\bRTD\s?\w*\.?|\bGaz\.\s?Pal\."
    r"|\bJORF|\bJO|\bDr\.\s?adm\.|\bRec\.|\bLebon|\bD\.|\bRJF|\bBJCL|\bAJCT|\bRDSS|\bDalloz"
    r"|\bComm\.\s?com\.\s?électr\.|\bCCE|\bRLDI|\bLégipresse|\bRevue[^,;\n]{0,40})"
    r"(?:\s+[A-Z][A-Za-zé]*\.?){0,2}[\s,.:]*(?:\d{4}[\s,.]*)?\Z"
)
# Where a citation's tail (party names, numbers) ends.
_CITATION_END = re.compile(r"[;\n]|\.\s+[A-ZÉÈÀ][a-zéèàç]|\)")
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


def fold(text: str) -> str:
    """Lower case without accents: "Févr." -> "fevr."."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


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


@dataclass(frozen=True, slots=True)
class _Header:
    start: int
    end: int
    court: Court | None
    decided_on: dt.date
    formation: str
    document: Document | None


_JUDGE = re.compile(r"(?i)juge|judge")


def _header(m: re.Match, memo: dict) -> _Header | None:
    # What a header says depends only on its text (the header patterns look at nothing after
    # their match), so each distinct header text is analysed once per extract().
    key = ("hc" in m.re.groupindex, m[0])
    if key not in memo:
        memo[key] = _analyse_header(m)
    found = memo[key]
    return None if found is None else _Header(m.start(), m.end(), *found)


def _analyse_header(m: re.Match) -> tuple | None:
    if "hc" in m.re.groupindex:
        decided_on = _date(m, "a")
        court = _court(m["hc"])
        formation = " ".join(m["hf"].replace(",", " ").split())
        document = None
    else:
        decided_on = _date(m, "b")
        court_name = m["hc2"] or m["hc3"]
        court = _court(court_name)
        document = _DOCUMENTS.get(fold(m["hdoc"]).replace("ê", "e"))
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


def _parse(memo: dict, parse, value: str) -> tuple[str | None, str]:
    """(normalised identifier, "") or (None, the parser's message); each distinct value is
    parsed once per extract()."""
    key = (parse, value)
    if key not in memo:
        try:
            memo[key] = (str(parse(value)), "")
        except IdentifierError as error:
            memo[key] = (None, error.message)
    return memo[key]


def _parse_short_ecli(value: str):
    return parse_ecli(value, allow_short=True)


def _identifiers(text: str, m: re.Match, memo: dict) -> list[Match]:
    """The identifier matches of one pattern hit (several for joined cases)."""
    start, end, raw = m.start(), m.end(), m[0]
    pattern = m.lastgroup
    if pattern == "ecli":
        ecli, error = _parse(memo, parse_ecli, raw)
        if ecli is None:
            return [Match(start, end, raw, Kind.ECLI_MALFORMED, raw, error=error)]
        return [Match(start, end, raw, Kind.ECLI, ecli)]
    if pattern == "secli":
        ecli, _ = _parse(memo, _parse_short_ecli, raw)
        return [] if ecli is None else [Match(start, end, raw, Kind.ECLI, ecli)]
    if pattern == "celex":
        celex, _ = _parse(memo, parse_celex, raw)
        return [] if celex is None else [Match(start, end, raw, Kind.CELEX, celex)]
    if pattern == "cjeu":
        return _cjeu_matches(text, m, memo)
    if pattern == "cen":
        start = _ce_start(text, start)
        if start is None or _is_journal_reference(text, start, memo):
            return []
        return _ce_matches(text, start, end, memo)
    return []


def _cjeu_matches(text: str, m: re.Match, memo: dict) -> list[Match]:
    key = ("cjeu", m[0])
    if key not in memo:
        parts = _CJEU_PARTS.fullmatch(m[0])
        letter = parts["letter"]
        number = f"{letter}-{parts['number']}/{parts['year']} {parts['suffix'] or ''}"
        memo[key] = letter, _parse(memo, parse_cjeu_case_number, number)[0]
    letter, case = memo[key]
    if case is None:
        return []
    found = [Match(m.start(), m.end(), m[0], Kind.CJEU_CASE, case)]
    position = m.end()
    while tail := _CJEU_JOINED_TAIL.match(text, position):
        joined, _ = _parse(
            memo, parse_cjeu_case_number, f"{letter}-{tail['number']}/{tail['year']}"
        )
        if joined is None:
            break
        s, e = tail.start("number"), tail.end()
        found.append(Match(s, e, text[s:e], Kind.CJEU_CASE, joined))
        position = e
    return found


def _ce_matches(text: str, start: int, end: int, memo: dict) -> list[Match]:
    raw = text[start:end]
    number, _ = _parse(memo, parse_ce_number, _CE_DIGITS.search(raw)[0])
    if number is None:
        return []
    found = [Match(start, end, raw, Kind.CE_NUMBER, number)]
    position = end
    while tail := _CE_JOINED_TAIL.match(text, position):
        joined, _ = _parse(memo, parse_ce_number, tail["digits"])
        if joined is None:
            break
        s, e = tail.start("digits"), tail.end()
        found.append(Match(s, e, text[s:e], Kind.CE_NUMBER, joined))
        position = e
    return found


_PARTIES_LEAD = re.compile(rf"{_SP}*,{_SP}*")


def _parties(text: str, start: int, limit: int, memo: dict) -> str:
    """Party names right after a citation header: ", Data Protection Commissioner c/ Facebook"."""
    segment = text[start:limit]
    key = ("parties", segment)
    if key not in memo:
        memo[key] = _parties_in(segment)
    return memo[key]


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


_POSITION = attrgetter("start", "end")
_START = attrgetter("start")


def extract(text: str) -> list[Match]:
    """Every citation in `text`, in order of appearance."""
    identifiers: list[Match] = []
    headers: list[_Header] = []
    memo: dict = {}
    for matches, before in _scans(text):
        excluded = before.match
        for m in matches:
            start = m.start()
            if start and excluded(text, start - 1):
                continue
            if m.lastgroup in _IDENTIFIER_GROUPS:
                identifiers += _identifiers(text, m, memo)
            elif header := _header(m, memo):
                headers.append(header)
    identifiers.sort(key=_POSITION)
    if not headers:
        return identifiers
    headers.sort(key=_START)
    return _apply_headers(text, identifiers, headers, memo)


def _apply_headers(
    text: str, identifiers: list[Match], headers: list[_Header], memo: dict
) -> list[Match]:
    """Give each header's context to the identifiers of its citation; a header with none
    becomes a court_date match (or a ce_number one for "CE, 21/04/2021, 393099")."""
    result = list(identifiers)
    starts = [m.start for m in identifiers]
    for n, header in enumerate(headers):
        next_header = headers[n + 1].start if n + 1 < len(headers) else len(text)
        limit = min(header.end + _TAIL_WINDOW, next_header, len(text))
        stop = _CITATION_END.search(text, header.end, limit)
        # A closing parenthesis may enclose the identifier itself: "(C-311/18)".
        if stop and stop[0] == ")":
            after = _CITATION_END.search(text, stop.end(), limit)
            end_of_citation = after.start() if after else limit
        else:
            end_of_citation = stop.start() if stop else limit
        parties = _parties(text, header.end, end_of_citation, memo)
        first, last = bisect_left(starts, header.end), bisect_left(starts, end_of_citation)
        within = [i for i in range(first, last) if identifiers[i].kind is not Kind.ECLI_MALFORMED]
        if within:
            citation_end = max(identifiers[i].end for i in within)
            court, decided_on, formation = header.court, header.decided_on, header.formation
            document, citation_start = header.document, header.start
            for i in within:
                m = identifiers[i]
                result[i] = Match(
                    m.start,
                    m.end,
                    m.text,
                    m.kind,
                    m.identifier,
                    m.error,
                    court,
                    decided_on,
                    formation,
                    document,
                    parties,
                    citation_start,
                    citation_end,
                )
            continue
        context = {
            "court": header.court,
            "decided_on": header.decided_on,
            "formation": header.formation,
            "document": header.document,
            "parties": parties,
            "citation_start": header.start,
        }
        bare = _CE_BARE_NUMBER.match(text, header.end) if header.court == Court.CE else None
        if bare is None and parties and header.court == Court.CE:
            bare = _CE_BARE_NUMBER.match(text, text.find(parties, header.end) + len(parties))
        if bare is not None:
            try:
                number = parse_ce_number(bare["digits"])
            except IdentifierError:
                bare = None
        if bare is not None:
            s, e = bare.start("digits"), bare.end()
            context["citation_end"] = e
            result.append(Match(s, e, text[s:e], Kind.CE_NUMBER, str(number), **context))
            continue
        end = header.end
        if parties:
            end = text.find(parties, header.end) + len(parties)
        court = f"{header.court} " if header.court else ""
        result.append(
            Match(
                header.start,
                end,
                text[header.start : end],
                Kind.COURT_DATE,
                f"{court}{header.decided_on.isoformat()}",
                **context,
                citation_end=end,
            )
        )
    result.sort(key=_POSITION)
    return result
