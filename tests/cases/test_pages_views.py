"""The public pages through the test client: content, filters, visibility, identifiers."""

import datetime as dt
import re

import pytest

from cases.models import Case, Hearing, Party, Ruling
from organisations.models import Membership, Organisation
from tests.cases.helpers import text
from tests.factories import cases as f
from tests.factories import make_curator, make_member

pytestmark = pytest.mark.django_db
SCHREMS_II = "/en/rulings/cjue-2020-07-16-c-311-18/"


# --- Home, case timeline ---------------------------------------------------------------------


def test_home_offers_past_hearings_when_none_is_upcoming(client, demo):
    page = text(client.get("/en/"))
    assert "No hearing in the next 30 days." in page
    assert "/en/hearings/?when=past" in page
    assert "Schrems II" in page


def test_home_lists_an_upcoming_hearing(client, demo):
    the_case = f.case("Affaire à venir")
    f.hearing(f.proceeding(the_case), dt.date.today() + dt.timedelta(days=3))
    assert "Affaire à venir" in text(client.get("/fr/"))


def test_case_timeline_runs_from_filing_to_order_in_order(client, demo):
    page = text(client.get("/en/cases/doctolib-aws/")).split('id="timeline-title"')[1]
    positions = [
        page.index(f'entry-head"><time datetime="{day}"')
        for day in ("2021-02-26", "2021-03-08", "2021-03-11", "2021-03-12")
    ]
    assert positions == sorted(positions)
    assert "10:30 (Paris time)" in page
    assert "Juliette Alibert" in page  # counsel, in the parties section after the timeline
    assert "Schrems II" in page  # the ruling the case relies on
    assert 'href="/en/rulings/cjue-2020-07-16-c-311-18/"' in page


def test_case_timeline_is_in_french_with_french_dates(client, demo):
    page = text(client.get("/fr/cases/doctolib-aws/"))
    assert '<html lang="fr">' in page
    assert "12 mars 2021" in page
    assert "Chronologie" in page
    assert "10 h 30 (heure de Paris)" in page


def test_case_page_pseudonymises_natural_persons(client, demo):
    page = text(client.get("/fr/cases/doctolib-aws/"))
    assert "A... B..." in page and "C... D..." in page
    assert "Personne physique" not in page
    assert "/parties/person-" not in page


def test_rescheduled_hearing_says_where_it_moved_from(client):
    the_case = f.case()
    hearing = f.hearing(f.proceeding(the_case), dt.date(2030, 5, 4))
    from cases import services

    services.hearing_reschedule(
        hearing=hearing, date=dt.date(2030, 6, 1), start_time=None, reason="renvoi"
    )
    page = text(client.get(f"/en/cases/{the_case.slug}/"))
    assert "Moved from 4 May 2030" in page
    assert "time not announced" in page
    assert "Next step" in page and "1 June 2030" in page


def test_case_page_has_canonical_and_hreflang_alternates(client, demo):
    page = text(client.get("/en/cases/doctolib-aws/"))
    assert '<link rel="canonical" href="http://127.0.0.1:8000/en/cases/doctolib-aws/">' in page
    assert 'hreflang="fr" href="http://127.0.0.1:8000/fr/cases/doctolib-aws/"' in page
    assert '<meta name="description" content="Associations and unions' in page


def test_former_slug_redirects_permanently(client):
    the_case = f.case("Ancien titre")
    old = the_case.slug
    the_case.slug = "nouveau"
    from cases import services

    services.case_save(case=the_case)
    response = client.get(f"/fr/cases/{old}/")
    assert response.status_code == 301
    assert response["Location"] == "/fr/cases/nouveau/"


# --- Drafts ----------------------------------------------------------------------------------


@pytest.fixture
def draft(db):
    the_case = f.case("Brouillon secret", publication=Case.Publication.DRAFT)
    proceeding = f.proceeding(the_case)
    f.hearing(proceeding, dt.date.today() + dt.timedelta(days=2))
    f.ruling(proceeding, short_name="Décision secrète", ecli="ECLI:FR:CEORD:2021:999999.20210312")
    return the_case


DRAFT_FREE_PAGES = [
    "/fr/",
    "/fr/cases/",
    "/fr/timeline/",
    "/fr/hearings/",
    "/fr/rulings/",
    "/fr/search/?q=secret",
    "/fr/search/?q=Brouillon",
    "/sitemap.xml",
]


