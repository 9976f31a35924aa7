"""Stored XSS: one record per model with script and markup payloads in every text
field, rendered inert everywhere they are shown: every public page type, the embed, the Atom
feeds, the iCalendar files, the API, the citation graph exports and the admin.

The browser half (one Chromium load per page type, listening for dialogs) is in
test_xss_browser.py; both share the records built here.
"""

import xml.etree.ElementTree as ET

import pytest
from django.contrib import admin
from django.urls import reverse
from icalendar import Calendar

from tests.factories import (
    UserFactory,
)
from tests.security.xss import page_urls, url_fields

# What a rendered payload would leave in HTML had it not been escaped.
RAW = ("<script>alert", "<img src=x", "<svg onload", 'href="javascript:', "href='javascript:")
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def assert_inert_html(html: str, where: str) -> None:
    for raw in RAW:
        assert raw not in html, f"{where}: unescaped {raw!r}"


def test_model_validation_refuses_javascript_urls(xss_world):
    """Through the admin or a validating import, a javascript: URL never gets in."""
    from django.core.exceptions import ValidationError

    for model, record in xss_world.items():
        if isinstance(model, str) or not url_fields(model):
            continue
        with pytest.raises(ValidationError) as error:
            record.full_clean()
        assert set(url_fields(model)) <= set(error.value.message_dict), model


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_public_pages_escape_every_stored_payload(client, xss_world, lang):
    for name, url in page_urls(lang).items():
        response = client.get(url)
        assert response.status_code in (200, 400), (name, response.status_code)
        html = response.content.decode()
        assert_inert_html(html, name)
        if name not in ("bad input echo",):
            assert ESCAPED in html or "&lt;svg onload" in html, f"{name}: payload not shown"


def test_hidden_persons_payload_name_appears_nowhere(client, xss_world):
    """The pseudonymised person's name (a payload too) is not on any page, escaped or not."""
    hidden = xss_world["hidden"]
    assert client.get(f"/en/parties/{hidden.slug}/").status_code == 404
    html = client.get("/en/cases/xss-case/").content.decode()
    assert "A... B..." in html or "C... D..." in html or "E... F..." in html


def test_search_snippets_escape_the_payload(client, xss_world):
    html = client.get("/en/search/?q=zebra").content.decode()
    assert_inert_html(html, "search")
    assert "<mark>" in html or "zebra" in html


def test_ruling_citation_formats_escape_the_payload(client, xss_world):
    html = client.get("/fr/rulings/xss-ruling/").content.decode()
    assert_inert_html(html, "ruling")


ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = [
    "/{lang}/feeds/rulings.atom",
    "/{lang}/feeds/status.atom",
    "/{lang}/feeds/hearings.atom",
    "/{lang}/cases/xss-case/feed.atom",
]


@pytest.mark.parametrize("feed", FEEDS)
def test_atom_feeds_carry_the_payload_as_inert_text(client, xss_world, feed):
    response = client.get(feed.format(lang="en"))
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # well-formed: nothing broke out of the XML
    entries = root.findall(f"{ATOM}entry")
    assert entries, feed
    shown = False
    for element in root.iter():
        text = element.text or ""
        if element.get("type") == "html":
            # HTML content is escaped once more inside: decoded, it still holds no markup.
            assert_inert_html(text, f"{feed} {element.tag}")
            shown |= ESCAPED in text
        else:
            shown |= "<script>alert(1)</script>" in text  # plain text: inert by nature
        for value in element.attrib.values():
            assert not value.startswith("javascript:"), (feed, element.tag, value)
    assert shown, f"{feed}: payload not carried"


CALENDARS = [
    "/en/calendar/hearings.ics",
    "/en/cases/xss-case/hearings.ics",
    "/en/courts/xss-court/hearings.ics",
    "/en/parties/xss-company/hearings.ics",
]


@pytest.mark.parametrize("url", CALENDARS)
def test_calendars_carry_the_payload_as_text_without_injected_properties(client, xss_world, url):
    response = client.get(url)
    assert response.status_code == 200
    raw = response.content.decode()
    for line in raw.splitlines():
        assert not line.startswith("X-INJECTED"), line
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert events, url
    texts = " ".join(str(event.get(name, "")) for event in events for name in event)
    assert "<script>alert(1)</script>" in texts or "svg onload" in texts
    for event in events:
        assert "X-ALT-DESC" not in event  # no HTML description for mail clients to render
        assert "X-INJECTED" not in event
        assert not str(event.get("URL", "")).startswith("javascript:")


API_URLS = [
    "/api/v1/cases/",
    "/api/v1/cases/xss-case/",
    "/api/v1/cases/xss-case/timeline/",
    "/api/v1/filings/",
    "/api/v1/hearings/",
    "/api/v1/rulings/",
    "/api/v1/rulings/xss-ruling/",
    "/api/v1/citations/",
    "/api/v1/courts/",
    "/api/v1/parties/",
    "/api/v1/events/",
    "/api/v1/status-updates/",
]


def test_api_serves_payloads_as_json_never_as_html(client, xss_world):
    for url in API_URLS:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Content-Type"].startswith("application/json"), url
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        response.json()
    # The browsable API (HTML) is off: asking for HTML still gets JSON.
    response = client.get("/api/v1/cases/", HTTP_ACCEPT="text/html")
    assert not response.headers["Content-Type"].startswith("text/html")


def test_graph_exports_escape_the_payload(client, xss_world):
    graphml = client.get("/en/rulings/xss-ruling/graph.graphml")
    ET.fromstring(b"".join(graphml.streaming_content))  # well-formed XML
    for url in ("/en/rulings/xss-ruling/graph.json", "/en/graph.json"):
        response = client.get(url)
        assert response.headers["Content-Type"] == "application/json"


def admin_models():
    return [
        model for model in admin.site._registry if model._meta.app_label in ("cases", "citations")
    ]


def test_admin_changelists_and_change_pages_escape_every_payload(client, xss_world):
    client.force_login(UserFactory(username="xss-admin", is_staff=True, is_superuser=True))
    covered = set()
    for model in admin_models():
        info = (model._meta.app_label, model._meta.model_name)
        changelist = client.get(reverse("admin:{}_{}_changelist".format(*info)))
        assert changelist.status_code == 200, model
        assert_inert_html(changelist.content.decode(), f"{model.__name__} changelist")
        record = xss_world.get(model) or model.objects.order_by("pk").first()
        if record is None:
            continue
        change = client.get(reverse("admin:{}_{}_change".format(*info), args=[record.pk]))
        assert change.status_code == 200, model
        html = change.content.decode()
        assert_inert_html(html, f"{model.__name__} change page")
        covered.add(model)
    registered = {m for m in xss_world if not isinstance(m, str) and m in admin.site._registry}
    assert registered <= covered, registered - covered
