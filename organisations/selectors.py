"""Who belongs where. Reads only; cases/permissions.py builds the admin's scoping on these."""

from django.db.models import QuerySet

from organisations.models import Membership, Organisation

CURATE_PERMISSION = "organisations.curate"


def user_is_curator(*, user) -> bool:
    """Superusers and site staff holding the `curate` permission (directly or by a group).

    Asked for every model and row an admin page shows (tens of thousands of times on some
    pages): the answer is kept on the user object, which lives for one request, as Django keeps
    the user's permissions there (ModelBackend's _perm_cache)."""
    if not user:
        return False
    state = user.__dict__
    if "_is_curator" not in state:
        state["_is_curator"] = bool(
            user.is_authenticated
            and user.is_active
            and (user.is_superuser or (user.is_staff and user.has_perm(CURATE_PERMISSION)))
        )
    return state["_is_curator"]


def user_organisation_ids(*, user, publisher: bool = False) -> frozenset[int]:
    """Organisations the user belongs to (as a publisher only, when `publisher`).

    Cached on the user object, which lives for one request.
    """
    if not (user and user.is_authenticated and user.is_active):
        return frozenset()
    cache = user.__dict__.setdefault("_organisation_ids", {})
    if publisher not in cache:
        memberships = Membership.objects.filter(user=user)
        if publisher:
            memberships = memberships.filter(role=Membership.Role.PUBLISHER)
        cache[publisher] = frozenset(memberships.values_list("organisation_id", flat=True))
    return cache[publisher]


def organisation_list_for(*, user) -> QuerySet[Organisation]:
    """The organisations a user may assign cases to: all for curators, else their own."""
    if user_is_curator(user=user):
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=user_organisation_ids(user=user))
