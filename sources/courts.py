"""The court a record names, as published, to one court of casetracker (docs/sources.md,
"Courts"). Only spellings the real samples show are mapped; any other is derived from the
published name, never guessed."""

from dataclasses import dataclass

from django.utils.text import slugify

from common.text import fold
from sources.records import DecisionRecord


@dataclass(frozen=True)
class CourtIdentity:
    slug: str
    name_fr: str
    country: str
    kind: str
    ecli_code: str = ""
    short_name_fr: str = ""


def folded(name: str) -> str:
    """Accents and case folded, spaces collapsed: "Conseil d'État" = "Conseil d'Etat"."""
    return " ".join(fold(name.replace("\u2019", "'")).split())


CONSEIL_ETAT = CourtIdentity("ce", "Conseil d'État", "FR", "administrative", "CE", "CE")
TRIBUNAL_CONFLITS = CourtIdentity("tc", "Tribunal des conflits", "FR", "judicial", "", "TC")
COUR_CASSATION = CourtIdentity("cass", "Cour de cassation", "FR", "judicial", "CCASS", "Cass.")
# CELEX court letters (sector 6) to the EU courts; ECLI court codes as in the ECLIs CELLAR gives.
EU_COURTS = {
    "C": CourtIdentity("cjue", "Cour de justice de l'Union européenne", "EU", "eu", "C", "CJUE"),
    "T": CourtIdentity("tue", "Tribunal de l'Union européenne", "EU", "eu", "T", "Trib. UE"),
    "F": CourtIdentity(
        "tfpue", "Tribunal de la fonction publique de l'Union européenne", "EU", "eu", "F", "TFP"
    ),
}  # fmt: skip
BY_NAME = {
    "conseil d'etat": CONSEIL_ETAT,
    # The administrative open data names the CE's formation ("Section du Contentieux ").
    "section du contentieux": CONSEIL_ETAT,
    "tribunal des conflits": TRIBUNAL_CONFLITS,
}


def court_of(record: DecisionRecord) -> CourtIdentity:
    if record.source == "cjeu-cellar":
        letter = (record.court_code or "C")[0]
        return EU_COURTS.get(letter, EU_COURTS["C"])
    if record.source == "judilibre":
        if record.court_code == "cc":
            return COUR_CASSATION
        # Lower courts: the location key ("ca_chambery", a tcom code "8501").
        slug = slugify(record.court.replace("_", "-"))[:40] or record.court_code
        return CourtIdentity(slug, record.court, "FR", "judicial")
    if record.source == "justice-administrative" and record.court_code == "CE":
        return CONSEIL_ETAT
    known = BY_NAME.get(folded(record.court))
    if known:
        return known
    # A cour administrative d'appel or tribunal administratif, by its published name.
    name = " ".join(record.court.split())
    name = name[0].upper() + name[1:].lower() if name else name
    slug = slugify(
        folded(name)
        .replace("cour administrative d'appel de ", "caa ")
        .replace("tribunal administratif de ", "ta ")
    )[:40]
    return CourtIdentity(slug, name, "FR", "administrative")
