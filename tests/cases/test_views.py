"""Public pages: what they list and hide, draft previews, former slugs, pseudonymisation,
language redirects, cookies, health check, and query counts that stay flat as data grows."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from cases.models import Case, Party, ProceedingParty
from tests.factories import (
    CaseFactory,
    CaseSlugAliasFactory,
    CounselFactory,
    CourtFactory,
    FilingFactory,
    HearingFactory,
    PartyFactory,
    ProceedingFactory,
    ProceedingPartyFactory,
    RulingFactory,
    TopicFactory,
    UserFactory,
    draft_case,
    make_curator,
)

DRAFT_BANNER = 'class="banner draft"'


def url(name: str, language: str = "fr", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def staff_client(client):
    """A curator: site staff who may preview every unpublished case."""
    client.force_login(make_curator())
    return client


# Home page --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_home_page_lists_published_cases_and_hides_drafts_and_cases_in_review(client, language):
    CaseFactory(title_fr="Affaire publiée", title_en="Published case")
    CaseFactory(archived=True, title_fr="Affaire archivée", title_en="Archived case")
    draft_case(title_fr="Affaire en brouillon", title_en="Draft case")
    CaseFactory(review=True, title_fr="Affaire en relecture", title_en="Case in review")

    response = client.get(url("home", language))

    assert response.status_code == 200
    content = response.content.decode()
    shown = {"fr": "Affaire publiée", "en": "Published case"}[language]
    assert shown in content
    assert {"fr": "Affaire archivée", "en": "Archived case"}[language] in content
    for hidden in ("brouillon", "Draft case", "relecture", "Case in review"):
        assert hidden not in content
    assert Case.objects.count() == 4


@pytest.mark.django_db
def test_the_home_page_shows_upcoming_hearings_and_rulings_of_public_cases_only(client):
    soon = timezone.localdate() + dt.timedelta(days=3)
    public = ProceedingFactory(case=CaseFactory(title_fr="Affaire publique"))
    hidden = ProceedingFactory(case=draft_case(title_fr="Affaire cachée"))
    HearingFactory(proceeding=public, date=soon)
    HearingFactory(proceeding=hidden, date=soon)
    RulingFactory(proceeding=public, short_name="Ordonnance publique")
    RulingFactory(proceeding=hidden, short_name="Ordonnance cachée")

    content = client.get(url("home")).content.decode()

    assert "Affaire publique" in content
    assert "Ordonnance publique" in content
    assert "cachée" not in content


@pytest.mark.django_db
def test_a_case_shown_in_the_other_language_says_so(client):
    CaseFactory(title_fr="Affaire seulement en français", title_en="")

    content = client.get(url("home", "en")).content.decode()

    assert '<span lang="fr">Affaire seulement en français</span>' in content
    assert "not available in this language" in content


# Case pages -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_published_case_page_has_no_draft_banner(client):
    case = CaseFactory(title_fr="Affaire publiée")

    response = client.get(url("case_detail", slug=case.slug))

    assert response.status_code == 200
    assert "Affaire publiée" in response.content.decode()
    assert DRAFT_BANNER not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("publication", [Case.Publication.DRAFT, Case.Publication.REVIEW])
def test_an_unpublished_case_is_not_found_by_anonymous_readers(client, publication):
    case = CaseFactory(publication=publication)

    response = client.get(url("case_detail", slug=case.slug))

    assert response.status_code == 404
    assert case.title_fr not in response.content.decode()


@pytest.mark.django_db
def test_an_unpublished_case_is_not_found_by_logged_in_readers_who_are_not_staff(client):
    case = draft_case()
    client.force_login(UserFactory())

    assert client.get(url("case_detail", slug=case.slug)).status_code == 404


@pytest.mark.django_db
def test_staff_preview_a_draft_case_under_a_draft_banner(staff_client):
    case = draft_case(title_fr="Affaire en préparation")

    response = staff_client.get(url("case_detail", slug=case.slug))

    assert response.status_code == 200
    content = response.content.decode()
    assert DRAFT_BANNER in content
    assert "Brouillon" in content  # the page is in French (/fr/)
    assert "Affaire en préparation" in content
    case.refresh_from_db()
    assert case.publication == Case.Publication.DRAFT


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_former_slug_redirects_permanently_to_the_current_one(client, language):
    case = CaseFactory(slug="doctolib-aws")
    CaseSlugAliasFactory(case=case, slug="doctolib")

    response = client.get(url("case_detail", language, slug="doctolib"))

    assert response.status_code == 301
    assert response["Location"] == f"/{language}/cases/doctolib-aws/"


@pytest.mark.django_db
def test_a_former_slug_of_a_draft_case_is_not_found(client):
    CaseSlugAliasFactory(case=draft_case(slug="secret-new"), slug="secret-old")

    response = client.get(url("case_detail", slug="secret-old"))

    assert response.status_code == 404
    assert "secret-new" not in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_case_slug_is_not_found(client):
    assert client.get(url("case_detail", slug="no-such-case")).status_code == 404


# Pseudonymisation on public pages ---------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_doctolib_case_page_never_shows_a_natural_person_s_name(client, demo, language):
    response = client.get(url("case_detail", language, slug="doctolib-aws"))

    assert response.status_code == 200
    content = response.content.decode()
    for person in Party.objects.filter(kind=Party.Kind.NATURAL_PERSON):
        if person.is_pseudonymised:
            assert person.name not in content
    assert "A... B..." in content
    assert "C... D..." in content
    assert "E... F..." not in content
    assert "InterHop" in content
    assert "Juliette Alibert" in content


@pytest.mark.django_db
def test_letters_restart_in_each_case_and_a_name_published_by_the_court_is_shown(client, demo):
    health_data_hub = client.get(url("case_detail", slug="health-data-hub")).content.decode()
    schrems_2 = client.get(url("case_detail", slug="schrems-ii")).content.decode()

    assert "A... B..." in health_data_hub
    assert "C... D..." not in health_data_hub
    assert "Maximillian Schrems" in schrems_2
    assert "A... B..." not in schrems_2


@pytest.mark.django_db
def test_a_case_page_shows_neither_first_nor_last_name_of_a_natural_person(client):
    participant = ProceedingPartyFactory(
        party=PartyFactory(natural_person=True, name="Camille Durand")
    )
    ProceedingPartyFactory(proceeding=participant.proceeding, party=PartyFactory(name="InterHop"))

    content = client.get(url("case_detail", slug=participant.proceeding.case.slug)).content
    content = content.decode()

    assert "Camille" not in content
    assert "Durand" not in content
    assert "A... B..." in content
    assert "InterHop" in content


@pytest.mark.django_db
def test_letters_follow_the_order_of_the_case_page_even_for_an_undated_proceeding(client):
    case = CaseFactory()
    undated = ProceedingFactory(case=case, lodged_on=None)
    dated = ProceedingFactory(case=case, lodged_on=dt.date(2018, 5, 9))
    ProceedingPartyFactory(proceeding=dated, party=PartyFactory(natural_person=True))
    ProceedingPartyFactory(proceeding=undated, party=PartyFactory(natural_person=True))

    content = client.get(url("case_detail", slug=case.slug)).content.decode()

    assert content.count("A... B...") == 1
    assert content.count("C... D...") == 1
    assert content.index("A... B...") < content.index("C... D...")


@pytest.mark.django_db
def test_a_pseudonymised_natural_person_has_no_party_page(client, demo):
    person = Party.objects.filter(kind=Party.Kind.NATURAL_PERSON, name_published_by_court=False)[0]

    response = client.get(url("party_detail", slug=person.slug))

    assert response.status_code == 404
    assert person.name not in response.content.decode()


@pytest.mark.django_db
def test_organisations_and_persons_named_by_the_court_have_party_pages(client, demo):
    for name in ("InterHop", "Maximillian Schrems"):
        party = Party.objects.get(name=name)

        response = client.get(url("party_detail", slug=party.slug))

        assert response.status_code == 200
        assert name in response.content.decode()


@pytest.mark.django_db
def test_a_party_page_lists_only_the_public_cases_of_the_party(client):
    party = PartyFactory(name="InterHop")
    ProceedingPartyFactory(party=party, proceeding__case__title_fr="Affaire publique")
    ProceedingPartyFactory(party=party, proceeding__case=draft_case(title_fr="Affaire cachée"))

    content = client.get(url("party_detail", slug=party.slug)).content.decode()

    assert "Affaire publique" in content
    assert "Affaire cachée" not in content


# Other pages ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_ruling_of_a_draft_case_has_no_public_page_but_case_law_from_elsewhere_has(client):
    hidden = RulingFactory(proceeding=ProceedingFactory(case=draft_case()))
    cited = RulingFactory(proceeding=None, short_name="Schrems II")

    assert client.get(url("ruling_detail", slug=hidden.slug)).status_code == 404
    response = client.get(url("ruling_detail", slug=cited.slug))
    assert response.status_code == 200
    assert "Schrems II" in response.content.decode()


@pytest.mark.django_db
def test_a_curator_previewing_a_draft_case_s_ruling_sees_its_case(staff_client):
    case = draft_case(title_fr="Affaire en préparation")
    ruling = RulingFactory(proceeding=ProceedingFactory(case=case))

    response = staff_client.get(url("ruling_detail", slug=ruling.slug))

    assert response.status_code == 200
    assert [p.case for p in response.context["proceedings"]] == [case]
    assert "Affaire en préparation" in response.content.decode()


@pytest.mark.django_db
def test_a_court_page_loads(client):
    court = CourtFactory(cjeu=True)

    response = client.get(url("court_detail", "en", slug=court.slug))

    assert response.status_code == 200
    assert "Court of Justice of the European Union" in response.content.decode()


# Language, cookies, health ----------------------------------------------------------------


def test_the_root_redirects_english_readers_to_the_english_pages(client):
    response = client.get("/", headers={"accept-language": "en-GB,en;q=0.9"})

    assert response.status_code == 302
    assert response["Location"] == "/en/"
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize("accept_language", [None, "fr-FR,fr;q=0.9", "de-DE,de;q=0.9"])
def test_the_root_redirects_everyone_else_to_the_french_pages(client, accept_language):
    headers = {"accept-language": accept_language} if accept_language else {}

    response = client.get("/", headers=headers)

    assert response.status_code == 302
    assert response["Location"] == "/fr/"
    assert not response.cookies


@pytest.mark.django_db
def test_anonymous_public_pages_set_no_cookie(client, demo):
    pages = [
        "/",
        url("home", "fr"),
        url("home", "en"),
        url("case_detail", slug="doctolib-aws"),
        url("case_detail", "en", slug="schrems-ii"),
        url("ruling_detail", slug="cjue-2020-07-16-c-311-18"),
        url("court_detail", slug="ce"),
        url("party_detail", slug=Party.objects.get(name="InterHop").slug),
        url("case_detail", slug="no-such-case"),
    ]

    for page in pages:
        response = client.get(page, headers={"accept-language": "en"})

        assert response.status_code in (200, 302, 404), page
        assert not response.cookies, page
        assert "Set-Cookie" not in response.headers, page


@pytest.mark.django_db
def test_the_page_language_follows_the_url_prefix_not_the_browser(client):
    response = client.get(url("home", "en"), headers={"accept-language": "fr"})

    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.django_db
def test_the_health_check_answers_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"database ok\ncache ok\n"
    assert "no-cache" in response["Cache-Control"]


# Query counts -----------------------------------------------------------------------------

# The upcoming hearings, the latest rulings, the cases updated last: the home shows neither
# the cases' topics nor their latest activity, and reads neither.
HOME_QUERIES = 3
# The timeline page also reads events, status updates, cited case law and change history, and
# the judgments its proceedings share with other cases (joined cases: one query).
CASE_QUERIES = 15


def published_case_with_everything() -> Case:
    """A public case with a topic, an upcoming hearing and a ruling, as the home page shows."""
    case = CaseFactory(topics=[TopicFactory()])
    proceeding = ProceedingFactory(case=case)
    HearingFactory(proceeding=proceeding, date=timezone.localdate() + dt.timedelta(days=2))
    RulingFactory(proceeding=proceeding)
    return case


@pytest.mark.django_db
@pytest.mark.parametrize("cases", [1, 10])
def test_the_home_page_query_count_does_not_grow_with_the_cases(
    client, django_assert_max_num_queries, cases
):
    """Guards the N+1 of the home page: each upcoming hearing's case and court, each latest
    ruling's court must come from joins, not a query per row; and the cases' topics and
    latest activity, which the home does not show, are not read (a fourth query, five
    correlated subqueries per case)."""
    for _ in range(cases):
        published_case_with_everything()

    with django_assert_max_num_queries(HOME_QUERIES):
        response = client.get(url("home"))

    assert response.status_code == 200
    assert len(response.context["cases"]) == cases
    assert all("last_activity_on" not in vars(case) for case in response.context["cases"])


@pytest.mark.django_db
@pytest.mark.parametrize("parties", [1, 10])
def test_the_case_page_query_count_does_not_grow_with_parties_or_proceedings(
    client, django_assert_max_num_queries, parties
):
    """Guards the N+1 of the case page: each participant's party and counsel, each
    proceeding's court, filings, hearings (with their change history) and rulings must come
    from joins or one prefetch, not a query per row."""
    case = CaseFactory()
    for _ in range(parties):
        proceeding = ProceedingFactory(case=case)
        ProceedingPartyFactory(
            proceeding=proceeding,
            party=PartyFactory(natural_person=True),
            counsel=[CounselFactory()],
        )
        ProceedingPartyFactory(
            proceeding=proceeding,
            party=PartyFactory(),
            role=ProceedingParty.Role.RESPONDENT,
            counsel=[CounselFactory()],
        )
        FilingFactory(proceeding=proceeding)
        HearingFactory(proceeding=proceeding)
        RulingFactory(proceeding=proceeding)

    with django_assert_max_num_queries(CASE_QUERIES):
        response = client.get(url("case_detail", slug=case.slug))

    assert response.status_code == 200
    assert len(response.context["participants"]) == 2 * parties
