"""The citation graph: counts, signal, the bounded neighbourhood, its page and exports."""

import json

import pytest
from django.urls import reverse

from cases.models import Case, Ruling
from citations import graph, selectors, services
from citations.models import Citation
from citations.signal import Signal
from tests.factories import citations as f

pytestmark = pytest.mark.django_db


def schrems_ii():
    return Ruling.objects.get(short_name="Schrems II")


def test_schrems_ii_is_cited_by_both_conseil_detat_orders_with_their_treatments(demo):
    cited_by = selectors.ruling_cited_by(ruling=schrems_ii())
    assert {(c.citing_ruling.short_name, c.treatment) for c in cited_by} == {
        ("Doctolib", "applies"),
        ("Health Data Hub", "applies"),
    }
    assert selectors.ruling_signal(ruling=schrems_ii()) == Signal.POSITIVE


def test_cited_by_count_follows_additions_removals_and_publication(demo):
    ruling = schrems_ii()
    assert selectors.ruling_cited_by_count(ruling=ruling) == 2
    extra = services.citation_create(
        citing=Ruling.objects.get(short_name="Schrems I"),
        cited=ruling,
        treatment="questions",
        verified=True,
    )
    assert selectors.ruling_cited_by_count(ruling=ruling) == 3
    signal, causes, count = selectors.ruling_signal_with_causes(ruling=ruling)
    assert (signal, [c.citing_ruling.short_name for c in causes], count) == (
        Signal.CAUTION,
        ["Schrems I"],
        1,
    )
    extra.delete()
    Case.objects.filter(proceedings__rulings__short_name="Doctolib").update(publication="draft")
    assert selectors.ruling_cited_by_count(ruling=ruling) == 1


def test_neighbourhood_of_schrems_ii_draws_the_cluster(demo):
    result = graph.neighbourhood(ruling=schrems_ii(), depth=2)
    assert {n.ruling.short_name for n in result.nodes} >= {
        "Schrems II",
        "Schrems I",
        "Doctolib",
        "Health Data Hub",
    }
    assert result.left_out == 0
    assert {(e.source.label, e.target.label, e.treatment) for e in result.edges} >= {
        ("Doctolib", "Schrems II", "applies"),
        ("Schrems II", "Schrems I", "follows"),
    }


def test_unpublished_rulings_are_neither_nodes_nor_paths(demo):
    Case.objects.filter(proceedings__rulings__short_name="Doctolib").update(publication="draft")
    result = graph.neighbourhood(ruling=Ruling.objects.get(short_name="Schrems I"), depth=2)
    assert "Doctolib" not in {n.ruling.short_name for n in result.nodes}


@pytest.mark.slow  # ten thousand citations
def test_a_hub_cited_10000_times_is_capped_and_says_how_many_are_left_out(
    db, django_assert_max_num_queries
):
    hub = f.ruling(numbers=["C-1/20"], short_name="Hub")
    citing = f.bulk_rulings(10_000, prefix="citing")
    f.bulk_cite(citing, hub)
    with django_assert_max_num_queries(6):
        result = graph.neighbourhood(ruling=hub, depth=2)
    assert len(result.nodes) == graph.MAX_NODES
    assert result.total_nodes == 10_001
    assert result.left_out == 10_001 - graph.MAX_NODES
    assert result.depth_clamped


def test_the_graph_page_of_a_hub_renders_with_a_bounded_number_of_queries(
    client, django_assert_max_num_queries
):
    """Guards the N+1 of loading every citing ruling (and its court) of a hub for the page."""
    hub = f.ruling(numbers=["C-2/20"], short_name="Hub")
    f.bulk_cite(f.bulk_rulings(2_000, prefix="hubciting"), hub, treatment="follows")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("ruling_graph", kwargs={"slug": hub.slug}))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<circle") == graph.MAX_NODES
    assert f"{2_001 - graph.MAX_NODES}" in body


def test_graph_page_of_schrems_ii_shows_svg_and_lists(demo, client, django_assert_max_num_queries):
    """Guards the N+1 of per-node signal and cited-by counts on the graph page."""
    with django_assert_max_num_queries(12):
        response = client.get(
            reverse("ruling_graph", kwargs={"slug": schrems_ii().slug}) + "?depth=2"
        )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in body and 'viewBox="-500 -500 1000 1000"' in body
    assert "Doctolib" in body and "Health Data Hub" in body
    assert 'name="viewport"' in body


@pytest.mark.parametrize("depth", ["0", "3", "x", ""])
def test_a_bad_depth_is_a_400(demo, client, depth):
    url = reverse("ruling_graph", kwargs={"slug": schrems_ii().slug})
    assert client.get(url, {"depth": depth}).status_code == 400


def test_graph_of_an_unpublished_ruling_is_a_404(demo, client):
    Case.objects.filter(proceedings__rulings__short_name="Doctolib").update(publication="draft")
    slug = Ruling.objects.get(short_name="Doctolib").slug
    assert client.get(reverse("ruling_graph", kwargs={"slug": slug})).status_code == 404
    assert client.get(reverse("ruling_graph_json", kwargs={"slug": slug})).status_code == 404


def test_ruling_neighbourhood_json_export(demo, client):
    response = client.get(reverse("ruling_graph_json", kwargs={"slug": schrems_ii().slug}))
    data = json.loads(b"".join(response.streaming_content))
    assert data["root"] == schrems_ii().slug
    assert {n["label"] for n in data["nodes"]} >= {"Schrems II", "Doctolib"}
    assert {"source", "target", "treatment", "pinpoint"} <= set(data["edges"][0])


def test_whole_published_graph_exports_as_json_and_graphml(demo, client):
    Case.objects.filter(proceedings__rulings__short_name="Doctolib").update(publication="draft")
    data = json.loads(b"".join(client.get("/en/graph.json").streaming_content))
    labels = {n["label"] for n in data["nodes"]}
    assert "Schrems II" in labels and "Doctolib" not in labels
    assert all(n["url"].startswith("http") and "/en/" in n["url"] for n in data["nodes"])
    assert (
        len(data["edges"]) == Citation.objects.public().filter(citing_ruling__isnull=False).count()
    )
    graphml = b"".join(client.get("/fr/graph.graphml").streaming_content).decode()
    assert graphml.startswith("<?xml") and "<graphml" in graphml
    assert "Doctolib" not in graphml and "Schrems II" in graphml
