"""The API's case list answers in the same number of queries for 1 case as for 20, and names
each case's parties exactly as the case page does."""

import datetime as dt

import pytest
from django.core.cache import cache

from cases import selectors
from cases.models import Case, Party, Proceeding, ProceedingParty
from tests.factories import make_case, make_court, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def cases_with_people(n: int) -> list[Case]:
    """`n` published cases, each with two proceedings (the later-lodged one entered first) and
    three pseudonymised people, so that the letters depend on the order of appearance."""
    court = make_court()
    cases = []
    for i in range(n):
        case, later = make_case(title=f"Case {i}", court=court)
        earlier = Proceeding.objects.create(
            case=case, court=court, number=f"E{i}", lodged_on=dt.date(2020, 1, 1)
        )
        make_person(later, name=f"Late Person {i}")
        make_person(earlier, name=f"Early Person {i}")
        make_person(earlier, name=f"Second Early Person {i}")
        cases.append(case)
    return cases


@pytest.mark.parametrize("n", [1, 20])
def test_case_list_query_count_does_not_grow_with_cases(client, django_assert_max_num_queries, n):
    """Guards the N+1 of the party names: the pseudonym letters used to be computed with two
    queries per case (participants and their counsel); they now come from the prefetch."""
    cases_with_people(n)
    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/cases/")
    assert response.status_code == 200
    assert len(response.json()["results"]) == n


def test_case_list_names_parties_as_the_case_page_does(client):
    cases = cases_with_people(3)
    body = client.get("/api/v1/cases/").json()["results"]
    for case in cases:
        expected = selectors.case_party_names(case=case)
        shown = next(row for row in body if row["slug"] == case.slug)
        names = {
            party["name"] for proceeding in shown["proceedings"] for party in proceeding["parties"]
        }
        assert names == set(expected.values())
        assert not any("Person" in name for name in names)
        people = ProceedingParty.objects.filter(
            proceeding__case=case, party__kind=Party.Kind.NATURAL_PERSON
        ).select_related("party")
        early = next(p for p in people if p.party.name.startswith("Early"))
        assert expected[early.party_id] == "A... B..."
