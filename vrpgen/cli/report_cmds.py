"""graph: the topology picture of an inventory (Mermaid, DOT or SVG)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vrpgen import files
from vrpgen.cli.app import QuietOpt, VerboseOpt, app, message, timing
from vrpgen.cli.inventory_cmds import InventoryArg

GRAPH_SUFFIXES = (".mmd", ".dot", ".svg")  # pipeline.GRAPH_FORMATS, without loading it


@app.command("graph")
def graph_cmd(
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="FILE",
        help="FILE.mmd (Mermaid, for a wiki or a merge request), FILE.dot (Graphviz) or "
        "FILE.svg (drawn by Graphviz's `dot`, which must be installed).")],
    inventory: InventoryArg = files.DEFAULT_INVENTORY,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Draw the topology: devices by role, the links between them (shared subnets), the k8s
    nodes, BGP sessions by kind (iBGP, eBGP, route-reflector client, Calico node) and OSPF
    areas (clusters). The format comes from the suffix of FILE. Exit 0 written, 1 error."""
    suffix = output.suffix.lower()
    if suffix not in GRAPH_SUFFIXES:
        raise typer.BadParameter(f"{output}: the suffix names the format: "
                                 + ", ".join(GRAPH_SUFFIXES), param_hint="--output")
    from vrpgen import pipeline  # deferred: only the commands that need the stages load them
    text, graph = pipeline.graph_text(inventory, suffix)
    timing("drawn")
    files.write_atomic(output, text)
    message(f"{output}: {len(graph.devices())} device(s), {len(graph.nodes)} node(s), "
            f"{len(graph.edges)} edge(s) ({len(graph.sessions())} BGP session(s))")
