"""Writes of the alerts app: following, confirming, ending subscriptions, purging.

The follow form answers the same whatever happens here (new address, known address, rate limit
reached), so that it never reveals whether an address is subscribed.
"""

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from alerts import conf, emails, ratelimit
from alerts.models import Subscriber, Subscription
from cases.models import Case

logger = logging.getLogger(__name__)


def normalise_email(address: str) -> str:
    """The address without surrounding spaces, its domain in lower case."""
    local, _at, domain = address.strip().rpartition("@")
    return f"{local}@{domain.lower()}" if local else address.strip()


@transaction.atomic
def subscription_request(
    *, email: str, case: Case, language: str, digest: bool = False
) -> Subscription | None:
    """Record a request to follow `case` and send the confirmation mail once committed.

    Returns None, silently, when the address has asked too often. The choices (language,
    digest) of an already confirmed subscription change only when the new link is followed.
    """
    email = normalise_email(email)
    if not ratelimit.allow_address(email):
        return None
    subscriber = Subscriber.objects.filter(email__iexact=email).first()
    if subscriber is None:
        subscriber = Subscriber(email=email)
        subscriber.full_clean()
        subscriber.save()
    subscription = Subscription.objects.filter(subscriber=subscriber, case=case).first()
    if subscription is None:
        subscription = Subscription(subscriber=subscriber, case=case)
    if subscription.confirmed_at is None:
        subscription.language, subscription.digest = language, digest
        subscription.full_clean()
        subscription.save()
    message = emails.confirmation(subscription, language=language, digest=digest)
    transaction.on_commit(lambda: _send_quietly(message))
    return subscription


def _send_quietly(message) -> None:
    # The page answers the same whether or not the mail went out; the log says why not.
    try:
        message.send()
    except Exception as error:
        # The type only: SMTP errors may quote the recipient's address.
        logger.warning("alerts: confirmation mail not sent (%s)", type(error).__name__)


@transaction.atomic
def subscription_confirm(
    *, subscription: Subscription, language: str, digest: bool, now: dt.datetime | None = None
) -> Subscription:
    """Confirm a subscription (idempotent), applying the choices carried by the link. Only
    changes made after the first confirmation are sent."""
    subscription.language, subscription.digest = language, digest
    if subscription.confirmed_at is None:
        subscription.confirmed_at = now or timezone.now()
    subscription.full_clean()
    subscription.save()
    return subscription


@transaction.atomic
def subscription_end(*, subscription: Subscription) -> None:
    """End one subscription; an address left with none is erased."""
    subscriber = subscription.subscriber
    subscription.delete()
    if not subscriber.subscriptions.exists():
        subscriber.delete()


@transaction.atomic
def subscriber_end(*, subscriber: Subscriber) -> None:
    """Erase an address and all its subscriptions."""
    subscriber.delete()


@transaction.atomic
def purge_unconfirmed(*, now: dt.datetime | None = None) -> int:
    """Delete subscriptions left unconfirmed for ALERTS_UNCONFIRMED_DAYS, then the addresses
    left with no subscription; returns how many addresses were erased."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=conf.get("ALERTS_UNCONFIRMED_DAYS"))
    Subscription.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()
    erased, _by_model = Subscriber.objects.filter(
        subscriptions__isnull=True, created_at__lt=cutoff
    ).delete()
    return erased
