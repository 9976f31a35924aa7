"""Organisations and their members: `make_member`, and `build_world`: two organisations side by
side, each with a full case tree, and every role.

Built through the services, as the admin builds them. `World` names every record so that the
permission tests can assert exactly which rows each role sees.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import User

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
)
from citations.models import Citation
from citations.services import citation_create
from organisations.models import Membership, Organisation
from tests.factories.users import make_curator, make_user


def make_member(username: str, organisation: Organisation, role: str) -> User:
    user = make_user(username)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@dataclass
class OrgTree:
    """One organisation's case and everything under it."""

    organisation: Organisation
    case: Case
    proceeding: Proceeding
    participant: ProceedingParty
    filing: Filing
    hearing: Hearing
    ruling: Ruling
    status_update: StatusUpdate
    event: Event
    citation: Citation
    editor: User
    publisher: User

    def record(self, model_name: str):
        return {
            "case": self.case,
            "proceeding": self.proceeding,
            "filing": self.filing,
            "hearing": self.hearing,
            "ruling": self.ruling,
            "statusupdate": self.status_update,
            "event": self.event,
            "citation": self.citation,
            "casestatuschange": self.case.status_changes.first(),
            "hearingchange": self.hearing.changes.first(),
            "rulingnumber": self.ruling.numbers.first(),
        }[model_name]


@dataclass
class World:
    a: OrgTree
    b: OrgTree
    court: Court
    party: Party
    reference_ruling: Ruling
    curator: User
    superuser: User
    outsider: User
    extra: dict = field(default_factory=dict)

    def user(self, role: str) -> User | None:
        return {
            "editor_a": self.a.editor,
            "publisher_a": self.a.publisher,
            "editor_b": self.b.editor,
            "publisher_b": self.b.publisher,
            "curator": self.curator,
            "superuser": self.superuser,
            "outsider": self.outsider,
            "anonymous": None,
        }[role]


def _tree(letter: str, number: str, day: dt.date, court: Court, party: Party, cited: Ruling):
    organisation = Organisation.objects.create(name=f"Association {letter}", slug=f"assoc-{letter}")
    editor = make_member(f"editor_{letter}", organisation, Membership.Role.EDITOR)
    publisher = make_member(f"publisher_{letter}", organisation, Membership.Role.PUBLISHER)
    case = services.case_save(
        case=Case(title_fr=f"Affaire secrète {letter.upper()}", organisation=organisation)
    )
    proceeding = services.record_save(
        instance=Proceeding(case=case, court=court, number=number, procedure="refere_liberte")
    )
    participant = ProceedingParty.objects.create(
        proceeding=proceeding, party=party, role="applicant"
    )
    filing = services.record_save(
        instance=Filing(
            proceeding=proceeding, kind="application", registered_on=day, summary_fr=f"Req {letter}"
        )
    )
    hearing = services.hearing_save(hearing=Hearing(proceeding=proceeding, date=day))
    ruling = services.ruling_save(
        ruling=Ruling(court=court, proceeding=proceeding, kind="order", decided_on=day),
        numbers=[number],
    )
    status_update = services.record_save(
        instance=StatusUpdate(case=case, posted_on=day, text_fr=f"Point {letter}")
    )
    event = services.record_save(instance=Event(occurred_on=day, title_fr=f"Fait {letter}"))
    event.cases.set([case])
    citation = citation_create(citing=ruling, cited=cited)
    return OrgTree(
        organisation=organisation,
        case=case,
        proceeding=proceeding,
        participant=participant,
        filing=filing,
        hearing=hearing,
        ruling=ruling,
        status_update=status_update,
        event=event,
        citation=citation,
        editor=editor,
        publisher=publisher,
    )


def build_world() -> World:
    court = Court.objects.create(
        name_fr="Conseil d'État", short_name_fr="CE", slug="ce", country="FR", kind="administrative"
    )
    party = services.party_save(party=Party(name="InterHop", kind="association"))
    reference_ruling = services.ruling_save(
        ruling=Ruling(court=court, kind="order", decided_on=dt.date(2020, 10, 13), reference=True),
        numbers=["444937"],
    )
    a = _tree("a", "450163", dt.date(2021, 3, 8), court, party, reference_ruling)
    b = _tree("b", "460000", dt.date(2022, 2, 2), court, party, reference_ruling)
    return World(
        a=a,
        b=b,
        court=court,
        party=party,
        reference_ruling=reference_ruling,
        curator=make_curator(),
        superuser=make_user("root", superuser=True),
        outsider=make_user("outsider"),
    )
