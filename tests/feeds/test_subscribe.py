"""The "Subscribe" box says what each link gives: the page's own calendar and feed, or a
site-wide one labelled as such, and what a bounded calendar holds."""

import re

import pytest

from cases.models import Court, Party


def subscribe_items(html: str) -> list[tuple[list[str], str]]:
    """(hrefs, visible text) of each <li> of the page's "Subscribe" box."""
    [aside] = re.findall(r'<aside class="subscribe".*?</aside>', html, re.S)
    items = []
    for li in re.findall(r"<li>(.*?)</li>", aside, re.S):
        hrefs = re.findall(r'href="([^"]+)"', li)
        text = " ".join(re.sub(r"<[^>]+>", " ", li).split())
        items.append((hrefs, text))
    assert items
    return items


def test_case_page_links_its_own_feeds_or_says_site_wide(client, demo):
    html = client.get("/en/cases/doctolib-aws/").content.decode()
    own = []
    for hrefs, text in subscribe_items(html):
        if all("/cases/doctolib-aws/" in href for href in hrefs):
            own.append(text)
        else:
            assert "site-wide" in text.lower(), text
    # The case's calendar and its Atom feed (status, hearings, rulings) are offered first.
    first_two = [href for hrefs, _text in subscribe_items(html)[:2] for href in hrefs]
    assert any(href.endswith("/cases/doctolib-aws/hearings.ics") for href in first_two)
    assert any(href.endswith("/cases/doctolib-aws/feed.atom") for href in first_two)
    assert any("every hearing of this case" in text.lower() for text in own)


def test_party_page_links_its_calendar_and_labels_site_wide_feeds(client, demo):
    party = Party.objects.with_public_page().exclude(kind=Party.Kind.NATURAL_PERSON).first()
    html = client.get(f"/en/parties/{party.slug}/").content.decode()
    for hrefs, text in subscribe_items(html):
        if not all(f"/parties/{party.slug}/" in href for href in hrefs):
            assert "site-wide" in text.lower(), text
    [calendar] = [t for h, t in subscribe_items(html) if f"/parties/{party.slug}/" in h[0]]
    assert "400 soonest upcoming hearings" in calendar


@pytest.mark.parametrize("url", ["/en/hearings/", "/en/hearings/?when=past"])
def test_hearings_page_says_what_the_site_wide_calendar_holds(client, demo, url):
    html = client.get(url).content.decode()
    [calendar] = [t for h, t in subscribe_items(html) if "/calendar/hearings.ics" in h[0]]
    assert "site-wide" in calendar.lower()
    assert "400 soonest upcoming hearings" in calendar
    assert "100 latest of the past 12 months" in calendar
    for _hrefs, text in subscribe_items(html):
        assert "site-wide" in text.lower(), text


def test_court_page_links_its_calendar_with_its_bound_and_labels_site_wide_feeds(client, demo):
    court = Court.objects.order_by("slug").first()
    html = client.get(f"/en/courts/{court.slug}/").content.decode()
    items = subscribe_items(html)
    assert items[0][0][0].endswith(f"/courts/{court.slug}/hearings.ics")
    assert "400 soonest upcoming hearings before this court" in items[0][1]
    for _hrefs, text in items[1:]:
        assert "site-wide" in text.lower(), text
