"""Reads for the subscription outputs: iCalendar calendars, Atom feeds, CSV downloads.

Like cases.selectors, every function applies the visibility rules itself (the models'
`.public()` querysets), so no output can forget them. The hearings page and its CSV read
cases.selectors.hearing_schedule; the iCalendar feeds read `calendar_feed_hearings` here.
"""

import datetime as dt
import hashlib
from itertools import chain

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from cases.models import (
    Case,
    CaseStatusChange,
    Court,
    Event,
    Filing,
    Hearing,
    HearingChange,
    Party,
    Proceeding,
    ProceedingParty,
    Ruling,
    StatusUpdate,
)

CALENDAR_PAST_DAYS = 365
FEED_LIMIT = 50


# The calendars of every hearing, a court's or a party's are bounded: subscribers want what is
# coming, and at 100,000 cases the upcoming hearings and those of the past year were tens of
# thousands of events (the feed timed out). A case's calendar keeps all its hearings
# (docs/feeds.md).
CALENDAR_MAX_UPCOMING = 400
CALENDAR_MAX_PAST = 100


def _calendar_feed_scope(
    *, case: Case | None, court: Court | None, party: Party | None, today: dt.date | None
) -> QuerySet[Hearing]:
    """The public hearings a calendar feed draws from, unbounded and unordered."""
    qs = Hearing.objects.public()
    if case is not None:
        return qs.filter(proceeding__case=case)
    today = today or timezone.localdate()
    qs = qs.filter(date__gte=today - dt.timedelta(days=CALENDAR_PAST_DAYS))
    if court is not None:
        qs = qs.filter(proceeding__court=court)
    if party is not None:
        qs = qs.filter(
            Exists(ProceedingParty.objects.filter(proceeding=OuterRef("proceeding"), party=party))
        )
    return qs


def _calendar_parts(qs: QuerySet[Hearing], today: dt.date | None) -> tuple[QuerySet, QuerySet]:
    """The CALENDAR_MAX_PAST latest hearings before today and the CALENDAR_MAX_UPCOMING
    soonest from today, each walking hearing_date_time_idx."""
    today = today or timezone.localdate()
    past = qs.filter(date__lt=today).order_by("-date", "-start_time", "-pk")
    upcoming = qs.filter(date__gte=today).order_by("date", "start_time", "pk")
    return past[:CALENDAR_MAX_PAST], upcoming[:CALENDAR_MAX_UPCOMING]


def calendar_feed_hearings(
    *,
    case: Case | None = None,
    court: Court | None = None,
    party: Party | None = None,
    today: dt.date | None = None,
) -> list[Hearing]:
    """Public hearings for a calendar, in date order. A case's calendar holds all its hearings;
    the others the CALENDAR_MAX_UPCOMING soonest upcoming hearings and, of those of the past
    12 months, the CALENDAR_MAX_PAST latest.

    Each hearing carries `last_change_at`, the time of its latest dated change (DTSTAMP)."""
    qs = (
        _calendar_feed_scope(case=case, court=court, party=party, today=today)
        .select_related("proceeding__court", "proceeding__case")
        .annotate(last_change_at=_latest_change())
    )
    if case is not None:
        return list(qs.order_by("date", "start_time", "pk"))
    past, upcoming = _calendar_parts(qs, today)
    return list(past)[::-1] + list(upcoming)


# What each calendar event is built from, as of when: the hearing and when it, its proceeding,
# its case and its court last changed, its SEQUENCE and its latest dated change. The ETag is
# their digest and feeds.ical keys each memoised VEVENT on its row (writes bump `updated_at`:
# auto_now on save, set explicitly by the bulk paths, e.g. privacy.erasure).
CALENDAR_STAMP_FIELDS = (
    "pk",
    "updated_at",
    "sequence",
    "proceeding__updated_at",
    "proceeding__case__updated_at",
    "proceeding__court__updated_at",
    "last_change_at",
)


def _latest_change():
    return Subquery(
        HearingChange.objects.filter(hearing=OuterRef("pk"))
        .order_by("-changed_at", "-pk")
        .values("changed_at")[:1]
    )


def calendar_feed_stamps(
    *,
    case: Case | None = None,
    court: Court | None = None,
    party: Party | None = None,
    today: dt.date | None = None,
) -> list[tuple]:
    """The hearings of calendar_feed_hearings, in the same order, as CALENDAR_STAMP_FIELDS
    rows read from the indexes it walks, without building any model instance."""
    qs = _calendar_feed_scope(case=case, court=court, party=party, today=today).annotate(
        last_change_at=_latest_change()
    )
    if case is not None:
        return list(qs.order_by("date", "start_time", "pk").values_list(*CALENDAR_STAMP_FIELDS))
    past, upcoming = _calendar_parts(qs, today)
    return [
        *list(past.values_list(*CALENDAR_STAMP_FIELDS))[::-1],
        *upcoming.values_list(*CALENDAR_STAMP_FIELDS),
    ]


