"""The lists' case and party filters take names, pieces of names and slugs, whatever the
accents and the case; a name matching several records shows them all and offers to pick one;
one matching nothing says so on a 200 page (docs/finding.md)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import matching
from cases.models import Case, Party, ProceedingParty
from tests import shared
from tests.factories import cases as f
from tests.formdata import posted_data

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def submitted(client, path: str, **typed):
    """The page's filter form submitted as a browser would, with `typed` in its inputs."""
    data = posted_data(client.get(path, **EN), form_id="filter-form")
    return client.get(path, {**data, **typed}, **EN)


def timeline_cases(response) -> set[str]:
    return {entry.case.slug for entry in response.context["entries"] if entry.case}


@pytest.mark.parametrize("typed", ["Doctolib", "doctolib", "DOCTOLIB / aws", "doctolib-aws"])
def test_the_timeline_takes_a_case_by_name_piece_or_slug(client, demo, typed):
    response = submitted(client, "/en/timeline/", case=typed)
    assert response.status_code == 200
    assert timeline_cases(response) == {"doctolib-aws"}
    assert response.context["name_notes"] == []
    # The input keeps what the reader typed.
    assert f'value="{typed}"' in response.content.decode()


def test_the_hearings_page_takes_case_and_party_names_accent_insensitively(client, demo):
    response = submitted(
        client, "/en/hearings/", when="past", case="DOCTOLIB", party="federation sud sante"
    )
    assert response.status_code == 200
    assert {h.proceeding.case.slug for h in response.context["hearings"]} == {"doctolib-aws"}
    assert response.context["name_notes"] == []
    # Each name matched one record; together they leave no hearing.
    other = submitted(client, "/en/hearings/", when="past", case="santé", party="fédération sud")
    assert other.status_code == 200 and list(other.context["hearings"]) == []


def test_the_hearings_page_finds_a_partys_hearings_by_a_piece_of_its_name(client, demo):
    response = submitted(client, "/en/hearings/", when="past", party="interhop")
    assert response.status_code == 200
    slugs = {h.proceeding.case.slug for h in response.context["hearings"]}
    assert slugs == {"doctolib-aws", "health-data-hub"}


def test_the_case_list_takes_a_party_by_a_piece_of_its_name(client):
    wanted, other = f.case("Surveillance algorithmique"), f.case("Autre affaire")
    f.proceeding(wanted)
    quadrature = f.party("La Quadrature du Net")
    ProceedingParty.objects.create(
        proceeding=wanted.proceedings.get(), party=quadrature, role="applicant"
    )
    f.proceeding(other)
    response = submitted(client, "/en/cases/", party="quadrature")
    assert response.status_code == 200
    assert [case.slug for case in response.context["page"]] == [wanted.slug]


def test_a_name_matching_several_cases_shows_them_all_and_offers_each(client, demo):
    response = submitted(client, "/en/timeline/", case="schrems")
    assert response.status_code == 200
    assert timeline_cases(response) == {"schrems-i", "schrems-ii"}
    body = response.content.decode()
    assert "Case: 2 match “schrems”; the results are those of all of them." in body
    assert "case=schrems-i" in body and "case=schrems-ii" in body
    picked = client.get("/en/timeline/", {"case": "schrems-ii"}, **EN)
    assert timeline_cases(picked) == {"schrems-ii"}
    assert picked.context["name_notes"] == []


def test_more_than_ten_matches_show_the_first_ten_and_say_so(client):
    for n in range(12):
        f.party(f"Syndicat régional n° {n:02}")
    found = matching.party_match("syndicat regional")
    assert len(found.records) == 10 and found.more
    response = client.get("/en/cases/", {"party": "Syndicat"}, **EN)
    assert response.status_code == 200
    assert "Party: more than 10 match “Syndicat”" in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/en/timeline/?case=", "/en/hearings/?case=", "/en/cases/?party="]
)
def test_a_name_matching_nothing_answers_200_saying_so_with_no_result(client, demo, path):
    response = client.get(path + "Nulle part", **EN)
    assert response.status_code == 200
    body = response.content.decode()
    assert "nothing matches “Nulle part”" in body
    assert "doctolib-aws/" not in body.split("</h1>", 1)[1].split("<footer", 1)[0]