@pytest.mark.parametrize("url", DRAFT_FREE_PAGES)
def test_draft_case_appears_nowhere_for_anonymous_visitors(client, draft, url):
    response = client.get(url)
    assert response.status_code == 200
    body = text(response)
    assert "Brouillon secret" not in body
    assert "Décision secrète" not in body
    assert draft.slug not in body


def test_draft_case_and_its_ruling_answer_404(client, draft):
    ruling = Ruling.objects.get(short_name="Décision secrète")
    assert client.get(f"/fr/cases/{draft.slug}/").status_code == 404
    assert client.get(f"/fr/rulings/{ruling.slug}/").status_code == 404
    assert client.get(f"/ecli/{ruling.ecli}/").status_code == 404
    assert client.get("/fr/search/?q=999999").status_code == 200  # no redirect to the draft


def test_draft_counts_do_not_include_drafts(client, draft, demo):
    page = text(client.get("/en/cases/"))
    assert "4 cases" in page


@pytest.mark.parametrize("name", ["slug", "title", "piece"])
def test_a_draft_named_in_the_filters_matches_nothing_and_the_page_says_so(client, draft, name):
    """A draft is as unknown as a made-up name: by slug, by title or by a piece of it, the
    filters answer 200 with no entry, say that nothing matches, and never show the draft."""
    typed = {"slug": draft.slug, "title": "brouillon SECRET", "piece": "secret"}[name]
    for path in ("hearings", "timeline"):
        response = client.get(f"/en/{path}/", {"case": typed}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        body = response.content.decode()
        assert f"Case: nothing matches “{typed}”" in body
        assert "Brouillon secret" not in body
        assert "Décision secrète" not in body
        assert response.context["name_notes"][0].found.records == []


def test_staff_preview_a_draft_with_a_banner(client, draft):
    client.force_login(make_curator())
    page = text(client.get(f"/en/cases/{draft.slug}/"))
    assert "Draft — not public" in page
    ruling = Ruling.objects.get(short_name="Décision secrète")
    assert "Draft — not public" in text(client.get(f"/en/rulings/{ruling.slug}/"))


def test_staff_of_another_organisation_cannot_preview_a_draft(client, draft):
    """Being staff is not enough: an editor previews only their organisation's drafts."""
    other = Organisation.objects.create(name="Autre association", slug="autre")
    client.force_login(make_member("editor-elsewhere", other, Membership.Role.EDITOR))
    assert client.get(f"/en/cases/{draft.slug}/").status_code == 404
    ruling = Ruling.objects.get(short_name="Décision secrète")
    assert client.get(f"/en/rulings/{ruling.slug}/").status_code == 404
    assert draft.slug not in text(client.get("/en/cases/"))


def test_an_editor_previews_their_own_organisations_draft(client, draft):
    own = Organisation.objects.create(name="Association propriétaire", slug="proprio")
    Case.objects.filter(pk=draft.pk).update(organisation=own)
    client.force_login(make_member("editor-here", own, Membership.Role.EDITOR))
    assert "Draft — not public" in text(client.get(f"/en/cases/{draft.slug}/"))


# --- Lists and filters -----------------------------------------------------------------------


def test_cases_list_facets_count_public_cases(client, demo):
    page = text(client.get("/en/cases/"))
    assert "4 cases" in page
    assert 'href="?court=ce">Conseil d&#x27;État (French Council of State)</a>' in page
    assert "(2)" in page


@pytest.mark.parametrize(
    ("query", "expected", "absent"),
    [
        ("court=ce", "Doctolib", "Schrems I:"),
        ("status=decided&topic=health-data", "Doctolib", "xx-none"),
        ("procedure=preliminary_reference", "Schrems", "Doctolib"),
        ("party=interhop", "Doctolib", "Schrems"),
        ("q=Doctolib", "Doctolib", "Health Data Hub"),
        ("filed_after=2021-01-01", "Doctolib", "Health Data Hub"),
        ("filed_before=2020-12-31", "Health Data Hub", "Doctolib"),
        ("sort=title", "Doctolib", "xx-none"),
    ],
)
def test_cases_list_filters(client, demo, query, expected, absent):
    response = client.get(f"/en/cases/?{query}")
    assert response.status_code == 200
    results = text(response).split('id="results-title"')[1]
    assert expected in results
    assert absent not in results


def test_cases_list_upcoming_filter(client, demo):
    the_case = f.case("Avec audience")
    f.hearing(f.proceeding(the_case), dt.date.today() + dt.timedelta(days=40))
    results = text(client.get("/fr/cases/?upcoming=on")).split('id="results-title"')[1]
    assert "Avec audience" in results and "Doctolib" not in results


def test_hearings_calendar_upcoming_and_past(client, demo):
    the_case = f.case("Audience future")
    proceeding = f.proceeding(the_case)
    f.hearing(proceeding, dt.date.today() + dt.timedelta(days=5), start_time=dt.time(14, 0))
    upcoming = text(client.get("/en/hearings/")).split('id="results-title"')[1]
    assert "Audience future" in upcoming and "Doctolib" not in upcoming
    assert "14:00 (Paris time)" in upcoming
    past = text(client.get("/en/hearings/?when=past")).split('id="results-title"')[1]
    assert "Doctolib" in past and "Audience future" not in past
    assert "time not announced" in past  # the CJEU hearings have no time
    assert past.index("8 March 2021") < past.index("8 October 2020")  # latest first


@pytest.mark.parametrize(
    ("query", "expected", "absent"),
    [
        ("when=past&court=cjue", "Schrems", "Doctolib"),
        ("when=past&case=doctolib-aws", "Doctolib", "Schrems"),
        ("when=past&party=facebook-ireland-ltd", "Schrems II", "Doctolib"),
    ],
)
def test_hearings_calendar_filters(client, demo, query, expected, absent):
    results = text(client.get(f"/en/hearings/?{query}")).split('id="results-title"')[1]
    assert expected in results and absent not in results


def test_timeline_filters_by_kind_court_and_period(client, demo):
    page = text(client.get("/en/timeline/?kind=ruling&court=ce"))
    results = page.split('id="results-title"')[1]
    assert "Doctolib" in results and "Schrems II" not in results
    assert "Filing" not in results
    page = text(client.get("/en/timeline/?start=2021-03-01&end=2021-03-31"))
    results = page.split('id="results-title"')[1]
    assert "11 March 2021" in results and "2020" not in results


def test_timeline_pages_by_date(client):
    the_case = f.case()
    proceeding = f.proceeding(the_case)
    for i in range(60):
        f.hearing(proceeding, dt.date(2020, 1, 1) + dt.timedelta(days=i))
    first = client.get("/en/timeline/?kind=hearing")
    body = text(first)
    assert "before=" in body
    assert 'datetime="2020-02-29"' in body and 'datetime="2020-01-01"' not in body
    second = text(client.get("/en/timeline/?kind=hearing&before=2020-01-20"))
    assert 'datetime="2020-01-01"' in second and 'datetime="2020-01-20"' not in second


def test_rulings_list_and_filters(client, demo):
    page = text(client.get("/en/rulings/"))
    assert "9 rulings" in page  # 5 of demo.json, 4 from the official sources' files
    results = text(client.get("/en/rulings/?court=cjue&year=2020&kind=judgment"))
    assert "1 ruling" in results and "Schrems II" in results
    assert "0 rulings" in text(client.get("/en/rulings/?outcome=granted"))


def test_ruling_page_shows_identifiers_citations_and_cite_this(client, demo):
    # The official case name the EU style cites (the demo may not carry it yet).
    Ruling.objects.filter(ecli="ECLI:EU:C:2020:559").update(
        case_name="Facebook Ireland and Schrems"
    )
    page = text(client.get(SCHREMS_II))
    for expected in (
        "ECLI:EU:C:2020:559",
        "62018CJ0311",
        "C-311/18",
        "Grand Chamber",
        "judgment of 16 July 2020, Facebook Ireland and Schrems, C-311/18, EU:C:2020:559",
        "CJUE, 16 juillet 2020, aff. C-311/18",
        "Schrems I",  # cites
        "Doctolib",  # cited by
        "applies",
        "positive: followed or applied",
        "Schrems II (conclusions)",  # its AG opinion
    ):
        assert expected in page, expected


def test_doctolib_order_cites_in_french_style(client, demo):
    page = text(client.get("/fr/rulings/ce-2021-03-12-450163/"))
    assert "CE, réf., 12 mars 2021, n° 450163" in page
    assert "A... B..." in page


def test_opinion_links_to_its_judgment(client, demo):
    opinion = Ruling.objects.get(kind=Ruling.Kind.OPINION)
    page = text(client.get(f"/en/rulings/{opinion.slug}/"))
    assert f'href="{SCHREMS_II}"' in page


def test_court_and_party_pages(client, demo):
    court = text(client.get("/en/courts/cjue/"))
    assert "Schrems II" in court and "Court of Justice of the European Union" in court
    party = text(client.get("/en/parties/interhop/"))
    assert "Doctolib" in party and "Health Data Hub" in party


def test_pseudonymised_person_has_no_party_page(client, demo):
    person = Party.objects.filter(kind=Party.Kind.NATURAL_PERSON, name_published_by_court=False)
    assert client.get(f"/en/parties/{person.first().slug}/").status_code == 404
    schrems = Party.objects.get(name="Maximillian Schrems")
    assert client.get(f"/en/parties/{schrems.slug}/").status_code == 200


# --- Identifiers, search, sitemap -------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["ECLI:EU:C:2020:559", "ecli:eu:c:2020:559", "Ecli:Eu:C:2020:559"],
)
def test_ecli_resolver_redirects_case_insensitively(client, demo, value):
    response = client.get(f"/ecli/{value}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"] == SCHREMS_II


