"""Shared set-up of the alerts tests: a followed case with a hearing, and a way to run the
sender as cron would."""

import datetime as dt

import pytest
from django.core.management import call_command

from cases.models import Hearing
from tests import factories
from tests.factories import SubscriptionFactory


@pytest.fixture(autouse=True)
def no_grouping_delay(settings):
    """Mails go out at the next run unless a test sets a grouping window."""
    settings.ALERTS_GROUP_SECONDS = 0


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def send_alerts(**options) -> None:
    call_command("send_alerts", verbosity=0, **options)


@pytest.fixture
def hearing(db):
    """A scheduled hearing (8 March 2021, 10:30) of a published case, before any follower."""
    proceeding = factories.ProceedingFactory(
        case__title_fr="Doctolib / AWS",
        case__title_en="Doctolib / AWS (EN)",
        court=factories.CourtFactory(conseil_detat=True),
        number="450163",
    )
    return factories.HearingFactory(
        proceeding=proceeding,
        date=dt.date(2021, 3, 8),
        start_time=dt.time(10, 30),
        status=Hearing.Status.SCHEDULED,
    )


@pytest.fixture
def follower(hearing):
    """A confirmed French subscription to the hearing's case."""
    return SubscriptionFactory(
        case=hearing.proceeding.case, subscriber__email="avocate@example.org"
    )
