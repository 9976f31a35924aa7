"""Legal identifiers: ECLI, CJEU case numbers, CELEX numbers, Conseil d'État application numbers.

Pure parsing and normalisation, so that models, forms, importers and the citation extractor agree
on one canonical form. Parsers raise `IdentifierError` naming the part at fault; the Django
validators at the bottom turn it into a `ValidationError`. Prose ("aff. C-311/18") is the
extractor's business: these parsers take one identifier and nothing else.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from common.text import fold

# Explicit ASCII classes throughout: `\d` and `str.isalpha` would let other scripts' digits and
# letters through. `\s` is kept Unicode-aware on purpose, for no-break and thin spaces.
_ECLI_COUNTRY_RE = re.compile(r"[A-Za-z]{2}")
_ECLI_COURT_RE = re.compile(r"[A-Za-z0-9]+")
_ECLI_YEAR_RE = re.compile(r"[0-9]{4}")
# A leading or trailing dot is a sign of a truncated or mis-pasted ordinal.
_ECLI_ORDINAL_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.]*[A-Za-z0-9])?")
_CE_ORDINAL_RE = re.compile(r"[0-9]+\.([0-9]{8})")
# Légifrance ids (CETATEXT000043261301, JURITEXT...) are pasted where an ECLI is expected.
_LEGIFRANCE_ID_RE = re.compile(r"[A-Z]{4}TEXT[0-9]{12}", re.IGNORECASE)
ECLI_FIRST_YEAR = 1900

# Every dash that word processors and PDFs put in "C-311/18" instead of the hyphen-minus.
_DASHES = "-\u00ad\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_CJEU_RE = re.compile(
    rf"(?P<court>[A-Za-z]+)\s*[{re.escape(_DASHES)}]\s*(?P<number>[0-9]+)\s*/\s*(?P<year>[0-9]+)"
    rf"\s*(?P<suffix>[A-Za-z()\s{re.escape(_DASHES)}]*)"
)
# Procedure suffixes: P appeal, PPU urgent procedure, R interim measures, P(R) appeal in interim
# measures, DEP costs, RENV referred back, RX review, REV revision, INT interpretation, OP
# opposition, TO third-party proceedings, AJ legal aid, SA attachment.
_CJEU_SUFFIX_FORMS = "P PPU R P(R) DEP P-DEP RENV RX RX-II REV INT OP TO AJ SA"
# Keyed by their letters alone, so that "P-R", "P(R)" and "p (r)" meet.
_NON_LETTERS_RE = re.compile(r"[^A-Z]")
_CJEU_SUFFIXES = {_NON_LETTERS_RE.sub("", form): form for form in _CJEU_SUFFIX_FORMS.split()}
# Civil Service Tribunal (F-) case numbers exist for 2005-2016 only.
_CST_YEARS = range(5, 17)

_CELEX_PREFIX_RE = re.compile(r"CELEX\s*:\s*", re.IGNORECASE)
# Case-law descriptors: the court (C, T, F) then the document type (J judgment, C opinion...).
_CELEX_DESCRIPTOR_RE = re.compile(r"[CTF][A-Z]")
_FOUR_DIGITS_RE = re.compile(r"[0-9]{4}")

_CE_NUMBER_RE = re.compile(
    r"(?:req(?:u[eê]te)?\.?\s*)?(?:(?:n\s*[°º˚]|no\.?)\s*)?(?P<digits>[0-9]+(?:\s[0-9]{3})?)",
    re.IGNORECASE,
)
_SLUG_JUNK_RE = re.compile(r"[^a-z0-9]+")


class IdentifierError(ValueError):
    """An identifier that does not parse; `part` names the part at fault ("court", "year"...)."""

    def __init__(self, message: str, *, part: str) -> None:
        super().__init__(message)
        self.message = message
        self.part = part


def _text(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise IdentifierError(f"{what} is empty or not text: {value!r}", part="format")
    return value.strip()


@dataclass(frozen=True)
class Ecli:
    country: str
    court: str
    year: int
    ordinal: str

    def __str__(self) -> str:
        return f"ECLI:{self.short}"

    @property
    def short(self) -> str:
        return f"{self.country}:{self.court}:{self.year}:{self.ordinal}"


def parse_ecli(
    value: str, *, today: datetime.date | None = None, allow_short: bool = False
) -> Ecli:
    today = today or datetime.date.today()
    text = _text(value, "ECLI")
    if _LEGIFRANCE_ID_RE.fullmatch(text):
        raise IdentifierError(f"'{text}' is a Légifrance document id, not an ECLI", part="format")
    parts = text.split(":")
    has_prefix = parts[0].upper() == "ECLI"
    if has_prefix and len(parts) == 5:
        parts = parts[1:]
    elif allow_short and not has_prefix and len(parts) == 4:
        pass
    elif len(parts) == 5:
        raise IdentifierError(f"ECLI prefix '{parts[0]}' is not 'ECLI'", part="prefix")
    elif len(parts) == 4 and not has_prefix:
        raise IdentifierError(f"'{text}' lacks the 'ECLI:' prefix", part="prefix")
    else:
        raise IdentifierError(f"ECLI '{text}' has {len(parts)} parts, not 5", part="format")
    country, court, year_text, ordinal = parts

    if not _ECLI_COUNTRY_RE.fullmatch(country):
        raise IdentifierError(f"ECLI country '{country}' is not 2 letters", part="country")
    _check_ecli_country(country.upper())
    if not _ECLI_COURT_RE.fullmatch(court):
        raise IdentifierError(f"ECLI court code '{court}' is not letters and digits", part="court")
    if len(court) > 7:
        raise IdentifierError(
            f"ECLI court code '{court}' is longer than 7 characters", part="court"
        )
    if not court[0].isalpha():
        raise IdentifierError(f"ECLI court code '{court}' starts with a digit", part="court")
    if not _ECLI_YEAR_RE.fullmatch(year_text):
        raise IdentifierError(f"ECLI year '{year_text}' is not 4 digits", part="year")
    year = int(year_text)
    if year < ECLI_FIRST_YEAR:
        raise IdentifierError(f"ECLI year {year} is before {ECLI_FIRST_YEAR}", part="year")
    if year > today.year:
        raise IdentifierError(f"ECLI year {year} is after {today.year}", part="year")
    if len(ordinal) > 25:
        raise IdentifierError(
            f"ECLI ordinal '{ordinal}' is longer than 25 characters", part="ordinal"
        )
    if not _ECLI_ORDINAL_RE.fullmatch(ordinal):
        raise IdentifierError(
            f"ECLI ordinal '{ordinal}' is not letters and digits with inner dots", part="ordinal"
        )

    ecli = Ecli(country.upper(), court.upper(), year, ordinal.upper())
    if ecli.country == "FR" and ecli.court.startswith("CE"):
        _check_conseil_detat_ordinal(ecli, today)
    return ecli


# --- ECLI country codes -----------------------------------------------------------------------
# The second part of an ECLI: the codes of the ECLI framework (docs/identifiers.md, "ECLI country
# codes"). The EU member states by their ISO 3166 codes except Greece, which the EU writes EL;
# EU for the Union's courts; CE for the Council of Europe (the European Court of Human Rights,
# ECLI:CE:ECHR:…); EP for the European Patent Office's boards of appeal; and the other states
# that publish ECLIs. A code outside this list is a typo or a language code ("EN"), never a
# court's: the ECLI is malformed.
# fmt: off
ECLI_MEMBER_STATES = frozenset({
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
})
# fmt: on
ECLI_OTHER_ISSUERS = frozenset(
    {
        "EU",  # Court of Justice, General Court, Civil Service Tribunal
        "CE",  # Council of Europe: European Court of Human Rights
        "EP",  # European Patent Office
        "UK",  # United Kingdom (the EU's code for it, not ISO's GB)
        "CH",  # Switzerland
        "NO",  # Norway
        "IS",  # Iceland
        "LI",  # Liechtenstein
        "ME",  # Montenegro
    }
)
ECLI_COUNTRIES = ECLI_MEMBER_STATES | ECLI_OTHER_ISSUERS
# ISO codes that the ECLI framework writes otherwise.
_ECLI_COUNTRY_INSTEAD = {"GR": "EL", "GB": "UK"}


def _check_ecli_country(country: str) -> None:
    if country in ECLI_COUNTRIES:
        return
    instead = _ECLI_COUNTRY_INSTEAD.get(country)
    if instead:
        message = f"ECLI country '{country}' is written '{instead}' in ECLIs"
    else:
        message = f"ECLI country '{country}' is not a country code in use for ECLIs"
    raise IdentifierError(message, part="country")


# --- end of ECLI country codes -----------------------------------------------------------------


def _check_conseil_detat_ordinal(ecli: Ecli, today: datetime.date) -> None:
    """The Conseil d'État writes its ordinals "application number.reading date (YYYYMMDD)"."""
    match = _CE_ORDINAL_RE.fullmatch(ecli.ordinal)
    if match is None:
        return
    digits = match[1]
    try:
        read_on = datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        message = f"ECLI ordinal '{ecli.ordinal}' ends in '{digits}', not a calendar date"
        raise IdentifierError(message, part="ordinal") from None
    if read_on.year != ecli.year:
        message = f"ECLI ordinal '{ecli.ordinal}' has a reading date outside {ecli.year}"
        raise IdentifierError(message, part="ordinal")
    if read_on > today:
        message = f"ECLI ordinal '{ecli.ordinal}' has a reading date after today"
        raise IdentifierError(message, part="ordinal")


