"""The topology graph as Graphviz DOT: ranks by role (external peers, routers, switches, k8s
nodes, top to bottom; a long rank wraps into rows), clusters by OSPF area (devices without
OSPF by role, the k8s nodes together), links solid and BGP sessions styled by kind. Sessions do
not pull the layout (constraint=false): the links place the devices.

Every name and label is quoted and escaped here; Graphviz escapes it again in its SVG."""

from __future__ import annotations

from collections.abc import Mapping

from vrpgen.report.graph import (
    CALICO,
    EBGP,
    EXTERNAL,
    IBGP,
    K8S,
    LINK,
    RR_CLIENT,
    SEGMENT,
    Graph,
    GraphEdge,
    GraphNode,
)

SESSION_LABELS = 12  # more sessions than this: their style (and the legend) says the kind
# A rank wraps: a cluster at most ROW nodes wide, clusters side by side up to WIDTH nodes, so
# that 50 devices stay readable on a screen.
ROW, WIDTH = 8, 12

FONT = "Helvetica"
NODE_STYLE = {
    "router": 'shape=box, style="rounded,filled", fillcolor="#dbe7f7", color="#3b5f8f"',
    "switch": 'shape=box, style="filled", fillcolor="#e3f1e6", color="#3d7a4f"',
    K8S: 'shape=component, style="filled", fillcolor="#fff3d6", color="#9a7a2c"',
    EXTERNAL: 'shape=box, style="rounded,dashed", color="#8a2b2b"',
    SEGMENT: 'shape=ellipse, style="filled", fillcolor="#f2f2f2", color="#888888", fontsize=9',
}
EDGE_STYLE = {
    LINK: 'color="#555555", penwidth=1.6',
    IBGP: 'style=dashed, color="#1f5fa8", constraint=false',
    EBGP: 'style=dashed, color="#c0392b", penwidth=2, constraint=false',
    RR_CLIENT: 'style=dashed, color="#1f5fa8", dir=forward, arrowhead=vee, constraint=false',
    CALICO: 'style=dotted, color="#2e7d32", penwidth=1.4, constraint=false',
}
# Highlight states (a change report: the highest risk; a push report: the result).
STATE_STYLE = {
    "high": ('#f6c6c0', '#b03a2e'), "failed": ('#f6c6c0', '#b03a2e'),
    "refused": ('#fde9b6', '#b9770e'), "medium": ('#fde9b6', '#b9770e'),
    "low": ('#cdebd0', '#1e8449'), "applied": ('#cdebd0', '#1e8449'),
    "changed": ('#cdebd0', '#1e8449'), "planned": ('#d6eaf8', '#2471a3'),
}
UNCHANGED_STYLE = 'fillcolor="#f5f5f5", color="#b0b0b0", fontcolor="#707070"'
LEGEND = ("links: solid grey · iBGP: dashed blue · eBGP: dashed red · "
          "RR client: blue arrow to the client · Calico node session: dotted green")


def quote(text: str) -> str:
    """A DOT quoted string: backslashes and quotes escaped (a backslash would otherwise start
    a Graphviz escape such as \\N), line ends refused by turning them into spaces."""
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text.replace("\r", " ").replace("\n", " ") + '"'


def label(lines: tuple[str, ...]) -> str:
    """Lines of a label joined by DOT's \\n (each line quoted first)."""
    return "\\n".join(quote(line)[1:-1] for line in lines)


def to_dot(graph: Graph, *, highlight: Mapping[str, str] | None = None,
           title: str | None = None) -> str:
    """DOT text. `highlight`: node id → state (STATE_STYLE); with it, the other devices are
    drawn grey so that what changes stands out."""
    out = ["digraph topology {",
           f'  graph [fontname="{FONT}", fontsize=11, newrank=true, rankdir=TB, nodesep=0.3, '
           f'ranksep=0.6, labelloc=b, label="{label((*((title,) if title else ()), LEGEND))}"];',
           f'  node [fontname="{FONT}", fontsize=10, margin="0.12,0.05"];',
           f'  edge [fontname="{FONT}", fontsize=8, dir=none];']
    out += _clusters(graph, highlight)
    out += [f"  {quote(n.id)} [{_node_attrs(n, highlight)}];"
            for n in graph.nodes if n.group is None]
    levels = _levels(graph)
    out += _ranks(graph, levels)
    labels = len(graph.sessions()) <= SESSION_LABELS
    out += [_edge(e, levels, labels) for e in graph.edges]
    out.append("}")
    return "\n".join(out) + "\n"


def _clusters(graph: Graph, highlight: Mapping[str, str] | None) -> list[str]:
    groups: dict[str, list[GraphNode]] = {}
    for node in graph.nodes:
        if node.group is not None:
            groups.setdefault(node.group, []).append(node)
    out = []
    for n, (name, members) in enumerate(sorted(groups.items())):
        out.append(f"  subgraph cluster_{n} {{")
        out.append(f'    label={quote(name)}; labelloc=t; style="rounded,dashed"; '
                   f'color="#9aa5b1"; fontcolor="#4a5560";')
        out += [f"    {quote(m.id)} [{_node_attrs(m, highlight)}];" for m in members]
        out.append("  }")
    return out


