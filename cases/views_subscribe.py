"""Subscription outputs: iCalendar calendars of hearings (the Atom feeds are in cases.feeds).

Thin views: reads come from cases.selectors / cases.selectors_subscribe, which apply the
visibility rules; the calendar is built by cases.calendars.
"""

import hashlib

from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.utils.translation import gettext as _

from cases import calendars, selectors
from cases.selectors_subscribe import hearing_calendar, hearing_calendar_version

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


def _calendar_response(
    request, *, scope: dict, name: str, filename: str
) -> HttpResponse | HttpResponseNotModified:
    """The calendar of the hearings in `scope` (hearing_calendar's keywords). A client that
    sends back the ETag of an unchanged calendar gets 304 from one cheap query, before the
    calendar is read or built."""
    language = translation.get_language()
    version = hearing_calendar_version(**scope)
    etag = quote_etag(hashlib.sha256(f"{language}|{version}".encode()).hexdigest()[:32])
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        not_modified["ETag"] = etag
        return not_modified
    calendar = calendars.hearings_calendar(
        hearings=hearing_calendar(**scope), name=name, language=language
    )
    response = HttpResponse(calendar.to_ical(), content_type=CALENDAR_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=900"
    response["ETag"] = etag
    return response


def calendar_all(request):
    return _calendar_response(
        request, scope={}, name=_("casetracker — hearings"), filename="hearings.ics"
    )


def calendar_case(request, slug: str):
    try:
        case = selectors.case_get(slug=slug, viewer=None)
    except selectors.CaseMoved as moved:
        return redirect("calendar_case", slug=moved.case.slug, permanent=True)
    return _calendar_response(
        request,
        scope={"case": case},
        name=_("Hearings — %(case)s") % {"case": case.title},
        filename=f"{case.slug}-hearings.ics",
    )


def calendar_court(request, slug: str):
    court = selectors.court_get(slug=slug)
    return _calendar_response(
        request,
        scope={"court": court},
        name=_("Hearings — %(court)s") % {"court": court.name},
        filename=f"{court.slug}-hearings.ics",
    )


def calendar_party(request, slug: str):
    party = selectors.party_get(slug=slug)
    return _calendar_response(
        request,
        scope={"party": party},
        name=_("Hearings — %(party)s") % {"party": party.name},
        filename=f"{party.slug}-hearings.ics",
    )
