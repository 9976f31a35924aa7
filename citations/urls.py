"""Citation graph pages and exports, under the language prefix (docs/citations.md)."""

from django.urls import path

from citations import views

urlpatterns = [
    path("rulings/<slug:slug>/graph/", views.ruling_graph, name="ruling_graph"),
    path("rulings/<slug:slug>/graph.json", views.ruling_graph_json, name="ruling_graph_json"),
    path(
        "rulings/<slug:slug>/graph.graphml",
        views.ruling_graph_graphml,
        name="ruling_graph_graphml",
    ),
    path("graph.json", views.graph_json, name="graph_json"),
    path("graph.graphml", views.graph_graphml, name="graph_graphml"),
]
