"""The ruling page and its graph page read the stored counts: the same number of queries with
one citation or hundreds, and drafts neither listed nor counted."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cases.models import Ruling
from citations import selectors, services
from citations.models import Citation
from tests import factories as f

pytestmark = pytest.mark.django_db


def cited_by(n: int, cited, treatment="follows"):
    """`n` public rulings citing `cited`, one day apart, oldest first."""
    citing = [
        f.RulingFactory(decided_on=dt.date(2000, 1, 1) + dt.timedelta(days=i)) for i in range(n)
    ]
    for ruling in citing:
        services.citation_create(citing=ruling, cited=cited, treatment=treatment, verified=True)
    return citing


def en(name: str, ruling) -> str:
    with translation.override("en"):
        return reverse(name, kwargs={"slug": ruling.slug})


def queries(client, url) -> int:
    return len(statements(client, url))


def statements(client, url) -> list[str]:
    """The SQL of the page's queries, numbers (ids, slugs' counters, limits) blanked out."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [re.sub(r"\d+", "N", query["sql"]) for query in captured]


# A ruling of case law (no proceeding, no joined one), as the hub of the benchmark: the ruling
# with its court and counts, its numbers, what it cites, what cites it, the citations behind its
# signal. No query for its proceedings nor its opinions: it has none.
HUB_RULING_QUERIES = 5


def test_ruling_page_queries_are_the_same_with_one_citation_and_with_many(
    client, django_assert_num_queries
):
    """Guards the N+1 of the cited-by list (court of each citing ruling), the counts that
    used to be computed over every citation of the ruling, and the page's work: the same
    statements, whatever the number of citing rulings."""
    one, many = f.RulingFactory(), f.RulingFactory()
    cited_by(1, one)
    cited_by(60, many)
    url_one = en("ruling_detail", one)
    url_many = en("ruling_detail", many)
    with django_assert_num_queries(HUB_RULING_QUERIES):
        body = client.get(url_many).content.decode()
    assert queries(client, url_one) == queries(client, url_many)
    assert statements(client, url_one) == statements(client, url_many)
    assert "Cited by 60 public rulings or filings." in body


def test_a_judgment_lists_its_public_opinions_and_reads_none_when_it_has_none(client):
    """The page asks for opinions only when the ruling has some (ruling_get_for_page reads
    whether it does), and lists the public ones: not one its source withdrew, not a draft."""
    judgment = f.RulingFactory(short_name="Judgment")
    opinion_kind = {"kind": Ruling.Kind.OPINION, "opinion_for": judgment}
    public = f.RulingFactory(short_name="Public opinion", **opinion_kind)
    f.RulingFactory(
        short_name="Withdrawn opinion",
        withdrawn_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        **opinion_kind,
    )
    draft_case = f.CaseFactory(publication="draft")
    f.RulingFactory(
        short_name="Draft opinion",
        proceeding=f.ProceedingFactory(case=draft_case),
        **opinion_kind,
    )
    body = client.get(en("ruling_detail", judgment)).content.decode()
    assert f'href="{en("ruling_detail", public)}"' in body
    assert "Withdrawn opinion" not in body and "Draft opinion" not in body
    assert len(opinions_read(client, judgment)) == 1
    assert opinions_read(client, f.RulingFactory()) == []


def opinions_read(client, ruling) -> list[str]:
    """The page's queries of the opinions of `ruling` (by its id, blanked to N)."""
    return [
        sql
        for sql in statements(client, en("ruling_detail", ruling))
        if re.search(r'"opinion_for_id" (= N|IN \(N)', sql)
    ]


