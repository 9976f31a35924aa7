"""Language from the URL prefix, never from a cookie or session (docs/urls.md, "Language";
common.languages)."""

from django.utils import translation
from django.utils.cache import patch_vary_headers

from common.languages import language_from_accept_header


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
