"""A curator, in headless Chromium, opens "decisions cited, not in the database", finds the
decision a synced judgment cites and queues its fetch; an editor finds nothing of it."""

import re

import pytest
from playwright.sync_api import expect

from cases.models import Court, Ruling
from sources.models import FetchRequest, UnresolvedCitation
from tests.factories.organisations import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
TIMEOUT_MS = 15_000


@pytest.fixture
def world(db):
    world = build_world()
    for user in (world.curator, world.a.editor):
        user.set_password(PASSWORD)
        user.save()
    court = Court.objects.create(
        name_fr="Tribunal de la fonction publique", slug="tfp", kind="eu", country="EU"
    )
    citing = Ruling.objects.create(
        court=court, kind="judgment", decided_on="2014-06-19", reference=True, slug="tfp-bn"
    )
    UnresolvedCitation.objects.create(
        citing=citing,
        key="ECLI:EU:F:2012:51",
        ecli="ECLI:EU:F:2012:51",
        celex="62011FJ0050",
        fragment="N 34",
        found_in="cjeu-cellar",
    )
    return world


def log_in(browser, live_server, user):
    context = browser.new_context(locale="en-GB", base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto("/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    return context, page


def test_a_curator_queues_the_fetch_of_a_cited_decision(browser, live_server, world):
    expect.set_options(timeout=TIMEOUT_MS)
    context, page = log_in(browser, live_server, world.curator)
    try:
        page.get_by_role("link", name="Decisions cited, not in the database").click()
        page.get_by_role("link", name="By cited decision, with the fetch button").click()
        row = page.locator('tr[data-key="ECLI:EU:F:2012:51"]')
        expect(row.locator(".citing-count")).to_have_text("1")
        row.get_by_role("button", name="Fetch from cjeu-cellar").click()
        expect(page.locator(".messagelist .success")).to_contain_text(
            "62011FJ0050 will be fetched from cjeu-cellar"
        )
        expect(page.locator('tr[data-key="ECLI:EU:F:2012:51"]')).to_contain_text(
            "queued for cjeu-cellar"
        )
    finally:
        context.close()
    [request] = FetchRequest.objects.all()
    assert (request.source, request.identifier, request.done_at) == (
        "cjeu-cellar",
        "62011FJ0050",
        None,
    )

    context, page = log_in(browser, live_server, world.a.editor)
    try:
        expect(page.locator("#content-main")).not_to_contain_text("cited, not in the database")
        for url in (
            "/admin/sources/unresolvedcitation/",
            "/admin/sources/unresolvedcitation/grouped/",
        ):
            assert page.goto(url).status == 403
    finally:
        context.close()
        expect.set_options(timeout=5_000)
