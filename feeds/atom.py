"""Atom feeds (Django's syndication framework): new rulings, case status, hearing changes,
and one feed per case with every timeline entry.

Entries have stable ids (`urn:uuid:` of the record's permanent uid), `updated` timestamps,
absolute links built on SITE_URL, and content in the language of the URL prefix. Only public
records appear (the models' `.public()` querysets, through feeds.selectors), and
natural persons are named as on the case page (cases.selectors.case_party_names). Every text
goes out without the characters XML 1.0 forbids (common.text), so that one stored control
character cannot make a feed fail.
"""

import datetime as dt

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from cases import selectors, visibility
from cases.models import (
    Case,
    CaseStatusChange,
    Event,
    Filing,
    Hearing,
    HearingChange,
    Ruling,
    StatusUpdate,
)
from common.memo import display
from common.text import strip_forbidden_chars
from feeds.selectors import (
    case_feed_entries,
    hearing_change_feed,
    ruling_feed,
    status_feed,
)


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def as_datetime(day: dt.date) -> dt.datetime:
    """A date as midnight in the site's time zone (Atom wants date-times)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def html(*paragraphs: str) -> str:
    return "".join(linebreaks(escape(p)) for p in paragraphs if p)


def when(day: dt.date, time: dt.time | None = None) -> str:
    text = day.isoformat()
    return f"{text} {time:%H:%M}" if time else text


class AtomFeed(Feed):
    """Common parts: Atom, absolute links, stable ids, the language of the URL."""

    feed_type = Atom1Feed
    url_name = ""

    def feed_url(self, obj=None):
        return absolute(self.request_path(obj))

    def request_path(self, obj=None) -> str:
        return reverse(self.url_name)

    def feed_guid(self, obj=None) -> str:
        return self.feed_url(obj)

    def item_guid(self, item) -> str:
        return f"urn:uuid:{item.uid}"

    item_guid_is_permalink = False

    def item_updateddate(self, item) -> dt.datetime:
        return item.updated_at

    def item_pubdate(self, item) -> dt.datetime:
        return item.created_at

    def get_feed(self, obj, request):
        # Django's XML writer refuses control characters with an exception (a 500): a row
        # stored before the entry points stripped them, or written around them, must not
        # take the feed down.
        feed = super().get_feed(obj, request)
        xml_safe(feed.feed)
        for item in feed.items:
            xml_safe(item)
        return feed


def xml_safe(values: dict) -> None:
    """Strip forbidden characters from the texts of a feed's or an entry's values, in place."""
    for key, value in values.items():
        if isinstance(value, str):
            values[key] = strip_forbidden_chars(value)
        elif isinstance(value, list | tuple):
            values[key] = [strip_forbidden_chars(v) if isinstance(v, str) else v for v in value]


class RulingsFeed(AtomFeed):
    url_name = "feed_rulings"

    def title(self):
        return _("casetracker — new rulings")

    def subtitle(self):
        return _("Rulings of the cases followed by casetracker and the case law they cite.")

    def link(self):
        return absolute(reverse("home"))

    def items(self):
        return ruling_feed()

    def item_title(self, item: Ruling) -> str:
        return ruling_label(item)

    def item_description(self, item: Ruling) -> str:
        return html(
            item.title,
            display(item, "outcome") if item.outcome else "",
            item.localized("outcome_text").text,
            item.localized("summary").text,
        )

    def item_link(self, item: Ruling) -> str:
        return absolute(item.get_absolute_url())

    def item_pubdate(self, item: Ruling) -> dt.datetime:
        return as_datetime(item.decided_on)


def ruling_label(ruling: Ruling) -> str:
    numbers = ", ".join(n.number for n in ruling.numbers.all())
    parts = [ruling.court.short_name, ruling.decided_on.isoformat()]
    parts += [p for p in (numbers, ruling.short_name) if p]
    return f"{display(ruling, 'kind').capitalize()} — {' '.join(parts)}"


class StatusFeed(AtomFeed):
    url_name = "feed_status"

    def title(self):
        return _("casetracker — case status")

    def subtitle(self):
        return _("Status changes and status updates of the cases followed by casetracker.")

    def link(self):
        return absolute(reverse("home"))

    def items(self):
        return status_feed()

    def item_title(self, item) -> str:
        if isinstance(item, CaseStatusChange):
            return _("%(case)s: %(status)s") % {
                "case": item.case.title,
                "status": display(item, "to_status"),
            }
        return _("%(case)s: status update") % {"case": item.case.title}

    def item_description(self, item) -> str:
        if isinstance(item, CaseStatusChange):
            return html(
                _("Status on %(day)s: %(status)s")
                % {"day": item.changed_on.isoformat(), "status": display(item, "to_status")},
                item.note,
            )
        next_step = item.localized("next_step").text
        return html(
            item.localized("text").text,
            _("Next step: %(step)s") % {"step": next_step} if next_step else "",
        )

    def item_link(self, item) -> str:
        return absolute(item.case.get_absolute_url())

    def item_pubdate(self, item) -> dt.datetime:
        day = item.changed_on if isinstance(item, CaseStatusChange) else item.posted_on
        return as_datetime(day)


class HearingsFeed(AtomFeed):
    url_name = "feed_hearings"

    def title(self):
        return _("casetracker — hearings")

    def subtitle(self):
        return _("Hearings scheduled, moved or cancelled in the cases followed by casetracker.")

    def link(self):
        return absolute(reverse("home"))

    def items(self):
        return hearing_change_feed()

    def item_title(self, item: HearingChange) -> str:
        return hearing_change_title(item)

    def item_description(self, item: HearingChange) -> str:
        hearing = item.hearing
        proceeding = hearing.proceeding
        return html(
            proceeding.case.title,
            f"{proceeding.court.name}, {proceeding.number}",
            _("Date: %(when)s") % {"when": when(item.new_date, item.new_start_time)},
            _("Previously: %(when)s") % {"when": when(item.old_date, item.old_start_time)}
            if item.moved
            else "",
            hearing.location,
            item.reason,
        )

    def item_link(self, item: HearingChange) -> str:
        return absolute(item.hearing.proceeding.case.get_absolute_url())

    def item_updateddate(self, item: HearingChange) -> dt.datetime:
        return item.changed_at

    def item_pubdate(self, item: HearingChange) -> dt.datetime:
        return item.changed_at


def hearing_change_title(change: HearingChange) -> str:
    proceeding = change.hearing.proceeding
    subject = {
        "court": proceeding.court.short_name,
        "number": proceeding.number,
        "when": when(change.new_date, change.new_start_time),
    }
    if change.new_status == Hearing.Status.CANCELLED:
        text = _("Hearing cancelled: %(court)s %(number)s, %(when)s")
    elif change.new_status == Hearing.Status.POSTPONED:
        text = _("Hearing postponed: %(court)s %(number)s, %(when)s")
    elif change.new_status == Hearing.Status.HELD:
        text = _("Hearing held: %(court)s %(number)s, %(when)s")
    elif change.moved:
        text = _("Hearing moved: %(court)s %(number)s, now %(when)s")
    else:
        text = _("Hearing scheduled: %(court)s %(number)s, %(when)s")
    return text % subject


class CaseFeed(AtomFeed):
    """Every timeline entry of one public case, as it is added or changed."""

    url_name = "feed_case"

    def get_object(self, request, slug: str):
        try:
            case = selectors.case_get(slug=slug, viewer=None)
        except selectors.CaseMoved as moved:
            raise CaseFeedMoved(moved.case) from None
        # One instance per request (see `feed_view`), so per-case state is safe here.
        self.case = case
        self.party_names = selectors.case_party_names(case=case)
        return case

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except CaseFeedMoved as moved:
            return redirect("feed_case", slug=moved.case.slug, permanent=True)

    def request_path(self, obj=None) -> str:
        return reverse(self.url_name, kwargs={"slug": obj.slug})

    def title(self, obj: Case) -> str:
        return _("casetracker — %(case)s") % {"case": obj.title}

    def subtitle(self, obj: Case) -> str:
        return obj.localized("summary").text

    def link(self, obj: Case) -> str:
        return absolute(obj.get_absolute_url())

    def items(self, obj: Case):
        return case_feed_entries(case=obj)

    def item_link(self, item) -> str:
        if isinstance(item, Ruling):
            return absolute(item.get_absolute_url())
        anchor = f"{type(item).__name__.lower()}-{item.uid}"
        return f"{absolute(self.case.get_absolute_url())}#{anchor}"

    def item_title(self, item) -> str:
        if isinstance(item, Filing):
            return _("Filing: %(kind)s, %(day)s") % {
                "kind": display(item, "kind"),
                "day": item.registered_on.isoformat(),
            }
        if isinstance(item, Hearing):
            return _("Hearing (%(status)s): %(court)s %(number)s, %(when)s") % {
                "status": display(item, "status"),
                "court": item.proceeding.court.short_name,
                "number": item.proceeding.number,
                "when": when(item.date, item.start_time),
            }
        if isinstance(item, Ruling):
            return ruling_label(item)
        if isinstance(item, CaseStatusChange):
            return _("Status: %(status)s (%(day)s)") % {
                "status": display(item, "to_status"),
                "day": item.changed_on.isoformat(),
            }
        if isinstance(item, StatusUpdate):
            return _("Status update, %(day)s") % {"day": item.posted_on.isoformat()}
        if isinstance(item, Event):
            return f"{item.occurred_on.isoformat()} — {item.title}"
        raise Http404

    def item_description(self, item) -> str:
        if isinstance(item, Filing):
            names = ", ".join(
                visibility.public_party_name(p, self.party_names) for p in item.filed_by.all()
            )
            return html(
                _("Filed by: %(names)s") % {"names": names} if names else "",
                item.localized("summary").text,
            )
        if isinstance(item, Hearing):
            return html(item.location, item.formation, item.localized("notes").text)
        if isinstance(item, Ruling):
            return html(
                item.title,
                display(item, "outcome") if item.outcome else "",
                item.localized("outcome_text").text,
                item.localized("summary").text,
            )
        if isinstance(item, CaseStatusChange):
            return html(item.note)
        if isinstance(item, StatusUpdate):
            next_step = item.localized("next_step").text
            return html(
                item.localized("text").text,
                _("Next step: %(step)s") % {"step": next_step} if next_step else "",
            )
        return html(item.localized("description").text)


class CaseFeedMoved(Exception):
    def __init__(self, case: Case):
        super().__init__(case.slug)
        self.case = case


def feed_view(feed_class: type[Feed]):
    """A view building a fresh feed per request: feed objects then hold per-request state
    (the case, its pseudonyms) without sharing it between threads."""

    def view(request, *args, **kwargs):
        return feed_class()(request, *args, **kwargs)

    view.__name__ = view.__qualname__ = feed_class.__name__
    return view
