"""The citation graph page's parts rendered once per neighbourhood ({% graph_memo %},
citations/templatetags/graph_memo.py): the same HTML as without the memo, and never a stale
part: a renamed ruling, a new citation, a withdrawn citing ruling, the language."""

import pytest
from django.core.management import call_command

from cases.models import Case, Ruling
from citations import services
from citations.models import Citation
from citations.templatetags import graph_memo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_memo():
    graph_memo.PARTS.clear()
    yield
    graph_memo.PARTS.clear()


def graph_page(client, ruling, language="en", depth=1) -> str:
    response = client.get(f"/{language}/rulings/{ruling.slug}/graph/?depth={depth}")
    assert response.status_code == 200
    return response.content.decode()


def schrems_ii():
    return Ruling.objects.get(short_name="Schrems II")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_same_page_from_the_memo_on_synthetic_data(client, language):
    call_command("generate_synthetic", cases=60, rulings=200, citations=1500, seed=2, verbosity=0)
    hubs = Ruling.objects.filter(cited_by_stats__count__gt=0).order_by("-cited_by_stats__count")
    checked = 0
    for ruling in hubs[:3]:
        for depth in (1, 2):
            graph_memo.PARTS.clear()
            cold = graph_page(client, ruling, language, depth)
            assert len(graph_memo.PARTS) == 2
            warm = graph_page(client, ruling, language, depth)
            assert graph_memo.PARTS.hits >= 2
            assert warm == cold
            checked += cold.count('class="graph-node"')
    assert checked > 10


def test_a_renamed_ruling_shows_at_once(client, demo):
    ruling = schrems_ii()
    citing = Ruling.objects.get(short_name="Doctolib")
    assert "Doctolib" in graph_page(client, ruling)
    Ruling.objects.filter(pk=citing.pk).update(short_name="Renamed order")
    page = graph_page(client, ruling)
    assert "Renamed order" in page
    assert "Doctolib" not in page.split('class="graph-lists"')[1]


def test_a_new_citation_and_a_withdrawn_citing_ruling(client, demo):
    ruling = schrems_ii()
    page = graph_page(client, ruling)
    edges, unverified = page.count('<line class="edge'), page.count("edge-unverified")
    citing = (
        Ruling.objects.exclude(pk=ruling.pk)
        .exclude(outgoing_citations__cited=ruling)
        .exclude(incoming_citations__citing_ruling=ruling)
        .first()
    )
    services.citation_create(citing=citing, cited=ruling, treatment="questions", verified=False)
    page = graph_page(client, ruling)
    assert page.count('<line class="edge') == edges + 1
    assert page.count("edge-unverified") > unverified
    Citation.objects.filter(citing_ruling=citing, cited=ruling).update(verified=True)
    assert graph_page(client, ruling).count("edge-unverified") == unverified
    assert "Doctolib" in graph_page(client, ruling)
    Case.objects.filter(proceedings__rulings__short_name="Doctolib").update(publication="draft")
    assert "Doctolib" not in graph_page(client, ruling)


def test_each_language_gets_its_own_parts(client, demo):
    ruling = schrems_ii()
    english, french = graph_page(client, ruling, "en"), graph_page(client, ruling, "fr")
    assert "The same graph as lists" in english
    assert "The same graph as lists" not in french
    assert "The same graph as lists" in graph_page(client, ruling, "en")
    assert "The same graph as lists" not in graph_page(client, ruling, "fr")
