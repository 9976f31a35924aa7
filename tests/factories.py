"""factory_boy factories for every casetracker model.

Defaults build the common, valid, public record: a published case, a scheduled hearing, a
judgment of the Court of Justice with a valid ECLI. Traits and helpers give the other states:
`CaseFactory(draft=True)`, `PartyFactory(natural_person=True)`, `draft_case()`.
Sequences keep every unique field unique, so any number of records can coexist.
"""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

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
from citations import services as citation_services
from citations.models import Citation


class Factory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True
        # Post-generation hooks set many-to-many links, which need no second save.
        skip_postgeneration_save = True


def _set_many(field_name: str):
    """A post-generation hook filling a many-to-many field from a list passed at creation."""

    def hook(obj, create, extracted, **kwargs):
        if create and extracted:
            getattr(obj, field_name).set(extracted)

    return factory.PostGeneration(hook)


class UserFactory(Factory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")

    class Params:
        staff = factory.Trait(is_staff=True)


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
    topics = _set_many("topics")

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
    counsel = _set_many("counsel")


class FilingFactory(Factory):
    class Meta:
        model = Filing

    proceeding = factory.SubFactory(ProceedingFactory)
    kind = Filing.Kind.APPLICATION
    registered_on = dt.date(2021, 2, 26)
    summary_fr = "Requête en référé-liberté."
    summary_en = "Référé-liberté application."
    filed_by = _set_many("filed_by")


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
    cases = _set_many("cases")

    @factory.post_generation
    def reference(obj, create, extracted, **kwargs):
        if not create:
            return
        wanted = extracted if extracted is not None else not obj.cases.exists()
        if obj.reference != wanted:
            Event.objects.filter(pk=obj.pk).update(reference=wanted)
            obj.reference = wanted


# Citations --------------------------------------------------------------------------------


class CitationFactory(Factory):
    """A ruling citing another ruling; pass `citing_filing=` with `citing_ruling=None` for a
    filing."""

    class Meta:
        model = Citation

    citing_ruling = factory.SubFactory(RulingFactory)
    citing_filing = None
    cited = factory.SubFactory(RulingFactory)
    treatment = Citation.Treatment.CITES

    @factory.post_generation
    def counted(obj, create, extracted, **kwargs):
        # Saved directly, not by a service: the cited ruling's counts follow as they would.
        if create:
            citation_services.citation_stats_refresh(ruling_ids=[obj.cited_id])
