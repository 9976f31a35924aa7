"""REST framework plumbing: cursor pagination and anonymous throttling.

DRF imports these classes from its settings while `rest_framework.views` is being imported, so
this module must not import that module (errors live in api/errors.py)."""

from django.conf import settings
from rest_framework.pagination import CursorPagination
from rest_framework.throttling import AnonRateThrottle

from common import cachehealth
from common.clients import client_key


class Pagination(CursorPagination):
    """Cursor pagination: stable pages while data is added. `?page_size=` up to 100."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = ("-created_at", "-id")


def cursor_pagination(*ordering: str) -> type[Pagination]:
    return type("Pagination", (Pagination,), {"ordering": ordering})


class AnonThrottle(AnonRateThrottle):
    """Per-client rate limit for anonymous clients; the rate is settings.API_ANON_RATE, read
    on each request so that tests and deployments can change it."""

    def get_rate(self):
        return settings.API_ANON_RATE

    def get_ident(self, request):
        # DRF's own reads X-Forwarded-For from anyone and keys the cache by the raw address.
        return client_key(request)

    def allow_request(self, request, view):
        # Counted in the cache; without it the throttle fails open: reads are public and
        # cacheable, and cachehealth logs the outage (docs/deploy.md, "When a dependency fails").
        try:
            return cachehealth.attempt(super().allow_request, request, view)
        except cachehealth.Unavailable:
            return True
