"""What an API sync fetches by default (docs/sources.md, "Scope"). Judilibre's `/search` run
for the saved queries, and for the decisions that cite, or are cited by, rulings of tracked
published cases; the ids found, each once, are then fetched one by one with `/decision`.

Only what Judilibre's OpenAPI specification offers is used: `/search` takes free text (`query`,
matched against the whole decision when no `field` is given), `operator` (`or`, `and`,
`exact`), the `jurisdiction` and `location` filters, `date_start`, `sort`, `order`, `page_size`
(50 at most) and `page` (10,000 results at most); its results are previews without the text. It
has no "cites" filter, so:

* decisions citing a tracked ruling are those whose text holds one of its case numbers or its
  ECLI, word for word (`operator=exact`). Numbers made of digits only ("450163") are not
  searched: as free text they match any figure;
* decisions a tracked ruling cites are known only for a ruling that came from Judilibre: its
  `/decision` body lists them (`rapprochements`) by Légifrance id and number, and `/decision`
  takes only Judilibre's own ids, so each cited number is searched (`exact`) and only the
  results bearing that number are kept.

Only public rulings are searched for: a draft's numbers never leave the site.

CELLAR (`cjeu-cellar`, at the end of this module): the tracked rulings' notices by CELEX and the
decisions those notices list as cited.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from cases.identifiers import IdentifierError, normalise_celex
from cases.models import Ruling, RulingNumber
from cases.visibility import case_public_q
from interchange.models import SourceRecord
from sources import fetch
from sources.models import SavedQuery
from sources.parsers import judilibre
from sources.records import DecisionRecord
from sources.xmlsafe import RecordError

PAGE_SIZE = 50  # the specification's maximum
JURISDICTIONS = ("cc", "ca", "tj", "tcom", "cph")


def max_pages() -> int:
    """Pages read per search (SOURCES_SEARCH_MAX_PAGES, 20: 1,000 decisions; the API gives
    10,000 results at most)."""
    return int(getattr(settings, "SOURCES_SEARCH_MAX_PAGES", 20))


@dataclass(frozen=True)
class Search:
    why: str
    params: dict = field(hash=False)
    keep_number: str = ""
    """Keep only the results bearing this number (a decision cited by a tracked ruling)."""


def tracked_rulings():
    """Rulings of tracked cases that are public (never a draft's)."""
    return Ruling.objects.filter(case_public_q("proceeding__case__"))


def searchable(term: str) -> bool:
    """A number worth an exact full-text search: not digits only."""
    term = term.strip()
    return bool(term) and not term.replace(" ", "").isdigit()


def _params(query: str, *, operator: str, jurisdiction, location=(), since=None) -> dict:
    params = {
        "query": query,
        "operator": operator,
        "jurisdiction": list(jurisdiction),
        "location": list(location),
        "sort": "date",
        "order": "asc",
        "page_size": PAGE_SIZE,
    }
    if since:
        params["date_start"] = since.isoformat()
    return params


def saved_query_searches(options) -> list[Search]:
    searches = []
    for saved in SavedQuery.objects.filter(source="judilibre", active=True).order_by("pk"):
        params = _params(
            saved.query,
            operator=saved.operator,
            jurisdiction=saved.jurisdictions or options.jurisdiction,
            location=saved.locations,
            since=options.since,
        )
        searches.append(Search(f"saved query {saved.pk}", params))
    return searches


def citing_searches(options) -> list[Search]:
    """One exact search per distinct number (not digits only) or ECLI of a tracked ruling."""
    rulings = tracked_rulings()
    terms = set(rulings.filter(ecli__gt="").values_list("ecli", flat=True))
    numbers = RulingNumber.objects.filter(ruling__in=rulings).values_list("number", flat=True)
    terms |= {n for n in numbers if searchable(n)}
    return [
        Search(
            f"cites {term}",
            _params(term, operator="exact", jurisdiction=options.jurisdiction, since=options.since),
        )
        for term in sorted(terms)
    ]


def judilibre_ids_of_tracked() -> list[str]:
    """Judilibre's ids of the tracked rulings that came from Judilibre."""
    rulings = tracked_rulings().values("pk")
    return sorted(
        SourceRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(Ruling),
            source="judilibre",
            object_id__in=rulings,
        )
        .exclude(source_id="")
        .values_list("source_id", flat=True)
    )


