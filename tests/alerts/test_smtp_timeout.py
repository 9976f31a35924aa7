"""send_alerts against a mail server that accepts the connection and never answers, or answers
slowly: the run ends within the cron minute with exit 0, what failed stays pending
with its attempt recorded, and the next run sends it exactly once."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from alerts.models import Delivery
from cases import services
from tests.alerts import backends
from tests.alerts.conftest import send_alerts
from tests.factories import SubscriptionFactory
from tests.servers import SilentServer

# Each test waits for a mail server's timeout: docs/testing.md, "slow".
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
CRON_MINUTE = 60


class Held(BaseException):
    """The run was still going when the test gave up on it (not an Exception: nothing in the
    sender may catch it)."""


def run_within(seconds: int, **options) -> float:
    """send_alerts as cron runs it; fails the test if it is still running after `seconds`."""

    def give_up(signum, frame):
        raise Held(f"send_alerts still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(seconds)
    started = time.monotonic()
    try:
        call_command("send_alerts", verbosity=0, **options)  # exit 0: no CommandError
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return time.monotonic() - started


def move(hearing):
    import datetime as dt

    services.hearing_reschedule(
        hearing=hearing, date=dt.date(2021, 3, 10), start_time=dt.time(14, 0), reason=""
    )


@pytest.fixture
def silent_smtp(settings):
    with SilentServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        yield server


def test_with_the_default_timeout_a_silent_mail_server_holds_a_run_less_than_a_minute(
    follower, hearing, silent_smtp
):
    move(hearing)
    elapsed = run_within(CRON_MINUTE)

    assert elapsed < CRON_MINUTE
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.attempts == 1


def test_a_silent_mail_server_ends_the_run_and_the_next_run_sends_once(
    follower, hearing, silent_smtp, settings
):
    settings.EMAIL_TIMEOUT = 1
    for _ in range(3):  # three more followers: four mails due
        SubscriptionFactory(case=hearing.proceeding.case)
    move(hearing)

    elapsed = run_within(10)

    # One mail waited for the server; the others were not tried against a server that is down
    # (before, each waited in turn: four connections, four timeouts).
    assert len(silent_smtp.accepted) == 1
    assert elapsed < 3.5
    deliveries = Delivery.objects.order_by("pk")
    assert {d.status for d in deliveries} == {Delivery.Status.PENDING}
    assert sorted(d.attempts for d in deliveries) == [0, 0, 0, 1]
    (tried,) = [d for d in deliveries if d.attempts]
    assert "timed out" in tried.last_error or "Timeout" in tried.last_error
    assert tried.next_attempt_at > timezone.now()

    # The server answers again; the next runs send each mail exactly once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Delivery.objects.update(next_attempt_at=timezone.now())
    send_alerts()
    send_alerts()
    assert len(mail.outbox) == 4
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        d.subscription.subscriber.email for d in Delivery.objects.all()
    )
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}


def test_a_slow_mail_server_cannot_make_runs_pile_up(follower, hearing, settings):
    settings.EMAIL_BACKEND = "tests.alerts.backends.SlowRecordingBackend"
    settings.ALERTS_RUN_SECONDS = 1
    backends.SENT.clear()
    for _ in range(5):
        SubscriptionFactory(case=hearing.proceeding.case)
    move(hearing)
    slow = backends.SlowRecordingBackend.delay
    backends.SlowRecordingBackend.delay = 0.4
    try:
        elapsed = run_within(10)
        first_run = len(backends.SENT)
        # No new mail after the budget: the run ends about one mail past it, with mails left.
        assert 1 <= first_run < 6
        assert elapsed < 1 + 0.4 + 1
        untried = Delivery.objects.filter(status=Delivery.Status.PENDING)
        assert untried.count() == 6 - first_run
        assert set(untried.values_list("attempts", flat=True)) == {0}

        for _ in range(5):
            run_within(10)
    finally:
        backends.SlowRecordingBackend.delay = slow
    assert len(backends.SENT) == 6
    assert len({m.to[0] for m in backends.SENT}) == 6


def test_the_mail_timeout_and_the_run_budget_fit_the_cron_minute():
    assert django_settings.EMAIL_TIMEOUT + django_settings.ALERTS_RUN_SECONDS < CRON_MINUTE


def test_the_mail_timeout_comes_from_the_environment():
    code = "import casetracker.settings as s; print(s.EMAIL_TIMEOUT, s.ALERTS_RUN_SECONDS)"
    env = {**os.environ, "SECRET_KEY": "x" * 50, "EMAIL_TIMEOUT": "7", "ALERTS_RUN_SECONDS": "30"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["7.0", "30.0"]
