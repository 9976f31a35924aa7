"""Writes to the citation graph, shared by the admin, the importer and the extractor."""

from dataclasses import dataclass, field

from django.db import transaction

from cases.models import Filing, Ruling
from citations.extract import extract
from citations.models import Citation
from citations.resolve import Resolution, resolve


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


@dataclass
class ExtractionReport:
    """What the extractor proposed for one ruling or filing."""

    citing: Ruling | Filing
    created: list[Citation] = field(default_factory=list)
    already_linked: list[Resolution] = field(default_factory=list)
    unresolved: list[Resolution] = field(default_factory=list)


@transaction.atomic
def citations_extract_from_text(*, citing: Ruling | Filing) -> ExtractionReport:
    """Find the citations in `citing.full_text`: resolved ones become unverified extracted
    citations (one per cited ruling) for an editor to confirm; unresolved ones are reported
    so that the missing rulings can be added. Existing links are left as they are."""
    report = ExtractionReport(citing=citing)
    resolutions = resolve(extract(citing.full_text or ""))
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
