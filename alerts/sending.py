"""Delivering the record of changes (cases.models.CaseChange) to the followers of each case.

One run of `send_alerts`:

1. enqueue: one Delivery row per (confirmed subscription, public change made after the
   confirmation), inserted with ON CONFLICT DO NOTHING against the unique constraint, so that
   concurrent runs agree;
2. skip what can no longer be told: pending deliveries whose case is not public any more;
3. send the due mails, each inside its own transaction holding row locks on the deliveries it
   carries (SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL: a concurrent run skips them; on
   SQLite every write transaction is exclusive), and marks them sent before committing. A
   failure leaves them pending with an exponential back-off.

A run never outlasts the cron minute: the SMTP connection times out after
EMAIL_TIMEOUT, a mail server that cannot be reached ends the run (the failed mail keeps its
attempt and back-off, the rest was not attempted and waits for the next run), and no new mail
is started after ALERTS_RUN_SECONDS.

Immediate subscriptions get one mail per case once the oldest pending change is
ALERTS_GROUP_SECONDS old, carrying every change pending by then. Digest subscriptions get one
mail per address and language once a day, after ALERTS_DIGEST_HOUR, with the changes made
before that hour.
"""

import datetime as dt
import logging
import smtplib
import socket
import time
from collections import defaultdict
from dataclasses import dataclass

from django.core import mail
from django.db import OperationalError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from alerts import citator, conf, emails
from alerts.models import Delivery, Subscription
from cases import visibility
from cases.models import CaseChange

logger = logging.getLogger(__name__)

Status = Delivery.Status


@dataclass
class Report:
    enqueued: int = 0
    skipped: int = 0
    mails_sent: int = 0
    mails_failed: int = 0
    changes_sent: int = 0
    # Why the run ended before sending everything due ("" when it did not).
    stopped: str = ""


# The mail server cannot be reached (refused, silent, hung up): the next mail would fail too.
SERVER_DOWN = (
    socket.gaierror,
    TimeoutError,
    ConnectionError,
    smtplib.SMTPConnectError,
    smtplib.SMTPServerDisconnected,
)


def enqueue(*, now: dt.datetime) -> int:
    """Create the missing Delivery rows; returns how many were created."""
    since = now - dt.timedelta(days=conf.get("ALERTS_WINDOW_DAYS"))
    pending_pairs = (
        CaseChange.objects.public()
        .filter(
            created_at__gte=since,
            case__alert_subscriptions__confirmed_at__lte=F("created_at"),
        )
        .annotate(subscription_id=F("case__alert_subscriptions__pk"))
        .annotate(
            delivered=Exists(
                Delivery.objects.filter(
                    change=OuterRef("pk"), subscription=OuterRef("subscription_id")
                )
            )
        )
        .filter(delivered=False)
        .values_list("pk", "subscription_id")
    )
    rows = [
        Delivery(change_id=change_id, subscription_id=subscription_id, next_attempt_at=now)
        for change_id, subscription_id in pending_pairs
    ]
    Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return len(rows)


def skip_unpublished() -> int:
    """Pending deliveries of cases that are no longer public are never sent, nor those of
    citations or rulings no longer visible (alerts.citator)."""
    skipped = (
        Delivery.objects.filter(status=Status.PENDING, change__isnull=False)
        .exclude(visibility.case_public_q("change__case__"))
        .update(status=Status.SKIPPED)
    )
    return skipped + citator.skip_invisible()


def deliverable_q() -> Q:
    """Deliveries whose item may still be told: the case public, the citation or ruling
    still visible."""
    return (
        Q(change__isnull=False) & visibility.case_public_q("change__case__")
    ) | citator.deliverable_q()


def digest_cutoff(now: dt.datetime) -> dt.datetime:
    """The latest digest time at or before `now` (today's or yesterday's ALERTS_DIGEST_HOUR)."""
    local = timezone.localtime(now)
    cutoff = local.replace(hour=conf.get("ALERTS_DIGEST_HOUR"), minute=0, second=0, microsecond=0)
    if cutoff > local:
        cutoff -= dt.timedelta(days=1)
    return cutoff


def run(*, now: dt.datetime | None = None, connection=None) -> Report:
    """One complete run: enqueue, skip, send what is due."""
    now = now or timezone.now()
    deadline = time.monotonic() + conf.get("ALERTS_RUN_SECONDS")
    report = Report()
    with transaction.atomic():
        report.enqueued = enqueue(now=now)
        report.enqueued += citator.enqueue_citations(now=now)
        report.enqueued += citator.enqueue_searches(now=now)
        report.skipped = skip_unpublished()
    connection = connection or mail.get_connection()
    due = Delivery.objects.filter(status=Status.PENDING, next_attempt_at__lte=now)
    immediate = (
        due.filter(subscription__digest=False)
        .values_list("subscription_id", flat=True)
        .distinct()
        .order_by("subscription_id")
    )
    for subscription_id in list(immediate):
        if _must_stop(report, deadline):
            return report
        _send_group(
            {"subscription_id": subscription_id, "subscription__digest": False},
            now=now,
            connection=connection,
            report=report,
        )
    cutoff = digest_cutoff(now)
    # Two digests per address and language: the cases' changes, and the new decisions of the
    # rulings and searches it follows (alerts.citator), each with what came before the cutoff.
    for family in (
        {"change__created_at__lt": cutoff},
        {"change__isnull": True, "created_at__lt": cutoff},
    ):
        digests = (
            due.filter(subscription__digest=True, **family)
            .values_list("subscription__subscriber_id", "subscription__language")
            .distinct()
            .order_by("subscription__subscriber_id", "subscription__language")
        )
        for subscriber_id, language in list(digests):
            if _must_stop(report, deadline):
                return report
            _send_group(
                {
                    "subscription__subscriber_id": subscriber_id,
                    "subscription__language": language,
                    "subscription__digest": True,
                    **family,
                },
                now=now,
                connection=connection,
                report=report,
            )
    return report


