"""The public citation graph between rulings: a ruling's neighbourhood and the whole graph.

Nodes are public rulings, edges public ruling-to-ruling citations (filings citing rulings are
listed on ruling pages, not drawn). An edge nobody has verified is drawn and exported marked
(`verified` false); the counts and signals of the nodes take verified citations only.
A neighbourhood follows citations both ways (what a ruling cites and what cites it) to depth 1
or 2, bounded so that a hub cited 70,000 times cannot take a page down:
- the depth is at most MAX_DEPTH;
- a ruling cited more than `max_nodes` times contributes only its `max_nodes` most recent
  citing rulings (an index walk, see Citation.Meta.indexes); the others are counted from the
  counts stored on the ruling, not loaded;
- at most `max_nodes` nodes are returned, nearest first, then the most recent; the others are
  counted (`left_out`);
- when the ruling's direct neighbours alone fill the cap, depth 2 is not walked at all (its nodes
  could not be shown) and `depth_clamped` says so;
- at most `max_edges` edges between the returned nodes.
Whatever the size, a neighbourhood costs at most ten queries, and reads a bounded number of rows.
`total_nodes` is exact unless a ruling cited more than `max_nodes` times is in the walk: its
citing rulings beyond the most recent are then counted without removing those reached another
way (an upper bound).
"""

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.db import connections
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import translation

from cases.models import Ruling
from citations.models import Citation, CitedByStats, stats_of
from citations.signal import Signal, citator_signal
from common.text import strip_forbidden_chars

MAX_DEPTH = 2
MAX_NODES = 60
MAX_EDGES = 300


@dataclass(eq=False)  # compared by identity: a node is one ruling of one neighbourhood
class Node:
    ruling: Ruling
    depth: int
    cited_by_count: int = 0
    signal: Signal = Signal.NEUTRAL
    x: float = 0.0
    y: float = 0.0
    # Filled with the edges: the page lists them per node without scanning every edge.
    outgoing: list["Edge"] = field(default_factory=list)
    incoming: list["Edge"] = field(default_factory=list)

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
    verified: bool = True

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
        return node.outgoing

    def cited_by(self, node: Node) -> list[Edge]:
        return node.incoming


def node_label(ruling: Ruling) -> str:
    """A short label: the customary name, else the first case number, else court and date."""
    if ruling.short_name:
        return ruling.short_name
    court = ruling.court.short_name or ""
    return f"{court} {ruling.decided_on:%d/%m/%Y}".strip()


def _public_edges():
    return Citation.objects.public().filter(citing_ruling__isnull=False).order_by()


def _cited_by_ids(pks: list[int]) -> list[tuple[int, int]]:
    """All (citing, cited) public edges into the rulings `pks` (each cited at most `limit`
    times by public rulings, so the rows are bounded)."""
    if not pks:
        return []
    return list(
        _public_edges().filter(cited_id__in=pks).values_list("citing_ruling_id", "cited_id")
    )


