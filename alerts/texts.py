"""The words of alert e-mails in French and English.

Written out here rather than through gettext: an alert goes out in its subscriber's language
from a command, whatever catalogue is compiled, and its sentences are reviewed as a whole.
Dates use Django's own month names (translation.override).
"""

import datetime as dt

from django.utils import formats, translation

from cases.choices import CaseStatus, HearingStatus
from cases.models import CaseChange, Ruling

Kind = CaseChange.Kind

KIND_LABELS = {
    "fr": {
        Kind.HEARING_SCHEDULED: "audience fixée",
        Kind.HEARING_MOVED: "audience déplacée",
        Kind.HEARING_POSTPONED: "audience reportée",
        Kind.HEARING_CANCELLED: "audience annulée",
        Kind.HEARING_HELD: "audience tenue",
        Kind.RULING_ADDED: "nouvelle décision",
        Kind.STATUS_CHANGED: "nouveau statut",
    },
    "en": {
        Kind.HEARING_SCHEDULED: "hearing scheduled",
        Kind.HEARING_MOVED: "hearing moved",
        Kind.HEARING_POSTPONED: "hearing postponed",
        Kind.HEARING_CANCELLED: "hearing cancelled",
        Kind.HEARING_HELD: "hearing held",
        Kind.RULING_ADDED: "new ruling",
        Kind.STATUS_CHANGED: "status changed",
    },
}

CASE_STATUS = {
    "fr": {
        CaseStatus.FILED: "requête déposée",
        CaseStatus.HEARING_SCHEDULED: "audience fixée",
        CaseStatus.AWAITING_DECISION: "audience tenue, décision attendue",
        CaseStatus.DECIDED: "décision rendue",
        CaseStatus.APPEALED: "appel formé",
        CaseStatus.CLOSED: "affaire close",
        CaseStatus.WITHDRAWN: "désistement",
    },
    "en": {
        CaseStatus.FILED: "filed",
        CaseStatus.HEARING_SCHEDULED: "hearing scheduled",
        CaseStatus.AWAITING_DECISION: "heard, awaiting decision",
        CaseStatus.DECIDED: "decided",
        CaseStatus.APPEALED: "appealed",
        CaseStatus.CLOSED: "closed",
        CaseStatus.WITHDRAWN: "withdrawn",
    },
}

HEARING_STATUS = {
    "fr": {
        HearingStatus.SCHEDULED: "prévue",
        HearingStatus.POSTPONED: "reportée",
        HearingStatus.HELD: "tenue",
        HearingStatus.CANCELLED: "annulée",
    },
    "en": {
        HearingStatus.SCHEDULED: "scheduled",
        HearingStatus.POSTPONED: "postponed",
        HearingStatus.HELD: "held",
        HearingStatus.CANCELLED: "cancelled",
    },
}

RULING_KIND = {
    "fr": {
        Ruling.Kind.JUDGMENT: "arrêt",
        Ruling.Kind.ORDER: "ordonnance",
        Ruling.Kind.OPINION: "conclusions de l'avocat général",
        Ruling.Kind.DECISION: "décision",
    },
    "en": {
        Ruling.Kind.JUDGMENT: "judgment",
        Ruling.Kind.ORDER: "order",
        Ruling.Kind.OPINION: "Advocate General's opinion",
        Ruling.Kind.DECISION: "decision",
    },
}

SENTENCES = {
    "fr": {
        Kind.HEARING_SCHEDULED: "Audience fixée au {new}.",
        Kind.HEARING_MOVED: "Audience déplacée : prévue le {old}, elle aura lieu le {new}.",
        Kind.HEARING_POSTPONED: "Audience du {old} reportée ; la nouvelle date n'est pas connue.",
        Kind.HEARING_CANCELLED: "Audience du {new} annulée.",
        Kind.HEARING_HELD: "Audience du {new} tenue.",
        Kind.RULING_ADDED: "Nouvelle décision : {ruling}.",
        Kind.STATUS_CHANGED: "Statut de l'affaire : {old_status} → {new_status}.",
    },
    "en": {
        Kind.HEARING_SCHEDULED: "Hearing scheduled for {new}.",
        Kind.HEARING_MOVED: "Hearing moved: set for {old}, it will now take place on {new}.",
        Kind.HEARING_POSTPONED: "Hearing of {old} postponed; the new date is not known yet.",
        Kind.HEARING_CANCELLED: "Hearing of {new} cancelled.",
        Kind.HEARING_HELD: "Hearing of {new} held.",
        Kind.RULING_ADDED: "New ruling: {ruling}.",
        Kind.STATUS_CHANGED: "Case status: {old_status} → {new_status}.",
    },
}


def when(date: dt.date | None, time: dt.time | None, language: str) -> str:
    """ "8 mars 2021 à 10 h 30" / "8 March 2021 at 10:30"; the date alone when no time."""
    if date is None:
        return "—"
    with translation.override(language):
        text = formats.date_format(date, "j F Y")
    if time is None:
        return text
    if language == "fr":
        return f"{text} à {time.hour} h {time.minute:02d}"
    return f"{text} at {time:%H:%M}"


def day(date: dt.date, language: str) -> str:
    with translation.override(language):
        return formats.date_format(date, "j F Y")


def describe(change: CaseChange, language: str) -> str:
    """One sentence telling `change` in `language`."""
    language = language if language in SENTENCES else "fr"
    ruling = ""
    if change.ruling_id:
        r = change.ruling
        court = r.court.localized("short_name", language).text or r.court.localized(
            "name", language
        )
        kind = RULING_KIND[language].get(r.kind, r.kind)
        ruling = f"{kind} {court}, {day(r.decided_on, language)}"
    statuses = CASE_STATUS[language]
    return SENTENCES[language][change.kind].format(
        old=when(change.old_date, change.old_start_time, language),
        new=when(change.new_date, change.new_start_time, language),
        ruling=ruling,
        old_status=statuses.get(change.old_status, change.old_status),
        new_status=statuses.get(change.new_status, change.new_status),
    )


def where(change: CaseChange, language: str) -> str:
    """The proceeding a hearing or ruling belongs to: "CE n° 450163"."""
    item = change.hearing or change.ruling
    proceeding = getattr(item, "proceeding", None)
    if proceeding is None:
        return ""
    court = proceeding.court.localized("short_name", language).text
    return (
        f"{court} n° {proceeding.number}" if language == "fr" else f"{court} No {proceeding.number}"
    )


def subject(case_title: str, changes: list[CaseChange], language: str) -> str:
    if len(changes) == 1:
        return (
            f"{case_title} : {KIND_LABELS[language][changes[0].kind]}"
            if language == "fr"
            else f"{case_title}: {KIND_LABELS[language][changes[0].kind]}"
        )
    if language == "fr":
        return f"{case_title} : {len(changes)} nouveautés"
    return f"{case_title}: {len(changes)} updates"


def digest_subject(count: int, language: str) -> str:
    if language == "fr":
        return (
            f"casetracker : {count} nouveauté{'s' if count > 1 else ''} dans les affaires suivies"
        )
    return f"casetracker: {count} update{'s' if count > 1 else ''} in the cases you follow"


def confirm_subject(case_title: str, language: str) -> str:
    if language == "fr":
        return f"Confirmez le suivi de l'affaire « {case_title} »"
    return f"Confirm that you want to follow “{case_title}”"
