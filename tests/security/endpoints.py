"""The public endpoints, for the tests that walk or fuzz them all: every page (PAGES) and API
endpoint (API) with the query keys and path slugs it takes, and the site's named URLs
(url_names)."""

import dataclasses

from django.urls import URLPattern, URLResolver


@dataclasses.dataclass(frozen=True)
class Endpoint:
    """One URL pattern: `template` holds {lang} and {slug} (filled from `slugs`, a key of
    the known() dict), `keys` its own query parameters."""

    name: str
    template: str
    keys: tuple[str, ...] = ()
    slugs: str | None = None

    def __str__(self) -> str:
        return self.name


CASE_KEYS = ("q", "status", "court", "procedure", "topic", "party", "filed_after")


RULING_KEYS = ("q", "court", "kind", "outcome", "year", "number", "case", "topic")


TIMELINE_KEYS = ("court", "case", "kind", "start", "end", "before")


HEARING_KEYS = ("when", "court", "case", "party")


PAGES = [
    Endpoint("root", "/"),
    Endpoint("healthz", "/healthz"),
    Endpoint("home", "/{lang}/"),
    Endpoint("case_list", "/{lang}/cases/", CASE_KEYS),
    Endpoint("case_detail", "/{lang}/cases/{slug}/", (), "case"),
    Endpoint("timeline", "/{lang}/timeline/", TIMELINE_KEYS),
    Endpoint("hearing_calendar", "/{lang}/hearings/", HEARING_KEYS),
    Endpoint("ruling_list", "/{lang}/rulings/", RULING_KEYS),
    Endpoint("ruling_detail", "/{lang}/rulings/{slug}/", (), "ruling"),
    Endpoint("ruling_graph", "/{lang}/rulings/{slug}/graph/", ("depth",), "ruling"),
    Endpoint("ruling_graph_json", "/{lang}/rulings/{slug}/graph.json", ("depth",), "ruling"),
    Endpoint("ruling_graph_graphml", "/{lang}/rulings/{slug}/graph.graphml", ("depth",), "ruling"),
    Endpoint("graph_json", "/{lang}/graph.json"),
    Endpoint("graph_graphml", "/{lang}/graph.graphml"),
    Endpoint("court_detail", "/{lang}/courts/{slug}/", (), "court"),
    Endpoint("party_detail", "/{lang}/parties/{slug}/", (), "party"),
    Endpoint("search", "/{lang}/search/", ("q",)),
    Endpoint("suggest_cases", "/{lang}/suggest/cases/", ("q",)),
    Endpoint("suggest_parties", "/{lang}/suggest/parties/", ("q",)),
    Endpoint("privacy", "/{lang}/privacy/"),
    Endpoint("feed_rulings", "/{lang}/feeds/rulings.atom"),
    Endpoint("feed_status", "/{lang}/feeds/status.atom"),
    Endpoint("feed_hearings", "/{lang}/feeds/hearings.atom"),
    Endpoint("feed_case", "/{lang}/cases/{slug}/feed.atom", (), "case"),
    Endpoint("calendar_hearings", "/{lang}/calendar/hearings.ics"),
    Endpoint("calendar_case", "/{lang}/cases/{slug}/hearings.ics", (), "case"),
    Endpoint("calendar_court", "/{lang}/courts/{slug}/hearings.ics", (), "court"),
    Endpoint("calendar_party", "/{lang}/parties/{slug}/hearings.ics", (), "party"),
    Endpoint("embed_case_timeline", "/embed/{lang}/cases/{slug}/", (), "case"),
    Endpoint("case_list_csv", "/{lang}/cases.csv", CASE_KEYS),
    Endpoint("hearing_calendar_csv", "/{lang}/hearings.csv", HEARING_KEYS),
    Endpoint("data_page", "/{lang}/data/"),
    Endpoint("data_download", "/{lang}/data/casetracker-public-data.json"),
    Endpoint("data_schema", "/{lang}/data/caselaw.schema.json"),
    Endpoint("data_docs", "/{lang}/data/interchange.md"),
    Endpoint("alerts:follow", "/{lang}/cases/{slug}/follow/", (), "case"),
    Endpoint("alerts:follow_ruling", "/{lang}/rulings/{slug}/follow/", (), "ruling"),
    Endpoint("alerts:follow_search", "/{lang}/search/follow/", ("q", "court", "kind", "year")),
    Endpoint("alerts:confirm", "/{lang}/alerts/confirm/{slug}/", (), "token"),
    Endpoint("alerts:unsubscribe", "/{lang}/alerts/unsubscribe/{slug}/", (), "token"),
    Endpoint("alerts:manage", "/{lang}/alerts/manage/{slug}/", (), "token"),
    Endpoint("sitemap_xml", "/sitemap.xml"),
    Endpoint("robots_txt", "/robots.txt"),
    Endpoint("favicon", "/favicon.ico"),
]


API = [
    Endpoint("api:api-root", "/api/v1/"),
    Endpoint("api:schema", "/api/v1/schema/", ("format", "lang", "version")),
    Endpoint("api:docs", "/api/v1/docs/"),
    Endpoint("api:case-list", "/api/v1/cases/", ("q", "status", "court", "topic", "party")),
    Endpoint("api:case-detail", "/api/v1/cases/{slug}/", (), "case"),
    Endpoint("api:case-timeline", "/api/v1/cases/{slug}/timeline/", (), "case"),
    Endpoint(
        "api:filing-list",
        "/api/v1/filings/",
        ("case", "court", "kind", "registered_from", "registered_to"),
    ),
    Endpoint("api:filing-detail", "/api/v1/filings/{slug}/", (), "filing"),
    Endpoint(
        "api:hearing-list",
        "/api/v1/hearings/",
        ("case", "court", "status", "date_from", "date_to"),
    ),
    Endpoint("api:hearing-detail", "/api/v1/hearings/{slug}/", (), "hearing"),
    Endpoint(
        "api:ruling-list",
        "/api/v1/rulings/",
        ("court", "case", "kind", "outcome", "decided_from", "decided_to", "number"),
    ),
    Endpoint("api:ruling-detail", "/api/v1/rulings/{slug}/", (), "ruling"),
    Endpoint(
        "api:citation-list", "/api/v1/citations/", ("cited", "citing", "treatment", "verified")
    ),
    Endpoint("api:citation-detail", "/api/v1/citations/{slug}/", (), "citation"),
    Endpoint("api:court-list", "/api/v1/courts/", ("kind", "country")),
    Endpoint("api:court-detail", "/api/v1/courts/{slug}/", (), "court"),
    Endpoint("api:party-list", "/api/v1/parties/", ("kind", "q")),
    Endpoint("api:party-detail", "/api/v1/parties/{slug}/", (), "party"),
    Endpoint("api:event-list", "/api/v1/events/", ("kind", "case", "occurred_from", "occurred_to")),
    Endpoint("api:event-detail", "/api/v1/events/{slug}/", (), "event"),
    Endpoint(
        "api:statusupdate-list",
        "/api/v1/status-updates/",
        ("case", "posted_from", "posted_to"),
    ),
    Endpoint("api:statusupdate-detail", "/api/v1/status-updates/{slug}/", (), "status"),
]


def url_names(patterns, namespace: str = "") -> set[str]:
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names
