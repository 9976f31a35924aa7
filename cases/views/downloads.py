"""Downloads: CSV of the cases list and the hearings calendar with the page's filters, and the
public data page with the whole published data set (docs/downloads.md).

The CSV views use the pages' FilterSets, selectors and 400 for a bad filter
(cases.views.lists); they give all matching rows, not one page of them (`page` is ignored).
"""

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _

from cases import downloads, interchange, public_data, selectors
from cases.filters import CaseFilter, HearingFilter
from cases.selectors_subscribe import case_csv_rows
from cases.views.common import answers_bad_input, bad_request

INTERCHANGE_DOCS = settings.BASE_DIR / "docs" / "interchange.md"


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


def data_page(request):
    """/<lang>/data/: the whole published data set, with its size, date and format."""
    data_file = public_data.current()
    context = {
        "data_file": data_file,
        "download_url": reverse("data_download"),
        "schema_url": reverse("data_schema"),
        "docs_url": reverse("data_docs"),
        "site_url": settings.SITE_URL,
    }
    response = render(request, "cases/data.html", context)
    response["Cache-Control"] = "public, max-age=300"
    return response


def data_download(request):
    """The `export_caselaw --public` file, regenerated first if the data changed; 304 for a
    client that holds the same bytes (ETag: their SHA-256)."""
    data_file = public_data.current()
    last_modified = int(data_file.generated_at.timestamp())
    response = get_conditional_response(request, etag=data_file.etag, last_modified=last_modified)
    if response is None:
        response = FileResponse(
            data_file.path.open("rb"),
            as_attachment=True,
            filename=public_data.DOWNLOAD_NAME,
            content_type="application/json",
        )
    response["ETag"] = data_file.etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "public, max-age=300"
    return response


def data_schema(request):
    """The JSON Schema of the interchange format."""
    response = FileResponse(
        interchange.SCHEMA_PATH.open("rb"), content_type="application/schema+json"
    )
    response["Content-Disposition"] = 'inline; filename="caselaw.schema.json"'
    response["Cache-Control"] = "public, max-age=3600"
    return response


def data_docs(request):
    """docs/interchange.md, the description of the format, as plain text."""
    response = FileResponse(INTERCHANGE_DOCS.open("rb"), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="interchange.md"'
    response["Cache-Control"] = "public, max-age=3600"
    return response