def test_ecli_resolver_picks_the_language_from_accept_language(client, demo):
    response = client.get("/ecli/ECLI:EU:C:2020:559/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert response["Location"] == "/fr/rulings/cjue-2020-07-16-c-311-18/"


def test_unknown_valid_ecli_gets_a_helpful_404(client, demo):
    response = client.get("/ecli/ECLI:EU:C:2020:1/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert "well-formed ECLI" in text(response)
    assert "/en/search/?q=ECLI%3AEU%3AC%3A2020%3A1" in text(response)


@pytest.mark.parametrize(
    ("value", "part"),
    [
        ("ECLX:EU:C:2020:559", "prefix"),
        ("ECLI:EUR:C:2020:559", "country"),
        ("ECLI:EU:1C:2020:559", "court code"),
        ("ECLI:EU:C:20:559", "year"),
        ("ECLI:EU:C:2020:.559", "ordinal"),
        ("ECLI:EU:C:2020", "format"),
    ],
)
def test_malformed_ecli_gets_a_400_naming_the_part(client, value, part):
    response = client.get(f"/ecli/{value}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert part in text(response)


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("ECLI:EU:C:2020:559", "cjue-2020-07-16-c-311-18"),
        ("ecli:fr:ceord:2021:450163.20210312", "ce-2021-03-12-450163"),
        ("C-311/18", "cjue-2020-07-16-c-311-18"),
        ("c\u2011311/18", "cjue-2020-07-16-c-311-18"),
        ("450163", "ce-2021-03-12-450163"),
        ("n° 450163", "ce-2021-03-12-450163"),
    ],
)
def test_search_for_an_identifier_goes_to_the_ruling(client, demo, query, slug):
    response = client.get("/fr/search/", {"q": query})
    assert response.status_code == 302
    assert response["Location"] == f"/fr/rulings/{slug}/"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Doctolib", "Doctolib / AWS"),
        ("InterHop", "InterHop"),
        ("surveillance", "Schrems II"),
        ("Privacy Shield", "Schrems II"),
    ],
)
def test_search_finds_cases_rulings_and_parties(client, demo, query, expected):
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 200
    # Titles and names show the matched words marked: compare the text without the marks.
    assert expected in re.sub(r"</?mark>", "", text(response))
    assert "<mark>" in text(response)


