"""Who may see what (cases.visibility): the `.public()` querysets of every model attached to a
case, and the pseudonymisation of natural persons."""

import pytest

from cases import visibility
from cases.models import Case, Event, Filing, Hearing, Party, Proceeding, Ruling, StatusUpdate
from citations.models import Citation
from tests.factories import (
    CaseFactory,
    CitationFactory,
    EventFactory,
    FilingFactory,
    HearingFactory,
    PartyFactory,
    ProceedingFactory,
    RulingFactory,
    StatusUpdateFactory,
    draft_case,
)


def public_pks(model) -> list[int]:
    return list(model.objects.public().values_list("pk", flat=True))


PUBLICATIONS = [
    (Case.Publication.PUBLISHED, True),
    (Case.Publication.ARCHIVED, True),
    (Case.Publication.REVIEW, False),
    (Case.Publication.DRAFT, False),
]


# Cases and what they contain --------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("publication", "public"), PUBLICATIONS)
def test_a_case_is_public_only_when_published_or_archived(publication, public):
    case = CaseFactory(publication=publication)

    assert (case.pk in public_pks(Case)) is public
    assert case.is_public is public


@pytest.mark.django_db
@pytest.mark.parametrize(("publication", "public"), PUBLICATIONS)
def test_proceedings_filings_hearings_and_updates_follow_their_case(publication, public):
    case = CaseFactory(publication=publication)
    proceeding = ProceedingFactory(case=case)
    filing = FilingFactory(proceeding=proceeding)
    hearing = HearingFactory(proceeding=proceeding)
    update = StatusUpdateFactory(case=case)

    assert public_pks(Proceeding) == ([proceeding.pk] if public else [])
    assert public_pks(Filing) == ([filing.pk] if public else [])
    assert public_pks(Hearing) == ([hearing.pk] if public else [])
    assert public_pks(StatusUpdate) == ([update.pk] if public else [])


@pytest.mark.django_db
def test_a_draft_case_hides_its_parts_but_not_those_of_a_published_case():
    published = ProceedingFactory()
    hidden = ProceedingFactory(case=draft_case())
    visible_hearing = HearingFactory(proceeding=published)
    HearingFactory(proceeding=hidden)
    visible_filing = FilingFactory(proceeding=published)
    FilingFactory(proceeding=hidden)

    assert public_pks(Proceeding) == [published.pk]
    assert public_pks(Hearing) == [visible_hearing.pk]
    assert public_pks(Filing) == [visible_filing.pk]
    assert Hearing.objects.count() == 2


# Rulings ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_ruling_attached_to_no_proceeding_is_public_case_law():
    ruling = RulingFactory(proceeding=None)

    assert public_pks(Ruling) == [ruling.pk]


@pytest.mark.django_db
@pytest.mark.parametrize(("publication", "public"), PUBLICATIONS)
def test_a_ruling_of_a_proceeding_follows_its_case(publication, public):
    proceeding = ProceedingFactory(case=CaseFactory(publication=publication))
    ruling = RulingFactory(proceeding=proceeding)

    assert public_pks(Ruling) == ([ruling.pk] if public else [])
    assert ruling.court == proceeding.court


# Status updates and events ----------------------------------------------------------------


@pytest.mark.django_db
def test_an_event_attached_to_no_case_is_public():
    event = EventFactory()

    assert public_pks(Event) == [event.pk]


@pytest.mark.django_db
def test_an_event_attached_only_to_draft_cases_is_not_public():
    EventFactory(cases=[draft_case(), CaseFactory(review=True)])

    assert public_pks(Event) == []
    assert Event.objects.count() == 1


@pytest.mark.django_db
def test_an_event_attached_to_a_public_and_a_draft_case_is_public_once():
    event = EventFactory(cases=[CaseFactory(), draft_case()])

    assert public_pks(Event) == [event.pk]


@pytest.mark.django_db
def test_an_event_attached_to_several_public_cases_is_listed_once():
    event = EventFactory(cases=CaseFactory.create_batch(3))
    other = EventFactory()

    assert sorted(public_pks(Event)) == sorted([event.pk, other.pk])
    assert Event.objects.public().count() == 2


# Citations --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_citation_between_two_rulings_of_no_case_is_public():
    citation = CitationFactory()

    assert public_pks(Citation) == [citation.pk]


@pytest.mark.django_db
def test_a_citation_from_a_ruling_in_a_draft_case_is_not_public():
    citing = RulingFactory(proceeding=ProceedingFactory(case=draft_case()))
    CitationFactory(citing_ruling=citing)

    assert public_pks(Citation) == []
    assert Citation.objects.count() == 1


