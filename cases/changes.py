"""Recording the changes that followers of a case are told about (cases.models.CaseChange).

`record_change` is called by the services in cases/services.py inside their transaction, once
the change is saved, so that the record commits or rolls back with the change itself.
"""

from django.db.models import Model

from cases import visibility
from cases.choices import HearingStatus
from cases.models import Case, CaseChange, Hearing, Ruling

Kind = CaseChange.Kind


def record_change(instance: Model, *, previous: Model | None = None) -> CaseChange | None:
    """Record what changed in `instance` (a case, hearing or ruling just saved) since
    `previous` (its stored state before the save, None for a new record); returns the record,
    or None when nothing worth telling changed."""
    if isinstance(instance, Hearing):
        return _hearing_change(instance, previous)
    if isinstance(instance, Ruling):
        return _ruling_added(instance, previous)
    if isinstance(instance, Case):
        return _status_change(instance, previous)
    raise TypeError(f"No change record for {type(instance).__name__}")


def hearing_change_kind(hearing: Hearing, previous: Hearing | None) -> str | None:
    """The kind of change between two states of a hearing, None when none that matters.

    A status change wins over a change of date: a hearing marked held or cancelled is news of
    its own; a new date is a move, a postponement without a new date is a postponement.
    """
    if previous is None:
        return {
            HearingStatus.HELD: Kind.HEARING_HELD,
            HearingStatus.CANCELLED: Kind.HEARING_CANCELLED,
        }.get(hearing.status, Kind.HEARING_SCHEDULED)
    moved = (previous.date, previous.start_time) != (hearing.date, hearing.start_time)
    if previous.status != hearing.status:
        if hearing.status == HearingStatus.HELD:
            return Kind.HEARING_HELD
        if hearing.status == HearingStatus.CANCELLED:
            return Kind.HEARING_CANCELLED
        if hearing.status == HearingStatus.POSTPONED and not moved:
            return Kind.HEARING_POSTPONED
        return Kind.HEARING_MOVED if moved else Kind.HEARING_SCHEDULED
    return Kind.HEARING_MOVED if moved else None


def _hearing_change(hearing: Hearing, previous: Hearing | None) -> CaseChange | None:
    kind = hearing_change_kind(hearing, previous)
    if kind is None:
        return None
    case = Case.objects.get(proceedings=hearing.proceeding_id)
    return CaseChange.objects.create(
        case=case,
        kind=kind,
        was_public=visibility.case_is_public(case),
        hearing=hearing,
        old_date=previous.date if previous else None,
        old_start_time=previous.start_time if previous else None,
        new_date=hearing.date,
        new_start_time=hearing.start_time,
        old_status=previous.status if previous else "",
        new_status=hearing.status,
    )


def _ruling_added(ruling: Ruling, previous: Ruling | None) -> CaseChange | None:
    """A ruling is news once, when it first sits in a case's proceeding (on creation, or when
    a ruling recorded outside any case is attached to one)."""
    if ruling.proceeding_id is None:
        return None
    if previous is not None and previous.proceeding_id == ruling.proceeding_id:
        return None  # already in this proceeding before the save: told then, if ever
    case = Case.objects.get(proceedings=ruling.proceeding_id)
    if CaseChange.objects.filter(case=case, kind=Kind.RULING_ADDED, ruling=ruling).exists():
        return None
    return CaseChange.objects.create(
        case=case,
        kind=Kind.RULING_ADDED,
        was_public=visibility.case_is_public(case),
        ruling=ruling,
        new_date=ruling.decided_on,
    )


def _status_change(case: Case, previous: Case | None) -> CaseChange | None:
    """A change of status of an existing case (a new case has no followers yet)."""
    if previous is None or previous.status == case.status:
        return None
    return CaseChange.objects.create(
        case=case,
        kind=Kind.STATUS_CHANGED,
        was_public=visibility.case_is_public(case),
        old_status=previous.status,
        new_status=case.status,
    )
