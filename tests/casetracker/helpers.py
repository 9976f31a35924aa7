"""Helpers of the project-level tests: the security headers every answer carries, manage.py
run with production's environment."""

import os
import secrets
import subprocess
import sys
from pathlib import Path


def assert_security_headers(response) -> None:
    csp = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert "nonce-" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "object-src 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


ROOT = Path(__file__).resolve().parents[2]


def production_env(**extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests' fixture, never in production.
        if key
        not in {
            "DEBUG",
            "SECURE_SSL_REDIRECT",
            "AXES_ENABLED",
            "SECURE_HSTS_SECONDS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
        and not key.startswith(("SESSION_COOKIE", "CSRF_COOKIE"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="casetracker.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="casetracker.example.org",
        DATABASE_URL="",
    )
    env.update(extra)
    return env


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
