"""The calendar feeds assembled from memoised VEVENTs (feeds.ical.calendar_ical): the same bytes
as icalendar's own `to_ical()` of the whole calendar, and never a stale event."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from icalendar import Calendar

from cases import services
from cases.models import Case, Court, Hearing, HearingChange, Party, Proceeding
from feeds import ical
from feeds.selectors import calendar_feed_hearings, calendar_feed_stamps, calendar_hearings_by_pk
from tests.factories.cases import make_case, make_hearing


@pytest.fixture(autouse=True)
def empty_memo():
    ical.EVENTS.clear()
    yield
    ical.EVENTS.clear()


def reference(hearings, name, language) -> bytes:
    """The calendar as it was built before the memo: one icalendar Calendar, to_ical()."""
    return ical.hearings_calendar(hearings=hearings, name=name, language=language).to_ical()


def memoised(scope: dict, name: str, language: str) -> bytes:
    return ical.calendar_ical(
        stamps=calendar_feed_stamps(**scope),
        fetch=calendar_hearings_by_pk,
        name=name,
        language=language,
    )


def both(scope: dict, language: str) -> tuple[bytes, bytes, bytes]:
    """The reference, the memoised build on an empty memo, and again on the filled memo
    (fresh rows from the database each time, as each request reads them)."""
    name = "Hearings — test"
    expected = reference(calendar_feed_hearings(**scope), name, language)
    ical.EVENTS.clear()
    cold = memoised(scope, name, language)
    warm = memoised(scope, name, language)
    return expected, cold, warm


def scopes() -> list[dict]:
    out = [{}]
    out += [{"court": court} for court in Court.objects.all()]
    out += [{"party": party} for party in Party.objects.with_public_page()[:5]]
    out += [{"case": case} for case in Case.objects.public()[:40]]
    return out


@pytest.mark.parametrize("language", ["fr", "en"])
def test_byte_identical_to_the_whole_calendar_on_the_demo(demo, language):
    built = 0
    for scope in scopes():
        expected, cold, warm = both(scope, language)
        assert cold == expected, scope
        assert warm == expected, scope
        built += expected.count(b"BEGIN:VEVENT")
    assert built > 0
    assert ical.EVENTS.hits > 0


@pytest.mark.parametrize("language", ["fr", "en"])
def test_byte_identical_to_the_whole_calendar_on_synthetic_data(db, language):
    call_command("generate_synthetic", cases=150, rulings=300, citations=500, seed=3, verbosity=0)
    total = 0
    for scope in scopes():
        expected, cold, warm = both(scope, language)
        assert cold == expected == warm, scope
        total += expected.count(b"BEGIN:VEVENT")
    assert total > 100
    # still valid iCalendar, with every event
    calendar = Calendar.from_ical(warm)
    assert len(calendar.walk("VEVENT")) == warm.count(b"BEGIN:VEVENT")


def test_the_view_serves_the_memoised_calendar(client, one_hearing):
    _case, proceeding, _hearing = one_hearing
    make_hearing(proceeding, date=dt.date.today() + dt.timedelta(days=40), start_time=None)
    url = "/en/calendar/hearings.ics"
    first = client.get(url).content
    second = client.get(url).content
    assert first == second
    assert ical.EVENTS.hits >= first.count(b"BEGIN:VEVENT") == 2
    expected = reference(calendar_feed_hearings(), "casetracker — hearings", "en")
    assert second == expected


def event_text(body: bytes, hearing: Hearing) -> str:
    calendar = Calendar.from_ical(body)
    [event] = [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith(str(hearing.uid))]
    return event.to_ical().decode()


@pytest.fixture
def one_hearing(db):
    case, proceeding = make_case(title="Memo case")
    hearing = make_hearing(proceeding, date=dt.date.today() + dt.timedelta(days=30))
    return case, proceeding, hearing


def calendar_now(case, language="en") -> bytes:
    return memoised({"case": case}, "n", language)


def test_every_kind_of_change_gives_a_fresh_event(one_hearing):
    """Writes bump `updated_at` (auto_now on save; the bulk paths set it, as privacy.erasure
    does); the SEQUENCE, which the importer sets with a bare update(), is keyed itself."""
    case, proceeding, hearing = one_hearing
    assert "Memo case" in event_text(calendar_now(case), hearing)
    Case.objects.filter(pk=case.pk).update(title_en="Renamed case", updated_at=timezone.now())
    assert "Renamed case" in event_text(calendar_now(case), hearing)
    Hearing.objects.filter(pk=hearing.pk).update(
        location="Salle Zorglub", updated_at=timezone.now()
    )
    assert "Salle Zorglub" in event_text(calendar_now(case), hearing)
    Court.objects.filter(pk=proceeding.court_id).update(
        name_en="Court Renamed", updated_at=timezone.now()
    )
    Hearing.objects.filter(pk=hearing.pk).update(location="", updated_at=timezone.now())
    assert "Court Renamed" in event_text(calendar_now(case), hearing)
    Proceeding.objects.filter(pk=proceeding.pk).update(number="777777", updated_at=timezone.now())
    assert "777777" in event_text(calendar_now(case), hearing)
    Hearing.objects.filter(pk=hearing.pk).update(sequence=41)
    assert "SEQUENCE:41" in event_text(calendar_now(case), hearing)
    Case.objects.filter(pk=case.pk).update(slug="new-slug", updated_at=timezone.now())
    assert "/en/cases/new-slug/" in event_text(calendar_now(case), hearing).replace("\r\n ", "")
    with override_settings(SITE_URL="https://example.org"):
        text = event_text(calendar_now(case), hearing).replace("\r\n ", "")
        assert "https://example.org/en/cases/new-slug/" in text
    french = event_text(calendar_now(case, "fr"), hearing)
    assert "Audience" in french
    # every build above equals the reference built from scratch
    for language in ("en", "fr"):
        hearings = calendar_feed_hearings(case=case)
        assert calendar_now(case, language) == reference(hearings, "n", language)


def test_a_piece_is_kept_under_the_stamp_of_the_rows_it_was_built_from(one_hearing):
    """A write between the stamps' read and the hearings' read: the event built from the
    newer rows is not kept under the older stamp."""
    case, _proceeding, hearing = one_hearing
    stamps = calendar_feed_stamps(case=case)
    Hearing.objects.filter(pk=hearing.pk).update(location="Later room", updated_at=timezone.now())
    ical.calendar_ical(stamps=stamps, fetch=calendar_hearings_by_pk, name="n", language="en")
    assert "Later room" in event_text(calendar_now(case), hearing)
    Hearing.objects.filter(pk=hearing.pk).update(location="Latest room", updated_at=timezone.now())
    assert "Latest room" in event_text(calendar_now(case), hearing)


def test_a_moved_hearing_gets_its_new_date_sequence_and_stamp(one_hearing):
    case, _proceeding, hearing = one_hearing
    before = event_text(calendar_now(case), hearing)
    hearing.refresh_from_db()
    hearing.date = hearing.date + dt.timedelta(days=7)
    services.hearing_save(hearing=hearing)
    after = event_text(calendar_now(case), hearing)
    assert after != before
    assert "SEQUENCE:1" in after
    new_day = hearing.date.strftime("%Y%m%d")
    assert f"DTSTART;TZID=Europe/Paris:{new_day}" in after
    assert HearingChange.objects.filter(hearing=hearing).exists()
    assert calendar_now(case) == reference(calendar_feed_hearings(case=case), "n", "en")


def test_a_withdrawn_case_leaves_every_calendar(one_hearing, client):
    case, _proceeding, hearing = one_hearing
    assert str(hearing.uid).encode() in client.get("/en/calendar/hearings.ics").content
    Case.objects.filter(pk=case.pk).update(publication=Case.Publication.DRAFT)
    assert str(hearing.uid).encode() not in client.get("/en/calendar/hearings.ics").content


def test_query_budget_cold_and_warm(client, one_hearing, django_assert_max_num_queries):
    """The stamps (one query per part of the calendar) and, for the events not kept, one read
    of their hearings; whatever the number of hearings."""
    _case, proceeding, _hearing = one_hearing
    for days in range(31, 41):
        make_hearing(proceeding, date=dt.date.today() + dt.timedelta(days=days))
    url = "/en/calendar/hearings.ics"
    with django_assert_max_num_queries(3):
        cold = client.get(url)
    with django_assert_max_num_queries(2):
        warm = client.get(url)
    assert cold.content == warm.content
    assert warm.content.count(b"BEGIN:VEVENT") == 11
