"""Views that fail the ways production can, for the error-page tests."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.urls import path


def database_down(request):
    raise OperationalError(
        'connection to server at "10.1.2.3", port 5432 failed: Connection refused'
    )


def connection_lost(request):
    raise InterfaceError("connection already closed")


def bug(request):
    raise ZeroDivisionError("secret internal detail")


def forbidden(request):
    raise PermissionDenied("internal reason")


def bad(request):
    raise SuspiciousOperation("internal reason")


urlpatterns = i18n_patterns(
    path("down/", database_down),
    path("lost/", connection_lost),
    path("bug/", bug),
    path("forbidden/", forbidden),
    path("bad/", bad),
    prefix_default_language=True,
)
