"""Every citation form the site prints, and those lawyers type, finds its ruling or case
through the search box (cases/citation_forms.py, cases.selectors.identifier_hits;
docs/identifiers.md, "Citation forms and lookup").

No marker: CI runs this file on PostgreSQL and again on SQLite (tests/conftest.py)."""

import datetime as dt
import html
import re

import pytest

from cases.models import Case, Court, Proceeding, Ruling
from tests.factories import cases as f

pytestmark = pytest.mark.django_db

SCHREMS_II = "/fr/rulings/cjue-2020-07-16-c-311-18/"
DOCTOLIB = "/fr/rulings/ce-2021-03-12-450163/"


def search(client, query: str):
    return client.get("/fr/search/", {"q": query}, HTTP_ACCEPT_LANGUAGE="fr")


def opinion_url() -> str:
    opinion = Ruling.objects.get(kind=Ruling.Kind.OPINION, numbers__number="C-311/18")
    return opinion.get_absolute_url()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ECLI:EU:C:2020:559", SCHREMS_II),
        ("EU:C:2020:559", SCHREMS_II),
        ("aff. C-311/18", SCHREMS_II),
        ("C311/18", SCHREMS_II),
        ("C 311/18", SCHREMS_II),
        ("CJUE, 16 juillet 2020, aff. C-311/18", SCHREMS_II),
        ("CE, réf., 12 mars 2021, n° 450163", DOCTOLIB),
        ("CE, juge des référés, 12 mars 2021, Association X et autres, n° 450163", DOCTOLIB),
        ("CE 450163", DOCTOLIB),
        ("Conseil d'État 450163", DOCTOLIB),
        ("FR:CEORD:2021:450163.20210312", DOCTOLIB),
    ],
)
def test_a_citation_form_goes_to_its_ruling(client, demo, query, expected):
    response = search(client, query)
    assert response.status_code == 302, query
    assert response["Location"] == expected


def test_the_date_of_a_citation_picks_the_opinion_sharing_the_judgment_number(client, demo):
    response = search(client, "CJUE, concl., 19 décembre 2019, aff. C-311/18")
    assert response["Location"] == opinion_url().replace("/en/", "/fr/")
    assert search(client, "C-311/18")["Location"] == SCHREMS_II


def printed_citations(client, url: str) -> list[str]:
    """The citations the "cite this" box of a ruling page prints."""
    page = client.get(url).content.decode()
    return [
        html.unescape(c) for c in re.findall(r'<output class="citation"[^>]*>(.*?)</output>', page)
    ]


def test_every_citation_the_ruling_pages_print_leads_back_to_the_ruling(client, demo):
    """The "cite this" box's French styles (full and short) and EU style, on the French and
    the English page, of every demo ruling, with and without an official case name."""
    Ruling.objects.filter(ecli="ECLI:EU:C:2020:559").update(
        case_name="Facebook Ireland and Schrems"
    )
    rulings = list(Ruling.objects.public())
    assert len(rulings) == 9  # 5 of demo.json, 4 from the official sources' files
    for ruling in rulings:
        for language in ("fr", "en"):
            printed = printed_citations(client, f"/{language}/rulings/{ruling.slug}/")
            assert len(printed) == 3
            for citation in printed:
                response = search(client, citation)
                assert response.status_code == 302, citation
                assert response["Location"] == f"/fr/rulings/{ruling.slug}/", citation


@pytest.fixture
def opinion_1_15(db):
    """The CJEU's Opinion 1/15 (EU-Canada PNR) beside Tele2 (C-203/15), whose number and
    text share "15" with it: on PostgreSQL the text search used to answer Tele2."""
    cjeu = f.court(slug="cjeu", short_name_fr="CJUE", country="EU", kind=Court.Kind.EU)
    f.ruling(
        None,
        cjeu,
        number="C-203/15",
        kind=Ruling.Kind.JUDGMENT,
        decided_on=dt.date(2016, 12, 21),
        slug="cjue-2016-12-21-c-203-15",
        short_name="Tele2",
        summary_en="Opinion 1 of the Court on data retention, 15 points.",
    )
    return f.ruling(
        None,
        cjeu,
        number="Avis 1/15",
        kind=Ruling.Kind.DECISION,
        decided_on=dt.date(2017, 7, 26),
        slug="cjue-2017-07-26-avis-1-15",
        short_name="PNR Canada",
    )


@pytest.mark.parametrize("query", ["Opinion 1/15", "avis 1/15", "Avis 1/15", "opinion 1/15"])
def test_a_cjeu_opinion_number_finds_the_opinion_never_tele2(client, opinion_1_15, query):
    response = search(client, query)
    assert response.status_code == 302
    assert response["Location"] == "/fr/rulings/cjue-2017-07-26-avis-1-15/"


def test_an_opinion_number_nobody_carries_lists_nothing_rather_than_tele2(client, opinion_1_15):
    response = search(client, "Opinion 2/13")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tele2" not in page
    assert "Opinion 2/13" in page


@pytest.fixture
def pending(db):
    """A Conseil d'État proceeding with no ruling yet, in a published case."""
    ce = f.court(slug="conseil-etat", short_name_fr="CE", name_fr="Conseil d'État")
    the_case = f.case("Référé en cours")
    f.proceeding(the_case, ce, number="499999")
    return the_case


def test_a_pending_proceeding_number_finds_its_case(client, pending):
    for query in ("499999", "n° 499999", "CE 499999", "CE, réf., n° 499999"):
        response = search(client, query)
        assert response.status_code == 302, query
        assert response["Location"] == f"/fr/cases/{pending.slug}/"


def test_a_draft_case_number_finds_nothing_publicly(client, pending):
    Case.objects.filter(pk=pending.pk).update(publication=Case.Publication.DRAFT)
    response = search(client, "499999")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Référé en cours" not in page
    assert pending.slug not in page


def test_a_number_two_courts_use_lists_both_instead_of_picking_one(client, demo):
    appeal_court = f.court(
        slug="ca-paris", name_fr="Cour d'appel de Paris", short_name_fr="CA Paris"
    )
    appeal = f.case("Appel commercial")
    f.proceeding(appeal, appeal_court, number="450163")
    response = search(client, "450163")
    assert response.status_code == 200
    page = response.content.decode()
    assert DOCTOLIB in page
    assert f"/fr/cases/{appeal.slug}/" in page
    assert "Cour d&#x27;appel de Paris" in page
    # The court named picks one.
    assert search(client, "CE 450163")["Location"] == DOCTOLIB
    assert search(client, "CA Paris 450163")["Location"] == f"/fr/cases/{appeal.slug}/"


def test_a_ruling_wins_over_the_pending_proceeding_of_its_court(client, demo):
    assert Proceeding.objects.filter(number="450163").exists()
    assert search(client, "450163")["Location"] == DOCTOLIB


def test_an_unknown_number_says_so_in_english(client, demo):
    response = client.get("/en/search/", {"q": "aff. C-999/19"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "No ruling or case published here carries C-999/19." in response.content.decode()


def test_a_malformed_ecli_typed_into_search_is_said_to_be_malformed(client, demo):
    response = client.get("/en/search/", {"q": "ECLI:EN:C:2020:559"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert "This ECLI is malformed" in page
    assert "ECLI country &#x27;EN&#x27; is not a country code in use for ECLIs" in page
