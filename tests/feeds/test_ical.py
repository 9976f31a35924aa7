import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from cases import services
from cases.models import Court, Hearing, Party
from tests.factories import (
    DRAFT_TITLE,
    PERSON_NAME,
    make_case,
    make_draft_world,
    make_hearing,
)

PARIS = ZoneInfo("Europe/Paris")


def fetch(client, url) -> Calendar:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("text/calendar")
    assert not response.cookies
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


def event_for(calendar: Calendar, hearing: Hearing):
    [event] = [e for e in events(calendar) if str(e["UID"]).startswith(str(hearing.uid))]
    return event


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_demo_calendar_parses_with_a_paris_vtimezone(client, demo, language):
    urls = [f"/{language}/calendar/hearings.ics"]
    urls += [f"/{language}/cases/{slug}/hearings.ics" for slug in ("doctolib-aws", "schrems-ii")]
    urls += [f"/{language}/courts/{c.slug}/hearings.ics" for c in Court.objects.all()]
    urls += [
        f"/{language}/parties/{p.slug}/hearings.ics" for p in Party.objects.with_public_page()[:5]
    ]
    for url in urls:
        calendar = fetch(client, url)
        [timezone] = calendar.walk("VTIMEZONE")
        assert str(timezone["TZID"]) == "Europe/Paris"
        assert calendar["VERSION"] == "2.0"


def test_doctolib_calendar_holds_the_8_march_2021_hearing_at_10_30_paris_time(client, demo):
    calendar = fetch(client, "/en/cases/doctolib-aws/hearings.ics")
    starts = [e.decoded("DTSTART") for e in events(calendar)]
    assert dt.datetime(2021, 3, 8, 10, 30, tzinfo=PARIS) in starts
    [event] = [e for e in events(calendar) if e.decoded("DTSTART").year == 2021]
    assert "Doctolib" in str(event["SUMMARY"])
    assert str(event["URL"]) == "http://127.0.0.1:8000/en/cases/doctolib-aws/"
    assert "Palais-Royal" in str(event["LOCATION"])
    assert str(event["DESCRIPTION"])


def test_reschedule_keeps_the_uid_and_bumps_sequence_and_dtstamp(client, db):
    case, proceeding = make_case()
    hearing = make_hearing(proceeding)
    url = reverse("calendar_case", kwargs={"slug": case.slug})
    before = event_for(fetch(client, url), hearing)
    services.hearing_reschedule(
        hearing=hearing, date=dt.date(2030, 3, 15), start_time=dt.time(14, 0), reason="moved"
    )
    Hearing.objects.filter(pk=hearing.pk).update(
        updated_at=hearing.updated_at + dt.timedelta(minutes=5)
    )
    after = event_for(fetch(client, url), hearing)
    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert after.decoded("DTSTAMP") > before.decoded("DTSTAMP")
    assert after.decoded("DTSTART") == dt.datetime(2030, 3, 15, 14, 0, tzinfo=PARIS)


def test_cancelled_hearing_stays_with_status_cancelled(client, db):
    case, proceeding = make_case()
    hearing = make_hearing(proceeding)
    services.hearing_set_status(hearing=hearing, status=Hearing.Status.CANCELLED, reason="x")
    for url in (reverse("calendar_case", kwargs={"slug": case.slug}), "/fr/calendar/hearings.ics"):
        event = event_for(fetch(client, url), hearing)
        assert str(event["STATUS"]) == "CANCELLED"
        assert event["SEQUENCE"] == 1


def test_unannounced_time_gives_an_all_day_date_event(client, db):
    case, proceeding = make_case()
    hearing = make_hearing(proceeding, start_time=None)
    event = event_for(fetch(client, reverse("calendar_case", kwargs={"slug": case.slug})), hearing)
    assert event.decoded("DTSTART") == dt.date(2030, 3, 8)
    assert not isinstance(event.decoded("DTSTART"), dt.datetime)
    assert event.decoded("DTEND") == dt.date(2030, 3, 9)
    assert "VALUE=DATE" in event.to_ical().decode()


def test_drafts_and_natural_persons_never_appear_in_calendars(client, db):
    world = make_draft_world()
    court = world["proceeding"].court
    for url in (
        "/fr/calendar/hearings.ics",
        f"/en/courts/{court.slug}/hearings.ics",
        f"/fr/cases/{world['public'].slug}/hearings.ics",
    ):
        body = client.get(url).content.decode()
        assert DRAFT_TITLE not in body
        assert "Zorglub" not in body
        assert str(world["draft_hearing"].uid) not in body
        assert PERSON_NAME not in body
    assert client.get(f"/fr/cases/{world['draft'].slug}/hearings.ics").status_code == 404
    assert client.get(f"/fr/parties/{world['person'].slug}/hearings.ics").status_code == 404


def test_global_calendar_leaves_out_hearings_older_than_a_year(client, db):
    case, proceeding = make_case()
    old = make_hearing(proceeding, date=dt.date.today() - dt.timedelta(days=400))
    recent = make_hearing(proceeding, date=dt.date.today() - dt.timedelta(days=30))
    body = client.get("/fr/calendar/hearings.ics").content.decode()
    assert str(recent.uid) in body
    assert str(old.uid) not in body
    case_body = client.get(f"/fr/cases/{case.slug}/hearings.ics").content.decode()
    assert str(old.uid) in case_body


def test_hearings_calendar_query_count_is_constant(client, db, django_assert_max_num_queries):
    """Guards the N+1 on each hearing's proceeding, court, case and latest change. The global
    calendar reads its upcoming and past parts twice: once for the ETag, once to build."""
    case, proceeding = make_case()
    for day in range(1, 15):
        make_hearing(proceeding, date=dt.date(2030, 4, day))
    with django_assert_max_num_queries(4):
        client.get("/fr/calendar/hearings.ics")
    with django_assert_max_num_queries(4):
        client.get(f"/fr/cases/{case.slug}/hearings.ics")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_demo_event_has_an_end_after_its_start(client, demo, language):
    urls = [f"/{language}/calendar/hearings.ics", f"/{language}/cases/doctolib-aws/hearings.ics"]
    urls += [f"/{language}/courts/{c.slug}/hearings.ics" for c in Court.objects.all()]
    seen = 0
    for url in urls:
        for event in events(fetch(client, url)):
            seen += 1
            assert ("DTEND" in event) != ("DURATION" in event), (url, event["UID"])
            end = event.decoded("DTEND") if "DTEND" in event else None
            if end is None:
                end = event.decoded("DTSTART") + event.decoded("DURATION")
            assert end > event.decoded("DTSTART")
    assert seen


def test_timed_hearing_ends_at_its_end_time_else_after_the_default_duration(client, db):
    case, proceeding = make_case()
    known = make_hearing(proceeding)
    services.hearing_reschedule(
        hearing=known,
        date=dt.date(2030, 3, 8),
        start_time=dt.time(10, 30),
        end_time=dt.time(12, 15),
        reason="end announced",
    )
    unknown = make_hearing(proceeding, date=dt.date(2030, 4, 2), start_time=dt.time(9, 0))
    calendar = fetch(client, reverse("calendar_case", kwargs={"slug": case.slug}))
    assert event_for(calendar, known).decoded("DTEND") == dt.datetime(
        2030, 3, 8, 12, 15, tzinfo=PARIS
    )
    assert event_for(calendar, unknown).decoded("DTEND") == dt.datetime(
        2030, 4, 2, 10, 0, tzinfo=PARIS
    )
