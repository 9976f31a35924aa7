"""Writes to cases and their parts. The admin, the importer, the demo loader and the API call
these, so the business rules (status log, hearing history, slugs, identifier normalisation,
publication workflow, optimistic locking) hold whatever the entry path.

`by` is the user acting, or None for a command (import, demo data): commands are trusted, users
are checked against cases.permissions.
"""

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import permissions
from cases.changes import record_change
from cases.choices import Publication
from cases.identifiers import case_number_slug
from cases.models import (
    Case,
    CasePublicationChange,
    CaseSlugAlias,
    CaseStatusChange,
    Court,
    Hearing,
    HearingChange,
    Party,
    Ruling,
    RulingNumber,
)
from cases.signals import case_publication_changed, record_saved, ruling_withdrawn
from common.text import strip_forbidden_chars

# Optimistic locking ------------------------------------------------------------------------


class ConcurrentEdit(ValidationError):
    """A save based on an older version of a record: someone else saved it meanwhile.

    `changes` lists what changed since the version the editor started from ("field: old →
    new"); the message says who saved it and when.
    """

    def __init__(self, instance, *, current_version: int):
        self.instance = instance
        self.based_on = instance.version
        self.current_version = current_version
        self.changes, latest = changes_since(instance, version=instance.version)
        opts = type(instance)._meta
        if latest is not None:
            who = latest.history_user or _("a command")
            head = _(
                "This %(model)s was changed by %(who)s at %(when)s while you were editing it "
                "(version %(current)d; you started from version %(base)d)."
            ) % {
                "model": opts.verbose_name,
                "who": who,
                "when": timezone.localtime(latest.history_date).strftime("%Y-%m-%d %H:%M"),
                "current": current_version,
                "base": instance.version,
            }
        else:
            head = _(
                "This %(model)s was changed by someone else while you were editing it "
                "(version %(current)d; you started from version %(base)d)."
            ) % {"model": opts.verbose_name, "current": current_version, "base": instance.version}
        changed = (
            " " + _("Changed meanwhile: %(changes)s.") % {"changes": "; ".join(self.changes)}
            if self.changes
            else ""
        )
        tail = " " + _("Your changes were not saved: reload the page and apply them again.")
        super().__init__(head + changed + tail, code="concurrent_edit")


def _display(field: models.Field, value) -> str:
    if value in (None, ""):
        return "—"
    if field.choices:
        value = dict(field.flatchoices).get(value, value)
    text = str(value)
    return f"“{text[:80]}…”" if len(text) > 80 else f"“{text}”"


def changes_since(instance, *, version: int) -> tuple[list[str], object]:
    """What changed in `instance`'s record since `version`, from its history, and the latest
    historical record (None when the record has no history)."""
    model = type(instance)
    history = model.history.filter(**{model._meta.pk.attname: instance.pk}).order_by(
        "-history_date", "-history_id"
    )
    latest = history.select_related("history_user").first()
    base = history.filter(version=version).first()
    if latest is None or base is None:
        return [], latest
    delta = latest.diff_against(base, excluded_fields=["version"], foreign_keys_are_objs=True)
    lines = []
    for change in delta.changes:
        field = model._meta.get_field(change.field)
        lines.append(
            f"{field.verbose_name}: {_display(field, change.old)} → {_display(field, change.new)}"
        )
    return lines, latest


def _lock_previous(instance):
    """The stored row of `instance`, locked until the end of the transaction; refuses the save
    when it holds a newer version than the one `instance` was edited from."""
    if instance.pk is None:
        return None
    previous = type(instance)._default_manager.select_for_update().filter(pk=instance.pk).first()
    if previous is not None and previous.version != instance.version:
        raise ConcurrentEdit(instance, current_version=previous.version)
    return previous


@contextmanager
def _next_version(instance, previous, by):
    """Bump the version for the save inside the block; put it back if the save fails."""
    before = instance.version
    instance.version = previous.version + 1 if previous is not None else max(before, 1)
    if by is not None:
        instance._history_user = by
    try:
        yield
    except BaseException:
        instance.version = before
        raise


