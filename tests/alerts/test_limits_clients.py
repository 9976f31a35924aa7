"""The follow form's limits per client: one client cannot spend the site-wide
limit for everyone, a forged X-Forwarded-For does not make a new client, and no address is
kept in the cache."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from tests import factories

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"


@pytest.fixture
def follow(client, django_capture_on_commit_callbacks, settings):
    settings.FORWARDED_ALLOW_IPS = [PROXY]
    case = factories.CaseFactory()
    with translation.override("fr"):
        url = reverse("alerts:follow", kwargs={"slug": case.slug})

    def post(email: str, remote: str, forwarded: str | None = None):
        headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, {"email": email}, REMOTE_ADDR=remote, **headers)

    return post


def test_one_client_cannot_spend_the_site_wide_limit(follow, settings, mailoutbox):
    settings.ALERTS_RATE_PER_CLIENT = 3
    settings.ALERTS_RATE_GLOBAL = 5
    statuses = [follow(f"n{n}@example.org", "203.0.113.9").status_code for n in range(20)]
    assert statuses == [200] * 3 + [429] * 17
    assert len(mailoutbox) == 3

    # Everyone else still gets through.
    assert follow("reader@example.org", "198.51.100.4").status_code == 200
    assert len(mailoutbox) == 4


def test_a_rotating_forwarded_header_from_a_non_proxy_is_one_client(follow, settings, mailoutbox):
    settings.ALERTS_RATE_PER_CLIENT = 3
    statuses = [
        follow(f"n{n}@example.org", "203.0.113.9", f"198.51.100.{n}").status_code for n in range(6)
    ]
    assert statuses == [200] * 3 + [429] * 3
    assert len(mailoutbox) == 3


def test_clients_behind_a_listed_proxy_are_counted_apart(follow, settings, mailoutbox):
    settings.ALERTS_RATE_PER_CLIENT = 2
    for n in range(4):
        for m in range(2):
            assert follow(f"n{n}.{m}@example.org", PROXY, f"198.51.100.{n}").status_code == 200
    assert follow("late@example.org", PROXY, "198.51.100.0").status_code == 429
    assert len(mailoutbox) == 8


def test_the_site_wide_limit_still_protects_the_mail_server(follow, settings, mailoutbox):
    settings.ALERTS_RATE_PER_CLIENT = 3
    settings.ALERTS_RATE_GLOBAL = 4
    statuses = [follow(f"n{n}@example.org", f"203.0.113.{n}").status_code for n in range(6)]
    assert statuses == [200] * 4 + [429] * 2
    assert len(mailoutbox) == 4


def test_the_limits_keep_no_client_address_in_the_cache(follow):
    follow("avocate@example.org", "203.0.113.9")
    follow("avocate@example.org", PROXY, "198.51.100.77")
    keys = list(cache._cache.keys())  # the local-memory cache of the tests
    assert len(keys) >= 3
    for key in keys:
        for secret in ("203.0.113.9", "198.51.100.77", "avocate"):
            assert secret not in key
