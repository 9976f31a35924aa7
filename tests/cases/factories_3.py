"""Builders for the public-pages tests, through the services where they hold rules."""

import datetime as dt
import itertools

from cases import services
from cases.models import (
    Case,
    Court,
    Event,
    Filing,
    Hearing,
    Party,
    Proceeding,
    ProceedingParty,
    Ruling,
    StatusUpdate,
    Topic,
)
from citations.services import citation_create

_counter = itertools.count(1)


def court(**fields) -> Court:
    n = next(_counter)
    defaults = {
        "slug": f"court-{n}",
        "name_fr": f"Tribunal {n}",
        "name_en": f"Court {n}",
        "short_name_fr": f"T{n}",
        "short_name_en": f"C{n}",
        "country": "FR",
        "kind": Court.Kind.ADMINISTRATIVE,
    }
    obj = Court(**{**defaults, **fields})
    obj.full_clean()
    obj.save()
    return obj


def party(name: str | None = None, kind=Party.Kind.ASSOCIATION, **fields) -> Party:
    return services.party_save(
        party=Party(name=name or f"Association {next(_counter)}", kind=kind, **fields)
    )


def case(title: str = "Affaire test", publication=Case.Publication.PUBLISHED, **fields) -> Case:
    obj = Case(title_fr=title, title_en=f"{title} (en)", publication=publication, **fields)
    return services.case_save(case=obj, status_on=dt.date(2021, 1, 1))


def proceeding(the_case: Case, the_court: Court | None = None, **fields) -> Proceeding:
    defaults = {
        "number": str(400000 + next(_counter)),
        "procedure": Proceeding.Procedure.REFERE_LIBERTE,
        "lodged_on": dt.date(2021, 2, 1),
    }
    obj = Proceeding(case=the_case, court=the_court or court(), **{**defaults, **fields})
    obj.full_clean()
    obj.save()
    return obj


def hearing(the_proceeding: Proceeding, date: dt.date, **fields) -> Hearing:
    obj = Hearing(proceeding=the_proceeding, date=date, **fields)
    return services.hearing_save(hearing=obj)


def ruling(the_proceeding: Proceeding | None, the_court: Court | None = None, **fields) -> Ruling:
    the_court = the_court or (the_proceeding.court if the_proceeding else court())
    number = fields.pop("number", str(500000 + next(_counter)))
    # Without a proceeding: reference case law, as a curator enters it.
    defaults = {
        "kind": Ruling.Kind.ORDER,
        "decided_on": dt.date(2021, 3, 12),
        "reference": the_proceeding is None,
    }
    obj = Ruling(proceeding=the_proceeding, court=the_court, **{**defaults, **fields})
    return services.ruling_save(ruling=obj, numbers=[number])


def populated_case(n: int, *, publication=Case.Publication.PUBLISHED, today=None) -> Case:
    """A case with `n` of everything its pages show: parties with counsel, filings, hearings
    (each moved once), rulings citing a ruling elsewhere, events, status updates, topics."""
    today = today or dt.date.today()
    the_case = case(f"Affaire peuplée {next(_counter)}", publication=publication)
    the_court = court()
    the_proceeding = proceeding(the_case, the_court)
    elsewhere = ruling(None, court(country="EU", kind=Court.Kind.EU), number=f"C-{n}/18")
    topic = Topic.objects.create(slug=f"topic-{next(_counter)}", name_fr="Thème", name_en="Topic")
    the_case.topics.add(topic)
    for i in range(n):
        kind = Party.Kind.NATURAL_PERSON if i % 3 == 1 else Party.Kind.ASSOCIATION
        member = party(f"Partie {next(_counter)}", kind=kind)
        participant = ProceedingParty.objects.create(
            proceeding=the_proceeding, party=member, role=ProceedingParty.Role.APPLICANT
        )
        participant.counsel.create(name=f"Me Avocat {i}")
        filing = Filing.objects.create(
            proceeding=the_proceeding,
            kind=Filing.Kind.BRIEF,
            registered_on=dt.date(2021, 2, 1) + dt.timedelta(days=i),
            summary_fr="Mémoire",
        )
        filing.filed_by.add(member)
        item = hearing(the_proceeding, today + dt.timedelta(days=i + 1))
        services.hearing_reschedule(
            hearing=item,
            date=today + dt.timedelta(days=i + 2),
            start_time=dt.time(10, 30),
            reason="Renvoi",
        )
        decision = ruling(the_proceeding, decided_on=dt.date(2021, 3, 1) + dt.timedelta(days=i))
        citation_create(citing=decision, cited=elsewhere, treatment="applies")
        event = Event.objects.create(occurred_on=dt.date(2020, 1, 1), title_fr=f"Fait {i}")
        event.cases.add(the_case)
        StatusUpdate.objects.create(
            case=the_case, posted_on=dt.date(2021, 3, 1), text_fr=f"Point {i}", next_step_fr="Suite"
        )
    return the_case
