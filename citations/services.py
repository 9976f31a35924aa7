"""Writes to the citation graph, shared by the admin, the importer and the extractor."""

import threading
from collections import Counter, defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from cases import services as case_services
from cases.models import Filing, Ruling
from citations.extract import extract
from citations.models import (
    Citation,
    CitedByStats,
    citing_date_of,
    citing_filing_public_q,
    citing_ruling_public_q,
)
from citations.resolve import Resolution, resolve

# Rulings recounted per grouped query and per bulk update.
STATS_BATCH = 2000


def citation_create(
    *,
    citing: Ruling | Filing,
    cited: Ruling,
    treatment: str = Citation.Treatment.CITES,
    pinpoint: str = "",
    quote: str = "",
    origin: str = Citation.Origin.MANUAL,
    verified: bool = False,
) -> Citation:
    """Link `citing` to `cited`; raises ValidationError on a self-citation or a duplicate."""
    citation = Citation(
        citing_ruling=citing if isinstance(citing, Ruling) else None,
        citing_filing=citing if isinstance(citing, Filing) else None,
        cited=cited,
        treatment=treatment,
        pinpoint=pinpoint,
        quote=quote,
        origin=origin,
        verified=verified,
    )
    # Through record_save (atomic): validated, versioned, and its domain event recounts `cited`.
    return case_services.record_save(instance=citation)


# Precomputed citation data -----------------------------------------------------------------
# Each cited ruling has its public cited-by counts (citations.CitedByStats, citation_stats_refresh)
# and each citation the date of its citing item (Citation.save, citing_dates_refresh). Both are
# recomputed from the rows, never incremented, so a refresh is exact and may be repeated.
# citations/receivers.py asks for them on the domain events of the services (a citation, its
# `verified` flag included, a ruling, a filing, a proceeding or a case's publication changed)
# and on the cascades of deletes; bulk loads (synthetic data, imports) refresh once at the end
# (`refreshes_deferred`, or a call of their own).
#
# The public counts (`count`, `treatments`, hence the citator signal) take only verified
# citations (docs/citations.md): an extracted or imported link nobody has checked is shown,
# marked, but does not count. `rulings_count` is the number of public citing rulings,
# unverified ones included: the graph draws those edges (marked), and bounds its walk with this
# count; it is never shown.


def _stats_of(ruling_ids: Iterable[int] | None) -> dict[int, Counter]:
    """Per cited ruling: a count per treatment of the verified citations, and the number of
    citing rulings, verified or not, under the key None.
    Rulings and filings are counted apart: an OR across both joins made PostgreSQL hash every
    ruling and filing (4 s for 2,000 rulings at 2,000,000 citations)."""
    stats: dict[int, Counter] = defaultdict(Counter)
    for from_rulings, citing_q in (
        (True, citing_ruling_public_q()),
        (False, citing_filing_public_q()),
    ):
        public = Citation.objects.filter(citing_q)
        if ruling_ids is not None:
            public = public.filter(cited_id__in=ruling_ids)
        rows = (
            public.order_by()
            .values_list("cited_id", "treatment", "verified")
            .annotate(n=Count("pk"))
        )
        for cited_id, treatment, verified, n in rows:
            if verified:
                stats[cited_id][treatment] += n
            if from_rulings:
                stats[cited_id][None] += n
    return stats


@transaction.atomic
def citation_stats_refresh(*, ruling_ids: Iterable[int] | None = None) -> int:
    """Recount the public citations received by `ruling_ids` (None: every ruling) and store
    them (citations.CitedByStats); returns how many rulings were refreshed."""
    if ruling_ids is None:
        return _stats_refresh_all()
    return len(_stats_refresh(ruling_ids))


def _stats_refresh(ruling_ids: Iterable[int]) -> list[CitedByStats]:
    """The recount of citation_stats_refresh, in the caller's transaction; returns each
    ruling's counts as they now are (a ruling counted zero that had no row still has none)."""
    ids = sorted(set(ruling_ids))
    written = []
    for start in range(0, len(ids), STATS_BATCH):
        batch = ids[start : start + STATS_BATCH]
        written += _stats_write(batch, _stats_of(batch))
    return written


def _stats_refresh_all() -> int:
    stats = _stats_of(None)
    # Every row to zero first (the rulings no public citation reaches any more), then the
    # counted ones written over.
    written = CitedByStats.objects.exclude(count=0, rulings_count=0).update(
        count=0, rulings_count=0, treatments={}
    )
    ids = sorted(stats)
    for start in range(0, len(ids), STATS_BATCH):
        written += len(_stats_write(ids[start : start + STATS_BATCH], stats))
    return written


def _stats_write(ids: list[int], stats: dict[int, Counter]) -> list[CitedByStats]:
    """Store the counts of `ids`; returns them. One INSERT … ON CONFLICT UPDATE for the
    counted rulings (they exist: a citation reaches them), one UPDATE to zero for the others'
    rows. A ruling being deleted has zero counts (its incoming citations go first, by
    cascade): no row is ever inserted for a ruling that is going away."""
    counted, zero = [], []
    for pk in ids:
        counts = Counter(stats.get(pk, ()))
        by_rulings = counts.pop(None, 0)
        if not counts and not by_rulings:
            zero.append(CitedByStats(ruling_id=pk))
            continue
        counted.append(
            CitedByStats(
                ruling_id=pk,
                count=sum(counts.values()),
                rulings_count=by_rulings,
                treatments=dict(sorted(counts.items())),
            )
        )
    if counted:
        CitedByStats.objects.bulk_create(
            counted,
            update_conflicts=True,
            unique_fields=["ruling"],
            update_fields=["count", "rulings_count", "treatments"],
        )
    if zero:
        CitedByStats.objects.filter(ruling_id__in=[row.ruling_id for row in zero]).update(
            count=0, rulings_count=0, treatments={}
        )
    return counted + zero


