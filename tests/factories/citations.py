"""Citations: `CitationFactory` (tests.factories.cases holds the rulings it links), and small
builders for the citation graph tests, through the services as the admin does:
`ruling` (reference case law of the Court of Justice), `bulk_rulings`, `bulk_cite`."""

import datetime as dt

import factory

from cases import services as case_services
from cases.models import Court, Ruling
from citations import services
from citations.models import Citation
from tests.factories.base import Factory
from tests.factories.cases import RulingFactory


def _court(slug="cjue", country="EU", ecli_code="C", short="CJUE") -> Court:
    found = Court.objects.filter(slug=slug).first()
    if found:
        return found
    return Court.objects.create(
        slug=slug,
        name_fr=short,
        short_name_fr=short,
        country=country,
        ecli_code=ecli_code,
        kind="eu",
    )


def ruling(*, on=dt.date(2020, 1, 1), numbers=(), kind=Ruling.Kind.JUDGMENT, court_=None, **kw):
    # Without a proceeding: reference case law, as a curator enters it.
    kw.setdefault("reference", kw.get("proceeding") is None)
    obj = Ruling(court=court_ or _court(), decided_on=on, kind=kind, **kw)
    return case_services.ruling_save(ruling=obj, numbers=list(numbers))


def bulk_rulings(n: int, *, prefix: str) -> list[Ruling]:
    c = _court()
    Ruling.objects.bulk_create(
        Ruling(
            court=c,
            decided_on=dt.date(2021, 1, 1),
            kind=Ruling.Kind.JUDGMENT,
            slug=f"{prefix}-{i}",
            reference=True,
        )
        for i in range(n)
    )
    return list(Ruling.objects.filter(slug__startswith=f"{prefix}-"))


def bulk_cite(citing: list[Ruling], cited: Ruling, treatment=Citation.Treatment.CITES) -> None:
    Citation.objects.bulk_create(
        Citation(citing_ruling=r, cited=cited, treatment=treatment, citing_date=r.decided_on)
        for r in citing
    )
    # A bulk load sends no signal: it refreshes the precomputed counts once, as importers do.
    services.citation_stats_refresh(ruling_ids=[cited.pk])


class CitationFactory(Factory):
    """A ruling citing another ruling; pass `citing_filing=` with `citing_ruling=None` for a
    filing."""

    class Meta:
        model = Citation

    citing_ruling = factory.SubFactory(RulingFactory)
    citing_filing = None
    cited = factory.SubFactory(RulingFactory)
    treatment = Citation.Treatment.CITES

    @factory.post_generation
    def counted(obj, create, extracted, **kwargs):
        # Saved directly, not by a service: the cited ruling's counts follow as they would.
        if create:
            services.citation_stats_refresh(ruling_ids=[obj.cited_id])
