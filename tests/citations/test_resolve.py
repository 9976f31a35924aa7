"""Resolution of extracted citations to the demo rulings."""

import pytest

from cases.models import Ruling
from citations.extract import extract
from citations.resolve import resolve
from tests.citations.helpers import DOCTOLIB_EXCERPT

pytestmark = pytest.mark.django_db


def resolved(text, **kw):
    return [
        (r.match.identifier, r.ruling.short_name if r.ruling else None)
        for r in resolve(extract(text), **kw)
    ]


def test_the_doctolib_order_finds_and_resolves_schrems_ii(demo):
    results = resolved(DOCTOLIB_EXCERPT)
    assert ("C-311/18", "Schrems II") in results
    assert ("444937", "Health Data Hub") in results


def test_a_bare_case_number_means_the_judgment_not_the_advocate_generals_opinion(demo):
    assert resolved("aff. C-311/18") == [("C-311/18", "Schrems II")]


def test_conclusions_of_the_advocate_general_resolve_to_the_opinion(demo):
    text = "conclusions du 19 décembre 2019 de la Cour de justice, C-311/18"
    assert resolved(text) == [("C-311/18", "Schrems II (conclusions)")]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ECLI:EU:C:2015:650", "Schrems I"),
        ("EU:C:2020:559", "Schrems II"),
        ("62014CJ0362", "Schrems I"),
        ("62018CC0311", "Schrems II (conclusions)"),
        ("ECLI:FR:CEORD:2021:450163.20210312", "Doctolib"),
        ("CE, ord. réf., 12 mars 2021, req. n° 450163", "Doctolib"),
        ("Conseil d'État, 13/10/2020, 444937", "Health Data Hub"),
        ("CJUE, 16 juillet 2020, Facebook Ireland et Schrems", "Schrems II"),
        ("CJEU, 6 October 2015, Schrems", "Schrems I"),
        ("ordonnance du 12 mars 2021 du juge des référés du Conseil d'État", "Doctolib"),
        (
            "arrêt du 16 juillet 2020, Data Protection Commissioner c/ Facebook Ireland",
            "Schrems II",
        ),
        ("C\u2011362/14", "Schrems I"),
    ],
)
def test_each_identifier_kind_resolves(demo, text, name):
    assert [n for _, n in resolved(text)] == [name]


def test_unresolved_citations_keep_what_was_recognised(demo):
    (result,) = resolve(extract("CE, Ass., 21 avr. 2021, n° 393099"))
    assert result.ruling is None
    assert result.candidates == 0
    assert result.match.identifier == "393099"
    assert str(result.match.decided_on) == "2021-04-21"


def test_a_court_and_date_matching_no_known_ruling_is_unresolved(demo):
    assert resolved("CJUE, 17 juillet 2020, Facebook") == [
        ("CJUE 2020-07-16".replace("16", "17"), None)
    ]


def test_malformed_ecli_is_never_resolved(demo):
    assert resolved("ECLI:EU:C:20:559") == [("ECLI:EU:C:20:559", None)]


def test_resolution_takes_a_fixed_number_of_queries(demo, django_assert_max_num_queries):
    text = " ".join(
        [DOCTOLIB_EXCERPT, "ECLI:EU:C:2015:650", "62018CJ0311", "CJUE, 16 juillet 2020, Schrems"]
        * 20
    )
    matches = extract(text)
    with django_assert_max_num_queries(4):
        results = resolve(matches)
    assert all(
        r.ruling is not None
        for r in results
        if r.match.kind != "court_date" or "Schrems" in r.match.parties
    )


def test_public_resolution_ignores_rulings_of_unpublished_cases(demo):
    doctolib = Ruling.objects.get(short_name="Doctolib")
    doctolib.proceeding.case.__class__.objects.filter(pk=doctolib.proceeding.case_id).update(
        publication="draft"
    )
    assert resolved("req. n° 450163", rulings=Ruling.objects.public()) == [("450163", None)]
    assert resolved("req. n° 450163") == [("450163", "Doctolib")]
