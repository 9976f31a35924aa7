"""The record of changes (cases.models.CaseChange), written by the case services in their own
transaction."""

import datetime as dt

import pytest
from django.db import transaction

from cases import services
from cases.models import Case, CaseChange, Hearing
from tests import factories

Kind = CaseChange.Kind
pytestmark = pytest.mark.django_db


@pytest.fixture
def hearing():
    """A scheduled hearing of a published case, recorded through the service."""
    proceeding = factories.ProceedingFactory()
    hearing = Hearing(proceeding=proceeding, date=dt.date(2021, 3, 8), start_time=dt.time(10, 30))
    return services.hearing_save(hearing=hearing)


def kinds(case) -> list[str]:
    return list(CaseChange.objects.filter(case=case).values_list("kind", flat=True))


def test_a_new_hearing_is_recorded_as_scheduled(hearing):
    change = CaseChange.objects.get()
    assert change.kind == Kind.HEARING_SCHEDULED
    assert change.hearing == hearing
    assert (change.new_date, change.new_start_time) == (dt.date(2021, 3, 8), dt.time(10, 30))
    assert change.old_date is None
    assert change.was_public


def test_a_moved_hearing_keeps_the_old_and_new_date_and_time(hearing):
    services.hearing_reschedule(
        hearing=hearing, date=dt.date(2021, 3, 10), start_time=dt.time(14, 0), reason="Renvoi"
    )

    change = CaseChange.objects.latest("pk")
    assert change.kind == Kind.HEARING_MOVED
    assert (change.old_date, change.old_start_time) == (dt.date(2021, 3, 8), dt.time(10, 30))
    assert (change.new_date, change.new_start_time) == (dt.date(2021, 3, 10), dt.time(14, 0))


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (Hearing.Status.CANCELLED, Kind.HEARING_CANCELLED),
        (Hearing.Status.HELD, Kind.HEARING_HELD),
        (Hearing.Status.POSTPONED, Kind.HEARING_POSTPONED),
    ],
)
def test_a_change_of_hearing_status_is_recorded_with_its_kind(hearing, status, kind):
    services.hearing_set_status(hearing=hearing, status=status)

    change = CaseChange.objects.latest("pk")
    assert change.kind == kind
    assert (change.old_status, change.new_status) == (Hearing.Status.SCHEDULED, status)


def test_saving_a_hearing_without_a_change_of_date_or_status_records_nothing(hearing):
    hearing.location = "Salle du contentieux"
    services.hearing_save(hearing=hearing)

    assert kinds(hearing.proceeding.case) == [Kind.HEARING_SCHEDULED]


def test_a_ruling_added_to_a_proceeding_is_recorded_once():
    proceeding = factories.ProceedingFactory()
    ruling = factories.RulingFactory.build(proceeding=proceeding, court=proceeding.court)
    services.ruling_save(ruling=ruling)
    ruling.title_en = "Order of 12 March 2021"
    services.ruling_save(ruling=ruling)

    change = CaseChange.objects.get()
    assert (change.kind, change.ruling, change.case) == (Kind.RULING_ADDED, ruling, proceeding.case)


def test_a_ruling_outside_any_case_records_nothing():
    services.ruling_save(ruling=factories.RulingFactory.build(court=factories.CourtFactory()))

    assert not CaseChange.objects.exists()


def test_a_change_of_case_status_is_recorded_but_not_the_creation_of_a_case():
    case = services.case_save(case=Case(title_fr="Affaire", publication="published"))
    assert not CaseChange.objects.exists()

    case.status = Case.Status.DECIDED
    services.case_save(case=case)

    change = CaseChange.objects.get()
    assert (change.kind, change.old_status, change.new_status) == (
        Kind.STATUS_CHANGED,
        Case.Status.FILED,
        Case.Status.DECIDED,
    )


def test_a_change_to_a_draft_case_is_recorded_as_not_public():
    case = factories.CaseFactory(draft=True)
    case.status = Case.Status.DECIDED
    services.case_save(case=case)

    assert CaseChange.objects.get().was_public is False
    assert not CaseChange.objects.public().exists()


def test_a_rolled_back_change_leaves_no_record(hearing):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.hearing_reschedule(
            hearing=hearing, date=dt.date(2021, 3, 10), start_time=None, reason=""
        )
        raise RuntimeError("the editor's request failed after the save")

    assert kinds(hearing.proceeding.case) == [Kind.HEARING_SCHEDULED]


def test_unpublishing_a_case_hides_its_changes():
    case = factories.CaseFactory()
    case.status = Case.Status.DECIDED
    services.case_save(case=case)
    assert CaseChange.objects.public().count() == 1

    services.case_set_publication(cases=[case], publication=Case.Publication.DRAFT)

    assert not CaseChange.objects.public().exists()
