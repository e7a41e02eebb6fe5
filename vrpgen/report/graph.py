"""The topology as a neutral graph: devices, k8s nodes, external BGP peers and shared subnets
as nodes; links and BGP sessions as edges. Built from the resolved devices and sessions (what
the inventory says), never from devices. The writers (report/dot.py, report/mermaid.py) only
draw it.

Every edge comes from `edges()`: one source per line (shared subnets, declared sessions,
explicit peers), so that declared `links:` become one more source there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import netaddr

from vrpgen.derive.resolve import ResolvedDevice
from vrpgen.derive.sessions import ResolvedSession
from vrpgen.inventory.model import K8sNode

# node kinds
DEVICE, K8S, EXTERNAL, SEGMENT = "device", "k8s", "external", "segment"
# edge kinds: a link (shared subnet) or a BGP session styled by its kind
LINK, IBGP, EBGP, RR_CLIENT, CALICO = "link", "ibgp", "ebgp", "rr-client", "calico"
SESSION_KINDS = (IBGP, EBGP, RR_CLIENT, CALICO)
EDGE_LABELS = {LINK: "link", IBGP: "iBGP", EBGP: "eBGP", RR_CLIENT: "RR client",
               CALICO: "Calico node"}

# Top to bottom: external peers, routers, switches, then the k8s nodes (segments float).
TIERS = {EXTERNAL: 0, "router": 1, "switch": 2, K8S: 3}
K8S_GROUP = "k8s nodes"


@dataclass(frozen=True, slots=True)
class GraphNode:
    id: str  # the device or k8s node name; "AS64999 203.0.113.1"; a subnet's CIDR
    kind: str  # DEVICE | K8S | EXTERNAL | SEGMENT
    role: str  # "router" | "switch" for devices, else the kind
    lines: tuple[str, ...]  # the label, line by line (the first is the name)
    group: str | None = None  # the cluster it is drawn in: an OSPF area, a role, k8s nodes
    platform: str | None = None
    model: str | None = None  # the model family (S, AR, CE, NE) or the model as written

    @property
    def tier(self) -> int | None:
        """Its rank from the top; None for a segment, which sits between its members."""
        return TIERS.get(self.role if self.kind == DEVICE else self.kind)


@dataclass(frozen=True, slots=True)
class GraphEdge:
    a: str  # for RR_CLIENT: the reflector
    b: str  # for RR_CLIENT: the client
    kind: str
    detail: str = ""  # the subnet of a link; "AS 65000" of an iBGP session…

    @property
    def session(self) -> bool:
        return self.kind in SESSION_KINDS

    @property
    def label(self) -> str:
        return EDGE_LABELS[self.kind]


@dataclass(frozen=True, slots=True)
class Graph:
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]

    def devices(self) -> list[GraphNode]:
        return [n for n in self.nodes if n.kind == DEVICE]

    def sessions(self) -> list[GraphEdge]:
        return [e for e in self.edges if e.session]


def build_graph(devices: Mapping[str, ResolvedDevice], sessions: Sequence[ResolvedSession],
                k8s_nodes: Mapping[str, K8sNode]) -> Graph:
    """Devices and k8s nodes in name order, then the external peers and the segments."""
    nodes = [_device_node(d) for _, d in sorted(devices.items())]
    nodes += [GraphNode(name, K8S, K8S, (name, f"AS {n.remote_as}", str(n.address)), K8S_GROUP)
              for name, n in sorted(k8s_nodes.items())]
    extra, found = edges(devices, sessions, k8s_nodes)
    return Graph(tuple(nodes + extra), tuple(found))


def edges(devices: Mapping[str, ResolvedDevice], sessions: Sequence[ResolvedSession],
          k8s_nodes: Mapping[str, K8sNode]) -> tuple[list[GraphNode], list[GraphEdge]]:
    """Every edge of the graph, source by source, and the nodes some sources add (a segment
    for a subnet shared by three or more ends, an external peer). Declared `links:` go here."""
    segments, links = _subnet_links(devices, k8s_nodes)
    externals, peers = _explicit_peers(devices)
    return segments + externals, links + _session_edges(sessions) + peers


def _device_node(device: ResolvedDevice) -> GraphNode:
    areas = _areas(device)
    if areas:  # an ABR sits in the backbone, where OSPF says it belongs (area 0 is in it)
        group = "OSPF area " + ("0.0.0.0" if "0.0.0.0" in areas else areas[0])
    else:
        group = device.role + "es" if device.role == "switch" else device.role + "s"
    kind = device.model or device.family.name
    lines = [device.name, f"{device.role} · {device.platform} · {kind}"]
    if device.loopback is not None:
        lines.append(str(device.loopback.ip.ip))
    if len(areas) > 1:
        lines.append("ABR " + ", ".join(areas))
    return GraphNode(device.name, DEVICE, device.role, tuple(lines), group, device.platform,
                     kind)


def _areas(device: ResolvedDevice) -> list[str]:
    found = {i.spec.ospf.area for i in device.interfaces if i.spec.ospf is not None}
    if device.loopback is not None and device.loopback.ospf is not None:
        found.add(device.loopback.ospf.area)
    return sorted(found, key=lambda a: tuple(int(x) for x in a.split(".")))


def _subnet_links(devices: Mapping[str, ResolvedDevice], k8s_nodes: Mapping[str, K8sNode],
                  ) -> tuple[list[GraphNode], list[GraphEdge]]:
    """Ends that share an IPv4 subnet (interfaces up with an address, k8s nodes in it): two
    ends are one link; three or more meet at a segment node named by the subnet."""
    members: dict[netaddr.IPNetwork, list[str]] = {}
    for name, device in sorted(devices.items()):
        for interface in device.interfaces:
            ip = interface.spec.ip
            if ip is None or interface.spec.shutdown or ip.prefixlen >= 32:
                continue
            subnet = ip.cidr
            if name not in members.setdefault(subnet, []):
                members[subnet].append(name)
    by_size = sorted(members, key=lambda s: -s.prefixlen)  # most specific subnet first
    for node, spec in sorted(k8s_nodes.items()):
        address = netaddr.IPAddress(str(spec.address))
        subnet = next((s for s in by_size if address in s), None)
        if subnet is not None:
            members[subnet].append(node)
    nodes: list[GraphNode] = []
    links: list[GraphEdge] = []
    for subnet, ends in sorted(members.items()):
        if len(ends) == 2:
            links.append(GraphEdge(ends[0], ends[1], LINK, str(subnet)))
        elif len(ends) > 2:
            nodes.append(GraphNode(str(subnet), SEGMENT, SEGMENT, (str(subnet),)))
            links += [GraphEdge(str(subnet), end, LINK, str(subnet)) for end in ends]
    return nodes, links


def _session_edges(sessions: Iterable[ResolvedSession]) -> list[GraphEdge]:
    found = []
    for s in sessions:
        a, b = s.a, s.b
        if b.reflects and not a.reflects:  # drawn from the reflector to its client
            a, b = b, a
        kind = (CALICO if a.is_node or b.is_node else RR_CLIENT if a.reflects
                else IBGP if s.ibgp else EBGP)
        detail = f"AS {a.asn}" if s.ibgp else f"AS {a.asn} – AS {b.asn}"
        if kind == CALICO:
            detail = ("iBGP" if s.ibgp else "eBGP") + (", RR client" if a.reflects else "")
        found.append(GraphEdge(a.name, b.name, kind, detail))
    return found


def _explicit_peers(devices: Mapping[str, ResolvedDevice],
                    ) -> tuple[list[GraphNode], list[GraphEdge]]:
    """Peers configured on one device only (an ISP): a node per peer address."""
    nodes: dict[str, GraphNode] = {}
    found = []
    for name, device in sorted(devices.items()):
        if device.bgp is None:
            continue
        for address, peer in sorted(device.bgp.peers.items()):
            node = f"AS{peer.remote_as} {address}"
            nodes.setdefault(node, GraphNode(node, EXTERNAL, EXTERNAL,
                                             (f"AS {peer.remote_as}", address)))
            same = peer.remote_as == device.bgp.local_as
            kind = RR_CLIENT if peer.reflect_client else IBGP if same else EBGP
            found.append(GraphEdge(name, node, kind, f"peer {address}"))
    return list(nodes.values()), found
