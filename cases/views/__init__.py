"""Public pages. Thin: reads come from cases.selectors, filters from cases.filters, search
from cases.search; other apps add to the case and ruling pages (contributions.py)."""

from cases.views.lists import case_list, hearing_calendar, ruling_list, timeline
from cases.views.lookup import ecli_resolve, robots_txt, search, sitemap_xml
from cases.views.pages import case_detail, court_detail, home, party_detail, ruling_detail
from cases.views.suggest import suggest_cases, suggest_parties

__all__ = [
    "case_detail",
    "case_list",
    "court_detail",
    "ecli_resolve",
    "hearing_calendar",
    "home",
    "party_detail",
    "robots_txt",
    "ruling_detail",
    "ruling_list",
    "search",
    "sitemap_xml",
    "suggest_cases",
    "suggest_parties",
    "timeline",
]
