"""Language from the URL prefix, never from a cookie or session (docs/urls.md, "Language")."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def language_from_accept_header(request) -> str:
    """The best supported language in Accept-Language, else the default (French)."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in translation.trans_real.parse_accept_lang_header(header):
        primary = code.split("-")[0].lower()
        if primary in SUPPORTED:
            return primary
    return settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Activate the language named by the path prefix (/fr/, /en/), else Accept-Language.

    Unlike Django's LocaleMiddleware it never reads the language cookie, so anonymous readers
    get the same page for the same URL and nothing is stored about them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        prefixed = translation.get_language_from_path(request.path_info)
        language = prefixed or language_from_accept_header(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if not prefixed:
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