def normalise_ecli(value: str, **kw) -> str:
    return str(parse_ecli(value, **kw))


def is_valid_ecli(value: str, **kw) -> bool:
    try:
        parse_ecli(value, **kw)
    except IdentifierError:
        return False
    return True


@dataclass(frozen=True)
class CjeuCaseNumber:
    court: str  # C (Court of Justice), T (General Court), F (Civil Service Tribunal)
    number: int
    year: int  # two-digit year, as printed: 18 for 2018
    suffix: str = ""  # procedure: P (appeal), PPU (urgent), R (interim measures)...

    def __str__(self) -> str:
        suffix = f" {self.suffix}" if self.suffix else ""
        return f"{self.court}-{self.number}/{self.year:02d}{suffix}"


def parse_cjeu_case_number(value: str) -> CjeuCaseNumber:
    text = _text(value, "CJEU case number")
    match = _CJEU_RE.fullmatch(text)
    if match is None:
        raise IdentifierError(f"'{text}' is not a CJEU case number like 'C-311/18'", part="format")
    court, number, year, suffix = match.group("court", "number", "year", "suffix")
    court = court.upper()
    if court not in ("C", "T", "F"):
        raise IdentifierError(f"CJEU court letter '{court}' is not C, T or F", part="court")
    if len(number) > 4 or number.startswith("0"):
        message = f"CJEU case number '{text}' is not 1 to 4 digits without a leading zero"
        raise IdentifierError(message, part="number")
    if len(year) != 2:
        raise IdentifierError(f"CJEU case number '{text}' has no 2-digit year", part="year")
    if court == "F" and int(year) not in _CST_YEARS:
        message = f"CJEU case number '{text}': the Civil Service Tribunal sat in 2005-2016"
        raise IdentifierError(message, part="year")
    canonical_suffix = _CJEU_SUFFIXES.get(_NON_LETTERS_RE.sub("", suffix.upper()), "")
    if suffix and not canonical_suffix:
        message = f"CJEU case number '{text}' has an unknown suffix '{suffix}'"
        raise IdentifierError(message, part="suffix")
    return CjeuCaseNumber(court, int(number), int(year), canonical_suffix)


