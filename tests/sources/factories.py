import datetime as dt

import factory

from sources.models import SavedQuery, SyncRequest, SyncRun, SyncState


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