def _recent_cited_by_ids(pks: list[int], limit: int) -> list[tuple[int, int]]:
    """The `limit` most recent public citing rulings of each ruling in `pks`, in one query:
    each branch walks the index (cited, -citing_date, -id) and stops after `limit` rows."""
    if not pks:
        return []
    branches = [
        _public_edges()
        .filter(cited_id=pk)
        .order_by("-citing_date", "-pk")
        .values_list("citing_ruling_id", "cited_id")[:limit]
        for pk in pks
    ]
    compiled = [branch.query.get_compiler(using=branch.db).as_sql() for branch in branches]
    sql = " UNION ALL ".join(
        f"SELECT * FROM ({branch_sql}) AS b{i}" for i, (branch_sql, _) in enumerate(compiled)
    )
    params = [param for _, branch_params in compiled for param in branch_params]
    with connections[Citation.objects.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _cites_ids(pks: list[int]) -> list[tuple[int, int]]:
    """The public rulings that `pks` cite (a ruling cites a handful, not thousands)."""
    return list(
        _public_edges().filter(citing_ruling_id__in=pks).values_list("citing_ruling_id", "cited_id")
    )


@dataclass
class _Ring:
    """The neighbours of a set of rulings: every one found, and how many exist in all."""

    found: set[int]
    total: int


def _ring(pks: list[int], in_counts: dict[int, int], known: set[int], limit: int) -> _Ring:
    """The public rulings one step from `pks` not in `known`. Rulings cited more than `limit`
    times contribute their `limit` most recent citing rulings (one indexed query for all of
    them); their other citing rulings are counted from the stored counts, without removing
    the ones reached another way (so the total is then an upper bound)."""
    hubs = [pk for pk in pks if in_counts.get(pk, 0) > limit]
    small = [pk for pk in pks if in_counts.get(pk, 0) <= limit]
    recent = _recent_cited_by_ids(hubs, limit)
    edges = _cites_ids(pks) + _cited_by_ids(small) + recent
    inner = set(pks)
    found = {b for a, b in edges if a in inner} | {a for a, b in edges if b in inner}
    found -= known
    unseen = sum(in_counts[pk] for pk in hubs) - len(recent)
    return _Ring(found, len(found) + unseen)


def _rulings(pks, limit: int | None = None) -> dict[int, Ruling]:
    """The rulings `pks` with their courts; with `limit`, only the most recent ones."""
    rulings = Ruling.objects.filter(pk__in=list(pks)).select_related("court", "cited_by_stats")
    if limit is not None:
        rulings = rulings.order_by("-decided_on", "-pk")[: max(limit, 0)]
    return {r.pk: r for r in rulings}


def _signal(ruling: Ruling) -> Signal:
    return citator_signal(t for t, n in stats_of(ruling).treatments.items() if n)


def neighbourhood(
    *, ruling: Ruling, depth: int = 1, max_nodes: int = MAX_NODES, max_edges: int = MAX_EDGES
) -> Neighbourhood:
    """`ruling`'s public neighbourhood (`ruling` itself must be public: the caller checks)."""
    depth = max(1, min(depth, MAX_DEPTH))
    root = CitedByStats.objects.filter(ruling=ruling.pk).values_list("rulings_count", flat=True)
    first = _ring([ruling.pk], {ruling.pk: root.first() or 0}, {ruling.pk}, max_nodes)
    rings = [first]
    clamped = depth > 1 and first.total + 1 >= max_nodes
    if clamped:
        depth = 1
    loaded = _rulings({ruling.pk} | first.found)
    if depth == 2:
        # Only walked when the direct neighbours (all loaded) leave room on the page.
        counts = {pk: stats_of(r).rulings_count for pk, r in loaded.items()}
        second = _ring(sorted(first.found), counts, {ruling.pk} | first.found, max_nodes)
        rings.append(second)
        loaded |= _rulings(second.found, limit=max_nodes - len(loaded))
    depth_of = {ruling.pk: 0}
    for d, ring in enumerate(rings, start=1):
        for pk in ring.found:
            depth_of.setdefault(pk, d)
    # Nearest first, then the most recent, as many as the page draws.
    order = sorted(
        loaded.values(), key=lambda r: (depth_of[r.pk], -r.decided_on.toordinal(), -r.pk)
    )
    shown = order[:max_nodes]
    by_pk = {r.pk: Node(r, depth_of[r.pk], stats_of(r).count, _signal(r)) for r in shown}
    edge_rows = list(
        _public_edges()
        .filter(citing_ruling_id__in=by_pk, cited_id__in=by_pk)
        .order_by("pk")
        .values_list("citing_ruling_id", "cited_id", "treatment", "pinpoint", "verified")[
            : max_edges + 1
        ]
    )
    edges = [Edge(by_pk[s], by_pk[t], tr, pin, ok) for s, t, tr, pin, ok in edge_rows[:max_edges]]
    for edge in edges:
        edge.source.outgoing.append(edge)
        edge.target.incoming.append(edge)
    result = Neighbourhood(
        root=by_pk[ruling.pk],
        depth=depth,
        nodes=list(by_pk.values()),
        edges=edges,
        total_nodes=1 + sum(ring.total for ring in rings),
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
            "verified": e.verified,
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
        .values_list("source_slug", "cited__slug", "treatment", "pinpoint", "verified")
    )
    nodes = (_node_record(r, language) for r in rulings.iterator(chunk_size=1000))
    edges = (
        {"source": s, "target": t, "treatment": tr, "pinpoint": pin, "verified": ok}
        for s, t, tr, pin, ok in citations.iterator(chunk_size=2000)
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
_GRAPHML_EDGE_BOOLEANS = ("verified",)


def xml_text(value) -> str:
    """Escaped XML character data, without the characters XML 1.0 forbids (common.text):
    one stored form feed would make the whole file unreadable."""
    return escape(strip_forbidden_chars(str(value)))


def xml_attr(value) -> str:
    return quoteattr(strip_forbidden_chars(str(value)))


def graphml_chunks(nodes, edges) -> Iterator[str]:
    """GraphML (http://graphml.graphdrawing.org/), written piece by piece."""
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
    for key in _GRAPHML_NODE_KEYS:
        yield f'  <key id="{key}" for="node" attr.name="{key}" attr.type="string"/>\n'
    for key in _GRAPHML_EDGE_KEYS:
        yield f'  <key id="{key}" for="edge" attr.name="{key}" attr.type="string"/>\n'
    for key in _GRAPHML_EDGE_BOOLEANS:
        yield f'  <key id="{key}" for="edge" attr.name="{key}" attr.type="boolean"/>\n'
    yield '  <graph id="citations" edgedefault="directed">\n'
    for node in nodes:
        data = "".join(
            f'<data key="{k}">{xml_text(node[k])}</data>' for k in _GRAPHML_NODE_KEYS if k in node
        )
        yield f"    <node id={xml_attr(node['id'])}>{data}</node>\n"
    for edge in edges:
        data = "".join(f'<data key="{k}">{xml_text(edge[k])}</data>' for k in _GRAPHML_EDGE_KEYS)
        data += "".join(
            f'<data key="{k}">{"true" if edge[k] else "false"}</data>'
            for k in _GRAPHML_EDGE_BOOLEANS
        )
        yield (
            f"    <edge source={xml_attr(edge['source'])} target={xml_attr(edge['target'])}>"
            f"{data}</edge>\n"
        )
    yield "  </graph>\n</graphml>\n"
