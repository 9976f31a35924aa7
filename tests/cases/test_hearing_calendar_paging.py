"""The hearings calendar pages by day (cases.selectors.hearing_schedule_page): whole days, no
hearing lost or shown twice from one page to the next, a bounded number of queries."""

import datetime as dt
import re
from itertools import pairwise

import pytest

from cases import selectors
from cases.models import Hearing
from tests.factories import cases as f

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def make_hearings(days: list[int], per_day: int = 1) -> list[Hearing]:
    the_proceeding = f.proceeding(f.case("Affaire du calendrier"))
    return [
        f.hearing(the_proceeding, TODAY + dt.timedelta(days=d), start_time=dt.time(9 + i, 0))
        for d in days
        for i in range(per_day)
    ]


def walk(past: bool, size: int) -> list[list[Hearing]]:
    pages, start = [], None
    while True:
        hearings = selectors.hearing_schedule(past=past)
        page, start = selectors.hearing_schedule_page(hearings, past=past, start=start, size=size)
        pages.append(page)
        if start is None:
            return pages


@pytest.mark.parametrize("past", [False, True])
def test_pages_hold_whole_days_and_every_hearing_once(past):
    sign = -1 if past else 1
    made = make_hearings([sign * d for d in (1, 2, 2, 3, 5, 5, 5, 8, 9)], per_day=2)
    pages = walk(past, size=5)
    seen = [h.pk for page in pages for h in page]
    assert sorted(seen) == sorted(h.pk for h in made)
    days = [{h.date for h in page} for page in pages]
    for earlier, later in pairwise(days):
        assert not earlier & later  # no day split over two pages
    dates = [h.date for page in pages for h in page]
    assert dates == sorted(dates, reverse=past)
    assert all(len(page) <= 5 for page in pages[:-1] if len({h.date for h in page}) > 1)


def test_a_day_with_more_hearings_than_a_page_is_shown_whole():
    make_hearings([1], per_day=7)
    make_hearings([4])
    first, second = walk(past=False, size=3)
    assert len(first) == 7 and {h.date for h in first} == {TODAY + dt.timedelta(days=1)}
    assert [h.date for h in second] == [TODAY + dt.timedelta(days=4)]


def test_next_link_of_the_page_continues_the_calendar(client):
    make_hearings(list(range(1, 61)))
    first = client.get("/en/hearings/").content.decode()
    link = re.search(r'rel="next" href="\?([^"]+)"', first).group(1).replace("&amp;", "&")
    assert "start=" in link
    second = client.get(f"/en/hearings/?{link}").content.decode()
    assert second.count('class="hearing"') == 60 - first.count('class="hearing"')
    assert 'rel="next"' not in second


@pytest.mark.parametrize("start", ["yesterday", "9999-12-31", "0001-01-01"])
def test_malformed_or_far_page_start_is_a_400(client, start):
    assert client.get(f"/en/hearings/?start={start}").status_code == 400


@pytest.mark.parametrize("n", [1, 120])
def test_calendar_page_query_count_does_not_grow_with_hearings(
    client, django_assert_max_num_queries, n
):
    """Guards the count and OFFSET of numbered pages (gone) and the per-hearing case and court
    (select_related): the hearings, and the courts of the filter form."""
    make_hearings(list(range(1, n + 1)))
    with django_assert_max_num_queries(2):
        response = client.get("/en/hearings/?start=" + TODAY.isoformat())
    assert response.status_code == 200