def normalise_cjeu_case_number(value: str) -> str:
    return str(parse_cjeu_case_number(value))


@dataclass(frozen=True)
class Celex:
    sector: str  # "6": case law
    year: int
    descriptor: str  # CJ judgment, CC AG opinion, CO order, TJ General Court judgment...
    number: int

    def __str__(self) -> str:
        return f"{self.sector}{self.year}{self.descriptor}{self.number:04d}"


def parse_celex(value: str) -> Celex:
    """A case-law CELEX number ("62018CJ0311"); variants such as "(01)" are not accepted."""
    text = _text(value, "CELEX number").upper()
    prefix = _CELEX_PREFIX_RE.match(text)
    if prefix:
        text = text[prefix.end() :]
    sector, year, descriptor, number = text[:1], text[1:5], text[5:7], text[7:]
    if sector != "6":
        raise IdentifierError(f"CELEX '{text}' is not in sector 6 (case law)", part="sector")
    if not _FOUR_DIGITS_RE.fullmatch(year):
        raise IdentifierError(f"CELEX '{text}' has no 4-digit year", part="year")
    if not _CELEX_DESCRIPTOR_RE.fullmatch(descriptor):
        message = f"CELEX '{text}' has no case-law descriptor such as CJ, CC or TJ"
        raise IdentifierError(message, part="descriptor")
    if not _FOUR_DIGITS_RE.fullmatch(number) or number == "0000":
        raise IdentifierError(f"CELEX '{text}' does not end in 0001 to 9999", part="number")
    return Celex(sector, int(year), descriptor, int(number))