def test_a_ruling_without_joined_proceedings_reads_no_proceeding(client):
    """Its main proceeding, case and court come with the ruling: the page used to look for its
    proceedings with `id IS NULL OR id IN (…)`, which PostgreSQL answered by reading every
    proceeding (34 ms at 100,000 cases, the hub ruling's growth)."""
    case = f.CaseFactory(title_en="Published case")
    proceeding = f.ProceedingFactory(case=case, number="450163")
    f.ProceedingPartyFactory(proceeding=proceeding, party__name="Association publique")
    in_case = f.RulingFactory(proceeding=proceeding)
    case_law = f.RulingFactory()
    for ruling in (in_case, case_law):
        cited_by(3, ruling)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(en("ruling_detail", in_case))
    body = response.content.decode()
    assert "Published case" in body and "450163" in body and "Association publique" in body
    assert [p.pk for p in response.context["proceedings"]] == [proceeding.pk]
    tables = [query["sql"].split(" FROM ", 1)[1].split()[0] for query in captured]
    assert '"cases_proceeding"' not in tables
    # Its parties, and its case's parties with their counsel (for the letters of pseudonymised
    # names): the only queries a ruling of case law does not make.
    assert len(captured) == queries(client, en("ruling_detail", case_law)) + 3


def test_ruling_page_lists_the_most_recent_citing_rulings_and_no_draft(client):
    cited = f.RulingFactory()
    citing = cited_by(55, cited)
    draft = f.RulingFactory(
        proceeding=f.ProceedingFactory(case=f.draft_case()), decided_on=dt.date(2030, 1, 1)
    )
    services.citation_create(citing=draft, cited=cited, treatment="overrules", verified=True)
    body = client.get(en("ruling_detail", cited)).content.decode()
    newest, oldest = citing[-1], citing[0]
    assert en("ruling_detail", newest) in body
    assert en("ruling_detail", oldest) not in body  # beyond the 50 most recent
    assert en("ruling_detail", draft) not in body
    assert "Cited by 55 public rulings or filings." in body
    assert "signal-positive" in body  # the draft's "overrules" does not count


def test_graph_page_queries_are_the_same_with_one_citation_and_with_many(
    client, django_assert_max_num_queries
):
    """Guards the per-node counts and signals, and the walk over every citation of a hub."""
    one, many = f.RulingFactory(), f.RulingFactory()
    cited_by(1, one)
    cited_by(80, many)
    url_one = en("ruling_graph", one)
    url_many = en("ruling_graph", many)
    with django_assert_max_num_queries(12):
        client.get(url_many)
    assert queries(client, url_one) == queries(client, url_many)


def test_graph_of_a_hub_shows_its_most_recent_citing_rulings_and_counts_the_rest(client):
    hub = f.RulingFactory()
    citing = cited_by(70, hub)
    body = client.get(en("ruling_graph", hub)).content.decode()
    assert f'id="node-{citing[-1].pk}"' in body
    assert f'id="node-{citing[0].pk}"' not in body
    assert "11 more rulings are left out" in body  # 71 rulings, 60 drawn
    assert Citation.objects.filter(cited=hub).count() == 70


def test_known_public_tells_only_what_the_ruling_was_read_with():
    """The lists around a ruling known public check only their other end (citations.selectors):
    known only for reference case law and for a ruling read with its public case."""
    case_law = f.RulingFactory()
    in_public = f.RulingFactory(proceeding=f.ProceedingFactory(case=f.CaseFactory()))
    in_draft = f.RulingFactory(proceeding=f.ProceedingFactory(case=f.draft_case()))
    withdrawn = f.RulingFactory()
    withdrawn.withdrawn_at = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    with_case = Ruling.objects.select_related("proceeding__case")
    assert selectors.known_public(case_law)
    assert selectors.known_public(with_case.get(pk=in_public.pk))
    assert not selectors.known_public(Ruling.objects.get(pk=in_public.pk))  # case not read
    assert not selectors.known_public(with_case.get(pk=in_draft.pk))
    assert not selectors.known_public(withdrawn)


def test_a_public_ruling_s_lists_still_leave_out_drafts_at_their_other_end(client):
    ruling = f.RulingFactory(proceeding=f.ProceedingFactory(case=f.CaseFactory()))
    draft = f.RulingFactory(proceeding=f.ProceedingFactory(case=f.draft_case()))
    public = f.RulingFactory()
    for other in (draft, public):
        services.citation_create(citing=ruling, cited=other, treatment="follows", verified=True)
        services.citation_create(citing=other, cited=ruling, treatment="follows", verified=True)
    response = client.get(en("ruling_detail", ruling))
    assert [c.cited for c in response.context["cites"]] == [public]
    assert [c.citing_ruling for c in response.context["cited_by"]] == [public]
    assert en("ruling_detail", draft) not in response.content.decode()
