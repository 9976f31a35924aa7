"""Template helpers: bilingual texts with fallback notes, language links, public names."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cases import official_sources, visibility
from cases import search as text_search
from common.memo import display as memo_display

register = template.Library()

LANGUAGE_NAMES = {"fr": "français", "en": "English"}


@register.simple_tag(takes_context=True)
def tr(context, obj, field: str, search: str = ""):
    """A bilingual field in the page's language; marks text shown in the other language. With
    `search` (a search's text), the words that search matched are marked too."""
    value = obj.localized(field, context.get("LANGUAGE_CODE"))
    text = text_search.marked(value.text, search, value.language) if search else value.text
    if value.fallback:
        return format_html(
            '<span lang="{}">{}</span> <small class="fallback">({})</small>',
            value.language,
            text,
            _("not available in this language; shown in %(language)s")
            % {"language": LANGUAGE_NAMES[value.language]},
        )
    return text


@register.simple_tag(takes_context=True)
def search_marked(context, source: str, search: str):
    """`source` (a name, in the page's language) with the words the search matched marked."""
    return text_search.marked(source or "", search, context.get("LANGUAGE_CODE") or "en")


@register.filter
def display(instance, name: str) -> str:
    """`{{ obj|display:"status" }}`: what `obj.get_status_display` shows, from labels read once
    per field and language (common.memo.display), not translated again row by row: a list of 50
    citations with their treatments translated ~700 labels per page."""
    return memo_display(instance, name)


@register.simple_tag(takes_context=True)
def language_url(context, language: str) -> str:
    """The current page under the other language prefix."""
    request = context["request"]
    url = translate_url(request.path, language)
    query = request.META.get("QUERY_STRING")
    return f"{url}?{query}" if query else url


@register.simple_tag(takes_context=True)
def absolute_url(context, language: str | None = None) -> str:
    """The current page's absolute URL (in `language` when given), without its query."""
    request = context["request"]
    path = translate_url(request.path, language) if language else request.path
    return settings.SITE_URL + path


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    """A link to page `number` of the current list, keeping its filters."""
    query = context.get("query", "")
    return f"?{query}&page={number}" if query else f"?page={number}"


@register.filter
def timefmt(value) -> str:
    """A wall-clock time as the page's language writes it: "10 h 30" or "10:30"."""
    if value is None:
        return ""
    # A Django time format, translated: "H:i" in English, "G \\h i" in French.
    return formats.time_format(value, pgettext("time of day", "H:i"))


@register.inclusion_tag("includes/party_list.html", takes_context=True)
def party_list(context, participants, names=None, with_counsel=True):
    return {
        "items": [
            {
                "name": visibility.public_party_name(p.party, names),
                "party": p.party,
                "linked": not visibility.is_pseudonymised(p.party),
                "counsel": list(p.counsel.all()) if with_counsel else [],
            }
            for p in participants
        ],
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
    }


@register.simple_tag
def filed_by_names(filing, names=None) -> str:
    """The filing parties' public names, joined."""
    return ", ".join(visibility.public_party_name(p, names) for p in filing.filed_by.all())


@register.simple_tag(takes_context=True)
def localized_text(context, obj, field: str) -> str:
    """A bilingual field's plain text in the page's language (falling back to the other)."""
    return obj.localized(field, context.get("LANGUAGE_CODE")).text


@register.filter
def source_label(value) -> str:
    """The name of the site a source URL is on (cases.official_sources)."""
    return official_sources.source_label(value)


@register.filter
def web_url(value) -> str:
    """`value` if it is an http(s) URL, else "": a stored address becomes a link only then.

    Model validation refuses other schemes; this keeps a javascript: or data: URL that came
    in another way (a raw import, a database edit) from ever reaching an href."""
    text = str(value or "").strip()
    return text if text.lower().startswith(("https://", "http://")) else ""


@register.filter
def filters_active(form) -> bool:
    """Whether the request sets any of the filter form's fields: the folded filters
    (includes/filter_form.html, folded on small screens) then show open."""
    data = getattr(form, "data", None) or {}
    return any(data.get(name) for name in form.fields)