def normalise_celex(value: str) -> str:
    return str(parse_celex(value))


def parse_ce_number(value: str) -> int:
    """A Conseil d'État application number ("n° 450163", "req. n° 450163") as an int."""
    text = _text(value, "Conseil d'État application number")
    match = _CE_NUMBER_RE.fullmatch(text)
    if match is None:
        message = f"'{text}' is not a Conseil d'État application number like 'n° 450163'"
        raise IdentifierError(message, part="format")
    digits = "".join(match["digits"].split())
    if len(digits) not in (5, 6) or digits.startswith("0"):
        message = f"Conseil d'État number '{digits}' is not 5 or 6 digits, without leading zero"
        raise IdentifierError(message, part="number")
    return int(digits)


def normalise_ce_number(value: str) -> str:
    return str(parse_ce_number(value))


def normalise_case_number(value: str) -> str:
    """A case number of any court: CJEU and Conseil d'État numbers in their normal form,
    anything else (other courts' numbers, e.g. "2016 No. 4809 P") with its spaces tidied."""
    text = _text(value, "case number")
    for parse in (parse_cjeu_case_number, parse_ce_number):
        try:
            return str(parse(text))
        except IdentifierError:
            pass
    return " ".join(text.split())


def case_number_slug(value: str) -> str:
    """The URL form of a case number: "C-311/18" -> "c-311-18"."""
    folded = unicodedata.normalize("NFKD", normalise_case_number(value))
    slug = _SLUG_JUNK_RE.sub("-", folded.encode("ascii", "ignore").decode().lower()).strip("-")
    if not slug:
        raise IdentifierError(f"case number {value!r} has no letters or digits", part="format")
    return slug


def _validate(parse, value) -> None:
    try:
        parse(value)
    except IdentifierError as error:
        raise ValidationError(error.message, code=f"invalid_{error.part}") from error


def validate_ecli(value) -> None:
    """Django validator for a full ECLI (the short form is not accepted)."""
    _validate(parse_ecli, value)


def validate_celex(value) -> None:
    _validate(parse_celex, value)


def validate_cjeu_case_number(value) -> None:
    _validate(parse_cjeu_case_number, value)


# --- Identity of records across data sets (docs/interchange.md, "Matching rules") -----------
# Used by interchange.matching to decide whether a record from a file or a source is one the
# database already holds. Kept apart from the parsers above: these forms are comparison keys,
# not what is stored or printed.

# ECLI court codes that name one court, keyed by (country, code) and giving the court's main
# code. The Conseil d'État alone publishes under several (docs/interchange.md); a code absent
# from the table is its own main code.
ECLI_COURT_CODES: dict[tuple[str, str], str] = {
    **{
        ("FR", code): "CE"
        for code in ("CE", "CEORD", "CESEC", "CECHR", "CECHS", "CEASS", "CEPLEN", "CEDEC")
    },
    ("EU", "C"): "C",  # Court of Justice
    ("EU", "T"): "T",  # General Court (formerly the Court of First Instance)
    ("EU", "F"): "F",  # Civil Service Tribunal
}

