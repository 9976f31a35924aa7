"""The one exception to "no page may be framed": views other sites may embed.

Content-Security-Policy comes from django-csp (settings.CONTENT_SECURITY_POLICY, frame-ancestors
'none') and X-Frame-Options DENY from Django (docs/deploy.md).
"""

from collections.abc import Callable
from functools import wraps

from csp.decorators import csp_replace
from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.clickjacking import xframe_options_exempt


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
