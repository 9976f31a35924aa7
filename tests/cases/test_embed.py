"""The embeddable case timeline /embed/<lang>/cases/<slug>/ (docs/urls.md): the case
page's timeline, framable by other sites, without cookies, chrome or scripts from elsewhere."""

import contextlib
import http.server
import re
import threading
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Case, Hearing, Party, ProceedingParty
from tests.factories import (
    CaseFactory,
    CaseSlugAliasFactory,
    CourtFactory,
    FilingFactory,
    HearingChangeFactory,
    HearingFactory,
    PartyFactory,
    ProceedingFactory,
    ProceedingPartyFactory,
    RulingFactory,
    StatusUpdateFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PERSON = "Jeanne Exemple-Pseudonyme"


def embed(case: Case, lang: str = "en") -> str:
    return f"/embed/{lang}/cases/{case.slug}/"


def timeline_html(html: str) -> str:
    match = re.search(r'<ol class="timeline">.*?</ol>', html, re.S)
    assert match, "no timeline in the page"
    return match.group(0)


@pytest.fixture
def case_with_person() -> Case:
    """A published case whose applicant is a natural person not named by the court."""
    case = CaseFactory(title_en="Doe v. Health Data Hub", slug="doe-v-hdh")
    proceeding = ProceedingFactory(case=case)
    person = PartyFactory(natural_person=True, name=PERSON, slug="jeanne-exemple")
    ProceedingPartyFactory(proceeding=proceeding, party=person)
    FilingFactory(proceeding=proceeding, filed_by=[person])
    HearingChangeFactory(hearing=HearingFactory(proceeding=proceeding))
    RulingFactory(proceeding=proceeding)
    StatusUpdateFactory(case=case)
    return case


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_embed_shows_the_same_timeline_as_the_case_page(client, demo, lang):
    case = Case.objects.public().order_by("pk").first()
    page = client.get(f"/{lang}/cases/{case.slug}/").content.decode()
    embedded = client.get(embed(case, lang))
    assert embedded.status_code == 200
    assert embedded.headers["Content-Language"] == lang
    html = embedded.content.decode()
    assert f'<html lang="{lang}">' in html
    assert timeline_html(html) == timeline_html(page)
    assert html.count('<li class="entry') >= 3


def test_embed_has_no_site_chrome_no_script_and_only_same_origin_assets(client, demo):
    case = Case.objects.public().order_by("pk").first()
    html = client.get(embed(case)).content.decode()
    for chrome in ('class="site-header"', 'class="site-footer"', "<nav", "<form", "skip-link"):
        assert chrome not in html
    assert "<script" not in html
    assert " style=" not in html and "<style" not in html
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        parts = urlsplit(url)
        assert not parts.netloc or url.startswith("http://127.0.0.1:8000/"), url
    assert f'href="http://127.0.0.1:8000/en/cases/{case.slug}/"' in html  # back to the site


def test_embed_may_be_framed_but_keeps_the_rest_of_the_policy_and_sets_no_cookie(
    client, case_with_person
):
    response = client.get(embed(case_with_person), secure=True)
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors *" in csp
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "object-src 'none'" in csp
    assert "X-Frame-Options" not in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.cookies == {}
    assert "Set-Cookie" not in response.headers
    assert client.cookies == {}


def test_frame_ancestors_follow_the_setting(client, settings, case_with_person):
    settings.EMBED_FRAME_ANCESTORS = ["https://news.example", "https://journal.example"]
    csp = client.get(embed(case_with_person)).headers["Content-Security-Policy"]
    assert "frame-ancestors https://news.example https://journal.example" in csp


def test_the_case_page_itself_still_may_not_be_framed(client, case_with_person):
    response = client.get(case_with_person.get_absolute_url())
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_natural_persons_are_pseudonymised(client, case_with_person):
    html = client.get(embed(case_with_person, "fr")).content.decode()
    assert PERSON not in html and "Jeanne" not in html
    assert "A... B..." in html


@pytest.mark.parametrize("publication", ["draft", "review"])
def test_unpublished_cases_are_404_even_for_staff(client, publication):
    case = CaseFactory(publication=publication)
    FilingFactory(proceeding=ProceedingFactory(case=case))
    assert client.get(embed(case)).status_code == 404
    client.force_login(UserFactory(staff=True, is_superuser=True))
    assert client.get(case.get_absolute_url()).status_code == 200  # staff preview exists…
    assert client.get(embed(case)).status_code == 404  # …but never in an embed


def test_archived_cases_are_embeddable(client):
    assert client.get(embed(CaseFactory(archived=True))).status_code == 200


@pytest.mark.parametrize(
    "path", ["/embed/de/cases/{}/", "/embed/xx/cases/{}/", "/embed/en/cases/nope/"]
)
def test_unknown_language_or_case_is_404(client, path):
    case = CaseFactory()
    assert client.get(path.format(case.slug)).status_code == 404


def test_a_former_slug_redirects_to_the_current_embed(client):
    alias = CaseSlugAliasFactory(slug="old-name")
    response = client.get("/embed/fr/cases/old-name/")
    assert response.status_code == 301
    assert response.headers["Location"] == f"/embed/fr/cases/{alias.case.slug}/"


def test_the_case_page_offers_the_iframe_snippet(client, case_with_person):
    html = client.get("/en/cases/doe-v-hdh/").content.decode()
    details = re.search(r'<details class="embed-snippet">.*?</details>', html, re.S).group(0)
    textarea = re.search(r"<textarea[^>]*>(.*?)</textarea>", details, re.S)
    assert "readonly" in textarea.group(0)
    code = textarea.group(1)
    assert code.startswith("&lt;iframe ")  # shown as code, not rendered
    assert 'src="http://127.0.0.1:8000/embed/en/cases/doe-v-hdh/"' in code.replace("&quot;", '"')
    assert "Doe v. Health Data Hub" in code
    assert "<iframe" not in html  # the page itself frames nothing


def test_a_draft_preview_offers_no_snippet(client):
    case = CaseFactory(draft=True)
    client.force_login(UserFactory(staff=True, is_superuser=True))
    html = client.get(case.get_absolute_url()).content.decode()
    assert "embed-snippet" not in html


def populated(n: int) -> Case:
    """A case with n of everything on its timeline, each filing filed by a party."""
    case = CaseFactory()
    court = CourtFactory()
    for _ in range(n):
        proceeding = ProceedingFactory(case=case, court=court)
        party = ProceedingPartyFactory(proceeding=proceeding, party=PartyFactory()).party
        FilingFactory(proceeding=proceeding, filed_by=[party])
        HearingChangeFactory(hearing=HearingFactory(proceeding=proceeding))
        RulingFactory(proceeding=proceeding)
        StatusUpdateFactory(case=case)
    return case


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_embed_query_count_does_not_grow_with_the_timeline(client, django_assert_max_num_queries):
    """Guards the N+1s of the case timeline: filers per filing, changes per hearing, court
    and numbers per ruling, proceeding per entry: a fixed number of queries for any size."""
    small, large = populated(1), populated(6)
    assert count_queries(client, embed(small)) == count_queries(client, embed(large))
    # 13: one fixed query for the judgments the case shares with other cases (joined cases).
    with django_assert_max_num_queries(13):
        client.get(embed(large))


@contextlib.contextmanager
def news_site(body: str):
    """Another origin serving one article page (`body`), at http://127.0.0.1:<port>/article."""

    class Article(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            payload = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Article)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/article"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_another_site_can_frame_the_embed_and_it_loads_only_from_us(browser, live_server):
    """A page of another origin (a news site, on the loopback address: Chromium would block a
    public origin framing a local one) frames the embed, which loads; the case page, framed
    the same way, is refused."""
    call_command("load_demo", verbosity=0)
    case = Case.objects.public().order_by("pk").first()
    person_case = Case.objects.filter(
        proceedings__participants__party__kind=Party.Kind.NATURAL_PERSON
    ).first()
    url = f"{live_server.url}{embed(case)}"
    origin = urlsplit(live_server.url).netloc
    body = (
        f'<p>Article</p><iframe id="embed" src="{url}"></iframe>'
        f'<iframe id="page" src="{live_server.url}{case.get_absolute_url()}"></iframe>'
    )
    context = browser.new_context()
    try:
        page = context.new_page()
        requests: list[str] = []
        console: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.on("console", lambda message: console.append(message.text))
        with news_site(body) as article:
            page.goto(article, wait_until="networkidle")
        embedded = next(frame for frame in page.frames if frame.url == url)
        assert embedded.locator("ol.timeline li").count() >= 3
        assert embedded.locator("script").count() == 0
        framed_page = page.frame_locator("#page")
        assert framed_page.locator("article.case").count() == 0  # refused: frame-ancestors
        ours = [r for r in requests if urlsplit(r).netloc not in (origin, urlsplit(article).netloc)]
        assert ours == []
        refusals = [m for m in console if "Content Security Policy" in m]
        # The one refusal: the case page may not be framed.
        assert len(refusals) == 1 and "frame-ancestors 'none'" in refusals[0], refusals
        assert context.cookies() == []
        if person_case is not None:
            page.goto(f"{live_server.url}{embed(person_case)}")
            for participant in ProceedingParty.objects.filter(
                proceeding__case=person_case, party__kind=Party.Kind.NATURAL_PERSON
            ).select_related("party"):
                if not participant.party.name_published_by_court:
                    assert participant.party.name not in page.content()
    finally:
        context.close()


def test_hearing_is_in_both_outputs(client, case_with_person):
    """The hearing (with its move) appears on the embed as on the case page."""
    hearing = Hearing.objects.get(proceeding__case=case_with_person)
    html = client.get(embed(case_with_person)).content.decode()
    assert hearing.location in html.replace("&#x27;", "'")
    assert 'class="moved"' in html
