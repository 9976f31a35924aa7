"""Following a search: the new public rulings matching its words and filters, by the search
page's own matcher, through the same double opt-in, outbox and digest as case alerts."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from alerts import selectors, services
from alerts.models import Delivery, Subscriber, Subscription
from cases import selectors as case_selectors
from cases.models import Case, Ruling
from tests import factories
from tests.formdata import posted_data

pytestmark = pytest.mark.django_db


def url(name: str, language: str = "fr", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def send_alerts() -> None:
    call_command("send_alerts", verbosity=0)


def link(message, kind: str) -> str:
    match = re.search(rf"http://127\.0\.0\.1:8000(/\w\w/alerts/{kind}/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def new_ruling(*, summary: str, draft: bool = False, **kwargs) -> Ruling:
    case = factories.CaseFactory(draft=draft)
    return factories.RulingFactory(
        proceeding=factories.ProceedingFactory(case=case),
        summary_fr=summary,
        summary_en="",
        **kwargs,
    )


def subscribe(query: str, filters: dict | None = None, *, digest=False, email="a@example.org"):
    query, filters = selectors.clean_search(query, filters or {})
    subscription = Subscription.objects.create(
        subscriber=Subscriber.objects.get_or_create(email=email)[0],
        kind=Subscription.Kind.SEARCH,
        search_query=query,
        search_filters=filters,
        search_key=selectors.search_key(query, filters),
    )
    return services.subscription_confirm(subscription=subscription, language="fr", digest=digest)


@pytest.fixture
def follow(client, django_capture_on_commit_callbacks):
    """Open the follow page from the search page's link, post its form as a browser would."""

    def post(query, language="fr", email="avocate@example.org", **edits):
        search = client.get(url("search", language), {"q": query})
        href = re.search(r'href="([^"]*/search/follow/[^"]*)"', search.content.decode())
        assert href, "the search page links to its follow page"
        page = client.get(href.group(1).replace("&amp;", "&"))
        data = {**posted_data(page, form_id="follow_form"), "email": email, **edits}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url("alerts:follow_search", language), data)

    return post


def test_a_followed_search_sends_the_new_public_rulings_it_matches_once(client, follow, mailoutbox):
    new_ruling(summary="Transfert de données de santé vers un hébergeur américain.")
    assert follow("données de santé", immediate="1").status_code == 200
    assert client.post(link(mailoutbox[0], "confirm")).status_code == 200
    subscription = Subscription.objects.get()
    assert subscription.kind == "search" and subscription.search_query == "données de santé"
    send_alerts()
    assert len(mailoutbox) == 1  # the ruling there before the confirmation is not news

    match = new_ruling(summary="Les données de santé des patients hébergées.", short_name="HDH")
    new_ruling(summary="Un arrêt sur la concurrence.")  # no match
    new_ruling(summary="Données de santé, encore.", draft=True)  # draft: never told
    send_alerts()
    send_alerts()
    assert len(mailoutbox) == 2
    mail = mailoutbox[1]
    assert f"/fr/rulings/{match.slug}/" in mail.body
    assert "HDH" in mail.body and mail.body.count("/fr/rulings/") == 1
    assert "données de santé" in mail.subject
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_matches_are_the_search_pages(client):
    """The followed search finds what the search page finds (on PostgreSQL: stemming, French
    and English), through the same selector."""
    hits = [
        new_ruling(summary="Les transferts de données personnelles vers les États-Unis."),
        new_ruling(summary="", title_fr="Transfert de données", title_en=""),
        new_ruling(summary="Des données transférées.", short_name="Transferts"),
    ]
    new_ruling(summary="Rien à voir.")
    new_ruling(summary="Transferts de données.", draft=True)
    for query in ("transferts données", "données", "transfert"):
        page = {r.pk for r in case_selectors.search_results(query, "fr", 50)["rulings"]}
        followed = set(selectors.search_matches(query, {}).values_list("pk", flat=True))
        assert followed == page
        assert followed <= {r.pk for r in hits}
    assert selectors.search_matches("données", {}).count() >= 2


