"""The shared cache (Redis) may fail; the site goes on without it.

The cache holds the page cache and the rate limits, never data: every use of it goes through
`attempt()`, which turns a cache that cannot be reached into `Unavailable`, and each user
decides what to do without it (docs/deploy.md, "When a dependency fails"): the page cache builds
the page from the database, the API's read throttle lets the request through, the follow form
refuses with a 503 since it sends mail.

The connection has short timeouts (CACHE_SOCKET_TIMEOUT, settings.cache_from_url), and after a
failure this process leaves the cache alone for CACHE_RETRY_SECONDS: a hung Redis costs one
timeout per pause, not one per call. The outage is logged once when it starts and once when it
ends (per process), not once per request.
"""

import logging
import threading
import time

import redis
from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed

logger = logging.getLogger("casetracker.cache")

# What an unreachable cache raises: redis-py's errors (refused, timed out, reset, out of
# memory), and the system's for the file cache.
ERRORS = (redis.exceptions.RedisError, OSError)


class Unavailable(Exception):
    """The cache cannot be used now."""


_lock = threading.Lock()
_down_since: float | None = None
_retry_at = 0.0


def available() -> bool:
    """False during the pause that follows a failure."""
    return time.monotonic() >= _retry_at


def attempt(operation, *args, **kwargs):
    """`operation(*args, **kwargs)`, or Unavailable if the cache fails or is paused."""
    if not available():
        raise Unavailable
    try:
        result = operation(*args, **kwargs)
    except ERRORS as error:
        _failed(error)
        raise Unavailable from error
    if _down_since is not None:
        _recovered()
    return result


def check() -> bool:
    """Whether the cache answers now (a read of one key), for /healthz."""
    try:
        attempt(caches["default"].get, "casetracker:healthz")
    except Unavailable:
        return False
    return True


def _failed(error: Exception) -> None:
    global _down_since, _retry_at
    now = time.monotonic()
    with _lock:
        _retry_at = now + settings.CACHE_RETRY_SECONDS
        if _down_since is not None:
            return
        _down_since = now
    # The type only: the message names the server's address.
    logger.error(
        "cache unavailable (%s): pages are built without it, the API throttle lets reads "
        "through, the follow form answers 503; trying again every %s s",
        type(error).__name__,
        settings.CACHE_RETRY_SECONDS,
    )


def _recovered() -> None:
    global _down_since
    with _lock:
        if _down_since is None:
            return
        seconds, _down_since = time.monotonic() - _down_since, None
    logger.warning("cache available again after %.0f s", seconds)


def reset(**kwargs) -> None:
    """Forget any outage: a new cache configuration starts afresh (tests change CACHES)."""
    global _down_since, _retry_at
    if kwargs.get("setting") not in (None, "CACHES"):
        return
    with _lock:
        _down_since, _retry_at = None, 0.0


setting_changed.connect(reset, dispatch_uid="casetracker-cachehealth-reset")
