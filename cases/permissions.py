"""Who may see and change what in the admin: organisations, roles, curators.

- Superusers and curators (staff with the `organisations.curate` permission, directly or through
  a group) see and change everything, publish anything, and alone maintain shared reference data:
  courts, parties, counsel, topics, and reference rulings and events (case law); they alone see
  rulings and events a deletion left detached and unpublished (cases.visibility).
- A member of an organisation (staff, with a Membership) sees and changes only their
  organisation's cases and everything under them; an editor submits for review, a publisher also
  publishes, archives and unpublishes, and alone deletes a public case or its proceedings and
  rulings (`can_delete`). Reference data is readable by every member (it is public).
- Parties: every member may record one (an association adds itself and its co-applicants); it
  is recorded as entered by one of their organisations. A member may change or delete a party
  only while it is their organisation's own and no other organisation's case and no public case
  names it; every other party stays curator-only (`can_change_party`). Curators alone merge.
- A natural person's name (unless the court publishes it) is shown in the admin only to
  curators, to members of the organisation that recorded the person, and to members of an
  organisation whose case names the person; everyone else sees "Natural person #<pk>", cannot
  find the person by name and cannot pick them for a case (`party_name_visible_q`).
- Everyone else sees nothing in the admin.

Each scoped model reaches its case's organisation through a path (SCOPES). Object checks also
work on records rebuilt from history (deleted records), by following the path through the
history of deleted parents.
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import Q, QuerySet

from cases import visibility
from cases.models import (
    Case,
    CasePublicationChange,
    CaseSlugAlias,
    CaseStatusChange,
    Event,
    Filing,
    Hearing,
    HearingChange,
    Party,
    Proceeding,
    ProceedingParty,
    Ruling,
    RulingNumber,
    StatusUpdate,
)
from cases.visibility import case_is_public
from organisations.models import Organisation
from organisations.selectors import (
    organisation_list_for,
    user_is_curator,
    user_organisation_ids,
)

__all__ = [
    "SCOPES",
    "Scope",
    "UnknownRecord",
    "can_change_party",
    "can_delete",
    "can_edit",
    "can_publish",
    "can_see_party_name",
    "can_use_admin",
    "can_view",
    "draft_preview_q",
    "is_curator",
    "is_owner_relation",
    "is_publisher_anywhere",
    "live_or_historical",
    "may_delete_from_public",
    "member_q",
    "organisation_choices",
    "party_name_check",
    "party_name_visible_q",
    "relation_choices",
    "scope_queryset",
]


@dataclass(frozen=True)
class Scope:
    """How a model reaches its owning organisation.

    `path`: lookup from the model to the case's organisation field.
    `reference_when_null`: a nullable field whose emptiness makes the row shared reference data
    (a ruling attached to no proceeding is case law cited from elsewhere), provided the flag
    `reference_flag` is set: a row left without parent by a deletion, flag unset, is nobody's
    but the curators' (cases.visibility).
    """

    path: str
    reference_when_null: str | None = None
    reference_flag: str | None = None


SCOPES: dict[type[models.Model], Scope] = {
    Case: Scope("organisation"),
    CasePublicationChange: Scope("case__organisation"),
    CaseSlugAlias: Scope("case__organisation"),
    CaseStatusChange: Scope("case__organisation"),
    StatusUpdate: Scope("case__organisation"),
    Proceeding: Scope("case__organisation"),
    ProceedingParty: Scope("proceeding__case__organisation"),
    Filing: Scope("proceeding__case__organisation"),
    Hearing: Scope("proceeding__case__organisation"),
    HearingChange: Scope("hearing__proceeding__case__organisation"),
    Ruling: Scope(
        "proceeding__case__organisation",
        reference_when_null="proceeding",
        reference_flag="reference",
    ),
    RulingNumber: Scope(
        "ruling__proceeding__case__organisation",
        reference_when_null="ruling__proceeding",
        reference_flag="ruling__reference",
    ),
    Event: Scope("cases__organisation", reference_when_null="cases", reference_flag="reference"),
}


def is_curator(user) -> bool:
    return user_is_curator(user=user)


def can_use_admin(user) -> bool:
    """Curators and staff members of at least one organisation."""
    if is_curator(user):
        return True
    return bool(user and user.is_active and user.is_staff and user_organisation_ids(user=user))


def member_q(user, path: str, *, publisher: bool = False) -> Q:
    """Rows whose organisation (reached by `path`) is one of the user's."""
    return Q(**{f"{path}__in": user_organisation_ids(user=user, publisher=publisher)})


def scope_queryset(qs: QuerySet, user, *, with_reference: bool = True) -> QuerySet:
    """`qs` cut down to what `user` may see: everything for curators, else their
    organisations' rows (plus shared reference rows of the model, when `with_reference`)."""
    if is_curator(user):
        return qs
    if not can_use_admin(user):
        return qs.none()
    scope = SCOPES[qs.model]
    if qs.model is Event:
        # An event is an organisation's when all its cases are: one tied to another
        # organisation's case too would show that case.
        links = Event.cases.through.objects
        mine = Case.objects.filter(member_q(user, "organisation"))
        visible = Q(pk__in=links.filter(case__in=mine).values("event")) & ~Q(
            pk__in=links.exclude(case__in=mine).values("event")
        )
        if with_reference:
            visible |= Q(reference=True)
        return qs.filter(visible)
    visible = member_q(user, scope.path)
    if with_reference and scope.reference_when_null:
        visible |= Q(**{f"{scope.reference_when_null}__isnull": True, scope.reference_flag: True})
    return qs.filter(visible)


