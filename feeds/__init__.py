"""Feeds: the subscription outputs of the public data — Atom feeds (atom.py), iCalendar
calendars of hearings (ical.py) and CSV downloads of the cases list and the hearings page
(csv.py), with their reads (selectors.py), views, URLs and the `feed_links` template tag (the
pages' "Subscribe" box).

Owns no models. May import `cases` (models, selectors, filters, visibility, the pages'
bad-input answers) and `common.text`; nothing in `cases` imports `feeds`. The pages
offer its outputs by URL name only (`includes/feed_links.html`, the CSV links).
"""
