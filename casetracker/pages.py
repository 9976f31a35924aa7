"""Static public pages that belong to no app: the privacy page."""

from django.conf import settings
from django.shortcuts import render


def privacy(request):
    """What the site stores and does not: /<lang>/privacy/ (docs/urls.md)."""
    return render(request, "pages/privacy.html", {"privacy_contact": settings.PRIVACY_CONTACT})
