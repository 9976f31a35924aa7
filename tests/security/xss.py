"""The XSS tests' data: a record of each kind holding hostile text in every field, and the pages
that show them (the fixture `xss_world` is imported by the tests that use it)."""

import datetime as dt

import pytest
from django.db import models

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
from citations.models import Citation
from tests.factories import (
    CaseFactory,
    CaseSlugAliasFactory,
    CaseStatusChangeFactory,
    CitationFactory,
    CounselFactory,
    CourtFactory,
    EventFactory,
    FilingFactory,
    HearingChangeFactory,
    HearingFactory,
    PartyFactory,
    ProceedingFactory,
    ProceedingPartyFactory,
    RulingFactory,
    RulingNumberFactory,
    StatusUpdateFactory,
    TopicFactory,
)

# "zebra" lets search find the records; the rest tries every context: element content
# (<script>), a double-quoted attribute ("><img …>), a single-quoted one ('><svg …>), and a
# line break that would inject a property into an iCalendar file.
PAYLOAD = (
    "zebra <script>alert(1)</script>\"><img src=x onerror=alert(2)>'><svg onload=alert(3)>"
    "\r\nX-INJECTED:1\rX-INJECTED:2"
)


SHORT = '"><svg onload=alert(4)>'


JAVASCRIPT_URL = "javascript:alert(5)"


# Identifiers with a format of their own, validated and normalised: no room for markup.
FORMATTED = {"slug", "ecli", "celex", "country", "ecli_code", "language", "uid"}


def payloads_for(model: type[models.Model]) -> dict[str, str]:
    """The payload for every free-text field of `model` (short where the field is short)."""
    values = {}
    for field in model._meta.concrete_fields:
        if field.name in FORMATTED or field.choices or isinstance(field, models.URLField):
            continue
        if isinstance(field, models.TextField):
            values[field.name] = PAYLOAD
        elif isinstance(field, models.CharField):
            if field.max_length >= len(PAYLOAD):
                values[field.name] = PAYLOAD
            elif field.max_length >= len(SHORT):
                values[field.name] = SHORT
    return values


def url_fields(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, models.URLField)]


def poisoned(factory, **kwargs):
    """A record from `factory` with every free-text field a payload and every URL field a
    javascript: URL (written past model validation, as a careless import could)."""
    record = factory(**{**payloads_for(factory._meta.model), **kwargs})
    if names := url_fields(type(record)):
        type(record).objects.filter(pk=record.pk).update(**dict.fromkeys(names, JAVASCRIPT_URL))
        record.refresh_from_db()
    return record


@pytest.fixture
def xss_world(db):
    """One record of every model, all public, all poisoned; returns the objects by model."""
    today = dt.date.today()
    court = poisoned(CourtFactory, slug="xss-court")
    topic = poisoned(TopicFactory, slug="xss-topic")
    case = poisoned(CaseFactory, slug="xss-case", topics=[topic])
    proceeding = poisoned(ProceedingFactory, case=case, court=court, lodged_on=today)
    company = poisoned(PartyFactory, slug="xss-company", kind=Party.Kind.COMPANY)
    named = poisoned(
        PartyFactory,
        slug="xss-named-person",
        kind=Party.Kind.NATURAL_PERSON,
        name_published_by_court=True,
    )
    hidden = poisoned(PartyFactory, slug="xss-person", kind=Party.Kind.NATURAL_PERSON)
    counsel = poisoned(CounselFactory)
    participants = [
        poisoned(ProceedingPartyFactory, proceeding=proceeding, party=party, counsel=[counsel])
        for party in (company, named, hidden)
    ]
    filing = poisoned(
        FilingFactory, proceeding=proceeding, registered_on=today, filed_by=[company, hidden]
    )
    hearing = poisoned(HearingFactory, proceeding=proceeding, date=today + dt.timedelta(days=3))
    change = poisoned(HearingChangeFactory, hearing=hearing)
    ruling = poisoned(
        RulingFactory,
        proceeding=proceeding,
        slug="xss-ruling",
        decided_on=today,
        outcome="rejected",
    )
    number = RulingNumberFactory(ruling=ruling, number="C-311/18")
    cited = poisoned(RulingFactory, slug="xss-cited", court=court, decided_on=today)
    citation = poisoned(CitationFactory, citing_ruling=ruling, cited=cited)
    update = poisoned(StatusUpdateFactory, case=case, posted_on=today)
    event = poisoned(EventFactory, occurred_on=today, cases=[case])
    alias = CaseSlugAliasFactory(case=case, slug="xss-former")
    status_change = poisoned(CaseStatusChangeFactory, case=case)
    return {
        Court: court,
        Topic: topic,
        Case: case,
        Proceeding: proceeding,
        Party: company,
        Counsel: counsel,
        ProceedingParty: participants[0],
        Filing: filing,
        Hearing: hearing,
        HearingChange: change,
        Ruling: ruling,
        RulingNumber: number,
        Citation: citation,
        StatusUpdate: update,
        Event: event,
        CaseSlugAlias: alias,
        CaseStatusChange: status_change,
        "named": named,
        "hidden": hidden,
    }


def page_urls(lang: str = "en") -> dict[str, str]:
    """One URL per public HTML page type, showing the poisoned records."""
    return {
        "home": f"/{lang}/",
        "case list": f"/{lang}/cases/",
        "case list filtered": f"/{lang}/cases/?q=zebra&topic=xss-topic&court=xss-court",
        "case": f"/{lang}/cases/xss-case/",
        "timeline": f"/{lang}/timeline/",
        "hearings": f"/{lang}/hearings/",
        "rulings": f"/{lang}/rulings/",
        "ruling": f"/{lang}/rulings/xss-ruling/",
        "cited ruling": f"/{lang}/rulings/xss-cited/",
        "graph": f"/{lang}/rulings/xss-ruling/graph/",
        "court": f"/{lang}/courts/xss-court/",
        "party": f"/{lang}/parties/xss-company/",
        "named person": f"/{lang}/parties/xss-named-person/",
        "search": f"/{lang}/search/?q=zebra",
        "embed": f"/embed/{lang}/cases/xss-case/",
        "bad input echo": f"/{lang}/cases/?q={PAYLOAD[:80]}&status=%22%3E%3Cscript%3E",
    }
