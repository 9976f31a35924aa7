"""Factories of the sources app: a source's checkpoint and its sync runs."""

import datetime as dt

import factory

from sources.models import SyncRun, SyncState


class SyncStateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SyncState
        django_get_or_create = ("source",)

    source = "dila-jade"
    checkpoint = factory.LazyFunction(lambda: {"key": "k", "done": 2})


class SyncRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SyncRun

    source = "dila-jade"
    started = factory.LazyFunction(lambda: dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC))
    ended = factory.LazyFunction(lambda: dt.datetime(2026, 12, 7, 2, 5, tzinfo=dt.UTC))
    fetched = 3
    created = 2
    errors = 1
    skipped = factory.LazyFunction(
        lambda: [{"source_id": "CETATEXT000000000001", "reason": "not well-formed XML"}]
    )
