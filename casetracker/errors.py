"""Error pages and resilience: a clean, bilingual 503 while the database is unreachable.

Pages are rendered from templates/<status>.html (language from the URL prefix, activated by
casetracker.middleware.LanguageMiddleware) and never show technical detail.
"""

import logging

from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers

from common.outage import DATABASE_DOWN, RETRY_AFTER_SECONDS

logger = logging.getLogger("casetracker.errors")


def render_error(request, status: int) -> HttpResponse:
    """templates/<status>.html, without context processors that could touch the database."""
    body = loader.render_to_string(f"{status}.html", {"request_path": request.path})
    return HttpResponse(body, status=status)


def service_unavailable(request) -> HttpResponse:
    response = render_error(request, 503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """Answer 503 (not 500) when a view fails because the database cannot be reached.

    With persistent connections and CONN_HEALTH_CHECKS, Django drops the broken connection at
    the end of the request and reconnects on the next one, so service resumes by itself after
    PostgreSQL restarts.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_DOWN):
            return None
        logger.error("database unavailable: %s", type(exception).__name__)
        return service_unavailable(request)


def csrf_failure(request, reason: str = "") -> HttpResponse:
    """CSRF rejection: the plain 403 page (Django's own one has inline styles and details)."""
    return render_error(request, 403)
