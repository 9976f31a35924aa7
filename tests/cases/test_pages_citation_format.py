"""The "cite this" formats (cases/citation_format.py)."""

import dataclasses
import datetime as dt

import pytest

from cases.citation_format import (
    CitableRuling,
    eu_style,
    french_case_name,
    french_date,
    french_style,
    french_style_full,
)
from cases.citation_forms import parse_citation

SCHREMS_II = CitableRuling(
    court_short_fr="CJUE",
    court_country="EU",
    kind="judgment",
    decided_on=dt.date(2020, 7, 16),
    numbers=("C-311/18",),
    formation_fr="Grande chambre",
    ecli="ECLI:EU:C:2020:559",
    case_name="Facebook Ireland and Schrems",
    short_name="Schrems II",
)
DOCTOLIB = CitableRuling(
    court_short_fr="CE",
    court_country="FR",
    kind="order",
    decided_on=dt.date(2021, 3, 12),
    numbers=("450163",),
    formation_fr="Juge des référés",
    ecli="ECLI:FR:CEORD:2021:450163.20210312",
)


def test_conseil_d_etat_order_in_french_style():
    assert french_style(DOCTOLIB) == "CE, réf., 12 mars 2021, n° 450163"


def test_cjeu_judgment_in_eu_style():
    assert eu_style(SCHREMS_II) == (
        "judgment of 16 July 2020, Facebook Ireland and Schrems, C-311/18, EU:C:2020:559"
    )


def test_cjeu_judgment_in_eu_style_in_french():
    """The Court's own French usage: "arrêt du", the French title's parties joined by "et"."""
    assert eu_style(SCHREMS_II, "fr") == (
        "arrêt du 16 juillet 2020, Facebook Ireland et Schrems, C-311/18, EU:C:2020:559"
    )


def test_eu_style_without_case_name_gives_the_short_name_then_no_name():
    """The official case name alone is the court's; a short name is the customary one; no name
    at all is better than one made up from the parties (docs/identifiers.md)."""
    ruling = dataclasses.replace(SCHREMS_II, case_name="")
    assert eu_style(ruling, "fr").startswith("arrêt du 16 juillet 2020, Schrems II, C-311/18")
    ruling = dataclasses.replace(ruling, short_name="")
    assert eu_style(ruling) == "judgment of 16 July 2020, C-311/18, EU:C:2020:559"


def test_national_ruling_in_eu_style_in_french():
    assert eu_style(DOCTOLIB, "fr") == (
        "CE (FR), ordonnance du 12 mars 2021, n° 450163, ECLI:FR:CEORD:2021:450163.20210312"
    )


def test_cjeu_judgment_in_french_style():
    assert french_style(SCHREMS_II) == "CJUE, 16 juillet 2020, aff. C-311/18"


def test_first_of_the_month_is_written_1er():
    assert french_date(dt.date(2021, 3, 1)) == "1er mars 2021"


@pytest.mark.parametrize(
    ("english", "french"),
    [
        ("Facebook Ireland and Schrems", "Facebook Ireland et Schrems"),
        ("GC and Others", "GC e.a."),
        ("La Quadrature du Net and Others", "La Quadrature du Net e.a."),
        ("Commission v Poland", "Commission/Poland"),
        ("Schrems", "Schrems"),
    ],
)
def test_the_case_name_in_french_takes_the_courts_french_joining_words(english, french):
    assert french_case_name(english) == french
    ruling = dataclasses.replace(SCHREMS_II, case_name=english)
    assert eu_style(ruling, "fr") == f"arrêt du 16 juillet 2020, {french}, C-311/18, EU:C:2020:559"
    assert eu_style(ruling, "en") == (
        f"judgment of 16 July 2020, {english}, C-311/18, EU:C:2020:559"
    )


def test_french_style_in_full_gives_the_formation_and_the_applicants():
    order = dataclasses.replace(DOCTOLIB, applicants=("Association X", "Syndicat Y", "A... B..."))
    assert french_style_full(order) == (
        "CE, juge des référés, 12 mars 2021, Association X et autres, n° 450163"
    )
    alone = dataclasses.replace(DOCTOLIB, applicants=("Mme A... D...",))
    assert (
        french_style_full(alone) == "CE, juge des référés, 12 mars 2021, Mme A... D..., n° 450163"
    )
    assert french_style_full(DOCTOLIB) == "CE, juge des référés, 12 mars 2021, n° 450163"
    assembly = dataclasses.replace(
        DOCTOLIB, formation_fr="Assemblée du contentieux", kind="decision"
    )
    assert french_style_full(assembly).startswith("CE, Ass., 12 mars 2021, ")


def test_french_style_in_full_names_an_eu_case_by_its_french_case_name():
    assert french_style_full(SCHREMS_II) == (
        "CJUE, 16 juillet 2020, Facebook Ireland et Schrems, aff. C-311/18"
    )


def test_national_ruling_in_eu_style_names_its_court_and_full_ecli():
    assert eu_style(DOCTOLIB) == (
        "CE (FR), order of 12 March 2021, No 450163, ECLI:FR:CEORD:2021:450163.20210312"
    )


def test_opinion_and_joined_cases():
    opinion = CitableRuling(
        court_short_fr="CJUE",
        court_country="EU",
        kind="opinion",
        decided_on=dt.date(2019, 12, 19),
        numbers=("C-511/18", "C-512/18"),
    )
    assert french_style(opinion) == "CJUE, concl., 19 décembre 2019, aff. jtes C-511/18, C-512/18"
    assert eu_style(opinion).startswith("Opinion of the Advocate General delivered on 19 December")
    assert eu_style(opinion, "fr").startswith(
        "conclusions de l'avocat général présentées le 19 décembre 2019"
    )


OPINION_1_15 = CitableRuling(
    court_short_fr="CJUE",
    court_country="EU",
    kind="court_opinion",
    decided_on=dt.date(2017, 7, 26),
    numbers=("Avis 1/15",),
    ecli="ECLI:EU:C:2017:592",
    case_name="EU-Canada PNR Agreement",
)


def test_an_opinion_of_the_court_is_cited_by_its_number_as_the_court_does():
    assert eu_style(OPINION_1_15) == (
        "Opinion 1/15 (EU-Canada PNR Agreement) of 26 July 2017, EU:C:2017:592"
    )
    assert eu_style(OPINION_1_15, "fr") == (
        "avis 1/15 (EU-Canada PNR Agreement) du 26 juillet 2017, EU:C:2017:592"
    )
    assert french_style(OPINION_1_15) == "CJUE, 26 juillet 2017, avis 1/15"
    assert french_style_full(OPINION_1_15) == "CJUE, 26 juillet 2017, avis 1/15"


def test_the_printed_forms_of_an_opinion_of_the_court_read_back_as_its_number():
    for printed in (
        eu_style(dataclasses.replace(OPINION_1_15, ecli="")),
        eu_style(dataclasses.replace(OPINION_1_15, ecli=""), "fr"),
        french_style(OPINION_1_15),
    ):
        citation = parse_citation(printed)
        assert "Avis 1/15" in citation.numbers, printed
        assert citation.decided_on == dt.date(2017, 7, 26), printed


def test_unnamed_applicants_give_et_autres_after_a_single_named_one():
    order = dataclasses.replace(DOCTOLIB, applicants=("Association X",), and_others=True)
    assert french_style_full(order) == (
        "CE, juge des référés, 12 mars 2021, Association X et autres, n° 450163"
    )
