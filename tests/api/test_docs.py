"""The OpenAPI schema as browsers and API clients get it, in one language, and the docs page
under the same CSP as every other page."""

import json

import pytest
import yaml
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import translation

from cases.models import Case

pytestmark = pytest.mark.django_db

# What Chromium sends when a reader opens a URL.
BROWSER_ACCEPT = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
    "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"
)


def texts(schema) -> list[str]:
    """Every title, summary and description in the schema."""
    found = []
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key in ("title", "summary", "description") and isinstance(value, str):
                found.append(value)
            found += texts(value)
    elif isinstance(schema, list):
        for value in schema:
            found += texts(value)
    return found


def test_a_browser_opening_the_schema_gets_yaml_as_text_it_shows(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT=BROWSER_ACCEPT)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].startswith("inline")
    assert yaml.safe_load(response.content)["info"]["title"] == "casetracker API"


def test_a_browser_asking_for_json_gets_application_json(client):
    response = client.get("/api/v1/schema/?format=json", HTTP_ACCEPT=BROWSER_ACCEPT)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["openapi"].startswith("3.")


@pytest.mark.parametrize(
    "accept, media_type",
    [
        ("*/*", "application/vnd.oai.openapi; charset=utf-8"),
        ("application/vnd.oai.openapi", "application/vnd.oai.openapi; charset=utf-8"),
        ("application/yaml", "application/yaml; charset=utf-8"),
        ("application/vnd.oai.openapi+json", "application/vnd.oai.openapi+json"),
        ("application/json", "application/json"),
        ("text/plain", "text/plain; charset=utf-8"),
    ],
)
def test_api_clients_get_the_media_type_they_ask_for(client, accept, media_type):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"] == media_type
    assert response["Vary"].startswith("Accept")


def test_an_unknown_format_is_a_clear_404_not_a_500(client):
    response = client.get("/api/v1/schema/?format=xml", HTTP_ACCEPT=BROWSER_ACCEPT)
    assert response.status_code == 404


def test_the_schema_is_in_english_whatever_the_reader_asks(client):
    english = client.get("/api/v1/schema/?format=json", HTTP_ACCEPT_LANGUAGE="en").json()
    for asked in ({"HTTP_ACCEPT_LANGUAGE": "fr"}, {}):
        response = client.get("/api/v1/schema/?format=json", **asked)
        assert response["Content-Language"] == "en"
        assert response.json() == english
    assert client.get("/api/v1/schema/?format=json&lang=fr").json() == english
    # The models' help texts are translated: the schema takes their English side.
    uid = Case._meta.get_field("uid").help_text
    with translation.override("en"):
        uid_en = str(uid)
    with translation.override("fr"):
        assert str(uid) != uid_en
    assert english["components"]["schemas"]["Case"]["properties"]["uid"]["description"] == uid_en
    french = ("Identifiant", "Résumé", "juridiction", "audience fixée", "Nombre de résultats")
    mixed = [text for text in texts(english) if any(word in text for word in french)]
    assert mixed == []


def parsed_csp(response) -> dict[str, list[str]]:
    directives = {}
    for directive in response["Content-Security-Policy"].split(";"):
        name, *sources = directive.split()
        directives[name] = sorted(sources)
    return directives


def test_the_docs_page_and_every_other_page_send_the_site_policy_unchanged(client, demo):
    policy = {
        name: sorted(sources)
        for name, sources in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].items()
    }
    assert "'unsafe-inline'" not in policy["style-src"]
    case = Case.objects.public().order_by("pk").first()
    for url in (
        "/api/v1/docs/",
        "/api/v1/",
        "/api/v1/schema/",
        "/fr/",
        f"/en/cases/{case.slug}/",
        "/en/privacy/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert parsed_csp(response) == policy, url


def test_the_docs_page_loads_swagger_ui_and_its_start_script_from_the_app(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200 and not response.cookies
    html = response.content.decode()
    assert 'data-schema-url="/api/v1/schema/?format=json"' in html
    for asset in (
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css",
        "/static/api/docs.js",
    ):
        assert f'"{asset}"' in html
        assert finders.find(asset.removeprefix("/static/")), asset
