"""The site stays up when Redis or PostgreSQL fail, and says so plainly.

Each test starts its own redis-server on a free port (tests/servers.py), configured as
production configures it (casetracker.settings.cache_from_url), and stops it mid-test; a hung
Redis is a socket that accepts and never answers; PostgreSQL is made unreachable for one
connection by pointing the test's database settings at a closed port.
"""

import contextlib
import time

import pytest
from django.core import mail
from django.db import OperationalError, connections
from django.test import Client

from alerts.models import Subscriber, Subscription
from cases import services
from cases.models import Case
from casetracker.settings import cache_from_url
from tests.formdata import posted_data
from tests.servers import RedisServer, SilentServer, free_port

PAGES = [
    "/en/",
    "/fr/",
    "/en/cases/",
    "/en/cases/doctolib-aws/",
    "/fr/cases/doctolib-aws/",
    "/en/feeds/rulings.atom",
    "/en/cases/doctolib-aws/feed.atom",
    "/en/calendar/hearings.ics",
    "/en/cases/doctolib-aws/hearings.ics",
    "/en/hearings.csv",
    "/api/v1/rulings/",
    "/api/v1/cases/",
]
# Headers that differ between any two answers, cache or not.
_PER_ANSWER = {"date", "expires"}


@pytest.fixture
def visitor():
    """A browser: error answers come back as answers, not as exceptions in the test."""
    return Client(raise_request_exception=False)


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


def use_cache(settings, url: str, *, retry_seconds: float = 5) -> None:
    settings.CACHES = {**settings.CACHES, "default": cache_from_url(url)}
    settings.PAGE_CACHE_SECONDS = 300
    settings.CACHE_RETRY_SECONDS = retry_seconds


@pytest.fixture
def redis_cache(settings, redis_server):
    pytest.importorskip("redis")
    use_cache(settings, redis_server.url)
    return redis_server


pytestmark = pytest.mark.redis


def headers(response) -> dict:
    return {k.lower(): v for k, v in response.headers.items() if k.lower() not in _PER_ANSWER}


# 1. Redis stopped: every page is built from the database, with the same headers -------------


@pytest.mark.django_db
def test_with_redis_stopped_every_page_answers_200_with_the_same_headers(
    visitor, demo, redis_cache
):
    served = {}
    for path in PAGES:
        visitor.get(path)  # built and stored
        served[path] = visitor.get(path)  # from the cache
        assert served[path].status_code == 200, path

    redis_cache.stop()

    for path in PAGES:
        response = visitor.get(path)
        assert response.status_code == 200, path
        assert headers(response) == headers(served[path]), path
        assert response.content == served[path].content, path
    assert visitor.get("/en/cases/doctolib-aws/").content.decode().count("Doctolib") > 0


@pytest.mark.django_db
def test_a_redis_that_never_answers_costs_each_page_well_under_2_seconds(visitor, demo, settings):
    with SilentServer() as hung:
        # A pause longer than the test, so that the count of connections below is exact.
        use_cache(settings, f"redis://127.0.0.1:{hung.port}/0", retry_seconds=60)
        for path in PAGES:
            started = time.monotonic()
            response = visitor.get(path)
            assert response.status_code == 200, path
            assert time.monotonic() - started < 2, path
        # No retry storm: after the first failure the cache is left alone for a few seconds,
        # instead of costing a timeout on every call.
        assert 1 <= len(hung.accepted) <= 2


@pytest.mark.slow  # waits for the outage's retry interval
@pytest.mark.django_db
def test_the_outage_is_logged_once_when_it_starts_and_once_when_it_ends(
    visitor, demo, settings, redis_server, caplog
):
    use_cache(settings, redis_server.url, retry_seconds=0.2)
    assert visitor.get("/en/cases/").status_code == 200
    redis_server.stop()
    caplog.clear()

    for _ in range(3):
        for path in PAGES[:4]:
            assert visitor.get(path).status_code == 200
        time.sleep(0.25)  # past the pause: the cache is tried again, and fails again

    cache_logs = [r for r in caplog.records if r.name.startswith("casetracker.cache")]
    assert [r.getMessage().split(" (")[0] for r in cache_logs] == ["cache unavailable"]
    assert not any(r.exc_info for r in caplog.records), "no traceback per request"

    redis_server.start()
    time.sleep(0.25)
    caplog.clear()
    for path in PAGES[:4]:
        assert visitor.get(path).status_code == 200
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("casetracker.cache")]
    assert len(messages) == 1 and messages[0].startswith("cache available again")


# 2. A write during an outage is saved, and no page from before it outlives it ---------------


def save_title(case: Case, title: str, capture) -> None:
    case = Case.objects.get(pk=case.pk)
    case.title_en = title
    with capture(execute=True):  # the commit: the page cache's generation is bumped now
        services.case_save(case=case)


@pytest.mark.django_db
def test_a_write_during_a_redis_outage_is_saved_without_an_error(
    demo, redis_cache, django_capture_on_commit_callbacks
):
    case = Case.objects.get(slug="doctolib-aws")
    redis_cache.stop()

    save_title(case, "Saved while Redis was down", django_capture_on_commit_callbacks)

    assert Case.objects.get(pk=case.pk).title_en == "Saved while Redis was down"


@pytest.mark.django_db
@pytest.mark.parametrize("persisted", [False, True], ids=["empty", "persisted"])
def test_once_redis_is_back_no_page_from_before_the_write_is_served(
    visitor, demo, settings, redis_server, django_capture_on_commit_callbacks, persisted
):
    use_cache(settings, redis_server.url, retry_seconds=0.2)
    path = "/en/cases/doctolib-aws/"
    case = Case.objects.get(slug="doctolib-aws")
    old_title = case.title_en
    visitor.get(path)
    assert old_title in visitor.get(path).content.decode()  # stored

    redis_server.stop(save=persisted)
    save_title(case, "Written during the outage", django_capture_on_commit_callbacks)
    redis_server.start()
    if persisted:
        assert redis_server.client().dbsize() > 0  # the old pages came back with it
    time.sleep(0.25)  # the pause after the failure is over

    body = visitor.get(path).content.decode()
    assert "Written during the outage" in body
    assert old_title not in body


