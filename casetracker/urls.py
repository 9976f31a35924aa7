"""Root URLs: public pages under a language prefix (/fr/, /en/), the admin under ADMIN_URL."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from cases import admin_scoping
from cases import views as case_views
from cases.views import embed as embed_views
from casetracker import pages, views

urlpatterns = [
    path("", views.language_redirect, name="root"),
    path("healthz", views.healthz, name="healthz"),
    # Before the admin's own `r/` (view on site), which redirected to any record.
    path(
        f"{settings.ADMIN_URL}r/<path:content_type_id>/<path:object_id>/",
        admin.site.admin_view(admin_scoping.view_on_site),
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("ecli/<path:value>/", case_views.ecli_resolve, name="ecli_resolve"),
    path("sitemap.xml", case_views.sitemap_xml, name="sitemap_xml"),
    path("robots.txt", case_views.robots_txt, name="robots_txt"),
    # Asked for by browsers showing a page without <link rel="icon"> (feeds, JSON, the schema).
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("favicon.ico")), name="favicon"),
    path(
        "embed/<str:lang>/cases/<slug:slug>/",
        embed_views.case_timeline,
        name="embed_case_timeline",
    ),
]
urlpatterns += i18n_patterns(
    path("", include("cases.urls")),
    path("privacy/", pages.privacy, name="privacy"),
    path("", include("feeds.urls")),
    path("", include("interchange.urls")),
    path("", include("citations.urls")),
    path("", include("alerts.urls")),
    prefix_default_language=True,
)
