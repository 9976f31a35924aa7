"""Reads of the citation graph for public pages; only public citing and cited items count."""

from django.db.models import Q, QuerySet

from cases.models import Filing, Ruling
from citations.models import Citation
from citations.signal import SIGNAL_TREATMENTS, Signal, citator_signal


def ruling_cites(*, ruling: Ruling) -> QuerySet[Citation]:
    """What `ruling` cites (public cited rulings only)."""
    return (
        Citation.objects.public()
        .filter(citing_ruling=ruling)
        .select_related("cited__court")
        .order_by("-cited__decided_on", "pk")
    )


def ruling_cited_by(*, ruling: Ruling) -> QuerySet[Citation]:
    """The public rulings and filings that cite `ruling`."""
    return (
        Citation.objects.public()
        .filter(cited=ruling)
        .select_related(
            "citing_ruling__court",
            "citing_filing__proceeding__court",
            "citing_filing__proceeding__case",
        )
        .order_by("-citing_ruling__decided_on", "-citing_filing__registered_on", "pk")
    )


def ruling_signal(*, ruling: Ruling) -> Signal:
    # The distinct treatments decide the signal: a handful of rows, not one per citation.
    treatments = ruling_cited_by(ruling=ruling).order_by().values_list("treatment", flat=True)
    treatments = treatments.distinct()
    return citator_signal(treatments)


def ruling_cited_by_count(*, ruling: Ruling) -> int:
    """How many public rulings and filings cite `ruling` (computed, so always current)."""
    return Citation.objects.public().filter(cited=ruling).count()


def ruling_signal_with_causes(
    *, ruling: Ruling, limit: int = 20
) -> tuple[Signal, list[Citation], int]:
    """The citator signal of `ruling`, the first `limit` public citations that cause it (those
    whose treatment sets the signal) and how many cause it in all: three small queries, however
    often the ruling is cited."""
    cited_by = ruling_cited_by(ruling=ruling)
    treatments = cited_by.order_by().values_list("treatment", flat=True).distinct()
    signal = citator_signal(treatments)
    causing = cited_by.filter(treatment__in=SIGNAL_TREATMENTS[signal])
    if not SIGNAL_TREATMENTS[signal]:
        return signal, [], 0
    return signal, list(causing[:limit]), causing.count()


def case_cited_rulings(*, case, proceedings: list | None = None) -> list[Citation]:
    """The public rulings outside `case` that its rulings and filings cite, once each (the
    first citation found carries the treatment shown). `proceedings`, when given, are the
    case's proceedings with their rulings and filings prefetched (the case page has them)."""
    if proceedings is None:
        ruling_ids = list(Ruling.objects.filter(proceeding__case=case).values_list("pk", flat=True))
        filing_ids = list(Filing.objects.filter(proceeding__case=case).values_list("pk", flat=True))
    else:
        ruling_ids = [ruling.pk for p in proceedings for ruling in p.rulings.all()]
        filing_ids = [filing.pk for p in proceedings for filing in p.filings.all()]
    # Ids, not joins: PostgreSQL combines two index scans (citing ruling, citing filing) where
    # an OR across the two joins to the case made it read every citation (bench/README.md:
    # 300-entry timeline at 2,000,000 citations, 2.3 s → 0.02 s for this query).
    citations = (
        Citation.objects.public()
        .filter(Q(citing_ruling__in=ruling_ids) | Q(citing_filing__in=filing_ids))
        .exclude(cited__proceeding__case=case)
        .select_related("cited__court")
        .order_by("-cited__decided_on", "pk")
    )
    seen, unique = set(), []
    for citation in citations:
        if citation.cited_id not in seen:
            seen.add(citation.cited_id)
            unique.append(citation)
    return unique
