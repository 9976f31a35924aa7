"""The full-text search answers from the GIN indexes of migration 0005 (PostgreSQL).

Each index is on the very expression cases.search builds; if the searched fields or the way
SearchVector writes them change, the planner stops using the index and these tests fail.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import search
from cases.models import Case, Court, Party, Ruling
from tests.cases.helpers import plan, settle

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

ROWS = 3000
INDEXES = {
    "case": ("cases_case_search_fr_gin", "cases_case_search_en_gin"),
    "ruling": ("cases_ruling_search_fr_gin", "cases_ruling_search_en_gin"),
    "party": ("cases_party_search_fr_gin", "cases_party_search_en_gin"),
}


@pytest.fixture
def many_rows(db):
    """ROWS public cases, rulings and parties with ordinary words, one of each with a rare
    word, then ANALYZE so that the planner knows the tables are large."""
    court = Court.objects.create(
        slug="tribunal-index", name_fr="Tribunal", name_en="Court", country="FR", kind="admin"
    )

    def words(i: int) -> str:
        return "Zorglub" if i == ROWS // 2 else f"protection des données personnelles {i}"

    Case.objects.bulk_create(
        Case(
            slug=f"affaire-{i}",
            title_fr=f"Affaire {words(i)}",
            title_en=f"Case {words(i)}",
            summary_fr=f"Résumé {i} sur la santé",
            summary_en=f"Summary {i} about health",
            publication=Case.Publication.PUBLISHED,
        )
        for i in range(ROWS)
    )
    Ruling.objects.bulk_create(
        Ruling(
            slug=f"decision-{i}",
            court=court,
            kind=Ruling.Kind.ORDER,
            decided_on=dt.date(2021, 1, 1) + dt.timedelta(days=i % 365),
            title_fr=f"Décision {words(i)}",
            title_en=f"Ruling {words(i)}",
            reference=True,
        )
        for i in range(ROWS)
    )
    Party.objects.bulk_create(
        Party(slug=f"partie-{i}", name=f"Association {words(i)}", kind=Party.Kind.ASSOCIATION)
        for i in range(ROWS)
    )
    settle(
        [index for names in INDEXES.values() for index in names],
        ("cases_case", "cases_ruling", "cases_party"),
    )


def test_the_indexes_exist():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE %s",
            ["%_search_%_gin"],
        )
        found = dict(cursor.fetchall())
    assert set(found) == {name for names in INDEXES.values() for name in names}
    assert all("USING gin (to_tsvector(" in definition for definition in found.values())


@pytest.mark.parametrize(
    ("model", "queryset"),
    [
        ("case", lambda: search.filter_text(Case.objects.all(), "Zorglub")),
        (
            "ruling",
            lambda: search.filter_text(
                Ruling.objects.all(), "Zorglub", fields=search.RULING_FIELDS, extra=("short_name",)
            ),
        ),
        (
            "party",
            lambda: search.filter_text(Party.objects.all(), "Zorglub", fields=(), extra=("name",)),
        ),
    ],
)
def test_each_search_query_uses_both_language_indexes(many_rows, model, queryset):
    qs = queryset()
    explained = qs.explain()
    for index in INDEXES[model]:
        assert f"Bitmap Index Scan on {index}" in explained, explained
    prefix = {"case": "affaire", "ruling": "decision", "party": "partie"}[model]
    assert [row.slug for row in qs] == [f"{prefix}-{ROWS // 2}"]


def test_the_search_page_queries_use_the_indexes(client, many_rows):
    """EXPLAIN of exactly the SQL the search page sends (public cases, rulings, parties)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/fr/search/", {"q": "Zorglub"})
    assert response.status_code == 200
    searches = [q["sql"] for q in queries if "@@" in q["sql"]]
    assert len(searches) == 3
    plans = "\n".join(plan(sql) for sql in searches)
    for names in INDEXES.values():
        for index in names:
            assert index in plans, plans


def test_the_cases_list_text_filter_uses_the_case_indexes(client, many_rows):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/fr/cases/", {"q": "Zorglub"})
    assert response.status_code == 200
    assert "Affaire Zorglub" in response.content.decode()
    searches = [q["sql"] for q in queries if "@@" in q["sql"]]
    assert searches
    for index in INDEXES["case"]:
        assert index in plan(searches[0]), plan(searches[0])
