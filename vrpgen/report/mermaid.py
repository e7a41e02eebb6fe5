"""The topology graph as a Mermaid flowchart (to paste into a wiki or a merge request): one
node per device, k8s node, external peer and shared segment, grouped in subgraphs as in the DOT
picture; one edge per link and per BGP session, styled by kind.

Node ids are generated (n0, n1…); every label is encoded character by character outside a
small safe set, so no inventory text can end a label or start Mermaid syntax."""

from __future__ import annotations

import re

from vrpgen.report.graph import CALICO, EBGP, IBGP, LINK, RR_CLIENT, Graph, GraphNode

_SAFE = re.compile(r"[A-Za-z0-9 ._:/,()·–-]")
SHAPES = {"router": ("([", "])"), "switch": ("[", "]"), "k8s": ("[[", "]]"),
          "external": ("{{", "}}"), "segment": ("((", "))")}
# Mermaid link forms: solid, dotted with text, thick with text, dotted arrow with text.
ARROWS = {LINK: "---", IBGP: "-. iBGP .-", EBGP: "== eBGP ===", RR_CLIENT: "-. RR client .->",
          CALICO: "-. Calico .-"}
LINK_COLOURS = {LINK: "#555555", IBGP: "#1f5fa8", EBGP: "#c0392b", RR_CLIENT: "#1f5fa8",
                CALICO: "#2e7d32"}


def text(value: str) -> str:
    """A label's text: safe characters as they are, any other as a Mermaid entity (#60;)."""
    return "".join(c if _SAFE.fullmatch(c) else f"#{ord(c)};" for c in value)


def to_mermaid(graph: Graph) -> str:
    ids = {node.id: f"n{i}" for i, node in enumerate(graph.nodes)}
    out = ["flowchart TB"]
    groups: dict[str, list[GraphNode]] = {}
    for node in graph.nodes:
        if node.group is None:
            out.append("  " + _node(ids[node.id], node))
        else:
            groups.setdefault(node.group, []).append(node)
    for n, (name, members) in enumerate(sorted(groups.items())):
        out.append(f'  subgraph g{n}["{text(name)}"]')
        out += ["    " + _node(ids[m.id], m) for m in members]
        out.append("  end")
    for edge in graph.edges:
        out.append(f"  {ids[edge.a]} {ARROWS[edge.kind]} {ids[edge.b]}")
    by_kind: dict[str, list[str]] = {}
    for i, edge in enumerate(graph.edges):  # linkStyle numbers links in the order written
        by_kind.setdefault(edge.kind, []).append(str(i))
    for kind, numbers in by_kind.items():
        out.append(f"  linkStyle {','.join(numbers)} stroke:{LINK_COLOURS[kind]}")
    return "\n".join(out) + "\n"


def _node(node_id: str, node: GraphNode) -> str:
    start, end = SHAPES.get(node.role, SHAPES.get(node.kind, ("[", "]")))
    return f'{node_id}{start}"{"<br/>".join(text(line) for line in node.lines)}"{end}'
