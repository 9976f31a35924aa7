"""Root URLs: public pages under a language prefix (/fr/, /en/), the admin under ADMIN_URL."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from casetracker import pages, views

urlpatterns = [
    path("", views.language_redirect, name="root"),
    path("healthz", views.healthz, name="healthz"),
    path(settings.ADMIN_URL, admin.site.urls),
]
urlpatterns += i18n_patterns(
    path("", include("cases.urls")),
    path("privacy/", pages.privacy, name="privacy"),
    path("", include("alerts.urls")),
    prefix_default_language=True,
)
