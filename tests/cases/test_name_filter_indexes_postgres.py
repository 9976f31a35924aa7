"""The name filters and suggestions answer from the indexes of migration 0021 (PostgreSQL).

cases.matching must write exactly what is indexed: `lower(ct_unaccent(column))` for the whole
name (Fold), the stored `names_folded` column for the pieces (Haystack). If either side changes
alone, the planner reads every case title and party name again and these tests fail.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from cases import matching
from cases.models import Case, Party
from tests.cases.helpers import plan, settle

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

ROWS = 3000
PIECES = {"case": "cases_case_names_trgm", "party": "cases_party_names_trgm"}
WHOLE = {
    "case": ("cases_case_title_fr_folded", "cases_case_title_en_folded"),
    "party": ("cases_party_name_folded",),
}
ALL = {*PIECES.values(), *WHOLE["case"], *WHOLE["party"]}
BEFORE = [("cases", "0020_stored_search_vectors")]


@pytest.fixture
def many_rows(db):
    """ROWS public cases and listed parties with ordinary words, one of each with a rare word,
    then ANALYZE so that the planner knows the tables are large."""

    def words(i: int) -> str:
        return "Zorglüb" if i == ROWS // 2 else f"protection des données personnelles {i}"

    Case.objects.bulk_create(
        Case(
            slug=f"affaire-{i}",
            title_fr=f"Affaire {words(i)}",
            title_en=f"Case {words(i)}",
            publication=Case.Publication.PUBLISHED,
        )
        for i in range(ROWS)
    )
    Party.objects.bulk_create(
        Party(slug=f"partie-{i}", name=f"Association {words(i)}", kind=Party.Kind.ASSOCIATION)
        for i in range(ROWS)
    )
    settle(PIECES.values(), ("cases_case", "cases_party"))


def queries_of(match, text: str) -> tuple[matching.NameMatch, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        found = match(text)
    return found, [query["sql"] for query in queries.captured_queries]


def test_the_function_the_columns_and_the_indexes_exist():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)", [list(ALL)]
        )
        found = dict(cursor.fetchall())
        cursor.execute("SELECT provolatile FROM pg_proc WHERE proname = 'ct_unaccent'")
        volatility = cursor.fetchone()[0]
        cursor.execute(
            "SELECT table_name, generation_expression FROM information_schema.columns "
            "WHERE column_name = 'names_folded' AND is_generated = 'ALWAYS'"
        )
        columns = dict(cursor.fetchall())
    assert set(found) == ALL
    assert all("gin_trgm_ops" in found[index] for index in PIECES.values())
    assert "lower(ct_unaccent((title_fr)::text))" in found["cases_case_title_fr_folded"]
    assert volatility == "i"  # IMMUTABLE, or no index could hold it
    assert set(columns) == {"cases_case", "cases_party"}
    assert "lower(ct_unaccent((title_en)::text))" in columns["cases_case"]


def test_ct_unaccent_folds_as_unaccent_did():
    """The filters match what they matched with plain unaccent, accents and ligatures
    included."""
    texts = ["Fédération SUD santé", "Île-de-France", "ŒUVRE", "Ærø", "Straße", "Ça, là-bas !"]
    with connection.cursor() as cursor:
        for text in texts:
            cursor.execute("SELECT lower(ct_unaccent(%s)), lower(unaccent(%s))", [text, text])
            new, old = cursor.fetchone()
            assert new == old, text


@pytest.mark.parametrize(
    ("match", "kind", "prefix"),
    [(matching.case_match, "case", "affaire"), (matching.party_suggestions, "party", "partie")],
)
def test_a_piece_of_a_name_is_found_from_the_indexes(many_rows, match, kind, prefix):
    found, sql = queries_of(match, "zorglub")
    assert [record.slug for record in found.records] == [f"{prefix}-{ROWS // 2}"]
    pieces = plan(sql[-1])
    assert f"Bitmap Index Scan on {PIECES[kind]}" in pieces, pieces


@pytest.mark.parametrize(
    ("match", "kind", "text"),
    [
        (matching.case_match, "case", "Données PERSONNELLES 1500"),
        (matching.case_match, "case", "Affaire 17"),
        (matching.party_suggestions, "party", "protection données"),
    ],
)
def test_the_indexes_are_usable_for_each_query_of_a_match(many_rows, match, kind, text):
    """With sequential scans priced out, each query of a match (whole name or slug, then
    the pieces) is answered from the indexes: they are usable whatever the planner prefers
    for a word in most names."""
    _found, sql = queries_of(match, text)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plans = [plan(query) for query in sql]
    assert not any("Seq Scan on cases_" in p for p in plans), plans
    for index in (PIECES[kind], *WHOLE[kind]):
        assert any(index in p for p in plans), (index, plans)


@pytest.mark.slow  # migrates back and forth
@pytest.mark.django_db(transaction=True)
def test_the_migration_goes_back_and_forth():
    def present() -> tuple[set, int, int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE indexname = ANY(%s)", [list(ALL)]
            )
            indexes = {row[0] for row in cursor.fetchall()}
            cursor.execute("SELECT count(*) FROM pg_proc WHERE proname = 'ct_unaccent'")
            functions = cursor.fetchone()[0]
            cursor.execute(
                "SELECT count(*) FROM information_schema.columns WHERE column_name = 'names_folded'"
            )
            return indexes, functions, cursor.fetchone()[0]

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    assert present() == (set(), 0, 0)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert present() == (ALL, 1, 2)
    Case.objects.create(
        slug="hebergement", title_fr="Hébergement des données", publication="published"
    )
    assert [case.slug for case in matching.case_match("HEBERG").records] == ["hebergement"]


def test_the_stored_names_follow_every_write():
    """A renamed (or erased) party is found by its new name only: PostgreSQL recomputes the
    stored column, whatever writes."""
    party = Party.objects.create(slug="ancien", name="Ancien Nom", kind=Party.Kind.ASSOCIATION)
    assert matching.party_suggestions("ancien nom").records == [party]
    Party.objects.filter(pk=party.pk).update(name="Collectif Écureuil", slug="ecureuil")
    assert matching.party_suggestions("ancien").records == []
    assert [p.slug for p in matching.party_suggestions("ECUREUIL").records] == ["ecureuil"]
