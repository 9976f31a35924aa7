"""The follow form and the pages reached from the e-mails: double opt-in, unsubscribe,
management, rate limits, and what these pages never reveal or set."""

import re

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import translation

from alerts import tokens
from alerts.models import Subscriber, Subscription
from tests import factories
from tests.factories import SubscriptionFactory

pytestmark = pytest.mark.django_db


def url(name: str, language: str = "fr", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def follow(django_capture_on_commit_callbacks):
    """Post the follow form; the confirmation mail goes out once the request has committed."""

    def post(client, case, email="avocate@example.org", language="fr", **data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                url("alerts:follow", language, slug=case.slug), {"email": email, **data}
            )

    return post


def link(message, kind: str) -> str:
    """The path of the first link of `kind` (confirm, unsubscribe, manage) in a mail."""
    match = re.search(rf"http://127\.0\.0\.1:8000(/\w\w/alerts/{kind}/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def case():
    return factories.CaseFactory(title_fr="Doctolib / AWS", title_en="Doctolib / AWS")


# The follow form --------------------------------------------------------------------------


def test_the_follow_form_is_served_with_a_csrf_cookie_and_no_inline_code(client, case):
    response = client.get(url("alerts:follow", slug=case.slug))

    assert response.status_code == 200
    assert "csrftoken" in response.cookies
    html = response.content.decode()
    assert "<script" not in html and "style=" not in html and "<style" not in html
    assert "Suivre l'affaire par e-mail" in html
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_the_follow_form_answers_in_english_under_en(client, case):
    response = client.get(url("alerts:follow", "en", slug=case.slug))
    assert "Follow the case by e-mail" in response.content.decode()


def test_the_follow_form_refuses_a_post_without_csrf_token(case):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        url("alerts:follow", slug=case.slug), {"email": "a@example.org"}
    )
    assert response.status_code == 403
    assert not Subscriber.objects.exists()


def test_following_sends_a_confirmation_and_nothing_else(follow, client, case, mailoutbox):
    response = follow(client, case)

    assert response.status_code == 200
    assert "Vérifiez votre boîte aux lettres" in response.content.decode()
    (message,) = mailoutbox
    assert message.to == ["avocate@example.org"]
    assert message.subject == "Confirmez le suivi de l'affaire « Doctolib / AWS »"
    assert "/fr/alerts/confirm/" in message.body
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    assert subscription.language == "fr"


def test_double_opt_in_the_link_shows_a_button_and_the_post_confirms(
    follow, client, case, mailoutbox
):
    follow(client, case, digest="1")
    confirm = link(mailoutbox[0], "confirm")

    page = client.get(confirm)
    assert page.status_code == 200
    assert Subscription.objects.get().confirmed_at is None  # a mail scanner's GET confirms nothing
    assert page.cookies == {}

    done = client.post(confirm)
    assert done.status_code == 200
    assert "C'est confirmé" in done.content.decode()
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is not None
    assert subscription.digest is True


def test_the_answer_is_the_same_for_a_new_and_an_already_subscribed_address(
    follow, client, case, mailoutbox
):
    SubscriptionFactory(case=case, subscriber__email="known@example.org")
    known = follow(client, case, email="known@example.org")
    unknown = follow(client, case, email="unknown@example.org")

    assert known.status_code == unknown.status_code == 200
    assert known.content == unknown.content


def test_a_request_does_not_change_the_choices_of_a_confirmed_subscription(follow, client, case):
    subscription = SubscriptionFactory(case=case, subscriber__email="known@example.org")
    follow(client, case, email="KNOWN@Example.org", language="en", digest="1")

    subscription.refresh_from_db()
    assert (subscription.language, subscription.digest) == ("fr", False)
    assert Subscriber.objects.count() == 1


def test_a_bad_address_is_a_form_error_not_a_500(follow, client, case, mailoutbox):
    response = follow(client, case, email="not an address")

    assert response.status_code == 400
    assert "Saisissez une adresse e-mail valide." in response.content.decode()
    assert mailoutbox == [] and not Subscriber.objects.exists()


def test_a_draft_case_cannot_be_followed(follow, client):
    draft = factories.CaseFactory(draft=True)
    assert client.get(url("alerts:follow", slug=draft.slug)).status_code == 404
    assert follow(client, draft).status_code == 404


def test_an_address_over_its_rate_limit_gets_the_same_answer_and_no_mail(
    follow, client, case, mailoutbox, settings
):
    settings.ALERTS_RATE_PER_ADDRESS = 2
    answers = [follow(client, case).content for _ in range(3)]

    assert answers[0] == answers[1] == answers[2]
    assert len(mailoutbox) == 2


def test_the_whole_site_is_rate_limited(follow, client, case, mailoutbox, settings):
    settings.ALERTS_RATE_GLOBAL = 2
    follow(client, case, email="a@example.org")
    follow(client, case, email="b@example.org")
    response = follow(client, case, email="c@example.org")

    assert response.status_code == 429
    assert len(mailoutbox) == 2


def test_rate_limits_store_no_address_in_the_cache(follow, client, case):
    from django.core.cache import cache

    follow(client, case)
    keys = list(cache._cache.keys())  # the local-memory cache of the tests
    assert keys and not any("avocate" in key for key in keys)


def test_the_follow_page_runs_a_fixed_number_of_queries(client, case, django_assert_num_queries):
    """Guards against an N+1 on the case's title fallback or slug aliases: the page reads
    the case once."""
    with django_assert_num_queries(1):
        client.get(url("alerts:follow", slug=case.slug))


# Unsubscribing ----------------------------------------------------------------------------


def test_one_click_unsubscribe_by_the_list_unsubscribe_post(client):
    subscription = SubscriptionFactory()
    token = tokens.unsubscribe_token(subscription)

    response = client.post(
        url("alerts:unsubscribe", token=token),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert response.cookies == {}
    assert not Subscription.objects.exists()
    assert not Subscriber.objects.exists()  # no subscription left: the address is erased


def test_the_unsubscribe_link_shows_one_button_and_keeps_other_subscriptions(client):
    subscription = SubscriptionFactory()
    other = SubscriptionFactory(subscriber=subscription.subscriber)
    path = url("alerts:unsubscribe", token=tokens.unsubscribe_token(subscription))

    page = client.get(path)
    assert page.status_code == 200 and page.cookies == {}
    assert Subscription.objects.count() == 2
    assert client.post(path).status_code == 200
    assert list(Subscription.objects.all()) == [other]
    assert client.post(path).status_code == 200  # twice: same answer


def test_a_tampered_link_is_a_400(client):
    subscription = SubscriptionFactory()
    token = tokens.unsubscribe_token(subscription)
    for bad in (
        token[:-2] + "xx",
        "garbage",
        signing.dumps({"s": "zz"}, salt="alerts.unsubscribe"),
    ):
        assert client.post(url("alerts:unsubscribe", token=bad)).status_code == 400
    assert Subscription.objects.exists()


def test_a_confirmation_link_is_not_an_unsubscribe_link(client):
    subscription = SubscriptionFactory(unconfirmed=True)
    token = tokens.confirm_token(subscription, language="fr", digest=False)
    assert client.post(url("alerts:unsubscribe", token=token)).status_code == 400


def test_an_expired_confirmation_link_is_refused(client, settings):
    subscription = SubscriptionFactory(unconfirmed=True)
    token = tokens.confirm_token(subscription, language="fr", digest=False)
    settings.ALERTS_CONFIRM_MAX_AGE = -1

    assert client.post(url("alerts:confirm", token=token)).status_code == 400
    assert Subscription.objects.get().confirmed_at is None


# The management page ----------------------------------------------------------------------


def test_the_management_page_lists_and_ends_subscriptions(client):
    first = SubscriptionFactory(case__title_fr="Affaire Une")
    SubscriptionFactory(
        subscriber=first.subscriber, case__title_fr="Affaire Deux", unconfirmed=True
    )
    path = url("alerts:manage", token=tokens.manage_token(first.subscriber))

    page = client.get(path)
    html = page.content.decode()
    assert "Affaire Une" in html and "Affaire Deux" in html and "non confirmé" in html
    assert "<script" not in html

    client.post(path, {"subscription": str(first.uid)})
    assert Subscription.objects.count() == 1
    client.post(path, {"all": "1"})
    assert not Subscriber.objects.exists()


def test_the_management_page_does_not_show_the_title_of_an_unpublished_case(client):
    subscription = SubscriptionFactory(case__title_fr="Titre secret", case__draft=True)
    page = client.get(url("alerts:manage", token=tokens.manage_token(subscription.subscriber)))
    assert "Titre secret" not in page.content.decode()


def test_the_management_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    """Guards the N+1 of reading each subscription's case for its title and link."""
    subscriber = SubscriptionFactory().subscriber
    for _ in range(5):
        SubscriptionFactory(subscriber=subscriber)
    with django_assert_num_queries(2):
        client.get(url("alerts:manage", token=tokens.manage_token(subscriber)))


def test_the_case_page_include_links_to_the_follow_form(rf, case):
    from django.template.loader import render_to_string

    with translation.override("en"):
        html = render_to_string(
            "includes/case_follow_link.html", {"case": case, "LANGUAGE_CODE": "en"}
        )
    assert f'href="/en/cases/{case.slug}/follow/"' in html
    assert "Follow by e-mail" in html


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fr", "ni pixel espion ni lien traqué"),
        ("en", "no tracking pixel and no tracked link"),
    ],
)
def test_the_privacy_page_says_what_alerts_store_and_do_not(client, language, text):
    html = client.get(url("privacy", language)).content.decode()
    assert text in html
    assert ("7 jours" if language == "fr" else "7 days") in html


def test_the_form_answers_the_same_when_the_mail_server_is_down(follow, client, case, settings):
    answer = follow(client, case, email="first@example.org").content
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2

    response = follow(client, case, email="second@example.org")

    assert response.status_code == 200
    assert response.content == answer


def test_the_digest_unsubscribe_link_ends_every_subscription_of_the_address(client):
    subscription = SubscriptionFactory(digest=True)
    SubscriptionFactory(subscriber=subscription.subscriber, digest=True)
    path = url("alerts:unsubscribe", token=tokens.unsubscribe_token(subscription.subscriber))

    assert "Ne plus recevoir aucun e-mail" in client.get(path).content.decode()
    client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert not Subscriber.objects.exists() and not Subscription.objects.exists()