@transaction.atomic
def record_save(*, instance, by=None):
    """Validate and save a versioned record (proceeding, filing, status update, event,
    citation) that has no business rule of its own beyond optimistic locking."""
    previous = _lock_previous(instance)
    instance.full_clean()
    with _next_version(instance, previous, by):
        instance.save()
    record_saved.send(sender=type(instance), instance=instance, previous=previous)
    return instance


NOT_A_PUBLISHER_DELETE = gettext_lazy(
    "Only a publisher of the case's organisation may delete a published case, or its "
    "proceedings and rulings."
)


@transaction.atomic
def record_delete(*, instance, by=None) -> None:
    """Delete a record, its history keeping who deleted it (restorable from the admin).
    An editor cannot unpublish by deleting (permissions.can_delete; callers check the rest)."""
    if by is not None:
        if not permissions.may_delete_from_public(by, instance):
            raise PermissionDenied(NOT_A_PUBLISHER_DELETE)
        instance._history_user = by
    instance.delete()


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
    """Validate and save a case; log a status change and keep a changed slug as an alias.

    Refused (ConcurrentEdit) when the case was saved by someone else since `case` was read. A
    change of publication goes through the workflow rules when `by` is a user.
    """
    previous = _lock_previous(case)
    from_publication = previous.publication if previous else ""
    if case.publication != (from_publication or Publication.DRAFT):
        _check_transition(case, from_publication or Publication.DRAFT, case.publication, by)
    if not case.slug:
        case.slug = unique_slug(Case, case.title_fr or case.title_en)
    case.full_clean()
    with _next_version(case, previous, by):
        case.save()
    if previous is None or previous.status != case.status:
        CaseStatusChange.objects.create(
            case=case,
            from_status=previous.status if previous else "",
            to_status=case.status,
            changed_on=status_on or timezone.localdate(),
            note=strip_forbidden_chars(status_note),
            changed_by=by,
        )
    if previous is None or previous.publication != case.publication:
        _log_publication(case, from_publication, by)
    if previous is not None and previous.slug != case.slug:
        CaseSlugAlias.objects.filter(slug=case.slug, case=case).delete()
        CaseSlugAlias.objects.get_or_create(slug=previous.slug, defaults={"case": case})
    record_change(case, previous=previous)
    record_saved.send(sender=Case, instance=case, previous=previous)
    return case


# Publication workflow ----------------------------------------------------------------------

EDIT, PUBLISH = "edit", "publish"
# (from, to) → the right it needs: editors submit and withdraw; publishers do the rest.
TRANSITIONS = {
    (Publication.DRAFT, Publication.REVIEW): EDIT,
    (Publication.REVIEW, Publication.DRAFT): EDIT,
    (Publication.DRAFT, Publication.PUBLISHED): PUBLISH,
    (Publication.REVIEW, Publication.PUBLISHED): PUBLISH,
    (Publication.PUBLISHED, Publication.ARCHIVED): PUBLISH,
    (Publication.PUBLISHED, Publication.DRAFT): PUBLISH,
    (Publication.ARCHIVED, Publication.PUBLISHED): PUBLISH,
    (Publication.ARCHIVED, Publication.DRAFT): PUBLISH,
}


class TransitionNotAllowed(ValidationError):
    """The workflow has no such move (e.g. archiving a draft)."""


def _check_transition(case: Case, from_state: str, to_state: str, by) -> None:
    """Commands (`by` None) may move a case anywhere; a user needs the workflow's move and
    the right for it."""
    if by is None:
        return
    needed = TRANSITIONS.get((from_state, to_state))
    if needed is None:
        raise TransitionNotAllowed(
            _("A case cannot go from %(from)s to %(to)s.")
            % {"from": Publication(from_state).label, "to": Publication(to_state).label},
            code="transition_not_allowed",
        )
    allowed = (
        permissions.can_publish(by, case) if needed == PUBLISH else (permissions.can_edit(by, case))
    )
    if not allowed:
        raise PermissionDenied(
            _("Only a publisher of the case's organisation may move it to %(to)s.")
            % {"to": Publication(to_state).label}
            if needed == PUBLISH
            else _("Only members of the case's organisation may change it.")
        )


