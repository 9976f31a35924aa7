"""Factories and builders of the cases app's records (courts, parties, cases, proceedings,
hearings, rulings, news).

factory_boy factories (`CaseFactory`, …): defaults build the common, valid, public record: a
published case, a scheduled hearing, a judgment of the Court of Justice with a valid ECLI.
Traits and helpers give the other states: `CaseFactory(draft=True)`,
`PartyFactory(natural_person=True)`, `draft_case()`.
Sequences keep every unique field unique, so any number of records can coexist.

Builders through the services (where the status log, hearing history and slugs are made as the
admin makes them): `court`, `party`, `case`, `proceeding`, `hearing`, `ruling`, `populated_case`
(the public pages' tests, `from tests.factories import cases as f`), and `make_court`,
`make_case`, `make_hearing`, `make_person`, `make_ruling`, `make_draft_world` (the feeds, API and
interchange tests: a draft world that must never leak).
"""

import datetime as dt
import itertools

import factory
from django.utils import timezone

from cases import services
from cases.models import (
    Case,
    CaseSlugAlias,
    CaseStatusChange,
    Counsel,
    Court,
    Event,
    Filing,
    Hearing,
    HearingChange,
    Party,
    Proceeding,
    ProceedingParty,
    Ruling,
    RulingNumber,
    StatusUpdate,
    Topic,
)
from citations.services import citation_create
from tests.factories.base import Factory, set_many

# Reference data ---------------------------------------------------------------------------


class CourtFactory(Factory):
    class Meta:
        model = Court

    name_fr = factory.Sequence(lambda n: f"Juridiction {n}")
    name_en = factory.Sequence(lambda n: f"Court {n}")
    short_name_fr = factory.Sequence(lambda n: f"J{n}")
    short_name_en = factory.Sequence(lambda n: f"C{n}")
    slug = factory.Sequence(lambda n: f"court-{n}")
    country = "EU"
    ecli_code = "C"
    kind = Court.Kind.EU

    class Params:
        cjeu = factory.Trait(
            name_fr="Cour de justice de l'Union européenne",
            name_en="Court of Justice of the European Union",
            short_name_fr="CJUE",
            short_name_en="CJEU",
            slug="cjue",
        )
        conseil_detat = factory.Trait(
            name_fr="Conseil d'État",
            name_en="Conseil d'État (French Council of State)",
            short_name_fr="CE",
            short_name_en="CE",
            slug="ce",
            country="FR",
            ecli_code="CEORD",
            kind=Court.Kind.ADMINISTRATIVE,
        )


class PartyFactory(Factory):
    class Meta:
        model = Party

    name = factory.Sequence(lambda n: f"Association n° {n}")
    slug = factory.Sequence(lambda n: f"party-{n}")
    kind = Party.Kind.ASSOCIATION

    class Params:
        natural_person = factory.Trait(
            kind=Party.Kind.NATURAL_PERSON,
            name=factory.Faker("name", locale="fr_FR"),
            slug=factory.Sequence(lambda n: f"person-{n:08d}"),
        )
        company = factory.Trait(
            kind=Party.Kind.COMPANY, name=factory.Sequence(lambda n: f"Société {n} SAS")
        )


class CounselFactory(Factory):
    class Meta:
        model = Counsel

    name = factory.Sequence(lambda n: f"Maître Avocate {n}")
    firm = ""


class TopicFactory(Factory):
    class Meta:
        model = Topic

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_fr = factory.Sequence(lambda n: f"Thème {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")


# Cases ------------------------------------------------------------------------------------


class CaseFactory(Factory):
    """A published case; `draft=True`, `review=True` or `archived=True` for the other states."""

    class Meta:
        model = Case

    title_fr = factory.Sequence(lambda n: f"Affaire n° {n}")
    title_en = factory.Sequence(lambda n: f"Case no. {n}")
    slug = factory.Sequence(lambda n: f"case-{n}")
    summary_fr = "Résumé de l'affaire."
    summary_en = "Summary of the case."
    status = Case.Status.FILED
    publication = Case.Publication.PUBLISHED
    topics = set_many("topics")

    class Params:
        draft = factory.Trait(publication=Case.Publication.DRAFT)
        review = factory.Trait(publication=Case.Publication.REVIEW)
        archived = factory.Trait(publication=Case.Publication.ARCHIVED)


def draft_case(**kwargs) -> Case:
    return CaseFactory(draft=True, **kwargs)


class CaseSlugAliasFactory(Factory):
    class Meta:
        model = CaseSlugAlias

    case = factory.SubFactory(CaseFactory)
    slug = factory.Sequence(lambda n: f"former-slug-{n}")


class CaseStatusChangeFactory(Factory):
    class Meta:
        model = CaseStatusChange

    case = factory.SubFactory(CaseFactory)
    from_status = ""
    to_status = Case.Status.FILED
    changed_on = dt.date(2021, 2, 26)


