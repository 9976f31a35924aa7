"""The public citation graph between rulings: a ruling's neighbourhood and the whole graph.

Nodes are public rulings, edges public ruling-to-ruling citations (filings citing rulings are
listed on ruling pages, not drawn). A neighbourhood follows citations both ways (what a ruling
cites and what cites it) to depth 1 or 2 with one recursive query (WITH RECURSIVE, on
PostgreSQL and SQLite alike), bounded so that a hub cited 10,000 times cannot take a page down:
- the depth is at most MAX_DEPTH;
- at most `max_nodes` nodes are returned, nearest first, then the most recent; the others are
  counted (`left_out`) but not loaded;
- when the ruling's direct neighbours alone fill the cap, depth 2 is not walked at all (its nodes
  could not be shown) and `depth_clamped` says so;
- at most `max_edges` edges between the returned nodes.
Whatever the size, a neighbourhood costs a fixed number of queries.
"""

import json
import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.db import connections
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import translation

from cases.models import Ruling
from citations.models import Citation
from citations.signal import Signal, citator_signal

MAX_DEPTH = 2
MAX_NODES = 60
MAX_EDGES = 300


@dataclass
class Node:
    ruling: Ruling
    depth: int
    cited_by_count: int = 0
    signal: Signal = Signal.NEUTRAL
    x: float = 0.0
    y: float = 0.0

    @property
    def label(self) -> str:
        return node_label(self.ruling)


NODE_RADIUS = 14


@dataclass
class Edge:
    source: Node
    target: Node
    treatment: str
    pinpoint: str = ""

    def _ends(self) -> tuple[float, float, float, float]:
        """The segment between the two circles, so that the arrowhead shows."""
        dx, dy = self.target.x - self.source.x, self.target.y - self.source.y
        length = math.hypot(dx, dy) or 1.0
        ux, uy = dx / length, dy / length
        pad = NODE_RADIUS + 3
        return (
            self.source.x + ux * pad,
            self.source.y + uy * pad,
            self.target.x - ux * (pad + 4),
            self.target.y - uy * (pad + 4),
        )

    @property
    def line(self) -> dict[str, str]:
        x1, y1, x2, y2 = self._ends()
        return {"x1": f"{x1:.1f}", "y1": f"{y1:.1f}", "x2": f"{x2:.1f}", "y2": f"{y2:.1f}"}


@dataclass
class Neighbourhood:
    root: Node
    depth: int
    nodes: list[Node]
    edges: list[Edge]
    total_nodes: int  # distinct rulings within `depth`, the root included
    depth_clamped: bool = False
    edges_left_out: int = 0
    by_pk: dict[int, Node] = field(default_factory=dict)

    @property
    def left_out(self) -> int:
        return self.total_nodes - len(self.nodes)

    def cites(self, node: Node) -> list[Edge]:
        return [e for e in self.edges if e.source is node]

    def cited_by(self, node: Node) -> list[Edge]:
        return [e for e in self.edges if e.target is node]


def node_label(ruling: Ruling) -> str:
    """A short label: the customary name, else the first case number, else court and date."""
    if ruling.short_name:
        return ruling.short_name
    court = ruling.court.short_name or ""
    return f"{court} {ruling.decided_on:%d/%m/%Y}".strip()


def _compiled(queryset) -> tuple[str, tuple]:
    return queryset.query.get_compiler(using=queryset.db).as_sql()


def _public_ruling_ids_sql() -> tuple[str, tuple]:
    return _compiled(Ruling.objects.public().order_by().values("pk"))


_WALK_SQL = """
WITH RECURSIVE walk(node, depth) AS (
    SELECT CAST(%s AS BIGINT), 0
    UNION
    SELECT CASE WHEN c.citing_ruling_id = w.node THEN c.cited_id ELSE c.citing_ruling_id END,
           w.depth + 1
    FROM walk w
    JOIN citations_citation c ON (c.citing_ruling_id = w.node OR c.cited_id = w.node)
    WHERE w.depth < %s
      AND c.citing_ruling_id IS NOT NULL
      AND c.citing_ruling_id IN ({public})
      AND c.cited_id IN ({public})
),
nearest AS (SELECT node, MIN(depth) AS depth FROM walk GROUP BY node)
SELECT n.node, n.depth, COUNT(*) OVER () AS total
FROM nearest n JOIN cases_ruling r ON r.id = n.node
ORDER BY n.depth, r.decided_on DESC, r.id DESC
LIMIT %s
"""


