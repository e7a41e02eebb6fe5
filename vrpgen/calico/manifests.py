"""CalicoIntent → projectcalico.org/v3 resources as plain dicts, ready for `calicoctl apply -f`.

Pure builders: YAML is written by vrpgen.render. Field names and enums follow the v3.32.1 CRDs
(../shared/calico/README.md §2); AS numbers are integers (README §0.6), never strings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from vrpgen.calico.intent import (
    BgpConfigurationIntent,
    CalicoIntent,
    DatastoreIntent,
    NodeIntent,
    PeerIntent,
    PoolIntent,
)

API_VERSION = "projectcalico.org/v3"

Manifest = dict[str, Any]


@dataclass(frozen=True, slots=True)
class CalicoManifests:
    """Everything written to DIR/calico/, still as data."""

    bgp_configuration: Manifest
    bgp_peers: tuple[Manifest, ...]
    ip_pools: tuple[Manifest, ...]
    node_patches: tuple[str, ...]  # one `calicoctl patch node` command per node
    calicoctl_config: Manifest | None  # CalicoAPIConfig, when the inventory names a datastore


def build_manifests(intent: CalicoIntent) -> CalicoManifests:
    return CalicoManifests(
        bgp_configuration=bgp_configuration(intent.bgp_configuration),
        bgp_peers=tuple(bgp_peer(p) for p in intent.peers),
        ip_pools=tuple(ip_pool(p) for p in intent.pools),
        node_patches=tuple(node_patch(n) for n in intent.nodes),
        calicoctl_config=(calicoctl_config(intent.datastore)
                          if intent.datastore is not None else None),
    )


def _resource(kind: str, name: str, spec: Manifest) -> Manifest:
    return {"apiVersion": API_VERSION, "kind": kind, "metadata": {"name": name}, "spec": spec}


def bgp_configuration(intent: BgpConfigurationIntent) -> Manifest:
    """The global `default` (only it may carry asNumber and the mesh switch, README §2.1)."""
    spec: Manifest = {}
    if intent.as_number is not None:
        spec["asNumber"] = intent.as_number
    spec["nodeToNodeMeshEnabled"] = intent.node_to_node_mesh
    for key, cidrs in (("serviceClusterIPs", intent.service_cluster_ips),
                       ("serviceExternalIPs", intent.service_external_ips),
                       ("serviceLoadBalancerIPs", intent.service_load_balancer_ips)):
        if cidrs:
            spec[key] = [{"cidr": c} for c in cidrs]
    return _resource("BGPConfiguration", "default", spec)


def bgp_peer(intent: PeerIntent) -> Manifest:
    spec: Manifest = {"node": intent.node, "peerIP": intent.peer_ip,
                      "asNumber": intent.as_number}
    if intent.secret_name is not None and intent.secret_key is not None:
        spec["password"] = {"secretKeyRef": {"name": intent.secret_name,
                                             "key": intent.secret_key}}
    if intent.source_address is not None:
        spec["sourceAddress"] = intent.source_address
    if intent.keep_original_next_hop is not None:
        spec["keepOriginalNextHop"] = intent.keep_original_next_hop
    if intent.allowed_local_as is not None:
        spec["numAllowedLocalASNumbers"] = intent.allowed_local_as
    return _resource("BGPPeer", intent.name, spec)


def ip_pool(intent: PoolIntent) -> Manifest:
    return _resource("IPPool", intent.name, {
        "cidr": intent.cidr,
        "blockSize": intent.block_size,
        "ipipMode": intent.ipip_mode,
        "vxlanMode": intent.vxlan_mode,
        "natOutgoing": intent.nat_outgoing,
        "nodeSelector": intent.node_selector,
    })


def node_patch_body(intent: NodeIntent) -> Manifest:
    """The merge patch of one Node: its AS and BGP address, nothing else (README §0.2)."""
    return {"spec": {"bgp": {"asNumber": intent.as_number,
                             "ipv4Address": intent.ipv4_address}}}


def node_patch(intent: NodeIntent) -> str:
    """`calicoctl patch node NAME -p '{...}' "$@"`: a line of the nodes.sh script, whose
    arguments (e.g. `--config=calicoctl.cfg`) are passed on to calicoctl. Node names are
    validated k8s names and the JSON holds no single quote, so the line is shell-safe."""
    body = json.dumps(node_patch_body(intent), separators=(",", ":"))
    return f"calicoctl patch node {intent.name} -p '{body}' \"$@\""


def calicoctl_config(intent: DatastoreIntent) -> Manifest:
    """CalicoAPIConfig for calicoctl (docs: "Configure calicoctl"): paths only, no contents."""
    spec: Manifest = {"datastoreType": intent.type}
    if intent.type == "kubernetes":
        if intent.kubeconfig is not None:
            spec["kubeconfig"] = intent.kubeconfig
    else:
        spec["etcdEndpoints"] = ",".join(intent.etcd_endpoints)
        for key, value in (("etcdCACertFile", intent.etcd_ca_cert_file),
                           ("etcdCertFile", intent.etcd_cert_file),
                           ("etcdKeyFile", intent.etcd_key_file)):
            if value is not None:
                spec[key] = value
    return {"apiVersion": API_VERSION, "kind": "CalicoAPIConfig", "metadata": {}, "spec": spec}