def case_publication_moves(*, case: Case, by) -> list[str]:
    """The publication states `by` may move `case` to from its current state, in the
    workflow's order (what the admin offers as buttons)."""
    moves = []
    for (from_state, to_state), needed in TRANSITIONS.items():
        if from_state != case.publication or to_state in moves:
            continue
        may = permissions.can_publish if needed == PUBLISH else permissions.can_edit
        if may(by, case):
            moves.append(to_state)
    return moves


def _log_publication(case: Case, from_state: str, by, note: str = "") -> None:
    CasePublicationChange.objects.create(
        case=case,
        from_publication=from_state,
        to_publication=case.publication,
        changed_at=timezone.now(),
        changed_by=by,
        note=strip_forbidden_chars(note),
    )
    case_publication_changed.send(sender=Case, case=case)


@transaction.atomic
def _case_move(*, case: Case, to_state: str, by, note: str = "", strict: bool = True) -> Case:
    """Move `case` to `to_state` on its current stored row (other fields untouched), logging
    who and when. `strict`: refuse moves the workflow lacks even for commands."""
    current = Case.objects.select_for_update().get(pk=case.pk)
    from_state = current.publication
    if from_state == to_state:
        raise TransitionNotAllowed(
            _("The case is already %(state)s.") % {"state": Publication(to_state).label},
            code="transition_not_allowed",
        )
    if strict and (from_state, to_state) not in TRANSITIONS:
        raise TransitionNotAllowed(
            _("A case cannot go from %(from)s to %(to)s.")
            % {"from": Publication(from_state).label, "to": Publication(to_state).label},
            code="transition_not_allowed",
        )
    _check_transition(current, from_state, to_state, by)
    current.publication = to_state
    current.full_clean()
    with _next_version(current, current, by):
        current.save(update_fields=["publication", "version", "updated_at"])
    _log_publication(current, from_state, by, note)
    case.publication, case.version, case.updated_at = (
        current.publication,
        current.version,
        current.updated_at,
    )
    return case


def case_submit_for_review(*, case: Case, by, note: str = "") -> Case:
    """Draft → in review: any member of the case's organisation."""
    return _case_move(case=case, to_state=Publication.REVIEW, by=by, note=note)


def case_publish(*, case: Case, by, note: str = "") -> Case:
    """Draft, in review or archived → published: publishers only."""
    return _case_move(case=case, to_state=Publication.PUBLISHED, by=by, note=note)


def case_archive(*, case: Case, by, note: str = "") -> Case:
    """Published → archived (still public, shown as archived): publishers only."""
    return _case_move(case=case, to_state=Publication.ARCHIVED, by=by, note=note)


def case_return_to_draft(*, case: Case, by, note: str = "") -> Case:
    """Back to draft. From review: any member (withdraw or send back). From published or
    archived: publishers only, and the case leaves every public output at once."""
    return _case_move(case=case, to_state=Publication.DRAFT, by=by, note=note)


@transaction.atomic
def case_set_publication(*, cases, publication: str, by=None) -> int:
    """Move cases to a publication state; returns how many changed.

    With a user as `by`, the workflow's rules apply (TransitionNotAllowed, PermissionDenied);
    commands may move a case to any state.
    """
    changed = 0
    for case in cases:
        if case.publication != publication:
            _case_move(case=case, to_state=publication, by=by, strict=by is not None)
            changed += 1
    return changed


HEARING_TRACKED_FIELDS = ("date", "start_time", "status")


