"""Unchanged feeds and calendars answer conditional requests with 304."""

import pytest


@pytest.mark.parametrize(
    "path", ["/en/feeds/rulings.atom", "/en/calendar/hearings.ics", "/en/feeds/status.atom"]
)
def test_an_unchanged_feed_answers_304(demo, client, path):
    first = client.get(path)
    assert first.status_code == 200
    assert first["ETag"]
    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    if first.has_header("Last-Modified"):
        since = client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert since.status_code == 304


def test_a_changed_etag_gets_the_full_answer(demo, client):
    response = client.get("/en/feeds/rulings.atom", HTTP_IF_NONE_MATCH='"stale"')
    assert response.status_code == 200
    assert response.content
