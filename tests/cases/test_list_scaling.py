"""The case list's facets and the search's ranking do the same work, with fewer queries and
less per-row computation, on PostgreSQL (bench/README.md, "Search and case list at scale")."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import search, selectors
from cases.models import Case, Proceeding, Ruling, Topic
from tests.factories import cases as f

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

P = Proceeding.Procedure


@pytest.fixture
def facet_world():
    """Cases with two proceedings at one court (two procedures), two courts, topics, and a
    draft whose proceedings and topics must not be counted."""
    ce, ta = f.court(), f.court()
    one, two = Topic.objects.create(slug="t-one"), Topic.objects.create(slug="t-two")
    a = f.case("Affaire A", status=Case.Status.DECIDED)
    f.proceeding(a, ce, procedure=P.REFERE_LIBERTE)
    f.proceeding(a, ce, procedure=P.EXCES_DE_POUVOIR)
    a.topics.add(one, two)
    b = f.case("Affaire B", status=Case.Status.FILED)
    f.proceeding(b, ce, procedure=P.REFERE_LIBERTE)
    f.proceeding(b, ta, procedure=P.REFERE_LIBERTE)
    b.topics.add(one)
    f.case("Affaire C")  # no proceeding, no topic
    draft = f.case("Brouillon", publication=Case.Publication.DRAFT)
    f.proceeding(draft, ta, procedure=P.APPEAL)
    draft.topics.add(two)
    return {"ce": ce, "ta": ta, "one": one, "two": two}


def _public():
    return selectors.case_list_brief(viewer=None).order_by("-updated_at", "-pk")


def test_facet_counts_in_one_query_equal_the_counts_by_id_lists(facet_world):
    by_ids = selectors._facet_counts(_public(), 1000)
    by_arrays = selectors._facet_counts_postgres(_public(), 1000)
    assert by_arrays == by_ids
    courts, procedures, topics, statuses, matched = by_arrays
    w = facet_world
    # A case with two proceedings at one court counts once for it; the draft counts nowhere.
    assert courts == {w["ce"].pk: 2, w["ta"].pk: 1}
    assert procedures == {P.REFERE_LIBERTE: 2, P.EXCES_DE_POUVOIR: 1}
    assert topics == {w["one"].pk: 2, w["two"].pk: 1}
    assert sum(statuses.values()) == 3
    assert matched == 3


def test_facet_counts_stop_at_the_limit_in_the_list_order(facet_world):
    first = _public()[:1].get()
    courts, _procedures, topics, statuses, matched = selectors._facet_counts_postgres(_public(), 1)
    assert statuses == {first.status: 1}
    assert selectors._facet_counts(_public(), 1)[0] == courts
    assert selectors._facet_counts(_public(), 1)[2] == topics
    # One case past the limit is walked, counted (for the paginator), not faceted.
    assert matched == 2 == selectors._facet_counts(_public(), 1).matched


def test_case_facets_take_three_queries_whatever_the_number_of_cases(facet_world):
    # The cases with their courts, procedures and topics; the courts' names; the topics'.
    with CaptureQueriesContext(connection) as queries:
        facets = selectors.case_facets(cases=_public(), limit=1000)
    assert len(queries) == 3
    assert {slug: n for slug, _name, n in facets.rows["court"]} == {
        facet_world["ce"].slug: 2,
        facet_world["ta"].slug: 1,
    }


@pytest.fixture
def search_world():
    title = f.case("Hébergement des données de santé", summary_fr="Hébergement des données.")
    summary = f.case("Autre affaire", summary_fr="Il est question de données de santé.")
    f.case("Sans rapport", summary_fr="Rien à voir.")
    f.case("Brouillon de santé", publication=Case.Publication.DRAFT)
    return title, summary


def test_ranked_search_tests_the_match_only_in_its_pool(search_world):
    ranked = search.ranked(Case.objects.public(), "données santé", order=("-updated_at", "-pk"))
    sql = str(ranked.query)
    # Twice (French, English) in the pool that the GIN indexes answer; the ranked rows are
    # not tested again (it doubled the to_tsvector calls per ranked row).
    assert sql.count("@@") == 2
    # The vectors are ranked, not selected.
    assert '"_vector_fr"' not in sql.split(" FROM ")[0]


def test_ranked_search_finds_and_orders_as_before(search_world):
    title, summary = search_world
    ranked = list(
        search.ranked(Case.objects.public(), "données santé", order=("-updated_at", "-pk"))
    )
    assert ranked == [title, summary]
    assert ranked[0].rank > ranked[1].rank > 0
    # The same rows and ranks as filtering and ranking every match (no pool).
    unpooled = search.filter_text(Case.objects.public(), "données santé").order_by(
        "-rank", "-updated_at", "-pk"
    )
    assert [(c.pk, c.rank) for c in ranked] == [(c.pk, c.rank) for c in unpooled]


def test_stored_vectors_rank_as_the_text_does(search_world):
    """Migration 0020's columns hold the very vectors of the expression indexes: the rank read
    from them equals the rank computed from the text, also after an edit."""
    _title, summary = search_world
    Case.objects.filter(pk=summary.pk).update(summary_fr="Santé, santé, données de santé.")
    stored = search._stored_rank(Case.objects.public(), "données santé")
    computed, _condition = search._with_rank(
        Case.objects.public(), "données santé", search.CASE_FIELDS, ()
    )
    assert dict(stored.values_list("pk", "rank")) == dict(computed.values_list("pk", "rank"))
    assert dict(stored.values_list("pk", "rank"))[summary.pk] > 0


def test_ranked_cases_and_rulings_read_the_stored_vectors(search_world):
    cases = search.ranked(Case.objects.public(), "données santé", order=("-pk",))
    assert '"cases_case"."search_vector_fr"' in str(cases.query)
    rulings = search.ranked(
        Ruling.objects.public(),
        "données",
        order=("-pk",),
        fields=search.RULING_FIELDS,
        extra=("short_name",),
    )
    assert '"cases_ruling"."search_vector_en"' in str(rulings.query)
    # Other fields than the stored ones: ranked from the text.
    titles = search.ranked(Case.objects.public(), "santé", order=("-pk",), fields=("title",))
    assert "search_vector_fr" not in str(titles.query)
    assert [c.pk for c in titles] == [search_world[0].pk]
