"""The case list walks its first cases once: the facets (over the first FACET_LIMIT cases) and
the paginator's bounded count come from one query, and equal what each counted on its own
(bench/README.md, "Case list at 100,000"). Both databases: PostgreSQL's arrays, SQLite's id
lists."""

import random
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import selectors, services
from cases.filters import CaseFilter
from cases.models import Case, Proceeding, Topic
from cases.views import lists, paging
from tests.factories import cases as f

pytestmark = pytest.mark.django_db

P = Proceeding.Procedure
PUBLIC, DRAFT = Case.Publication.PUBLISHED, Case.Publication.DRAFT


@pytest.fixture
def varied():
    """30 cases of every status, public or not, with 0 to 3 proceedings (a court twice in one
    case, at times), 0 to 2 topics."""
    rng = random.Random(7)
    courts = [f.court() for _ in range(3)]
    topics = [
        Topic.objects.create(slug=f"varied-{i}", name_fr=f"Thème {i}", name_en=f"Topic {i}")
        for i in range(3)
    ]
    for i in range(30):
        case = f.case(
            f"Affaire variée {i}",
            status=rng.choice(Case.Status.values),
            publication=rng.choice([PUBLIC, PUBLIC, Case.Publication.ARCHIVED, DRAFT]),
        )
        for _ in range(rng.randint(0, 3)):
            procedure = rng.choice([P.REFERE_LIBERTE, P.APPEAL, P.EXCES_DE_POUVOIR])
            f.proceeding(case, rng.choice(courts), procedure=procedure)
        case.topics.add(*rng.sample(topics, rng.randint(0, 2)))
    return {"courts": courts, "topics": topics}


def _filtered(params: dict):
    filterset = CaseFilter(params or None, queryset=selectors.case_list_brief(viewer=None))
    assert not filterset.is_bound or filterset.is_valid(), filterset.errors
    return filterset.qs.order_by(*filterset.ordering) if filterset.is_bound else filterset.qs


def _counted_one_by_one(cases, limit: int) -> dict:
    """The facets as a reader would count them: each of the first `limit` cases of the list,
    its status, and the distinct courts, procedures and topics of that case."""
    first = list(cases[:limit].prefetch_related("proceedings__court", "topics"))
    out = {"status": Counter(), "court": Counter(), "procedure": Counter(), "topic": Counter()}
    for case in first:
        out["status"][case.status] += 1
        out["court"].update({p.court.slug for p in case.proceedings.all()})
        out["procedure"].update({p.procedure for p in case.proceedings.all()})
        out["topic"].update({t.slug for t in case.topics.all()})
    return {name: dict(counts) for name, counts in out.items()}


def _params(world) -> list[dict]:
    one, two = world["courts"][0].slug, world["courts"][1].slug
    return [
        {},
        {"status": "decided"},
        {"court": one},
        {"court": one, "status": "decided"},
        {"court": two, "procedure": P.APPEAL},
        {"topic": world["topics"][0].slug, "sort": "title"},
        {"status": "filed", "sort": "activity"},
    ]


@pytest.mark.parametrize("limit", [1000, 5, 1])
def test_facets_and_the_count_equal_what_each_counts_alone(varied, limit):
    for params in _params(varied):
        cases = _filtered(params)
        facets = selectors.case_facets(cases=cases, limit=limit)
        got = {name: {value: n for value, _label, n in rows} for name, rows in facets.rows.items()}
        assert got == _counted_one_by_one(cases, limit), params
        # What BoundedPaginator counts with `limit` as its bound: all, or one more than it.
        assert facets.matched == min(cases.count(), limit + 1), params


def test_facets_follow_a_proceeding_moved_by_the_services(varied):
    cases = _filtered({})
    proceeding = Proceeding.objects.filter(case__in=cases).order_by("pk").first()
    to = next(c for c in varied["courts"] if c.pk != proceeding.court_id)
    proceeding.court = to
    services.record_save(instance=proceeding)
    got = selectors.case_facets(cases=_filtered({}), limit=1000)
    assert {slug: n for slug, _label, n in got.rows["court"]} == _counted_one_by_one(
        _filtered({}), 1000
    )["court"]


def test_the_first_page_counts_nothing_again_and_shows_the_same_count(client, varied):
    """Guards a second walk of the first cases: the facets' query gives the page its count."""
    params = {"court": varied["courts"][0].slug}
    expected = _filtered(params).count()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/cases/", params)
    assert response.status_code == 200
    assert not [q for q in queries if "COUNT(" in q["sql"].upper()]
    assert response.context["page"].paginator.count == expected
    word = "case" if expected == 1 else "cases"
    assert f"{expected} {word}" in response.content.decode()


def test_a_page_past_the_facets_bound_counts_itself(client, monkeypatch):
    """Past the facets' limit the paginator's bound is the page's own: it counts, as before."""
    monkeypatch.setattr(lists, "FACET_LIMIT", 3)
    monkeypatch.setattr(paging, "COUNT_LIMIT", 3)
    for i in range(paging.PAGE_SIZE + 2):
        f.case(f"Affaire {i}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/cases/", {"page": 2})
    assert response.status_code == 200
    assert len(response.context["page"]) == 2
    assert [q for q in queries if "COUNT(" in q["sql"].upper()]


def test_the_paginator_takes_a_count_made_with_its_own_bound_only():
    for i in range(5):
        f.case(f"Affaire {i}")
    cases = Case.objects.order_by("pk")
    with CaptureQueriesContext(connection) as queries:
        taken = paging.BoundedPaginator(cases, 2, number=1, limit=3, counted=(4, 3))
        assert (taken.count, taken.truncated) == (4, True)
    assert len(queries) == 0
    # Counted with another bound (a deep page's): counted again.
    deep = paging.BoundedPaginator(cases, 2, number=3, limit=3, counted=(4, 3))
    assert (deep.count, deep.truncated) == (5, False)


@pytest.mark.parametrize("n", [2, 12])
def test_the_filtered_list_takes_as_many_queries_for_few_cases_as_for_more(
    client, django_assert_max_num_queries, n
):
    """Guards per-case queries in the facets and the list: the court filter and the status
    facet, each case with two proceedings and a topic."""
    court, other = f.court(), f.court()
    topic = Topic.objects.create(slug="budget", name_fr="Budget", name_en="Budget")
    for i in range(n):
        case = f.case(f"Affaire {i}", status=Case.Status.DECIDED)
        f.proceeding(case, court)
        f.proceeding(case, other, procedure=P.APPEAL)
        case.topics.add(topic)
    # The court of the filter; the facets' cases with their counts (and on SQLite their
    # proceedings and topic links by id lists), courts' and topics' names; the form's courts
    # and topics; the page of cases; their topics.
    budget = 8 if connection.vendor == "postgresql" else 10
    with django_assert_max_num_queries(budget):
        response = client.get("/en/cases/", {"court": court.slug, "status": "decided"})
    assert response.context["page"].paginator.count == n
