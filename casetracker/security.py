"""Security headers django-csp and Django do not send, and the embed exception.

Content-Security-Policy comes from django-csp (settings.CONTENT_SECURITY_POLICY); HSTS, nosniff,
Referrer-Policy and X-Frame-Options from Django's own middleware; this module adds
Permissions-Policy and the one exception to "never framed": the embeddable timeline.
"""

from collections.abc import Callable
from functools import wraps

from csp.decorators import csp_replace
from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.clickjacking import xframe_options_exempt


class PermissionsPolicyMiddleware:
    """Turn off every powerful browser feature: the site uses none of them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def embeddable(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let other sites frame this view (the embed timeline, /embed/<lang>/cases/<slug>/).

    Replaces CSP frame-ancestors 'none' by settings.EMBED_FRAME_ANCESTORS (default any origin)
    and drops X-Frame-Options DENY; every other protection stays.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        allowed = csp_replace({"frame-ancestors": list(settings.EMBED_FRAME_ANCESTORS)})
        return allowed(view)(request, *args, **kwargs)

    return xframe_options_exempt(wrapped)
