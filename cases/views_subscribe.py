"""Subscription outputs: iCalendar calendars of hearings (the Atom feeds are in cases.feeds).

Thin views: reads come from cases.selectors / cases.selectors_subscribe, which apply the
visibility rules; the calendar is built by cases.calendars.
"""

from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _

from cases import calendars, selectors
from cases.selectors_subscribe import hearing_calendar

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


def _calendar_response(hearings, *, name: str, filename: str) -> HttpResponse:
    calendar = calendars.hearings_calendar(
        hearings=hearings, name=name, language=translation.get_language()
    )
    response = HttpResponse(calendar.to_ical(), content_type=CALENDAR_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=900"
    return response


def calendar_all(request):
    return _calendar_response(
        hearing_calendar(), name=_("casetracker — hearings"), filename="hearings.ics"
    )


def calendar_case(request, slug: str):
    try:
        case = selectors.case_get(slug=slug, viewer=None)
    except selectors.CaseMoved as moved:
        return redirect("calendar_case", slug=moved.case.slug, permanent=True)
    return _calendar_response(
        hearing_calendar(case=case),
        name=_("Hearings — %(case)s") % {"case": case.title},
        filename=f"{case.slug}-hearings.ics",
    )


def calendar_court(request, slug: str):
    court = selectors.court_get(slug=slug)
    return _calendar_response(
        hearing_calendar(court=court),
        name=_("Hearings — %(court)s") % {"court": court.name},
        filename=f"{court.slug}-hearings.ics",
    )


def calendar_party(request, slug: str):
    party = selectors.party_get(slug=slug)
    return _calendar_response(
        hearing_calendar(party=party),
        name=_("Hearings — %(party)s") % {"party": party.name},
        filename=f"{party.slug}-hearings.ics",
    )
