"""The extractor over real-world citation forms, in French and English, and the traps."""

import datetime as dt

import pytest

from citations.extract import Court, Document, Kind, extract
from tests.citations.helpers import DOCTOLIB_EXCERPT


def found(text):
    return [(m.kind, m.identifier) for m in extract(text)]


def only(text):
    matches = extract(text)
    assert len(matches) == 1, matches
    return matches[0]


@pytest.mark.parametrize(
    ("text", "identifier"),
    [
        ("ECLI:EU:C:2020:559", "ECLI:EU:C:2020:559"),
        ("arrêt Schrems II (ECLI:EU:C:2020:559).", "ECLI:EU:C:2020:559"),
        ("ecli:eu:c:2015:650", "ECLI:EU:C:2015:650"),
        ("ECLI:FR:CEORD:2021:450163.20210312", "ECLI:FR:CEORD:2021:450163.20210312"),
        ("voir ECLI:FR:CEORD:2020:444937.20201013.", "ECLI:FR:CEORD:2020:444937.20201013"),
        ("Schrems (C-362/14, EU:C:2015:650, point 73)", "ECLI:EU:C:2015:650"),
    ],
)
def test_eclis_are_found_and_normalised(text, identifier):
    assert (Kind.ECLI, identifier) in found(text)


def test_the_ecli_offsets_are_python_slices_of_the_text():
    text = "Voir l'arrêt ECLI:EU:C:2020:559, point 94."
    m = only(text)
    assert text[m.start : m.end] == m.text == "ECLI:EU:C:2020:559"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("ECLI:EU:C:20:559", "year"),
        ("ECLI:EU:C:2020", "5"),
        ("ECLI:FR:CEORD:2021:450163.20211312", "calendar date"),
        ("ECLI:FR:1CE:2021:450163", "digit"),
        ("ECLI:EU:C:2999:1", "after"),
    ],
)
def test_malformed_eclis_are_reported_as_such_never_accepted(text, reason):
    m = only(f"cité {text} ici")
    assert m.kind == Kind.ECLI_MALFORMED
    assert m.identifier == text
    assert reason in m.error


def test_a_legifrance_id_is_not_an_ecli():
    assert found("CETATEXT000043261301") == []


@pytest.mark.parametrize(
    ("text", "identifier"),
    [
        ("C-311/18", "C-311/18"),
        ("aff. C-311/18", "C-311/18"),
        ("affaire C\u2011311/18", "C-311/18"),  # non-breaking hyphen
        ("affaire C\u2013311/18", "C-311/18"),  # en dash
        ("Case C\u2212311/18", "C-311/18"),  # minus sign
        ("C\u00a0-\u00a0311/18", "C-311/18"),  # no-break spaces
        ("Case C-362/14 Schrems", "C-362/14"),
        ("C-64/20 PPU", "C-64/20 PPU"),
        ("C-621/18 P", "C-621/18 P"),
        ("T-604/18 R", "T-604/18 R"),
        ("T-738/16, La Quadrature du Net", "T-738/16"),
        ("F-46/09", "F-46/09"),
    ],
)
def test_cjeu_case_numbers_in_their_real_world_forms(text, identifier):
    assert found(text) == [(Kind.CJEU_CASE, identifier)]


@pytest.mark.parametrize(
    "text",
    [
        "affaires jointes C-511/18, C-512/18 et C-520/18",
        "Joined Cases C-511/18, C-512/18 and C-520/18",
        "aff. jointes C\u2011511/18, C\u2011512/18 et C\u2011520/18",
        "joined cases C-511/18, 512/18 and 520/18",
    ],
)
def test_joined_cases_give_one_match_per_number(text):
    assert found(text) == [
        (Kind.CJEU_CASE, "C-511/18"),
        (Kind.CJEU_CASE, "C-512/18"),
        (Kind.CJEU_CASE, "C-520/18"),
    ]
    for m in extract(text):
        assert text[m.start : m.end] == m.text


def test_digital_rights_ireland_joined_cases_in_english():
    assert found("Digital Rights Ireland and Others (C-293/12 and C-594/12)") == [
        (Kind.CJEU_CASE, "C-293/12"),
        (Kind.CJEU_CASE, "C-594/12"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "directive 95/46/CE du 24 octobre 1995",
        "décision 2016/1250",
        "art. L. 521-2 du code de justice administrative",
        "F-2/99",  # no Civil Service Tribunal before 2005
        "C-0311/18",
        "règlement (UE) 2016/679",
        "T-Mobile",
    ],
)
def test_things_that_look_like_case_numbers_are_not_taken(text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "identifier"),
    [
        ("62018CJ0311", "62018CJ0311"),
        ("CELEX:62014CJ0362", "62014CJ0362"),
        ("62018CC0311", "62018CC0311"),
    ],
)
def test_celex_numbers(text, identifier):
    assert found(text) == [(Kind.CELEX, identifier)]


def test_ce_citation_of_an_urgent_order_with_date_and_formation():
    m = only("CE, réf., 13 oct. 2020, n° 444937")
    assert (m.kind, m.identifier) == (Kind.CE_NUMBER, "444937")
    assert m.court == Court.CE
    assert m.decided_on == dt.date(2020, 10, 13)
    assert m.formation == "réf."
    assert m.text == "n° 444937"
    assert (m.citation_start, m.citation_end) == (0, 33)


def test_ce_citation_ord_ref_with_req_number():
    m = only("CE, ord. réf., 12 mars 2021, req. n° 450163")
    assert (m.identifier, m.decided_on, m.formation) == (
        "450163",
        dt.date(2021, 3, 12),
        "ord. réf.",
    )


