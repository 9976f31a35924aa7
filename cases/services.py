"""Writes to cases and their parts. The admin, the importer, the demo loader and the API call
these, so the business rules (status log, hearing history, slugs, identifier normalisation)
hold whatever the entry path.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from cases.changes import record_change
from cases.identifiers import case_number_slug
from cases.models import (
    Case,
    CaseSlugAlias,
    CaseStatusChange,
    Court,
    Hearing,
    HearingChange,
    Party,
    Ruling,
    RulingNumber,
)


def unique_slug(model, base: str, *, max_length: int = 100, exclude_pk=None) -> str:
    """`base` slugified, with -2, -3… appended while another row of `model` holds it."""
    root = slugify(base)[:max_length].strip("-") or "item"
    candidate, n = root, 1
    taken = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    while taken.filter(slug=candidate).exists() or (
        model is Case and CaseSlugAlias.objects.filter(slug=candidate).exists()
    ):
        n += 1
        candidate = f"{root[: max_length - len(str(n)) - 1]}-{n}"
    return candidate


@transaction.atomic
def case_save(
    *,
    case: Case,
    by=None,
    status_on: dt.date | None = None,
    status_note: str = "",
) -> Case:
    """Validate and save a case; log a status change and keep a changed slug as an alias."""
    previous = Case.objects.filter(pk=case.pk).first() if case.pk else None
    if not case.slug:
        case.slug = unique_slug(Case, case.title_fr or case.title_en)
    case.full_clean()
    case.save()
    if previous is None or previous.status != case.status:
        CaseStatusChange.objects.create(
            case=case,
            from_status=previous.status if previous else "",
            to_status=case.status,
            changed_on=status_on or timezone.localdate(),
            note=status_note,
            changed_by=by,
        )
    if previous is not None and previous.slug != case.slug:
        CaseSlugAlias.objects.filter(slug=case.slug, case=case).delete()
        CaseSlugAlias.objects.get_or_create(slug=previous.slug, defaults={"case": case})
    record_change(case, previous=previous)
    return case


@transaction.atomic
def case_set_publication(*, cases, publication: str, by=None) -> int:
    """Move cases to a publication state; returns how many changed."""
    changed = 0
    for case in cases:
        if case.publication != publication:
            case.publication = publication
            case_save(case=case, by=by)
            changed += 1
    return changed


HEARING_TRACKED_FIELDS = ("date", "start_time", "status")


@transaction.atomic
def hearing_save(
    *, hearing: Hearing, reason: str = "", by=None, at: dt.datetime | None = None
) -> Hearing:
    """Validate and save a hearing, keeping a dated record of every change of date, time or
    status and bumping its revision (the iCalendar SEQUENCE)."""
    previous = Hearing.objects.filter(pk=hearing.pk).first() if hearing.pk else None
    changed = previous is None or any(
        getattr(previous, f) != getattr(hearing, f) for f in HEARING_TRACKED_FIELDS
    )
    if previous is not None and changed:
        hearing.sequence = previous.sequence + 1
    hearing.full_clean()
    hearing.save()
    if changed:
        HearingChange.objects.create(
            hearing=hearing,
            changed_at=at or timezone.now(),
            old_date=previous.date if previous else None,
            old_start_time=previous.start_time if previous else None,
            old_status=previous.status if previous else "",
            new_date=hearing.date,
            new_start_time=hearing.start_time,
            new_status=hearing.status,
            reason=reason,
            changed_by=by,
        )
    record_change(hearing, previous=previous)
    return hearing


def hearing_reschedule(
    *,
    hearing: Hearing,
    date: dt.date,
    start_time: dt.time | None,
    reason: str,
    by=None,
    end_time: dt.time | None = None,
) -> Hearing:
    hearing.date, hearing.start_time, hearing.end_time = date, start_time, end_time
    hearing.status = Hearing.Status.SCHEDULED
    return hearing_save(hearing=hearing, reason=reason, by=by)


def hearing_set_status(*, hearing: Hearing, status: str, reason: str = "", by=None) -> Hearing:
    hearing.status = status
    return hearing_save(hearing=hearing, reason=reason, by=by)


def ruling_slug(*, court: Court, decided_on: dt.date, number: str = "", exclude_pk=None) -> str:
    """cjue-2020-07-16-c-311-18: court, date and first case number."""
    base = f"{court.slug}-{decided_on:%Y-%m-%d}"
    if number:
        base = f"{base}-{case_number_slug(number)}"
    return unique_slug(Ruling, base, max_length=110, exclude_pk=exclude_pk)


@transaction.atomic
def ruling_save(*, ruling: Ruling, numbers: list[str] | None = None) -> Ruling:
    """Validate and save a ruling and, when given, replace its case numbers."""
    if not ruling.slug:
        first = (numbers or [""])[0] or (ruling.proceeding.number if ruling.proceeding else "")
        ruling.slug = ruling_slug(court=ruling.court, decided_on=ruling.decided_on, number=first)
    ruling.full_clean()
    ruling.save()
    if numbers is not None:
        wanted = []
        for raw in numbers:
            item = RulingNumber(ruling=ruling, number=raw)
            item.clean()
            if item.number not in wanted:
                wanted.append(item.number)
        ruling.numbers.exclude(number__in=wanted).delete()
        have = set(ruling.numbers.values_list("number", flat=True))
        for number in wanted:
            if number not in have:
                RulingNumber(ruling=ruling, number=number).save()
    record_change(ruling)
    return ruling


def ruling_rebuild_slug(*, ruling: Ruling) -> Ruling:
    """Rebuild a new ruling's slug from its court, date and first case number."""
    first = ruling.numbers.order_by("pk").first()
    ruling.slug = ruling_slug(
        court=ruling.court,
        decided_on=ruling.decided_on,
        number=first.number if first else "",
        exclude_pk=ruling.pk,
    )
    ruling.save(update_fields=["slug", "updated_at"])
    return ruling


def party_save(*, party: Party) -> Party:
    """Validate and save a party. A natural person's slug never carries the name, which is
    never public."""
    base = f"person-{party.uid.hex[:8]}" if party.is_natural_person else party.name
    # A slug typed by hand, or built from the name before the party was recorded as a natural
    # person, would carry the name: a natural person's slug is always rebuilt from the uid.
    if not party.slug or (party.is_natural_person and not party.slug.startswith(base)):
        party.slug = unique_slug(Party, base, exclude_pk=party.pk)
    party.full_clean()
    party.save()
    return party