def test_filters_narrow_the_search_as_on_the_rulings_list(mailoutbox):
    court = factories.CourtFactory(slug="conseil-etat")
    subscription = subscribe("santé", {"court": "conseil-etat", "year": "2024"})
    assert subscription.search_filters == {"court": "conseil-etat", "year": "2024"}
    proceeding = factories.ProceedingFactory(court=court)
    kept = factories.RulingFactory(
        proceeding=proceeding, decided_on=dt.date(2024, 3, 1), summary_fr="Santé publique."
    )
    factories.RulingFactory(
        proceeding=proceeding, decided_on=dt.date(2023, 3, 1), summary_fr="Santé publique."
    )
    new_ruling(summary="Santé publique.", decided_on=dt.date(2024, 3, 1))  # another court
    send_alerts()
    (mail,) = mailoutbox
    assert kept.slug in mail.body and mail.body.count("/fr/rulings/") == 1


def test_a_ruling_unpublished_before_the_mail_is_skipped(settings, mailoutbox):
    settings.ALERTS_GROUP_SECONDS = 3600
    subscribe("santé")
    ruling = new_ruling(summary="Santé.")
    send_alerts()
    Case.objects.filter(pk=ruling.proceeding.case_id).update(publication="draft")
    send_alerts()
    assert Delivery.objects.get().status == Delivery.Status.SKIPPED
    assert mailoutbox == []


def test_the_digest_is_the_default_and_lists_the_day_s_rulings(follow, client, mailoutbox):
    follow("santé")
    assert client.post(link(mailoutbox[0], "confirm")).status_code == 200
    assert Subscription.objects.get().digest
    first = new_ruling(summary="Santé 1.")
    second = new_ruling(summary="Santé 2.")
    send_alerts()
    assert len(mailoutbox) == 1
    Delivery.objects.update(created_at=timezone.now() - dt.timedelta(days=1))
    send_alerts()
    send_alerts()
    assert len(mailoutbox) == 2
    assert first.slug in mailoutbox[1].body and second.slug in mailoutbox[1].body


def test_one_subscription_per_search_whatever_its_spelling():
    subscribe("Données  de SANTÉ", email="a@example.org")
    query, filters = selectors.clean_search("données de santé", {})
    assert Subscription.objects.get().search_key == selectors.search_key(query, filters)


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "   "}, {"q": "santé", "year": "deux mille"}, {"q": "santé", "kind": "nonsense"}],
)
def test_a_search_that_cannot_be_followed_is_a_400(client, params, mailoutbox):
    refused = client.get(url("alerts:follow_search"), params)
    assert refused.status_code == 400 and refused.cookies == {}
    response = client.post(url("alerts:follow_search"), {**params, "email": "a@example.org"})
    assert response.status_code == 400
    assert not Subscription.objects.exists() and mailoutbox == []


def test_a_bad_address_is_a_form_error(client, mailoutbox):
    response = client.post(url("alerts:follow_search"), {"q": "santé", "email": "nope"})
    assert response.status_code == 400 and mailoutbox == []


@pytest.mark.parametrize("language", ["fr", "en"])
def test_cookie_rule_search_pages_set_none_the_follow_page_only_csrf(client, language):
    new_ruling(summary="Santé.")
    search = client.get(url("search", language), {"q": "santé"})
    assert search.status_code == 200 and search.cookies == {}
    rulings = client.get(url("ruling_list", language), {"year": "2020"})
    assert rulings.status_code == 200 and rulings.cookies == {}
    assert "/search/follow/?" in rulings.content.decode()
    page = client.get(url("alerts:follow_search", language), {"q": "santé"})
    assert page.status_code == 200 and set(page.cookies) == {"csrftoken"}


def test_the_follow_page_in_english(client):
    page = client.get(url("alerts:follow_search", "en"), {"q": "health", "year": "2024"})
    text = page.content.decode()
    assert "Follow this search by e-mail" in text and "health" in text and "2024" in text


def test_the_management_page_lists_followed_searches_with_their_page(client):
    from alerts import tokens

    words = subscribe("santé")
    subscribe("", {"year": "2024"})
    page = client.get(url("alerts:manage", "en", token=tokens.manage_token(words.subscriber)))
    text = page.content.decode()
    assert page.status_code == 200
    assert "/en/search/?q=sant%C3%A9" in text  # words: the search page
    assert "/en/rulings/?year=2024" in text and "year: 2024" in text  # filters: the rulings list