def _node_attrs(node: GraphNode, highlight: Mapping[str, str] | None) -> str:
    attrs = [NODE_STYLE[node.role if node.role in NODE_STYLE else node.kind],
             f'label="{label(node.lines)}"', f"tooltip={quote(' '.join(node.lines))}"]
    if highlight is not None and node.kind != SEGMENT:
        state = highlight.get(node.id)
        if state in STATE_STYLE:
            fill, line = STATE_STYLE[state]
            attrs.append(f'fillcolor="{fill}", color="{line}", penwidth=2.5')
            attrs.append(f'xlabel="{label((state,))}", fontcolor="black"')
        else:
            attrs.append(UNCHANGED_STYLE)
    return ", ".join(attrs)


def _ranks(graph: Graph, levels: Mapping[str, tuple[float, int]]) -> list[str]:
    """One `rank=same` per row of a level; invisible edges stack the rows and the levels."""
    by_level: dict[tuple[float, int], list[GraphNode]] = {}
    for node in graph.nodes:
        if node.tier is not None:
            by_level.setdefault(levels[node.id], []).append(node)
    out = []
    previous: str | None = None
    for level in sorted(by_level):
        for row in _rows(by_level[level]):
            out.append("  { rank=same; " + " ".join(f"{quote(m.id)};" for m in row) + " }")
            if previous is not None:
                out.append(f"  {previous} -> {quote(row[0].id)} [style=invis];")
            previous = quote(row[0].id)
    return out


def _rows(members: list[GraphNode]) -> list[list[GraphNode]]:
    """The rows of one level: each cluster a grid of balanced rows of at most ROW nodes,
    clusters side by side while they fit in WIDTH nodes, then the next band below."""
    groups: dict[str, list[GraphNode]] = {}
    for node in sorted(members, key=lambda m: m.id):
        groups.setdefault(node.group or "", []).append(node)
    bands: list[list[list[list[GraphNode]]]] = [[]]
    width = 0
    for _, nodes in sorted(groups.items()):
        columns = -(-len(nodes) // -(-len(nodes) // ROW))  # ceil(n / ceil(n / ROW))
        grid = [nodes[i:i + columns] for i in range(0, len(nodes), columns)]
        if bands[-1] and width + columns > WIDTH:
            bands.append([])
            width = 0
        bands[-1].append(grid)
        width += columns
    return [[node for grid in band if r < len(grid) for node in grid[r]]
            for band in bands for r in range(max(len(grid) for grid in band))]


def _levels(graph: Graph) -> dict[str, tuple[float, int]]:
    """(tier, level) of each node, top first. Within a tier, the nodes linked (directly or
    through a segment) to the most nodes of their own tier (a core) come first, the others
    follow by distance from them; a segment sits just below its highest member."""
    tier = {n.id: float(n.tier) for n in graph.nodes if n.tier is not None}
    near, degree = _neighbours(graph, tier)
    levels: dict[str, tuple[float, int]] = {}
    for node in sorted(tier, key=lambda n: (-degree[n], n)):  # BFS from the best connected
        if node in levels:
            continue
        levels[node] = (tier[node], 0)
        queue = [node]
        while queue:
            current = queue.pop(0)
            for other in sorted(near[current]):
                if other not in levels and degree[other] < degree[node]:
                    levels[other] = (tier[node], levels[current][1] + 1)
                    queue.append(other)
    segments = {n.id for n in graph.nodes if n.kind == SEGMENT}
    for e in graph.edges:
        if e.a in segments and e.b in levels:
            below = (levels[e.b][0] + 0.5, levels[e.b][1])
            levels[e.a] = min(levels.get(e.a, (99.0, 0)), below)
    return levels


def _neighbours(graph: Graph, tier: Mapping[str, float],
                ) -> tuple[dict[str, set[str]], dict[str, int]]:
    """Each node's neighbours in its own tier, directly linked or on a shared segment, and
    its number of such links (parallel ones counted)."""
    members: dict[str, set[str]] = {}  # segment → its members
    pairs = []
    for e in graph.edges:
        if e.kind == LINK and e.a in tier and e.b in tier:
            pairs.append((e.a, e.b))
        elif e.kind == LINK and e.b in tier:  # a segment's link: (segment, member)
            members.setdefault(e.a, set()).add(e.b)
    pairs += [(a, b) for ends in members.values() for a in ends for b in ends if a < b]
    near: dict[str, set[str]] = {n: set() for n in tier}
    degree = dict.fromkeys(tier, 0)
    for a, b in pairs:
        if tier[a] == tier[b]:
            near[a].add(b)
            near[b].add(a)
            degree[a] += 1
            degree[b] += 1
    return near, degree


def _edge(edge: GraphEdge, levels: Mapping[str, tuple[float, int]], labels: bool) -> str:
    """A link is written from the upper end to the lower one, so that dot ranks it so; a
    session as derived (a reflector before its client: the arrow points at the client)."""
    a, b = edge.a, edge.b
    if edge.kind == LINK and levels.get(a, (0.0, 0)) > levels.get(b, (0.0, 0)):
        a, b = b, a
    attrs = [EDGE_STYLE[edge.kind], f"tooltip={quote(edge.label + ' ' + edge.detail)}"]
    if edge.kind != LINK and labels:
        attrs.append(f"label={quote(edge.label)}")
    return f"  {quote(a)} -> {quote(b)} [{', '.join(attrs)}];"
