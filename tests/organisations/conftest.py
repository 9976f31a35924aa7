import pytest


@pytest.fixture(autouse=True)
def _plain_http(settings):
    """Admin pages over plain HTTP with unhashed static files, whatever DEBUG is."""
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
