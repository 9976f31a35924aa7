"""The client address: X-Forwarded-For counts only from a listed proxy, one
function gives the address to every limit, and only a keyed hash of it is ever kept."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from common.clients import client_address, client_key

PROXY = "127.0.0.1"
OUTSIDER = "203.0.113.50"


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    settings.FORWARDED_ALLOW_IPS = [PROXY, "10.0.0.0/8"]
    cache.clear()
    yield
    cache.clear()


def request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/api/v1/courts/", **extra)


# The address -------------------------------------------------------------------------------


def test_a_header_from_a_client_that_is_not_a_proxy_is_ignored():
    assert client_address(request(OUTSIDER, "198.51.100.1")) == OUTSIDER


def test_a_listed_proxy_gives_the_address_it_forwards():
    assert client_address(request(PROXY, "198.51.100.1")) == "198.51.100.1"
    assert client_address(request("10.1.2.3", "198.51.100.1")) == "198.51.100.1"  # a network


def test_behind_an_appending_proxy_the_forged_part_of_the_header_is_ignored():
    # The client sent "X-Forwarded-For: 192.0.2.9"; the proxy appended the real address.
    assert client_address(request(PROXY, "192.0.2.9, 198.51.100.1")) == "198.51.100.1"
    # A chain of listed proxies: the first address no listed proxy owns.
    assert client_address(request(PROXY, "192.0.2.9, 198.51.100.1, 10.0.0.2")) == "198.51.100.1"


@pytest.mark.parametrize("forwarded", ["", "not an address", "unknown", "1.2.3.4.5", "::zz"])
def test_a_header_that_holds_no_address_falls_back_to_the_peer(forwarded):
    assert client_address(request(PROXY, forwarded)) == PROXY


def test_a_unix_socket_peer_is_the_proxy_as_gunicorn_treats_it():
    assert client_address(request("", "198.51.100.1")) == "198.51.100.1"


def test_the_key_is_a_keyed_hash_that_hides_the_address(settings):
    key = client_key(request(OUTSIDER))
    assert OUTSIDER not in key and "203" not in key
    assert key == client_key(request(OUTSIDER))
    assert key != client_key(request("203.0.113.51"))
    settings.SECRET_KEY = "another secret key, another hash of the same address"
    assert key != client_key(request(OUTSIDER))


def test_an_ipv6_client_is_one_client_across_its_own_network():
    """A /64 is one subscriber's: rotating inside it must not buy fresh limits."""
    first = client_key(request("2001:db8:1:2::1"))
    assert first == client_key(request("2001:db8:1:2:ffff:eeee:dddd:cccc"))
    assert first != client_key(request("2001:db8:1:3::1"))
    # An IPv4 client written as IPv4-mapped IPv6 is that IPv4 client.
    assert client_key(request("::ffff:203.0.113.50")) == client_key(request(OUTSIDER))


# The API throttle --------------------------------------------------------------------------


def api_get(client, remote: str, forwarded: str | None = None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client.get("/api/v1/courts/", REMOTE_ADDR=remote, **headers)


def test_a_rotating_forwarded_header_from_a_non_proxy_hits_the_throttle(client, db, settings):
    settings.API_ANON_RATE = "5/minute"
    statuses = [api_get(client, OUTSIDER, f"198.51.100.{n}").status_code for n in range(1, 11)]
    assert statuses == [200] * 5 + [429] * 5


def test_distinct_clients_behind_a_listed_proxy_get_distinct_buckets(client, db, settings):
    settings.API_ANON_RATE = "2/minute"
    for n in range(1, 6):
        for _ in range(2):
            assert api_get(client, PROXY, f"198.51.100.{n}").status_code == 200
    assert api_get(client, PROXY, "198.51.100.1").status_code == 429
    # The proxy's own requests (no header) are a client of their own.
    assert api_get(client, PROXY).status_code == 200


def test_the_throttle_keeps_no_address_in_the_cache(client, db, settings):
    settings.API_ANON_RATE = "5/minute"
    api_get(client, OUTSIDER)
    api_get(client, PROXY, "198.51.100.77")
    keys = list(cache._cache.keys())  # the local-memory cache of the tests
    assert any("throttle" in key for key in keys)
    for key in keys:
        assert OUTSIDER not in key and "198.51.100.77" not in key
        assert OUTSIDER not in str(cache.get(key.split(":", 2)[-1]))


# The privacy page says so ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "phrases"),
    [
        ("fr", ["Limites sans adresse IP", "clé secrète du site (HMAC)",
                "sans adresse IP ni navigateur", "sans le code personnel des liens"]),
        ("en", ["Limits without IP addresses", "secret key of the site (HMAC)",
                "without the IP address or the browser", "without the personal code of links"]),
    ],
)  # fmt: skip
def test_the_privacy_page_says_limits_keep_only_a_keyed_hash(client, language, phrases):
    body = client.get(f"/{language}/privacy/", secure=True).content.decode()
    for phrase in phrases:
        assert phrase in body


# The setting -------------------------------------------------------------------------------


@pytest.mark.slow  # starts Django in a subprocess
def test_a_malformed_proxy_list_stops_the_start_not_every_request():
    from tests.casetracker.helpers import production_env, run_manage

    result = run_manage("check", env=production_env(FORWARDED_ALLOW_IPS="127.0.0.1,nginx"))
    assert result.returncode != 0
    assert "FORWARDED_ALLOW_IPS: 'nginx' is not an address or network" in result.stderr

    fine = run_manage("check", env=production_env(FORWARDED_ALLOW_IPS="10.0.0.0/8, ::1, *"))
    assert fine.returncode == 0, fine.stderr


def test_any_peer_may_be_the_proxy_with_a_star_but_only_the_last_hop_counts(settings):
    settings.FORWARDED_ALLOW_IPS = ["*"]
    assert client_address(request(OUTSIDER, "192.0.2.9, 198.51.100.1")) == "198.51.100.1"
