"""The neutral record every parser yields, whatever the source (docs/sources.md, "Records")."""

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CitedPrecedent:
    """A decision the source itself lists as cited (JADE's CITATION_JP, CELLAR's
    WORK_CITES_WORK, Judilibre's rapprochements): what it says, as published."""

    text: str = ""
    ecli: str = ""
    celex: str = ""
    source_id: str = ""
    court: str = ""
    numbers: tuple[str, ...] = ()
    decided_on: dt.date | None = None
    url: str = ""
    fragment: str = ""


@dataclass(frozen=True)
class DecisionRecord:
    source: str
    source_id: str
    court: str
    """The court as the source publishes it ("Conseil d'Etat", "TA95 Tribunal Administratif…")."""
    court_code: str = ""
    """The source's own code for the court, when it has one ("CE", "TA95", "cc", "FJ")."""
    ecli: str = ""
    celex: str = ""
    numbers: tuple[str, ...] = ()
    kind: str = ""
    """The kind as the source names it ("Ordonnance", "arret", "JUDG")."""
    decided_on: dt.date | None = None
    formation: str = ""
    title: str = ""
    parties: tuple[str, ...] = ()
    """Parties or their pseudonyms, as published ("BN", "M. et Mme,,"); never re-identified."""
    full_text: str = ""
    cited: tuple[CitedPrecedent, ...] = ()
    urls: tuple[str, ...] = ()
    retrieved_at: dt.datetime | None = None
    updated_on: dt.date | None = None
    deleted: bool = False
    extra: dict = field(default_factory=dict, compare=False)
