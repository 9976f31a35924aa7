"""Writes through cases.services: the status log, former slugs, publication, the hearing
history, ruling slugs and numbers, and party slugs."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases import services
from cases.models import (
    Case,
    CaseSlugAlias,
    CaseStatusChange,
    Hearing,
    HearingChange,
    Party,
    Ruling,
    RulingNumber,
)
from tests.factories import (
    CaseFactory,
    CaseSlugAliasFactory,
    CourtFactory,
    HearingFactory,
    PartyFactory,
    ProceedingFactory,
    RulingFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def saved_case(**kwargs) -> Case:
    """A case created through case_save, as the admin and the importer create them."""
    return services.case_save(case=CaseFactory.build(**kwargs), status_on=dt.date(2021, 2, 26))


# case_save --------------------------------------------------------------------------------


def test_a_new_case_gets_a_slug_from_its_title_and_a_first_status_entry():
    case = services.case_save(
        case=CaseFactory.build(slug="", title_fr="Doctolib / AWS", status=Case.Status.FILED),
        status_on=dt.date(2021, 2, 26),
    )

    assert case.slug == "doctolib-aws"
    [entry] = case.status_changes.all()
    assert (entry.from_status, entry.to_status) == ("", Case.Status.FILED)
    assert entry.changed_on == dt.date(2021, 2, 26)


def test_the_first_status_entry_is_dated_today_when_no_date_is_given():
    case = services.case_save(case=CaseFactory.build())

    assert case.status_changes.get().changed_on == timezone.localdate()


def test_a_status_change_is_logged_with_its_date_note_and_author():
    editor = UserFactory()
    case = saved_case(status=Case.Status.FILED)

    case.status = Case.Status.DECIDED
    services.case_save(
        case=case, by=editor, status_on=dt.date(2021, 3, 12), status_note="Requête rejetée."
    )

    entries = list(case.status_changes.order_by("pk"))
    assert len(entries) == 2
    latest = entries[-1]
    assert (latest.from_status, latest.to_status) == (Case.Status.FILED, Case.Status.DECIDED)
    assert latest.changed_on == dt.date(2021, 3, 12)
    assert latest.note == "Requête rejetée."
    assert latest.changed_by == editor
    assert entries[0].to_status == Case.Status.FILED


def test_saving_a_case_without_a_status_change_logs_nothing():
    case = saved_case()

    case.summary_fr = "Résumé mis à jour."
    services.case_save(case=case, status_on=dt.date(2021, 3, 1))

    assert case.status_changes.count() == 1
    assert Case.objects.get(pk=case.pk).summary_fr == "Résumé mis à jour."


def test_a_changed_slug_keeps_the_old_one_as_an_alias():
    case = saved_case(slug="doctolib")

    case.slug = "doctolib-aws"
    services.case_save(case=case)

    assert Case.objects.get(pk=case.pk).slug == "doctolib-aws"
    assert list(case.slug_aliases.values_list("slug", flat=True)) == ["doctolib"]


def test_an_unchanged_slug_adds_no_alias():
    case = saved_case(slug="doctolib-aws")

    case.title_en = "Doctolib / AWS, renamed"
    services.case_save(case=case)

    assert not CaseSlugAlias.objects.exists()


def test_going_back_to_a_former_slug_drops_that_alias_and_keeps_the_other():
    case = saved_case(slug="doctolib")
    case.slug = "doctolib-aws"
    services.case_save(case=case)

    case.slug = "doctolib"
    services.case_save(case=case)

    assert Case.objects.get(pk=case.pk).slug == "doctolib"
    assert list(case.slug_aliases.values_list("slug", flat=True)) == ["doctolib-aws"]


def test_a_new_case_never_takes_the_former_slug_of_another_case():
    CaseSlugAliasFactory(slug="doctolib")

    case = services.case_save(case=CaseFactory.build(slug="", title_fr="Doctolib"))

    assert case.slug == "doctolib-2"
    assert CaseSlugAlias.objects.get().slug == "doctolib"


def test_an_invalid_case_is_not_saved_and_logs_nothing():
    with pytest.raises(ValidationError):
        services.case_save(case=CaseFactory.build(title_fr="", title_en="", slug="untitled"))

    assert not Case.objects.exists()
    assert not CaseStatusChange.objects.exists()


# case_set_publication ---------------------------------------------------------------------


def test_case_set_publication_moves_cases_and_counts_only_those_that_changed():
    draft = saved_case(publication=Case.Publication.DRAFT)
    review = saved_case(publication=Case.Publication.REVIEW)
    published = saved_case(publication=Case.Publication.PUBLISHED)
    published_updated_at = published.updated_at

    changed = services.case_set_publication(
        cases=Case.objects.all(), publication=Case.Publication.PUBLISHED
    )

    assert changed == 2
    assert set(Case.objects.values_list("publication", flat=True)) == {"published"}
    assert {draft.pk, review.pk} <= set(Case.objects.public().values_list("pk", flat=True))
    published.refresh_from_db()
    assert published.updated_at == published_updated_at


def test_case_set_publication_changes_neither_status_nor_status_log():
    case = saved_case(publication=Case.Publication.PUBLISHED, status=Case.Status.DECIDED)

    services.case_set_publication(cases=[case], publication=Case.Publication.DRAFT)

    case.refresh_from_db()
    assert case.publication == Case.Publication.DRAFT
    assert case.status == Case.Status.DECIDED
    assert case.status_changes.count() == 1


# hearing_save -----------------------------------------------------------------------------


def saved_hearing(**kwargs) -> Hearing:
    return services.hearing_save(hearing=HearingFactory.build(**kwargs))


@pytest.fixture
def hearing():
    return saved_hearing(
        proceeding=ProceedingFactory(),
        date=dt.date(2021, 3, 5),
        start_time=dt.time(10, 30),
        status=Hearing.Status.SCHEDULED,
    )


def test_a_new_hearing_is_recorded_as_set_at_revision_zero(hearing):
    [change] = hearing.changes.all()

    assert hearing.sequence == 0
    assert (change.old_date, change.new_date) == (None, dt.date(2021, 3, 5))
    assert change.new_status == Hearing.Status.SCHEDULED
    assert not change.moved


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("date", dt.date(2021, 3, 8)),
        ("start_time", dt.time(14, 30)),
        ("status", Hearing.Status.POSTPONED),
    ],
)
def test_a_change_of_date_time_or_status_is_recorded_with_its_reason(hearing, field, value):
    clerk = UserFactory()
    at = timezone.now()
    setattr(hearing, field, value)

    services.hearing_save(hearing=hearing, reason="À la demande du ministère.", by=clerk, at=at)

    change = hearing.changes.order_by("pk").last()
    assert hearing.changes.count() == 2
    assert change.reason == "À la demande du ministère."
    assert change.changed_by == clerk
    assert change.changed_at == at
    assert (change.old_date, change.old_start_time, change.old_status) == (
        dt.date(2021, 3, 5),
        dt.time(10, 30),
        Hearing.Status.SCHEDULED,
    )
    assert getattr(change, f"new_{field}") == value
    assert Hearing.objects.get(pk=hearing.pk).sequence == 1


def test_a_moved_date_is_flagged_as_moved(hearing):
    hearing.date = dt.date(2021, 3, 8)
    services.hearing_save(hearing=hearing, reason="Audience reportée.")

    assert hearing.changes.order_by("pk").last().moved


def test_each_tracked_change_bumps_the_revision_again(hearing):
    hearing.date = dt.date(2021, 3, 8)
    services.hearing_save(hearing=hearing)
    hearing.status = Hearing.Status.HELD
    services.hearing_save(hearing=hearing)

    assert Hearing.objects.get(pk=hearing.pk).sequence == 2
    assert hearing.changes.count() == 3


def test_a_change_of_untracked_fields_records_nothing_and_keeps_the_revision(hearing):
    hearing.location = "Conseil d'État, salle du contentieux"
    hearing.formation_fr = "Formation collégiale"
    hearing.notes_fr = "Audience publique."

    services.hearing_save(hearing=hearing, reason="Nouvelle salle.")

    saved = Hearing.objects.get(pk=hearing.pk)
    assert saved.location == "Conseil d'État, salle du contentieux"
    assert saved.sequence == 0
    assert hearing.changes.count() == 1


def test_an_invalid_hearing_change_is_not_saved_and_records_nothing(hearing):
    hearing.date = dt.date(2021, 3, 8)
    hearing.end_time = dt.time(9)

    with pytest.raises(ValidationError):
        services.hearing_save(hearing=hearing, reason="Erreur de saisie.")

    saved = Hearing.objects.get(pk=hearing.pk)
    assert (saved.date, saved.end_time, saved.sequence) == (dt.date(2021, 3, 5), None, 0)
    assert HearingChange.objects.count() == 1


# hearing_reschedule -----------------------------------------------------------------------


def test_hearing_reschedule_moves_a_postponed_hearing_back_to_scheduled(hearing):
    services.hearing_set_status(
        hearing=hearing, status=Hearing.Status.POSTPONED, reason="Grève des greffes."
    )

    services.hearing_reschedule(
        hearing=hearing,
        date=dt.date(2021, 3, 8),
        start_time=dt.time(10, 30),
        end_time=dt.time(12),
        reason="Nouvelle date fixée par le juge.",
    )

    saved = Hearing.objects.get(pk=hearing.pk)
    assert (saved.date, saved.start_time, saved.end_time) == (
        dt.date(2021, 3, 8),
        dt.time(10, 30),
        dt.time(12),
    )
    assert saved.status == Hearing.Status.SCHEDULED
    assert saved.sequence == 2
    change = hearing.changes.order_by("pk").last()
    assert change.reason == "Nouvelle date fixée par le juge."
    assert (change.old_status, change.new_status) == ("postponed", "scheduled")
    assert change.moved


def test_hearing_reschedule_may_leave_the_time_unannounced(hearing):
    services.hearing_reschedule(
        hearing=hearing, date=dt.date(2021, 3, 9), start_time=None, reason="Date seule connue."
    )

    saved = Hearing.objects.get(pk=hearing.pk)
    assert (saved.date, saved.start_time) == (dt.date(2021, 3, 9), None)
    assert hearing.changes.order_by("pk").last().old_start_time == dt.time(10, 30)


# ruling_save ------------------------------------------------------------------------------


@pytest.fixture
def cjeu():
    return CourtFactory(cjeu=True)


def test_ruling_save_builds_the_slug_from_court_date_and_first_number(cjeu):
    ruling = services.ruling_save(
        ruling=RulingFactory.build(court=cjeu, slug="", decided_on=dt.date(2020, 7, 16)),
        numbers=["C-311/18"],
    )

    assert ruling.slug == "cjue-2020-07-16-c-311-18"
    assert list(ruling.numbers.values_list("number", flat=True)) == ["C-311/18"]


def test_ruling_save_normalises_numbers_and_drops_duplicates(cjeu):
    ruling = services.ruling_save(
        ruling=RulingFactory.build(court=cjeu, slug="", decided_on=dt.date(2020, 7, 16)),
        # A non-breaking hyphen and an en dash, as pasted from PDFs.
        numbers=["c\u2011311/18", "C \u2013 311 / 18", " t-604/18 r "],
    )

    assert ruling.slug == "cjue-2020-07-16-c-311-18"
    assert sorted(ruling.numbers.values_list("number", flat=True)) == ["C-311/18", "T-604/18 R"]


def test_ruling_save_replaces_the_numbers_it_is_given(cjeu):
    ruling = services.ruling_save(
        ruling=RulingFactory.build(court=cjeu), numbers=["C-311/18", "C-362/14"]
    )
    kept = ruling.numbers.get(number="C-311/18")

    services.ruling_save(ruling=ruling, numbers=["C-311/18", "T-604/18"])

    assert sorted(ruling.numbers.values_list("number", flat=True)) == ["C-311/18", "T-604/18"]
    assert ruling.numbers.get(number="C-311/18").pk == kept.pk


def test_ruling_save_without_numbers_keeps_the_numbers_and_the_slug(cjeu):
    ruling = services.ruling_save(
        ruling=RulingFactory.build(court=cjeu, slug="", decided_on=dt.date(2020, 7, 16)),
        numbers=["C-311/18"],
    )

    ruling.decided_on = dt.date(2020, 7, 17)
    services.ruling_save(ruling=ruling)

    saved = Ruling.objects.get(pk=ruling.pk)
    assert saved.slug == "cjue-2020-07-16-c-311-18"
    assert list(saved.numbers.values_list("number", flat=True)) == ["C-311/18"]


def test_ruling_save_takes_the_number_of_its_proceeding_when_given_none():
    court = CourtFactory(conseil_detat=True)
    proceeding = ProceedingFactory(court=court, number="450163")

    ruling = services.ruling_save(
        ruling=RulingFactory.build(
            proceeding=proceeding, slug="", ecli=None, decided_on=dt.date(2021, 3, 12)
        )
    )

    assert ruling.slug == "ce-2021-03-12-450163"
    assert not ruling.numbers.exists()


def test_two_rulings_of_the_same_day_and_number_get_distinct_slugs(cjeu):
    first = services.ruling_save(
        ruling=RulingFactory.build(court=cjeu, slug="", decided_on=dt.date(2020, 7, 16)),
        numbers=["C-311/18"],
    )
    second = services.ruling_save(
        ruling=RulingFactory.build(
            court=cjeu, slug="", decided_on=dt.date(2020, 7, 16), kind=Ruling.Kind.ORDER
        ),
        numbers=["C-311/18"],
    )

    assert (first.slug, second.slug) == ("cjue-2020-07-16-c-311-18", "cjue-2020-07-16-c-311-18-2")


def test_ruling_save_normalises_the_ecli_before_saving(cjeu):
    ruling = services.ruling_save(ruling=RulingFactory.build(court=cjeu, ecli="ecli:eu:c:2020:559"))

    assert Ruling.objects.get(pk=ruling.pk).ecli == "ECLI:EU:C:2020:559"


def test_ruling_save_refuses_a_malformed_ecli_and_writes_nothing(cjeu):
    with pytest.raises(ValidationError) as excinfo:
        services.ruling_save(
            ruling=RulingFactory.build(court=cjeu, ecli="ECLI:EU:C:2020:559."),
            numbers=["C-311/18"],
        )

    assert "ordinal" in " ".join(excinfo.value.message_dict["ecli"])
    assert not Ruling.objects.exists()
    assert not RulingNumber.objects.exists()


def test_ruling_rebuild_slug_uses_the_first_number_entered(cjeu):
    ruling = services.ruling_save(
        ruling=RulingFactory.build(court=cjeu, slug="", decided_on=dt.date(2020, 7, 16))
    )
    assert ruling.slug == "cjue-2020-07-16"
    RulingNumber.objects.create(ruling=ruling, number="C-311/18")

    services.ruling_rebuild_slug(ruling=ruling)

    assert Ruling.objects.get(pk=ruling.pk).slug == "cjue-2020-07-16-c-311-18"


# party_save -------------------------------------------------------------------------------


def test_a_natural_person_gets_a_slug_without_their_name():
    person = services.party_save(
        party=PartyFactory.build(slug="", kind=Party.Kind.NATURAL_PERSON, name="Camille Durand")
    )

    assert person.slug == f"person-{person.uid.hex[:8]}"
    assert "camille" not in person.slug
    assert "durand" not in person.slug


def test_an_organisation_gets_a_slug_from_its_name():
    party = services.party_save(
        party=PartyFactory.build(slug="", name="Ligue des droits de l'Homme")
    )

    assert party.slug == "ligue-des-droits-de-lhomme"


def test_a_party_slug_already_taken_gets_a_suffix_and_a_set_slug_is_kept():
    PartyFactory(slug="interhop")

    second = services.party_save(party=PartyFactory.build(slug="", name="InterHop"))
    kept = services.party_save(party=PartyFactory.build(slug="my-slug", name="InterHop"))

    assert (second.slug, kept.slug) == ("interhop-2", "my-slug")


def test_a_natural_person_never_keeps_a_slug_carrying_their_name():
    typed = services.party_save(
        party=PartyFactory.build(
            slug="camille-durand", kind=Party.Kind.NATURAL_PERSON, name="Camille Durand"
        )
    )
    entered_as_association = services.party_save(
        party=PartyFactory.build(slug="", name="Louis Martin")
    )
    assert entered_as_association.slug == "louis-martin"

    entered_as_association.kind = Party.Kind.NATURAL_PERSON
    services.party_save(party=entered_as_association)

    for person in (typed, entered_as_association):
        slug = Party.objects.get(pk=person.pk).slug
        assert slug == f"person-{person.uid.hex[:8]}"


def test_saving_a_natural_person_again_keeps_their_slug():
    person = services.party_save(party=PartyFactory.build(slug="", natural_person=True))
    slug = person.slug

    person.website = "https://example.org/"
    services.party_save(party=person)

    assert Party.objects.get(pk=person.pk).slug == slug
