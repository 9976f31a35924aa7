"""`check --deploy` is clean, and production settings are safe by default.

These run the production settings module (casetracker.settings, not the test settings) in a
subprocess, with DEBUG off and only the variables a deployment must set.
"""

import json
import subprocess
import sys

import pytest

from tests.casetracker.helpers import ROOT, production_env, run_manage

# Each test starts Django in a subprocess (about a second each): docs/testing.md, "slow".
pytestmark = pytest.mark.slow


def test_check_deploy_reports_nothing_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_flags_a_weak_secret_key():
    """The check is live, not silenced wholesale: a short key is reported."""
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env=production_env(SECRET_KEY="short")
    )
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
names = ["DEBUG", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
         "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "AXES_ENABLED",
         "X_FRAME_OPTIONS", "CONN_HEALTH_CHECKS", "CONN_MAX_AGE"]
values = {name: getattr(settings, name, None) for name in names}
values["CONN_HEALTH_CHECKS"] = settings.DATABASES["default"]["CONN_HEALTH_CHECKS"]
values["CONN_MAX_AGE"] = settings.DATABASES["default"]["CONN_MAX_AGE"]
print(json.dumps(values))
"""


def production_values(**extra: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=ROOT,
        env=production_env(**extra),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_defaults_are_safe():
    values = production_values()
    assert values == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "AXES_ENABLED": True,
        "X_FRAME_OPTIONS": "DENY",
        "CONN_HEALTH_CHECKS": True,
        "CONN_MAX_AGE": 60,
    }


@pytest.mark.parametrize(
    ("variable", "setting"),
    [("SECURE_SSL_REDIRECT", "SECURE_SSL_REDIRECT"), ("AXES_ENABLED", "AXES_ENABLED")],
)
def test_a_deployment_can_turn_off_what_its_proxy_already_does(variable, setting):
    assert production_values(**{variable: "0"})[setting] is False


def test_development_mode_keeps_working_without_a_secret_key():
    env = production_env(DEBUG="1")
    del env["SECRET_KEY"]
    assert run_manage("check", env=env).returncode == 0
