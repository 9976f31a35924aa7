"""The ruling page and its graph page read the stored counts: the same number of queries with
one citation or hundreds, and drafts neither listed nor counted."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from citations import services
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
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_ruling_page_queries_are_the_same_with_one_citation_and_with_many(
    client, django_assert_max_num_queries
):
    """Guards the N+1 of the cited-by list (court of each citing ruling) and the counts that
    used to be computed over every citation of the ruling."""
    one, many = f.RulingFactory(), f.RulingFactory()
    cited_by(1, one)
    cited_by(60, many)
    url_one = en("ruling_detail", one)
    url_many = en("ruling_detail", many)
    with django_assert_max_num_queries(12):
        body = client.get(url_many).content.decode()
    assert queries(client, url_one) == queries(client, url_many)
    assert "Cited by 60 public rulings or filings." in body


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
