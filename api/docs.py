"""The API's OpenAPI schema and its documentation page (/api/v1/schema/, /api/v1/docs/).

The schema is always in English: its hand-written descriptions are, so the models' translated
labels and help texts are taken in English too rather than in the reader's language, which
would mix French into English sentences. A browser opening the schema gets it in a type it
shows (YAML as text/plain, JSON as application/json) instead of a download; API clients get
the OpenAPI media types as before.

The docs page is Swagger UI from drf-spectacular-sidecar, served by the app. Unlike ReDoc, whose
styled-components inject <style> elements, it needs no inline style, so it runs under the site's
CSP unchanged (settings.CONTENT_SECURITY_POLICY: no nonce, no exception for this page)."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from drf_spectacular.renderers import (
    OpenApiJsonRenderer,
    OpenApiJsonRenderer2,
    OpenApiYamlRenderer,
    OpenApiYamlRenderer2,
)
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.negotiation import DefaultContentNegotiation

SCHEMA_LANGUAGE = "en"


class OpenApiYamlTextRenderer(OpenApiYamlRenderer):
    """YAML as text/plain, which a browser displays (it downloads application/vnd.oai.openapi
    and application/yaml)."""

    media_type = "text/plain"


# What a browser shows rather than downloads, for each format.
SHOWN_IN_BROWSER = {"text/plain", "application/json"}


class SchemaNegotiation(DefaultContentNegotiation):
    """Navigating to the schema (an Accept header naming text/html, as every browser's does)
    gives the requested format (?format=yaml by default, or json) in a type the browser shows.
    Other clients negotiate as usual: */* still gets application/vnd.oai.openapi."""

    def select_renderer(self, request, renderers, format_suffix=None):
        if "text/html" in request.headers.get("Accept", ""):
            asked = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
            wanted = asked or "yaml"
            for renderer in renderers:
                if renderer.format == wanted and renderer.media_type in SHOWN_IN_BROWSER:
                    return renderer, renderer.media_type
        return super().select_renderer(request, renderers, format_suffix)


class SchemaView(SpectacularAPIView):
    renderer_classes = [
        OpenApiYamlRenderer,
        OpenApiYamlRenderer2,
        OpenApiYamlTextRenderer,
        OpenApiJsonRenderer,
        OpenApiJsonRenderer2,
    ]
    content_negotiation_class = SchemaNegotiation

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        # drf-spectacular's ?lang= is not offered: one language only. Lazy texts are made
        # strings while the schema is generated, so rendering it later keeps them in English.
        with translation.override(SCHEMA_LANGUAGE):
            response = self._get_schema_response(request)
        response["Content-Language"] = SCHEMA_LANGUAGE
        return response


def docs(request):
    """Swagger UI on the JSON schema (api/static/api/docs.js starts it)."""
    response = render(
        request,
        "api/docs.html",
        {
            "title": settings.SPECTACULAR_SETTINGS["TITLE"],
            "schema_url": f"{reverse('api:schema')}?format=json",
        },
    )
    response["Content-Language"] = SCHEMA_LANGUAGE
    return response
