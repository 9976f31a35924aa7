"""Admin brute-force lockout with django-axes (issue 7), without keeping client addresses."""

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth import get_user_model


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(
        "editor", password="correct horse battery staple", is_staff=True
    )


def login(client, settings, password: str):
    return client.post(
        f"/{settings.ADMIN_URL}login/",
        {"username": "editor", "password": password, "next": f"/{settings.ADMIN_URL}"},
        REMOTE_ADDR="203.0.113.7",
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


def test_lockout_is_by_user_name_and_keeps_no_client_address(client, settings, axes_on, editor):
    for _ in range(5):
        login(client, settings, "wrong")
    attempt = AccessAttempt.objects.get()
    assert attempt.username == "editor"
    assert attempt.failures_since_start == 5
    assert attempt.ip_address is None
    assert AccessLog.objects.count() == 0


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
