"""pagecache.purge(): every stored page deleted, of every generation, the rest of the cache
kept: after an erasure no stored page may hold the name, stale or not."""

import uuid

import pytest
from django.core.cache import caches
from django.http import HttpResponse

from casetracker import pagecache
from tests.factories import CaseFactory


def _stored(cache) -> list[str]:
    return [key for key in cache._cache if pagecache.PAGE_PREFIX in key]


@pytest.fixture
def page_cache(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"purge-test-{uuid.uuid4()}",
        },
    }
    settings.PAGE_CACHE_SECONDS = 300
    return caches["default"]


@pytest.mark.django_db
def test_purge_deletes_pages_of_every_generation_and_nothing_else(client, page_cache):
    case = CaseFactory(title_en="A title")
    client.get(f"/en/cases/{case.slug}/")
    pagecache.bump()
    client.get(f"/en/cases/{case.slug}/")
    client.get("/en/cases/")
    page_cache.set("alerts:some-limit", 3)
    assert len(_stored(page_cache)) == 3
    before = pagecache.generation()

    assert pagecache.purge() == 3

    assert _stored(page_cache) == []
    assert page_cache.get("alerts:some-limit") == 3
    assert pagecache.generation() > before


def test_a_page_built_while_the_generation_moved_is_not_stored(rf, page_cache):
    def view(request):
        pagecache.bump()  # a write committed while this page was being built
        return HttpResponse("built from the rows before the write")

    pagecache.PageCacheMiddleware(view)(rf.get("/en/cases/"))

    assert _stored(page_cache) == []


def test_a_page_built_meanwhile_nothing_changed_is_stored(rf, page_cache):
    pagecache.PageCacheMiddleware(lambda request: HttpResponse("page"))(rf.get("/en/cases/"))
    assert len(_stored(page_cache)) == 1


def test_a_cache_without_keys_to_match_is_cleared(settings, tmp_path, rf):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        },
    }
    settings.PAGE_CACHE_SECONDS = 300
    request = rf.get("/en/cases/")
    pagecache.PageCacheMiddleware(lambda request: HttpResponse("page"))(request)
    key = pagecache._key(request, pagecache.generation())
    assert caches["default"].get(key) is not None

    assert pagecache.purge() == -1

    assert caches["default"].get(key) is None
