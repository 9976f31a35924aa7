"""Who may see what: the visibility and pseudonymisation rules (docs/visibility.md), in one place.

Every public output (pages, feeds, calendars, search, API, exports) goes through these rules,
through the models' `.public()` querysets (built from the Q objects below) and through
`pseudonymise()`. This module imports no model so that the models can use it.

Visibility: a case is public when published or archived. Everything attached to a case is public
only when the case is. Reference data (courts) is public. A party is public when a public case
names it, or when it is reference data a curator recorded that no case names yet
(`party_public_q`): a party only unpublished cases name stays out of every public output,
whoever recorded it.

Rulings and events attached to no case are public only when a curator marked them as reference
(`Ruling.reference`, `Event.reference`): that status is explicit, never inferred from an empty
proceeding or an empty list of cases, so that deleting or unpublishing something never
publishes anything else. A ruling whose proceeding or case is deleted is kept, detached
(`proceeding` emptied) and unpublished: it may be a real court's judgment that others cite, so
a curator decides whether it becomes reference case law or goes. An event whose cases are all
deleted is likewise kept unpublished. A ruling in a proceeding is never reference (a database
constraint): it is public exactly when its case is. A reference event stays public whatever its
cases; the draft ones among them are not named.

A ruling its source withdrew (Judilibre's deleted decisions, `Ruling.withdrawn_at`) is public
nowhere, whatever its case or reference status; curators keep it, with the reason.

A ruling given on joined cases belongs to several proceedings (its main `proceeding` and its
`joined_proceedings`), possibly of several cases: it is public as soon as one of those cases is,
and public output names only the proceedings whose case is public itself
(cases.selectors.ruling_visible_proceedings, ruling_public_proceedings).

Links obey the visibility of both ends: an output shows the other end of a relation (the judgment
an opinion precedes, a cited or citing ruling, a ruling's case, an event's cases, a citing
filing's case) only when that end is public itself; `.public()` of the linked model decides.

Pseudonymisation: a natural person whose name the court does not publish is shown as letters
assigned in order of appearance within each case ("A... B...", then "C... D..."), never by
initials, and has no public page.
"""

from collections.abc import Iterable
from string import ascii_uppercase

from django.apps import apps
from django.db.models import Exists, OuterRef, Q

from cases.choices import PartyKind, Publication

PUBLIC_STATES = (Publication.PUBLISHED, Publication.ARCHIVED)


def case_is_public(case) -> bool:
    return case.publication in PUBLIC_STATES


def case_public_q(prefix: str = "") -> Q:
    """Rows whose case (reached through `prefix`, e.g. "proceeding__case__") is public."""
    return Q(**{f"{prefix}publication__in": PUBLIC_STATES})


def ruling_public_q(prefix: str = "") -> Q:
    """A ruling is public when a curator made it reference case law, or the case of its
    proceeding is public, or (joined cases) the case of one of its joined proceedings is; and
    never once the source that published it withdrew it (`withdrawn_at`)."""
    return ruling_not_withdrawn_q(prefix) & (
        Q(**{f"{prefix}reference": True})
        | case_public_q(f"{prefix}proceeding__case__")
        | Q(_joined_public(OuterRef(f"{prefix}pk")))
    )


def _joined_public(ruling) -> Exists:
    """A joined proceeding of `ruling` (an OuterRef) is in a public case. EXISTS, so that a
    ruling joined to several proceedings is not counted several times."""
    return Exists(_joined_links_public(ruling))


def _joined_links_public(ruling):
    links = apps.get_model("cases", "Ruling").joined_proceedings.through.objects
    return links.filter(ruling=ruling).filter(case_public_q("proceeding__case__"))


def ruling_not_withdrawn_q(prefix: str = "") -> Q:
    """Rulings their source has not withdrawn: what a public case's own pages list of its
    rulings (the rest of `ruling_public_q` holds there by the case's publication)."""
    return Q(**{f"{prefix}withdrawn_at__isnull": True})


