"""Rate limits of the follow form, in the cache, without storing addresses of any kind.

Three counters per window (docs/alerts.md):
- per client (ALERTS_RATE_PER_CLIENT), checked first: one client, whatever X-Forwarded-For it
  sends and however many e-mail addresses it tries, is stopped well before the site-wide limit,
  so it cannot spend that limit for everyone;
- for the whole site (ALERTS_RATE_GLOBAL): a ceiling on the confirmation mails the mail server
  is asked to send, reached only when many clients ask at once;
- per e-mail address (ALERTS_RATE_PER_ADDRESS), counted on the address's canonical form
  (alerts.services.email_key), so that no spelling of one mailbox buys more mails to it.

Keys are keyed hashes (HMAC with SECRET_KEY) of the client (common.clients) or the address:
the cache never holds either. With several app servers, point CACHES at a shared cache; the
default per-process cache only limits each process.

The form sends mail, so its limits fail closed: while the cache cannot count them, each check
raises cachehealth.Unavailable, and the form answers 503 and sends nothing.
"""

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from alerts import conf
from common import cachehealth
from common.clients import client_key

GLOBAL_KEY = "alerts:rate:all"


def _hit(key: str, limit: int, window: int) -> bool:
    """Count one request under `key`; False once `limit` is passed within `window` seconds.
    Raises cachehealth.Unavailable when the cache cannot count."""
    return cachehealth.attempt(_count, key, limit, window)


def _count(key: str, limit: int, window: int) -> bool:
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit


def allow_client(request: HttpRequest) -> bool:
    return _hit(
        f"alerts:rate:client:{client_key(request)}",
        conf.get("ALERTS_RATE_PER_CLIENT"),
        conf.get("ALERTS_RATE_WINDOW"),
    )


def allow_site() -> bool:
    return _hit(GLOBAL_KEY, conf.get("ALERTS_RATE_GLOBAL"), conf.get("ALERTS_RATE_WINDOW"))


def allow_address(key: str) -> bool:
    """`key`: the address's canonical form (alerts.services.email_key)."""
    digest = salted_hmac("alerts.rate", key, algorithm="sha256").hexdigest()
    return _hit(
        f"alerts:rate:{digest}", conf.get("ALERTS_RATE_PER_ADDRESS"), conf.get("ALERTS_RATE_WINDOW")
    )
