"""Factories of the alerts app: subscribers, subscriptions, the changes they hear of, deliveries."""

import factory
from django.utils import timezone

from alerts.models import Delivery, Subscriber, Subscription
from cases.models import CaseChange
from tests.factories.base import Factory
from tests.factories.cases import CaseFactory


class SubscriberFactory(Factory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.org")


class SubscriptionFactory(Factory):
    """A confirmed subscription in French; `unconfirmed=True`, `digest=True`, `language="en"`."""

    class Meta:
        model = Subscription

    subscriber = factory.SubFactory(SubscriberFactory)
    case = factory.SubFactory(CaseFactory)
    language = "fr"
    digest = False
    confirmed_at = factory.LazyFunction(timezone.now)

    class Params:
        unconfirmed = factory.Trait(confirmed_at=None)


class CaseChangeFactory(Factory):
    """A change of status of a published case, recorded now."""

    class Meta:
        model = CaseChange

    case = factory.SubFactory(CaseFactory)
    kind = CaseChange.Kind.STATUS_CHANGED
    was_public = True
    old_status = "filed"
    new_status = "hearing_scheduled"


class DeliveryFactory(Factory):
    class Meta:
        model = Delivery

    subscription = factory.SubFactory(SubscriptionFactory)
    change = factory.SubFactory(
        CaseChangeFactory, case=factory.SelfAttribute("..subscription.case")
    )
    next_attempt_at = factory.LazyFunction(timezone.now)
