"""Rate limits of the follow form, in the cache, without storing client addresses.

Two counters per window: one per e-mail address (keyed by a keyed hash of the address, so the
cache never holds it) and one for the whole site. With several app servers, point CACHES at a
shared cache (docs/alerts.md); the default per-process cache only limits each process.
"""

from django.core.cache import cache
from django.utils.crypto import salted_hmac

from alerts import conf

GLOBAL_KEY = "alerts:rate:all"


def _hit(key: str, limit: int, window: int) -> bool:
    """Count one request under `key`; False once `limit` is passed within `window` seconds."""
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit


def allow_site() -> bool:
    return _hit(GLOBAL_KEY, conf.get("ALERTS_RATE_GLOBAL"), conf.get("ALERTS_RATE_WINDOW"))


def allow_address(email: str) -> bool:
    digest = salted_hmac("alerts.rate", email.lower()).hexdigest()
    return _hit(
        f"alerts:rate:{digest}", conf.get("ALERTS_RATE_PER_ADDRESS"), conf.get("ALERTS_RATE_WINDOW")
    )