def calendar_stamps_version(stamps: list[tuple]) -> str:
    """A fingerprint of a calendar's stamps (for ETags): adding, rescheduling, cancelling or
    removing a hearing, or publishing, withdrawing or renaming its case, changes it."""
    digest = hashlib.sha256()
    for stamp in stamps:
        digest.update(repr(stamp).encode())
    return digest.hexdigest()


def calendar_feed_version(
    *,
    case: Case | None = None,
    court: Court | None = None,
    party: Party | None = None,
    today: dt.date | None = None,
) -> str:
    """calendar_stamps_version of the calendar's stamps."""
    return calendar_stamps_version(
        calendar_feed_stamps(case=case, court=court, party=party, today=today)
    )


def calendar_hearings_by_pk(pks: list[int]) -> dict[int, Hearing]:
    """The public hearings among `pks`, as calendar_feed_hearings reads them (a hearing whose
    case was withdrawn since its stamp was read is left out)."""
    qs = (
        Hearing.objects.public()
        .filter(pk__in=pks)
        .select_related("proceeding__court", "proceeding__case")
        .annotate(last_change_at=_latest_change())
    )
    return {hearing.pk: hearing for hearing in qs}


def ruling_feed(*, limit: int = FEED_LIMIT) -> QuerySet[Ruling]:
    """Newest public rulings first (by date read, then entry)."""
    return (
        Ruling.objects.public()
        .select_related("court", "proceeding__case")
        .prefetch_related("numbers")
        .order_by("-decided_on", "-pk")[:limit]
    )


def status_feed(*, limit: int = FEED_LIMIT) -> list[CaseStatusChange | StatusUpdate]:
    """Status changes and status updates of public cases, newest first."""
    changes = (
        CaseStatusChange.objects.filter(case__in=Case.objects.public())
        .select_related("case")
        .order_by("-changed_on", "-pk")[:limit]
    )
    updates = StatusUpdate.objects.public().select_related("case").order_by("-posted_on", "-pk")
    items = chain(changes, updates[:limit])
    return sorted(items, key=_entry_sort_key, reverse=True)[:limit]


def hearing_change_feed(*, limit: int = FEED_LIMIT) -> QuerySet[HearingChange]:
    """Hearings scheduled, moved or cancelled in public cases, newest change first."""
    return (
        HearingChange.objects.filter(hearing__in=Hearing.objects.public())
        .select_related("hearing__proceeding__court", "hearing__proceeding__case")
        .order_by("-changed_at", "-pk")[:limit]
    )


def case_feed_entries(*, case: Case) -> list:
    """Every timeline item of a public case: filings, hearings, rulings, status changes,
    status updates and events, most recently added or changed first."""
    filings = (
        Filing.objects.public()
        .filter(proceeding__case=case)
        .select_related("proceeding__court")
        .prefetch_related("filed_by")
    )
    hearings = (
        Hearing.objects.public().filter(proceeding__case=case).select_related("proceeding__court")
    )
    # A judgment on joined cases is in the feed of each of its (public) cases.
    joined = Ruling.joined_proceedings.through.objects.filter(proceeding__case=case)
    rulings = (
        Ruling.objects.public()
        .filter(Q(proceeding__case=case) | Q(pk__in=joined.values("ruling_id")))
        .select_related("court")
        .prefetch_related("numbers")
    )
    changes = CaseStatusChange.objects.filter(case=case)
    updates = StatusUpdate.objects.public().filter(case=case)
    events = Event.objects.public().filter(cases=case)
    items = chain(filings, hearings, rulings, changes, updates, events)
    return sorted(items, key=lambda item: (item.updated_at, item.pk), reverse=True)


def _entry_sort_key(item) -> tuple:
    day = item.changed_on if isinstance(item, CaseStatusChange) else item.posted_on
    return (day, item.updated_at)


def case_csv_rows(*, cases: QuerySet[Case]) -> list[Case]:
    """The (already filtered, visible) cases of a CSV download with what its columns show:
    proceedings with their court and parties, and topics, in a fixed number of queries.

    Proceedings come in the order of the case page (undated first) and participants in entry
    order within each, so that iterating them gives the order of appearance that the
    pseudonym letters are assigned in (cases.selectors.case_participants)."""
    participants = ProceedingParty.objects.select_related("party").order_by("pk")
    proceedings = (
        Proceeding.objects.select_related("court")
        .prefetch_related(Prefetch("participants", queryset=participants))
        .order_by(F("lodged_on").asc(nulls_first=True), "pk")
    )
    return list(cases.prefetch_related("topics", Prefetch("proceedings", queryset=proceedings)))