def test_a_one_letter_or_overlong_name_is_refused_with_the_reason(client):
    short = client.get("/en/timeline/", {"case": "x"}, **EN)
    assert short.status_code == 400
    assert "at least 2 characters" in short.content.decode()
    long = client.get("/en/cases/", {"party": "x" * 201}, **EN)
    assert long.status_code == 400
    assert "at most 200 characters" in long.content.decode()


def test_natural_persons_are_never_found_by_a_piece_of_a_name(client, demo):
    assert matching.party_match("Personne physique").records == []
    assert matching.party_match("Schrems").records == []
    # A natural person the court names keeps the link from its page, by slug.
    schrems = Party.objects.get(name="Maximillian Schrems")
    assert matching.party_match(schrems.slug).records == [schrems]
    assert matching.party_suggestions(schrems.slug).records == []


def test_drafts_are_never_matched(client):
    f.case("Dossier confidentiel", publication=Case.Publication.DRAFT)
    assert matching.case_match("confidentiel").records == []
    assert matching.case_match("dossier-confidentiel").records == []


def test_suggestions_are_public_cases_and_parties_at_most_ten(client, demo):
    f.case("Doctolib bis : brouillon", publication=Case.Publication.DRAFT)
    cases = client.get("/fr/suggest/cases/", {"q": "doctolib"}).json()
    assert cases["results"] == [
        {"value": "doctolib-aws", "label": Case.objects.get(slug="doctolib-aws").title_fr}
    ]
    parties = client.get("/en/suggest/parties/", {"q": "fédération"}).json()["results"]
    assert {p["label"] for p in parties} == {
        "Fédération des médecins de France (FMF)",
        "Fédération SUD santé sociaux",
    }
    for n in range(12):
        f.party(f"Association régionale {n}")
    assert len(client.get("/en/suggest/parties/", {"q": "regionale"}).json()["results"]) == 10


def test_suggestions_never_hold_a_natural_person(client, demo):
    for typed in ("personne", "schrems", "physique"):
        labels = [
            r["label"] for r in client.get("/en/suggest/parties/", {"q": typed}).json()["results"]
        ]
        assert not any(
            Party.objects.get(name=label).kind == Party.Kind.NATURAL_PERSON for label in labels
        )
    assert client.get("/en/suggest/parties/", {"q": "schrems"}).json()["results"] == []


def test_suggestions_answer_short_and_overlong_texts_clearly(client):
    assert client.get("/en/suggest/cases/", {"q": "d"}).json()["results"] == []
    response = client.get("/en/suggest/cases/", {"q": "d" * 201}, **EN)
    assert response.status_code == 400
    assert "at most 200 characters" in response.json()["error"]
    nul = client.get("/en/suggest/parties/", {"q": "inter\x00hop"}, **EN)
    assert nul.status_code == 400 and "Null characters" in nul.json()["error"]
    assert client.post("/en/suggest/cases/", {"q": "doc"}).status_code == 405


def test_the_inputs_offer_suggestions_from_the_sites_own_script(client):
    body = client.get("/en/hearings/", **EN).content.decode()
    assert 'list="id_case_suggestions"' in body and '<datalist id="id_case_suggestions">' in body
    assert 'data-suggest="/en/suggest/parties/"' in body
    assert "/static/js/suggest.js" in body
    # The hearings CSV has no page to explain an empty result on: it refuses the name.
    csv = client.get("/en/hearings.csv", {"case": "nulle part"}, **EN)
    assert csv.status_code == 400
    assert "Case: nothing matches “nulle part”." in csv.content.decode()


def test_a_suggestion_query_is_bounded_whatever_the_data(client, django_assert_max_num_queries):
    """One query per suggestion (the exact match, then the pieces), however many records."""
    for n in range(30):
        f.case(f"Affaire numéro {n}")
    with django_assert_max_num_queries(2):
        client.get("/en/suggest/cases/", {"q": "affaire"})


def test_hearings_of_a_party_listed_once_whatever_its_roles(client):
    the_case = f.case("Affaire à deux rôles")
    proceeding = f.proceeding(the_case)
    f.hearing(proceeding, dt.date.today() + dt.timedelta(days=3))
    party = f.party("Association des deux rôles")
    for role in ("applicant", "intervener"):
        ProceedingParty.objects.create(proceeding=proceeding, party=party, role=role)
    response = client.get("/en/hearings/", {"party": "deux roles"}, **EN)
    assert len(response.context["hearings"]) == 1


