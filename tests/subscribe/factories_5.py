"""Builders for the subscription, API and interchange tests, through the services (so the
status log, hearing history and slugs are made as the admin makes them)."""

import datetime as dt
import itertools

from cases import services
from cases.models import Case, Court, Filing, Hearing, Party, Proceeding, ProceedingParty, Ruling

_numbers = itertools.count(900001)

DRAFT_TITLE = "Secret draft case about Zorglub"
PERSON_NAME = "Jeanne Confidentielle-Dupont"


def make_court(slug: str = "ce") -> Court:
    court = Court.objects.filter(slug=slug).first()
    if court is None:
        court = Court(
            name_fr="Conseil d'État",
            name_en="Council of State",
            short_name_fr="CE",
            short_name_en="CE",
            slug=slug,
            country="FR",
            ecli_code="CEORD",
            kind=Court.Kind.ADMINISTRATIVE,
        )
        court.full_clean()
        court.save()
    return court


def make_case(
    *, title: str = "Test case", publication: str = Case.Publication.PUBLISHED, court=None
) -> tuple[Case, Proceeding]:
    case = services.case_save(
        case=Case(title_fr=title, title_en=title, publication=publication),
        status_on=dt.date(2021, 2, 26),
    )
    proceeding = Proceeding(
        case=case,
        court=court or make_court(),
        number=str(next(_numbers)),
        procedure=Proceeding.Procedure.REFERE_LIBERTE,
        lodged_on=dt.date(2021, 2, 26),
    )
    proceeding.full_clean()
    proceeding.save()
    return case, proceeding


def make_hearing(
    proceeding: Proceeding,
    *,
    date: dt.date = dt.date(2030, 3, 8),
    start_time: dt.time | None = dt.time(10, 30),
    location: str = "Palais-Royal",
) -> Hearing:
    return services.hearing_save(
        hearing=Hearing(proceeding=proceeding, date=date, start_time=start_time, location=location)
    )


def make_person(proceeding: Proceeding, name: str = PERSON_NAME) -> Party:
    party = services.party_save(party=Party(name=name, kind=Party.Kind.NATURAL_PERSON))
    ProceedingParty.objects.create(
        proceeding=proceeding, party=party, role=ProceedingParty.Role.APPLICANT
    )
    filing = Filing(
        proceeding=proceeding, kind=Filing.Kind.APPLICATION, registered_on=dt.date(2021, 2, 26)
    )
    filing.full_clean()
    filing.save()
    filing.filed_by.add(party)
    return party


def make_ruling(proceeding: Proceeding | None, *, court=None, ecli: str | None = None) -> Ruling:
    ruling = Ruling(
        court=court or (proceeding.court if proceeding else make_court()),
        proceeding=proceeding,
        kind=Ruling.Kind.ORDER,
        decided_on=dt.date(2021, 3, 12),
        ecli=ecli,
        title_fr="Ordonnance secrète" if proceeding else "Ordonnance",
        reference=proceeding is None,  # case law outside the cases, as a curator enters it
    )
    return services.ruling_save(ruling=ruling, numbers=[proceeding.number] if proceeding else [])


def make_draft_world() -> dict:
    """A draft case with a hearing, a ruling and a natural person, and a public case with a
    pseudonymised natural person: what must never leak."""
    draft, draft_proceeding = make_case(title=DRAFT_TITLE, publication=Case.Publication.DRAFT)
    draft_hearing = make_hearing(draft_proceeding, location="Salle Zorglub")
    draft_ruling = make_ruling(draft_proceeding)
    public, proceeding = make_case(title="Public case with a person")
    person = make_person(proceeding)
    hearing = make_hearing(proceeding)
    return {
        "draft": draft,
        "draft_hearing": draft_hearing,
        "draft_ruling": draft_ruling,
        "public": public,
        "proceeding": proceeding,
        "person": person,
        "hearing": hearing,
    }