def cited_searches(client, options) -> Iterator[Search]:
    """For each tracked ruling from Judilibre, its `rapprochements`' numbers, searched."""
    seen = set()
    for source_id in judilibre_ids_of_tracked():
        try:
            record = judilibre.parse_decision(client.get_json("decision", {"id": source_id}))
        except fetch.AccessStopped:
            raise
        except (fetch.FetchError, RecordError):
            continue  # the searches of the other rulings still run
        for cited in record.cited:
            for number in cited.numbers:
                if number in seen or not searchable(number):
                    continue
                seen.add(number)
                params = _params(number, operator="exact", jurisdiction=JURISDICTIONS)
                yield Search(f"cited by {source_id}", params, keep_number=number)


def searches(client, options) -> Iterator[Search]:
    yield from saved_query_searches(options)
    yield from citing_searches(options)
    yield from cited_searches(client, options)


def results(client, search: Search) -> Iterator[dict]:
    for page in range(max_pages()):
        body = client.get_json("search", {**search.params, "page": page})
        try:
            items = judilibre.results(body)
        except RecordError:
            return
        for item in items:
            if isinstance(item, dict):
                yield item
        if not items or not body.get("next_page"):
            return


def _bears(item: dict, number: str) -> bool:
    values = item.get("numbers") or []
    own = item.get("number") or []
    values = [*([values] if isinstance(values, str) else values)]
    values += [own] if isinstance(own, str) else own
    return number in values


def judilibre_ids(client, options) -> Iterator[str]:
    """The ids of the default scope, each once, in the order found."""
    seen: set[str] = set()
    yield from _unique(_ids(client, options), seen)


def _ids(client, options) -> Iterator[str]:
    for search in searches(client, options):
        for item in results(client, search):
            if search.keep_number and not _bears(item, search.keep_number):
                continue
            source_id = item.get("id")
            if isinstance(source_id, str) and source_id:
                yield source_id


def _unique(ids: Iterable[str], seen: set[str]) -> Iterator[str]:
    for source_id in ids:
        if source_id not in seen:
            seen.add(source_id)
            yield source_id


# CELLAR ---------------------------------------------------------------------------------------
# What a `cjeu-cellar` sync fetches without `--query` (docs/sources.md, "Scope"): CELLAR notices
# are read by identifier only, so the scope is the tracked rulings' own notices (refreshed) and
# the decisions those notices list as cited (`WORK_CITES_WORK`). Decisions *citing* a tracked
# ruling would need a listing (a SPARQL query), of which no real sample is at hand.


def tracked_celex() -> list[str]:
    """The CELEX of the tracked rulings (public cases only: a draft's CELEX never leaves the
    site), each once, in order."""
    return sorted(set(tracked_rulings().filter(celex__gt="").values_list("celex", flat=True)))


def case_law_celex(value: str) -> str:
    """`value` as a case-law CELEX (sector 6), or "" for anything else (legislation cited by a
    judgment is no decision to fetch)."""
    try:
        return normalise_celex(value)
    except IdentifierError:
        return ""


def cited_celex(records: Iterable[DecisionRecord], known: Iterable[str] = ()) -> list[str]:
    """The case-law CELEX the records list as cited, each once, in the order found, without
    those in `known` (the tracked rulings' own, fetched already)."""
    seen = set(known)
    found = []
    for record in records:
        for cited in record.cited:
            celex = case_law_celex(cited.celex)
            if celex and celex not in seen:
                seen.add(celex)
                found.append(celex)
    return found
