"""Error pages: bilingual, without technical detail; 503 while the database is down."""

import pytest
from django.test import Client

pytestmark = pytest.mark.urls("tests.casetracker.urls_failing")


@pytest.fixture
def visitor():
    """A client that gets error responses instead of re-raised exceptions, like a browser."""
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    ("language", "heading"),
    [("fr", "Service momentanément indisponible"), ("en", "Service temporarily unavailable")],
)
def test_database_operational_error_gives_a_clean_503_in_the_page_language(
    visitor, language, heading
):
    response = visitor.get(f"/{language}/down/")
    assert response.status_code == 503
    body = response.content.decode()
    assert heading in body
    assert f'<html lang="{language}">' in body
    assert "10.1.2.3" not in body and "OperationalError" not in body and "5432" not in body
    assert response.headers["Retry-After"] == "30"
    assert "no-cache" in response.headers["Cache-Control"]
    assert "Content-Security-Policy" in response.headers


def test_lost_connection_gives_503_too(visitor):
    response = visitor.get("/en/lost/")
    assert response.status_code == 503


def test_database_outage_is_logged_without_the_server_message(visitor, caplog):
    visitor.get("/en/down/")
    messages = [record.getMessage() for record in caplog.records]
    assert "database unavailable: OperationalError" in messages
    assert not any("10.1.2.3" in message for message in messages)


@pytest.mark.parametrize(
    ("path", "status", "fr_heading", "en_heading"),
    [
        ("bug/", 500, "Erreur du serveur", "Server error"),
        ("forbidden/", 403, "Accès refusé", "Access denied"),
        ("bad/", 400, "Requête invalide", "Bad request"),
        ("nowhere/", 404, "Page introuvable", "Page not found"),
    ],
)
def test_error_pages_exist_in_both_languages_without_technical_detail(
    visitor, path, status, fr_heading, en_heading
):
    for language, heading in (("fr", fr_heading), ("en", en_heading)):
        response = visitor.get(f"/{language}/{path}")
        assert response.status_code == status
        body = response.content.decode()
        assert heading in body
        assert f'href="/{language}/"' in body
        for detail in ("Traceback", "secret internal detail", "internal reason", "Django"):
            assert detail not in body


def test_csrf_failure_renders_the_plain_403_page(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/en/bug/", {"x": "1"})  # rejected before the view runs
    assert response.status_code == 403
    body = response.content.decode()
    assert "Access denied" in body
    assert "CSRF" not in body
