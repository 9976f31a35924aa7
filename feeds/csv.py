"""CSV downloads of the cases list and the hearings calendar (docs/downloads.md).

The rows are the records the pages list, read by the same selectors and filters, so the
visibility rules are the pages'; parties are named as the case page names them (natural
persons pseudonymised with the case's letters). Texts are in the language of the URL.

Spreadsheet applications run a cell starting with `=`, `+`, `-` or `@` (and, in some, a tab
or a carriage return) as a formula: such a cell is written with a leading apostrophe, which
they show as text (OWASP's "CSV injection" advice). The file is UTF-8 with a byte order mark,
which Excel needs to read accents correctly.
"""

import csv
import io
from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import gettext as _

from cases import visibility
from cases.models import Case, Hearing

BOM = "\ufeff"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPE = "text/csv; charset=utf-8"


def escape_cell(value) -> str:
    """The text of a cell, defused if a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def write_csv(header: list[str], rows: Iterable[list]) -> str:
    """The whole file: BOM, header, rows; every cell escaped; CRLF line ends (RFC 4180)."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([escape_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([escape_cell(cell) for cell in row])
    return buffer.getvalue()


def _absolute(obj) -> str:
    return settings.SITE_URL + obj.get_absolute_url()


def _date(value) -> str:
    return value.isoformat() if value else ""


def _join(values: Iterable[str]) -> str:
    seen: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.append(value)
    return "; ".join(seen)


def cases_csv(cases: list[Case]) -> str:
    """Cases prefetched by feeds.selectors.case_csv_rows."""
    header = [
        _("Title"),
        _("Status"),
        _("Courts"),
        _("Case numbers"),
        _("Procedures"),
        _("First filed"),
        _("Parties"),
        _("Topics"),
        _("Last updated"),
        _("Page"),
    ]
    return write_csv(header, (_case_row(case) for case in cases))


def _case_row(case: Case) -> list:
    proceedings = list(case.proceedings.all())
    parties = [p.party for proceeding in proceedings for p in proceeding.participants.all()]
    names = visibility.pseudonymise(parties)
    lodged = [p.lodged_on for p in proceedings if p.lodged_on]
    return [
        case.title,
        case.get_status_display(),
        _join(p.court.short_name for p in proceedings),
        _join(f"{p.court.short_name} {p.number}".strip() for p in proceedings),
        _join(p.get_procedure_display() for p in proceedings),
        _date(min(lodged, default=None)),
        _join(names[party.pk] for party in parties),
        _join(topic.name for topic in case.topics.all()),
        _date(case.updated_at.date()),
        _absolute(case),
    ]


def hearings_csv(hearings: Iterable[Hearing]) -> str:
    """Hearings of cases.selectors.hearing_schedule (court and case joined)."""
    header = [
        _("Date"),
        _("Start (Paris time)"),
        _("End (Paris time)"),
        _("Status"),
        _("Case"),
        _("Court"),
        _("Case number"),
        _("Formation"),
        _("Place"),
        _("Page"),
    ]
    return write_csv(header, (_hearing_row(hearing) for hearing in hearings))


def _time(value) -> str:
    return value.strftime("%H:%M") if value else ""


def _hearing_row(hearing: Hearing) -> list:
    proceeding = hearing.proceeding
    return [
        _date(hearing.date),
        _time(hearing.start_time),
        _time(hearing.end_time),
        hearing.get_status_display(),
        proceeding.case.title,
        proceeding.court.short_name,
        proceeding.number,
        hearing.formation,
        hearing.location,
        _absolute(proceeding.case),
    ]
