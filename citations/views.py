"""The citation graph pages and exports. Thin: reads come from selectors and citations.graph."""

from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cases.selectors import ruling_get
from citations import graph
from citations.selectors import ruling_signal_with_causes


class BadDepth(ValueError):
    pass


def _depth(request) -> int:
    raw = request.GET.get("depth", "1")
    if raw not in ("1", "2"):
        raise BadDepth(raw)
    return int(raw)


def _bad_depth() -> HttpResponseBadRequest:
    return HttpResponseBadRequest(_("depth must be 1 or 2"), content_type="text/plain")


def ruling_graph(request, slug: str):
    ruling = ruling_get(slug=slug)
    try:
        depth = _depth(request)
    except BadDepth:
        return _bad_depth()
    neighbourhood = graph.neighbourhood(ruling=ruling, depth=depth)
    signal, causes, cause_count = ruling_signal_with_causes(ruling=ruling)
    context = {
        "ruling": ruling,
        "graph": neighbourhood,
        "size": graph.SIZE,
        "radius": graph.NODE_RADIUS,
        "signal": signal,
        "causes": causes,
        "cause_count": cause_count,
    }
    return render(request, "citations/ruling_graph.html", context)


def _export(chunks, content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _ruling_records(request, slug: str):
    ruling = ruling_get(slug=slug)
    neighbourhood = graph.neighbourhood(ruling=ruling, depth=_depth(request))
    nodes, edges = graph.neighbourhood_records(neighbourhood, get_language())
    meta = {
        "root": ruling.slug,
        "depth": neighbourhood.depth,
        "total_nodes": neighbourhood.total_nodes,
        "left_out": neighbourhood.left_out,
    }
    return ruling, nodes, edges, meta


def ruling_graph_json(request, slug: str):
    try:
        ruling, nodes, edges, meta = _ruling_records(request, slug)
    except BadDepth:
        return _bad_depth()
    chunks = graph.json_chunks(nodes, edges, **meta)
    return _export(chunks, "application/json", f"{ruling.slug}.json")


def ruling_graph_graphml(request, slug: str):
    try:
        ruling, nodes, edges, _meta = _ruling_records(request, slug)
    except BadDepth:
        return _bad_depth()
    chunks = graph.graphml_chunks(nodes, edges)
    return _export(chunks, "application/graphml+xml", f"{ruling.slug}.graphml")


def graph_json(request):
    nodes, edges = graph.published_graph(get_language())
    return _export(graph.json_chunks(nodes, edges), "application/json", "citations.json")


def graph_graphml(request):
    nodes, edges = graph.published_graph(get_language())
    return _export(
        graph.graphml_chunks(nodes, edges), "application/graphml+xml", "citations.graphml"
    )
