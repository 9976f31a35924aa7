"""The visitor's language when the URL names none: from Accept-Language, never from a cookie or
session, so that anonymous readers get the same page for the same URL (docs/configuration.md).

Used by the language middleware (casetracker.middleware), the `/` redirect and the page cache
(casetracker), and the identifier lookup's redirect (cases.views.lookup).
"""

from django.conf import settings
from django.utils import translation

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def language_from_accept_header(request) -> str:
    """The best supported language in Accept-Language, else the default (French)."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in translation.trans_real.parse_accept_lang_header(header):
        primary = code.split("-")[0].lower()
        if primary in SUPPORTED:
            return primary
    return settings.LANGUAGE_CODE
