"""Writes to the citation graph, shared by the admin, the importer and the extractor."""

from django.db import transaction

from cases.models import Filing, Ruling
from citations.models import Citation


@transaction.atomic
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
    citation.full_clean()
    citation.save()
    return citation
