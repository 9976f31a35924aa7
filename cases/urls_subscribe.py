"""Subscription URLs (CONTRACTS.md): Atom feeds, iCalendar calendars and CSV downloads (the
public data page is interchange/urls.py). Included once under the language prefix in
casetracker/urls.py."""

from django.urls import path

from cases import feeds, views_subscribe
from cases.views import downloads

urlpatterns = [
    path("feeds/rulings.atom", feeds.feed_view(feeds.RulingsFeed), name="feed_rulings"),
    path("feeds/status.atom", feeds.feed_view(feeds.StatusFeed), name="feed_status"),
    path("feeds/hearings.atom", feeds.feed_view(feeds.HearingsFeed), name="feed_hearings"),
    path("cases/<slug:slug>/feed.atom", feeds.feed_view(feeds.CaseFeed), name="feed_case"),
    path("calendar/hearings.ics", views_subscribe.calendar_all, name="calendar_hearings"),
    path("cases/<slug:slug>/hearings.ics", views_subscribe.calendar_case, name="calendar_case"),
    path("courts/<slug:slug>/hearings.ics", views_subscribe.calendar_court, name="calendar_court"),
    path("parties/<slug:slug>/hearings.ics", views_subscribe.calendar_party, name="calendar_party"),
    path("cases.csv", downloads.case_list_csv, name="case_list_csv"),
    path("hearings.csv", downloads.hearing_calendar_csv, name="hearing_calendar_csv"),
]
