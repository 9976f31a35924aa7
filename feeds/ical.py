"""iCalendar (RFC 5545) calendars of hearings, built with the icalendar library.

One VEVENT per hearing. Its UID comes from the hearing's permanent uid, so a calendar app
updates the same event when the hearing changes; SEQUENCE is the hearing's revision (bumped by
cases.services.hearing_save on every change of date, time or status) and DTSTAMP the time of the
latest change, so clients accept the new version. A cancelled hearing stays in the calendar with
STATUS:CANCELLED, so that subscribers see it cancelled rather than silently gone. A hearing whose
time is not announced is an all-day event on its date (DTEND the next day). A timed hearing
ends at its end time when announced, else DEFAULT_DURATION after its start: without DTEND
clients show a zero-length event or guess (RFC 5545 3.6.1), and block no time in the agenda.

RFC 5545 forbids control characters other than HTAB in text values: every text goes through
`ical_text`, which strips them (common.text) before icalendar escapes line breaks, so
that one stored form feed never reaches a subscriber's calendar.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vDuration,
    vText,
)

from cases.models import Hearing
from common.memo import Memo
from common.text import strip_forbidden_chars

PARIS_TZID = "Europe/Paris"
PARIS = ZoneInfo(PARIS_TZID)
PRODID = "-//casetracker//hearings//EN"
REFRESH = dt.timedelta(hours=1)
# The end of a timed hearing whose end time is not announced (docs/feeds.md).
DEFAULT_DURATION = dt.timedelta(hours=1)

ICAL_STATUS = {
    Hearing.Status.SCHEDULED: "CONFIRMED",
    Hearing.Status.HELD: "CONFIRMED",
    Hearing.Status.POSTPONED: "TENTATIVE",
    Hearing.Status.CANCELLED: "CANCELLED",
}


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def hearings_calendar(*, hearings: Iterable[Hearing], name: str, language: str) -> Calendar:
    """A VCALENDAR of `hearings` in `language`. Hearings should carry `last_change_at`
    (feeds.selectors.calendar_feed_hearings annotates it)."""
    with translation.override(language):
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        # vText: these two are not escaped otherwise, and a line break in a title would
        # fail the whole calendar or, as a lone CR, start a property of its own.
        calendar.add("name", ical_text(name))
        calendar.add("x-wr-calname", ical_text(name))
        calendar.add("x-wr-timezone", PARIS_TZID)
        calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(REFRESH))
        calendar.add_component(paris_timezone())
        for hearing in hearings:
            calendar.add_component(hearing_event(hearing))
    return calendar


# Each hearing's VEVENT as bytes, keyed by the language, the site's address and the hearing's
# stamp (feeds.selectors.CALENDAR_STAMP_FIELDS: when it, its proceeding, case and court last
# changed, its SEQUENCE, its latest dated change): a calendar of 500 hearings spent ~1.5 ms per
# event in the icalendar library, and ~0.3 ms more reading each hearing's rows, for the same
# bytes as long as none of those rows changed. Per process (common.memo), ~1 KB per event.
EVENTS = Memo(5000)
END_CALENDAR = b"END:VCALENDAR\r\n"


def calendar_ical(
    *,
    stamps: list[tuple],
    fetch: Callable[[list[int]], dict[int, Hearing]],
    name: str,
    language: str,
) -> bytes:
    """`hearings_calendar(...).to_ical()` of the hearings whose stamps are given, byte for byte,
    from memoised VEVENTs: only the hearings whose stamp is not in the memo are read (`fetch`:
    pks to hearings as calendar_feed_hearings gives them) and built. The calendar is the
    header, the VTIMEZONE, the events' lines in order and END:VCALENDAR: icalendar's own
    `to_ical` joins the same lines."""
    with translation.override(language):
        head = hearings_calendar(hearings=(), name=name, language=language).to_ical()
        if not head.endswith(END_CALENDAR):  # pragma: no cover - icalendar changed its layout
            hearings = fetch([stamp[0] for stamp in stamps])
            listed = [hearings[stamp[0]] for stamp in stamps if stamp[0] in hearings]
            return hearings_calendar(hearings=listed, name=name, language=language).to_ical()
        context = (language, settings.SITE_URL, get_script_prefix())
        pieces = [EVENTS.get((*context, *stamp)) for stamp in stamps]
        missing = [stamp[0] for stamp, piece in zip(stamps, pieces, strict=True) if piece is None]
        fetched = fetch(missing) if missing else {}
        parts = [head[: -len(END_CALENDAR)]]
        for stamp, piece in zip(stamps, pieces, strict=True):
            if piece is None:
                hearing = fetched.get(stamp[0])
                if hearing is None:  # withdrawn between the two reads
                    continue
                piece = hearing_event(hearing).to_ical()
                # Under the stamp of the rows it was built from (which a write may have
                # changed since `stamps` was read).
                EVENTS.set((*context, *hearing_stamp_row(hearing)), piece)
            parts.append(piece)
        parts.append(END_CALENDAR)
    return b"".join(parts)


def hearing_stamp_row(hearing: Hearing) -> tuple:
    """The hearing's stamp, as feeds.selectors.CALENDAR_STAMP_FIELDS reads it."""
    proceeding = hearing.proceeding
    return (
        hearing.pk,
        hearing.updated_at,
        hearing.sequence,
        proceeding.updated_at,
        proceeding.case.updated_at,
        proceeding.court.updated_at,
        getattr(hearing, "last_change_at", None),
    )


