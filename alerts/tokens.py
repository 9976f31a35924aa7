"""Signed links in alert e-mails (django.core.signing: tamper-proof, no table of tokens).

Each kind of link has its own salt, so a link of one kind is useless as another. Confirmation
and management links expire; unsubscribe links do not (an old alert must still let its reader
leave), and point at a record that is gone once used.
"""

from django.core import signing

from alerts import conf
from alerts.models import Subscriber, Subscription

CONFIRM_SALT = "alerts.confirm"
UNSUBSCRIBE_SALT = "alerts.unsubscribe"
MANAGE_SALT = "alerts.manage"


class BadLink(Exception):
    """A link that was tampered with, has expired or names nothing we know."""


def confirm_token(
    subscription: Subscription, *, language: str, digest: bool, unverified: bool = False
) -> str:
    """The confirmation link's token. It carries the choices made on the form, applied only
    when the address owner confirms (for a ruling: whether unverified citations are wanted)."""
    payload = {"s": subscription.uid.hex, "l": language, "d": int(digest)}
    if unverified:
        payload["u"] = 1
    return signing.dumps(payload, salt=CONFIRM_SALT, compress=True)


def read_confirm_unverified(token: str) -> bool:
    """Whether the confirmation link asks for unverified citations too (token already read
    by read_confirm_token)."""
    return bool(_load(token, CONFIRM_SALT, conf.get("ALERTS_CONFIRM_MAX_AGE")).get("u"))


def read_confirm_token(token: str) -> tuple[Subscription, str, bool]:
    payload = _load(token, CONFIRM_SALT, conf.get("ALERTS_CONFIRM_MAX_AGE"))
    language = payload.get("l") if payload.get("l") in ("fr", "en") else "fr"
    subscription = (
        Subscription.objects.select_related("case", "ruling__court", "subscriber")
        .filter(uid=_uid(payload, "s"))
        .first()
    )
    if subscription is None:
        raise BadLink("no such subscription")
    return subscription, language, bool(payload.get("d"))


def unsubscribe_token(target: Subscription | Subscriber) -> str:
    """One subscription's unsubscribe token, or, for a digest, every subscription of an
    address."""
    key = "s" if isinstance(target, Subscription) else "r"
    return signing.dumps({key: target.uid.hex}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> dict:
    """{"s": uid} or {"r": uid}; the records may be gone already (unsubscribing twice)."""
    payload = _load(token, UNSUBSCRIBE_SALT, None)
    key = "s" if "s" in payload else "r"
    return {key: _uid(payload, key)}


def manage_token(subscriber: Subscriber) -> str:
    return signing.dumps({"r": subscriber.uid.hex}, salt=MANAGE_SALT)


def read_manage_token(token: str) -> Subscriber:
    payload = _load(token, MANAGE_SALT, conf.get("ALERTS_MANAGE_MAX_AGE"))
    subscriber = Subscriber.objects.filter(uid=_uid(payload, "r")).first()
    if subscriber is None:
        raise BadLink("no such subscriber")
    return subscriber


def _load(token: str, salt: str, max_age: int | None) -> dict:
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature as error:  # SignatureExpired is a BadSignature
        raise BadLink(str(error)) from error
    if not isinstance(payload, dict):
        raise BadLink("malformed")
    return payload


def _uid(payload: dict, key: str) -> str:
    value = payload.get(key)
    if not isinstance(value, str) or len(value) != 32:
        raise BadLink("malformed")
    try:
        int(value, 16)
    except ValueError as error:
        raise BadLink("malformed") from error
    return value
