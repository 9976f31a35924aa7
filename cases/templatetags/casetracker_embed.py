"""The <iframe> snippet the case page offers for its embeddable timeline."""

from django import template
from django.utils import translation
from django.utils.html import format_html

from cases.views.embed import embed_url

register = template.Library()


@register.inclusion_tag("embed/snippet.html")
def embed_snippet(case) -> dict:
    """The code to paste in an article: an <iframe> of /embed/<lang>/cases/<slug>/."""
    url = embed_url(case_slug=case.slug, language=translation.get_language()[:2])
    code = format_html(
        '<iframe src="{}" title="{}" width="100%" height="600" loading="lazy" '
        'referrerpolicy="no-referrer"></iframe>',
        url,
        case.localized("title", translation.get_language()[:2]).text,
    )
    # Shown as text in a <textarea>: the template escapes it once more (force_escape).
    return {"url": url, "code": code}
