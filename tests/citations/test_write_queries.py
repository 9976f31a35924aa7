"""What a write costs in SQL statements, its side effects included: the citation data the
citations app keeps on the services' domain events (cases.signals, citations/receivers.py).
Savepoints count: the test database wraps each test in a transaction."""

import datetime as dt

import pytest

from cases import services as case_services
from cases.models import Ruling
from citations import services
from citations.models import Citation, stats_of
from tests import factories as f

pytestmark = pytest.mark.django_db


def published_ruling(**kwargs) -> Ruling:
    return f.RulingFactory(proceeding=f.ProceedingFactory(case=f.CaseFactory()), **kwargs)


def test_changing_a_rulings_date_reads_its_row_once(django_assert_max_num_queries):
    # 26 statements when model-signal receivers read the row again and recounted dates with
    # subqueries; the date now comes with the service's event, the stored row read once.
    ruling = published_ruling(decided_on=dt.date(2020, 5, 1))
    for _ in range(3):
        services.citation_create(citing=ruling, cited=f.RulingFactory(), verified=True)
    ruling = Ruling.objects.get(pk=ruling.pk)
    ruling.decided_on = dt.date(2021, 6, 2)

    with django_assert_max_num_queries(20) as captured:
        case_services.ruling_save(ruling=ruling)

    reads = [q["sql"] for q in captured.captured_queries if 'FROM "cases_ruling"' in q["sql"]]
    assert len([sql for sql in reads if sql.startswith('SELECT "cases_ruling"."id"')]) == 1
    dates = set(Citation.objects.filter(citing_ruling=ruling).values_list("citing_date", flat=True))
    assert dates == {dt.date(2021, 6, 2)}


def test_adding_a_citation_counts_it_without_reading_the_ruling_again(
    django_assert_max_num_queries,
):
    # 25 statements when a model-signal receiver recounted in a savepoint of its own and
    # read the cited ruling back for its new counts.
    citing, cited = published_ruling(), f.RulingFactory()

    with django_assert_max_num_queries(22):
        services.citation_create(citing=citing, cited=cited, verified=True)

    with django_assert_max_num_queries(0):
        assert (stats_of(cited).count, stats_of(cited).treatments) == (1, {"cites": 1})
    cited.refresh_from_db()
    assert (stats_of(cited).count, stats_of(cited).rulings_count) == (1, 1)
