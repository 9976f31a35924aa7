"""Public pages make no request to another origin, in headless Chromium."""

from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from cases.models import Case, Ruling

pytestmark = pytest.mark.browser


def record_requests(browser, urls: list[str]) -> dict[str, list[str]]:
    """Every URL each page asked for, its console messages (CSP violations), and the cookies."""
    seen: dict[str, list[str]] = {}
    context = browser.new_context()
    try:
        for url in urls:
            page = context.new_page()
            requests: list[str] = []
            page.on("request", lambda request, log=requests: log.append(request.url))
            page.on("console", lambda message, log=requests: log.append(f"console: {message.text}"))
            response = page.goto(url, wait_until="networkidle")
            assert response is not None and response.status == 200, url
            seen[url] = requests
            page.close()
        seen["cookies"] = [cookie["name"] for cookie in context.cookies()]
    finally:
        context.close()
    return seen


@pytest.mark.django_db(transaction=True)
def test_home_and_case_pages_request_nothing_from_another_origin(browser, live_server):
    call_command("load_demo", verbosity=0)
    case = Case.objects.public().order_by("pk").first()
    ruling = Ruling.objects.public().order_by("pk").first()
    origin = urlsplit(live_server.url).netloc
    urls = [
        f"{live_server.url}/fr/",
        f"{live_server.url}{case.get_absolute_url()}",
        f"{live_server.url}{ruling.get_absolute_url()}",
        f"{live_server.url}/en/privacy/",
    ]
    seen = record_requests(browser, urls)
    assert seen.pop("cookies") == []
    for url, requests in seen.items():
        fetched = [request for request in requests if not request.startswith("console: ")]
        assert fetched and fetched[0] == url
        elsewhere = [
            request
            for request in fetched
            if urlsplit(request).scheme not in ("data",) and urlsplit(request).netloc != origin
        ]
        assert elsewhere == [], f"{url} requested {elsewhere}"
        violations = [message for message in requests if "Content Security Policy" in message]
        assert violations == [], f"{url}: {violations}"
