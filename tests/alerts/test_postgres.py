"""Two send_alerts runs at once on PostgreSQL: row locks with SKIP LOCKED keep them from
sending the same change twice."""

import threading
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection

from alerts.models import Delivery
from cases import services
from tests import factories
from tests.alerts import backends
from tests.factories import SubscriptionFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_never_send_the_same_change_twice(settings):
    settings.EMAIL_BACKEND = "tests.alerts.backends.SlowRecordingBackend"
    settings.ALERTS_GROUP_SECONDS = 0
    backends.SENT.clear()
    hearing = factories.HearingFactory()
    subscriptions = [SubscriptionFactory(case=hearing.proceeding.case) for _ in range(12)]
    hearing.location = "moved"
    services.hearing_set_status(hearing=hearing, status="cancelled")

    start = threading.Barrier(2)
    errors = []

    def run():
        try:
            start.wait()
            call_command("send_alerts", verbosity=0)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    sent_to = Counter(message.to[0] for message in backends.SENT)
    assert sent_to == Counter(s.subscriber.email for s in subscriptions)
    assert Delivery.objects.filter(status=Delivery.Status.SENT, attempts=1).count() == 12