def _walk(root_pk: int, depth: int, limit: int) -> tuple[list[tuple[int, int]], int]:
    public_sql, public_params = _public_ruling_ids_sql()
    sql = _WALK_SQL.format(public=public_sql)
    params = (root_pk, depth, *public_params, *public_params, limit)
    with connections[Ruling.objects.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    total = rows[0][2] if rows else 0
    return [(node, d) for node, d, _ in rows], total


def _direct_neighbour_count(root_pk: int) -> int:
    """How many public rulings `root_pk` cites or is cited by (one indexed query)."""
    public = Citation.objects.public()
    cited = public.filter(citing_ruling_id=root_pk).values("cited_id")
    citing = public.filter(cited_id=root_pk, citing_ruling__isnull=False).values("citing_ruling_id")
    return Ruling.objects.filter(Q(pk__in=cited) | Q(pk__in=citing)).count()


def cited_by_count_subquery():
    """Public citations received by the ruling at OuterRef("pk") (rulings and filings)."""
    return Coalesce(
        Subquery(
            Citation.objects.public()
            .filter(cited=OuterRef("pk"))
            .order_by()
            .values("cited")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        0,
    )


def _signals(pks: list[int]) -> dict[int, Signal]:
    received: dict[int, set[str]] = defaultdict(set)
    rows = (
        Citation.objects.public()
        .filter(cited_id__in=pks)
        .order_by()
        .values_list("cited_id", "treatment")
        .distinct()
    )
    for cited_id, treatment in rows:
        received[cited_id].add(treatment)
    return {pk: citator_signal(received.get(pk, ())) for pk in pks}


def neighbourhood(
    *, ruling: Ruling, depth: int = 1, max_nodes: int = MAX_NODES, max_edges: int = MAX_EDGES
) -> Neighbourhood:
    """`ruling`'s public neighbourhood (`ruling` itself must be public: the caller checks)."""
    depth = max(1, min(depth, MAX_DEPTH))
    clamped = False
    if depth > 1 and _direct_neighbour_count(ruling.pk) + 1 >= max_nodes:
        depth, clamped = 1, True
    rows, total = _walk(ruling.pk, depth, max_nodes)
    depth_of = dict(rows) or {ruling.pk: 0}
    rulings = (
        Ruling.objects.filter(pk__in=depth_of)
        .select_related("court")
        .annotate(cited_by_count=cited_by_count_subquery())
    )
    signals = _signals(list(depth_of))
    by_pk = {r.pk: Node(r, depth_of[r.pk], r.cited_by_count, signals[r.pk]) for r in rulings}
    order = {pk: i for i, (pk, _) in enumerate(rows)}
    nodes = sorted(by_pk.values(), key=lambda n: order.get(n.ruling.pk, 0))
    edge_rows = list(
        Citation.objects.public()
        .filter(citing_ruling_id__in=by_pk, cited_id__in=by_pk)
        .order_by("pk")
        .values_list("citing_ruling_id", "cited_id", "treatment", "pinpoint")[: max_edges + 1]
    )
    edges = [Edge(by_pk[s], by_pk[t], tr, pin) for s, t, tr, pin in edge_rows[:max_edges]]
    result = Neighbourhood(
        root=by_pk[ruling.pk],
        depth=depth,
        nodes=nodes,
        edges=edges,
        total_nodes=max(total, 1),
        depth_clamped=clamped,
        edges_left_out=max(0, len(edge_rows) - max_edges),
        by_pk=by_pk,
    )
    layout(result)
    return result


# Layout: the ruling in the centre, its direct neighbours on a ring, the next ones outside, each
# near the neighbour it was reached from. Coordinates in the SVG viewBox (-SIZE..SIZE).

SIZE = 500
RINGS = {1: 250, 2: 440}


def layout(graph: Neighbourhood) -> None:
    graph.root.x = graph.root.y = 0.0
    first = [n for n in graph.nodes if n.depth == 1]
    second = [n for n in graph.nodes if n.depth == 2]
    for i, node in enumerate(first):
        angle = 2 * math.pi * i / max(len(first), 1) - math.pi / 2
        node.x, node.y = RINGS[1] * math.cos(angle), RINGS[1] * math.sin(angle)
    if not second:
        return

    def parent_angle(node: Node) -> float:
        for edge in graph.edges:
            other = (
                edge.target if edge.source is node else edge.source if edge.target is node else None
            )
            if other is not None and other.depth == 1:
                return math.atan2(other.y, other.x) % (2 * math.pi)
        return 0.0

    second.sort(key=parent_angle)
    for i, node in enumerate(second):
        angle = 2 * math.pi * i / len(second) - math.pi / 2 + math.pi / max(len(second), 1)
        node.x, node.y = RINGS[2] * math.cos(angle), RINGS[2] * math.sin(angle)


# Export ------------------------------------------------------------------------------------


def absolute_ruling_url(ruling: Ruling, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse("ruling_detail", kwargs={"slug": ruling.slug})


def _node_record(ruling: Ruling, language: str, **extra) -> dict:
    return {
        "id": ruling.slug,
        "label": node_label(ruling),
        "court": ruling.court.short_name,
        "date": ruling.decided_on.isoformat(),
        "kind": ruling.kind,
        "ecli": ruling.ecli or "",
        "url": absolute_ruling_url(ruling, language),
        **extra,
    }


def neighbourhood_records(graph: Neighbourhood, language: str) -> tuple[list[dict], list[dict]]:
    nodes = [
        _node_record(
            n.ruling,
            language,
            depth=n.depth,
            cited_by_count=n.cited_by_count,
            signal=str(n.signal),
        )
        for n in graph.nodes
    ]
    edges = [
        {
            "source": e.source.ruling.slug,
            "target": e.target.ruling.slug,
            "treatment": e.treatment,
            "pinpoint": e.pinpoint,
        }
        for e in graph.edges
    ]
    return nodes, edges


def published_graph(language: str) -> tuple[Iterator[dict], Iterator[dict]]:
    """Every public ruling and every public ruling-to-ruling citation, read in chunks."""
    rulings = Ruling.objects.public().select_related("court").order_by("pk")
    slugs = Ruling.objects.public().filter(pk=OuterRef("citing_ruling_id")).values("slug")[:1]
    citations = (
        Citation.objects.public()
        .filter(citing_ruling__isnull=False)
        .annotate(source_slug=Subquery(slugs))
        .order_by("pk")
        .values_list("source_slug", "cited__slug", "treatment", "pinpoint")
    )
    nodes = (_node_record(r, language) for r in rulings.iterator(chunk_size=1000))
    edges = (
        {"source": s, "target": t, "treatment": tr, "pinpoint": pin}
        for s, t, tr, pin in citations.iterator(chunk_size=2000)
    )
    return nodes, edges


def json_chunks(nodes, edges, **meta) -> Iterator[str]:
    """A JSON document {meta..., "nodes": [...], "edges": [...]}, written piece by piece."""
    head = json.dumps(meta, ensure_ascii=False)[:-1]
    yield head + (', "nodes": [' if meta else '"nodes": [')
    for i, node in enumerate(nodes):
        yield ("," if i else "") + "\n" + json.dumps(node, ensure_ascii=False)
    yield '],\n"edges": ['
    for i, edge in enumerate(edges):
        yield ("," if i else "") + "\n" + json.dumps(edge, ensure_ascii=False)
    yield "]}\n"


_GRAPHML_NODE_KEYS = ("label", "court", "date", "kind", "ecli", "url", "depth", "signal")
_GRAPHML_EDGE_KEYS = ("treatment", "pinpoint")


def graphml_chunks(nodes, edges) -> Iterator[str]:
    """GraphML (http://graphml.graphdrawing.org/), written piece by piece."""
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
    for key in _GRAPHML_NODE_KEYS:
        yield f'  <key id="{key}" for="node" attr.name="{key}" attr.type="string"/>\n'
    for key in _GRAPHML_EDGE_KEYS:
        yield f'  <key id="{key}" for="edge" attr.name="{key}" attr.type="string"/>\n'
    yield '  <graph id="citations" edgedefault="directed">\n'
    for node in nodes:
        data = "".join(
            f'<data key="{k}">{escape(str(node[k]))}</data>'
            for k in _GRAPHML_NODE_KEYS
            if k in node
        )
        yield f"    <node id={quoteattr(node['id'])}>{data}</node>\n"
    for edge in edges:
        data = "".join(f'<data key="{k}">{escape(str(edge[k]))}</data>' for k in _GRAPHML_EDGE_KEYS)
        yield (
            f"    <edge source={quoteattr(edge['source'])} target={quoteattr(edge['target'])}>"
            f"{data}</edge>\n"
        )
    yield "  </graph>\n</graphml>\n"
