"""The client's address, decided in one place, and the keyed hash that is all the site keeps.

Every limit (the API throttle, the follow form, django-axes) asks `client_key(request)` or
`axes_client_address(request)`; none reads REMOTE_ADDR or X-Forwarded-For itself.

X-Forwarded-For is believed only when the peer is a proxy listed in settings.FORWARDED_ALLOW_IPS
(gunicorn's setting of the same name: addresses or networks, "*" for any peer); anyone else could
send a new address with each request and so a new bucket. The documented nginx replaces the
header with the one address it sees; behind a proxy that appends instead, the address taken is the
last one no listed proxy owns, so what the client wrote in front is ignored.

Limits are keyed by an HMAC (with SECRET_KEY) of the address, never by the address: the cache
and the database hold no client IP, and the hash of an address cannot be reversed by trying the
4 billion IPv4 addresses without the secret key.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# What axes stores in its GenericIPAddressField (PostgreSQL "inet"): the hash, written as an
# address of the documentation prefix 2001:db8::/32 so that nobody takes it for a real one.
HASH_PREFIX = ipaddress.IPv6Network("2001:db8::/32")


def _parse(text: str) -> Address | None:
    """An address from a header entry ("1.2.3.4", "[2001:db8::1]:443", "1.2.3.4:80"), or None."""
    text = text.strip()
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # IPv4 with a port
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


@lru_cache(maxsize=8)
def _proxies(entries: tuple[str, ...]) -> tuple[bool, tuple[Network, ...]]:
    """(any peer is a proxy, the listed networks) from FORWARDED_ALLOW_IPS."""
    networks = []
    for entry in entries:
        if entry.strip() and entry.strip() != "*":
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
    return "*" in (entry.strip() for entry in entries), tuple(networks)


def _settings_proxies() -> tuple[bool, tuple[Network, ...]]:
    entries = settings.FORWARDED_ALLOW_IPS
    if isinstance(entries, str):
        entries = entries.split(",")
    return _proxies(tuple(entries))


def _listed(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """The client's address (only for computing a key: never store or log it)."""
    meta = request.META
    peer = _parse(meta.get("REMOTE_ADDR") or "")
    any_peer, networks = _settings_proxies()
    # Like gunicorn, a peer without an IP address (a unix socket) is the local proxy.
    peer_is_proxy = peer is None or any_peer or _listed(peer, networks)
    address = peer
    if peer_is_proxy:
        for entry in reversed((meta.get("HTTP_X_FORWARDED_FOR") or "").split(",")):
            hop = _parse(entry)
            if hop is None:
                break  # what a listed proxy did not write cannot be trusted further left
            address = hop
            if not _listed(hop, networks):
                break
    return str(address) if address is not None else ""


def _subject(address: str) -> str:
    """What one client is: an IPv4 address, or an IPv6 /64 (one subscriber's network, which
    it could otherwise rotate through for fresh limits)."""
    parsed = _parse(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed) if parsed is not None else address


def client_key(request: HttpRequest) -> str:
    """The keyed hash (HMAC-SHA256 with SECRET_KEY) of the client: the key of every limit.

    Computed once per request (DRF's Request wraps the same HttpRequest)."""
    request = getattr(request, "_request", request)
    key = getattr(request, "_casetracker_client_key", None)
    if key is None:
        subject = _subject(client_address(request))
        key = salted_hmac("casetracker.client", subject, algorithm="sha256").hexdigest()
        request._casetracker_client_key = key
    return key


def axes_client_address(request: HttpRequest) -> str:
    """django-axes' client address (AXES_CLIENT_IP_CALLABLE): the client's keyed hash written
    as an IPv6 address of 2001:db8::/32, since axes stores it in an IP address column."""
    digest = bytes.fromhex(client_key(request))[:12]
    prefix = HASH_PREFIX.network_address.packed[:4]
    return str(ipaddress.IPv6Address(prefix + digest))
