"""The public data page: the whole published data set, its JSON Schema and its documentation
(docs/downloads.md)."""

from django.conf import settings
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from interchange import public_data
from interchange.format import SCHEMA_PATH

INTERCHANGE_DOCS = settings.BASE_DIR / "docs" / "interchange.md"


def data_page(request):
    """/<lang>/data/: the whole published data set, with its size, date and format."""
    data_file = public_data.current()
    context = {
        "data_file": data_file,
        "download_url": reverse("data_download"),
        "schema_url": reverse("data_schema"),
        "docs_url": reverse("data_docs"),
        "site_url": settings.SITE_URL,
        "licence": settings.DATA_LICENCE,
        "licence_url": settings.DATA_LICENCE_URL,
        "publisher": settings.DATA_PUBLISHER,
    }
    response = render(request, "interchange/data.html", context)
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
    response = FileResponse(SCHEMA_PATH.open("rb"), content_type="application/schema+json")
    response["Content-Disposition"] = 'inline; filename="caselaw.schema.json"'
    response["Cache-Control"] = "public, max-age=3600"
    return response


def data_docs(request):
    """docs/interchange.md, the description of the format, as plain text."""
    response = FileResponse(INTERCHANGE_DOCS.open("rb"), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="interchange.md"'
    response["Cache-Control"] = "public, max-age=3600"
    return response
