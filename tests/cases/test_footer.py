"""Every public page links the data page, the API and the privacy page from its footer, in
its language, and names its icon; /favicon.ico answers."""

import re

import pytest
from django.contrib.staticfiles import finders

from tests.cases.helpers import PAGES

pytestmark = pytest.mark.django_db

FOOTER = re.compile(r'<footer class="site-footer">(.*?)</footer>', re.S)

LINKS = {
    "fr": {
        "/fr/data/": "Données ouvertes",
        "/api/v1/docs/": "API (en anglais)",
        "/fr/privacy/": "Confidentialité",
    },
    "en": {"/en/data/": "Open data", "/api/v1/docs/": "API", "/en/privacy/": "Privacy"},
}


def footer_links(html: str) -> dict[str, str]:
    footer = FOOTER.search(html)
    assert footer, "no site footer"
    return {
        href: re.sub(r"\s+", " ", text).strip()
        for href, text in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', footer.group(1), re.S)
    }


@pytest.mark.slow  # every page, both languages
@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("url", [*PAGES, "/{lang}/data/", "/{lang}/privacy/"])
def test_every_page_links_data_api_and_privacy_in_its_language(client, demo, url, lang):
    response = client.get(url.format(lang=lang))
    assert response.status_code == 200
    html = response.content.decode()
    assert footer_links(html) == LINKS[lang]
    # The API documentation is in English: the link says so to browsers and screen readers.
    assert '<a href="/api/v1/docs/" hreflang="en">' in html


def test_footer_links_lead_to_pages_that_answer(client, demo):
    for lang in LINKS:
        for href in LINKS[lang]:
            assert client.get(href).status_code == 200, href


def test_every_page_names_its_icon_and_the_icon_exists(client, demo):
    html = client.get("/en/cases/").content.decode()
    icons = re.findall(r'<link rel="icon" href="/static/([^"]+)"', html)
    assert icons == ["favicon.ico", "favicon.svg"]
    for icon in icons:
        assert finders.find(icon), icon


def test_favicon_ico_is_not_a_404(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.ico"
    assert finders.find("favicon.ico").endswith("static/favicon.ico")
    with open(finders.find("favicon.ico"), "rb") as icon:
        assert icon.read(4) == b"\0\0\1\0"  # an ICO file's header
    assert not response.cookies