def test_a_name_filter_costs_the_same_queries_whatever_it_matches(client, demo):
    """The match is two queries at most (slug, then names) beside the page's own: a name
    matching two cases reads the timeline in one query more than a slug naming one, not one
    more per case matched."""
    with CaptureQueriesContext(connection) as by_slug:
        client.get("/en/timeline/", {"case": "schrems-ii"}, **EN)
    with CaptureQueriesContext(connection) as by_name:
        client.get("/en/timeline/", {"case": "schrems"}, **EN)
    assert len(by_name.captured_queries) <= len(by_slug.captured_queries) + 1


def test_the_same_records_match_on_either_database():
    """The matches depend on the text alone, not on the database folding it (SQLite's ct_fold,
    PostgreSQL's indexed lower(ct_unaccent())): accented, mixed-case, multi-word and slug
    texts give these matches on both (CI runs this module on each)."""
    sud = f.case("Fédération SUD santé sociaux c. Premier ministre", slug="sud-sante")
    lqdn = f.case("La Quadrature du Net — surveillance", slug="lqdn-surveillance")
    f.case("Ligue des droits de l'homme", slug="ldh")
    cnil = f.party("Commission nationale de l'informatique et des libertés", slug="cnil")
    f.party("Île-de-France Mobilités", slug="idfm")
    cases = {
        "Fédération": ["sud-sante"],
        "FEDERATION sud": ["sud-sante"],
        "federation sante ministre": ["sud-sante"],
        "quadrature SURVEILLANCE": ["lqdn-surveillance"],
        "lqdn-surveillance": ["lqdn-surveillance"],
        "la quadrature du net — surveillance": ["lqdn-surveillance"],
        "droits": ["ldh"],
        "ministre quadrature": [],
    }
    for text, slugs in cases.items():
        assert [c.slug for c in matching.case_match(text).records] == slugs, text
    parties = {
        "libertés": ["cnil"],
        "ÎLE de france": ["idfm"],
        "cnil": ["cnil"],
        "li": ["cnil", "idfm"],
    }
    for text, slugs in parties.items():
        assert [p.slug for p in matching.party_suggestions(text).records] == slugs, text
    assert matching.case_match("sud-sante").single == sud
    assert matching.case_match("La Quadrature du Net — SURVEILLANCE").single == lqdn
    assert matching.party_match("CNIL").single == cnil


def test_a_whole_name_shared_by_two_cases_finds_the_first_alone():
    """A text that is a whole name finds one record (the first by title), even when another
    name merely contains it."""
    first = f.case("Affaire commune")
    f.case("Affaire commune")
    f.case("Affaire commune et suite")
    found = matching.case_match("affaire COMMUNE")
    assert found.records == [first]
    assert not found.more


def _rare_and_common():
    """2 cases and parties named "rare", 30 named "courant(e)" (more than MAX_MATCHES), each
    with a hearing: one module's data for the query budgets below."""
    for case_name, party_name, count in (
        ("Affaire rare", "Syndicat rare", 2),
        ("Affaire courante", "Syndicat courant", 30),
    ):
        for n in range(count):
            proceeding = f.proceeding(f.case(f"{case_name} {n}"))
            party = f.party(f"{party_name} {n}")
            ProceedingParty.objects.create(proceeding=proceeding, party=party, role="applicant")
            f.hearing(proceeding, dt.date.today() + dt.timedelta(days=n + 1))


rare_and_common_once = shared.module_fixture(_rare_and_common, name="rare_and_common_once")


@pytest.fixture
def rare_and_common(rare_and_common_once, request):
    shared.fresh(rare_and_common_once, request, _rare_and_common)


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/en/cases/", "party"),
        ("/en/hearings/", "party"),
        ("/en/hearings/", "case"),
        ("/en/timeline/", "case"),
        ("/en/suggest/parties/", "q"),
        ("/en/suggest/cases/", "q"),
    ],
)
def test_a_filtered_page_costs_the_same_queries_for_two_matches_or_thirty(
    client, path, field, rare_and_common, django_assert_max_num_queries
):
    """The name filter costs the same queries however many records match (one for the whole
    name or slug, one for the pieces), never one per record: the same budget with 2 matches
    and with 30 (more than MAX_MATCHES)."""
    with CaptureQueriesContext(connection) as few:
        assert client.get(path, {field: "rare"}, **EN).status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(path, {field: "cour"}, **EN).status_code == 200
