"""The embeddable case timeline, /embed/<lang>/cases/<slug>/ (docs/urls.md).

For journalists to put a case's timeline in an article with an <iframe>: the same entries as
the case page (cases.selectors, includes/timeline_entry.html), natural persons pseudonymised
the same way, published cases only (never a staff preview), in a page without the site's
chrome that sets no cookie and loads nothing from another origin. It is the one page other
sites may frame (common.framing.embeddable, settings.EMBED_FRAME_ANCESTORS).
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation

from cases import selectors
from common.framing import embeddable

LANGUAGES = {code for code, _name in settings.LANGUAGES}


def embed_url(*, case_slug: str, language: str) -> str:
    """The embed's absolute URL, as offered in the case page's <iframe> snippet."""
    path = reverse("embed_case_timeline", kwargs={"lang": language, "slug": case_slug})
    return settings.SITE_URL + path


@embeddable
def case_timeline(request, lang: str, slug: str):
    if lang not in LANGUAGES:
        raise Http404("No such language")
    with translation.override(lang):
        try:
            # viewer=None: an embed is public output, even when staff open it.
            case = selectors.case_get(slug=slug, viewer=None)
        except selectors.CaseMoved as moved:
            target = reverse("embed_case_timeline", kwargs={"lang": lang, "slug": moved.case.slug})
            return redirect(target, permanent=True)
        participants = selectors.case_participants(case=case)
        proceedings = selectors.case_page_proceedings(case=case)
        context = {
            "case": case,
            "party_names": selectors.case_party_names(case=case, participants=participants),
            "timeline": selectors.case_timeline(
                case=case,
                proceedings=proceedings,
                events=selectors.case_events(case=case),
                status_updates=selectors.case_status_updates(case=case),
            ),
            "case_url": settings.SITE_URL + case.get_absolute_url(),
        }
        response = render(request, "embed/case_timeline.html", context)
    response.headers["Content-Language"] = lang
    return response