@transaction.atomic
def hearing_save(
    *, hearing: Hearing, reason: str = "", by=None, at: dt.datetime | None = None
) -> Hearing:
    """Validate and save a hearing, keeping a dated record of every change of date, time or
    status and bumping its revision (the iCalendar SEQUENCE)."""
    previous = _lock_previous(hearing)
    changed = previous is None or any(
        getattr(previous, f) != getattr(hearing, f) for f in HEARING_TRACKED_FIELDS
    )
    if previous is not None and changed:
        hearing.sequence = previous.sequence + 1
    hearing.full_clean()
    with _next_version(hearing, previous, by):
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
            reason=strip_forbidden_chars(reason),
            changed_by=by,
        )
    record_change(hearing, previous=previous)
    record_saved.send(sender=Hearing, instance=hearing, previous=previous)
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
def ruling_save(*, ruling: Ruling, numbers: list[str] | None = None, by=None) -> Ruling:
    """Validate and save a ruling and, when given, replace its case numbers."""
    previous = _lock_previous(ruling)
    if not ruling.slug:
        first = (numbers or [""])[0] or (ruling.proceeding.number if ruling.proceeding else "")
        ruling.slug = ruling_slug(court=ruling.court, decided_on=ruling.decided_on, number=first)
    ruling.full_clean()
    with _next_version(ruling, previous, by):
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
    record_change(ruling, previous=previous)
    record_saved.send(sender=Ruling, instance=ruling, previous=previous)
    return ruling


def ruling_withdraw(*, ruling: Ruling, reason: str, when=None, by=None) -> bool:
    """Unpublish a ruling its source withdrew (Judilibre's deleted decisions, `to_be_deleted`):
    the one rule of cases.visibility then keeps it out of every public output, whatever its
    case; the row stays for curators with `reason`. Sends `ruling_withdrawn` so that the page
    cache and the published data file drop their copies once this commits. False when it was
    already withdrawn (nothing changes)."""
    with transaction.atomic():
        current = Ruling.objects.select_for_update().get(pk=ruling.pk)
        if current.withdrawn_at is not None:
            return False
        current.withdrawn_at = when or timezone.now()
        current.withdrawn_reason = reason[:300]
        ruling_save(ruling=current, by=by)
        ruling_withdrawn.send(sender=Ruling, ruling=current)
    ruling.withdrawn_at, ruling.withdrawn_reason = current.withdrawn_at, current.withdrawn_reason
    ruling.version = current.version
    return True


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


# Parties: merging duplicates ---------------------------------------------------------------


@dataclass
class PartyMerge:
    """What a merge did: the kept party, the labels of the parties merged into it, the
    references moved to it and the duplicate references dropped (a row that would have named
    the kept party twice)."""

    keep: Party
    merged: list[str]
    moved: int = 0
    dropped: int = 0


def _unique_sets(model, field_name: str) -> list[tuple[str, ...]]:
    """The unconditional unique field sets of `model` that contain `field_name`."""
    sets = [tuple(names) for names in model._meta.unique_together]
    sets += [
        tuple(constraint.fields)
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint)
        and constraint.fields
        and constraint.condition is None
    ]
    field = model._meta.get_field(field_name)
    if field.unique:
        sets.append((field_name,))
    return [names for names in sets if field_name in names]


def _history_owner(model) -> str | None:
    """The field naming the record whose history records a change to a row of `model`: the
    row itself when it has a history, else its first parent that has one."""
    if hasattr(model, "history"):
        return "pk"
    for field in model._meta.concrete_fields:
        related = field.related_model
        if field.many_to_one and related is not Party and hasattr(related, "history"):
            return field.attname
    return None


