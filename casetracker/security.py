"""Security headers django-csp and Django do not send.

Content-Security-Policy comes from django-csp (settings.CONTENT_SECURITY_POLICY); HSTS, nosniff,
Referrer-Policy and X-Frame-Options from Django's own middleware; this module adds
Permissions-Policy. The one exception to "never framed", the embeddable timeline, is
common.framing.embeddable (the apps use it).
"""

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Turn off every powerful browser feature: the site uses none of them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
