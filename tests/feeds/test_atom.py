import datetime as dt

import feedparser
import pytest
from django.template import Context, Template
from django.urls import reverse

from cases import services
from cases.models import Case
from tests.factories import (
    DRAFT_TITLE,
    PERSON_NAME,
    make_case,
    make_draft_world,
    make_hearing,
)

FEEDS = ["feeds/rulings.atom", "feeds/status.atom", "feeds/hearings.atom"]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    assert not response.cookies
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    return feed


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_feed_parses_without_errors(client, demo, language):
    urls = [f"/{language}/{path}" for path in FEEDS]
    urls += [f"/{language}/cases/{slug}/feed.atom" for slug in ("doctolib-aws", "schrems-ii")]
    for url in urls:
        feed = parse(client, url)
        assert feed.version == "atom10"
        assert feed.feed.language == language
        assert feed.entries, url
        for entry in feed.entries:
            assert entry.id.startswith("urn:uuid:")
            assert entry.link.startswith("http://127.0.0.1:8000/")
            assert entry.updated_parsed


def test_entry_ids_are_stable_between_requests(client, demo):
    first = [e.id for e in parse(client, "/en/cases/doctolib-aws/feed.atom").entries]
    second = [e.id for e in parse(client, "/en/cases/doctolib-aws/feed.atom").entries]
    assert first == second
    assert len(set(first)) == len(first)


def test_rescheduled_and_cancelled_hearings_appear_in_the_hearings_feed(client, db):
    _case, proceeding = make_case()
    hearing = make_hearing(proceeding)
    services.hearing_reschedule(
        hearing=hearing, date=dt.date(2030, 4, 1), start_time=dt.time(9, 0), reason="moved"
    )
    services.hearing_set_status(hearing=hearing, status="cancelled", reason="withdrawn")
    titles = [e.title for e in parse(client, "/en/feeds/hearings.atom").entries]
    assert any("moved" in t and "2030-04-01 09:00" in t for t in titles)
    assert any("cancelled" in t for t in titles)
    assert any("scheduled" in t for t in titles)


def test_case_feed_names_natural_persons_only_by_their_letters(client, db):
    world = make_draft_world()
    feed = parse(client, f"/fr/cases/{world['public'].slug}/feed.atom")
    body = " ".join(e.summary for e in feed.entries)
    assert "A... B..." in body
    assert PERSON_NAME not in body


def test_drafts_and_natural_persons_never_appear_in_feeds(client, db):
    world = make_draft_world()
    for path in [*FEEDS, f"cases/{world['public'].slug}/feed.atom"]:
        body = client.get(f"/en/{path}").content.decode()
        assert DRAFT_TITLE not in body
        assert "Ordonnance secrète" not in body
        assert str(world["draft_hearing"].uid) not in body
        assert PERSON_NAME not in body
    assert client.get(f"/en/cases/{world['draft'].slug}/feed.atom").status_code == 404


def test_case_feed_follows_a_changed_slug(client, db):
    case, _proceeding = make_case()
    old = case.slug
    case.slug = "renamed-case"
    services.case_save(case=case)
    response = client.get(f"/fr/cases/{old}/feed.atom")
    assert response.status_code == 301
    assert response["Location"] == reverse("feed_case", kwargs={"slug": "renamed-case"})


def test_feed_query_counts_are_constant(client, demo, django_assert_max_num_queries):
    """Guards the N+1 on each entry's case, court, proceeding and ruling numbers."""
    with django_assert_max_num_queries(4):
        client.get("/fr/feeds/rulings.atom")
    with django_assert_max_num_queries(4):
        client.get("/fr/feeds/status.atom")
    with django_assert_max_num_queries(3):
        client.get("/fr/feeds/hearings.atom")
    with django_assert_max_num_queries(14):
        client.get("/fr/cases/doctolib-aws/feed.atom")


def test_subscribe_include_offers_webcal_https_and_atom_links(demo):
    case = Case.objects.get(slug="doctolib-aws")
    template = Template('{% include "includes/feed_links.html" %}')
    html = template.render(Context({"case": case}))
    assert "webcal://127.0.0.1:8000/fr/cases/doctolib-aws/hearings.ics" in html
    assert "http://127.0.0.1:8000/fr/cases/doctolib-aws/hearings.ics" in html
    assert "http://127.0.0.1:8000/fr/cases/doctolib-aws/feed.atom" in html
    glob = Template('{% include "includes/feed_links.html" %}').render(Context({}))
    assert "webcal://127.0.0.1:8000/fr/calendar/hearings.ics" in glob
    head = Template('{% include "includes/feed_autodiscovery.html" %}').render(
        Context({"case": case})
    )
    assert 'rel="alternate" type="application/atom+xml"' in head
    assert "/fr/cases/doctolib-aws/feed.atom" in head
