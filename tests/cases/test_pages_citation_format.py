"""The "cite this" formats (cases/citation_format.py)."""

import dataclasses
import datetime as dt

from cases.citation_format import (
    CitableRuling,
    eu_case_name,
    eu_style,
    french_date,
    french_style,
)

SCHREMS_II = CitableRuling(
    court_short_fr="CJUE",
    court_country="EU",
    kind="judgment",
    decided_on=dt.date(2020, 7, 16),
    numbers=("C-311/18",),
    formation_fr="Grande chambre",
    ecli="ECLI:EU:C:2020:559",
    title_en="Data Protection Commissioner v Facebook Ireland Limited and Maximillian Schrems",
    title_fr="Data Protection Commissioner contre Facebook Ireland Ltd et Maximillian Schrems",
    authority_names=frozenset({"Data Protection Commissioner (Ireland)"}),
    person_names=frozenset({"Maximillian Schrems"}),
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


def test_eu_style_in_french_uses_the_english_title_when_there_is_no_french_one():
    ruling = dataclasses.replace(SCHREMS_II, title_fr="")
    assert eu_style(ruling, "fr").startswith(
        "arrêt du 16 juillet 2020, Facebook Ireland and Schrems, C-311/18"
    )


def test_national_ruling_in_eu_style_in_french():
    assert eu_style(DOCTOLIB, "fr") == (
        "CE (FR), ordonnance du 12 mars 2021, n° 450163, ECLI:FR:CEORD:2021:450163.20210312"
    )


def test_cjeu_judgment_in_french_style():
    assert french_style(SCHREMS_II) == "CJUE, 16 juillet 2020, aff. C-311/18"


def test_first_of_the_month_is_written_1er():
    assert french_date(dt.date(2021, 3, 1)) == "1er mars 2021"


def test_case_name_keeps_the_applicant_when_not_an_authority():
    title = "Maximillian Schrems v Data Protection Commissioner"
    name = eu_case_name(
        title,
        authority_names=frozenset({"Data Protection Commissioner"}),
        person_names=frozenset({"Maximillian Schrems"}),
    )
    assert name == "Schrems"


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
