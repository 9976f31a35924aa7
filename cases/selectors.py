"""Reads for the public pages. Each returns what the page shows, already joined and prefetched,
and applies the visibility rules (cases.visibility) so a view cannot forget them."""

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import (
    CharField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat, Greatest, NullIf
from django.http import Http404
from django.utils import timezone

from cases import permissions, visibility
from cases import search as text_search
from cases.citation_forms import CitationQuery
from cases.models import (
    Case,
    CaseSlugAlias,
    CaseStatusChange,
    Court,
    Event,
    Filing,
    Hearing,
    HearingChange,
    Party,
    Proceeding,
    ProceedingParty,
    Ruling,
    StatusUpdate,
    Topic,
)


def _previewable(viewer, prefix: str = "") -> Q:
    """Public rows, plus the unpublished cases' rows `viewer` may preview with a banner: their
    own organisation's (all for curators). Anonymous readers get the public rule alone."""
    public = visibility.case_public_q(prefix)
    if viewer is None or not viewer.is_authenticated:
        return public
    return public | permissions.draft_preview_q(viewer, prefix)


def cases_visible_to(viewer) -> QuerySet[Case]:
    return Case.objects.filter(_previewable(viewer))


def rulings_visible_to(viewer) -> QuerySet[Ruling]:
    """Public rulings (case law outside any case included), plus those of the unpublished
    cases `viewer` may preview."""
    rule = visibility.ruling_public_q()
    if viewer is not None and viewer.is_authenticated:
        rule |= permissions.draft_preview_q(viewer, "proceeding__case__")
        if permissions.is_curator(viewer):
            # Rulings detached by a deletion: the curator deciding on them may look first.
            rule |= Q(proceeding__isnull=True)
    return Ruling.objects.filter(rule)


def case_list(*, viewer=None) -> QuerySet[Case]:
    qs = cases_visible_to(viewer)
    return qs.prefetch_related("topics").order_by("-updated_at", "-pk")


def case_list_brief(*, viewer=None) -> QuerySet[Case]:
    """case_list for pages that show titles only: the summaries (the largest columns) are
    left unread. Each case carries `last_activity_on` (see with_last_activity)."""
    return with_last_activity(case_list(viewer=viewer).defer("summary_fr", "summary_en"))


def case_latest(*, limit: int = 10) -> QuerySet[Case]:
    """The `limit` public cases updated last, for the home page, which shows their titles and
    status only: neither topics nor `last_activity_on` (whose five correlated subqueries cost
    more to build and run than the rest of the page's queries together)."""
    return (
        cases_visible_to(None).defer("summary_fr", "summary_en").order_by("-updated_at", "-pk")
    )[:limit]


# Stands for "no such event" inside GREATEST: SQLite's MAX(a, b) is NULL when one argument is,
# PostgreSQL's GREATEST skips NULLs; a floor date gives both the same answer.
_NO_DATE = dt.date(1, 1, 1)


def _latest(queryset: QuerySet, field: str) -> Coalesce:
    """The latest `field` of `queryset`'s rows (already tied to the outer case), or _NO_DATE."""
    rows = queryset.filter(**{f"{field}__isnull": False}).order_by(f"-{field}").values(field)
    return Coalesce(Subquery(rows[:1]), Value(_NO_DATE))


def last_activity(today: dt.date | None = None) -> NullIf:
    """The date of the latest thing that happened in the outer case, or NULL if none did: the
    last filing registered, hearing held (past, neither cancelled nor postponed: a hearing to
    come is not activity), ruling decided, status update posted or status change. Not the
    record's `updated_at`, which tells when someone edited it (the admin and feeds keep that).
    Everything inside a case follows its publication, so public cases show public dates."""
    today = today or timezone.localdate()
    case = OuterRef("pk")
    hearings_held = Hearing.objects.filter(proceeding__case=case, date__lte=today).exclude(
        status__in=(Hearing.Status.CANCELLED, Hearing.Status.POSTPONED)
    )
    return NullIf(
        Greatest(
            _latest(Filing.objects.filter(proceeding__case=case), "registered_on"),
            _latest(hearings_held, "date"),
            _latest(
                Ruling.objects.filter(visibility.ruling_not_withdrawn_q(), proceeding__case=case),
                "decided_on",
            ),
            _latest(StatusUpdate.objects.filter(case=case), "posted_on"),
            _latest(CaseStatusChange.objects.filter(case=case), "changed_on"),
        ),
        Value(_NO_DATE),
    )


def with_last_activity(cases: QuerySet[Case]) -> QuerySet[Case]:
    """`cases` with `last_activity_on`: one correlated subquery per kind of event in the
    list's own query (no query per case). A page of the list evaluates it for its rows only;
    ordering by it (the list's "latest activity" sort) evaluates it for every matching case."""
    return cases.annotate(last_activity_on=last_activity())


def case_get(*, slug: str, viewer=None) -> Case:
    """The case at `slug`; raises CaseMoved for a former slug and Http404 when not visible."""
    qs = cases_visible_to(viewer)
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


def participants_in_order(proceedings) -> list[ProceedingParty]:
    """The participants of already fetched proceedings (with `participants` prefetched), in the
    order of case_participants, so that lists of cases name their parties without a query per
    case."""

    def proceeding_key(proceeding):
        return (
            proceeding.lodged_on is not None,
            proceeding.lodged_on or dt.date.min,
            proceeding.pk,
        )

    return [
        participant
        for proceeding in sorted(proceedings, key=proceeding_key)
        for participant in sorted(proceeding.participants.all(), key=lambda p: p.pk)
    ]


def case_party_names(*, case: Case, participants: list[ProceedingParty] | None = None):
    """Public names of the case's parties keyed by party pk (pseudonymised natural persons)."""
    if participants is None:
        participants = case_participants(case=case)
    return visibility.pseudonymise(p.party for p in participants)


def hearing_upcoming(*, days: int = 30, today: dt.date | None = None) -> QuerySet[Hearing]:
    today = today or timezone.localdate()
    return (
        Hearing.objects.public()
        .filter(date__gte=today, date__lte=today + dt.timedelta(days=days))
        .select_related("proceeding__court", "proceeding__case")
        .order_by("date", "start_time", "pk")
    )


# Ruling columns that lists never show: left unread by list queries (a full text can be
# hundreds of kilobytes).
RULING_LONG_TEXT = ("summary_fr", "summary_en", "outcome_text_fr", "outcome_text_en", "full_text")


def ruling_latest(*, limit: int = 10) -> QuerySet[Ruling]:
    return (
        Ruling.objects.public()
        .select_related("court")
        .defer(*RULING_LONG_TEXT)
        .order_by("-decided_on", "-pk")[:limit]
    )


def ruling_get(*, slug: str) -> Ruling:
    ruling = (
        Ruling.objects.public()
        # cited_by_stats: the citator's precomputed counts (citations.CitedByStats), read by
        # the ruling's pages without a query of their own.
        .select_related(
            "court", "proceeding__case", "proceeding__court", "opinion_for", "cited_by_stats"
        )
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


# --- Public pages: timelines, calendars, lists and reference pages. ------------------------

TIMELINE_KINDS = ("filing", "hearing", "ruling", "event", "status")


@dataclass
class TimelineEntry:
    """One dated entry of a timeline; `obj` is the record, `kind` one of TIMELINE_KINDS."""

    date: dt.date
    kind: str
    obj: object
    case: Case | None = None
    proceeding: Proceeding | None = None
    moves: list = field(default_factory=list)

    @property
    def sort_key(self):
        return (self.date, TIMELINE_KINDS.index(self.kind), self.obj.pk)


def case_page_proceedings(*, case: Case) -> list[Proceeding]:
    """The case's proceedings with everything its timeline shows, in a fixed number of
    queries whatever the number of filings, hearings, changes and rulings. `shown_parent` is
    the proceeding it comes from, unless that one belongs to another, unpublished case."""
    proceedings = list(
        case.proceedings.select_related("court", "parent__court", "parent__case")
        .prefetch_related(
            Prefetch("filings", queryset=Filing.objects.prefetch_related("filed_by")),
            Prefetch(
                "hearings",
                queryset=Hearing.objects.prefetch_related(
                    Prefetch(
                        "changes",
                        queryset=HearingChange.objects.order_by("changed_at", "pk"),
                    )
                ),
            ),
            Prefetch(
                "rulings",
                queryset=Ruling.objects.filter(visibility.ruling_not_withdrawn_q())
                .select_related("court", "opinion_for")
                .prefetch_related("numbers"),
            ),
            # A judgment on joined cases shows in the timeline of each of its cases.
            Prefetch(
                "joined_rulings",
                queryset=Ruling.objects.filter(visibility.ruling_not_withdrawn_q())
                .select_related("court", "opinion_for")
                .prefetch_related("numbers"),
            ),
        )
        .order_by(F("lodged_on").asc(nulls_first=True), "pk")
    )
    for proceeding in proceedings:
        parent = proceeding.parent
        visible = parent is not None and (
            parent.case_id == proceeding.case_id or visibility.case_is_public(parent.case)
        )
        proceeding.shown_parent = parent if visible else None
    return proceedings


def case_events(*, case: Case) -> list[Event]:
    return list(case.events.order_by("occurred_on", "pk"))


def case_status_updates(*, case: Case) -> list[StatusUpdate]:
    return list(case.status_updates.order_by("posted_on", "pk"))


def hearing_moves(hearing: Hearing) -> list[HearingChange]:
    """The changes of a hearing that moved it (date or time), oldest first (prefetched)."""
    return [change for change in hearing.changes.all() if change.moved]


def case_timeline(
    *, case: Case, proceedings: list[Proceeding], events: list, status_updates: list
) -> list[TimelineEntry]:
    """Everything dated in a case, across its proceedings, in chronological order."""
    entries: list[TimelineEntry] = []
    for proceeding in proceedings:
        for filing in proceeding.filings.all():
            entries.append(TimelineEntry(filing.registered_on, "filing", filing, case, proceeding))
        for hearing in proceeding.hearings.all():
            entries.append(
                TimelineEntry(
                    hearing.date, "hearing", hearing, case, proceeding, hearing_moves(hearing)
                )
            )
        for ruling in (*proceeding.rulings.all(), *proceeding.joined_rulings.all()):
            entries.append(TimelineEntry(ruling.decided_on, "ruling", ruling, case, proceeding))
    entries += [TimelineEntry(e.occurred_on, "event", e, case) for e in events]
    entries += [TimelineEntry(u.posted_on, "status", u, case) for u in status_updates]
    return sorted(entries, key=lambda entry: entry.sort_key)


@dataclass
class NextStep:
    """What comes next in a case: a scheduled hearing, or the awaited decision."""

    hearing: Hearing | None = None
    update: StatusUpdate | None = None


def case_next_step(
    *, proceedings: list[Proceeding], status_updates: list, today: dt.date | None = None
) -> NextStep | None:
    today = today or timezone.localdate()
    upcoming = [
        h
        for p in proceedings
        for h in p.hearings.all()
        if h.date >= today and h.status in (Hearing.Status.SCHEDULED, Hearing.Status.POSTPONED)
    ]
    if upcoming:
        return NextStep(hearing=min(upcoming, key=lambda h: (h.date, h.start_time or dt.time())))
    with_next = [u for u in status_updates if u.next_step_fr or u.next_step_en]
    if with_next:
        latest = max(with_next, key=lambda u: (u.posted_on, u.pk))
        if latest == max(status_updates, key=lambda u: (u.posted_on, u.pk)):
            return NextStep(update=latest)
    return None


@dataclass
class RoleGroup:
    role: str
    label: str
    participants: list
    # Applicants not recorded one by one ("X and others": Proceeding.other_applicants).
    and_others: bool = False


def case_parties_by_role(
    *, participants: list[ProceedingParty], other_applicants: bool = False
) -> list[RoleGroup]:
    """The case's parties grouped by role, each party once per role (first appearance).
    `other_applicants`: a proceeding says that unnamed applicants joined ("and others")."""
    groups = []
    for role, label in ProceedingParty.Role.choices:
        seen, members = set(), []
        for participant in participants:
            if participant.role == role and participant.party_id not in seen:
                seen.add(participant.party_id)
                members.append(participant)
        and_others = other_applicants and role == ProceedingParty.Role.APPLICANT
        if members or and_others:
            groups.append(RoleGroup(role, label, members, and_others))
    return groups


def global_timeline(
    *,
    court: Court | None = None,
    cases: Sequence[Case] | None = None,
    kinds: list[str] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    before: dt.date | None = None,
    size: int = 50,
) -> tuple[list[TimelineEntry], dt.date | None]:
    """Newest first, entries of public cases, in pages that hold whole days: returns the
    entries dated before `before` and the date to ask for the next page (None at the end).
    `cases`, when given, keeps the entries of those cases (none if it is empty).
    One query per kind of entry, whatever the data size."""
    kinds = kinds or list(TIMELINE_KINDS)
    end = min(filter(None, [end, before and before - dt.timedelta(days=1)]), default=None)
    sources = {
        "filing": (
            Filing.objects.public()
            .select_related("proceeding__court", "proceeding__case")
            .defer("full_text"),
            "registered_on",
            "proceeding__court",
            "proceeding__case",
        ),
        "hearing": (
            Hearing.objects.public().select_related("proceeding__court", "proceeding__case"),
            "date",
            "proceeding__court",
            "proceeding__case",
        ),
        "ruling": (
            # Named with the case of its main proceeding, so that case must be public itself
            # (a ruling on joined cases may be public through another one).
            Ruling.objects.filter(
                visibility.case_public_q("proceeding__case__"), visibility.ruling_not_withdrawn_q()
            )
            .select_related("court", "proceeding__case")
            .defer("full_text"),
            "decided_on",
            "court",
            "proceeding__case",
        ),
        "status": (
            StatusUpdate.objects.public().select_related("case"),
            "posted_on",
            None,
            "case",
        ),
        "event": (
            Event.objects.public().filter(cases__in=Case.objects.public()).distinct(),
            "occurred_on",
            None,
            "cases",
        ),
    }
    entries: list[TimelineEntry] = []
    exhausted = True
    for kind in kinds:
        qs, date_field, court_field, case_field = sources[kind]
        if court is not None:
            if court_field is None:
                continue
            qs = qs.filter(**{court_field: court})
        if cases is not None:
            qs = qs.filter(**{f"{case_field}__in": cases})
        if start:
            qs = qs.filter(**{f"{date_field}__gte": start})
        if end:
            qs = qs.filter(**{f"{date_field}__lte": end})
        rows = list(qs.order_by(f"-{date_field}", "-pk")[: size + 1])
        if len(rows) > size:
            exhausted = False
        for row in rows:
            entry = TimelineEntry(getattr(row, date_field), kind, row)
            if kind in ("filing", "hearing", "ruling"):
                entry.case, entry.proceeding = row.proceeding.case, row.proceeding
            elif kind == "status":
                entry.case = row.case
            entries.append(entry)
    entries.sort(key=lambda entry: entry.sort_key, reverse=True)
    if len(entries) <= size and exhausted:
        return entries, None
    cut = entries[size - 1].date if len(entries) >= size else entries[-1].date
    page = [entry for entry in entries if entry.date >= cut]
    return page, cut


def hearing_schedule(
    *,
    past: bool = False,
    court: Court | None = None,
    cases: Sequence[Case] | None = None,
    parties: Sequence[Party] | None = None,
    today: dt.date | None = None,
) -> QuerySet[Hearing]:
    """Public hearings, upcoming (soonest first) or past (latest first), of `cases` and of
    `parties` when given (none if one is empty): the hearings page and its CSV, the court and
    party pages. The iCalendar feeds read feeds.selectors instead."""
    today = today or timezone.localdate()
    qs = Hearing.objects.public().select_related("proceeding__court", "proceeding__case")
    if past:
        qs = qs.filter(date__lt=today).order_by("-date", "-start_time", "-pk")
    else:
        qs = qs.filter(date__gte=today).order_by("date", "start_time", "pk")
    if court is not None:
        qs = qs.filter(proceeding__court=court)
    if cases is not None:
        qs = qs.filter(proceeding__case__in=cases)
    if parties is not None:
        qs = qs.filter(
            Exists(
                ProceedingParty.objects.filter(proceeding=OuterRef("proceeding"), party__in=parties)
            )
        )
    return qs


def hearing_schedule_page(
    hearings: QuerySet[Hearing], *, past: bool, start: dt.date | None, size: int = 50
) -> tuple[list[Hearing], dt.date | None]:
    """One page of the hearings calendar, keyset by day: the hearings of `hearings` (as
    hearing_schedule orders them) from the day `start` on (back, for past ones), whole days
    only, about `size` of them; and the first day of the next page (None at the end).

    Keyset rather than numbered pages: counting the hearings and skipping OFFSET rows cost
    hundreds of milliseconds at 100,000 cases; this reads size + 1 rows of hearing_date_time_idx
    whatever the page."""
    if start is not None:
        hearings = hearings.filter(**{"date__lte" if past else "date__gte": start})
    rows = list(hearings[: size + 1])
    if len(rows) <= size:
        return rows, None
    cut = rows[size].date
    page = [row for row in rows if row.date != cut]
    if page:
        return page, cut
    # One day holds more than a page: show it whole, then go on from the next day.
    page = list(hearings.filter(date=cut))
    later = hearings.exclude(date=cut).first()
    return page, later.date if later is not None else None


def ruling_list() -> QuerySet[Ruling]:
    return (
        Ruling.objects.public()
        .select_related("court", "proceeding__case")
        .prefetch_related("numbers")
        .order_by("-decided_on", "-pk")
    )


def ruling_list_brief() -> QuerySet[Ruling]:
    """ruling_list for the rulings list page, which shows no long text."""
    return ruling_list().defer(*RULING_LONG_TEXT)


def ruling_get_for_page(*, slug: str, viewer=None) -> Ruling:
    """A ruling for its page, with `is_public`; staff may preview the rulings of unpublished
    cases.

    For an anonymous reader the ruling is read by its (unique) slug alone and the visibility
    rule asked of the row (`ruling_is_public`), instead of filtering by the rule in SQL:
    PostgreSQL planned the filtered query in 1.1 ms against 0.4 ms, the page's result the same
    (a withdrawn or unpublished ruling is a 404 either way)."""
    anonymous = viewer is None or not viewer.is_authenticated
    qs = Ruling.objects.all() if anonymous else rulings_visible_to(viewer)
    ruling = (
        # cited_by_stats: the citator's counts (citations.CitedByStats), without a query.
        qs.select_related("court", "proceeding__case", "proceeding__court", "cited_by_stats")
        # Whether it has joined proceedings: most rulings have none, and then the page needs
        # no query for its proceedings (ruling_visible_proceedings, ruling_is_public). Whether
        # it has opinions: most have none, and then no query for them (ruling_opinions).
        .annotate(
            has_joined_proceedings=Exists(_joined_links(OuterRef("pk"))),
            has_opinions=Exists(Ruling.objects.filter(opinion_for=OuterRef("pk"))),
        )
        .prefetch_related("numbers")
        .filter(slug=slug)
        .first()
    )
    if ruling is None:
        raise Http404("No such ruling")
    # Asked once, for the 404 and for the page's preview banner (one query for a ruling on
    # joined cases).
    ruling.is_public = ruling_is_public(ruling)
    if anonymous and not ruling.is_public:
        raise Http404("No such ruling")
    return ruling


def ruling_opinions(ruling: Ruling) -> list[Ruling]:
    """The public opinions delivered before `ruling` (a judgment); no query when
    ruling_get_for_page found it has none."""
    if getattr(ruling, "has_opinions", None) is False:
        return []
    return list(Ruling.objects.public().filter(opinion_for=ruling).select_related("court"))


def ruling_judgment(*, ruling: Ruling, viewer=None) -> Ruling | None:
    """The judgment an opinion precedes, when the viewer may see it: a public opinion must
    not name a judgment still in draft (links obey the visibility of both ends)."""
    if ruling.opinion_for_id is None:
        return None
    return (
        rulings_visible_to(viewer)
        .select_related("court")
        .defer(*RULING_LONG_TEXT)
        .filter(pk=ruling.opinion_for_id)
        .first()
    )


def _joined_links(ruling) -> QuerySet:
    return Ruling.joined_proceedings.through.objects.filter(ruling=ruling)


def _without_joined(ruling: Ruling) -> bool:
    """True when `ruling` is known to have no joined proceeding (ruling_get_for_page read it)."""
    return getattr(ruling, "has_joined_proceedings", None) is False


def ruling_is_public(ruling: Ruling) -> bool:
    if _without_joined(ruling):
        return visibility.ruling_is_public(ruling, joined=False)
    return visibility.ruling_is_public(ruling)


def ruling_visible_proceedings(*, ruling: Ruling, viewer=None) -> list[Proceeding]:
    """The ruling's proceedings that `viewer` may see, its main one first, then the joined
    ones: those of public cases, plus the unpublished ones `viewer` may preview. A ruling on
    joined cases is public when one of them is, and never names the others
    (cases.visibility).

    No query for a ruling of ruling_get_for_page without joined proceedings (most rulings) whose
    main proceeding is public or absent, or that an anonymous reader sees."""
    anonymous = viewer is None or not viewer.is_authenticated
    if _without_joined(ruling):
        main = ruling.proceeding if ruling.proceeding_id is not None else None
        if main is None:
            return []
        if visibility.case_is_public(main.case):
            return [main]
        if anonymous:
            return []
    # The ids as a UNION, not `pk = main OR pk IN (links)`: PostgreSQL answers an OR with a
    # subquery by reading every proceeding (34 ms at 100,000 cases), a UNION by two index scans.
    ids = _joined_links(ruling.pk).values("proceeding_id")
    if ruling.proceeding_id is not None:
        main_id = Proceeding.objects.filter(pk=ruling.proceeding_id).order_by().values("pk")
        ids = ids.union(main_id, all=True)
    proceedings = (
        Proceeding.objects.filter(pk__in=ids)
        .filter(_previewable(viewer, "case__"))
        .select_related("case", "court")
    )
    return sorted(proceedings, key=lambda p: (p.pk != ruling.proceeding_id, p.pk))


def public_joined_proceedings() -> Prefetch:
    """Prefetch, as `public_joined`, a ruling's joined proceedings that are public (lists
    and the API: see ruling_public_proceedings)."""
    return Prefetch(
        "joined_proceedings",
        queryset=Proceeding.objects.public().select_related("case", "court").order_by("pk"),
        to_attr="public_joined",
    )


def ruling_public_proceedings(ruling: Ruling) -> list[Proceeding]:
    """The proceedings of `ruling` public output may name: its main one when its case is
    public, then its public joined ones (prefetched with public_joined_proceedings)."""
    main = ruling.proceeding
    shown = [main] if main is not None and visibility.case_is_public(main.case) else []
    return shown + list(ruling.public_joined)


def ruling_parties(*, proceedings: list[Proceeding]) -> list[ProceedingParty]:
    """The parties of the ruling's visible proceedings (ruling_visible_proceedings) in order
    of appearance."""
    order = {p.pk: i for i, p in enumerate(proceedings)}
    participants = ProceedingParty.objects.filter(proceeding__in=list(order)).select_related(
        "party", "proceeding__case"
    )
    return sorted(participants, key=lambda p: (order[p.proceeding_id], p.pk))


def ruling_party_names(*, proceedings: list[Proceeding]) -> dict[int, str]:
    """Public party names for a ruling's page: each person keeps the letters of the case that
    names them (the first visible one)."""
    names: dict[int, str] = {}
    for case in {p.case_id: p.case for p in proceedings}.values():
        for pk, name in case_party_names(case=case).items():
            names.setdefault(pk, name)
    return names


# --- Citation lookup: the search box and /ecli/ (docs/identifiers.md) ---------------------


@dataclass
class IdentifierHit:
    """What a typed citation leads to in one court: the ruling carrying the identifier, or,
    before any ruling, the case of the proceeding carrying the number."""

    court: Court
    ruling: Ruling | None = None
    case: Case | None = None

    def get_absolute_url(self) -> str:
        return (self.ruling or self.case).get_absolute_url()


def identifier_hits(citation: CitationQuery) -> list[IdentifierHit]:
    """The public rulings and cases a parsed citation (cases.citation_forms) names, one per
    court: an ECLI names one ruling; a number names, in each court that uses it, the ruling
    carrying it (the one of the citation's date if it gives one, else the latest judgment or
    order before an opinion), else the case of a pending proceeding with that number. A court
    the citation names ("CE 450163") narrows the courts when we know it. Several hits are for
    the reader to choose from: a bare number may be a Conseil d'État's and a cour d'appel's."""
    rulings = Ruling.objects.public().select_related("court").defer(*RULING_LONG_TEXT)
    if citation.ecli:
        return [
            IdentifierHit(ruling.court, ruling) for ruling in rulings.filter(ecli=citation.ecli)
        ]
    courts = _courts_named(citation.court)
    rulings = rulings.filter(numbers__number__in=citation.numbers).distinct()
    proceedings = (
        Proceeding.objects.public()
        .filter(number__in=citation.numbers)
        .select_related("court", "case")
        .order_by("pk")
    )
    if courts:
        rulings = rulings.filter(court__in=courts)
        proceedings = proceedings.filter(court__in=courts)
    best: dict[int, Ruling] = {}
    for ruling in sorted(rulings, key=lambda r: _citation_rank(r, citation.decided_on)):
        best.setdefault(ruling.court_id, ruling)
    hits = [IdentifierHit(ruling.court, ruling) for ruling in best.values()]
    # A court's number is unique among its proceedings: one pending case at most per court.
    hits += [
        IdentifierHit(proceeding.court, case=proceeding.case)
        for proceeding in proceedings
        if proceeding.court_id not in best
    ]
    return sorted(hits, key=lambda hit: (hit.court.name, hit.court.pk))


def _courts_named(name: str) -> list[Court]:
    """The courts `name` is the short name, name or slug of; [] when it names none we know
    (then it was no court: "Schrems C-311/18")."""
    if not name:
        return []
    return list(
        Court.objects.filter(
            Q(short_name_fr__iexact=name)
            | Q(short_name_en__iexact=name)
            | Q(name_fr__iexact=name)
            | Q(name_en__iexact=name)
            | Q(slug__iexact=name)
        )
    )


def _citation_rank(ruling: Ruling, decided_on: dt.date | None) -> tuple:
    """Sort key, best first: the citation's date, then judgments and orders before opinions,
    then the latest."""
    return (
        decided_on is not None and ruling.decided_on != decided_on,
        ruling.kind == Ruling.Kind.OPINION,
        -ruling.decided_on.toordinal(),
        -ruling.pk,
    )


# What the search page matches a ruling on; ruling_search_matches (followed searches,
# alerts.selectors) matches on exactly the same.
RULING_SEARCH_FIELDS = ("title", "summary", "outcome_text")
RULING_SEARCH_EXTRA = ("short_name",)


def ruling_search_matches(query: str, rulings: QuerySet[Ruling] | None = None) -> QuerySet[Ruling]:
    """Every public ruling (of `rulings`) the search page finds for `query`, unranked and
    unbounded: the match of search_results, without its ranking pool."""
    rulings = Ruling.objects.public() if rulings is None else rulings
    return text_search.filter_text(
        rulings, query, fields=RULING_SEARCH_FIELDS, extra=RULING_SEARCH_EXTRA
    )


def search_results(query: str, language: str, limit: int) -> dict:
    """Public cases, rulings and parties matching `query` as text: one query each, each ranking
    a bounded pool of the most recent matches (cases.search.ranked)."""
    cases = text_search.ranked(
        Case.objects.public(),
        query,
        order=("-updated_at", "-pk"),
    )
    rulings = text_search.ranked(
        Ruling.objects.public().select_related("court").defer("full_text"),
        query,
        order=("-decided_on", "-pk"),
        fields=RULING_SEARCH_FIELDS,
        extra=RULING_SEARCH_EXTRA,
    )
    parties = text_search.ranked(
        Party.objects.with_public_page(),
        query,
        order=("name", "pk"),
        fields=(),
        extra=("name",),
    )
    results = {
        "cases": list(text_search.with_snippet(cases, query, "summary", language)[:limit]),
        "rulings": list(text_search.with_snippet(rulings, query, "summary", language)[:limit]),
        "parties": list(parties[:limit]),
    }
    for item in results["cases"] + results["rulings"]:
        item.snippet = text_search.snippet(item, query, "summary", language)
    return results


def court_cases(*, court: Court, limit: int = 50) -> QuerySet[Case]:
    return (
        Case.objects.public()
        .filter(pk__in=Proceeding.objects.filter(court=court).values("case_id"))
        .order_by("-updated_at", "-pk")[:limit]
    )


def court_rulings(*, court: Court, limit: int = 50) -> QuerySet[Ruling]:
    return ruling_list().filter(court=court)[:limit]


def party_cases(*, party: Party, limit: int = 50) -> QuerySet[Case]:
    return (
        Case.objects.public()
        .filter(pk__in=ProceedingParty.objects.filter(party=party).values("proceeding__case_id"))
        .order_by("-updated_at", "-pk")[:limit]
    )


def party_rulings(*, party: Party, limit: int = 50) -> QuerySet[Ruling]:
    """The public rulings of the public proceedings naming `party`, joined cases included:
    a ruling public through another case must not tie the party to an unpublished one."""
    proceedings = (
        ProceedingParty.objects.filter(party=party)
        .filter(visibility.case_public_q("proceeding__case__"))
        .values("proceeding_id")
    )
    joined = Ruling.joined_proceedings.through.objects.filter(proceeding__in=proceedings)
    return ruling_list().filter(
        Q(proceeding__in=proceedings) | Q(pk__in=joined.values("ruling_id"))
    )[:limit]


def party_list_for_filter() -> QuerySet[Party]:
    return Party.objects.with_public_page().order_by("name", "pk")


class FacetCounts(NamedTuple):
    """Distinct cases per court, procedure, topic and status among the first `limit` cases of
    a list, and `matched`: how many cases the walk met, at most `limit + 1` (one more than the
    limit means "more than the limit"), the number BoundedPaginator would count."""

    courts: Counter
    procedures: Counter
    topics: Counter
    statuses: Counter
    matched: int


@dataclass
class CaseFacets:
    """The facets of a filtered case list: (value, label, count) rows per facet, and the
    cases matched by the same walk (FacetCounts.matched), which the list's paginator takes
    instead of counting them again."""

    rows: dict[str, list[tuple[str, str, int]]]
    matched: int


def case_facets(*, cases: QuerySet[Case], limit: int) -> CaseFacets:
    """Counts of the first `limit` cases of `cases` (the filtered list, in its order) by
    status, court, procedure and topic: (value, label, count) rows per facet; and the number
    of matching cases up to `limit + 1`, from the same walk.

    Counted in Python from narrow rows that the indexes answer alone (case status from the
    list's own index, proceedings' court and procedure, case-topic links): counting with
    joins read one table page per case. On PostgreSQL one query returns each case with the
    arrays of its (court, procedure) pairs and topics (index-only lookups per case);
    elsewhere, the proceedings and links are read by a list of the cases' ids."""
    if text_search.is_postgres():
        counts = _facet_counts_postgres(cases, limit)
    else:
        counts = _facet_counts(cases, limit)
    status_labels = dict(Case.Status.choices)
    procedure_labels = dict(Proceeding.Procedure.choices)
    rows = {
        "status": [
            (status, status_labels.get(status, status), n)
            for status, n in sorted(counts.statuses.items())
        ],
        "court": [
            (court.slug, court.name, counts.courts[court.pk])
            for court in Court.objects.filter(pk__in=counts.courts)
        ],
        "procedure": [
            (procedure, procedure_labels.get(procedure, ""), n)
            for procedure, n in sorted(counts.procedures.items())
        ],
        "topic": [
            (topic.slug, topic.name, counts.topics[topic.pk])
            for topic in Topic.objects.filter(pk__in=counts.topics)
        ],
    }
    return CaseFacets(rows=rows, matched=counts.matched)


def _facet_counts(cases: QuerySet[Case], limit: int) -> FacetCounts:
    """FacetCounts of distinct cases: three queries, the second and third by the list of the
    first's ids. The first reads one case past the limit: that one is counted, not faceted."""
    walked = list(cases.values_list("pk", "status")[: limit + 1])
    rows = walked[:limit]
    ids = [pk for pk, _status in rows]
    proceedings = set(
        Proceeding.objects.filter(case__in=ids)
        .order_by()
        .values_list("case_id", "court_id", "procedure")
    )
    links = set(Case.topics.through.objects.filter(case__in=ids).values_list("case_id", "topic_id"))
    return FacetCounts(
        _distinct_counts((case, court) for case, court, _procedure in proceedings),
        _distinct_counts((case, procedure) for case, _court, procedure in proceedings),
        _distinct_counts(links),
        Counter(status for _pk, status in rows),
        len(walked),
    )


# Joins a proceeding's court id and procedure into one array element (a procedure is a slug,
# without spaces), so that one lookup per case reads both.
_PAIR_SEPARATOR = " "


def _facet_counts_postgres(cases: QuerySet[Case], limit: int) -> FacetCounts:
    """The same counts as _facet_counts in one query: passing 1,000 ids back to the
    database twice cost more (Django preparing each id, PostgreSQL planning two lists of
    1,000 parameters) than reading them (bench/README.md, "Search and case list at scale").
    One lookup of a case's proceedings gives its (court, procedure) pairs: a lookup per
    facet read the same index entries twice (bench/README.md, "Case list at 100,000")."""
    from django.contrib.postgres.expressions import ArraySubquery

    def each(rows):
        return ArraySubquery(rows.filter(case=OuterRef("pk")).order_by())

    pair = Concat(Cast("court_id", CharField()), Value(_PAIR_SEPARATOR), "procedure")
    walked = cases.values_list(
        "status",
        each(Proceeding.objects.values(pair=pair)),
        each(Case.topics.through.objects.values("topic_id")),
    )[: limit + 1]
    courts, procedures, topics, statuses = Counter(), Counter(), Counter(), Counter()
    matched = 0
    for status, case_pairs, case_topics in walked:
        matched += 1
        if matched > limit:
            break
        statuses[status] += 1
        split = [value.split(_PAIR_SEPARATOR, 1) for value in case_pairs]
        courts.update({int(court) for court, _procedure in split})
        procedures.update({procedure for _court, procedure in split})
        topics.update(set(case_topics))
    return FacetCounts(courts, procedures, topics, statuses, matched)


def _distinct_counts(pairs) -> Counter:
    """Number of distinct cases per value, from (case, value) pairs."""
    return Counter(value for _case, value in set(pairs))


def sitemap_cases() -> QuerySet[Case]:
    return Case.objects.public().only("slug", "updated_at").order_by("pk")


def sitemap_rulings() -> QuerySet[Ruling]:
    return Ruling.objects.public().only("slug", "updated_at").order_by("pk")


def sitemap_courts() -> QuerySet[Court]:
    return Court.objects.only("slug", "updated_at").order_by("pk")


def sitemap_parties() -> QuerySet[Party]:
    return party_list_for_filter().only("slug", "updated_at", "kind", "name_published_by_court")


def case_list_awaiting_review(*, user) -> QuerySet[Case]:
    """Cases in review that `user` may publish, oldest first: those of the organisations where
    they are a publisher, every one for curators, none for anyone else."""
    cases = Case.objects.filter(publication=Case.Publication.REVIEW)
    if not permissions.is_curator(user):
        cases = cases.filter(permissions.member_q(user, "organisation", publisher=True))
    return cases.select_related("organisation").order_by("updated_at", "pk")


# --- Full public records, for the API: each joined for everything its record shows. ---------


def court_list() -> QuerySet[Court]:
    """Every court: courts are reference data, all public."""
    return Court.objects.all()


def party_list() -> QuerySet[Party]:
    """Public parties that may be listed by name: never a pseudonymised natural person."""
    return Party.objects.with_public_page()


def case_list_detailed() -> QuerySet[Case]:
    """Public cases with their topics and proceedings, each proceeding with its court, the
    case of the proceeding it comes from, and its parties with their counsel."""
    participants = ProceedingParty.objects.select_related("party", "proceeding__case")
    proceedings = Proceeding.objects.select_related("court", "parent__case").prefetch_related(
        Prefetch("participants", queryset=participants.prefetch_related("counsel"))
    )
    return Case.objects.public().prefetch_related(
        "topics", Prefetch("proceedings", queryset=proceedings)
    )


def filing_list() -> QuerySet[Filing]:
    """Public filings with their case and filing parties."""
    return Filing.objects.public().select_related("proceeding__case").prefetch_related("filed_by")


def hearing_list() -> QuerySet[Hearing]:
    """Public hearings with their case, court and dated changes."""
    return (
        Hearing.objects.public()
        .select_related("proceeding__case", "proceeding__court")
        .prefetch_related("changes")
    )


def ruling_list_detailed() -> QuerySet[Ruling]:
    """Public rulings with their court, case, numbers and, for an opinion, the case of the
    judgment it precedes."""
    return (
        Ruling.objects.public()
        .select_related(
            "court", "proceeding__case", "proceeding__court", "opinion_for__proceeding__case"
        )
        .prefetch_related("numbers", public_joined_proceedings())
    )


def event_list() -> QuerySet[Event]:
    """Public events, each with the public ones of its cases (`public_cases`): a reference
    event never names the draft cases it is attached to."""
    return Event.objects.public().prefetch_related(
        Prefetch("cases", queryset=Case.objects.public(), to_attr="public_cases")
    )


def status_update_list() -> QuerySet[StatusUpdate]:
    """Public status updates with their case."""
    return StatusUpdate.objects.public().select_related("case")
