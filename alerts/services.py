"""Writes of the alerts app: following, confirming, ending subscriptions, purging.

The follow form answers the same whatever happens here (new address, known address, rate limit
reached), so that it never reveals whether an address is subscribed.
"""

import datetime as dt
import logging
import re
import unicodedata

from django.db import transaction
from django.utils import timezone

from alerts import citator, conf, emails, ratelimit, selectors
from alerts.models import Subscriber, Subscription
from cases.models import Case, Ruling

logger = logging.getLogger(__name__)


# An unquoted local part (RFC 5322 dot-atom; RFC 6531 allows UTF-8 letters in it too).
ATEXT = r"[-!#$%&'*+/=?^_`{}|~0-9A-Za-z\u0080-\U0010ffff]+"
DOT_ATOM = re.compile(rf"{ATEXT}(?:\.{ATEXT})*\Z")


def _visible(text: str) -> str:
    """`text` without white space, control or format characters (tab, zero-width space…)."""
    return "".join(
        char for char in text if not (char.isspace() or unicodedata.category(char) in {"Cc", "Cf"})
    )


def _local_part(local: str) -> str:
    if len(local) >= 2 and local[0] == local[-1] == '"':
        chars, escaped = [], False
        for char in local[1:-1]:
            if escaped or char != "\\":
                chars.append(char)
                escaped = False
            else:
                escaped = True  # a quoted pair: the next character stands for itself
        local = "".join(chars)
    local = unicodedata.normalize("NFC", _visible(local))
    if DOT_ATOM.match(local):
        return local
    # Quotes needed to keep it one mailbox ("a@b", "a..b"): quote it again, minimally.
    return '"' + local.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _domain(domain: str) -> str:
    domain = _visible(domain).rstrip(".")
    try:
        return domain.encode("idna").decode("ascii").lower()
    except UnicodeError:  # e.g. a domain literal; the form's validator has accepted it
        return domain.lower()


def normalise_email(address: str) -> str:
    """The address in one deliverable form: quotes, white space and control characters gone
    from the local part where the quotes were not needed, the domain in lower-case punycode.

    '"vic\\tim"@Bücher.example' and 'victim@xn--bcher-kva.example' are both
    'victim@xn--bcher-kva.example'. The local part keeps its case (a mail server may heed it);
    email_key() is the form limits and duplicates are counted on."""
    local, _at, domain = address.strip().rpartition("@")
    if not local:
        return _visible(address)
    return f"{_local_part(local)}@{_domain(domain)}"


def email_key(address: str) -> str:
    """The canonical form of an address for counting: its normal form, case-folded."""
    return normalise_email(address).casefold()


@transaction.atomic
def subscription_request(
    *, email: str, case: Case, language: str, digest: bool = False
) -> Subscription | None:
    """Record a request to follow `case` and send the confirmation mail once committed.

    Returns None, silently, when the address has asked too often. The choices (language,
    digest) of an already confirmed subscription change only when the new link is followed.
    """
    return _request(
        email=email,
        lookup={"kind": Subscription.Kind.CASE, "case": case},
        language=language,
        digest=digest,
    )


@transaction.atomic
def ruling_follow_request(
    *,
    email: str,
    ruling: Ruling,
    language: str,
    digest: bool = True,
    include_unverified: bool = False,
) -> Subscription | None:
    """Record a request to follow the new citations of `ruling` (the citator); the same
    double opt-in, limits and silence as following a case. Daily digest by default."""
    return _request(
        email=email,
        lookup={"kind": Subscription.Kind.RULING, "ruling": ruling},
        language=language,
        digest=digest,
        unverified=include_unverified,
    )


@transaction.atomic
def search_follow_request(
    *, email: str, query: str, filters: dict, language: str, digest: bool = True
) -> Subscription | None:
    """Record a request to follow a search (query and the rulings list's filters, validated
    by alerts.selectors.clean_search beforehand): the new public rulings it matches."""
    query, filters = selectors.clean_search(query, filters)
    return _request(
        email=email,
        lookup={
            "kind": Subscription.Kind.SEARCH,
            "search_key": selectors.search_key(query, filters),
        },
        defaults={"search_query": query, "search_filters": filters},
        language=language,
        digest=digest,
    )


def _request(
    *,
    email: str,
    lookup: dict,
    language: str,
    digest: bool,
    unverified: bool = False,
    defaults: dict | None = None,
) -> Subscription | None:
    email = normalise_email(email)
    if not ratelimit.allow_address(email_key(email)):
        return None
    subscriber = Subscriber.objects.filter(email__iexact=email).first()
    if subscriber is None:
        subscriber = Subscriber(email=email)
        subscriber.full_clean()
        subscriber.save()
    subscription = Subscription.objects.filter(subscriber=subscriber, **lookup).first()
    if subscription is None:
        subscription = Subscription(subscriber=subscriber, **lookup, **(defaults or {}))
    if subscription.confirmed_at is None:
        subscription.language, subscription.digest = language, digest
        subscription.include_unverified = unverified
        subscription.full_clean()
        subscription.save()
    message = emails.confirmation(
        subscription, language=language, digest=digest, unverified=unverified
    )
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
    *,
    subscription: Subscription,
    language: str,
    digest: bool,
    unverified: bool = False,
    now: dt.datetime | None = None,
) -> Subscription:
    """Confirm a subscription (idempotent), applying the choices carried by the link. Only
    changes made after the first confirmation are sent; for a followed ruling, the citations
    its follower can already see are noted as known and never sent (citator.note_known)."""
    subscription.language, subscription.digest = language, digest
    if subscription.kind == Subscription.Kind.RULING:
        subscription.include_unverified = unverified
    if subscription.confirmed_at is None:
        subscription.confirmed_at = now or timezone.now()
    subscription.full_clean()
    subscription.save()
    if subscription.kind == Subscription.Kind.RULING:
        citator.note_known(subscription, now=subscription.confirmed_at)
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