@pytest.mark.django_db
def test_a_citation_from_a_ruling_in_a_published_case_is_public():
    citing = RulingFactory(proceeding=ProceedingFactory())
    citation = CitationFactory(citing_ruling=citing)

    assert public_pks(Citation) == [citation.pk]


@pytest.mark.django_db
def test_a_citation_from_a_filing_follows_the_filing_s_case():
    cited = RulingFactory()
    public = CitationFactory(citing_ruling=None, citing_filing=FilingFactory(), cited=cited)
    CitationFactory(
        citing_ruling=None,
        citing_filing=FilingFactory(proceeding=ProceedingFactory(case=draft_case())),
        cited=cited,
    )

    assert public_pks(Citation) == [public.pk]


@pytest.mark.django_db
def test_a_citation_of_a_ruling_in_a_draft_case_is_not_public():
    cited = RulingFactory(proceeding=ProceedingFactory(case=draft_case()))
    CitationFactory(cited=cited)

    assert public_pks(Citation) == []


# Pseudonymisation -------------------------------------------------------------------------


def person(pk: int, name: str = "", **kwargs) -> Party:
    return PartyFactory.build(pk=pk, natural_person=True, name=name or f"Personne {pk}", **kwargs)


def organisation(pk: int, name: str) -> Party:
    return PartyFactory.build(pk=pk, name=name, kind=Party.Kind.ASSOCIATION)


def test_natural_persons_get_letters_in_order_of_appearance():
    names = visibility.pseudonymise([person(7, "Camille Durand"), person(3, "Louis Martin")])

    assert names == {7: "A... B...", 3: "C... D..."}


def test_organisations_keep_their_names_and_do_not_use_up_letters():
    parties = [
        organisation(1, "InterHop"),
        person(2),
        PartyFactory.build(pk=3, name="Doctolib", kind=Party.Kind.COMPANY),
        PartyFactory.build(pk=4, name="Ministre de la santé", kind=Party.Kind.PUBLIC_AUTHORITY),
        person(5),
    ]

    names = visibility.pseudonymise(parties)

    assert names == {
        1: "InterHop",
        2: "A... B...",
        3: "Doctolib",
        4: "Ministre de la santé",
        5: "C... D...",
    }


def test_a_person_whose_name_the_court_publishes_keeps_it_without_using_up_letters():
    schrems = person(1, "Maximillian Schrems", name_published_by_court=True)

    names = visibility.pseudonymise([schrems, person(2)])

    assert names == {1: "Maximillian Schrems", 2: "A... B..."}


def test_a_person_appearing_twice_keeps_the_letters_of_the_first_appearance():
    first, second = person(1), person(2)

    names = visibility.pseudonymise([first, second, first])

    assert names == {1: "A... B...", 2: "C... D..."}


def test_letters_run_on_past_the_alphabet_from_the_fourteenth_person():
    names = visibility.pseudonymise([person(pk) for pk in range(1, 16)])

    assert names[13] == "Y... Z..."
    assert names[14] == "AA... AB..."
    assert names[15] == "AC... AD..."
    assert len(set(names.values())) == 15


def test_pseudonyms_are_letters_not_initials():
    names = visibility.pseudonymise([person(1, "Zoé Xavier")])

    assert names[1] == "A... B..."
    assert "Z" not in names[1]


def test_a_public_name_out_of_case_context_hides_a_natural_person():
    assert visibility.public_party_name(person(1, "Camille Durand")) == "X..."
    assert visibility.public_party_name(organisation(2, "InterHop")) == "InterHop"
    assert (
        visibility.public_party_name(person(3, "Max Schrems", name_published_by_court=True))
        == "Max Schrems"
    )


def test_a_public_name_in_case_context_uses_the_case_letters():
    durand = person(1, "Camille Durand")
    names = visibility.pseudonymise([person(2), durand])

    assert visibility.public_party_name(durand, names) == "C... D..."


@pytest.mark.django_db
def test_only_pseudonymised_persons_lack_a_public_page():
    association = PartyFactory()
    company = PartyFactory(company=True)
    published = PartyFactory(natural_person=True, name_published_by_court=True)
    PartyFactory(natural_person=True)

    with_page = set(Party.objects.with_public_page().values_list("pk", flat=True))

    assert with_page == {association.pk, company.pk, published.pk}
    assert Party.objects.count() == 4