class ProceedingFactory(Factory):
    class Meta:
        model = Proceeding

    case = factory.SubFactory(CaseFactory)
    court = factory.SubFactory(CourtFactory)
    number = factory.Sequence(lambda n: f"{400000 + n}")
    procedure = Proceeding.Procedure.REFERE_LIBERTE
    lodged_on = dt.date(2021, 2, 26)


class ProceedingPartyFactory(Factory):
    class Meta:
        model = ProceedingParty

    proceeding = factory.SubFactory(ProceedingFactory)
    party = factory.SubFactory(PartyFactory)
    role = ProceedingParty.Role.APPLICANT
    counsel = set_many("counsel")


class FilingFactory(Factory):
    class Meta:
        model = Filing

    proceeding = factory.SubFactory(ProceedingFactory)
    kind = Filing.Kind.APPLICATION
    registered_on = dt.date(2021, 2, 26)
    summary_fr = "Requête en référé-liberté."
    summary_en = "Référé-liberté application."
    filed_by = set_many("filed_by")


class HearingFactory(Factory):
    class Meta:
        model = Hearing

    proceeding = factory.SubFactory(ProceedingFactory)
    date = dt.date(2021, 3, 8)
    start_time = dt.time(10, 30)
    formation_fr = "Juge des référés"
    formation_en = "Urgent-applications judge"
    location = "Conseil d'État, Paris"
    status = Hearing.Status.SCHEDULED


class HearingChangeFactory(Factory):
    class Meta:
        model = HearingChange

    hearing = factory.SubFactory(HearingFactory)
    changed_at = factory.LazyFunction(timezone.now)
    old_date = dt.date(2021, 3, 5)
    new_date = factory.SelfAttribute("hearing.date")
    new_start_time = factory.SelfAttribute("hearing.start_time")
    old_status = Hearing.Status.SCHEDULED
    new_status = factory.SelfAttribute("hearing.status")
    reason = "Renvoi à la demande des parties."


# Rulings ----------------------------------------------------------------------------------


class RulingFactory(Factory):
    """A judgment with a valid ECLI. Without `proceeding` it is case law cited from elsewhere,
    outside any tracked case, marked reference as a curator enters it; with one, it sits in that
    proceeding's court."""

    class Meta:
        model = Ruling

    proceeding = None
    reference = factory.LazyAttribute(lambda ruling: ruling.proceeding is None)
    court = factory.Maybe(
        "proceeding",
        yes_declaration=factory.SelfAttribute("proceeding.court"),
        no_declaration=factory.SubFactory(CourtFactory),
    )
    kind = Ruling.Kind.JUDGMENT
    slug = factory.Sequence(lambda n: f"ruling-{n}")
    # Ordinals from 100001 on, which no real 2020 judgment has: past the 558th ruling of a
    # session, ECLI:EU:C:2020:559 was the demo's Schrems II and load_demo then met a duplicate.
    ecli = factory.Sequence(lambda n: f"ECLI:EU:C:2020:{n + 100_001}")
    decided_on = dt.date(2020, 7, 16)
    title_fr = factory.Sequence(lambda n: f"Arrêt n° {n}")
    title_en = factory.Sequence(lambda n: f"Judgment no. {n}")


class RulingNumberFactory(Factory):
    class Meta:
        model = RulingNumber

    ruling = factory.SubFactory(RulingFactory)
    number = factory.Sequence(lambda n: f"C-{n + 1}/20")


# News -------------------------------------------------------------------------------------


class StatusUpdateFactory(Factory):
    class Meta:
        model = StatusUpdate

    case = factory.SubFactory(CaseFactory)
    posted_on = dt.date(2021, 3, 12)
    text_fr = "Requête rejetée."
    text_en = "Application rejected."


class EventFactory(Factory):
    """An event; pass `cases=[...]` to attach it to cases (attached to none by default, and
    then a reference fact, as a curator enters it; pass `reference=` to say otherwise)."""

    class Meta:
        model = Event

    occurred_on = dt.date(2018, 3, 23)
    kind = Event.Kind.LEGISLATION
    title_fr = factory.Sequence(lambda n: f"Événement {n}")
    title_en = factory.Sequence(lambda n: f"Event {n}")
    cases = set_many("cases")

    @factory.post_generation
    def reference(obj, create, extracted, **kwargs):
        if not create:
            return
        wanted = extracted if extracted is not None else not obj.cases.exists()
        if obj.reference != wanted:
            Event.objects.filter(pk=obj.pk).update(reference=wanted)
            obj.reference = wanted


# Builders through the services: the public pages' tests ---------------------------------

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


# Builders through the services: feeds, API, interchange, the draft world ----------------

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
