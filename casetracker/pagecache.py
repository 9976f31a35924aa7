"""Whole-page cache for anonymous readers, invalidated by a generation number.

Anonymous GET answers (public pages, feeds, calendars, API) are the same for every reader, so
the first one is kept in Django's cache framework and served again until the data changes. The
keys embed a *generation* kept in the same cache: every write to the data bumps it (signals of
the data apps' models and their domain events, on commit, connected in casetracker/apps.py;
`bump()` from the other bulk paths that bypass signals), so a
page is never served from before a change — once the change is committed, the next request
builds it again. PAGE_CACHE_SECONDS bounds what time alone changes (today's hearings).

Readers with a session or messages cookie (editors previewing drafts) are never served from
the cache, and answers that set a cookie, vary on one, or forbid caching are never stored: a
draft cannot reach the cache, and a cached page cannot reach a reader it was not built for.

With several processes (gunicorn workers, servers) the cache must be shared (CACHE_URL=redis://…),
otherwise a process would not see the others' bumps; docs/deploy.md says so.

A stale page stays in the cache until it expires. When what it holds must go at once (a person's
name after an erasure, privacy.erasure), `purge()` deletes every stored page of every generation:
page keys share one prefix, deleted by pattern on Redis and by key in the local-memory cache.

The cache is an optimisation: while it cannot be reached (common.cachehealth)
pages are built from the database, and a write never fails for it. A bump that could not reach
the cache is made again by this process as soon as the cache answers, and every page expires
PAGE_CACHE_SECONDS after its building began, so a page from before a write is never served
longer than that after it, whether Redis comes back empty or with its old contents.
"""

import contextlib
import hashlib
import logging
import re
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.utils import translation
from django.utils.cache import cc_delim_re, get_conditional_response
from django.utils.http import parse_http_date_safe

from common import cachehealth
from common.languages import language_from_accept_header

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
# Every stored page's key starts so (then the generation, then a hash of what the page is).
PAGE_PREFIX = "pagecache:page:"
# The data apps: a write to any of their models may change a public page.
DATA_APPS = {"cases", "citations", "organisations"}
# Request headers an answer may vary on and still be stored. The key covers the language; every
# page varies on Cookie (the session is looked at for previews), but only readers without a
# session or messages cookie are served from the cache, and a page that uses another cookie
# (the CSRF token of a form) sets it in its answer, which is then never stored.
_VARY_OK = {"accept-language", "accept-encoding", "cookie"}


def enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def generation() -> int:
    value = _cache().get(GENERATION_KEY)
    if value is None:
        # Start from the clock, not 0, so that an evicted generation never comes back to
        # keys stored under it before.
        value = time.time_ns()
        if not _cache().add(GENERATION_KEY, value, timeout=None):
            value = _cache().get(GENERATION_KEY, value)
    return value


def bump() -> None:
    """Make every stored page stale (they expire on their own; nothing reads them again)."""
    global _bump_pending
    if not enabled():
        return
    try:
        cachehealth.attempt(_incr_generation)
    except cachehealth.Unavailable:
        _bump_pending = True  # the write stands; bumped once the cache answers again
    else:
        _bump_pending = False


# A bump that could not reach the cache, made again before this process next reads from it.
_bump_pending = False


def _incr_generation() -> None:
    try:
        _cache().incr(GENERATION_KEY)
    except ValueError:  # no generation yet, or evicted
        _cache().set(GENERATION_KEY, time.time_ns(), timeout=None)


def purge() -> int:
    """Delete every stored page (see `_purge`); while the cache cannot be reached, this process
    does it as soon as the cache answers again, before serving any stored page, and until then
    serves none (so -2: postponed)."""
    global _purge_pending
    if not enabled():
        return 0
    try:
        deleted = cachehealth.attempt(_purge)
    except cachehealth.Unavailable:
        _purge_pending = True
        logger.warning("page cache purge postponed: the cache cannot be reached")
        return -2
    _purge_pending = False
    return deleted


def _catch_up() -> None:
    """The bump and purge that could not reach the cache, made now that it may answer."""
    if _purge_pending:
        purge()
    if _bump_pending:
        bump()


def _generation_is(gen) -> bool:
    try:
        return cachehealth.attempt(generation) == gen
    except cachehealth.Unavailable:
        return False


# A purge that could not reach the cache (an erasure during an outage), made again before this
# process next reads a stored page.
_purge_pending = False