def ruling_is_public(ruling, *, joined: bool = True) -> bool:
    """`joined=False`: the caller knows the ruling has no joined proceeding (no query then)."""
    if ruling.withdrawn_at is not None:
        return False
    if ruling.reference:
        return True
    if ruling.proceeding_id is not None and case_is_public(ruling.proceeding.case):
        return True
    return joined and ruling.pk is not None and _joined_links_public(ruling.pk).exists()


def event_reference_q(prefix: str = "") -> Q:
    """Events public on their own; the others are public through a public case."""
    return Q(**{f"{prefix}reference": True})


def docket_entry_public_q(prefix: str = "") -> Q:
    """The entries of a proceeding's docket (its filings and hearings) are public exactly when
    the proceeding's case is."""
    return case_public_q(f"{prefix}proceeding__case__")


def _named_by_a_case(public_only: bool) -> Q:
    """The party (the outer row) is named by a case (a public one when `public_only`), as a
    party to one of its proceedings or as the filer of one of its filings. EXISTS, so that the
    database answers from the party's index rows instead of reading every participant."""
    participants = apps.get_model("cases", "ProceedingParty").objects.filter(party=OuterRef("pk"))
    filers = apps.get_model("cases", "Filing").filed_by.through.objects.filter(party=OuterRef("pk"))
    if public_only:
        participants = participants.filter(case_public_q("proceeding__case__"))
        filers = filers.filter(case_public_q("filing__proceeding__case__"))
    return Q(Exists(participants)) | Q(Exists(filers))


def party_public_q() -> Q:
    """A party may appear on public output (its page, lists, filters, search, API, sitemap,
    data download) when a public case names it, or when it is reference data recorded by a
    curator (no `entered_by`) that no case names. A party that only unpublished cases name is
    not public, whoever recorded it: parties that editors create become public with the first
    published case that names them."""
    reference = Q(entered_by__isnull=True) & ~_named_by_a_case(public_only=False)
    return _named_by_a_case(public_only=True) | reference


def party_has_public_page_q(prefix: str = "") -> Q:
    """Pseudonymised natural persons have no public page, and are never listed by name."""
    return ~Q(**{f"{prefix}kind": PartyKind.NATURAL_PERSON}) | Q(
        **{f"{prefix}name_published_by_court": True}
    )


def party_found_by_name_q(prefix: str = "") -> Q:
    """Parties a reader may find by typing part of a name, and be suggested: no natural
    person, not even one the court names (reached by its page's slug alone)."""
    return ~Q(**{f"{prefix}kind": PartyKind.NATURAL_PERSON})


def is_pseudonymised(party) -> bool:
    return party.kind == PartyKind.NATURAL_PERSON and not party.name_published_by_court


def pseudonym(index: int) -> str:
    """The pseudonym of the index-th (0-based) pseudonymised person of a case: "A... B..."."""
    first, last = _letters(2 * index), _letters(2 * index + 1)
    return f"{first}... {last}..."


def _letters(n: int) -> str:
    # A..Z, then AA, AB, ... as Judilibre does past 26 letters.
    letters = ""
    n += 1
    while n:
        n, remainder = divmod(n - 1, 26)
        letters = ascii_uppercase[remainder] + letters
    return letters


def pseudonymise(parties_in_order: Iterable) -> dict[int, str]:
    """Public names of the parties of one case, keyed by party pk.

    `parties_in_order` are the case's parties in order of appearance (a party may repeat: it
    keeps the letters of its first appearance).
    """
    names: dict[int, str] = {}
    count = 0
    for party in parties_in_order:
        if party.pk in names:
            continue
        if is_pseudonymised(party):
            names[party.pk] = pseudonym(count)
            count += 1
        else:
            names[party.pk] = party.name
    return names


def public_party_name(party, case_names: dict[int, str] | None = None) -> str:
    """A party's name for public output; without case context a pseudonymised person is
    shown with a neutral label (the letters only make sense within a case)."""
    if case_names and party.pk in case_names:
        return case_names[party.pk]
    if is_pseudonymised(party):
        return "X..."
    return party.name
