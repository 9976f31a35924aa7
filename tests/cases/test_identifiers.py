"""Legal identifiers: real ones from the first data set, and the ways they arrive mangled."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cases.identifiers import (
    Celex,
    CjeuCaseNumber,
    Ecli,
    IdentifierError,
    case_number_slug,
    is_valid_ecli,
    normalise_case_number,
    normalise_ce_number,
    normalise_celex,
    normalise_cjeu_case_number,
    normalise_ecli,
    parse_ce_number,
    parse_celex,
    parse_cjeu_case_number,
    parse_ecli,
    validate_celex,
    validate_cjeu_case_number,
    validate_ecli,
)

# A fixed "today", so that the future-year rules do not depend on the clock.
TODAY = datetime.date(2025, 6, 30)

REAL_ECLIS = [
    "ECLI:EU:C:2020:559",
    "ECLI:EU:C:2015:650",
    "ECLI:FR:CEORD:2021:450163.20210312",
    "ECLI:FR:CEORD:2020:444937.20201013",
]

# Unicode dashes that word processors and PDFs put in place of the hyphen-minus.
UNICODE_DASHES = [
    "\u2010",  # hyphen
    "\u2011",  # non-breaking hyphen
    "\u2012",  # figure dash
    "\u2013",  # en dash
    "\u2014",  # em dash
    "\u2015",  # horizontal bar
    "\u2212",  # minus sign
    "\u00ad",  # soft hyphen
    "\ufe63",  # small hyphen-minus
    "\uff0d",  # fullwidth hyphen-minus
]


def assert_fails(parse, value, part, **kw):
    with pytest.raises(IdentifierError) as excinfo:
        parse(value, **kw)
    assert excinfo.value.part == part, str(excinfo.value)
    return excinfo.value


# ECLI


@pytest.mark.parametrize("ecli", REAL_ECLIS)
def test_real_eclis_parse_and_print_back_unchanged(ecli):
    assert str(parse_ecli(ecli, today=TODAY)) == ecli
    assert normalise_ecli(ecli, today=TODAY) == ecli
    assert is_valid_ecli(ecli, today=TODAY)


def test_ecli_is_split_into_its_parts():
    assert parse_ecli("ECLI:EU:C:2020:559") == Ecli(
        country="EU", court="C", year=2020, ordinal="559"
    )


def test_conseil_detat_ecli_keeps_its_dotted_ordinal():
    ecli = parse_ecli("ECLI:FR:CEORD:2021:450163.20210312")
    assert (ecli.country, ecli.court, ecli.year, ecli.ordinal) == (
        "FR",
        "CEORD",
        2021,
        "450163.20210312",
    )


def test_ecli_short_form_drops_the_prefix():
    assert parse_ecli("ECLI:EU:C:2020:559").short == "EU:C:2020:559"


def test_ecli_is_a_frozen_value():
    ecli = parse_ecli("ECLI:EU:C:2020:559")
    with pytest.raises(AttributeError):
        ecli.year = 2021  # type: ignore[misc]
    assert ecli == parse_ecli("ecli:eu:c:2020:559")


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("ecli:eu:c:2020:559", "ECLI:EU:C:2020:559"),
        ("Ecli:Eu:C:2015:650", "ECLI:EU:C:2015:650"),
        ("  ECLI:EU:C:2020:559\n", "ECLI:EU:C:2020:559"),
        ("\u00a0ECLI:EU:C:2020:559\u202f", "ECLI:EU:C:2020:559"),
        ("ecli:fr:ceord:2021:450163.20210312", "ECLI:FR:CEORD:2021:450163.20210312"),
        ("ECLI:NL:HR:2011:BP1234", "ECLI:NL:HR:2011:BP1234"),
        ("ECLI:DE:BGH:2017:120717UIXZR187.15.0", "ECLI:DE:BGH:2017:120717UIXZR187.15.0"),
        ("ECLI:BE:CASS:2012:ARR.20120924.1", "ECLI:BE:CASS:2012:ARR.20120924.1"),
    ],
)
def test_ecli_is_trimmed_and_upper_cased(raw, normal):
    assert normalise_ecli(raw, today=TODAY) == normal


@pytest.mark.parametrize("court", ["CEASS", "CESEC", "CECHR", "CECHS", "CEORD"])
def test_every_conseil_detat_formation_code_is_accepted(court):
    assert is_valid_ecli(f"ECLI:FR:{court}:2021:450163.20210312", today=TODAY)


@pytest.mark.parametrize(
    ("value", "part"),
    [
        ("ECLI:EU:C:2020", "format"),
        ("ECLI:EU:C:2020:559:1", "format"),
        ("ECLI", "format"),
        ("C-311/18", "format"),
        ("", "format"),
        ("   ", "format"),
        ("ECLX:EU:C:2020:559", "prefix"),
        ("ECL:EU:C:2020:559", "prefix"),
        (":EU:C:2020:559", "prefix"),
        ("EU:C:2020:559", "prefix"),
        ("ECLI:EUR:C:2020:559", "country"),
        ("ECLI:E:C:2020:559", "country"),
        ("ECLI:E1:C:2020:559", "country"),
        ("ECLI::C:2020:559", "country"),
        ("ECLI:EU::2020:559", "court"),
        ("ECLI:EU:C1234567X:2020:559", "court"),
        ("ECLI:EU:1C:2020:559", "court"),
        ("ECLI:EU:C-J:2020:559", "court"),
        ("ECLI:EU:C J:2020:559", "court"),
        ("ECLI:EU:C:20:559", "year"),
        ("ECLI:EU:C:20200:559", "year"),
        ("ECLI:EU:C:MMXX:559", "year"),
        ("ECLI:EU:C:1899:559", "year"),
        ("ECLI:EU:C:2026:559", "year"),
        ("ECLI:EU:C:2020:", "ordinal"),
        ("ECLI:EU:C:2020:55-9", "ordinal"),
        ("ECLI:EU:C:2020:559/1", "ordinal"),
        ("ECLI:EU:C:2020:.559", "ordinal"),
        ("ECLI:EU:C:2020:559.", "ordinal"),
        ("ECLI:EU:C:2020:12345678901234567890123456", "ordinal"),
        # Letters and digits of other scripts, which `str.isalnum` would let through.
        ("ECLI:ÉU:C:2020:559", "country"),
        ("ECLI:EU:Ç:2020:559", "court"),
        ("ECLI:EU:C:\u0662\u0660\u0662\u0660:559", "year"),
        ("ECLI:EU:C:2020:\u0665\u0665\u0669", "ordinal"),
    ],
)
def test_invalid_ecli_names_the_part_that_is_wrong(value, part):
    assert_fails(parse_ecli, value, part, today=TODAY)
    assert not is_valid_ecli(value, today=TODAY)


def test_ecli_court_code_error_message_names_the_code_and_the_limit():
    error = assert_fails(parse_ecli, "ECLI:EU:C1234567X:2020:559", "court")
    assert str(error) == "ECLI court code 'C1234567X' is longer than 7 characters"


@pytest.mark.parametrize("court", ["C", "CEORD", "ABCDEFG"])
def test_ecli_court_code_of_one_to_seven_characters_is_accepted(court):
    assert parse_ecli(f"ECLI:NL:{court}:2020:1", today=TODAY).court == court


def test_ecli_ordinal_of_exactly_25_characters_is_accepted():
    ordinal = "A" * 12 + "." + "1" * 12
    assert parse_ecli(f"ECLI:EU:C:2020:{ordinal}", today=TODAY).ordinal == ordinal


@pytest.mark.parametrize(("year", "valid"), [(1900, True), (2025, True), (2026, False)])
def test_ecli_year_runs_from_1900_to_the_current_year(year, valid):
    assert is_valid_ecli(f"ECLI:EU:C:{year}:1", today=TODAY) is valid


def test_ecli_year_after_today_is_rejected_against_the_real_clock_too():
    next_year = datetime.date.today().year + 1
    assert_fails(parse_ecli, f"ECLI:EU:C:{next_year}:1", "year")


@pytest.mark.parametrize(
    "value",
    [
        "ECLI:FR:CEORD:2021:450163.20200312",  # reading date in another year
        "ECLI:FR:CEORD:2021:450163.20210231",  # 31 February
        "ECLI:FR:CEORD:2021:450163.20211312",  # month 13
        "ECLI:FR:CECHR:2025:450163.20250701",  # reading date after today
    ],
)
def test_conseil_detat_ecli_with_an_impossible_reading_date_is_rejected(value):
    assert_fails(parse_ecli, value, "ordinal", today=TODAY)


def test_reading_date_rule_applies_only_to_the_french_conseil_detat():
    assert is_valid_ecli("ECLI:BE:CE:2021:450163.20200312", today=TODAY)
    assert is_valid_ecli("ECLI:FR:CCASS:2021:450163.20200312", today=TODAY)


def test_conseil_detat_ordinal_without_a_reading_date_is_accepted():
    assert is_valid_ecli("ECLI:FR:CESEC:2021:450163", today=TODAY)


@pytest.mark.parametrize(
    "value",
    [
        "CETATEXT000043261301",
        "cetatext000042444491",
        "JURITEXT000043251234",
        "ECLI:FR:CETATEXT000043261301:2021:450163.20210312",
    ],
)
def test_legifrance_document_id_is_not_an_ecli(value):
    assert not is_valid_ecli(value, today=TODAY)


def test_legifrance_document_id_is_reported_as_such():
    error = assert_fails(parse_ecli, "CETATEXT000043261301", "format")
    assert "Légifrance" in str(error)


@pytest.mark.parametrize(
    ("value", "normal"),
    [
        ("EU:C:2020:559", "ECLI:EU:C:2020:559"),
        ("fr:ceord:2021:450163.20210312", "ECLI:FR:CEORD:2021:450163.20210312"),
        ("ECLI:EU:C:2015:650", "ECLI:EU:C:2015:650"),
    ],
)
def test_short_ecli_is_accepted_only_when_asked_for(value, normal):
    assert normalise_ecli(value, allow_short=True, today=TODAY) == normal


def test_short_form_still_applies_every_rule():
    assert_fails(parse_ecli, "ECLI:EU:C:2020", "format", allow_short=True)
    assert_fails(parse_ecli, "EU:C:2026:559", "year", allow_short=True, today=TODAY)
    assert_fails(parse_ecli, "EUR:C:2020:559", "country", allow_short=True)


@pytest.mark.parametrize("value", [None, 559, b"ECLI:EU:C:2020:559"])
def test_ecli_that_is_not_text_is_a_format_error(value):
    assert_fails(parse_ecli, value, "format")
    assert not is_valid_ecli(value)


def test_identifier_error_is_a_value_error():
    assert issubclass(IdentifierError, ValueError)


# CJEU case numbers


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("C-311/18", "C-311/18"),
        ("C-362/14", "C-362/14"),
        ("c-311/18", "C-311/18"),
        ("C - 311/18", "C-311/18"),
        ("C-311 / 18", "C-311/18"),
        ("\u00a0C-311/18 ", "C-311/18"),
        ("T-604/18", "T-604/18"),
        ("C-1/20", "C-1/20"),
        ("C-9999/20", "C-9999/20"),
        ("C-1/00", "C-1/00"),
        ("F-46/09", "F-46/09"),
        ("F-1/05", "F-1/05"),
        ("F-1/16", "F-1/16"),
    ],
)
def test_cjeu_case_number_is_normalised(raw, normal):
    assert normalise_cjeu_case_number(raw) == normal


@pytest.mark.parametrize("dash", UNICODE_DASHES)
def test_cjeu_case_number_accepts_any_unicode_dash(dash):
    assert normalise_cjeu_case_number(f"C{dash}311/18") == "C-311/18"


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("C-216/18 PPU", "C-216/18 PPU"),
        ("c-216/18 ppu", "C-216/18 PPU"),
        ("C-216/18PPU", "C-216/18 PPU"),
        ("C-216/18\u00a0PPU", "C-216/18 PPU"),
        ("T-604/18 R", "T-604/18 R"),
        ("C-682/18 P", "C-682/18 P"),
        ("C-278/13 P(R)", "C-278/13 P(R)"),
        ("C-278/13 P-R", "C-278/13 P(R)"),
        ("C-278/13 p (r)", "C-278/13 P(R)"),
        ("T-1/10 RENV", "T-1/10 RENV"),
        ("C-197/09 RX-II", "C-197/09 RX-II"),
        ("C-197/09 RX\u2011II", "C-197/09 RX-II"),
        ("C-1/10 P-DEP", "C-1/10 P-DEP"),
    ],
)
def test_cjeu_procedure_suffix_is_joined_by_one_space(raw, normal):
    assert normalise_cjeu_case_number(raw) == normal


def test_cjeu_case_number_is_split_into_its_parts():
    assert parse_cjeu_case_number("C-216/18 PPU") == CjeuCaseNumber(
        court="C", number=216, year=18, suffix="PPU"
    )
    assert parse_cjeu_case_number("C-311/18").suffix == ""


def test_cjeu_case_number_prints_a_single_digit_year_with_its_zero():
    assert str(CjeuCaseNumber(court="F", number=46, year=9)) == "F-46/09"


@pytest.mark.parametrize(
    ("value", "part"),
    [
        ("aff. C-311/18", "format"),
        ("affaire C-311/18", "format"),
        ("Case C-311/18", "format"),
        ("C-311/18, C-312/18", "format"),
        ("C311/18", "format"),
        ("C-311-18", "format"),
        ("C-/18", "format"),
        ("C-311/", "format"),
        ("", "format"),
        ("X-311/18", "court"),
        ("CT-311/18", "court"),
        ("C-0311/18", "number"),
        ("C-0/18", "number"),
        ("C-12345/18", "number"),
        ("C-311/2018", "year"),
        ("C-311/8", "year"),
        ("F-1/04", "year"),
        ("F-1/17", "year"),
        ("F-1/20", "year"),
        ("C-311/18 Q", "suffix"),
        ("C-311/18 PP", "suffix"),
        ("C-311/18 P R S", "suffix"),
    ],
)
def test_invalid_cjeu_case_number_names_the_part_that_is_wrong(value, part):
    assert_fails(parse_cjeu_case_number, value, part)


def test_cjeu_case_number_rejects_digits_of_other_scripts():
    assert_fails(parse_cjeu_case_number, "C-\u0663\u0661\u0661/18", "format")


# CELEX


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("62014CJ0362", "62014CJ0362"),
        ("62018CJ0311", "62018CJ0311"),
        ("62018cj0311", "62018CJ0311"),
        (" 62018CC0311 ", "62018CC0311"),
        ("62018CO0311", "62018CO0311"),
        ("62018TJ0604", "62018TJ0604"),
        ("62009FJ0046", "62009FJ0046"),
        ("CELEX:62018CJ0311", "62018CJ0311"),
        ("celex: 62014CJ0362", "62014CJ0362"),
    ],
)
def test_celex_is_normalised(raw, normal):
    assert normalise_celex(raw) == normal


def test_celex_is_split_into_its_parts():
    assert parse_celex("62014CJ0362") == Celex(sector="6", year=2014, descriptor="CJ", number=362)


@pytest.mark.parametrize(
    ("value", "part"),
    [
        ("", "format"),
        ("32016D1250", "sector"),  # the Privacy Shield decision: legislation, not case law
        ("C-311/18", "sector"),
        ("6218CJ0311", "year"),
        ("6201XCJ0311", "year"),
        ("62018XJ0311", "descriptor"),
        ("620181J0311", "descriptor"),
        ("62018C0311", "descriptor"),
        ("62018CJ311", "number"),
        ("62018CJ00311", "number"),
        ("62018CJ0000", "number"),
        ("62014CJ0362(01)", "number"),
        ("62018CJ", "number"),
    ],
)
def test_invalid_celex_names_the_part_that_is_wrong(value, part):
    assert_fails(parse_celex, value, part)


# Conseil d'État application numbers


@pytest.mark.parametrize(
    "raw",
    [
        "450163",
        "n° 450163",
        "N° 450163",
        "N°450163",
        "no 450163",
        "No. 450163",
        "nº 450163",  # masculine ordinal indicator, often typed for the degree sign
        "req. n° 450163",
        "Req. n° 450163",
        "requête n° 450163",
        "n°\u00a0450163",
        "n°\u202f450163",
        "n°\u2009450163",
        "n° 450\u202f163",
        " n° 450163 ",
    ],
)
def test_conseil_detat_number_is_read_from_its_usual_spellings(raw):
    assert parse_ce_number(raw) == 450163
    assert normalise_ce_number(raw) == "450163"


@pytest.mark.parametrize(("raw", "number"), [("n° 444937", 444937), ("n° 43654", 43654)])
def test_conseil_detat_number_has_five_or_six_digits(raw, number):
    assert parse_ce_number(raw) == number


@pytest.mark.parametrize(
    ("value", "part"),
    [
        ("", "format"),
        ("CE 450163", "format"),
        ("n° 450163, 450164", "format"),
        ("C-311/18", "format"),
        ("n° abc", "format"),
        ("n° 4509", "number"),
        ("n° 4501634", "number"),
        ("n° 045016", "number"),
    ],
)
def test_invalid_conseil_detat_number_names_the_part_that_is_wrong(value, part):
    assert_fails(parse_ce_number, value, part)


# Free case-number field and slugs


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("c\u2013311/18", "C-311/18"),
        ("C-216/18 ppu", "C-216/18 PPU"),
        ("n° 450163", "450163"),
        ("req. n°\u00a0444937", "444937"),
        ("2016 No. 4809 P", "2016 No. 4809 P"),
        ("  2016   No.\u00a04809\tP ", "2016 No. 4809 P"),
        ("19-12.345", "19-12.345"),
        ("C-0311/18", "C-0311/18"),  # not a valid CJEU number: kept, only tidied
        ("F-1/20", "F-1/20"),
    ],
)
def test_free_case_number_is_normalised_when_recognised_and_tidied_otherwise(raw, normal):
    assert normalise_case_number(raw) == normal


@pytest.mark.parametrize("value", ["", "  \u00a0 ", None])
def test_empty_case_number_is_a_format_error(value):
    assert_fails(normalise_case_number, value, "format")


@pytest.mark.parametrize(
    ("raw", "slug"),
    [
        ("C-311/18", "c-311-18"),
        ("c\u2011311/18", "c-311-18"),
        ("C-216/18 PPU", "c-216-18-ppu"),
        ("C-278/13 P(R)", "c-278-13-p-r"),
        ("450163", "450163"),
        ("n° 450163", "450163"),
        ("2016 No. 4809 P", "2016-no-4809-p"),
        ("Pourvoi n° 19-12.345 é", "pourvoi-n-19-12-345-e"),
    ],
)
def test_case_number_slug_is_lower_case_ascii_with_hyphens(raw, slug):
    assert case_number_slug(raw) == slug


def test_case_number_slug_fits_a_ruling_slug():
    assert f"cjue-2020-07-16-{case_number_slug('C-311/18')}" == "cjue-2020-07-16-c-311-18"


def test_case_number_without_letters_or_digits_has_no_slug():
    assert_fails(case_number_slug, "§ / \u2013", "format")


# Django validators


@pytest.mark.parametrize(
    ("validator", "value"),
    [
        (validate_ecli, "ECLI:EU:C:2020:559"),
        (validate_ecli, "ecli:fr:ceord:2021:450163.20210312"),
        (validate_celex, "62018CJ0311"),
        (validate_cjeu_case_number, "C\u2013311/18"),
    ],
)
def test_validators_accept_valid_identifiers(validator, value):
    assert validator(value) is None


@pytest.mark.parametrize(
    ("validator", "value", "code"),
    [
        (validate_ecli, "ECLI:EU:C1234567X:2020:559", "invalid_court"),
        (validate_ecli, "EU:C:2020:559", "invalid_prefix"),
        (validate_ecli, "CETATEXT000043261301", "invalid_format"),
        (validate_ecli, "ECLI:FR:CEORD:2021:450163.20200312", "invalid_ordinal"),
        (validate_celex, "32016D1250", "invalid_sector"),
        (validate_celex, "62018CJ311", "invalid_number"),
        (validate_cjeu_case_number, "F-1/20", "invalid_year"),
        (validate_cjeu_case_number, "C-311/18 Q", "invalid_suffix"),
    ],
)
def test_validators_raise_validation_error_coded_by_the_wrong_part(validator, value, code):
    with pytest.raises(ValidationError) as excinfo:
        validator(value)
    assert excinfo.value.code == code
    assert isinstance(excinfo.value.__cause__, IdentifierError)
    assert excinfo.value.messages == [excinfo.value.__cause__.message]


def test_validator_message_is_the_identifier_error_message():
    with pytest.raises(ValidationError) as excinfo:
        validate_ecli("ECLI:EU:C1234567X:2020:559")
    assert excinfo.value.messages == ["ECLI court code 'C1234567X' is longer than 7 characters"]


# --- ECLI country codes (docs/identifiers.md) -------------------------------------------------


@pytest.mark.parametrize("country", ["EU", "CE", "EL", "UK", "FR", "DE", "EP", "CH"])
def test_ecli_countries_in_use_are_accepted(country):
    assert parse_ecli(f"ECLI:{country}:X:2020:1", today=TODAY).country == country


@pytest.mark.parametrize(
    ("country", "message"),
    [
        ("EN", "ECLI country 'EN' is not a country code in use for ECLIs"),
        ("GR", "ECLI country 'GR' is written 'EL' in ECLIs"),
        ("GB", "ECLI country 'GB' is written 'UK' in ECLIs"),
        ("US", "ECLI country 'US' is not a country code in use for ECLIs"),
    ],
)
def test_ecli_country_not_in_use_is_malformed(country, message):
    error = assert_fails(parse_ecli, f"ECLI:{country}:C:2020:559", "country", today=TODAY)
    assert str(error) == message
    assert_fails(parse_ecli, f"{country}:C:2020:559", "country", today=TODAY, allow_short=True)
