"""List pages: cases with facets, global timeline, hearings calendar, rulings."""

from dataclasses import dataclass
from itertools import groupby

from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cases import selectors
from cases.filters import CaseFilter, HearingFilter, RulingFilter, TimelineForm
from cases.models import Case, Hearing, Proceeding
from cases.views.common import (
    answers_bad_input,
    bad_request,
    name_notes,
    query_without_page,
)
from cases.views.paging import COUNT_LIMIT, paginate_bounded

# Facets count over the first FACET_LIMIT matching cases in the list's order: counting every
# match took seconds at 100,000 cases. Exact below the limit; the page says when it is not.
FACET_LIMIT = COUNT_LIMIT


@dataclass(frozen=True)
class FacetItem:
    """One value of a facet: its link keeps every other filter chosen and sets this value, or,
    when the value is the one chosen (`selected`), removes it."""

    value: str
    label: str
    count: int
    selected: bool
    query: str


def _facet_query(request, name: str, value: str | None) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    if value is None:
        query.pop(name, None)
    else:
        query[name] = value
    return query.urlencode()


def facet_links(request, facets: dict, chosen: dict) -> dict[str, list[FacetItem]]:
    """The facets' values as links that add to the filters already chosen (`chosen`: the
    filter form's cleaned values). A chosen value is always listed, with 0 if no case is left,
    so that it can be removed. No query: labels of chosen courts and topics are the objects
    the form already loaded."""
    out = {}
    for name, rows in facets.items():
        value = chosen.get(name)
        selected = getattr(value, "slug", value) or None
        items = [
            FacetItem(
                str(key),
                label,
                n,
                key == selected,
                _facet_query(request, name, None if key == selected else str(key)),
            )
            for key, label, n in rows
        ]
        if selected and not any(item.selected for item in items):
            label = getattr(value, "name", None) or _choice_label(name, selected)
            items.insert(0, FacetItem(selected, label, 0, True, _facet_query(request, name, None)))
        out[name] = items
    return out


def _choice_label(name: str, value: str) -> str:
    choices = {"status": Case.Status.choices, "procedure": Proceeding.Procedure.choices}
    return str(dict(choices.get(name, ())).get(value, value))


@dataclass
class CaseQuery:
    """The cases list's filters applied to a request."""

    filterset: CaseFilter
    cases: QuerySet[Case]


def case_query(request, *, queryset: QuerySet[Case]) -> CaseQuery | HttpResponse:
    """The cases of `queryset` matching the request's filters, in the order chosen (the list
    page and its CSV download), or the page's 400 answer naming the filters that are not
    valid. `page` is no filter: a request with nothing else is the unfiltered list."""
    query = request.GET.copy()
    query.pop("page", None)
    filterset = CaseFilter(query or None, queryset=queryset)
    if filterset.is_bound and not filterset.is_valid():
        return bad_request(
            request,
            _("Some filters are not valid."),
            form=filterset.form,
            template="cases/case_list.html",
            context={"filter": filterset, "page": None},
        )
    cases = filterset.qs.order_by(*filterset.ordering) if filterset.is_bound else filterset.qs
    return CaseQuery(filterset=filterset, cases=cases)


@answers_bad_input
def case_list(request):
    found = case_query(request, queryset=selectors.case_list_brief(viewer=None))
    if isinstance(found, HttpResponse):
        return found
    filterset, cases = found.filterset, found.cases
    facets = selectors.case_facets(cases=cases, limit=FACET_LIMIT)
    # The facets walked the first FACET_LIMIT + 1 cases: that is the first pages' count too,
    # without a second walk (bench/README.md, "Case list at 100,000").
    page = paginate_bounded(request, cases, counted=(facets.matched, FACET_LIMIT))
    context = {
        "filter": filterset,
        "form": filterset.form,
        "page": page,
        "facet_limit": FACET_LIMIT if page.paginator.count > FACET_LIMIT else None,
        "facets": facet_links(
            request,
            facets.rows,
            filterset.form.cleaned_data if filterset.is_bound else {},
        ),
        "query": query_without_page(request),
        "name_notes": name_notes(request, filterset.form, ("party",)) if filterset.is_bound else [],
    }
    return render(request, "cases/case_list.html", context)


