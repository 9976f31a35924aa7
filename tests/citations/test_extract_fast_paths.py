"""The extractor's fast paths give what the slow, obvious ways give: `Match` objects as their
own constructor builds them, the court-first header as the lazy formation pattern matches it,
the end of a citation as the regex finds it."""

import datetime as dt
import gc
import re

import pytest

from cases.identifiers import (
    IdentifierError,
    parse_ce_number,
    parse_celex,
    parse_cjeu_case_number,
    parse_ecli,
)
from citations import extract as ex
from citations.extract import Court, Document, Kind, Match, extract

ROWS = [
    (3, 21, "ECLI:EU:C:2020:559", Kind.ECLI, "ECLI:EU:C:2020:559", ""),
    (0, 9, "ECLI:EU:C", Kind.ECLI_MALFORMED, "ECLI:EU:C", "year"),
    (
        25,
        34,
        "n° 444937",
        Kind.CE_NUMBER,
        "444937",
        "",
        Court.CE,
        dt.date(2020, 10, 13),
        "réf.",
        Document.ORDER,
        "X c/ Y",
        0,
        34,
    ),
]


@pytest.mark.parametrize("row", ROWS)
def test_matches_are_built_as_the_constructor_builds_them(row):
    built = ex._matches([row])[0]
    expected = Match(*row)
    assert type(built) is Match
    assert built == expected
    assert hash(built) == hash(expected)
    assert repr(built) == repr(expected)
    assert built._asdict() == expected._asdict()
    with pytest.raises(AttributeError):
        built.start = 1  # type: ignore[misc]


def test_the_match_defaults_are_those_of_the_fast_path():
    # The fields a 6-item row leaves out take these defaults.
    defaults = {name: Match._field_defaults[name] for name in Match._fields[6:]}
    assert defaults == {
        "court": None,
        "decided_on": None,
        "formation": "",
        "document": None,
        "parties": "",
        "citation_start": 0,
        "citation_end": 0,
    }
    assert Match._fields[:6] == ("start", "end", "text", "kind", "identifier", "error")


def test_extract_leaves_the_garbage_collector_as_it_found_it():
    assert gc.isenabled()
    extract("CE, réf., 13 oct. 2020, n° 444937")
    assert gc.isenabled()
    gc.disable()
    try:
        extract("CE, réf., 13 oct. 2020, n° 444937")
        assert not gc.isenabled()
    finally:
        gc.enable()


# The court-first header as it was written before its formations became possessive.
_LAZY_FORMATION = r"[^,;()\n\d]{1,40}?|\d{1,2}(?:e|è|ème|ᵉ|th|st|nd|rd)?[^,;()\n]{0,40}?"
LAZY_HEADER = re.compile(
    rf"(?P<hc>{ex._COURT_SHORT}|{ex._COURT_CE}|{ex._COURT_CJUE}|{ex._COURT_TUE}){ex._SP}*,?"
    rf"{ex._SP}*(?P<hf>(?:(?:{_LAZY_FORMATION}){ex._SP}*,{ex._SP}*){{0,3}})" + ex._date_pattern("a")
)

HEADERS = [
    "CE, réf., 13 oct. 2020, n° 444937",
    "CE, ord. réf., 12 mars 2021, req. n° 450163",
    "CE, Ass., 21 avr. 2021, n° 393099",
    "CE, , 13 oct. 2020",  # a formation of spaces: ", ,"
    "CE, ,, 13 oct. 2020",
    "CE,  ,  , 1er mars 2021",
    "CE , , 13 oct. 2020",
    "CE, 2e et 7e ch. réunies, 12 mars 2021",
    "CE, 10ème - 9ème chambres réunies, 1 mai 2020",
    "CE, 10ème" + "x" * 38 + ", 1 mai 2020",  # 41 characters after "10": room only after "ème"
    "CE, 10ème" + "x" * 39 + ", 1 mai 2020",
    "CE, 10è" + "x" * 40 + ", 1 mai 2020",
    "CE, 1" + "x" * 40 + ", 1 mai 2020",
    "CE, 12" + "x" * 41 + ", 1 mai 2020",
    "CE, " + "a" * 40 + ", 1 mai 2020",
    "CE, " + "a" * 41 + ", 1 mai 2020",
    "CE, " + "a" * 39 + "   , 1 mai 2020",  # trailing spaces beyond the 40 characters
    "CE, " + "a" * 41 + "   , 1 mai 2020",
    "CE, a, b, c, 1 mai 2020",
    "CE, a, b, c, d, 1 mai 2020",
    "CE, 1 mai 2020, 2 mai 2020, 3 mai 2020, 4 mai 2020",
    "CE, Sect., 21/04/2021, 393099",
    "Conseil d'État, 21/04/2021, 393099 Considérant qu'il résulte de l'instruction",
    "Conseil d'État Considérant qu'il résulte de l'instruction que la société, 1 mai 2020",
    "CJUE, 16 juillet 2020, Data Protection Commissioner c/ Facebook Ireland et Schrems",
    "CJUE, gr. ch., 16 July 2020; July 16, 2020",
    "Trib. UE, ord. (réf.), 2 mai 2020",
    "CE, réf.\n, 13 oct. 2020",
    "CE, 3; 13 oct. 2020",
]


@pytest.mark.parametrize("text", HEADERS)
def test_the_possessive_header_matches_as_the_lazy_one(text):
    for start in range(len(text)):
        lazy = LAZY_HEADER.match(text, start)
        fast = ex._HEADER_COURT.match(text, start)
        assert (fast and (fast.span(), fast.groupdict())) == (
            lazy and (lazy.span(), lazy.groupdict())
        ), start


