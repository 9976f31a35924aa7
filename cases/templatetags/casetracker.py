"""Template helpers: bilingual texts with fallback notes, language links, public names."""

from django import template
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import gettext as _

from cases import visibility

register = template.Library()

LANGUAGE_NAMES = {"fr": "français", "en": "English"}


@register.simple_tag(takes_context=True)
def tr(context, obj, field: str):
    """A bilingual field in the page's language; marks text shown in the other language."""
    value = obj.localized(field, context.get("LANGUAGE_CODE"))
    if value.fallback:
        return format_html(
            '<span lang="{}">{}</span> <small class="fallback">({})</small>',
            value.language,
            value.text,
            _("not available in this language; shown in %(language)s")
            % {"language": LANGUAGE_NAMES[value.language]},
        )
    return value.text


@register.simple_tag(takes_context=True)
def language_url(context, language: str) -> str:
    """The current page under the other language prefix."""
    request = context["request"]
    url = translate_url(request.path, language)
    query = request.META.get("QUERY_STRING")
    return f"{url}?{query}" if query else url


@register.simple_tag
def party_name(party, names=None) -> str:
    """A party's public name (pseudonymised for natural persons)."""
    return visibility.public_party_name(party, names)
