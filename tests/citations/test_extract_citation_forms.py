"""Citation forms the extractor must read as lawyers type them (docs/citations.md): CJEU
numbers whose hyphen was lost, and ECLIs whose country is not one in use, reported as
malformed rather than taken for an ECLI."""

import pytest

from citations.extract import Kind, extract


@pytest.mark.parametrize(
    ("text", "written", "identifier"),
    [
        ("voir l'affaire C520/18 sur la conservation", "C520/18", "C-520/18"),
        ("voir l'affaire C 512/18 sur la conservation", "C 512/18", "C-512/18"),
        ("Case C\u00a0311/18", "C\u00a0311/18", "C-311/18"),
        ("arrêt T 604/18 R du Tribunal", "T 604/18 R", "T-604/18 R"),
    ],
)
def test_a_cjeu_number_without_its_hyphen_is_found(text, written, identifier):
    (match,) = extract(text)
    assert match.kind == Kind.CJEU_CASE
    assert match.text == written == text[match.start : match.end]
    assert match.identifier == identifier


def test_joined_cases_mixing_hyphenless_forms_give_one_match_each():
    text = "aff. jtes C-511/18, C 512/18 et C520/18"
    assert [m.identifier for m in extract(text)] == ["C-511/18", "C-512/18", "C-520/18"]


@pytest.mark.parametrize("text", ["ABC 12/18", "la directive 95/46/CE", "article C 5/2018"])
def test_a_letter_before_digits_is_not_a_cjeu_number_unless_shaped_so(text):
    assert [m for m in extract(text) if m.kind == Kind.CJEU_CASE] == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("ECLI:EN:C:2020:559", "not a country code in use"),
        ("ECLI:GR:STE:2019:1", "written 'EL'"),
        ("ecli:xx:c:2020:559", "not a country code in use"),
    ],
)
def test_an_ecli_with_a_country_not_in_use_is_malformed_never_an_ecli(text, reason):
    (match,) = extract(f"voir {text} ici")
    assert match.kind == Kind.ECLI_MALFORMED
    assert match.identifier == text
    assert reason in match.error


@pytest.mark.parametrize(
    "text", ["ECLI:EL:STE:2019:1", "ECLI:CE:ECHR:2021:0525JUD005817013", "ECLI:UK:HL:2005:1"]
)
def test_eclis_of_the_countries_in_use_are_eclis(text):
    (match,) = extract(text)
    assert match.kind == Kind.ECLI
