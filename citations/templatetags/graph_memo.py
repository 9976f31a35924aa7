"""`{% graph_memo "part" %}…{% endgraph_memo %}`: a part of the citation graph page (the SVG,
the lists) rendered once per neighbourhood and reused (common.memo).

The graph of a hub ruling is 60 nodes and up to 300 edges, each drawn in the SVG and listed
twice: ~500 template nodes per ruling, ~150 ms. The key holds every input the wrapped parts
read: the language, the URL prefix, the size and radius of the drawing, the graph's depth and
what it leaves out, each node's ruling and court (every stored field: common.memo.row), depth,
count, signal and position, and each edge's ends, treatment, pinpoint and verification, in
order. The same inputs give the same HTML; any change of any of them gives another key. What
the graph holds (public rulings and citations only) is decided by citations.graph before this.
"""

from django import template
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.safestring import mark_safe

from common.memo import Memo, row

register = template.Library()

# Two parts per graph (two depths, two languages per ruling), ~20-60 KB each: a few MB.
PARTS = Memo(100)
_KEY = object()  # the render context's entry for the graph's key, computed once per page


def graph_key(graph, size, radius, language_code) -> tuple | None:
    nodes = graph.nodes
    index = {id(node): i for i, node in enumerate(nodes)}
    node_parts = []
    for node in nodes:
        ruling_row, court_row = row(node.ruling), row(node.ruling.court)
        if ruling_row is None or court_row is None:
            return None
        node_parts.append(
            (
                ruling_row,
                court_row,
                node.depth,
                node.cited_by_count,
                str(node.signal.value),
                node.x,
                node.y,
                tuple(index.get(id(e.target)) for e in node.outgoing),
                tuple((e.treatment, e.pinpoint, e.verified) for e in node.outgoing),
                tuple(index.get(id(e.source)) for e in node.incoming),
                tuple((e.treatment, e.pinpoint, e.verified) for e in node.incoming),
            )
        )
    edges = tuple(
        (index.get(id(e.source)), index.get(id(e.target)), e.treatment, e.pinpoint, e.verified)
        for e in graph.edges
    )
    return (
        translation.get_language(),
        language_code,
        get_script_prefix(),
        size,
        radius,
        graph.depth,
        graph.left_out,
        graph.depth_clamped,
        graph.edges_left_out,
        tuple(node_parts),
        edges,
    )


class GraphMemoNode(template.Node):
    def __init__(self, part: str, nodelist):
        self.part = part
        self.nodelist = nodelist

    def render(self, context):
        cache = context.render_context
        if _KEY not in cache:
            graph = context.get("graph")
            size, radius = context.get("size"), context.get("radius")
            language_code = context.get("LANGUAGE_CODE")
            cache[_KEY] = graph_key(graph, size, radius, language_code) if graph else None
        key = cache[_KEY]
        if key is None:
            return self.nodelist.render(context)
        key = (self.part, key)
        html = PARTS.get(key)
        if html is None:
            html = self.nodelist.render(context)
            PARTS.set(key, html)
        return mark_safe(html)  # the wrapped template's own autoescaped output


@register.tag("graph_memo")
def do_graph_memo(parser, token):
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'":
        raise template.TemplateSyntaxError('usage: {% graph_memo "part" %}…{% endgraph_memo %}')
    nodelist = parser.parse(("endgraph_memo",))
    parser.delete_first_token()
    return GraphMemoNode(bits[1][1:-1], nodelist)