@answers_bad_input
def timeline(request):
    form = TimelineForm(request.GET)
    if not form.is_valid():
        return bad_request(
            request,
            _("Some filters are not valid."),
            form=form,
            template="cases/timeline.html",
            context={"entries": []},
        )
    data = form.cleaned_data
    entries, next_before = selectors.global_timeline(
        court=data["court"],
        cases=data["case"].records if data["case"] else None,
        kinds=data["kind"] or None,
        start=data["start"],
        end=data["end"],
        before=data["before"],
    )
    query = request.GET.copy()
    query.pop("before", None)
    if next_before:
        query["before"] = next_before.isoformat()
    context = {
        "form": form,
        "entries": entries,
        "days": [(day, list(items)) for day, items in groupby(entries, key=lambda e: e.date)],
        "next_query": query.urlencode() if next_before else "",
        "is_first_page": not data["before"],
        "name_notes": name_notes(request, form, ("case",)),
    }
    return render(request, "cases/timeline.html", context)


@dataclass
class HearingQuery:
    """The hearings page's filters applied to a request."""

    filterset: HearingFilter
    past: bool
    hearings: QuerySet[Hearing]


def hearing_query(request) -> HearingQuery | HttpResponse:
    """The hearings matching the request's filters (the page and its CSV download), or the
    page's 400 answer naming the filters that are not valid."""
    filterset = HearingFilter(request.GET, queryset=selectors.hearing_schedule())
    if not filterset.is_valid():
        return bad_request(
            request,
            _("Some filters are not valid."),
            form=filterset.form,
            template="cases/hearing_calendar.html",
            context={"filter": filterset, "hearings": None, "past": False},
        )
    data = filterset.form.cleaned_data
    past = data.get("when") == "past"
    case, party = data.get("case"), data.get("party")
    hearings = selectors.hearing_schedule(
        past=past,
        court=data.get("court"),
        cases=case.records if case else None,
        parties=party.records if party else None,
    )
    return HearingQuery(filterset=filterset, past=past, hearings=hearings)


@answers_bad_input
def hearing_calendar(request):
    found = hearing_query(request)
    if isinstance(found, HttpResponse):
        return found
    filterset, past, hearings = found.filterset, found.past, found.hearings
    data = filterset.form.cleaned_data
    page, next_start = selectors.hearing_schedule_page(hearings, past=past, start=data.get("start"))
    query = request.GET.copy()
    query.pop("start", None)
    first_query = query.urlencode()
    query["start"] = next_start.isoformat() if next_start else ""
    context = {
        "filter": filterset,
        "form": filterset.form,
        "past": past,
        "hearings": page,
        "days": [(day, list(items)) for day, items in groupby(page, key=lambda h: h.date)],
        "query": first_query,
        "next_query": query.urlencode() if next_start else "",
        "is_first_page": not data.get("start"),
        "name_notes": name_notes(request, filterset.form, ("case", "party")),
    }
    return render(request, "cases/hearing_calendar.html", context)


@answers_bad_input
def ruling_list(request):
    filterset = RulingFilter(request.GET, queryset=selectors.ruling_list_brief())
    if not filterset.is_valid():
        return bad_request(
            request,
            _("Some filters are not valid."),
            form=filterset.form,
            template="cases/ruling_list.html",
            context={"filter": filterset, "page": None},
        )
    page = paginate_bounded(request, filterset.qs)
    context = {
        "filter": filterset,
        "form": filterset.form,
        "page": page,
        "query": query_without_page(request),
    }
    return render(request, "cases/ruling_list.html", context)
