"""The Calico side of the inventory, resolved: what vrpgen.calico.manifests turns into resources.

Derived from the same resolved sessions as the routers' `peer` lines, so both sides of every
node–router session come from one declaration. Pure: no I/O, no YAML.
"""

from __future__ import annotations

from dataclasses import dataclass

# The BGPPeer naming rule lives beside its uniqueness and length check (issue 9).
from vrpgen.derive.k8s_checks import peer_name
from vrpgen.derive.lookup import SubnetIndex
from vrpgen.derive.resolve import ResolvedDevice
from vrpgen.derive.sessions import End, ResolvedSession
from vrpgen.inventory.k8s_model import Calico, EtcdDatastore
from vrpgen.inventory.model import Inventory


@dataclass(frozen=True, slots=True)
class PeerIntent:
    """One BGPPeer: node `node` peers with router `router` at `peer_ip` in AS `as_number`."""

    name: str
    node: str
    router: str
    node_address: str  # the address the router's `peer` line names
    peer_ip: str  # the router's address the node reaches
    as_number: int  # the router's AS
    secret_name: str | None
    secret_key: str | None
    source_address: str | None
    keep_original_next_hop: bool | None
    allowed_local_as: int | None = None  # numAllowedLocalASNumbers (README §2.2)


@dataclass(frozen=True, slots=True)
class NodeIntent:
    """Per-node BGP settings, set with `calicoctl patch node` (never `apply`, README §0.2)."""

    name: str
    as_number: int
    ipv4_address: str  # "10.0.0.5/24": the node address with its subnet's length


@dataclass(frozen=True, slots=True)
class PoolIntent:
    name: str
    cidr: str
    block_size: int
    ipip_mode: str
    vxlan_mode: str
    nat_outgoing: bool
    node_selector: str


@dataclass(frozen=True, slots=True)
class BgpConfigurationIntent:
    as_number: int | None
    node_to_node_mesh: bool
    service_cluster_ips: tuple[str, ...]
    service_external_ips: tuple[str, ...]
    service_load_balancer_ips: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DatastoreIntent:
    type: str  # "kubernetes" | "etcdv3"
    kubeconfig: str | None
    etcd_endpoints: tuple[str, ...]
    etcd_ca_cert_file: str | None
    etcd_cert_file: str | None
    etcd_key_file: str | None


@dataclass(frozen=True, slots=True)
class CalicoIntent:
    bgp_configuration: BgpConfigurationIntent
    peers: tuple[PeerIntent, ...]
    nodes: tuple[NodeIntent, ...]
    pools: tuple[PoolIntent, ...]
    datastore: DatastoreIntent | None


def node_sessions(sessions: list[ResolvedSession]) -> list[tuple[End, End]]:
    """(router end, node end) of every session between a device and a k8s node."""
    out = []
    for session in sessions:
        for local, remote in session.ends():
            if remote.is_node:
                out.append((local, remote))
    return out


def derive_calico(inventory: Inventory, devices: dict[str, ResolvedDevice],
                  sessions: list[ResolvedSession]) -> CalicoIntent | None:
    """None when the inventory has no `k8s.calico` section."""
    calico = inventory.k8s.calico
    if calico is None:
        return None
    pairs = node_sessions(sessions)
    reflected = any(router.reflects for router, _ in pairs)
    mesh = calico.node_to_node_mesh if calico.node_to_node_mesh is not None else not reflected
    nodes = inventory.k8s.nodes
    subnets = _device_subnets(devices)
    default_as = calico.default_as
    if default_as is None and nodes:
        default_as = next(iter(nodes.values())).remote_as
    return CalicoIntent(
        bgp_configuration=BgpConfigurationIntent(
            as_number=default_as, node_to_node_mesh=mesh,
            service_cluster_ips=tuple(str(n) for n in calico.service_cluster_ips),
            service_external_ips=tuple(str(n) for n in calico.service_external_ips),
            service_load_balancer_ips=tuple(str(n) for n in calico.service_load_balancer_ips)),
        peers=tuple(_peer(calico, inventory, router, node) for router, node in pairs),
        nodes=tuple(NodeIntent(name, spec.remote_as,
                               f"{spec.address}/{max(subnets.holding(spec.address), default=32)}")
                    for name, spec in nodes.items()),
        pools=tuple(PoolIntent(name, str(p.cidr), p.block_size, p.ipip_mode, p.vxlan_mode,
                               p.nat_outgoing, p.node_selector)
                    for name, p in calico.ip_pools.items()),
        datastore=_datastore(calico),
    )


def _peer(calico: Calico, inventory: Inventory, router: End, node: End) -> PeerIntent:
    spec = inventory.k8s.nodes[node.name]
    password = calico.bgp_password
    return PeerIntent(
        name=peer_name(node.name, router.name), node=node.name, router=router.name,
        node_address=node.address, peer_ip=router.address, as_number=router.asn,
        secret_name=password.secret_name if password else None,
        secret_key=password.secret_key if password else None,
        source_address=spec.source_address, keep_original_next_hop=spec.keep_original_next_hop,
        allowed_local_as=spec.allowed_local_as)


def _device_subnets(devices: dict[str, ResolvedDevice]) -> SubnetIndex[int]:
    """Every device interface subnet (not /32) with its length: a node's address is given with
    the longest one holding it (README §2.3: include the prefix), 32 when none does."""
    index: SubnetIndex[int] = SubnetIndex()
    for device in devices.values():
        for item in device.interfaces:
            if item.spec.ip is not None and item.spec.ip.prefixlen < 32:
                index.add(item.spec.ip.cidr, item.spec.ip.prefixlen)
    return index


def _datastore(calico: Calico) -> DatastoreIntent | None:
    store = calico.datastore
    if store is None:
        return None
    if isinstance(store, EtcdDatastore):
        return DatastoreIntent("etcdv3", None, store.endpoints, store.ca_cert_file,
                               store.cert_file, store.key_file)
    return DatastoreIntent("kubernetes", store.kubeconfig, (), None, None, None)
