"""The calendars of every hearing, a court or a party are bounded (docs/feeds.md); an unchanged
calendar answers 304 to a client that sends its ETag back, without being built."""

import datetime as dt

import pytest
from icalendar import Calendar

from cases import services
from cases.models import Hearing
from feeds import selectors as feed_selectors
from tests.factories import make_case, make_hearing

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def uids(response) -> set[str]:
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    return {str(event["UID"]).split("@")[0] for event in calendar.walk("VEVENT")}


def test_global_calendar_keeps_the_soonest_upcoming_and_latest_past_hearings(client, monkeypatch):
    monkeypatch.setattr(feed_selectors, "CALENDAR_MAX_UPCOMING", 3)
    monkeypatch.setattr(feed_selectors, "CALENDAR_MAX_PAST", 2)
    case, proceeding = make_case()
    upcoming = [make_hearing(proceeding, date=TODAY + dt.timedelta(days=d)) for d in (5, 1, 3, 9)]
    past = [make_hearing(proceeding, date=TODAY - dt.timedelta(days=d)) for d in (2, 40, 1)]
    shown = uids(client.get("/fr/calendar/hearings.ics"))
    soonest = {str(h.uid) for h in upcoming if h.date < TODAY + dt.timedelta(days=9)}
    latest = {str(h.uid) for h in past if h.date > TODAY - dt.timedelta(days=40)}
    assert shown == soonest | latest
    # A case's calendar is not bounded: it holds every hearing of the case.
    case_shown = uids(client.get(f"/fr/cases/{case.slug}/hearings.ics"))
    assert case_shown == {str(h.uid) for h in upcoming + past}


def test_bounded_calendar_lists_its_events_in_date_order(client, monkeypatch):
    monkeypatch.setattr(feed_selectors, "CALENDAR_MAX_PAST", 2)
    _case, proceeding = make_case()
    for d in (-3, -1, -2, 2, 1):
        make_hearing(proceeding, date=TODAY + dt.timedelta(days=d))
    hearings = feed_selectors.calendar_feed_hearings(today=TODAY)
    assert [h.date for h in hearings] == [TODAY + dt.timedelta(days=d) for d in (-2, -1, 1, 2)]


@pytest.mark.parametrize("scope", ["global", "case"])
def test_unchanged_calendar_answers_304_in_one_or_two_queries(
    client, django_assert_max_num_queries, scope
):
    """The conditional answer reads the hearings' ids and dates only: no calendar is built."""
    case, proceeding = make_case()
    for day in range(1, 6):
        make_hearing(proceeding, date=TODAY + dt.timedelta(days=day))
    url = (
        "/fr/calendar/hearings.ics" if scope == "global" else f"/fr/cases/{case.slug}/hearings.ics"
    )
    first = client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    # The case's calendar also reads the case (404 for a draft), hence one more query.
    with django_assert_max_num_queries(2 if scope == "global" else 3):
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert not again.content


def test_calendar_etag_changes_when_a_hearing_moves_or_is_added(client):
    _case, proceeding = make_case()
    hearing = make_hearing(proceeding, date=TODAY + dt.timedelta(days=3))
    url = "/fr/calendar/hearings.ics"
    first = client.get(url)["ETag"]
    services.hearing_reschedule(
        hearing=hearing, date=TODAY + dt.timedelta(days=4), start_time=dt.time(9, 0), reason="x"
    )
    Hearing.objects.filter(pk=hearing.pk).update(
        updated_at=hearing.updated_at + dt.timedelta(minutes=5)
    )
    moved = client.get(url, HTTP_IF_NONE_MATCH=first)
    assert moved.status_code == 200
    assert moved["ETag"] != first
    added_to = moved["ETag"]
    make_hearing(proceeding, date=TODAY + dt.timedelta(days=8))
    assert client.get(url, HTTP_IF_NONE_MATCH=added_to).status_code == 200


def test_calendar_etag_differs_by_language(client):
    _case, proceeding = make_case()
    make_hearing(proceeding, date=TODAY + dt.timedelta(days=3))
    assert (
        client.get("/fr/calendar/hearings.ics")["ETag"]
        != client.get("/en/calendar/hearings.ics")["ETag"]
    )


def test_withdrawing_the_case_changes_the_etag_and_empties_the_calendar(client):
    case, proceeding = make_case()
    hearing = make_hearing(proceeding, date=TODAY + dt.timedelta(days=3))
    first = client.get("/fr/calendar/hearings.ics")
    assert str(hearing.uid) in uids(first)
    case.publication = case.Publication.DRAFT
    case.save()
    after = client.get("/fr/calendar/hearings.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200
    assert str(hearing.uid) not in uids(after)