def test_search_never_finds_a_pseudonymised_person(client, demo):
    assert "Personne physique" not in text(client.get("/fr/search/?q=Personne"))


def test_sitemap_lists_public_pages_in_both_languages(client, demo):
    response = client.get("/sitemap.xml")
    assert response["Content-Type"].startswith("application/xml")
    body = text(response)
    assert "<loc>http://127.0.0.1:8000/fr/cases/doctolib-aws/</loc>" in body
    assert 'hreflang="en" href="http://127.0.0.1:8000/en/cases/doctolib-aws/"' in body
    assert "/parties/interhop/" in body
    hidden = Party.objects.filter(kind=Party.Kind.NATURAL_PERSON, name_published_by_court=False)
    assert hidden.exists()
    for person in hidden:
        assert f"/parties/{person.slug}/" not in body


def test_robots_txt_points_to_the_sitemap(client):
    body = text(client.get("/robots.txt"))
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in body


def test_public_get_forms_carry_no_csrf_token(client, demo):
    for url in ("/fr/", "/fr/cases/", "/fr/hearings/", "/fr/search/?q=x", "/fr/timeline/"):
        response = client.get(url)
        assert "csrfmiddlewaretoken" not in text(response)
        assert not response.cookies


def test_cancelled_hearing_shows_its_status(client):
    the_case = f.case()
    f.hearing(
        f.proceeding(the_case),
        dt.date.today() + dt.timedelta(days=2),
        status=Hearing.Status.CANCELLED,
    )
    assert "cancelled" in text(client.get("/en/hearings/"))