def test_ce_assemblee_citation():
    m = only("CE, Ass., 21 avr. 2021, n° 393099")
    assert (m.identifier, m.decided_on, m.formation) == ("393099", dt.date(2021, 4, 21), "Ass.")


def test_ce_citation_with_a_bare_number_after_a_numeric_date():
    m = only("Conseil d'État, 21/04/2021, 393099")
    assert (m.kind, m.identifier, m.decided_on, m.court) == (
        Kind.CE_NUMBER,
        "393099",
        dt.date(2021, 4, 21),
        Court.CE,
    )
    assert m.text == "393099"


def test_ce_citation_with_party_names_and_several_numbers():
    text = "CE, Ass., 21 avril 2021, French Data Network et autres, nos 393099, 394922, 397844"
    matches = extract(text)
    assert [m.identifier for m in matches] == ["393099", "394922", "397844"]
    assert {m.parties for m in matches} == {"French Data Network et autres"}
    assert {m.decided_on for m in matches} == {dt.date(2021, 4, 21)}


@pytest.mark.parametrize(
    "text",
    [
        "Conseil d\u2019État, juge des référés, 12/03/2021, 450163, Inédit au recueil Lebon",
        "CE 12 mars 2021, n° 450163",
        "CE, 1er mars 2021, n° 450163",
        "CE, ord., 12 mars 2021, n°450163",
        "CE, réf., 12 mars 2021, Association InterHop et autres, n° 450 163",
    ],
)
def test_ce_citation_variants(text):
    assert [(m.kind, m.identifier) for m in extract(text)] == [(Kind.CE_NUMBER, "450163")]


@pytest.mark.parametrize(
    ("text", "court", "date", "document", "parties"),
    [
        (
            "CJUE, 16 juillet 2020, Facebook Ireland et Schrems",
            Court.CJUE,
            dt.date(2020, 7, 16),
            None,
            "Facebook Ireland et Schrems",
        ),
        (
            "ordonnance du 12 mars 2021 du juge des référés du Conseil d'État",
            Court.CE,
            dt.date(2021, 3, 12),
            Document.ORDER,
            "",
        ),
        (
            "arrêt du 16 juillet 2020, Data Protection Commissioner c/ Facebook Ireland",
            None,
            dt.date(2020, 7, 16),
            Document.JUDGMENT,
            "Data Protection Commissioner c/ Facebook Ireland",
        ),
        (
            "CJEU, 6 October 2015, Schrems",
            Court.CJUE,
            dt.date(2015, 10, 6),
            None,
            "Schrems",
        ),
        (
            "the judgment of the Court of Justice of 16 July 2020, Facebook Ireland and Schrems",
            Court.CJUE,
            dt.date(2020, 7, 16),
            Document.JUDGMENT,
            "Facebook Ireland and Schrems",
        ),
        (
            "the order of 13 October 2020 of the urgent applications judge of the Conseil d'État",
            Court.CE,
            dt.date(2020, 10, 13),
            Document.ORDER,
            "",
        ),
        (
            "CJUE, gde ch., 6 oct. 2015, Schrems",
            Court.CJUE,
            dt.date(2015, 10, 6),
            None,
            "Schrems",
        ),
    ],
)
def test_citations_by_court_and_date_without_a_number(text, court, date, document, parties):
    m = only(text)
    assert m.kind == Kind.COURT_DATE
    assert (m.court, m.decided_on, m.document, m.parties) == (court, date, document, parties)
    assert text[m.start : m.end] == m.text


def test_a_decision_of_the_commission_is_not_a_court_citation():
    assert found("la décision du 12 juillet 2016 de la Commission") == []


def test_an_impossible_date_is_not_a_citation():
    assert found("CJUE, 31 février 2020, Schrems") == []


def test_the_doctolib_order_excerpt():
    matches = extract(DOCTOLIB_EXCERPT)
    kinds = [(m.kind, m.identifier) for m in matches]
    assert (Kind.CJEU_CASE, "C-311/18") in kinds
    assert (Kind.CE_NUMBER, "444937") in kinds
    schrems = next(m for m in matches if m.identifier == "C-311/18")
    assert schrems.decided_on == dt.date(2020, 7, 16)
    assert schrems.court == Court.CJUE
    assert "Facebook Ireland" in schrems.parties
    assert all(DOCTOLIB_EXCERPT[m.start : m.end] == m.text for m in matches)


@pytest.mark.parametrize(
    "text",
    [
        "D. 2020. 2432",
        "N° Lexbase : A72903XU",
        "RUE n°646",
        "RUE n° 64612",
        "AJDA 2021, n° 12345",
        "JCP G 2020, n° 123456",
        "Lexbase Hebdo n° 845123",
        "Gaz. Pal. 2021, n° 12345",
        "JORF n° 12345",
        "loi n° 78-17 du 6 janvier 1978",
        "décret n° 2021-1059",
        "délibération n° 2020-044",
        "n° 1234",
    ],
)
def test_journal_and_publisher_references_are_not_case_citations(text):
    assert found(text) == []


def test_english_judgment_reference_with_ecli_and_paragraph():
    text = (
        "judgment of 16 July 2020, Data Protection Commissioner v Facebook Ireland and Schrems "
        "(C-311/18, EU:C:2020:559, paragraph 94)"
    )
    assert found(text) == [(Kind.CJEU_CASE, "C-311/18"), (Kind.ECLI, "ECLI:EU:C:2020:559")]
    assert {m.decided_on for m in extract(text)} == {dt.date(2020, 7, 16)}


def test_no_citation_in_plain_text():
    assert extract("Le juge des référés rejette la requête.") == []
    assert extract("") == []
