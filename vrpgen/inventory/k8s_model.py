"""What the user writes under `k8s.calico`: the Calico settings of the cluster (issue 3).

Field names are the inventory's (snake_case); vrpgen.calico maps them onto Calico's
projectcalico.org/v3 fields. Ranges that need a located, explained error (block size, AS above
int32, overlaps) are checked in vrpgen.derive.k8s_checks, not here.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainValidator

from vrpgen.inventory.types import SAFE, Asn, IPv4Network, PolicyName, SafeText

# libcalico-go nameRegex: a lowercase DNS-1123 subdomain, at most 253 characters
# (../shared/calico/README.md §1). Resource and node names must match it.
K8S_NAME = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SECRET_KEY = re.compile(r"[-._a-zA-Z0-9]+")  # Kubernetes Secret data keys


def is_k8s_name(value: str) -> bool:
    return len(value) <= 253 and K8S_NAME.fullmatch(value) is not None


def _k8s_name(value: str) -> str:
    if not is_k8s_name(value):
        raise ValueError(f"{value!r} is not a Kubernetes name: use lowercase letters, digits, "
                         "'-' and '.', starting and ending with a letter or digit")
    return value


def _env_name(value: str) -> str:
    if not _ENV_NAME.fullmatch(value):
        raise ValueError(f"{value!r} is not an environment variable name such as "
                         "VRPGEN_BGP_PASSWORD")
    return value


def _secret_key(value: str) -> str:
    if not _SECRET_KEY.fullmatch(value) or len(value) > 253:
        raise ValueError(f"{value!r} is not a Secret key: letters, digits, '-', '_' and '.'")
    return value


# ASCII-only patterns: narrower than the free-text rule, so marked SAFE (types.Safe).
K8sName = Annotated[str, AfterValidator(_k8s_name), SAFE]
EnvName = Annotated[str, AfterValidator(_env_name), SAFE]
SecretKey = Annotated[str, AfterValidator(_secret_key), SAFE]
EncapMode = Literal["Never", "Always", "CrossSubnet"]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)


class IpPool(_Strict):
    """One Calico IPPool; its key in `ip_pools` is the resource name."""

    cidr: IPv4Network
    block_size: int = 26  # Calico's default for IPv4; range checked in k8s_checks (20-32)
    ipip_mode: EncapMode = "Never"  # Calico API default (README §2.4)
    vxlan_mode: EncapMode = "Never"
    nat_outgoing: bool = False  # Calico API default
    node_selector: SafeText = "all()"


class BgpPassword(_Strict):
    """TCP-MD5 password of every node–router session, by reference only.

    Routers: `peer X password cipher ${<env>}`, filled in from the environment at push time.
    Calico: BGPPeer.spec.password.secretKeyRef {name: secret_name, key: secret_key}.
    """

    env: EnvName
    secret_name: K8sName
    secret_key: SecretKey


class ImportFilter(_Strict):
    """The router-side filter on routes learned from k8s nodes (on unless disabled)."""

    enabled: bool = True
    prefix_list: PolicyName = "K8S-POD"
    route_policy: PolicyName = "K8S-FROM-NODE"


class ExportFilter(_Strict):
    """The router-side filter on routes sent to k8s nodes: Calico installs everything a router
    sends (../shared/calico/README.md §6.1), so by default only the pod blocks and advertised
    service CIDRs pass, plus a default route when asked for."""

    enabled: bool = True
    route_policy: PolicyName = "K8S-TO-NODE"
    # Same entries as the import filter's list; the same name shares one list (README §6.2).
    prefix_list: PolicyName = "K8S-POD"
    # Permit 0.0.0.0/0 too (off by default): it only passes if the router has a default
    # route in BGP to send; nodes can then resolve next hops through it (README §8).
    default_route: bool = False
    default_prefix_list: PolicyName = "K8S-DEFAULT"


def _next_hop_local(value: object) -> bool | str:
    """One message for the union (pydantic would report each member's failure)."""
    if isinstance(value, bool):
        return value
    if value == "auto":
        return "auto"
    raise ValueError(f"expected auto, true or false, got {value!r}")


# `peer <node> next-hop-local` on the routers: auto derives it where routes can reach a node
# with a next hop off the node's subnet (README §6.1, §6.3); true/false force it.
NextHopLocal = Annotated[bool | Literal["auto"], PlainValidator(_next_hop_local)]


class KubernetesDatastore(_Strict):
    type: Literal["kubernetes"]
    kubeconfig: SafeText | None = None  # a path; calicoctl's own default when absent


class EtcdDatastore(_Strict):
    """etcd v3 with optional TLS: the paths of the files, never their contents."""

    type: Literal["etcdv3"]
    endpoints: tuple[SafeText, ...] = Field(min_length=1)
    ca_cert_file: SafeText | None = None
    cert_file: SafeText | None = None
    key_file: SafeText | None = None


class Calico(_Strict):
    # BGPConfiguration default.asNumber: the AS of nodes without their own; default: the
    # AS of the first node in k8s.nodes.
    default_as: Asn | None = Field(None, alias="as")
    # None: off when a router reflects routes to the nodes, on otherwise.
    node_to_node_mesh: bool | None = None
    allow_ebgp: bool = False  # nodes whose AS differs from their router's
    ip_pools: dict[K8sName, IpPool] = {}
    service_cluster_ips: tuple[IPv4Network, ...] = ()
    service_external_ips: tuple[IPv4Network, ...] = ()
    service_load_balancer_ips: tuple[IPv4Network, ...] = ()
    bgp_password: BgpPassword | None = None
    import_filter: ImportFilter = ImportFilter()
    export_filter: ExportFilter = ExportFilter()
    next_hop_local: NextHopLocal = "auto"
    datastore: Annotated[KubernetesDatastore | EtcdDatastore,
                         Field(discriminator="type")] | None = None

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True,
                              arbitrary_types_allowed=True)
