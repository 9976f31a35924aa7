"""The case list dates each case by its latest event (filing registered, hearing held, ruling
decided, status update posted, status change), not by the last edit of its record."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases import selectors
from cases.models import Case, CaseStatusChange, Filing, Hearing, StatusUpdate
from tests.factories import cases as f

pytestmark = pytest.mark.django_db


def row_of(html: str, title: str) -> str:
    """The list card of the case titled `title`."""
    match = re.search(rf'<li class="card">.*?{re.escape(title)}.*?</li>', html, re.S)
    assert match, title
    return match.group(0)


def test_a_2021_ruling_dates_the_case_even_when_edited_today(client):
    the_case = f.case("Affaire ancienne")
    proceeding = f.proceeding(the_case)
    Filing.objects.create(
        proceeding=proceeding, kind=Filing.Kind.BRIEF, registered_on=dt.date(2020, 6, 2)
    )
    f.ruling(proceeding, decided_on=dt.date(2021, 3, 12))
    the_case.summary_fr = "Résumé corrigé aujourd'hui."
    the_case.save()
    # In the site's time zone: between midnight in Paris and midnight UTC the UTC date lags.
    assert timezone.localdate(the_case.updated_at) == timezone.localdate()

    html = client.get("/fr/cases/").content.decode()

    row = row_of(html, "Affaire ancienne")
    assert '<time datetime="2021-03-12">12 mars 2021</time>' in row
    assert timezone.localdate().isoformat() not in row
    english = row_of(client.get("/en/cases/").content.decode(), "Affaire ancienne")
    assert 'latest event <time datetime="2021-03-12">12 March 2021</time>' in english


def test_each_kind_of_event_counts_and_the_latest_wins():
    today = timezone.localdate()
    the_case = f.case("Affaire active")
    proceeding = f.proceeding(the_case)
    Filing.objects.create(
        proceeding=proceeding, kind=Filing.Kind.BRIEF, registered_on=dt.date(2021, 1, 5)
    )
    f.ruling(proceeding, decided_on=dt.date(2021, 2, 5))
    StatusUpdate.objects.create(case=the_case, posted_on=dt.date(2021, 4, 5), text_fr="Point")
    CaseStatusChange.objects.create(
        case=the_case, to_status=Case.Status.DECIDED, changed_on=dt.date(2021, 3, 5)
    )
    f.hearing(proceeding, dt.date(2021, 5, 5), status=Hearing.Status.HELD)
    # Not things that happened: a hearing to come, a cancelled or postponed one.
    f.hearing(proceeding, today + dt.timedelta(days=10))
    f.hearing(proceeding, dt.date(2021, 6, 5), status=Hearing.Status.CANCELLED)
    f.hearing(proceeding, dt.date(2021, 6, 6), status=Hearing.Status.POSTPONED)

    def latest():
        return selectors.case_list_brief().get(pk=the_case.pk).last_activity_on

    assert latest() == dt.date(2021, 5, 5)
    Filing.objects.create(
        proceeding=proceeding, kind=Filing.Kind.BRIEF, registered_on=dt.date(2021, 7, 1)
    )
    assert latest() == dt.date(2021, 7, 1)
    StatusUpdate.objects.create(case=the_case, posted_on=dt.date(2021, 8, 1), text_fr="Point")
    assert latest() == dt.date(2021, 8, 1)
    CaseStatusChange.objects.create(
        case=the_case, to_status=Case.Status.CLOSED, changed_on=dt.date(2021, 9, 1)
    )
    assert latest() == dt.date(2021, 9, 1)
    f.ruling(proceeding, decided_on=dt.date(2021, 10, 1))
    assert latest() == dt.date(2021, 10, 1)


def test_ties_show_the_shared_date_once(client):
    the_case = f.case("Affaire à égalité")
    proceeding = f.proceeding(the_case)
    f.ruling(proceeding, decided_on=dt.date(2021, 3, 12))
    StatusUpdate.objects.create(case=the_case, posted_on=dt.date(2021, 3, 12), text_fr="Point")

    row = row_of(client.get("/fr/cases/").content.decode(), "Affaire à égalité")

    assert row.count("<time") == 1
    assert '<time datetime="2021-03-12">12 mars 2021</time>' in row


def no_event_case(title: str) -> Case:
    """A case with no event at all, not even the first status the services record."""
    the_case = f.case(title)
    the_case.status_changes.all().delete()
    return the_case


def test_a_case_without_events_shows_no_date_not_its_edit_date(client):
    no_event_case("Affaire sans événement")

    row = row_of(client.get("/en/cases/").content.decode(), "Affaire sans événement")

    assert "<time" not in row
    assert "no dated event yet" in row
    assert timezone.localdate().isoformat() not in row


def test_sort_by_latest_activity_follows_the_shown_dates(client):
    older, newer = f.case("Affaire A"), f.case("Affaire B")
    empty = no_event_case("Affaire C")
    f.ruling(f.proceeding(older), decided_on=dt.date(2023, 1, 1))
    f.ruling(f.proceeding(newer), decided_on=dt.date(2024, 1, 1))
    older.save()  # edited last: the edit order would put it first

    html = client.get("/en/cases/?sort=activity").content.decode()

    # Cases with no event come last.
    assert html.index("Affaire B") < html.index("Affaire A") < html.index(empty.title_fr)


def test_the_list_issues_the_same_queries_with_events(client):
    """The dates come in the list's own query: no query per case, none more for events."""
    f.populated_case(1)
    with CaptureQueriesContext(connection) as bare:
        client.get("/fr/cases/?sort=activity")
    f.populated_case(20)
    with CaptureQueriesContext(connection) as full:
        response = client.get("/fr/cases/?sort=activity")
    assert response.status_code == 200
    assert len(full) == len(bare)


def test_the_csv_download_sorts_by_latest_activity_like_the_page(client):
    older, newer = f.case("Affaire A"), f.case("Affaire B")
    f.ruling(f.proceeding(older), decided_on=dt.date(2023, 1, 1))
    f.ruling(f.proceeding(newer), decided_on=dt.date(2024, 1, 1))
    older.save()

    response = client.get("/en/cases.csv?sort=activity")

    assert response.status_code == 200
    text = response.content.decode()
    assert text.index("Affaire B") < text.index("Affaire A")
    assert client.get("/en/cases.csv?sort=nonsense").status_code == 400
