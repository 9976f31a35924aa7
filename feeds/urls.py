"""Subscription URLs (docs/feeds.md, docs/downloads.md): Atom feeds, iCalendar calendars and
CSV downloads. Included once under the language prefix in casetracker/urls.py."""

from django.urls import path

from feeds import atom, views

urlpatterns = [
    path("feeds/rulings.atom", atom.feed_view(atom.RulingsFeed), name="feed_rulings"),
    path("feeds/status.atom", atom.feed_view(atom.StatusFeed), name="feed_status"),
    path("feeds/hearings.atom", atom.feed_view(atom.HearingsFeed), name="feed_hearings"),
    path("cases/<slug:slug>/feed.atom", atom.feed_view(atom.CaseFeed), name="feed_case"),
    path("calendar/hearings.ics", views.calendar_all, name="calendar_hearings"),
    path("cases/<slug:slug>/hearings.ics", views.calendar_case, name="calendar_case"),
    path("courts/<slug:slug>/hearings.ics", views.calendar_court, name="calendar_court"),
    path("parties/<slug:slug>/hearings.ics", views.calendar_party, name="calendar_party"),
    path("cases.csv", views.case_list_csv, name="case_list_csv"),
    path("hearings.csv", views.hearing_calendar_csv, name="hearing_calendar_csv"),
]
