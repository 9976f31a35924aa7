"""Reads of the citation graph for public pages; only public citing and cited items are read.
Lists show unverified citations too (each carries `verified`, and the templates mark it);
counts and the citator signal take verified citations only (citations.services)."""

from django.db.models import Q, QuerySet

from cases import visibility
from cases.models import Filing, Proceeding, Ruling
from citations.models import Citation, citing_public_q, stats_of
from citations.signal import SIGNAL_TREATMENTS, Signal, citator_signal

# The long texts of the rulings and filings listed around a ruling: never shown in the lists.
RULING_TEXTS = ("full_text", "summary_fr", "summary_en", "outcome_text_fr", "outcome_text_en")


def _without_texts(*prefixes: str) -> list[str]:
    return [f"{prefix}__{name}" for prefix in prefixes for name in RULING_TEXTS]


def known_public(ruling: Ruling) -> bool:
    """Whether `ruling` is public as read, without a query: the visibility rule without its
    joined cases, for a ruling of case law or one read with its case (ruling pages
    select_related("proceeding__case")). False when it cannot tell (a ruling public only
    through joined cases, or read without its case)."""
    read_with_case = ruling.proceeding_id is None or (
        Ruling.proceeding.is_cached(ruling) and Proceeding.case.is_cached(ruling.proceeding)
    )
    return read_with_case and visibility.ruling_is_public(ruling, joined=False)


def _public_around(ruling: Ruling, end: str) -> QuerySet[Citation]:
    """Public citations whose `end` ("cited" or "citing") is `ruling`. When `ruling` is known
    public, only the other end is checked in SQL: each check joins the ruling's proceeding and
    case and adds an EXISTS over its joined proceedings, which cost more to build and plan than
    the index walk they filter."""
    if not known_public(ruling):
        return Citation.objects.public()
    if end == "cited":
        return Citation.objects.filter(citing_public_q())
    return Citation.objects.filter(visibility.ruling_public_q("cited__"))


def ruling_cites(*, ruling: Ruling) -> QuerySet[Citation]:
    """What `ruling` cites (public cited rulings only)."""
    return (
        _public_around(ruling, "citing")
        .filter(citing_ruling=ruling)
        .select_related("cited__court")
        .defer("quote", *_without_texts("cited"))
        .order_by("-cited__decided_on", "pk")
    )


def ruling_cited_by(*, ruling: Ruling) -> QuerySet[Citation]:
    """The public rulings and filings that cite `ruling`, most recent first.

    The ordering walks the index (cited, -citing_date, -id): a page that takes the first 50
    of a hub cited 70,000 times checks the visibility of about 50 rows, not of all of them."""
    return (
        _public_around(ruling, "cited")
        .filter(cited=ruling)
        .select_related(
            "citing_ruling__court",
            "citing_filing__proceeding__court",
            "citing_filing__proceeding__case",
        )
        .defer("quote", "citing_filing__full_text", *_without_texts("citing_ruling"))
        .order_by("-citing_date", "-pk")
    )


def ruling_signal(*, ruling: Ruling) -> Signal:
    """From the ruling's precomputed counts (citations.CitedByStats): no query when the ruling
    was read with select_related("cited_by_stats")."""
    return citator_signal(t for t, n in stats_of(ruling).treatments.items() if n)


def ruling_cited_by_count(*, ruling: Ruling) -> int:
    """How many public rulings and filings cite `ruling`, verified citations only (computed,
    so always current)."""
    return Citation.objects.public().filter(cited=ruling, verified=True).count()


def ruling_signal_with_causes(
    *, ruling: Ruling, limit: int = 20
) -> tuple[Signal, list[Citation], int]:
    """The citator signal of `ruling`, the `limit` most recent public verified citations that
    cause it (those whose treatment sets the signal) and how many cause it in all. The signal
    and the count come from the ruling's precomputed counts; the citations from one indexed query
    per causing treatment (at most three), however often the ruling is cited."""
    signal = ruling_signal(ruling=ruling)
    treatments = sorted(SIGNAL_TREATMENTS[signal])
    counts = stats_of(ruling).treatments
    causing = [t for t in treatments if counts.get(t)]
    causes = [
        citation
        for treatment in causing
        for citation in ruling_cited_by(ruling=ruling).filter(treatment=treatment, verified=True)[
            :limit
        ]
    ]
    causes.sort(key=lambda c: (c.citing_date, c.pk), reverse=True)
    return signal, causes[:limit], sum(counts.get(t, 0) for t in treatments)


def case_cited_rulings(*, case, proceedings: list | None = None) -> list[Citation]:
    """The public rulings outside `case` that its rulings and filings cite, once each (the
    first citation found, a verified one if any, carries the treatment shown). `proceedings`,
    when given, are the case's proceedings with their rulings and filings prefetched (the case
    page has them)."""
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
        .order_by("-cited__decided_on", "cited_id", "-verified", "pk")
    )
    seen, unique = set(), []
    for citation in citations:
        if citation.cited_id not in seen:
            seen.add(citation.cited_id)
            unique.append(citation)
    return unique


def citation_list() -> QuerySet[Citation]:
    """Public citations (citing and cited both public, unverified ones included, each carries
    `verified`) with both ends joined."""
    return Citation.objects.public().select_related("citing_ruling", "citing_filing", "cited")