@transaction.atomic
def citing_dates_refresh(
    *, ruling_ids: Iterable[int] | None = None, filing_ids: Iterable[int] | None = None
) -> int:
    """Copy the citing item's date onto the citations of `ruling_ids` and `filing_ids` (both
    None: every citation); returns how many citations were written."""
    everything = ruling_ids is None and filing_ids is None
    ruling_date = Ruling.objects.filter(pk=OuterRef("citing_ruling_id")).values("decided_on")
    filing_date = Filing.objects.filter(pk=OuterRef("citing_filing_id")).values("registered_on")
    from_rulings = Citation.objects.filter(citing_ruling__isnull=False)
    from_filings = Citation.objects.filter(citing_filing__isnull=False)
    if not everything:
        from_rulings = from_rulings.filter(citing_ruling_id__in=list(ruling_ids or ()))
        from_filings = from_filings.filter(citing_filing_id__in=list(filing_ids or ()))
    return from_rulings.update(citing_date=Subquery(ruling_date[:1])) + from_filings.update(
        citing_date=Subquery(filing_date[:1])
    )


# Refreshes asked for by the receivers: made at once, or gathered in `refreshes_deferred`.


class _Pending(threading.local):
    def __init__(self):
        self.active = False
        self.ruling_ids: set[int] = set()
        self.dates: set[tuple[str, int]] = set()


_pending = _Pending()


@contextmanager
def refreshes_deferred():
    """Inside the block, the recounts and date copies the receivers ask for are gathered and
    made once, in bulk, when the block ends without an error (an import writing thousands of
    rows). Nothing in the block may read the counts. Nested blocks join the outer one."""
    if _pending.active:
        yield
        return
    _pending.active = True
    try:
        yield
        dates, ruling_ids = _pending.dates, _pending.ruling_ids
        _pending.dates, _pending.ruling_ids = set(), set()
        _pending.active = False
        if dates:
            citing_dates_refresh(
                ruling_ids=[pk for kind, pk in dates if kind == "ruling"],
                filing_ids=[pk for kind, pk in dates if kind == "filing"],
            )
        if ruling_ids:
            citation_stats_refresh(ruling_ids=ruling_ids)
    finally:
        _pending.active = False
        _pending.dates, _pending.ruling_ids = set(), set()


def recount(ruling_ids: Iterable[int]) -> list[CitedByStats]:
    """Recount `ruling_ids` now, in the caller's transaction (or once the deferring block
    ends); returns the rows written now."""
    ids = set(ruling_ids) - {None}
    if not ids:
        return []
    if _pending.active:
        _pending.ruling_ids |= ids
        return []
    return _stats_refresh(ids)


def citing_date_follow(citing: Ruling | Filing) -> None:
    """Copy `citing`'s new date onto its citations: one UPDATE with the value in hand."""
    kind = "ruling" if isinstance(citing, Ruling) else "filing"
    if _pending.active:
        _pending.dates.add((kind, citing.pk))
        return
    Citation.objects.filter(**{f"citing_{kind}": citing.pk}).update(
        citing_date=citing_date_of(citing)
    )


@transaction.atomic
def citations_verify(*, citations: Iterable[Citation], by=None) -> int:
    """Mark `citations` as checked by an editor; the rulings they cite count them from now on
    (the save recounts them). Returns how many were not verified before."""
    done = 0
    for citation in citations:
        if not citation.verified:
            citation.verified = True
            case_services.record_save(instance=citation, by=by)
            done += 1
    return done


def cited_by_items(*, ruling_ids: Iterable[int] = (), filing_ids: Iterable[int] = ()) -> set[int]:
    """The rulings cited by the given rulings and filings (to recount when those change)."""
    citing = Q(citing_ruling_id__in=list(ruling_ids)) | Q(citing_filing_id__in=list(filing_ids))
    return set(Citation.objects.filter(citing).values_list("cited_id", flat=True).distinct())


@dataclass
class ExtractionReport:
    """What the extractor proposed for one ruling or filing."""

    citing: Ruling | Filing
    created: list[Citation] = field(default_factory=list)
    already_linked: list[Resolution] = field(default_factory=list)
    unresolved: list[Resolution] = field(default_factory=list)


@transaction.atomic
def citations_extract_from_text(
    *, citing: Ruling | Filing, rulings: QuerySet[Ruling] | None = None
) -> ExtractionReport:
    """Find the citations in `citing.full_text`: resolved ones become unverified extracted
    citations (one per cited ruling) for an editor to confirm; unresolved ones are reported
    so that the missing rulings can be added. Existing links are left as they are.
    `rulings`: those the citations may resolve to (the admin: what the user may cite);
    default all."""
    report = ExtractionReport(citing=citing)
    resolutions = resolve(extract(citing.full_text or ""), rulings=rulings)
    linked = set(citing.outgoing_citations.values_list("cited_id", flat=True))
    for resolution in resolutions:
        cited = resolution.ruling
        if cited is None:
            report.unresolved.append(resolution)
        elif isinstance(citing, Ruling) and cited.pk == citing.pk:
            continue  # a ruling's own identifiers in its text
        elif cited.pk in linked:
            report.already_linked.append(resolution)
        else:
            report.created.append(
                citation_create(
                    citing=citing, cited=cited, origin=Citation.Origin.EXTRACTED, verified=False
                )
            )
            linked.add(cited.pk)
    return report
