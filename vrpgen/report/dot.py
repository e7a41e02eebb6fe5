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

ROW = 8  # nodes in one row of a rank before it wraps: 50 devices stay readable on a screen

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
    out += _ranks(graph)
    tiers = _tiers(graph)
    out += [_edge(e, tiers) for e in graph.edges]
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


def _ranks(graph: Graph) -> list[str]:
    """One `rank=same` per row of a tier; invisible edges stack the rows and the tiers."""
    tiers: dict[int, list[GraphNode]] = {}
    for node in graph.nodes:
        if node.tier is not None:
            tiers.setdefault(node.tier, []).append(node)
    out = []
    previous: str | None = None
    for tier in sorted(tiers):
        members = sorted(tiers[tier], key=lambda m: (m.group or "", m.id))
        for start in range(0, len(members), ROW):
            row = members[start:start + ROW]
            out.append("  { rank=same; " + " ".join(f"{quote(m.id)};" for m in row) + " }")
            if previous is not None:
                out.append(f"  {previous} -> {quote(row[0].id)} [style=invis];")
            previous = quote(row[0].id)
    return out


def _tiers(graph: Graph) -> dict[str, float]:
    """Each node's tier; a segment's is half a tier below its highest member's."""
    tiers: dict[str, float] = {n.id: n.tier for n in graph.nodes if n.tier is not None}
    segments = {n.id for n in graph.nodes if n.kind == SEGMENT}
    for edge in graph.edges:
        for segment, member in ((edge.a, edge.b), (edge.b, edge.a)):
            if segment in segments and member in tiers and member not in segments:
                tiers[segment] = min(tiers.get(segment, 99.0), tiers[member] + 0.5)
    return tiers


def _edge(edge: GraphEdge, tiers: Mapping[str, float]) -> str:
    """A link is written from the upper end to the lower one, so that dot ranks it so; a
    session as derived (a reflector before its client: the arrow points at the client)."""
    a, b = edge.a, edge.b
    if edge.kind == LINK and tiers.get(a, 0.0) > tiers.get(b, 0.0):
        a, b = b, a
    attrs = [EDGE_STYLE[edge.kind], f"tooltip={quote(edge.label + ' ' + edge.detail)}"]
    if edge.kind != LINK:
        attrs.append(f"label={quote(edge.label)}")
    return f"  {quote(a)} -> {quote(b)} [{', '.join(attrs)}];"
