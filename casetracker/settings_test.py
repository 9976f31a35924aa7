"""Settings for the test suite: the production settings (DEBUG off) with test-only values.

pytest-django imports settings before any conftest runs, so the environment defaults the
production module needs are set here. Tests that assert production values (tests/security/)
start a subprocess on casetracker.settings or override these explicitly.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-key-never-used-outside-the-test-suite-0123456789")
# Test requests are plain HTTP: redirecting them to HTTPS would answer every request with 301.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
# django-axes refuses authenticate() without a request, which Client.login() does not pass;
# the lockout test turns it back on.
os.environ.setdefault("AXES_ENABLED", "0")

from casetracker.settings import *  # noqa: F403

# The test suite does not run collectstatic: serve static files without the manifest.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Hashing passwords slowly is a production virtue and a test-suite cost.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