@pytest.mark.slow  # waits for the page cache's lifetime to run out
@pytest.mark.django_db
def test_a_persisted_redis_serves_a_page_from_before_a_lost_bump_no_longer_than_the_page_cache(
    visitor, demo, settings, redis_server
):
    """The write's bump was lost with its process (an import, a worker restarted during the
    outage), and Redis comes back with the pages it held: they expire on their own."""
    use_cache(settings, redis_server.url, retry_seconds=0.2)
    settings.PAGE_CACHE_SECONDS = 3
    path = "/en/cases/doctolib-aws/"
    visitor.get(path)
    redis_server.stop(save=True)
    # A write that bumps nothing, as one whose process ended before Redis came back.
    Case.objects.filter(slug="doctolib-aws").update(title_en="Written during the outage")
    written = time.monotonic()
    redis_server.start()

    while "Written during the outage" not in visitor.get(path).content.decode():
        assert time.monotonic() - written <= settings.PAGE_CACHE_SECONDS
        time.sleep(0.2)


# 3. Limits counted in the cache: the API read throttle fails open, the follow form closed ---


@pytest.mark.django_db
def test_the_api_throttle_lets_reads_through_while_redis_is_down(
    visitor, demo, settings, redis_cache, caplog
):
    settings.PAGE_CACHE_SECONDS = 0  # the throttle alone
    settings.API_ANON_RATE = "2/minute"
    redis_cache.stop()

    statuses = [visitor.get("/api/v1/rulings/").status_code for _ in range(4)]

    assert statuses == [200] * 4
    assert any(r.getMessage().startswith("cache unavailable") for r in caplog.records)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"),
    [("fr", "Réessayez dans quelques minutes"), ("en", "Try again in a few minutes")],
)
def test_the_follow_form_refuses_with_a_503_and_sends_nothing_while_redis_is_down(
    demo, settings, redis_cache, mailoutbox, django_capture_on_commit_callbacks, language, heading
):
    settings.PAGE_CACHE_SECONDS = 0  # the form's limits alone
    reader = Client(raise_request_exception=False)
    path = f"/{language}/cases/doctolib-aws/follow/"
    data = posted_data(reader.get(path))
    data["email"] = "journaliste@example.org"
    redis_cache.stop()

    with django_capture_on_commit_callbacks(execute=True):
        response = reader.post(path, data)

    assert response.status_code == 503
    assert response["Retry-After"]
    body = response.content.decode()
    assert heading in body
    assert f'<html lang="{language}">' in body
    assert "ConnectionError" not in body and str(redis_cache.port) not in body
    assert mail.outbox == []
    assert not Subscriber.objects.exists() and not Subscription.objects.exists()


# 4. /healthz: 200 while the database answers, naming what is down --------------------------


@pytest.mark.django_db
def test_healthz_says_the_cache_is_down_and_stays_200(visitor, redis_cache):
    up = visitor.get("/healthz")
    assert (up.status_code, up.content) == (200, b"database ok\ncache ok\n")

    redis_cache.stop()
    down = visitor.get("/healthz")
    assert (down.status_code, down.content) == (200, b"database ok\ncache unavailable\n")
    assert "no-cache" in down["Cache-Control"]


@pytest.mark.django_db
def test_healthz_with_a_hung_redis_answers_200_quickly(visitor, settings):
    with SilentServer() as hung:
        use_cache(settings, f"redis://127.0.0.1:{hung.port}/0")
        started = time.monotonic()
        response = visitor.get("/healthz")
    assert time.monotonic() - started < 2
    assert (response.status_code, response.content) == (200, b"database ok\ncache unavailable\n")


# 6. The API answers a JSON 503 when the database fails --------------------------------------


@pytest.mark.django_db
def test_the_api_answers_a_json_503_when_the_database_fails(visitor, monkeypatch, caplog):
    from api import views

    def unreachable(*args, **kwargs):
        raise OperationalError("connection to server at 10.1.2.3, port 5432 failed")

    monkeypatch.setattr(views.RulingViewSet, "get_queryset", unreachable)
    response = visitor.get("/api/v1/rulings/")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == 503 and response.json()["message"]
    assert response["Retry-After"] == "30"
    assert "10.1.2.3" not in response.content.decode()
    assert not any(r.exc_info for r in caplog.records), "an outage is not a bug: no traceback"
    assert "database unavailable: OperationalError" in [r.getMessage() for r in caplog.records]


@contextlib.contextmanager
def unreachable_database():
    """The next connection of the default database goes to a closed port, as if PostgreSQL
    were stopped; restored afterwards."""
    connection = connections["default"]
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(free_port()))
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_with_postgresql_unreachable_api_pages_and_healthz_answer_503(visitor, redis_cache):
    assert connections["default"].vendor == "postgresql"
    with unreachable_database():
        api = visitor.get("/api/v1/rulings/")
        page = visitor.get("/en/cases/")
        health = visitor.get("/healthz")
    assert api.status_code == 503 and api.json()["status"] == 503
    assert api["Retry-After"] == "30"
    assert page.status_code == 503 and "Service temporarily unavailable" in page.content.decode()
    assert (health.status_code, health.content) == (503, b"database unavailable\ncache ok\n")
    assert visitor.get("/api/v1/rulings/").status_code == 200  # back at the next request
