"""The administrative courts' open data: one XML file per decision (`Document`), published in
monthly archives (docs/sources.md, "justice-administrative")."""

import datetime as dt

from sources.records import DecisionRecord
from sources.text import iso_date, split_numbers
from sources.xmlsafe import RecordError, find_text, parse, text_of

SOURCE = "justice-administrative"


def parse_decision(
    data: bytes, *, name: str = "", retrieved_at: dt.datetime | None = None
) -> DecisionRecord:
    root = parse(data, name=name or "decision file")
    if root.tag != "Document":
        raise RecordError(f"{name}: not a decision file (root element {root.tag})")
    # The file name is the identifier ("ORCE_454159_20210728.xml"); Identification repeats it.
    source_id = find_text(root, "Donnees_Techniques/Identification") or name
    if not source_id:
        raise RecordError("decision file without Identification")
    decided_on = iso_date(find_text(root, "Dossier/Date_Lecture"))
    if decided_on is None:
        raise RecordError(f"{source_id}: no reading date (Date_Lecture)")
    text = text_of(root.find("Decision/Texte_Integral"))
    if not text:
        raise RecordError(f"{source_id}: empty Texte_Integral")
    return DecisionRecord(
        source=SOURCE,
        source_id=source_id,
        court=find_text(root, "Dossier/Nom_Juridiction"),
        court_code=find_text(root, "Dossier/Code_Juridiction"),
        ecli=find_text(root, "Dossier/Numero_ECLI"),
        numbers=split_numbers(find_text(root, "Dossier/Numero_Dossier")),
        kind=find_text(root, "Dossier/Type_Decision"),
        decided_on=decided_on,
        formation=find_text(root, "Audience/Formation_Jugement"),
        full_text=text,
        retrieved_at=retrieved_at,
        updated_on=iso_date(find_text(root, "Donnees_Techniques/Date_Mise_Jour")),
        extra={
            "procedure": find_text(root, "Dossier/Type_Recours"),
            "outcome": find_text(root, "Dossier/Solution"),
            "publication": find_text(root, "Dossier/Code_Publication"),
            "hearing_date": find_text(root, "Audience/Date_Audience"),
            "counsel": find_text(root, "Dossier/Avocat_Requerant"),
        },
    )
