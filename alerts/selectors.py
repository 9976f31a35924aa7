"""Reads of the alerts app that the citator and followed searches need: what a subscriber may
be told about (public, verified unless asked otherwise), and the rulings a followed search
matches, by the search page's own matcher (cases.selectors.ruling_search_matches) and the
rulings list's own filters (cases.filters.RulingFilter): no second matcher."""

from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.utils.translation import gettext, pgettext_lazy

from cases import selectors as case_selectors
from cases.filters import RulingFilter
from cases.models import Ruling
from citations.models import Citation

# The filters a followed search may carry: those of the rulings list.
SEARCH_FILTERS = ("court", "kind", "year", "outcome")
SEARCH_FILTER_LABELS = {
    "court": pgettext_lazy("alert search filter", "court"),
    "kind": pgettext_lazy("alert search filter", "kind"),
    "year": pgettext_lazy("alert search filter", "year"),
    "outcome": pgettext_lazy("alert search filter", "outcome"),
}


def filter_items(filters: dict) -> list[str]:
    """The filters of a followed search as "court: cjue" in the active language, in a fixed
    order."""
    return [
        gettext("%(label)s: %(value)s")
        % {"label": SEARCH_FILTER_LABELS[name], "value": filters[name]}
        for name in SEARCH_FILTERS
        if filters.get(name)
    ]


class BadSearch(ValueError):
    """A followed search whose filters are not valid (or that has neither words nor filter)."""


def clean_search(query: str, filters: dict) -> tuple[str, dict]:
    """The query and filters of a search to follow, validated as the rulings list does; only
    the filters given (non-empty) are kept. BadSearch when invalid or empty."""
    query = " ".join((query or "").split())[: case_selectors.text_search.MAX_QUERY_LENGTH]
    given = {name: str(filters[name]).strip() for name in SEARCH_FILTERS if filters.get(name)}
    given = {name: value for name, value in given.items() if value}
    filterset = RulingFilter(given, queryset=Ruling.objects.none())
    if not filterset.is_valid():
        raise BadSearch(filterset.errors.as_text())
    if not case_selectors.text_search.words(query) and not given:
        raise BadSearch("empty search")
    return query, given


def search_key(query: str, filters: dict) -> str:
    """One canonical string per search: the folded words and the sorted filters."""
    words = " ".join(
        case_selectors.text_search.fold(w) for w in case_selectors.text_search.words(query)
    )
    return urlencode([("q", words), *sorted(filters.items())])[:600]


def search_matches(query: str, filters: dict) -> QuerySet[Ruling]:
    """The public rulings a followed search finds: the rulings list's filters, then the
    search page's text match."""
    filtered = RulingFilter(filters, queryset=Ruling.objects.public()).qs
    return case_selectors.ruling_search_matches(query, filtered)


def search_url_query(query: str, filters: dict) -> str:
    """The query string of the search page showing a followed search."""
    return urlencode([("q", query), *sorted(filters.items())])


def search_page(query: str, filters: dict) -> tuple[str, str]:
    """Where a followed search is seen: (URL name, query string): the search page for words,
    the rulings list for filters alone."""
    if case_selectors.text_search.words(query):
        return "search", search_url_query(query, filters)
    return "ruling_list", urlencode(sorted(filters.items()))


def citation_visible_q(prefix: str = "citation__", subscription: str = "subscription__") -> Q:
    """A citation a ruling's follower may be told about: from a public ruling or filing, to a
    public ruling, verified, or unverified when the subscriber asked for those."""
    return Q(**{f"{prefix}in": Citation.objects.public().values("pk")}) & (
        Q(**{f"{prefix}verified": True}) | Q(**{f"{subscription}include_unverified": True})
    )


def ruling_public_q(prefix: str = "ruling__") -> Q:
    return Q(**{f"{prefix}in": Ruling.objects.public().values("pk")})


def visible_citations(ruling: Ruling, *, include_unverified: bool) -> QuerySet[Citation]:
    """The citations of `ruling` its follower may be told about now."""
    citations = Citation.objects.public().filter(cited=ruling)
    return citations if include_unverified else citations.filter(verified=True)
