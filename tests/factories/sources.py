"""Factories of the sources app: checkpoints, sync runs and requests, saved queries, the
decisions cited but not in the database and the requests to fetch them."""

import datetime as dt

import factory

from sources.models import (
    FetchRequest,
    SavedQuery,
    SyncRequest,
    SyncRun,
    SyncState,
    UnresolvedCitation,
)
from tests.factories.cases import RulingFactory


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


class SavedQueryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedQuery

    query = factory.Sequence(lambda n: f"reconnaissance faciale {n}")


class SyncRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SyncRequest

    source = "dila-jade"
    run = factory.SubFactory(SyncRunFactory, dry_run=True)
    status = SyncRequest.Status.DONE


class UnresolvedCitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnresolvedCitation

    citing = factory.SubFactory(RulingFactory)
    key = "TC n° 4333"
    court = "TC"
    number = "4333"
    text = "Cf. TC, 10 février 2025, Ville de Paris c/ DRFIP d'Ile-de-France et de Paris, n° 4333"
    found_in = "dila-jade"


class FetchRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FetchRequest

    source = "cjeu-cellar"
    identifier = "62011FJ0050"
