"""The page cache listens to the apps' domain events, connected from the project side
(casetracker/apps.py): an import makes every stored page stale once it commits, an erasure
deletes them all once it commits; neither before."""

import uuid

import pytest
from django.core.cache import caches

from cases.models import Party
from cases.signals import parties_erased
from casetracker import pagecache
from interchange.importer import Importer
from interchange.signals import data_imported


@pytest.fixture
def page_cache(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"pagecache-events-{uuid.uuid4()}",
        },
    }
    settings.PAGE_CACHE_SECONDS = 300
    yield caches["default"]


@pytest.mark.django_db
def test_an_import_bumps_the_generation_once_it_commits(
    page_cache, django_capture_on_commit_callbacks
):
    before = pagecache.generation()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        data_imported.send(sender=Importer, stats={})
    assert pagecache.generation() == before
    for callback in callbacks:
        callback()
    assert pagecache.generation() != before


@pytest.mark.django_db
def test_an_erasure_purges_every_stored_page_once_it_commits(
    page_cache, django_capture_on_commit_callbacks
):
    page_cache.set(f"{pagecache.PAGE_PREFIX}1:abc", "a page of an older generation")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        parties_erased.send(sender=Party, parties=[])
    assert page_cache.get(f"{pagecache.PAGE_PREFIX}1:abc") is not None
    for callback in callbacks:
        callback()
    assert page_cache.get(f"{pagecache.PAGE_PREFIX}1:abc") is None
