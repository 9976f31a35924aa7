"""The page cache (casetracker/pagecache.py): anonymous answers are served again without being
built, every committed write makes them stale, and nothing private goes in or comes out."""

import socket
import uuid

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cases.models import Case
from casetracker import pagecache
from casetracker.settings import cache_from_url
from tests.factories import CaseFactory, draft_case, make_curator


def url(name: str, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def _locmem() -> dict:
    # A cache of its own per test: nothing stored by another test can answer.
    return {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": f"pagecache-test-{uuid.uuid4()}",
    }


@pytest.fixture
def page_cache(settings):
    settings.CACHES = {**settings.CACHES, "default": _locmem()}
    settings.PAGE_CACHE_SECONDS = 300
    yield caches["default"]


@pytest.mark.django_db
def test_a_second_anonymous_request_is_answered_without_a_query(
    client, page_cache, django_assert_num_queries
):
    case = CaseFactory(title_en="Doctolib hosting")
    first = client.get(url("case_detail", slug=case.slug))
    assert first.status_code == 200

    with django_assert_num_queries(0):
        second = client.get(url("case_detail", slug=case.slug))

    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


@pytest.mark.django_db
def test_a_committed_write_is_on_the_next_page(
    client, page_cache, django_capture_on_commit_callbacks
):
    case = CaseFactory(title_en="Before the change")
    assert "Before the change" in client.get(url("case_detail", slug=case.slug)).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        case.title_en = "After the change"
        case.save()

    content = client.get(url("case_detail", slug=case.slug)).content.decode()
    assert "After the change" in content
    assert "Before the change" not in content


@pytest.mark.django_db
def test_a_write_bumps_only_once_its_transaction_commits(
    client, page_cache, django_capture_on_commit_callbacks
):
    case = CaseFactory(title_en="Old title")
    client.get(url("case_detail", slug=case.slug))
    before = pagecache.generation()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Case.objects.filter(pk=case.pk).update(title_en="New title")
        case.save()  # a signal: the bump waits for the commit

    assert pagecache.generation() == before
    assert callbacks  # one per row written: the case and its history record
    for callback in callbacks:
        callback()
    assert pagecache.generation() != before


@pytest.mark.django_db
def test_bump_from_a_bulk_path_makes_pages_stale(client, page_cache):
    case = CaseFactory(title_en="Before the bulk write")
    client.get(url("case_detail", slug=case.slug))
    # Bulk writes (COPY, queryset.update) send no signal: they call bump() themselves.
    Case.objects.filter(pk=case.pk).update(title_en="After the bulk write")
    assert (
        "Before the bulk write" in client.get(url("case_detail", slug=case.slug)).content.decode()
    )

    pagecache.bump()

    assert "After the bulk write" in client.get(url("case_detail", slug=case.slug)).content.decode()


@pytest.mark.django_db
def test_a_preview_is_never_stored_nor_served_from_the_cache(client, page_cache):
    case = draft_case(title_en="Draft under preview")
    public = CaseFactory(title_en="Public case")
    client.get(url("case_detail", slug=public.slug))  # stored for anonymous readers

    client.force_login(make_curator())
    preview = client.get(url("case_detail", slug=case.slug))
    assert preview.status_code == 200
    assert "Draft under preview" in preview.content.decode()
    client.logout()
    client.cookies.clear()

    anonymous = client.get(url("case_detail", slug=case.slug))
    assert anonymous.status_code == 404
    assert "Draft under preview" not in anonymous.content.decode()


@pytest.mark.django_db
def test_an_answer_that_sets_a_cookie_is_not_stored(client, page_cache, settings):
    # The alerts' follow form carries a CSRF token, and its cookie.
    case = CaseFactory()
    path = url("alerts:follow", slug=case.slug)
    first = client.get(path)
    assert first.status_code == 200
    assert settings.CSRF_COOKIE_NAME in first.cookies
    client.cookies.clear()

    second = client.get(path)

    assert settings.CSRF_COOKIE_NAME in second.cookies  # built again, with a token of its own


@pytest.mark.django_db
def test_a_stored_page_answers_a_conditional_request_with_304(client, page_cache):
    case = CaseFactory()
    path = url("case_detail", slug=case.slug)
    etag = client.get(path)["ETag"]
    client.get(path)

    response = client.get(path, headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""


def test_keys_follow_the_language_the_page_is_built_in(rf):
    def key(path, accept):
        return pagecache._key(rf.get(path, headers={"accept-language": accept}), 1)

    # Unprefixed paths answer in the Accept-Language language (LanguageMiddleware).
    assert key("/ecli/x/", "en") != key("/ecli/x/", "fr")
    assert key("/ecli/x/", "en-GB,en;q=0.8") == key("/ecli/x/", "en")
    # A prefixed path answers in its prefix's language, whatever the header.
    assert key("/en/cases/", "fr") == key("/en/cases/", "en")
    assert key("/en/cases/", "en") != key("/fr/cases/", "en")
    assert key("/en/cases/?page=2", "en") != key("/en/cases/", "en")
    assert pagecache._key(rf.get("/en/cases/"), 1) != pagecache._key(rf.get("/en/cases/"), 2)


@pytest.mark.django_db
def test_head_requests_are_served_and_not_stored(client, page_cache, django_assert_num_queries):
    case = CaseFactory()
    path = url("case_detail", slug=case.slug)
    client.head(path)
    assert client.get(path).status_code == 200  # the HEAD stored nothing: built now

    with django_assert_num_queries(0):
        assert client.head(path).status_code == 200


@pytest.mark.django_db
def test_without_page_cache_every_request_is_built(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    case = CaseFactory()
    client.get(url("case_detail", slug=case.slug))
    with CaptureQueriesContext(connection) as queries:
        client.get(url("case_detail", slug=case.slug))
    assert len(queries) > 0


def test_cache_urls():
    assert cache_from_url("")["BACKEND"].endswith("LocMemCache")
    assert cache_from_url("redis://127.0.0.1:6379/1") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
        # A Redis that is down or hung costs well under a second.
        "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3},
    }
    assert cache_from_url("file:///var/tmp/ct")["LOCATION"] == "/var/tmp/ct"
    with pytest.raises(ImproperlyConfigured, match="unknown scheme 'memcache'"):
        cache_from_url("memcache://127.0.0.1")


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.django_db
@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")
def test_with_redis_a_write_in_another_process_is_seen(client, settings, django_assert_num_queries):
    # Two cache clients stand for two worker processes sharing one Redis.
    location = "redis://127.0.0.1:6379/15"
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"test-{uuid.uuid4()}",
        },
    }
    settings.PAGE_CACHE_SECONDS = 60
    case = CaseFactory(title_en="Stored in Redis")
    client.get(url("case_detail", slug=case.slug))
    with django_assert_num_queries(0):
        assert "Stored in Redis" in client.get(url("case_detail", slug=case.slug)).content.decode()

    Case.objects.filter(pk=case.pk).update(title_en="Changed elsewhere")
    other_process = caches.create_connection("default")
    other_process.incr(pagecache.GENERATION_KEY)

    assert "Changed elsewhere" in client.get(url("case_detail", slug=case.slug)).content.decode()


@pytest.mark.django_db
def test_an_import_makes_stored_pages_stale(client, page_cache, django_capture_on_commit_callbacks):
    from interchange.export import export_document
    from interchange.importer import import_all_or_nothing

    case = CaseFactory(title_en="Title before the import")
    client.get(url("case_detail", slug=case.slug))
    document = export_document()
    (record,) = [c for c in document["cases"] if c["uid"] == str(case.uid)]
    record["title_en"] = "Title after the import"

    with django_capture_on_commit_callbacks(execute=True):
        problems, _stats = import_all_or_nothing(document)

    assert problems == []
    assert (
        "Title after the import" in client.get(url("case_detail", slug=case.slug)).content.decode()
    )
