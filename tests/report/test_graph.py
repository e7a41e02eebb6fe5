"""`vrpgen graph`: the topology derived from the inventory (links from shared subnets, BGP
sessions by kind, OSPF areas, k8s nodes), drawn as Mermaid, DOT (parsed by Graphviz) and SVG
(well-formed, naming every device and node); readable at 50 devices; docs/seed-lab.svg
current."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from fabric50 import write_fabric
from picture_tools import dot_renders, need_tool

from tests.conftest import REPO, CliResult
from vrpgen import pipeline
from vrpgen.report import dot, graph, mermaid
from vrpgen.report.graph import CALICO, EBGP, IBGP, LINK, RR_CLIENT, SEGMENT, Graph, GraphNode

SEED = REPO / "inventory" / "lab.yml"
EXAMPLES = [SEED, REPO / "inventory" / "examples" / "campus",
            REPO / "inventory" / "examples" / "wan-edge", REPO / "tests" / "inventories" / "large"]
SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def fabric(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fabric(tmp_path_factory.mktemp("fabric") / "fabric.yml")


def kinds(g: Graph) -> Counter[str]:
    return Counter(e.kind for e in g.edges)


def test_seed_lab_graph() -> None:
    g = pipeline.topology(SEED)
    assert [n.id for n in g.devices()] == ["R1", "R2", "SW1"]
    assert {n.id: n.kind for n in g.nodes if n.kind != "device"} == {
        "k8s-node-1": "k8s", "k8s-node-2": "k8s", "10.0.0.0/24": SEGMENT}
    # R1, R2 and both nodes share 10.0.0.0/24: one segment, four links; SW1 has no address
    assert sorted((e.a, e.b) for e in g.edges if e.kind == LINK) == [
        ("10.0.0.0/24", "R1"), ("10.0.0.0/24", "R2"), ("10.0.0.0/24", "k8s-node-1"),
        ("10.0.0.0/24", "k8s-node-2")]
    sessions = {(e.a, e.b): (e.kind, e.detail) for e in g.sessions()}
    assert sessions == {("R1", "R2"): (EBGP, "AS 64512 – AS 63400"),
                        ("R1", "k8s-node-1"): (CALICO, "iBGP, RR client"),
                        ("R2", "k8s-node-2"): (CALICO, "iBGP, RR client")}
    groups = {n.id: n.group for n in g.nodes}
    assert groups["R1"] == groups["R2"] == "OSPF area 0.0.0.0"
    assert groups["SW1"] == "switches" and groups["k8s-node-1"] == "k8s nodes"


def test_reflector_sessions_point_at_the_client_and_abrs_show_their_areas() -> None:
    g = pipeline.topology(REPO / "tests" / "inventories" / "large")
    sessions = {(e.a, e.b): e.kind for e in g.sessions()}
    assert sessions[("core1", "core2")] == RR_CLIENT  # declared with reflector: core1
    assert sessions[("core1", "ce1")] == RR_CLIENT
    assert sessions[("core1", "edge1")] == EBGP
    assert sessions[("edge1", "AS64999 203.0.113.1")] == EBGP  # an explicit (ISP) peer
    core1 = next(n for n in g.nodes if n.id == "core1")
    assert core1.group == "OSPF area 0.0.0.0" and "ABR 0.0.0.0, 0.0.0.1" in core1.lines
    # point-to-point /30s are direct links, labelled by their subnet
    assert any(e.kind == LINK and {e.a, e.b} == {"core1", "core2"} and e.detail == "10.0.12.0/30"
               for e in g.edges)


def test_a_shut_interface_is_no_link(tmp_path: Path) -> None:
    inventory = tmp_path / "inv.yml"
    inventory.write_text(SEED.read_text().replace(
        "GigabitEthernet0/0/0: {ip: 10.0.0.254/24, ospf: {area: 0}}",
        "GigabitEthernet0/0/0: {ip: 10.0.0.254/24, shutdown: true}"))
    g = pipeline.topology(inventory)
    assert not any("R2" in (e.a, e.b) for e in g.edges if e.kind == LINK)


def test_fifty_devices(fabric: Path) -> None:
    g = pipeline.topology(fabric)
    assert len(g.devices()) == 50
    assert kinds(g) == {RR_CLIENT: 16, IBGP: 1, EBGP: 1, CALICO: 4,
                        LINK: 16 + 8 * (5 + 2) + 1 + 4}  # /30s, access segments, k8s segment
    assert sum(1 for n in g.nodes if n.kind == SEGMENT) == 9
    groups = Counter(n.group for n in g.devices())
    assert groups == {"OSPF area 0.0.0.0": 10, "OSPF area 0.0.0.1": 10,
                      "OSPF area 0.0.0.2": 10, "OSPF area 0.0.0.3": 10, "OSPF area 0.0.0.4": 10}


# -- Mermaid ----------------------------------------------------------------------------------


def mermaid_parts(text: str) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """(node id → first label line, [(a, arrow, b)]) of our Mermaid output."""
    nodes = {m[1]: m[2] for m in re.finditer(r'^\s*(n\d+)[\[({]+"([^"<]*)', text, re.M)}
    edges = [(m[1], m[2], m[3]) for m in
             re.finditer(r"^\s*(n\d+) (---|-\. [A-Za-z ]+ \.->?|-\. [A-Za-z ]+ \.-|== eBGP ===) "
                         r"(n\d+)$", text, re.M)]
    return nodes, edges


@pytest.mark.parametrize("inventory", EXAMPLES, ids=lambda p: p.stem)
def test_mermaid_one_node_per_device_one_edge_per_session(inventory: Path) -> None:
    g = pipeline.topology(inventory)
    text = mermaid.to_mermaid(g)
    assert text.startswith("flowchart TB\n")
    nodes, edges = mermaid_parts(text)
    names = Counter(nodes.values())
    for device in g.devices():
        assert names[device.id] == 1, device.id
    built = pipeline.build(inventory)
    explicit = sum(len(d.bgp.peers) for d in built.devices.values() if d.bgp is not None)
    session_edges = [e for e in edges if e[1] != "---"]
    assert len(session_edges) == len(built.sessions) + explicit
    assert len(edges) == len(g.edges)
    assert text.count("subgraph ") == text.count("\n  end")


def test_mermaid_labels_cannot_break_out() -> None:
    hostile = 'x"]\nclick n0 "http://evil" <b>'
    g = Graph((GraphNode("a", "device", "router", (hostile,)),), ())
    text = mermaid.to_mermaid(g)
    assert "\nclick" not in text and '"]' not in text.replace('"])', "")
    assert "#34;" in text and "#60;b#62;" in text  # " < > as entities


# -- DOT and SVG ------------------------------------------------------------------------------


@pytest.mark.parametrize("inventory", EXAMPLES, ids=lambda p: p.stem)
def test_dot_parses_with_graphviz(inventory: Path) -> None:
    g = pipeline.topology(inventory)
    dot_renders(dot.to_dot(g, title="t"))
    changed = {g.devices()[0].id: "high", g.devices()[-1].id: "applied"}
    dot_renders(dot.to_dot(g, highlight=changed))


def test_dot_quotes_hostile_names() -> None:
    hostile = 'a"b\\N];{c}\n<&>'
    g = Graph((GraphNode(hostile, "device", "router", (hostile, "x")),
               GraphNode("b", "device", "switch", ("b",))),
              (graph.GraphEdge(hostile, "b", EBGP, hostile),))
    svg = dot_renders(dot.to_dot(g, title=hostile))
    root = ET.fromstring(svg)  # well-formed: Graphviz escaped what we quoted
    texts = [t.text for t in root.iter(f"{SVG_NS}text")]
    assert 'a"b\\N];{c} <&>' in texts  # the label shown as written (line end → space)


def svg_texts(svg: str) -> set[str]:
    root = ET.fromstring(svg)
    return {t.text or "" for t in root.iter(f"{SVG_NS}text")}


@pytest.mark.parametrize("inventory", EXAMPLES, ids=lambda p: p.stem)
def test_svg_is_well_formed_and_names_every_device_and_node(
        inventory: Path, tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    need_tool("dot")
    out = tmp_path / "topology.svg"
    result = cli("graph", inventory, "-o", out)
    assert result.code == 0, result.stderr
    texts = svg_texts(out.read_text())
    built = pipeline.build(inventory)
    for name in [*built.devices, *built.inventory.k8s.nodes]:
        assert name in texts, name
    assert f"{len(built.devices)} device(s)" in result.stderr


def test_fifty_devices_stay_readable(fabric: Path, tmp_path: Path,
                                     cli: Callable[..., CliResult]) -> None:
    """No rank wider than WIDTH nodes, and a picture about as wide as a wide screen allows."""
    text = dot.to_dot(pipeline.topology(fabric))
    rows = re.findall(r"\{ rank=same; (.*) \}", text)
    assert rows and max(row.count(";") for row in rows) <= dot.WIDTH
    svg = dot_renders(text)
    root = ET.fromstring(svg)
    width, height = (float(root.get(k, "0").removesuffix("pt")) for k in ("width", "height"))
    assert width / height < 5 and width < 4000, (width, height)


def test_graph_formats_and_errors(tmp_path: Path, cli: Callable[..., CliResult],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    for suffix, start in ((".mmd", "flowchart TB"), (".dot", "digraph topology {")):
        result = cli("graph", SEED, "-o", tmp_path / f"t{suffix}")
        assert result.code == 0 and (tmp_path / f"t{suffix}").read_text().startswith(start)
    result = cli("graph", SEED, "-o", tmp_path / "t.png")
    assert result.code == 64 and ".mmd, .dot, .svg" in result.stderr
    monkeypatch.setenv("PATH", str(tmp_path))  # no `dot` anywhere
    result = cli("graph", SEED, "-o", tmp_path / "t.svg")
    assert result.code == 1 and "Graphviz's `dot` is not installed" in result.stderr
    assert "apt-get install graphviz" in result.stderr and not (tmp_path / "t.svg").exists()


def test_committed_seed_lab_diagram_is_current(tmp_path: Path,
                                               cli: Callable[..., CliResult]) -> None:
    """README shows docs/seed-lab.svg; `make diagram` regenerates it."""
    need_tool("dot")
    out = tmp_path / "seed-lab.svg"
    assert cli("graph", SEED, "-o", out).code == 0
    assert (REPO / "docs" / "seed-lab.svg").read_text() == out.read_text(), \
        "docs/seed-lab.svg is stale: run `make diagram` and commit it"


def test_best_connected_devices_rank_first() -> None:
    """campus: the cores (linked to each other and to every access switch through the
    management segment) stand above the access switches; fabric: cores above distribution."""
    campus = dot.to_dot(pipeline.topology(REPO / "inventory" / "examples" / "campus"))
    rows = re.findall(r"\{ rank=same; (.*) \}", campus)
    assert rows[0] == '"core1"; "core2";' and "acc1" in rows[1]
    large = dot.to_dot(pipeline.topology(REPO / "tests" / "inventories" / "large"))
    rows = re.findall(r"\{ rank=same; (.*) \}", large)
    assert '"core1";' in rows[1] and '"core2";' in rows[2]  # after the ISP; core2 via core1
