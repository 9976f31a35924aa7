"""What of a public record may go out, whatever the output (docs/publication.md).

Visibility (cases/visibility.py) decides which records are public; this module decides which of
their fields stay in all the same. One rule: no full text goes out. The full texts of filings
and rulings are entered for the curators (extraction of citations, search in the admin,
moving an instance) and may hold what pseudonymisation removes from every public output: names,
addresses, health details. Pages, API, feeds, calendars, CSV, `export_caselaw --public` and the
`/<lang>/data/` download leave them out. The one exception the rule allows, a ruling's text as
its official source published it already pseudonymised, applies once provenance records it:
nothing records it yet, so no full text is public.
"""

from cases.models import Filing, Ruling

# Fields of public records that no public output carries.
WITHHELD_FIELDS = {Filing: ("full_text",), Ruling: ("full_text",)}


def public_fields(model, names: tuple[str, ...]) -> tuple[str, ...]:
    """`names` without the fields of `model` that stay in."""
    withheld = WITHHELD_FIELDS.get(model, ())
    return tuple(name for name in names if name not in withheld)
