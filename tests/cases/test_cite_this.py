"""The "cite this" box of a ruling page (cases/citation_format.py): the EU style names the
ruling by its official case name, never by its party records; the French style gives the
formation and the applicants as French usage does; court-published pseudonyms are kept."""

import datetime as dt

import pytest

from cases import permissions
from cases.models import Court, Party, ProceedingParty, Ruling
from organisations.models import Membership, Organisation
from tests.factories import cases as f
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def page(client, ruling: Ruling, language: str) -> str:
    response = client.get(f"/{language}/rulings/{ruling.slug}/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def join(proceeding, party, role=ProceedingParty.Role.APPLICANT):
    ProceedingParty.objects.create(proceeding=proceeding, party=party, role=role)


@pytest.fixture
def schrems_ii_imported(db):
    """Schrems II as an import brings it: every party recorded, the official case name apart."""
    cjeu = f.court(
        slug="cjeu",
        name_fr="Cour de justice de l'Union européenne",
        short_name_fr="CJUE",
        short_name_en="CJEU",
        country="EU",
        kind=Court.Kind.EU,
    )
    proceeding = f.proceeding(f.case("Schrems II"), cjeu, number="C-311/18")
    join(proceeding, f.party("Data Protection Commissioner", kind=Party.Kind.PUBLIC_AUTHORITY))
    join(
        proceeding,
        f.party("Facebook Ireland Ltd", kind=Party.Kind.COMPANY),
        ProceedingParty.Role.RESPONDENT,
    )
    schrems = f.party(
        "Maximillian Schrems", kind=Party.Kind.NATURAL_PERSON, name_published_by_court=True
    )
    join(proceeding, schrems, ProceedingParty.Role.RESPONDENT)
    return f.ruling(
        proceeding,
        number="C-311/18",
        kind=Ruling.Kind.JUDGMENT,
        decided_on=dt.date(2020, 7, 16),
        ecli="ECLI:EU:C:2020:559",
        slug="cjue-2020-07-16-c-311-18",
        short_name="Schrems II",
        case_name="Facebook Ireland and Schrems",
        title_en="Data Protection Commissioner v Facebook Ireland Limited and Maximillian Schrems",
    )


def test_the_eu_style_cites_the_official_case_name_not_the_parties(client, schrems_ii_imported):
    english = page(client, schrems_ii_imported, "en")
    assert (
        "judgment of 16 July 2020, Facebook Ireland and Schrems, C-311/18, EU:C:2020:559" in english
    )
    assert "judgment of 16 July 2020, Data Protection Commissioner" not in english
    assert "judgment of 16 July 2020, Maximillian Schrems" not in english


def test_the_french_page_shows_the_eu_style_in_french(client, schrems_ii_imported):
    french = page(client, schrems_ii_imported, "fr")
    assert (
        "arrêt du 16 juillet 2020, Facebook Ireland et Schrems, C-311/18, EU:C:2020:559" in french
    )
    assert "CJUE, 16 juillet 2020, Facebook Ireland et Schrems, aff. C-311/18" in french
    assert "CJUE, 16 juillet 2020, aff. C-311/18" in french
    assert "judgment of" not in french


@pytest.fixture
def conseil_detat_order(db):
    """A référé order brought by eleven applicants, as the Doctolib order was."""
    ce = f.court(slug="conseil-etat", name_fr="Conseil d'État", short_name_fr="CE")
    proceeding = f.proceeding(f.case("Référé vaccination"), ce, number="450163")
    join(proceeding, f.party("Association X"))
    for n in range(10):
        join(proceeding, f.party(f"Syndicat {n}", kind=Party.Kind.UNION))
    join(
        proceeding,
        f.party("Ministre de la santé", kind=Party.Kind.PUBLIC_AUTHORITY),
        ProceedingParty.Role.RESPONDENT,
    )
    return f.ruling(
        proceeding,
        number="450163",
        decided_on=dt.date(2021, 3, 12),
        formation_fr="Juge des référés",
        slug="ce-2021-03-12-450163",
        ecli="ECLI:FR:CEORD:2021:450163.20210312",
    )


def test_the_french_style_gives_the_formation_and_the_first_applicant_and_others(
    client, conseil_detat_order
):
    for language in ("fr", "en"):
        shown = page(client, conseil_detat_order, language)
        assert "CE, juge des référés, 12 mars 2021, Association X et autres, n° 450163" in shown
        assert "CE, réf., 12 mars 2021, n° 450163" in shown
        assert "Syndicat 3" not in shown.split('class="cite-this"')[1].split("</section>")[0]


@pytest.fixture
def published_pseudonym(db):
    """A natural person the Conseil d'État itself publishes as "Mme A... D...", recorded so."""
    ce = f.court(slug="conseil-etat", name_fr="Conseil d'État", short_name_fr="CE")
    proceeding = f.proceeding(f.case("Recours individuel"), ce, number="461234")
    person = f.party("Mme A... D...", kind=Party.Kind.NATURAL_PERSON, name_published_by_court=True)
    join(proceeding, person)
    ruling = f.ruling(
        proceeding,
        number="461234",
        kind=Ruling.Kind.DECISION,
        decided_on=dt.date(2022, 5, 4),
        formation_fr="Section",
        slug="ce-2022-05-04-461234",
        ecli=None,
    )
    return ruling, person


def test_a_court_published_pseudonym_is_kept_as_published(client, published_pseudonym):
    ruling, person = published_pseudonym
    shown = page(client, ruling, "fr")
    assert "CE, Sect., 4 mai 2022, Mme A... D..., n° 461234" in shown
    assert "Mme A... D..." in shown.split('id="parties-title"')[1]
    # Not re-masked in the admin either: the name is the court's pseudonym, no secret, while
    # a person the court does not publish stays masked for an editor of another association.
    elsewhere = Organisation.objects.create(name="Autre association", slug="autre")
    editor = make_member("editor-elsewhere", elsewhere, Membership.Role.EDITOR)
    assert permissions.can_see_party_name(editor, person)
    secret = f.party("Jeanne Martin", kind=Party.Kind.NATURAL_PERSON)
    assert not permissions.can_see_party_name(editor, secret)
