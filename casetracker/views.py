"""Site-wide views that belong to no app."""

from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache

from common import cachehealth
from common.languages import language_from_accept_header


def language_redirect(request):
    """`/` → `/fr/` or `/en/` by Accept-Language (no cookie, no session)."""
    language = language_from_accept_header(request)
    with translation.override(language):
        response = HttpResponseRedirect(reverse("home"))
    response.headers["Vary"] = "Accept-Language"
    return response


@never_cache
def healthz(request):
    """200 while the database answers, 503 when it does not; the body names each dependency's
    state ("database ok", "cache unavailable"), since pages are slower without the cache but
    still served, so a load balancer keeps the server in rotation (docs/deploy.md)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy", never a 500
        database = False
    else:
        database = True
    lines = [
        "database ok" if database else "database unavailable",
        "cache ok" if cachehealth.check() else "cache unavailable",
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", status=200 if database else 503, content_type="text/plain"
    )
