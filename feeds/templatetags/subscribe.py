"""`subscribe_links`: the calendar and feed URLs offered for a case, a court, a party or the
whole site, absolute (SITE_URL) so that they can be pasted into a calendar app or feed reader."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

register = template.Library()


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _webcal(url: str) -> str:
    return "webcal://" + url.split("://", 1)[-1]


@register.simple_tag
def subscribe_links(case=None, court=None, party=None) -> dict:
    global_feeds = [
        {"title": _("New rulings"), "url": _absolute(reverse("feed_rulings"))},
        {"title": _("Case status"), "url": _absolute(reverse("feed_status"))},
        {"title": _("Hearings"), "url": _absolute(reverse("feed_hearings"))},
    ]
    if case:
        calendar = reverse("calendar_case", kwargs={"slug": case.slug})
        title = _("Hearings of this case")
        feeds = [
            {
                "title": _("Everything new in this case"),
                "url": _absolute(reverse("feed_case", kwargs={"slug": case.slug})),
            },
            *global_feeds,
        ]
    elif court:
        calendar = reverse("calendar_court", kwargs={"slug": court.slug})
        title, feeds = _("Hearings before this court"), global_feeds
    elif party:
        calendar = reverse("calendar_party", kwargs={"slug": party.slug})
        title, feeds = _("Hearings of this party"), global_feeds
    else:
        calendar = reverse("calendar_hearings")
        title, feeds = _("All hearings"), global_feeds
    url = _absolute(calendar)
    return {"calendar": url, "webcal": _webcal(url), "calendar_title": title, "feeds": feeds}
