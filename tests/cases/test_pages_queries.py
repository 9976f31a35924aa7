"""Every public page issues the same bounded number of queries for 1 item as for 50."""

import datetime as dt

import pytest

from cases.models import Court, Party, Ruling
from tests.factories import cases as f

pytestmark = pytest.mark.django_db


def pages_for(case):
    the_court = Court.objects.filter(proceedings__case=case).first()
    ruling = Ruling.objects.filter(proceeding__case=case).first()
    member = Party.objects.filter(kind=Party.Kind.ASSOCIATION).first()
    return {
        "home": "/fr/",
        "cases": "/fr/cases/",
        "case": case.get_absolute_url(),
        "timeline": "/fr/timeline/",
        "hearings": "/fr/hearings/",
        "rulings": "/fr/rulings/",
        "ruling": ruling.get_absolute_url(),
        "court": the_court.get_absolute_url(),
        "party": member.get_absolute_url(),
        "search": "/fr/search/?q=Affaire",
        "sitemap": "/sitemap.xml",
    }


# The N+1 each limit guards: per-case topics on the list, per-proceeding filings, hearings,
# hearing changes, rulings and numbers and per-participant counsel on the case page, per-entry
# case and court on the timeline and calendar, per-citation rulings on the ruling page, per-row
# lookups in the sitemap.
LIMITS = {
    "home": 6,
    "cases": 12,
    "case": 20,
    "timeline": 8,
    "hearings": 6,
    "rulings": 8,
    "ruling": 16,
    "court": 6,
    "party": 6,
    "search": 6,
    "sitemap": 6,
}


# 50 of everything on a case takes long to build: that size runs in make test and CI.
@pytest.mark.parametrize("n", [1, pytest.param(50, marks=pytest.mark.slow)])
@pytest.mark.parametrize("page", sorted(LIMITS))
def test_page_query_count_does_not_grow_with_items(client, django_assert_max_num_queries, page, n):
    """Guards the N+1s listed above LIMITS: the same maximum holds for 1 and for 50 items."""
    case = f.populated_case(n, today=dt.date.today())
    url = pages_for(case)[page]
    with django_assert_max_num_queries(LIMITS[page]):
        response = client.get(url)
    assert response.status_code == 200
