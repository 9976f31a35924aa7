"""Small builders for the citation tests (through the services, as the admin does)."""

import datetime as dt

from cases import services as case_services
from cases.choices import Publication
from cases.models import Case, Court, Ruling
from citations import services
from citations.models import Citation


def court(slug="cjue", country="EU", ecli_code="C", short="CJUE") -> Court:
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
    obj = Ruling(court=court_ or court(), decided_on=on, kind=kind, **kw)
    return case_services.ruling_save(ruling=obj, numbers=list(numbers))


def draft_case() -> Case:
    return case_services.case_save(case=Case(title_fr="Brouillon", publication=Publication.DRAFT))


def bulk_rulings(n: int, *, prefix: str) -> list[Ruling]:
    c = court()
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