def _purge() -> int:
    """Delete every stored page, whatever its generation, and bump the generation; the rest of
    the cache (the generation, rate limits…) stays. Returns how many pages were deleted (-1
    when the backend cannot tell pages apart and the whole cache was cleared)."""
    bump()
    cache = _cache()
    prefix = cache.make_key(PAGE_PREFIX)
    if isinstance(cache, RedisCache):
        client = cache._cache.get_client(write=True)
        pattern = re.sub(r"([*?\[\]\\])", r"\\\1", prefix) + "*"
        deleted, batch = 0, []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) == 500:
                deleted += client.delete(*batch)
                batch = []
        if batch:
            deleted += client.delete(*batch)
        return deleted
    if isinstance(cache, LocMemCache):
        with cache._lock:
            keys = [key for key in cache._cache if key.startswith(prefix)]
            for key in keys:
                cache._delete(key)
        return len(keys)
    # A file or database cache keeps no key we could match: clear it all (an erasure is rare;
    # what else it held, rate-limit counts, starts again).
    logger.warning("page cache purge: %s cannot delete by prefix, cleared", type(cache).__name__)
    cache.clear()
    return -1


def bump_on_commit(**kwargs) -> None:
    """Bump once the current transaction commits (at once outside one): a request between the
    write and the commit would otherwise store the old data under the new generation."""
    transaction.on_commit(bump, using=kwargs.get("using"))


# What the page cache listens to; casetracker/apps.py connects these once the apps are ready
# (the project listens to the apps, which never import it).


def _is_data_model(sender) -> bool:
    return sender._meta.app_label in DATA_APPS


def on_write(sender, **kwargs):
    """A row of a data app's model was written (post_save, post_delete, m2m_changed)."""
    if enabled() and _is_data_model(sender):
        bump_on_commit(**kwargs)


def on_import(sender, **kwargs):
    """A document was imported (interchange.signals.data_imported)."""
    if enabled():
        bump_on_commit()


def on_erasure(sender, **kwargs):
    """Parties were erased (cases.signals.parties_erased): a stale page may quote an erased
    name, so every stored page goes, not only the generation."""
    if enabled():
        transaction.on_commit(purge)


def _key(request, gen: int) -> str:
    # The language is all an answer takes from the request headers (LanguageMiddleware):
    # the path's prefix, else Accept-Language.
    language = translation.get_language_from_path(request.path_info) or (
        language_from_accept_header(request)
    )
    raw = f"{request.get_host()}\n{request.get_full_path()}\n{language}"
    return f"{PAGE_PREFIX}{gen}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _reader_is_anonymous(request) -> bool:
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _storable(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {h.strip().lower() for h in cc_delim_re.split(response.get("Vary", "")) if h.strip()}
    return vary <= _VARY_OK


class PageCacheMiddleware:
    """Serve anonymous GET/HEAD requests from the page cache; store what may be shared."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (
            enabled()
            and request.method in ("GET", "HEAD")
            and _reader_is_anonymous(request)
            and cachehealth.available()
        ):
            return self.get_response(request)
        started = time.monotonic()
        if _bump_pending or _purge_pending:
            _catch_up()
        try:
            gen = cachehealth.attempt(generation)
            key = _key(request, gen)
            response = cachehealth.attempt(_cache().get, key)
        except cachehealth.Unavailable:
            return self.get_response(request)  # built from the database, as without a cache
        if response is not None:
            # What ConditionalGetMiddleware does for a page being built, for a stored one.
            last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
            return get_conditional_response(
                request, etag=response.get("ETag"), last_modified=last_modified, response=response
            )
        response = self.get_response(request)
        # Not stored when the data changed while it was built (a purge must not be followed by
        # a page built from the rows it was purged for).
        if request.method == "GET" and _storable(response) and _generation_is(gen):
            # One chunk: a feed written piece by piece would otherwise be sent in thousands of
            # writes at every hit (12 ms instead of 3 for the Atom feed).
            response.content = response.content
            # PAGE_CACHE_SECONDS from when its building began: what a write made stale
            # expires by then even if the write's bump was lost (see the module's docstring).
            timeout = int(settings.PAGE_CACHE_SECONDS - (time.monotonic() - started))
            if timeout > 0:
                with contextlib.suppress(cachehealth.Unavailable):
                    cachehealth.attempt(_cache().set, key, response, timeout)
        return response
