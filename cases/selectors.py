"""Reads for the public pages. Each returns what the page shows, already joined and prefetched,
and applies the visibility rules (cases.visibility) so a view cannot forget them."""

import datetime as dt

from django.db.models import F, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from cases import visibility
from cases.models import (
    Case,
    CaseSlugAlias,
    Court,
    Hearing,
    Party,
    Proceeding,
    ProceedingParty,
    Ruling,
)


def viewer_sees_drafts(viewer) -> bool:
    """Staff may preview unpublished cases (with a banner); nobody else may."""
    return bool(viewer and viewer.is_authenticated and viewer.is_staff)


def case_list(*, viewer=None) -> QuerySet[Case]:
    qs = Case.objects.all() if viewer_sees_drafts(viewer) else Case.objects.public()
    return qs.prefetch_related("topics").order_by("-updated_at", "-pk")


def case_get(*, slug: str, viewer=None) -> Case:
    """The case at `slug`; raises CaseMoved for a former slug and Http404 when not visible."""
    qs = Case.objects.all() if viewer_sees_drafts(viewer) else Case.objects.public()
    case = qs.filter(slug=slug).first()
    if case is None:
        alias = CaseSlugAlias.objects.filter(slug=slug, case__in=qs).select_related("case").first()
        if alias is not None:
            raise CaseMoved(alias.case)
        raise Http404("No such case")
    return case


class CaseMoved(Exception):
    """A case was reached by a former slug: redirect to its current URL."""

    def __init__(self, case: Case):
        super().__init__(case.slug)
        self.case = case


def case_participants(*, case: Case) -> list[ProceedingParty]:
    """The case's parties in order of appearance (proceeding order, then entry order).

    Undated proceedings (a national proceeding a reference comes from) come first, on every
    database, so that pseudonym letters are the same on SQLite and PostgreSQL."""
    return list(
        ProceedingParty.objects.filter(proceeding__case=case)
        .select_related("party", "proceeding")
        .prefetch_related("counsel")
        .order_by(F("proceeding__lodged_on").asc(nulls_first=True), "proceeding_id", "pk")
    )


def case_party_names(*, case: Case, participants: list[ProceedingParty] | None = None):
    """Public names of the case's parties keyed by party pk (pseudonymised natural persons)."""
    if participants is None:
        participants = case_participants(case=case)
    return visibility.pseudonymise(p.party for p in participants)


def case_proceedings(*, case: Case) -> list[Proceeding]:
    return list(
        case.proceedings.select_related("court", "parent__court")
        .prefetch_related(
            "filings",
            Prefetch("hearings", queryset=Hearing.objects.prefetch_related("changes")),
            Prefetch("rulings", queryset=Ruling.objects.select_related("court")),
        )
        .order_by(F("lodged_on").asc(nulls_first=True), "pk")
    )


def hearing_upcoming(*, days: int = 30, today: dt.date | None = None) -> QuerySet[Hearing]:
    today = today or timezone.localdate()
    return (
        Hearing.objects.public()
        .filter(date__gte=today, date__lte=today + dt.timedelta(days=days))
        .select_related("proceeding__court", "proceeding__case")
        .order_by("date", "start_time", "pk")
    )


def ruling_latest(*, limit: int = 10) -> QuerySet[Ruling]:
    return Ruling.objects.public().select_related("court").order_by("-decided_on", "-pk")[:limit]


def ruling_get(*, slug: str) -> Ruling:
    ruling = (
        Ruling.objects.public()
        .select_related("court", "proceeding__case", "proceeding__court", "opinion_for")
        .prefetch_related("numbers")
        .filter(slug=slug)
        .first()
    )
    if ruling is None:
        raise Http404("No such ruling")
    return ruling


def court_get(*, slug: str) -> Court:
    court = Court.objects.filter(slug=slug).first()
    if court is None:
        raise Http404("No such court")
    return court


def party_get(*, slug: str) -> Party:
    """Pseudonymised natural persons have no public page: 404 as for an unknown slug."""
    party = Party.objects.with_public_page().filter(slug=slug).first()
    if party is None:
        raise Http404("No such party")
    return party