def _must_stop(report: Report, deadline: float) -> bool:
    if not report.stopped and time.monotonic() >= deadline:
        report.stopped = "time budget (ALERTS_RUN_SECONDS) spent"
    return bool(report.stopped)


def _send_group(group: dict, *, now: dt.datetime, connection, report: Report) -> None:
    """Lock, build, send and mark one mail's deliveries, in one transaction."""
    try:
        with transaction.atomic():
            _send_locked(group, now=now, connection=connection, report=report)
    except OperationalError:
        # SQLite: another run holds the database for longer than the busy timeout. Its
        # deliveries are its own; ours stay pending for the next run.
        logger.warning("alerts: database busy, group left for the next run", exc_info=True)


def _send_locked(group: dict, *, now: dt.datetime, connection, report: Report) -> None:
    locked_ids = list(
        Delivery.objects.select_for_update(skip_locked=True)
        .filter(status=Status.PENDING, **group)
        .values_list("pk", flat=True)
    )
    if not locked_ids:
        return
    deliveries = list(
        Delivery.objects.filter(pk__in=locked_ids, status=Status.PENDING)
        .filter(deliverable_q())
        .select_related(
            "subscription__subscriber",
            "subscription__case",
            "subscription__ruling__court",
            "change__hearing__proceeding__court",
            "change__ruling__court",
            "change__ruling__proceeding__court",
            "citation__citing_ruling__court",
            "citation__citing_filing__proceeding__case",
            "ruling__court",
        )
        .order_by("change__created_at", "created_at", "change_id", "pk")
    )
    if not deliveries or any(d.next_attempt_at > now for d in deliveries):
        return  # a failed mail backs off as a whole, with the changes that joined it since
    if not group["subscription__digest"]:
        # A citation or ruling is pending from its enqueueing (at most `now`, this run's).
        oldest = min(
            d.change.created_at if d.change_id else min(d.created_at, now) for d in deliveries
        )
        if oldest > now - dt.timedelta(seconds=conf.get("ALERTS_GROUP_SECONDS")):
            return  # still gathering the changes made in the same few minutes
    message = _build(deliveries, digest=group["subscription__digest"])
    ids = [d.pk for d in deliveries]
    try:
        connection.send_messages([message])
    except Exception as error:  # SMTP and network errors of any kind: retry later
        _back_off(deliveries, now=now, error=error)
        report.mails_failed += 1
        # The type only: SMTP errors may quote the recipient's address.
        logger.warning("alerts: mail not sent, will retry (%s)", type(error).__name__)
        if isinstance(error, SERVER_DOWN):
            report.stopped = f"mail server unreachable ({type(error).__name__})"
        return
    Delivery.objects.filter(pk__in=ids).update(
        status=Status.SENT, sent_at=now, attempts=F("attempts") + 1, last_error=""
    )
    report.mails_sent += 1
    report.changes_sent += len(ids)


def _build(deliveries: list[Delivery], *, digest: bool):
    if deliveries[0].change_id is None:
        return _build_citator(deliveries, digest=digest)
    by_subscription: dict[int, list] = defaultdict(list)
    subscriptions: dict[int, Subscription] = {}
    for delivery in deliveries:
        subscriptions[delivery.subscription_id] = delivery.subscription
        by_subscription[delivery.subscription_id].append(delivery.change)
    if not digest:
        (subscription_id,) = by_subscription
        return emails.alert(subscriptions[subscription_id], by_subscription[subscription_id])
    first = deliveries[0].subscription
    groups = [(subscriptions[pk], changes) for pk, changes in by_subscription.items()]
    return emails.digest(first.subscriber, first.language, groups)


def _build_citator(deliveries: list[Delivery], *, digest: bool):
    by_subscription: dict[int, list[Delivery]] = defaultdict(list)
    subscriptions: dict[int, Subscription] = {}
    for delivery in deliveries:
        subscriptions[delivery.subscription_id] = delivery.subscription
        by_subscription[delivery.subscription_id].append(delivery)
    if not digest:
        (subscription_id,) = by_subscription
        return emails.citator_alert(
            subscriptions[subscription_id], by_subscription[subscription_id]
        )
    first = deliveries[0].subscription
    groups = [(subscriptions[pk], items) for pk, items in by_subscription.items()]
    return emails.citator_digest(first.subscriber, first.language, groups)


def _back_off(deliveries: list[Delivery], *, now: dt.datetime, error: Exception) -> None:
    base = conf.get("ALERTS_RETRY_SECONDS")
    limit = conf.get("ALERTS_MAX_ATTEMPTS")
    for delivery in deliveries:
        delivery.attempts += 1
        delivery.last_error = f"{type(error).__name__}: {error}"[:300]
        delay = min(base * 2 ** (delivery.attempts - 1), 24 * 3600)
        delivery.next_attempt_at = now + dt.timedelta(seconds=delay)
        if delivery.attempts >= limit:
            delivery.status = Status.FAILED
    Delivery.objects.bulk_update(
        deliveries, ["attempts", "last_error", "next_attempt_at", "status"]
    )
