"""The models' integrity rules: named constraints the database enforces, the same rules reported
by full_clean, identifier validation on a ruling, and bilingual fallback."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from cases.models import (
    Case,
    Court,
    Event,
    Hearing,
    Party,
    Proceeding,
    ProceedingParty,
    Ruling,
    RulingNumber,
    StatusUpdate,
)
from tests.factories import (
    CaseFactory,
    CourtFactory,
    EventFactory,
    HearingFactory,
    PartyFactory,
    ProceedingFactory,
    ProceedingPartyFactory,
    RulingFactory,
    RulingNumberFactory,
    StatusUpdateFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def assert_db_refuses(model, save) -> None:
    """`save` (a write that skips full_clean) raises IntegrityError and adds no row."""
    before = model.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        save()
    assert model.objects.count() == before


def validation_messages(error: ValidationError) -> str:
    return " ".join(error.messages)


# Unique ECLI ------------------------------------------------------------------------------


def test_database_refuses_a_second_ruling_with_the_same_ecli():
    RulingFactory(ecli="ECLI:EU:C:2020:559")

    assert_db_refuses(Ruling, lambda: RulingFactory(ecli="ECLI:EU:C:2020:559"))
    assert Ruling.objects.filter(ecli="ECLI:EU:C:2020:559").count() == 1


def test_full_clean_reports_a_duplicate_ecli_on_the_ecli_field():
    RulingFactory(ecli="ECLI:EU:C:2020:559")
    duplicate = RulingFactory.build(ecli="ECLI:EU:C:2020:559", court=CourtFactory())

    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()

    assert "ECLI already exists" in " ".join(excinfo.value.message_dict["ecli"])
    assert Ruling.objects.count() == 1


def test_a_duplicate_ecli_typed_in_lower_case_is_still_caught_by_full_clean():
    RulingFactory(ecli="ECLI:EU:C:2020:559")
    duplicate = RulingFactory.build(ecli="ecli:eu:c:2020:559", court=CourtFactory())

    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()

    assert "ecli" in excinfo.value.message_dict


def test_many_rulings_may_have_no_ecli():
    RulingFactory(ecli=None)
    RulingFactory(ecli=None)

    assert Ruling.objects.filter(ecli__isnull=True).count() == 2


def test_full_clean_stores_an_empty_ecli_as_null_so_that_it_never_collides():
    RulingFactory(ecli=None)
    ruling = RulingFactory.build(ecli="", court=CourtFactory())

    ruling.full_clean()

    assert ruling.ecli is None


# ECLI upper case --------------------------------------------------------------------------


def test_database_refuses_an_ecli_in_lower_case():
    ruling = RulingFactory(ecli="ECLI:EU:C:2020:559")

    assert_db_refuses(
        Ruling, lambda: Ruling.objects.filter(pk=ruling.pk).update(ecli="ecli:eu:c:2020:559")
    )
    ruling.refresh_from_db()
    assert ruling.ecli == "ECLI:EU:C:2020:559"


def test_the_upper_case_rule_is_named_when_checked_in_python():
    ruling = RulingFactory.build(ecli="ecli:eu:c:2020:559", court=CourtFactory())

    with pytest.raises(ValidationError) as excinfo:
        ruling.validate_constraints()

    assert "ruling_ecli_upper_case" in validation_messages(excinfo.value)


def test_full_clean_normalises_a_lower_case_ecli_to_upper_case():
    ruling = RulingFactory.build(ecli="  ecli:fr:ceord:2021:450163.20210312 ", court=CourtFactory())

    ruling.full_clean()

    assert ruling.ecli == "ECLI:FR:CEORD:2021:450163.20210312"


def test_full_clean_normalises_a_lower_case_celex():
    ruling = RulingFactory.build(celex="celex:62018cj0311", court=CourtFactory())

    ruling.full_clean()

    assert ruling.celex == "62018CJ0311"


# Malformed ECLI ---------------------------------------------------------------------------

NEXT_YEAR = dt.date.today().year + 1


@pytest.mark.parametrize(
    ("ecli", "part", "words"),
    [
        ("ECLJ:EU:C:2020:559", "prefix", "prefix"),
        ("EU:C:2020:559", "prefix", "prefix"),
        ("ECLI:E1:C:2020:559", "country", "country"),
        ("ECLI:FRA:C:2020:559", "country", "country"),
        ("ECLI:FR:CEORDONN:2021:450163", "court", "court code"),
        ("ECLI:FR:9CE:2021:450163", "court", "court code"),
        (f"ECLI:EU:C:{NEXT_YEAR}:1", "year", "year"),
        ("ECLI:EU:C:20:559", "year", "year"),
        ("ECLI:EU:C:2020:559.", "ordinal", "ordinal"),
        ("ECLI:EU:C:2020:" + "1" * 26, "ordinal", "ordinal"),
        ("ECLI:FR:CEORD:2021:450163.20211312", "ordinal", "ordinal"),
        ("ECLI:EU:C:2020", "format", "parts"),
        ("CETATEXT000043261301", "format", "Légifrance"),
    ],
)
def test_full_clean_of_a_ruling_names_the_wrong_part_of_a_malformed_ecli(ecli, part, words):
    ruling = RulingFactory.build(ecli=ecli, court=CourtFactory())

    with pytest.raises(ValidationError) as excinfo:
        ruling.full_clean()

    errors = excinfo.value.error_dict["ecli"]
    assert [error.code for error in errors] == [f"invalid_{part}"]
    assert words in errors[0].message
    # Left as typed, so the editor sees what to fix; nothing written.
    assert ruling.ecli == ecli
    assert not Ruling.objects.exists()


def test_a_malformed_celex_is_refused_by_full_clean():
    ruling = RulingFactory.build(celex="62018XX0311", court=CourtFactory())

    with pytest.raises(ValidationError) as excinfo:
        ruling.full_clean()

    assert "descriptor" in " ".join(excinfo.value.message_dict["celex"])
    assert ruling.celex == "62018XX0311"


# One proceeding per (court, number) -------------------------------------------------------


def test_database_refuses_two_proceedings_with_the_same_number_in_the_same_court():
    first = ProceedingFactory(number="450163")

    assert_db_refuses(Proceeding, lambda: ProceedingFactory(court=first.court, number="450163"))


def test_the_same_number_may_exist_in_two_courts():
    ProceedingFactory(number="450163")
    ProceedingFactory(number="450163")

    assert Proceeding.objects.filter(number="450163").count() == 2


def test_full_clean_reports_a_proceeding_number_already_used_in_that_court():
    first = ProceedingFactory(number="C-311/18")
    duplicate = ProceedingFactory.build(case=first.case, court=first.court, number="c\u2011311/18")

    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()

    assert "Court and Case number already exists" in validation_messages(excinfo.value)
    assert duplicate.number == "C-311/18"
    assert Proceeding.objects.count() == 1


def test_database_refuses_a_proceeding_that_is_its_own_parent():
    proceeding = ProceedingFactory()

    assert_db_refuses(
        Proceeding,
        lambda: Proceeding.objects.filter(pk=proceeding.pk).update(parent=proceeding),
    )
    proceeding.refresh_from_db()
    assert proceeding.parent is None


def test_full_clean_names_the_rule_when_a_proceeding_is_its_own_parent():
    proceeding = ProceedingFactory()
    proceeding.parent = proceeding

    with pytest.raises(ValidationError) as excinfo:
        proceeding.full_clean()

    assert "proceeding_not_its_own_parent" in validation_messages(excinfo.value)


# Hearing times ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [(dt.time(10, 30), dt.time(10, 0)), (dt.time(10, 30), dt.time(10, 30)), (None, dt.time(11))],
)
def test_database_refuses_a_hearing_that_does_not_end_after_it_starts(start, end):
    proceeding = ProceedingFactory()

    assert_db_refuses(
        Hearing, lambda: HearingFactory(proceeding=proceeding, start_time=start, end_time=end)
    )


def test_full_clean_says_a_hearing_must_end_after_it_starts():
    hearing = HearingFactory.build(
        proceeding=ProceedingFactory(), start_time=dt.time(14, 30), end_time=dt.time(14)
    )

    with pytest.raises(ValidationError) as excinfo:
        hearing.full_clean()

    assert excinfo.value.messages == ["A hearing must end after it starts."]
    assert not Hearing.objects.exists()


def test_a_hearing_may_have_no_time_or_an_end_after_its_start():
    HearingFactory(start_time=None, end_time=None).full_clean()
    HearingFactory(start_time=dt.time(14, 30), end_time=dt.time(16)).full_clean()

    assert Hearing.objects.count() == 2


def test_database_refuses_an_unknown_hearing_status():
    hearing = HearingFactory()

    assert_db_refuses(
        Hearing, lambda: Hearing.objects.filter(pk=hearing.pk).update(status="adjourned")
    )
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.SCHEDULED


# Titles, names and texts ------------------------------------------------------------------


def test_database_refuses_a_case_without_a_title():
    assert_db_refuses(Case, lambda: CaseFactory(title_fr="", title_en=""))


def test_full_clean_names_the_rule_when_a_case_has_no_title():
    case = CaseFactory.build(title_fr="", title_en="")

    with pytest.raises(ValidationError) as excinfo:
        case.full_clean()

    assert "case_has_a_title" in validation_messages(excinfo.value)
    assert not Case.objects.exists()


@pytest.mark.parametrize("title", [{"title_fr": "Affaire"}, {"title_en": "Case"}])
def test_a_case_with_a_title_in_one_language_is_valid(title):
    case = CaseFactory.build(**{"title_fr": "", "title_en": "", **title})

    case.full_clean()


@pytest.mark.parametrize(("field", "value"), [("publication", "secret"), ("status", "pending")])
def test_database_refuses_an_unknown_case_publication_or_status(field, value):
    case = CaseFactory()

    assert_db_refuses(Case, lambda: Case.objects.filter(pk=case.pk).update(**{field: value}))
    case.refresh_from_db()
    assert case.publication == Case.Publication.PUBLISHED
    assert case.status == Case.Status.FILED


def test_database_refuses_a_court_without_a_name():
    assert_db_refuses(Court, lambda: CourtFactory(name_fr="", name_en=""))


@pytest.mark.parametrize("country", ["fr", "F", "F1"])
def test_database_refuses_a_court_country_that_is_not_two_upper_case_letters(country):
    assert_db_refuses(Court, lambda: CourtFactory(country=country))


def test_full_clean_names_the_rule_for_a_lower_case_court_country():
    court = CourtFactory.build(country="fr")

    with pytest.raises(ValidationError) as excinfo:
        court.full_clean()

    assert "court_country_iso_alpha2" in validation_messages(excinfo.value)


def test_database_refuses_a_status_update_without_text():
    assert_db_refuses(StatusUpdate, lambda: StatusUpdateFactory(text_fr="", text_en=""))


def test_database_refuses_an_event_without_a_title():
    assert_db_refuses(Event, lambda: EventFactory(title_fr="", title_en=""))


# Other unique rows ------------------------------------------------------------------------


def test_database_refuses_the_same_party_twice_in_the_same_role_of_a_proceeding():
    participant = ProceedingPartyFactory()

    assert_db_refuses(
        ProceedingParty,
        lambda: ProceedingPartyFactory(
            proceeding=participant.proceeding, party=participant.party, role=participant.role
        ),
    )


def test_a_party_may_hold_two_roles_in_a_proceeding():
    participant = ProceedingPartyFactory(role=ProceedingParty.Role.APPLICANT)
    ProceedingPartyFactory(
        proceeding=participant.proceeding,
        party=participant.party,
        role=ProceedingParty.Role.INTERVENER,
    )

    assert participant.proceeding.participants.count() == 2


def test_full_clean_reports_the_same_party_twice_in_the_same_role():
    participant = ProceedingPartyFactory()
    duplicate = ProceedingParty(
        proceeding=participant.proceeding, party=participant.party, role=participant.role
    )

    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()

    assert "already exists" in validation_messages(excinfo.value)
    assert ProceedingParty.objects.count() == 1


def test_database_refuses_the_same_number_twice_on_a_ruling():
    number = RulingNumberFactory(number="C-311/18")

    assert_db_refuses(
        RulingNumber, lambda: RulingNumberFactory(ruling=number.ruling, number="C-311/18")
    )


def test_full_clean_normalises_a_ruling_number_then_reports_it_as_a_duplicate():
    number = RulingNumberFactory(number="C-311/18")
    duplicate = RulingNumber(ruling=number.ruling, number="c \u2013 311 / 18")

    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()

    assert duplicate.number == "C-311/18"
    assert "already exists" in validation_messages(excinfo.value)
    assert RulingNumber.objects.count() == 1


def test_database_refuses_a_ruling_that_is_its_own_opinion():
    ruling = RulingFactory()

    assert_db_refuses(
        Ruling, lambda: Ruling.objects.filter(pk=ruling.pk).update(opinion_for=ruling)
    )


def test_database_refuses_two_parties_with_the_same_slug():
    PartyFactory(slug="interhop")

    assert_db_refuses(Party, lambda: PartyFactory(slug="interhop"))


# Bilingual texts --------------------------------------------------------------------------


def test_localized_gives_the_text_in_the_requested_language_without_fallback():
    case = CaseFactory.build(title_fr="Affaire Doctolib", title_en="Doctolib case")

    fr, en = case.localized("title", "fr"), case.localized("title", "en")

    assert (fr.text, fr.language, fr.fallback) == ("Affaire Doctolib", "fr", False)
    assert (en.text, en.language, en.fallback) == ("Doctolib case", "en", False)


def test_localized_falls_back_to_the_other_language_and_says_so():
    case = CaseFactory.build(title_fr="Affaire Doctolib", title_en="")

    value = case.localized("title", "en")

    assert str(value) == "Affaire Doctolib"
    assert value.language == "fr"
    assert value.fallback is True
    assert case.localized("title", "fr").fallback is False


def test_localized_falls_back_from_french_to_english_too():
    case = CaseFactory.build(title_fr="", title_en="Doctolib case")

    value = case.localized("title", "fr")

    assert (value.text, value.language, value.fallback) == ("Doctolib case", "en", True)


def test_localized_is_empty_and_falsy_when_neither_language_has_text():
    court = CourtFactory.build(short_name_fr="", short_name_en="")

    value = court.localized("short_name", "fr")

    assert not value
    assert value.text == ""
    assert value.fallback is False
    assert court.short_name == court.name


def test_localized_follows_the_active_language_and_its_regional_variants():
    case = CaseFactory.build(title_fr="Affaire Doctolib", title_en="Doctolib case")

    with translation.override("en"):
        assert case.title == "Doctolib case"
        assert case.localized("title").language == "en"
    with translation.override("fr"):
        assert case.title == "Affaire Doctolib"
    assert case.localized("title", "en-gb").text == "Doctolib case"