def organisation_choices(user) -> QuerySet[Organisation]:
    return organisation_list_for(user=user)


# Relations through which a row belongs to what they point to, beyond each scope's first step:
# a citation is its citing ruling's or filing's (by model label: citations imports cases).
EXTRA_OWNER_RELATIONS: dict[str, set[str]] = {
    "citations.citation": {"citing_ruling", "citing_filing"},
}


def is_owner_relation(model, field_name: str) -> bool:
    """Does `model.field_name` make the row part of the record it points to (a ruling number
    is its ruling's)? Choosing shared reference data there would change that data."""
    scope = SCOPES.get(model)
    if scope is not None and scope.path.split("__")[0] == field_name:
        return True
    return field_name in EXTRA_OWNER_RELATIONS.get(model._meta.label_lower, set())


# Relations that may point to any public row too, whoever keeps it: a citation cites any
# public ruling.
PUBLIC_TARGETS: dict[str, set[str]] = {"citations.citation": {"cited"}}


def relation_choices(user, model, field_name: str, queryset: QuerySet) -> QuerySet:
    """What `user` may choose for the relation `model.field_name` among `queryset` (of a
    scoped model): their organisations' rows, plus shared reference rows unless the relation
    would attach the new row to them (is_owner_relation: reference data is curators'), plus
    public rows where the relation is a PUBLIC_TARGETS one. Never another's draft."""
    owning = is_owner_relation(model, field_name)
    scoped = scope_queryset(queryset, user, with_reference=not owning)
    if is_curator(user) or field_name not in PUBLIC_TARGETS.get(model._meta.label_lower, ()):
        return scoped
    if not can_use_admin(user):
        return scoped  # none
    public = queryset.model._default_manager.public()
    return queryset.filter(Q(pk__in=scoped.values("pk")) | Q(pk__in=public.values("pk")))


class UnknownRecord(Exception):
    """A record on the path to the organisation can be found neither live nor in history."""


REFERENCE = object()


def owner_of(obj) -> object:
    """The organisation id owning `obj`, None for a case without one, or REFERENCE for shared
    reference data. Follows deleted parents through their history."""
    model = type(obj)
    scope = SCOPES[model]
    if model is Event:
        if obj.pk is None or not Event.objects.filter(pk=obj.pk).exists():
            return None  # a deleted event's cases are not kept: curators only
        if obj.reference:
            # Public on its own whatever its cases: an editor changing it would publish.
            return REFERENCE
        owners = set(obj.cases.values_list("organisation_id", flat=True))
        if not owners:
            return None  # left without case by a deletion: curators decide
        return owners.pop() if len(owners) == 1 else None
    current = obj
    steps = scope.path.split("__")
    walked: list[str] = []
    for step in steps[:-1]:
        field = current._meta.get_field(step)
        related_pk = getattr(current, field.attname)
        walked.append(step)
        if related_pk is None:
            if scope.reference_when_null == "__".join(walked) and _flag(obj, scope):
                return REFERENCE
            return None
        try:
            current = live_or_historical(field.related_model, related_pk)
        except UnknownRecord:
            return None
    return getattr(current, current._meta.get_field(steps[-1]).attname)


def _flag(obj, scope: Scope) -> bool:
    """The reference flag of `obj` (reached through its parents, live or deleted)."""
    current = obj
    *steps, name = scope.reference_flag.split("__")
    for step in steps:
        field = current._meta.get_field(step)
        try:
            current = live_or_historical(field.related_model, getattr(current, field.attname))
        except UnknownRecord:
            return False
    return bool(getattr(current, name))


def live_or_historical(model, pk):
    """The row `pk` of `model`, or its last historical version when it was deleted."""
    live = model._default_manager.filter(pk=pk).first()
    if live is not None:
        return live
    history = getattr(model, "history", None)
    if history is not None:
        record = history.filter(**{model._meta.pk.attname: pk}).order_by("-history_date").first()
        if record is not None:
            return record.instance
    raise UnknownRecord(pk)


def can_view(user, obj) -> bool:
    if is_curator(user):
        return True
    if not can_use_admin(user):
        return False
    owner = owner_of(obj)
    return owner is REFERENCE or owner in user_organisation_ids(user=user)


def can_edit(user, obj) -> bool:
    """Change, delete, restore: the owning organisation's members; reference data: curators."""
    if is_curator(user):
        return True
    if not can_use_admin(user):
        return False
    owner = owner_of(obj)
    return owner is not REFERENCE and owner in user_organisation_ids(user=user)


