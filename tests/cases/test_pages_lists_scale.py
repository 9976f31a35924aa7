"""The list pages stay bounded at scale: filters typed as text instead of selects of
every party or case, counts and facets over at most a fixed number of cases, a bounded home."""

import datetime as dt

import pytest
from django.utils import timezone

from cases.models import Case
from cases.views import lists, pages, paging
from tests.factories import (
    CaseFactory,
    HearingFactory,
    PartyFactory,
    ProceedingFactory,
    ProceedingPartyFactory,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def results(response) -> str:
    return text(response).split('id="results-title"')[1]


@pytest.fixture
def two_parties(db):
    interhop = ProceedingPartyFactory(
        party=PartyFactory(name="InterHop", slug="interhop"),
        proceeding__case__title_en="Health data",
    )
    ProceedingPartyFactory(
        party=PartyFactory(name="La Quadrature", slug="lqdn"),
        proceeding__case__title_en="Surveillance",
    )
    return interhop


def test_the_party_filter_is_a_text_input_not_a_select_of_every_party(client, two_parties):
    page = text(client.get("/en/cases/", {"party": "interhop"}))
    assert '<select name="party"' not in page
    assert 'name="party" value="interhop"' in page
    assert "La Quadrature" not in page


@pytest.mark.parametrize("typed", ["interhop", "InterHop", "interHOP"])
def test_a_party_is_found_by_slug_or_by_its_name_in_any_case(client, two_parties, typed):
    response = client.get("/en/cases/", {"party": typed})
    assert response.status_code == 200
    assert "Health data" in results(response)
    assert "Surveillance" not in results(response)


def test_a_pseudonymised_person_cannot_be_found_by_name(client):
    person = PartyFactory(natural_person=True, name="Camille Durand")
    ProceedingPartyFactory(party=person)
    for typed in (person.slug, "Camille Durand"):
        response = client.get("/en/cases/", {"party": typed})
        # No match is said on the page (docs/finding.md), and the person's case is not listed.
        assert response.status_code == 200
        (note,) = response.context["name_notes"]
        assert note.found.records == []
        assert not response.context["page"]


def test_the_timeline_case_filter_is_a_text_input_matched_on_slug(client):
    shown = ProceedingFactory(case__slug="shown-case")
    other = ProceedingFactory(case__slug="other-case")
    HearingFactory(proceeding=shown, formation_en="Shown formation")
    HearingFactory(proceeding=other, formation_en="Other formation")
    response = client.get("/en/timeline/", {"case": "shown-case"})
    page = text(response)
    assert response.status_code == 200
    assert '<select name="case"' not in page
    assert 'name="case" value="shown-case"' in page
    assert "other-case" not in page.split("<main")[1].split('name="case"')[1]


def test_past_the_count_limit_the_list_says_more_than_and_still_pages_on(client, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_LIMIT", paging.PAGE_SIZE)
    CaseFactory.create_batch(paging.PAGE_SIZE + 1)
    first = client.get("/en/cases/")
    assert f"More than {paging.PAGE_SIZE} cases" in text(first)
    assert 'rel="next"' in text(first)
    second = client.get("/en/cases/", {"page": 2})
    assert second.status_code == 200
    assert len(second.context["page"]) == 1


def test_under_the_count_limit_the_count_is_exact(client):
    CaseFactory.create_batch(5)
    page = text(client.get("/en/cases/"))
    assert "5 cases" in page and "More than" not in page


def test_the_paginator_counts_to_its_bound_and_one_more():
    CaseFactory.create_batch(5)
    paginator = paging.BoundedPaginator(Case.objects.order_by("pk"), 2, number=1, limit=3)
    assert (paginator.count, paginator.truncated, paginator.pages_label) == (4, True, "2+")
    exact = paging.BoundedPaginator(Case.objects.order_by("pk"), 2, number=1, limit=5)
    assert (exact.count, exact.truncated, exact.pages_label) == (5, False, "3")


def test_a_deep_page_counts_past_itself_so_that_its_rows_and_next_link_exist():
    CaseFactory.create_batch(5)
    paginator = paging.BoundedPaginator(Case.objects.order_by("pk"), 2, number=2, limit=1)
    page = paginator.page(2)
    assert paginator.truncated and len(page) == 2 and page.has_next()


def test_facets_past_their_limit_count_the_first_cases_and_say_so(client, monkeypatch):
    monkeypatch.setattr(lists, "FACET_LIMIT", 2)
    CaseFactory.create_batch(3, status="decided")
    response = client.get("/en/cases/")
    assert "In the first 2 results" in text(response)
    statuses = response.context["facets"]["status"]
    assert [(item.value, item.count) for item in statuses] == [("decided", 2)]


def test_facets_under_their_limit_are_exact_and_say_nothing_more(client):
    CaseFactory.create_batch(3, status="decided")
    response = client.get("/en/cases/")
    assert "In these results" in text(response)
    statuses = response.context["facets"]["status"]
    assert [(item.value, item.count) for item in statuses] == [("decided", 3)]


def test_the_home_page_lists_only_the_soonest_hearings(client, monkeypatch):
    monkeypatch.setattr(pages, "HOME_HEARINGS", 2)
    today = timezone.localdate()
    for days, name in [(3, "Third"), (1, "First"), (2, "Second")]:
        HearingFactory(
            date=today + dt.timedelta(days=days), proceeding__case__title_en=f"{name} hearing"
        )
    page = text(client.get("/en/"))
    assert "First hearing" in page and "Second hearing" in page
    assert "Third hearing" not in page.split('id="latest-rulings"')[0]
