"""Admin brute-force lockout with django-axes, without keeping client addresses;
locked by the pair (user name, client) so that nobody can lock an editor out."""

import ipaddress

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.db import connection

EDITOR_ADDRESS = "203.0.113.7"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0 editor-browser"


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(
        "editor", password="correct horse battery staple", is_staff=True
    )


def login(client, settings, password: str, remote: str = EDITOR_ADDRESS, **headers):
    return client.post(
        f"/{settings.ADMIN_URL}login/",
        {"username": "editor", "password": password, "next": f"/{settings.ADMIN_URL}"},
        REMOTE_ADDR=remote,
        HTTP_USER_AGENT=BROWSER,
        HTTP_ACCEPT="text/html,application/xhtml+xml;editor-accept",
        **headers,
    )


def test_admin_login_locks_after_repeated_failures(client, settings, axes_on, editor):
    for _ in range(4):
        response = login(client, settings, "wrong")
        assert response.status_code == 200  # the login form again, with an error
    response = login(client, settings, "wrong")
    assert response.status_code == 429
    assert "Too many failed login attempts" in response.content.decode() or (
        "Trop de tentatives" in response.content.decode()
    )

    # Even the right password is refused while locked out, and no session is opened.
    response = login(client, settings, "correct horse battery staple")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_keeps_the_user_name_and_a_keyed_hash_of_the_client_only(
    client, settings, axes_on, editor
):
    for _ in range(5):
        login(client, settings, "wrong")
    attempt = AccessAttempt.objects.get()
    assert attempt.username == "editor"
    assert attempt.failures_since_start == 5
    # The client is a keyed hash, written in the documentation prefix axes' IP column accepts.
    assert ipaddress.ip_address(attempt.ip_address) in ipaddress.ip_network("2001:db8::/32")
    assert attempt.user_agent == "" and attempt.http_accept == ""
    assert AccessLog.objects.count() == 0
    assert AccessFailureLog.objects.count() == 0

    # Nothing of the address or the browser in any column of any axes table.
    with connection.cursor() as cursor:
        for model in (AccessAttempt, AccessLog, AccessFailureLog):
            cursor.execute(f"SELECT * FROM {model._meta.db_table}")
            text = repr(cursor.fetchall())
            for secret in (
                EDITOR_ADDRESS,
                "203.0.113",
                "Firefox",
                "editor-browser",
                "editor-accept",
            ):
                assert secret not in text


def test_failures_from_another_client_do_not_lock_the_editor_out(client, settings, axes_on, editor):
    """Anyone can try an editor's user name: that must not keep the editor out."""
    for _ in range(10):
        login(client, settings, "wrong", remote="198.51.100.66")
    locked = login(client, settings, "wrong", remote="198.51.100.66")
    assert locked.status_code == 429
    body = locked.content.decode()
    assert "depuis cette connexion" in body or "from this connection" in body

    response = login(client, settings, "correct horse battery staple")
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_a_forged_forwarded_header_does_not_escape_the_lockout(client, settings, axes_on, editor):
    settings.FORWARDED_ALLOW_IPS = ["127.0.0.1"]
    for n in range(5):
        login(
            client, settings, "wrong", remote="198.51.100.66", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}"
        )
    response = login(
        client, settings, "correct horse battery staple",
        remote="198.51.100.66", HTTP_X_FORWARDED_FOR="192.0.2.99",
    )  # fmt: skip
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_clients_behind_the_listed_proxy_are_locked_out_apart(client, settings, axes_on, editor):
    settings.FORWARDED_ALLOW_IPS = ["127.0.0.1"]
    for _ in range(5):
        login(client, settings, "wrong", remote="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.66")
    response = login(
        client, settings, "correct horse battery staple",
        remote="127.0.0.1", HTTP_X_FORWARDED_FOR=EDITOR_ADDRESS,
    )  # fmt: skip
    assert response.status_code == 302


def test_a_successful_login_before_the_limit_resets_the_count(client, settings, axes_on, editor):
    for _ in range(3):
        login(client, settings, "wrong")
    response = login(client, settings, "correct horse battery staple")
    assert response.status_code == 302
    assert AccessAttempt.objects.count() == 0
    assert AccessLog.objects.count() == 0  # successful logins are not logged with addresses


def test_admin_uses_django_password_validators(settings):
    names = {entry["NAME"].rsplit(".", 1)[1] for entry in settings.AUTH_PASSWORD_VALIDATORS}
    assert {"MinimumLengthValidator", "CommonPasswordValidator"} <= names