# Courts whose numbers carry a letter the court itself drops: the Tribunal des conflits writes
# "C3694" where others cite "3694".
_NUMBER_LETTER_PREFIX_COURTS = {("FR", "TC")}
_CJEU_KEY_RE = re.compile(
    rf"(?P<court>[CTF])\s*[{re.escape(_DASHES)}]?\s*(?P<number>[0-9]+)\s*/\s*(?P<year>[0-9]{{2}})"
    rf"(?P<suffix>[A-Z()\s{re.escape(_DASHES)}]*)"
)
_LETTER_DIGITS_RE = re.compile(r"C\s*(?P<digits>[0-9]+)")
_THOUSANDS_RE = re.compile(r"[0-9]{1,3}\s[0-9]{3}")
# Separators between several numbers in one field ("93861 ! 94360", "C-511/18, C-512/18").
_NUMBER_SEPARATORS_RE = re.compile(r"\s*(?:[!,;&+]|\bet\b|\band\b)\s*", re.IGNORECASE)
_STANDALONE_NUMBER_RE = re.compile(rf"[0-9]{{4,}}|[CTF][{re.escape(_DASHES)}][0-9]+/[0-9]{{2}}")


def ecli_court_key(country: str, code: str) -> tuple[str, str] | None:
    """The (country, main code) a court is known by in ECLIs; None without a code."""
    country, code = (country or "").strip().upper(), (code or "").strip().upper()
    if not country or not code:
        return None
    return country, ECLI_COURT_CODES.get((country, code), code)


def ecli_court_codes(country: str, code: str) -> list[str]:
    """Every code under which the court known as (country, code) publishes."""
    key = ecli_court_key(country, code)
    if key is None:
        return []
    codes = [c for (land, c), main in ECLI_COURT_CODES.items() if (land, main) == key]
    return codes or [key[1]]


def fold_name(value: str) -> str:
    """A name for comparison: accents, case, punctuation and spacing folded ("Conseil d'État"
    and "conseil d etat" meet)."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(value or "").casefold()).split())


def split_case_numbers(value: str) -> list[str]:
    """The numbers a case-number field holds: "174245 174246" and "93861 ! 94360" are two,
    "C-311/18" and "2016 No. 4809 P" one. Empty parts are dropped."""
    parts = [p for p in _NUMBER_SEPARATORS_RE.split(value or "") if p.strip()]
    numbers = []
    for part in parts:
        words = part.split()
        if (
            len(words) > 1
            and not _THOUSANDS_RE.fullmatch(part.strip())
            and all(_STANDALONE_NUMBER_RE.fullmatch(w) for w in words)
        ):
            numbers.extend(words)
        else:
            numbers.append(" ".join(words))
    return numbers


def case_number_key(value: str, *, court: tuple[str, str] | None = None) -> str:
    """One number in the one form it is compared in for the court `court` (its
    ecli_court_key): "C-311/18" = "C 311/18" = "C311/18"; "02958" = "2958"; before the
    Tribunal des conflits "C3694" = "3694"."""
    text = " ".join((value or "").upper().split())
    match = _CJEU_KEY_RE.fullmatch(text)
    if match is not None:
        suffix = _NON_LETTERS_RE.sub("", match["suffix"])
        suffix = _CJEU_SUFFIXES.get(suffix, suffix)
        number = f"{match['court']}-{int(match['number'])}/{match['year']}"
        return f"{number} {suffix}" if suffix else number
    if court in _NUMBER_LETTER_PREFIX_COURTS:
        letter = _LETTER_DIGITS_RE.fullmatch(text)
        if letter is not None:
            text = letter["digits"]
    digits = text.replace(" ", "")
    if digits.isdigit() and digits.isascii():
        return str(int(digits))
    return text


def tidy_case_number(value: str) -> str:
    """A number as it is stored: a CJEU number written without its hyphen ("C 311/18",
    "C311/18") in its normal form, any other through normalise_case_number."""
    text = " ".join((value or "").upper().split())
    if _CJEU_KEY_RE.fullmatch(text):
        return case_number_key(text)
    return normalise_case_number(value)
