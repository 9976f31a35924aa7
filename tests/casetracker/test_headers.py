"""Security headers and cookies on public responses (production mode)."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from cases.models import Case, Ruling
from common.framing import embeddable
from tests.casetracker.helpers import assert_security_headers


def public_urls() -> list[str]:
    case = Case.objects.public().order_by("pk").first()
    ruling = Ruling.objects.public().order_by("pk").first()
    return [
        "/fr/",
        "/en/",
        case.get_absolute_url(),
        ruling.get_absolute_url(),
        reverse("privacy"),
        "/healthz",
    ]


@pytest.mark.django_db
def test_public_pages_send_every_security_header(client, demo):
    for url in public_urls():
        # secure=True: HSTS is only sent over HTTPS (X-Forwarded-Proto from the proxy).
        response = client.get(url, secure=True)
        assert response.status_code == 200, url
        assert_security_headers(response)


@pytest.mark.django_db
def test_error_pages_send_the_security_headers_too(client):
    response = client.get("/fr/cases/no-such-case/", secure=True)
    assert response.status_code == 404
    assert_security_headers(response)


@pytest.mark.django_db
def test_anonymous_readers_receive_no_cookie_on_public_pages(client, demo):
    for url in [*public_urls(), "/fr/cases/no-such-case/"]:
        response = client.get(url, secure=True)
        assert response.cookies == {}, f"{url} set {list(response.cookies)}"
        assert "Set-Cookie" not in response.headers, url
    assert client.cookies == {}


@pytest.mark.django_db
def test_language_redirect_sets_no_cookie(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en", secure=True)
    assert response.status_code == 302
    assert response.cookies == {}


def test_production_cookie_and_transport_settings_are_strict(settings):
    """The values the test settings leave alone (SSL redirect is asserted in test_deploy)."""
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax" == settings.CSRF_COOKIE_SAMESITE
    assert settings.SECURE_HSTS_SECONDS >= 31536000
    assert settings.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE


def test_csp_directives_allow_nothing_from_another_origin(settings):
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    for name, sources in directives.items():
        for source in sources:
            assert source in {"'self'", "'none'", "data:"}, (name, source)


def test_embeddable_views_may_be_framed_but_keep_the_rest_of_the_policy(settings):
    settings.EMBED_FRAME_ANCESTORS = ["https://news.example"]

    @embeddable
    def timeline(request):
        return HttpResponse("<p>timeline</p>")

    request = RequestFactory().get("/embed/fr/cases/x/")
    response = timeline(request)
    assert response._csp_replace == {"frame-ancestors": ["https://news.example"]}
    assert response.xframe_options_exempt is True


def test_embeddable_exception_reaches_the_headers(client, settings, urls_embed):
    response = client.get("/embed/fr/cases/x/", secure=True)
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors *" in csp
    assert "'none'" in csp  # object-src and base-uri are untouched
    assert "X-Frame-Options" not in response.headers
    assert response.cookies == {}


@pytest.fixture
def urls_embed(settings):
    settings.ROOT_URLCONF = "tests.casetracker.urls_embed"
