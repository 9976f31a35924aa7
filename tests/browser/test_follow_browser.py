"""Following a ruling (the citator) and a search in headless Chromium: the reader finds the
link on the public page, fills the form, confirms through the link of the mail read from the
SMTP test server, and the next decision citing the ruling arrives by mail. Only the follow
page sets a cookie (CSRF)."""

import datetime as dt
import re

import pytest
from django.core.management import call_command

from alerts.models import Subscription
from cases.models import Case, Ruling
from citations import services as citation_services
from tests import factories
from tests.alerts.test_smtp import smtp_server, text_of  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCHREMS_II = "cjue-2020-07-16-c-311-18"


@pytest.fixture
def tab(browser, live_server, demo, settings):
    settings.SITE_URL = live_server.url  # the mails' links lead to this server
    settings.ALERTS_GROUP_SECONDS = 0
    from django.core.cache import cache

    cache.clear()
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


def mail_link(message, kind: str) -> str:
    match = re.search(rf"(https?://[^/\s]+/\w\w/alerts/{kind}/[^/\s]+/)", text_of(message))
    assert match, text_of(message)
    return match.group(1)


def test_a_reader_follows_schrems_ii_confirms_from_the_mail_and_gets_the_next_citation(
    tab,
    smtp_server,  # noqa: F811 (the fixture imported above)
):
    tab.goto(f"/fr/rulings/{SCHREMS_II}/")
    assert tab.context.cookies() == []
    tab.click(f"a.follow-ruling[href='/fr/rulings/{SCHREMS_II}/follow/']")
    assert tab.url.endswith(f"/fr/rulings/{SCHREMS_II}/follow/")
    assert [c["name"] for c in tab.context.cookies()] == ["csrftoken"]
    tab.fill("#id_email", "juliette@example.org")
    tab.check("#id_immediate")
    tab.click("#follow_form button[type=submit]")
    tab.wait_for_selector("h1")
    assert Subscription.objects.filter(confirmed_at__isnull=True).count() == 1

    (confirmation,) = smtp_server.messages
    assert confirmation["To"] == "juliette@example.org"
    tab.context.clear_cookies()
    tab.goto(mail_link(confirmation, "confirm"))
    tab.click("main form button[type=submit]")
    tab.wait_for_selector("text=Gérer vos abonnements")
    assert tab.context.cookies() == []
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is not None and not subscription.digest

    # A new decision of the Doctolib case cites Schrems II.
    doctolib = Case.objects.get(slug="doctolib-aws")
    new = factories.RulingFactory(
        proceeding=doctolib.proceedings.first(), decided_on=dt.date(2024, 5, 2)
    )
    citation_services.citation_create(
        citing=new,
        cited=Ruling.objects.get(slug=SCHREMS_II),
        quote="au sens de l'arrêt Schrems II",
        verified=True,
    )
    call_command("send_alerts", verbosity=0)
    assert len(smtp_server.messages) == 2
    body = text_of(smtp_server.messages[1])
    assert "au sens de l'arrêt Schrems II" in body
    tab.goto(re.search(rf"(https?://\S+/fr/rulings/{new.slug}/)", body).group(1))
    assert tab.locator("h1").count() == 1


def test_a_reader_follows_a_search_from_its_results(
    tab,
    smtp_server,  # noqa: F811 (the fixture imported above)
):
    tab.goto("/en/search/?q=health")
    assert tab.context.cookies() == []
    tab.click("text=Be told by e-mail of new rulings matching this search")
    assert "/en/search/follow/?q=health" in tab.url
    tab.fill("#id_email", "reader@example.org")
    tab.click("#follow_form button[type=submit]")
    tab.wait_for_selector("text=Check your inbox")
    (confirmation,) = smtp_server.messages
    tab.goto(mail_link(confirmation, "confirm"))
    tab.click("main form button[type=submit]")
    tab.wait_for_selector("text=Manage your subscriptions")
    subscription = Subscription.objects.get()
    assert subscription.kind == "search" and subscription.digest
    assert subscription.language == "en"
