"""Reading typed citations (cases/citation_forms.py): pure parsing, no database."""

import datetime as dt

import pytest

from cases.citation_forms import ecli_error, parse_citation


@pytest.mark.parametrize(
    ("text", "ecli"),
    [
        ("ECLI:EU:C:2020:559", "ECLI:EU:C:2020:559"),
        ("EU:C:2020:559", "ECLI:EU:C:2020:559"),
        ("  eu:c:2020:559 ", "ECLI:EU:C:2020:559"),
        (
            "CE (FR), order of 12 March 2021, No 450163, ECLI:FR:CEORD:2021:450163.20210312",
            "ECLI:FR:CEORD:2021:450163.20210312",
        ),
    ],
)
def test_eclis_with_and_without_prefix(text, ecli):
    assert parse_citation(text).ecli == ecli


@pytest.mark.parametrize(
    ("text", "numbers", "court", "decided_on"),
    [
        ("aff. C-311/18", ("C-311/18",), "", None),
        ("affaire C\u2011311/18", ("C-311/18",), "", None),
        ("C311/18", ("C-311/18",), "", None),
        ("C 311/18", ("C-311/18",), "", None),
        ("T-604/18 R", ("T-604/18 R",), "", None),
        ("CJUE, 16 juillet 2020, aff. C-311/18", ("C-311/18",), "CJUE", dt.date(2020, 7, 16)),
        ("CE, réf., 12 mars 2021, n° 450163", ("450163",), "CE", dt.date(2021, 3, 12)),
        ("CE, réf., 13 oct. 2020, n° 444937", ("444937",), "CE", dt.date(2020, 10, 13)),
        ("CE, Ass., 1er mars 2021, n° 450163", ("450163",), "CE", dt.date(2021, 3, 1)),
        ("CE 450163", ("450163",), "CE", None),
        (
            "CJUE, gr. ch., 16 juill. 2020, aff. C-311/18",
            ("C-311/18",),
            "CJUE",
            dt.date(2020, 7, 16),
        ),
        ("req. n° 450 163", ("450163",), "", None),
        ("499999", ("499999",), "", None),
        ("Opinion 1/15", ("Opinion 1/15", "Avis 1/15"), "", None),
        ("avis 1/15", ("Opinion 1/15", "Avis 1/15"), "", None),
        (
            "CJUE, concl., 19 décembre 2019, aff. jtes C-511/18, C-512/18",
            ("C-511/18", "C-512/18"),
            "CJUE",
            dt.date(2019, 12, 19),
        ),
    ],
)
def test_numbers_with_their_court_and_date(text, numbers, court, decided_on):
    citation = parse_citation(text)
    assert (citation.numbers, citation.court, citation.decided_on) == (numbers, court, decided_on)


@pytest.mark.parametrize(
    "text",
    [
        "Privacy Shield",
        "Schrems 2020",
        "loi n° 78-17",
        "directive 95/46/CE",
        "ECLI:EN:C:2020:559",
        "C-311/2018",
        "x" * 300 + " C-311/18",
    ],
)
def test_text_that_names_no_ruling_is_left_to_the_text_search(text):
    assert parse_citation(text) is None


def test_a_text_written_as_an_ecli_that_is_not_one_says_why():
    assert ecli_error("ECLI:EN:C:2020:559").part == "country"
    assert ecli_error("ECLI:EU:C:2020:559") is None
    assert ecli_error("Schrems") is None
