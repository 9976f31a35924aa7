"""Downloads: CSV of the cases list and the hearings calendar with the page's filters
(docs/downloads.md; the public data page is the interchange app's).

The CSV views use the pages' FilterSets, selectors and 400 for a bad filter
(cases.views.lists); they give all matching rows, not one page of them (`page` is ignored).
"""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from cases import downloads, selectors
from cases.filters import CaseFilter, HearingFilter
from cases.selectors_subscribe import case_csv_rows
from cases.views.common import answers_bad_input, bad_request


def _csv_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text.encode("utf-8"), content_type=downloads.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _query(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query


@answers_bad_input
def case_list_csv(request):
    query = _query(request)
    filterset = CaseFilter(query or None, queryset=selectors.case_list(viewer=None))
    if filterset.is_bound and not filterset.is_valid():
        return bad_request(
            request,
            _("Some filters are not valid."),
            form=filterset.form,
            template="cases/case_list.html",
            context={"filter": filterset, "page": None},
        )
    cases = filterset.qs.order_by(*filterset.ordering) if filterset.is_bound else filterset.qs
    return _csv_response(downloads.cases_csv(case_csv_rows(cases=cases)), "cases.csv")


@answers_bad_input
def hearing_calendar_csv(request):
    filterset = HearingFilter(_query(request), queryset=selectors.hearing_calendar())
    if not filterset.is_valid():
        return bad_request(
            request,
            _("Some filters are not valid."),
            form=filterset.form,
            template="cases/hearing_calendar.html",
            context={"filter": filterset, "page": None, "past": False},
        )
    data = filterset.form.cleaned_data
    past = data.get("when") == "past"
    hearings = selectors.hearing_calendar(
        past=past, court=data.get("court"), case=data.get("case"), party=data.get("party")
    )
    filename = "hearings-past.csv" if past else "hearings.csv"
    return _csv_response(downloads.hearings_csv(hearings), filename)
