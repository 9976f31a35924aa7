"""The integrity rules live in PostgreSQL itself: every named constraint exists in its catalogue,
and raw SQL that breaks one is refused by the server, naming the constraint."""

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction

from tests.factories import (
    CitationFactory,
    CourtFactory,
    EventFactory,
    FilingFactory,
    HearingFactory,
    ProceedingFactory,
    ProceedingPartyFactory,
    RulingFactory,
    RulingNumberFactory,
    StatusUpdateFactory,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def casetracker_models():
    return [
        *apps.get_app_config("cases").get_models(),
        *apps.get_app_config("citations").get_models(),
    ]


def test_the_suite_runs_on_postgresql():
    assert connection.vendor == "postgresql"


def test_every_named_constraint_exists_in_the_database():
    missing = []
    with connection.cursor() as cursor:
        for model in casetracker_models():
            table = model._meta.db_table
            present = set(connection.introspection.get_constraints(cursor, table))
            missing += [
                f"{table}.{c.name}" for c in model._meta.constraints if c.name not in present
            ]

    assert missing == []


@pytest.fixture
def rows():
    """One row of each table involved, and a second of those that uniqueness needs."""
    proceeding = ProceedingFactory(number="450163")
    ruling = RulingFactory(proceeding=proceeding, ecli="ECLI:EU:C:2020:559")
    citation = CitationFactory(citing_ruling=ruling)
    filing = FilingFactory(proceeding=proceeding)
    return {
        "case": proceeding.case,
        "proceeding": proceeding,
        "other_proceeding": ProceedingFactory(court=proceeding.court, number="444937"),
        "participant": ProceedingPartyFactory(proceeding=proceeding),
        "hearing": HearingFactory(proceeding=proceeding),
        "ruling": ruling,
        "other_ruling": RulingFactory(ecli="ECLI:EU:C:2015:650"),
        "number": RulingNumberFactory(ruling=ruling, number="C-311/18"),
        "update": StatusUpdateFactory(case=proceeding.case),
        "event": EventFactory(),
        "filing": filing,
        "citation": citation,
        "filing_citation": CitationFactory(
            citing_ruling=None, citing_filing=filing, cited=citation.cited
        ),
        "spare_court": CourtFactory(),
    }


# (constraint, SQL that breaks it, how to read its parameters from `rows`)
VIOLATIONS = [
    ("case_has_a_title", "UPDATE cases_case SET title_fr = '', title_en = '' WHERE id = %s",
     lambda r: [r["case"].pk]),
    ("case_publication_valid", "UPDATE cases_case SET publication = 'secret' WHERE id = %s",
     lambda r: [r["case"].pk]),
    ("case_status_valid", "UPDATE cases_case SET status = 'pending' WHERE id = %s",
     lambda r: [r["case"].pk]),
    ("court_country_iso_alpha2", "UPDATE cases_court SET country = 'fr' WHERE id = %s",
     lambda r: [r["spare_court"].pk]),
    ("court_has_a_name", "UPDATE cases_court SET name_fr = '', name_en = '' WHERE id = %s",
     lambda r: [r["spare_court"].pk]),
    ("proceeding_unique_number", "UPDATE cases_proceeding SET number = %s WHERE id = %s",
     lambda r: [r["proceeding"].number, r["other_proceeding"].pk]),
    ("proceeding_not_its_own_parent", "UPDATE cases_proceeding SET parent_id = id WHERE id = %s",
     lambda r: [r["proceeding"].pk]),
    ("proceeding_party_unique_role",
     "INSERT INTO cases_proceedingparty (uid, created_at, updated_at, proceeding_id, party_id, "
     "role) SELECT gen_random_uuid(), now(), now(), proceeding_id, party_id, role "
     "FROM cases_proceedingparty WHERE id = %s",
     lambda r: [r["participant"].pk]),
    ("hearing_ends_after_it_starts", "UPDATE cases_hearing SET end_time = '09:00' WHERE id = %s",
     lambda r: [r["hearing"].pk]),
    ("hearing_status_valid", "UPDATE cases_hearing SET status = 'adjourned' WHERE id = %s",
     lambda r: [r["hearing"].pk]),
    ("ruling_ecli_upper_case", "UPDATE cases_ruling SET ecli = lower(ecli) WHERE id = %s",
     lambda r: [r["ruling"].pk]),
    ("cases_ruling_ecli_key", "UPDATE cases_ruling SET ecli = %s WHERE id = %s",
     lambda r: [r["ruling"].ecli, r["other_ruling"].pk]),
    ("ruling_not_its_own_opinion", "UPDATE cases_ruling SET opinion_for_id = id WHERE id = %s",
     lambda r: [r["ruling"].pk]),
    ("ruling_number_unique",
     "INSERT INTO cases_rulingnumber (uid, created_at, updated_at, ruling_id, number) "
     "VALUES (gen_random_uuid(), now(), now(), %s, %s)",
     lambda r: [r["ruling"].pk, r["number"].number]),
    ("status_update_has_text",
     "UPDATE cases_statusupdate SET text_fr = '', text_en = '' WHERE id = %s",
     lambda r: [r["update"].pk]),
    ("event_has_a_title", "UPDATE cases_event SET title_fr = '', title_en = '' WHERE id = %s",
     lambda r: [r["event"].pk]),
    ("citation_not_self",
     "UPDATE citations_citation SET cited_id = citing_ruling_id WHERE id = %s",
     lambda r: [r["citation"].pk]),
    ("citation_exactly_one_citing_item",
     "UPDATE citations_citation SET citing_filing_id = %s WHERE id = %s",
     lambda r: [r["filing"].pk, r["citation"].pk]),
    ("citation_unique_ruling_pair",
     "INSERT INTO citations_citation (uid, created_at, updated_at, citing_ruling_id, cited_id, "
     "treatment, pinpoint, quote, origin, verified, version) SELECT gen_random_uuid(), now(), "
     "now(), citing_ruling_id, cited_id, 'follows', '', '', 'manual', false, 1 "
     "FROM citations_citation WHERE id = %s",
     lambda r: [r["citation"].pk]),
    ("citation_unique_filing_pair",
     "INSERT INTO citations_citation (uid, created_at, updated_at, citing_filing_id, cited_id, "
     "treatment, pinpoint, quote, origin, verified, version) SELECT gen_random_uuid(), now(), "
     "now(), citing_filing_id, cited_id, 'follows', '', '', 'manual', false, 1 "
     "FROM citations_citation WHERE id = %s",
     lambda r: [r["filing_citation"].pk]),
    ("citation_treatment_valid",
     "UPDATE citations_citation SET treatment = 'ignores' WHERE id = %s",
     lambda r: [r["citation"].pk]),
]  # fmt: skip


def table_snapshot(sql: str) -> list:
    table = sql.split()[2] if sql.startswith("INSERT") else sql.split()[1]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} ORDER BY id")
        return cursor.fetchall()


@pytest.mark.parametrize(
    ("constraint", "sql", "params"), VIOLATIONS, ids=[v[0] for v in VIOLATIONS]
)
def test_postgresql_refuses_raw_sql_that_breaks_a_constraint(rows, constraint, sql, params):
    before = table_snapshot(sql)

    with (
        pytest.raises(IntegrityError) as excinfo,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params(rows))

    assert excinfo.value.__cause__.diag.constraint_name == constraint
    assert table_snapshot(sql) == before