def _move_foreign_keys(rel, keep: Party, duplicate_pks: list[int], report, touched) -> None:
    model, name = rel.related_model, rel.field.name
    owner = _history_owner(model)
    unique_sets = _unique_sets(model, name)
    m2m_fields = list(model._meta.many_to_many)
    rows = model._base_manager.select_for_update().filter(**{f"{name}__in": duplicate_pks})
    for row in rows.order_by("pk"):
        if owner is not None:
            target = model if owner == "pk" else model._meta.get_field(owner).related_model
            touched.setdefault(target, set()).add(getattr(row, owner))
        survivor = None
        for names in unique_sets:
            values = {n: getattr(row, model._meta.get_field(n).attname) for n in names if n != name}
            survivor = model._base_manager.filter(**values, **{name: keep}).first()
            if survivor is not None:
                break
        if survivor is None:
            setattr(row, name, keep)
            has_timestamp = any(f.name == "updated_at" for f in model._meta.concrete_fields)
            row.save(update_fields=[name, "updated_at"] if has_timestamp else [name])
            report.moved += 1
            continue
        # The kept party already holds this place (the same party twice in one proceeding):
        # keep one row, with what the dropped one linked to (its counsel).
        for field in m2m_fields:
            getattr(survivor, field.name).add(*getattr(row, field.name).all())
        row.delete()
        report.dropped += 1


def _move_many_to_many(rel, keep: Party, duplicate_pks: list[int], report, touched) -> None:
    through = rel.through
    source, target = rel.field.m2m_field_name(), rel.field.m2m_reverse_field_name()
    links = through.objects.select_for_update().filter(**{f"{target}_id__in": duplicate_pks})
    for link in links.order_by("pk"):
        owner_pk = getattr(link, f"{source}_id")
        if hasattr(rel.related_model, "history"):
            touched.setdefault(rel.related_model, set()).add(owner_pk)
        if through.objects.filter(**{f"{source}_id": owner_pk, f"{target}_id": keep.pk}).exists():
            link.delete()
            report.dropped += 1
        else:
            setattr(link, f"{target}_id", keep.pk)
            link.save()
            report.moved += 1


@transaction.atomic
def party_merge(*, keep: Party, duplicates, by=None) -> PartyMerge:
    """Merge `duplicates` into `keep` (curators only): every reference to a duplicate, found
    through the model's relations so that a new one is never forgotten, moves to `keep`; a
    reference that would name `keep` twice where a unique constraint forbids it is dropped,
    keeping one row. Each record whose references changed gets a new version in its history,
    by `by`. The duplicates are then deleted. All or nothing."""
    if by is not None and not permissions.is_curator(by):
        raise PermissionDenied(_("Only curators merge parties."))
    duplicate_pks = sorted({d.pk for d in duplicates} - {keep.pk})
    if not duplicate_pks:
        raise ValidationError(
            _("Choose at least one party to merge into the one kept."), code="nothing_to_merge"
        )
    locked = list(Party.objects.select_for_update().filter(pk__in=[keep.pk, *duplicate_pks]))
    if len(locked) != len(duplicate_pks) + 1:
        raise ValidationError(
            _("A party to merge was deleted meanwhile: start again."), code="party_gone"
        )
    by_pk = {party.pk: party for party in locked}
    keep = by_pk[keep.pk]
    report = PartyMerge(keep=keep, merged=[str(by_pk[pk]) for pk in duplicate_pks])
    touched: dict[type[models.Model], set[int]] = {}
    for rel in Party._meta.related_objects:
        if rel.many_to_many:
            _move_many_to_many(rel, keep, duplicate_pks, report, touched)
        else:
            _move_foreign_keys(rel, keep, duplicate_pks, report, touched)
    reason = _("Parties merged into #%(pk)s: %(merged)s") % {
        "pk": keep.pk,
        "merged": ", ".join(f"#{pk}" for pk in duplicate_pks),
    }
    for model, pks in touched.items():
        versioned = any(f.name == "version" for f in model._meta.concrete_fields)
        for record in model._base_manager.select_for_update().filter(pk__in=pks):
            record._history_user = by
            record._change_reason = reason
            fields = ["updated_at"]
            if versioned:
                record.version += 1
                fields.append("version")
            record.save(update_fields=fields)
    Party.objects.filter(pk__in=duplicate_pks).delete()
    return report
