"""Subscription outputs: iCalendar calendars of hearings and CSV downloads (the Atom feeds are
feed classes, in feeds.atom).

Thin views: reads come from cases.selectors / feeds.selectors, which apply the visibility
rules; the calendar is built by feeds.ical and the files by feeds.csv. The CSV downloads filter
as their pages do, through the same functions (cases.views.lists.case_query, hearing_query:
the same FilterSets, selectors and 400 for a bad filter); they give all matching rows, not one
page of them (`page` is ignored).
"""

import hashlib

from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.utils.translation import gettext as _

from cases import selectors
from cases.views.common import answers_bad_input, bad_request, refuse_unmatched_names
from cases.views.lists import case_query, hearing_query
from feeds import csv, ical
from feeds.selectors import (
    calendar_feed_stamps,
    calendar_hearings_by_pk,
    calendar_stamps_version,
    case_csv_rows,
)

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


def _calendar_response(
    request, *, scope: dict, name: str, filename: str
) -> HttpResponse | HttpResponseNotModified:
    """The calendar of the hearings in `scope` (calendar_feed_hearings' keywords). A client that
    sends back the ETag of an unchanged calendar gets 304 from the stamps' query, before the
    calendar is read or built; otherwise only the hearings whose VEVENT is not memoised are read
    and built (feeds.ical.calendar_ical)."""
    language = translation.get_language()
    stamps = calendar_feed_stamps(**scope)
    version = calendar_stamps_version(stamps)
    etag = quote_etag(hashlib.sha256(f"{language}|{version}".encode()).hexdigest()[:32])
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        not_modified["ETag"] = etag
        return not_modified
    calendar = ical.calendar_ical(
        stamps=stamps, fetch=calendar_hearings_by_pk, name=name, language=language
    )
    response = HttpResponse(calendar, content_type=CALENDAR_CONTENT_TYPE)
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


def _csv_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text.encode("utf-8"), content_type=csv.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@answers_bad_input
def case_list_csv(request):
    found = case_query(request, queryset=selectors.case_list(viewer=None))
    if isinstance(found, HttpResponse):
        return found
    # No page to explain an empty result: a name that matches nothing is refused.
    if found.filterset.is_bound and refuse_unmatched_names(found.filterset.form, ("party",)):
        return bad_request(request, _("Some filters are not valid."), form=found.filterset.form)
    return _csv_response(csv.cases_csv(case_csv_rows(cases=found.cases)), "cases.csv")


@answers_bad_input
def hearing_calendar_csv(request):
    found = hearing_query(request)
    if isinstance(found, HttpResponse):
        return found
    if refuse_unmatched_names(found.filterset.form, ("case", "party")):
        return bad_request(request, _("Some filters are not valid."), form=found.filterset.form)
    filename = "hearings-past.csv" if found.past else "hearings.csv"
    return _csv_response(csv.hearings_csv(found.hearings), filename)
