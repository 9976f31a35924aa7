"""/api/v1/: the read-only REST API, its OpenAPI 3 schema and its documentation (Swagger UI,
assets served by the app through drf-spectacular-sidecar; api/docs.py)."""

from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from api import docs, views
from api.errors import not_found


class Router(DefaultRouter):
    APIRootView = views.APIRootView


router = Router()
router.include_format_suffixes = False
router.register("cases", views.CaseViewSet, basename="case")
router.register("filings", views.FilingViewSet, basename="filing")
router.register("hearings", views.HearingViewSet, basename="hearing")
router.register("rulings", views.RulingViewSet, basename="ruling")
router.register("citations", views.CitationViewSet, basename="citation")
router.register("courts", views.CourtViewSet, basename="court")
router.register("parties", views.PartyViewSet, basename="party")
router.register("events", views.EventViewSet, basename="event")
router.register("status-updates", views.StatusUpdateViewSet, basename="statusupdate")

app_name = "api"
urlpatterns = [
    path("schema/", docs.SchemaView.as_view(), name="schema"),
    path("docs/", docs.docs, name="docs"),
    path("", include(router.urls)),
    re_path(r"^.*$", not_found),
]
