"""The fetch layer against a local HTTP server replaying the real samples: no test reaches the
network."""

import json
import logging
import time

import pytest
from werkzeug import Response

from sources import fetch
from tests.sources.conftest import FIXTURES

CC = (FIXTURES / "judilibre" / "cc_sample_detail_unresolved.json").read_text()


class Sleeps(list):
    def __call__(self, seconds):
        self.append(seconds)


def client(httpserver, **options):
    options = {"min_interval": 0, "backoff": 1, "sleep": Sleeps(), **options}
    return fetch.Fetcher("judilibre", httpserver.url_for("/"), **options)


def test_decision_fetched_with_the_key_from_the_environment(httpserver, monkeypatch):
    monkeypatch.setenv("JUDILIBRE_KEY_ID", "secret-key-123")
    httpserver.expect_request(
        "/decision", query_string="id=5fca277de35a255d41ca73ab", headers={"KeyId": "secret-key-123"}
    ).respond_with_data(CC, content_type="application/json")
    body = fetch.judilibre(httpserver.url_for("/"), min_interval=0).get_json(
        "decision", {"id": "5fca277de35a255d41ca73ab"}
    )
    assert body["ecli"] == "ECLI:FR:CCASS:2020:CO00740"


def test_429_waits_what_retry_after_says_then_succeeds(httpserver):
    httpserver.expect_ordered_request("/decision").respond_with_data(
        "", status=429, headers={"Retry-After": "7"}
    )
    httpserver.expect_ordered_request("/decision").respond_with_data(CC)
    fetcher = client(httpserver)
    assert fetcher.get_json("decision", {"id": "x"})["id"] == "5fca277de35a255d41ca73ab"
    assert fetcher.sleep == [7.0]


def test_retry_after_longer_than_the_cap_fails(httpserver):
    httpserver.expect_request("/decision").respond_with_data(
        "", status=429, headers={"Retry-After": "3600"}
    )
    with pytest.raises(fetch.FetchError, match="asked to wait 3600 s"):
        client(httpserver, max_wait=600).get("decision")


def test_500_then_success_backs_off(httpserver):
    httpserver.expect_ordered_request("/export").respond_with_data("", status=500)
    httpserver.expect_ordered_request("/export").respond_with_data("", status=503)
    httpserver.expect_ordered_request("/export").respond_with_data('{"results": []}')
    fetcher = client(httpserver)
    assert fetcher.get_json("export") == {"results": []}
    assert fetcher.sleep == [1, 2]  # doubling backoff


def test_5xx_until_retries_run_out(httpserver):
    httpserver.expect_request("/export").respond_with_data("", status=502)
    with pytest.raises(fetch.FetchError, match="HTTP 502"):
        client(httpserver, retries=2).get("export")
    assert len(httpserver.log) == 3


@pytest.mark.parametrize(
    ("status", "words"), [(423, "access blocked"), (401, "credentials"), (403, "forbidden")]
)
def test_stop_statuses_stop_at_once_without_retry(httpserver, status, words):
    httpserver.expect_request("/decision").respond_with_data("", status=status)
    with pytest.raises(fetch.AccessStopped, match=words):
        client(httpserver).get("decision")
    assert len(httpserver.log) == 1


def test_timeout_is_retried_then_reported(httpserver):
    def slow(request):
        time.sleep(0.6)
        return Response(CC)

    httpserver.expect_request("/decision").respond_with_handler(slow)
    with pytest.raises(fetch.FetchError, match="timed out"):
        client(httpserver, timeout=0.2, retries=1).get("decision")


def test_response_over_the_size_limit(httpserver):
    httpserver.expect_request("/decision").respond_with_data("x" * 2000)
    with pytest.raises(fetch.FetchError, match=r"over the limit|over 1000 bytes"):
        client(httpserver, max_bytes=1000).get("decision")


def test_not_json_is_a_fetch_error(httpserver):
    httpserver.expect_request("/decision").respond_with_data("<html>maintenance</html>")
    with pytest.raises(fetch.FetchError, match="not JSON"):
        client(httpserver).get_json("decision")


def test_rate_limit_spaces_requests(httpserver):
    httpserver.expect_request("/healthcheck").respond_with_data("{}")
    fetcher = client(httpserver, min_interval=5)
    fetcher.get("healthcheck")
    fetcher.get("healthcheck")
    assert len(fetcher.sleep) == 1 and 4 < fetcher.sleep[0] <= 5


def test_the_key_is_never_logged_nor_in_messages(httpserver, monkeypatch, caplog):
    monkeypatch.setenv("JUDILIBRE_KEY_ID", "secret-key-123")
    httpserver.expect_request("/decision").respond_with_data("", status=500)
    caplog.set_level(logging.DEBUG)
    fetcher = fetch.judilibre(httpserver.url_for("/"), min_interval=0, retries=1)
    fetcher.sleep = Sleeps()
    with pytest.raises(fetch.FetchError) as error:
        fetcher.get("decision")
    assert "secret-key-123" not in str(error.value)
    assert "secret-key-123" not in caplog.text
    assert "secret-key-123" not in repr(fetcher)
    assert json.dumps(httpserver.log[0][0].headers.get("KeyId")) == '"secret-key-123"'
