"""`feed_links`: the calendar and feed URLs offered for a case, a court, a party or the
whole site, absolute (SITE_URL) so that they can be pasted into a calendar app or feed reader.

Each link says what it gives (docs/feeds.md): the page's own calendar and feed first, with what
the calendar holds (a case's calendar every hearing; the others a bounded window), then the
site-wide Atom feeds, titled as site-wide so that a case page never passes them off as its own."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from feeds.selectors import CALENDAR_MAX_PAST, CALENDAR_MAX_UPCOMING

register = template.Library()


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _webcal(url: str) -> str:
    return "webcal://" + url.split("://", 1)[-1]


def _bound(text: str) -> str:
    return text % {"upcoming": CALENDAR_MAX_UPCOMING, "past": CALENDAR_MAX_PAST}


@register.simple_tag
def feed_links(case=None, court=None, party=None) -> dict:
    feeds = [
        {"title": _("New rulings in all cases (site-wide)"), "url": reverse("feed_rulings")},
        {"title": _("Status of all cases (site-wide)"), "url": reverse("feed_status")},
        {"title": _("Hearing changes in all cases (site-wide)"), "url": reverse("feed_hearings")},
    ]
    if case:
        calendar = reverse("calendar_case", kwargs={"slug": case.slug})
        title = _("Hearings of this case")
        scope = _("every hearing of this case, past and upcoming")
        own = {
            "title": _("Everything new in this case (status, filings, hearings, rulings)"),
            "url": reverse("feed_case", kwargs={"slug": case.slug}),
        }
        feeds.insert(0, own)
    elif court:
        calendar = reverse("calendar_court", kwargs={"slug": court.slug})
        title = _("Hearings before this court")
        scope = _bound(
            _(
                "the %(upcoming)s soonest upcoming hearings before this court and the "
                "%(past)s latest of the past 12 months"
            )
        )
    elif party:
        calendar = reverse("calendar_party", kwargs={"slug": party.slug})
        title = _("Hearings of this party")
        scope = _bound(
            _(
                "the %(upcoming)s soonest upcoming hearings of this party and the %(past)s "
                "latest of the past 12 months"
            )
        )
    else:
        calendar = reverse("calendar_hearings")
        title = _("All hearings (site-wide)")
        scope = _bound(
            _(
                "the %(upcoming)s soonest upcoming hearings of all cases and the %(past)s "
                "latest of the past 12 months"
            )
        )
    for feed in feeds:
        feed["url"] = _absolute(feed["url"])
    url = _absolute(calendar)
    return {
        "calendar": url,
        "webcal": _webcal(url),
        "calendar_title": title,
        "calendar_scope": scope,
        "feeds": feeds,
    }