def paris_timezone() -> Timezone:
    """VTIMEZONE for Europe/Paris with the EU summer-time rule in force since 1996 (last
    Sunday of March to last Sunday of October), in the compact RRULE form clients expect."""
    timezone = Timezone()
    timezone.add("tzid", PARIS_TZID)
    timezone.add("x-lic-location", PARIS_TZID)
    daylight = TimezoneDaylight()
    daylight.add("tzname", "CEST")
    daylight.add("tzoffsetfrom", dt.timedelta(hours=1))
    daylight.add("tzoffsetto", dt.timedelta(hours=2))
    daylight.add("dtstart", dt.datetime(1970, 3, 29, 2, 0))
    daylight.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    standard = TimezoneStandard()
    standard.add("tzname", "CET")
    standard.add("tzoffsetfrom", dt.timedelta(hours=2))
    standard.add("tzoffsetto", dt.timedelta(hours=1))
    standard.add("dtstart", dt.datetime(1970, 10, 25, 3, 0))
    standard.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    timezone.add_component(daylight)
    timezone.add_component(standard)
    return timezone


def hearing_event(hearing: Hearing) -> Event:
    """The VEVENT of one hearing, in the active language."""
    proceeding = hearing.proceeding
    case = proceeding.case
    court = proceeding.court
    event = Event()
    event.add("uid", f"{hearing.uid}@casetracker")
    event.add("sequence", hearing.sequence)
    stamp = hearing_stamp(hearing)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("created", hearing.created_at.astimezone(dt.UTC))
    last_day = hearing.end_date or hearing.date  # a hearing may last several days
    if hearing.start_time is None:
        event.add("dtstart", hearing.date)
        event.add("dtend", last_day + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    else:
        start = dt.datetime.combine(hearing.date, hearing.start_time, tzinfo=PARIS)
        event.add("dtstart", start)
        if hearing.end_time is not None:  # after the start: a check constraint
            end = dt.datetime.combine(last_day, hearing.end_time, tzinfo=PARIS)
        elif hearing.end_date is not None:
            end = dt.datetime.combine(last_day, hearing.start_time, tzinfo=PARIS)
            end += DEFAULT_DURATION
        else:
            end = start + DEFAULT_DURATION
        event.add("dtend", end)
    event.add("status", ICAL_STATUS.get(hearing.status, "CONFIRMED"))
    event.add("summary", ical_text(hearing_summary(hearing)))
    event.add("location", ical_text(hearing.location or court.name))
    url = absolute_url(case.get_absolute_url())
    event.add("url", url)
    event.add("description", ical_text(hearing_description(hearing, url)))
    return event


def ical_text(text: str) -> vText:
    """A TEXT value without control characters; line breaks stay, escaped by icalendar."""
    return vText(strip_forbidden_chars(text))


def hearing_stamp(hearing: Hearing) -> dt.datetime:
    """When the hearing last changed: its latest dated change, or its last edit."""
    candidates = [hearing.updated_at]
    last_change = getattr(hearing, "last_change_at", None)
    if last_change is not None:
        candidates.append(last_change)
    return max(candidates).astimezone(dt.UTC).replace(microsecond=0)


def hearing_summary(hearing: Hearing) -> str:
    proceeding = hearing.proceeding
    summary = _("Hearing %(court)s %(number)s — %(case)s") % {
        "court": proceeding.court.short_name,
        "number": proceeding.number,
        "case": proceeding.case.title,
    }
    if hearing.status in (Hearing.Status.CANCELLED, Hearing.Status.POSTPONED):
        summary = f"[{hearing.get_status_display()}] {summary}"
    return summary


def hearing_description(hearing: Hearing, url: str) -> str:
    proceeding = hearing.proceeding
    lines = [
        proceeding.case.title,
        f"{proceeding.court.name}, {proceeding.number} ({proceeding.get_procedure_display()})",
    ]
    if hearing.formation:
        lines.append(_("Formation: %(formation)s") % {"formation": hearing.formation})
    lines.append(_("Status: %(status)s") % {"status": hearing.get_status_display()})
    if hearing.start_time is None:
        lines.append(_("Time not announced."))
    notes = hearing.localized("notes").text
    if notes:
        lines.append(notes)
    lines.append(url)
    return "\n".join(lines)
