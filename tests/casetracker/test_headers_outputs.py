"""Security headers, CSP and cookies on the other public outputs: Atom feeds,
iCalendar files, the API and its docs, the citation graph page and exports, sitemap, robots,
and the embed. The HTML pages are in test_headers.py."""

import re

import pytest

from cases.models import Case, Court, Party, Ruling
from tests.casetracker.helpers import assert_security_headers

pytestmark = pytest.mark.django_db


def output_urls() -> list[str]:
    case = Case.objects.public().order_by("pk").first()
    ruling = Ruling.objects.public().order_by("pk").first()
    court = Court.objects.order_by("pk").first()
    party = Party.objects.with_public_page().order_by("pk").first()
    return [
        "/fr/feeds/rulings.atom",
        "/en/feeds/status.atom",
        "/fr/feeds/hearings.atom",
        f"/en/cases/{case.slug}/feed.atom",
        "/fr/calendar/hearings.ics",
        f"/en/cases/{case.slug}/hearings.ics",
        f"/fr/courts/{court.slug}/hearings.ics",
        f"/en/parties/{party.slug}/hearings.ics",
        "/api/v1/",
        "/api/v1/schema/",
        "/api/v1/docs/",
        "/api/v1/cases/",
        f"/api/v1/cases/{case.slug}/",
        f"/api/v1/rulings/{ruling.slug}/",
        "/api/v1/hearings/",
        f"/fr/rulings/{ruling.slug}/graph/",
        f"/en/rulings/{ruling.slug}/graph.json",
        f"/en/rulings/{ruling.slug}/graph.graphml",
        "/fr/graph.json",
        "/en/graph.graphml",
        "/sitemap.xml",
        "/robots.txt",
        "/api/v1/no-such-endpoint/",
        "/api/v1/cases/no-such-case/",
    ]


def test_feeds_calendars_api_and_graph_send_every_security_header(client, demo):
    for url in output_urls():
        response = client.get(url, secure=True)
        assert response.status_code in (200, 404), url
        assert_security_headers(response)


def test_feeds_calendars_api_and_graph_set_no_cookie(client, demo):
    for url in output_urls():
        response = client.get(url, secure=True)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        assert response.cookies == {}, f"{url} set {list(response.cookies)}"
        assert "Set-Cookie" not in response.headers, url
    assert client.cookies == {}


def test_api_error_and_throttle_responses_set_no_cookie(client, demo, settings):
    settings.API_ANON_RATE = "2/minute"
    responses = [client.get("/api/v1/cases/", secure=True) for _ in range(4)]
    assert responses[-1].status_code == 429
    for response in responses:
        assert response.cookies == {}
        assert_security_headers(response)


def test_embed_is_the_only_framable_output(client, demo):
    case = Case.objects.public().order_by("pk").first()
    response = client.get(f"/embed/fr/cases/{case.slug}/", secure=True)
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    assert response.cookies == {}
    for url in output_urls():
        csp = client.get(url, secure=True).headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp, url


def test_html_outputs_name_no_other_origin_and_have_no_inline_code(client, demo):
    """The graph page and the API docs: assets from this site only (the API docs page once
    linked Google Fonts), and no inline script or style for the CSP to refuse."""
    ruling = Ruling.objects.public().order_by("pk").first()
    for url in (f"/fr/rulings/{ruling.slug}/graph/", "/api/v1/docs/"):
        html = client.get(url).content.decode()
        for address in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert not address.startswith(("http://", "https://", "//")) or address.startswith(
                "http://127.0.0.1:8000/"
            ), (url, address)
        assert "<style" not in html and " style=" not in html, url
        assert re.search(r"<script(?![^>]*\bsrc=)", html) is None, url
