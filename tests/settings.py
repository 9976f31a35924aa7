"""Settings for the test suite: casetracker.settings plus what a test run lacks.

A test run has no secret of its own, no TLS proxy in front and no collected static files.
Everything else (security headers, cookie flags, language handling, databases from
DATABASE_URL) is production's, so that the tests check what is deployed.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-insecure-key")
# django-axes refuses authenticate() without a request, which Client.login() does not pass;
# the lockout test turns it back on.
os.environ.setdefault("AXES_ENABLED", "0")

from casetracker.settings import *  # noqa: F403
from casetracker.settings import STORAGES

# The test client speaks plain HTTP.
SECURE_SSL_REDIRECT = False
# No manifest without collectstatic; pages still resolve {% static %} through the finders.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Users are created in many tests; a slow hash buys nothing here.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Nothing is collected into STATIC_ROOT for tests: look files up per request instead of
# indexing a directory that does not exist at start-up.
WHITENOISE_AUTOREFRESH = True
