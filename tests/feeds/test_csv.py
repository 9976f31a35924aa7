"""CSV downloads of the cases list and the hearings calendar."""

import csv
import datetime as dt
import io

import pytest
from django.utils import translation

from cases import services
from cases.models import Case, Party, ProceedingParty, Topic
from feeds.csv import escape_cell
from tests.factories import (
    DRAFT_TITLE,
    PERSON_NAME,
    make_case,
    make_court,
    make_draft_world,
    make_hearing,
    make_person,
)

pytestmark = pytest.mark.django_db


def fetch(client, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert not response.cookies
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 byte order mark for spreadsheet apps"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def column(rows: list[list[str]], name: str) -> list[str]:
    index = rows[0].index(name)
    return [row[index] for row in rows[1:]]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+33 1 23", "'+33 1 23"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Conseil d'État", "Conseil d'État"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
    ],
)
def test_cells_that_a_spreadsheet_would_run_as_formulas_are_escaped(value, expected):
    assert escape_cell(value) == expected


def test_cases_csv_lists_public_cases_with_pseudonymised_parties(client, english):
    world = make_draft_world()
    rows = fetch(client, "/en/cases.csv")
    assert rows[0][:3] == ["Title", "Status", "Courts"]
    assert column(rows, "Title") == ["Public case with a person"]
    assert column(rows, "Parties") == ["A... B..."]
    assert column(rows, "Page") == [f"http://127.0.0.1:8000/en/cases/{world['public'].slug}/"]
    assert column(rows, "First filed") == ["2021-02-26"]
    text = "\n".join(",".join(row) for row in rows)
    assert DRAFT_TITLE not in text
    assert PERSON_NAME not in text


def test_cases_csv_header_and_texts_follow_the_url_language(client):
    make_case(title="Affaire")
    rows = fetch(client, "/fr/cases.csv")
    assert rows[0][0] == "Titre"
    with translation.override("fr"):
        assert column(rows, "Statut") == [str(Case.Status.FILED.label)]


def test_cases_csv_applies_the_page_filters_and_ignores_the_page_number(client):
    topic = Topic.objects.create(slug="sante", name_fr="Santé", name_en="Health")
    with_topic, _ = make_case(title="With topic")
    with_topic.topics.add(topic)
    make_case(title="Without topic")
    rows = fetch(client, "/en/cases.csv?topic=sante&page=7")
    assert column(rows, "Title") == ["With topic"]
    assert column(rows, "Topics") == ["Health"]


def test_cases_csv_escapes_a_title_that_looks_like_a_formula(client):
    make_case(title='=HYPERLINK("http://evil.example","click")')
    rows = fetch(client, "/en/cases.csv")
    assert column(rows, "Title") == ['\'=HYPERLINK("http://evil.example","click")']


def test_cases_csv_names_a_party_the_court_names(client):
    _case, proceeding = make_case(title="Named")
    party = services.party_save(
        party=Party(
            name="Jean Public", kind=Party.Kind.NATURAL_PERSON, name_published_by_court=True
        )
    )
    ProceedingParty.objects.create(
        proceeding=proceeding, party=party, role=ProceedingParty.Role.RESPONDENT
    )
    make_person(proceeding)
    rows = fetch(client, "/en/cases.csv")
    assert column(rows, "Parties") == ["Jean Public; A... B..."]


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("cases.csv", "court=nowhere"),
        ("cases.csv", "status=bogus"),
        ("cases.csv", "filed_after=2021-13-45"),
        ("cases.csv", "filed_after=2021-03-01&filed_before=2021-01-01"),
        ("cases.csv", "topic=x&party=y"),
        ("cases.csv", "q=" + "x" * 1000),
        ("hearings.csv", "court=nowhere"),
        ("hearings.csv", "when=tomorrow"),
        ("hearings.csv", "party=nobody"),
    ],
)
def test_bad_filters_answer_400_with_the_form_like_the_pages(client, path, query):
    response = client.get(f"/en/{path}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert b"Some filters are not valid." in response.content


def test_a_draft_case_slug_is_a_bad_filter_of_the_hearings_csv(client):
    world = make_draft_world()
    response = client.get(f"/en/hearings.csv?case={world['draft'].slug}")
    assert response.status_code == 400


def test_hearings_csv_lists_upcoming_public_hearings_with_the_filters(client, english):
    world = make_draft_world()
    _other, other_proceeding = make_case(title="Other court", court=make_court("cjue"))
    make_hearing(other_proceeding, start_time=None, location="=cmd|' /C calc'!A0")
    rows = fetch(client, "/en/hearings.csv")
    assert rows[0] == [
        "Date",
        "Start (Paris time)",
        "End (Paris time)",
        "Status",
        "Case",
        "Court",
        "Case number",
        "Formation",
        "Place",
        "Page",
    ]
    assert sorted(column(rows, "Case")) == ["Other court", "Public case with a person"]
    assert DRAFT_TITLE not in str(rows)
    assert "Salle Zorglub" not in str(rows)
    filtered = fetch(client, f"/en/hearings.csv?case={world['public'].slug}")
    assert column(filtered, "Case") == ["Public case with a person"]
    assert column(filtered, "Date") == ["2030-03-08"]
    assert column(filtered, "Start (Paris time)") == ["10:30"]
    by_court = fetch(client, "/en/hearings.csv?court=cjue")
    assert column(by_court, "Start (Paris time)") == [""]
    assert column(by_court, "Place") == ["'=cmd|' /C calc'!A0"]
    assert column(fetch(client, "/en/hearings.csv?when=past"), "Case") == []


def test_hearings_csv_of_past_hearings(client):
    _, proceeding = make_case(title="Old")
    make_hearing(proceeding, date=dt.date(2021, 3, 8))
    rows = fetch(client, "/fr/hearings.csv?when=past")
    assert column(rows, "Date") == ["2021-03-08"]


def test_both_pages_link_to_their_csv_with_the_current_filters(client):
    _, proceeding = make_case(title="Linked")
    make_hearing(proceeding)
    page = client.get("/en/cases/?status=filed&page=1").content.decode()
    assert 'href="/en/cases.csv?status=filed"' in page
    page = client.get("/en/hearings/?when=past&court=ce").content.decode()
    assert 'href="/en/hearings.csv?when=past&amp;court=ce"' in page
    assert 'href="/en/hearings.csv"' in client.get("/en/hearings/").content.decode()


def _many_cases(n: int) -> None:
    topic = Topic.objects.create(slug=f"t{n}", name_fr="Thème", name_en="Topic")
    for i in range(n):
        case, proceeding = make_case(title=f"Case {i}")
        case.topics.add(topic)
        make_person(proceeding, name=f"Person {i}")
        make_hearing(proceeding, date=dt.date(2030, 1, 1) + dt.timedelta(days=i))


@pytest.mark.parametrize("n", [1, 30])
def test_csv_query_counts_do_not_grow_with_rows(client, django_assert_max_num_queries, n):
    """Guards the N+1s of the rows: per-case proceedings, courts, participants, parties and
    topics in the cases CSV; per-hearing proceeding, case and court in the hearings CSV."""
    _many_cases(n)
    with django_assert_max_num_queries(5):
        assert len(fetch(client, "/en/cases.csv")) == n + 1
    with django_assert_max_num_queries(2):
        assert len(fetch(client, "/en/hearings.csv")) == n + 1
    with django_assert_max_num_queries(6):
        assert len(fetch(client, "/en/cases.csv?topic=t" + str(n) + "&court=ce")) == n + 1