TAILS = [
    "",
    ", X c/ Y; n° 1",
    ", X c/ Y. Puis",
    ", X c/ Y.  Énoncé",
    ", X (C-311/18), Y",
    ", X. y. Z. Ab",
    ", X.\nAb",
    "...)\n;",
    ". A",  # a capital without a lower-case letter after it
    ". Ab",
]


@pytest.mark.parametrize("tail", TAILS)
def test_the_end_of_a_citation_is_where_the_regex_finds_it(tail):
    text = "CE, 1 mai 2020" + tail
    for start in range(len(text) + 1):
        for limit in range(start, len(text) + 1):
            stop = ex._CITATION_END.search(text, start, limit)
            expected = stop.start() if stop else limit
            assert ex._citation_end(text, start, limit) == expected, (start, limit)


# The identifiers' fast paths give what cases.identifiers gives, for what the patterns match.
def _identifiers_say(parse, value):
    try:
        return str(parse(value))
    except IdentifierError:
        return None


ECLIS = [
    "ECLI:EU:C:2020:559",
    "ecli:eu:c:2015:650",
    "EcLi:Eu:T:2019:1.2",
    "ECLI:DE:BVERFG:2020:A",
    "ECLI:DE:BVERFGX:2020:A",  # an 8-character court
    "ECLI:EU:1C:2020:5",
    "ECLI:EU:C:1899:1",
    "ECLI:EU:C:1900:1",
    f"ECLI:EU:C:{dt.date.today().year}:1",
    f"ECLI:EU:C:{dt.date.today().year + 1}:1",
    "ECLI:EU:C:2020:" + "1" * 25,
    "ECLI:EU:C:2020:" + "1" * 26,
    "ECLI:EU:C:2020:1..2",
    "ECLI:EU:C:2020:.5",
    "ECLI:EU:C:20:559",
    "ECLI:EU:C:2020:559:1",
    "ECLI:FR:CE:2020:444937.20201013",
    "ECLI:FR:CE:2020:444937.20201332",
    "ECLI:fr:ceCHR:2021:393099.20200421",
    "ECLI:FR:CECHR:2021:393099",
    "ECLI:EU:C:\u0662\u0660\u0662\u0660:559",
]


@pytest.mark.parametrize("raw", ECLIS)
def test_a_full_ecli_is_normalised_as_cases_identifiers_does(raw):
    fast = ex._valid_ecli(raw, "")
    assert fast is None or fast == _identifiers_say(parse_ecli, raw)
    expected = _identifiers_say(parse_ecli, raw)
    assert ex._ecli_found(raw)[:2] == (
        (Kind.ECLI, expected) if expected else (Kind.ECLI_MALFORMED, raw)
    )


@pytest.mark.parametrize("raw", [e[5:].upper() for e in ECLIS])
def test_a_short_ecli_is_normalised_as_cases_identifiers_does(raw):
    fast = ex._valid_ecli(raw, "ECLI:")
    expected = _identifiers_say(lambda v: parse_ecli(v, allow_short=True), raw)
    assert fast is None or fast == expected
    assert ex._short_ecli_found(raw) == ((Kind.ECLI, expected, "") if expected else ())


def test_the_common_identifiers_take_the_fast_paths():
    # Not a correctness check: these must not fall back to cases.identifiers, or the fast paths
    # have stopped working.
    assert ex._valid_ecli("ECLI:EU:C:2020:559", "") == "ECLI:EU:C:2020:559"
    assert ex._valid_ecli("EU:C:2020:559", "ECLI:") == "ECLI:EU:C:2020:559"
    assert ex._valid_ecli("ECLI:FR:CE:2020:444937.20201013", "") is None  # parse_ecli's checks


CELEXES = ["62018CJ0311", "61999TJ0001", "62018CJ0000", "62018FC9999", "62018CJ\u0660311"]


@pytest.mark.parametrize("raw", CELEXES)
def test_a_celex_number_is_normalised_as_cases_identifiers_does(raw):
    assert ex._CELEX.fullmatch(raw) or not raw.isascii()
    expected = _identifiers_say(parse_celex, raw)
    assert ex._celex_found(raw) == ((Kind.CELEX, expected, "") if expected else ())


_SUFFIXES = [None, *ex._SUFFIX.replace("\\", "").split("|")]


@pytest.mark.parametrize(
    ("letter", "number", "year"),
    [
        (letter, number, year)
        for letter in "CTF"
        for number in ("1", "311", "9999", "0311", "07", "\u0663\u0661")
        for year in ("04", "05", "16", "17", "18", "\u0661\u0668")
    ],
)
def test_a_cjeu_number_is_normalised_as_cases_identifiers_does(letter, number, year):
    for suffix in _SUFFIXES:
        value = f"{letter}-{number}/{year} {suffix or ''}"
        expected = _identifiers_say(parse_cjeu_case_number, value)
        assert ex._cjeu_case(letter, number, year, suffix) == expected, value


@pytest.mark.parametrize(
    "digits",
    [
        "444937",
        "45016",
        "045016",
        "450 163",
        "450\u00a0163",
        "450\u202f163",
        "\u0664\u0665\u0660163",
    ],
)
def test_a_ce_number_is_normalised_as_cases_identifiers_does(digits):
    assert ex._CE_DIGITS.fullmatch(digits)
    assert ex._ce_number(digits) == _identifiers_say(parse_ce_number, digits)