def public_case_of(obj) -> Case | None:
    """The public case whose pages deleting `obj` would unpublish: the case itself, a
    proceeding's (its rulings would leave the public), a ruling's. None otherwise."""
    case = None
    if isinstance(obj, Case):
        case = obj
    elif isinstance(obj, Proceeding):
        case = obj.case
    elif isinstance(obj, Ruling) and obj.proceeding_id is not None:
        case = obj.proceeding.case
    stored = None
    if case is not None and case.pk is not None:
        stored = Case.objects.filter(pk=case.pk).only("publication", "organisation").first()
    if stored is not None and case_is_public(stored):
        return stored
    if isinstance(obj, Ruling) and obj.pk is not None:
        # A judgment on joined cases is on the pages of each published one (cases.visibility).
        joined = Case.objects.public().filter(proceedings__joined_rulings=obj.pk)
        return joined.only("publication", "organisation").order_by("pk").first()
    return None


def can_delete(user, obj) -> bool:
    """Who may change a record may delete it, except that deleting a public case, or a
    proceeding or ruling of one, unpublishes pages: that takes a publisher, as unpublishing
    does. Other rows of a public case (filings, hearings, status updates, events) are
    corrections, which editors make."""
    return can_edit(user, obj) and may_delete_from_public(user, obj)


def may_delete_from_public(user, obj) -> bool:
    """The publication half of `can_delete`, for any model (the services check it)."""
    case = public_case_of(obj)
    return case is None or can_publish(user, case)


def can_publish(user, case: Case) -> bool:
    """Publish, archive, unpublish: publishers of the case's organisation, and curators."""
    if is_curator(user):
        return True
    if not can_use_admin(user):
        return False
    return case.organisation_id in user_organisation_ids(user=user, publisher=True)


def is_publisher_anywhere(user) -> bool:
    return is_curator(user) or bool(user_organisation_ids(user=user, publisher=True))


def draft_preview_q(user, prefix: str = "") -> Q:
    """Unpublished cases `user` may preview on public pages (rows reached through `prefix`,
    e.g. "proceeding__case__"): all for curators, their organisations' for members, none
    otherwise. Public pages add this to the public rule instead of trusting `is_staff`."""
    if is_curator(user):
        return Q(**{f"{prefix}pk__isnull": False})  # every row (an empty Q would vanish in |)
    if not can_use_admin(user):
        return Q(pk__in=[])
    return member_q(user, f"{prefix}organisation")


# Parties -----------------------------------------------------------------------------------


def _parties_named_by(cases: QuerySet[Case]) -> Q:
    participants = ProceedingParty.objects.filter(proceeding__case__in=cases)
    filers = Filing.filed_by.through.objects.filter(filing__proceeding__case__in=cases)
    return Q(pk__in=participants.values("party_id")) | Q(pk__in=filers.values("party_id"))


def party_name_visible_q(user) -> Q:
    """Parties whose name `user` may see in the admin (and so find by name and pick for a
    case): all for curators; for members, every party but natural persons whose name the
    court does not publish, unless their organisation recorded the person or one of its cases
    names the person."""
    if is_curator(user):
        return Q(pk__isnull=False)
    not_secret = ~Q(kind=Party.Kind.NATURAL_PERSON) | Q(name_published_by_court=True)
    if not can_use_admin(user):
        return not_secret
    organisations = user_organisation_ids(user=user)
    own_cases = Case.objects.filter(organisation__in=organisations)
    return not_secret | Q(entered_by__in=organisations) | _parties_named_by(own_cases)


def can_see_party_name(user, party) -> bool:
    if party.pk is None or not visibility.is_pseudonymised(party) or is_curator(user):
        return True
    return Party.objects.filter(party_name_visible_q(user), pk=party.pk).exists()


def party_name_check(user):
    """`can_see_party_name` for many parties in one request: the persons whose name the user
    may see are read once, on the first natural person named."""
    if is_curator(user):
        return lambda party: True
    known: dict[str, frozenset[int]] = {}

    def check(party) -> bool:
        if party.pk is None or not visibility.is_pseudonymised(party):
            return True
        if "visible" not in known:
            persons = Party.objects.filter(kind=Party.Kind.NATURAL_PERSON)
            visible = persons.filter(party_name_visible_q(user)).values_list("pk", flat=True)
            known["visible"] = frozenset(visible)
        if party.pk in known["visible"]:
            return True
        # Recorded in this very request (the "added" message names it).
        organisations = user_organisation_ids(user=user)
        return party.entered_by_id is not None and party.entered_by_id in organisations

    return check


def can_change_party(user, party) -> bool:
    """Change or delete a party: curators always; a member only while the party is their
    organisation's own (`entered_by`) and neither another organisation's case nor a public
    case names it, since a change would then alter what others or the public see."""
    if is_curator(user):
        return True
    if not can_use_admin(user) or party.pk is None:
        return False
    organisations = user_organisation_ids(user=user)
    if party.entered_by_id is None or party.entered_by_id not in organisations:
        return False
    others = Case.objects.exclude(organisation__in=organisations)
    public = Case.objects.filter(visibility.case_public_q())
    named = Party.objects.filter(pk=party.pk)
    return not named.filter(_parties_named_by(others) | _parties_named_by(public)).exists()
