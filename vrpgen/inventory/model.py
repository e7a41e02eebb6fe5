"""What the user writes: frozen, strict pydantic models of the inventory YAML.

Keys stay as the user wrote them (so error paths point at lines); interface names are made
canonical in `resolve`, once the platform of the device is known.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from vrpgen.inventory.k8s_model import Calico, NextHopLocal
from vrpgen.inventory.management_model import Management
from vrpgen.inventory.routing_model import (
    AsPathFilterEntry,
    BgpImport,
    BgpNetwork,
    CommunityFilterEntry,
    FilterName,
    OspfImport,
    PeerGroup,
    PeerPolicy,
    PrefixEntry,
    RoutePolicyNode,
    Secret,
)
from vrpgen.inventory.types import (
    AreaId,
    Asn,
    Description,
    Hostname,
    IPv4Address,
    IPv4Interface,
    IPv4Network,
    ModelName,
    Name,
    NodeName,
    PolicyName,
    RelativePath,
    SafeText,
    ShortText,
    VarName,
    VlanDescription,
    VlanId,
    VlanList,
    VlanName,
    Word,
)

# A free variable's value: text (one line, no control characters), a number, a flag, or a
# list of those.
VarScalar = SafeText | int | bool
VarValue = VarScalar | tuple[VarScalar, ...]

Role = Literal["switch", "router"]
Platform = Literal["vrp5", "vrp8"]
# Families vrpgen owns on a device beyond the lines it renders: running lines of them that the
# rendered config lacks are removed (vrp/scope.py OWNABLE; docs/inventory.md "owns").
Owned = Literal["loopbacks", "static-routes", "vlans", "bgp-peers", "route-policies", "ntp", "snmp",
                "syslog"]


class StrictModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)


class Mgmt(StrictModel):
    host: SafeText
    port: int = Field(22, ge=1, le=65535)


class InterfaceOspf(StrictModel):
    area: AreaId
    cost: int | None = Field(None, ge=1, le=65535)  # REFERENCE §4.5 / §4.8: 1-65535
    silent: bool = False


class InterfaceStp(StrictModel):
    """Spanning tree on one port (vrp/families/stp.py)."""

    edged_port: bool = False  # `stp edged-port enable`: an access port towards hosts
    loop_protection: bool = False  # `stp loop-protection`
    root_protection: bool = False  # `stp root-protection`


class PoolSlot(StrictModel):
    """An address from a pool (derive/addressing.py): slot `index`, or the next slot in
    declaration order when no member of the pool gives an index."""

    pool: Name | None = None  # required once merged (a group may give the pool, a device
    index: int | None = Field(None, ge=0)  # the index, or the other way round)


class Interface(StrictModel):
    """A port: access (`access_vlan`), trunk (`trunk_vlans`) or routed (`ip`). Its key may be a
    range (`GE0/0/1-24`); `profile` names a `port_profiles` entry whose keys it inherits."""

    profile: Name | None = None  # expanded in derive/resolve; the port's own keys win

    description: Description | None = None
    shutdown: bool = False
    access_vlan: VlanId | None = None
    trunk_vlans: VlanList | None = None
    pvid: VlanId | None = None
    ip: IPv4Interface | None = None
    # issue 14: the address from a `lan` pool (the first host of the slot); `ip` wins
    ip_from: PoolSlot | None = None
    ospf: InterfaceOspf | None = None
    # issue 12, Eth-Trunk (REFERENCE §4.6; checked in derive/trunks.py): on an Eth-Trunk its
    # member ports and mode; on a member port its LACP port priority
    members: tuple[ShortText, ...] | None = None
    mode: Literal["manual", "lacp-static"] | None = None  # None: manual (the default)
    max_active_links: int | None = Field(None, ge=1, le=64)  # bound unverified per model
    lacp_priority: int | None = Field(None, ge=0, le=65535)
    stp: InterfaceStp | None = None

    @model_validator(mode="after")
    def _one_mode(self) -> Interface:
        if self.profile is not None:
            return self  # checked once merged with its profile (derive/resolve)
        fields = (("access_vlan", self.access_vlan), ("trunk_vlans", self.trunk_vlans),
                  ("ip", self.ip if self.ip is not None else self.ip_from))
        modes = [m for m, v in fields if v is not None]
        if len(modes) > 1:
            raise ValueError(f"a port is access, trunk or routed, not several: "
                             f"remove one of {', '.join(modes)}")
        if self.pvid is not None and self.trunk_vlans is None:
            raise ValueError("pvid applies to trunks only: add trunk_vlans or remove pvid")
        # `ospf` without `ip`: the address may come from a link (checked in derive/links.py)
        return self


class Loopback(StrictModel):
    """LoopBack0: the router's stable address, BGP source for `via: loopback` sessions."""

    ip: IPv4Interface
    ospf: InterfaceOspf | None = None


class LoopbackSpec(StrictModel):
    """LoopBack0 as written: `ip`, or a slot of a `loopback` pool (`pool`, `index`); an `ip`
    wins over the pool and must lie in it. Resolved into a Loopback (derive/addressing.py)."""

    ip: IPv4Interface | None = None
    pool: Name | None = None
    index: int | None = Field(None, ge=0)
    ospf: InterfaceOspf | None = None


class Ospf(StrictModel):
    process: int = Field(1, ge=1, le=65535)  # REFERENCE §4.8
    router_id: IPv4Address | None = None
    # host: one /32 `network A 0.0.0.0` per interface address (as the seed typed it);
    # subnet: `network <subnet> <wildcard>` per interface.
    network_style: Literal["host", "subnet"] = "host"
    import_routes: tuple[OspfImport, ...] = ()  # `import-route … [route-policy P]` (§4.8)


class StaticRoute(StrictModel):
    """`ip route-static` (REFERENCE §4.7); checked in derive/static_routes.py."""

    prefix: IPv4Network  # 0.0.0.0/0 is the default route
    next_hop: IPv4Address | None = None
    interface: ShortText | None = None  # canonical per platform in derive
    vpn_instance: PolicyName | None = None
    preference: int | None = Field(None, ge=1, le=255)  # §4.7: default 60, not displayed
    tag: int | None = Field(None, ge=1, le=4294967295)
    description: Description | None = None

    @model_validator(mode="after")
    def _hop(self) -> StaticRoute:
        if self.next_hop is None and self.interface is None:
            raise ValueError("a static route needs a next_hop, an interface or both")
        return self


class Stp(StrictModel):
    """Spanning tree of a switch (vrp/families/stp.py): mode, its role in instance 0."""

    mode: Literal["stp", "rstp", "mstp"] | None = None  # None: the device default (MSTP)
    root: Literal["primary", "secondary"] | None = None
    # IEEE 802.1D-2004: bridge priorities go in steps of 4096
    priority: int | None = Field(None, ge=0, le=61440, multiple_of=4096)
    bpdu_protection: bool = False

    @model_validator(mode="after")
    def _root_or_priority(self) -> Stp:
        if self.root is not None and self.priority is not None:
            raise ValueError("a root bridge's priority cannot be set: give root or priority, "
                             "not both")
        return self


class VrrpTrack(StrictModel):
    interface: ShortText  # an uplink of the member, canonical per platform in derive
    reduced: int | None = Field(None, ge=1, le=255)


class VrrpMember(StrictModel):
    priority: int | None = Field(None, ge=1, le=254)  # None: the default 100, not displayed
    track: VrrpTrack | None = None
    interface: ShortText | None = None  # when this member's interface has another name


class VrrpGroup(StrictModel):
    """A VRRP group declared once; each member device gets its lines (derive/vrrp.py)."""

    vrid: int = Field(ge=1, le=255)
    interface: ShortText  # the Vlanif or routed interface on every member
    virtual_ip: IPv4Address
    preempt_delay: int | None = Field(None, ge=0, le=3600)  # seconds; range unverified
    members: dict[Name, VrrpMember]


class BgpPeer(PeerPolicy):
    """A peer outside the inventory's sessions, configured on this device only (an ISP)."""

    remote_as: Asn = Field(alias="as")
    description: Description | None = None
    connect_interface: ShortText | None = None  # checked per platform in derive/checks
    ebgp_max_hop: int | None = Field(None, ge=1, le=255)
    reflect_client: bool = False
    password: Secret | None = None  # `peer X password cipher ${ENV}`, filled at push
    bfd: bool = False  # `peer X bfd enable` and the global `bfd` (§4.9)


class Bgp(StrictModel):
    local_as: Asn = Field(alias="as")
    router_id: IPv4Address | None = None
    peers: dict[ShortText, BgpPeer] = {}  # keyed by address, checked in derive/checks
    networks: tuple[BgpNetwork, ...] = ()  # `network A M [route-policy P]` (§4.9)
    import_routes: tuple[BgpImport, ...] = ()  # `import-route … [route-policy P]` (§4.9)
    groups: dict[Word, PeerGroup] = {}  # peer groups: shared options (§4.9)

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class DeviceSettings(StrictModel):
    """Everything a device or a group may set; a device's own value wins over its groups'."""

    role: Role | None = None
    platform: Platform | None = None
    model: ModelName | None = None  # s5700, ce6800, ne40e...: implies platform (vrp/models.py)
    mgmt: Mgmt | None = None
    vlans: VlanList | None = None
    loopback: LoopbackSpec | None = None
    interfaces: dict[ShortText, Interface] = {}  # canonical per platform in derive/resolve
    port_profiles: dict[Name, Interface] = {}  # named port settings, `profile: NAME` on a port
    ospf: Ospf | None = None
    bgp: Bgp | None = None
    owns: tuple[Owned, ...] | None = None  # replaces the groups' / defaults' list when set
    # issue 12: LACP system priority (`lacp priority N`), spanning tree, static routes
    lacp_priority: int | None = Field(None, ge=0, le=65535)
    stp: Stp | None = None
    static_routes: tuple[StaticRoute, ...] | None = None
    # routing policy objects, referenced by name (REFERENCE §4.10, §4.11)
    prefix_lists: dict[PolicyName, tuple[PrefixEntry, ...]] = {}
    route_policies: dict[PolicyName, tuple[RoutePolicyNode, ...]] = {}
    # filters a route-policy node matches by name (vrp/families/policy.py)
    community_filters: dict[FilterName, tuple[CommunityFilterEntry, ...]] = {}
    as_path_filters: dict[FilterName, tuple[AsPathFilterEntry, ...]] = {}
    management: Management | None = None  # users, SSH, NTP, syslog, SNMP, banner, AAA
    # free variables for templates (dev.vars.NAME); merged key by key, the device's win
    vars: dict[VarName, VarValue] = {}


class Device(DeviceSettings):
    groups: tuple[Name, ...] = ()
    sysname: Hostname | None = None  # defaults to the device's key in `devices`


class Vlan(StrictModel):
    name: VlanName | None = None
    description: VlanDescription | None = None


class Session(StrictModel):
    """A BGP session declared once; both ends are derived from it."""

    between: tuple[NodeName, NodeName]  # devices or k8s nodes
    via: Literal["loopback", "interface"] = "interface"
    # The end that reflects routes to the other (iBGP only). Default: a router reflects to a
    # k8s node in its own AS; between two devices, no reflection unless named.
    reflector: NodeName | None = None
    ebgp_max_hop: int = Field(2, ge=1, le=255)
    description: Description | None = None
    password: Secret | None = None  # both ends: `peer X password cipher ${ENV}`
    bfd: bool = False  # both ends: `peer X bfd enable`; refused toward k8s nodes
    # per device end: the options that end sets on its peer (policies, route-limit, …)
    options: dict[Name, PeerPolicy] = {}


class BgpSection(StrictModel):
    sessions: tuple[Session, ...] = ()


class K8sNode(StrictModel):
    address: IPv4Address
    remote_as: Asn = Field(alias="as")
    peers: tuple[Name, ...] = ()  # routers this node peers with (sugar for bgp.sessions)
    # Calico BGPPeer options of this node's sessions (../shared/calico/README.md §2.2).
    source_address: Literal["UseNodeIP", "None"] | None = None
    keep_original_next_hop: bool | None = None
    bfd: bool = False  # refused by k8s_checks: Calico OSS cannot run BFD
    # `peer <node> next-hop-local` on its routers; None: k8s.calico.next_hop_local (auto).
    next_hop_local: NextHopLocal | None = None
    # BGPPeer numAllowedLocalASNumbers (BIRD `allow local as N`, calico README §2.2): accept
    # routes carrying the node's own AS, when nodes of one AS peer over eBGP with one router
    allowed_local_as: int | None = Field(None, ge=1, le=10)

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class K8s(StrictModel):
    nodes: dict[NodeName, K8sNode] = {}
    calico: Calico | None = None  # absent: no Calico output and no router filters


class Defaults(StrictModel):
    platform: Platform = "vrp5"
    model: ModelName | None = None  # implies the platform; a device's own platform may not differ
    port_profiles: dict[Name, Interface] = {}  # groups' and devices' profiles of a name win
    ospf: Ospf | None = None
    owns: tuple[Owned, ...] = ()  # default: vrpgen owns only what it renders


class Pool(StrictModel):
    """A named prefix cut into equal slots (derive/addressing.py, docs/inventory.md "pools")."""

    prefix: IPv4Network
    kind: Literal["loopback", "p2p", "lan"]
    # each slot's prefix length: loopback 32; p2p 30 (default: the corpus's links are /30) or
    # 31 (RFC 3021: REFERENCE shows no /31, so it is the user's choice); lan required, ≤ 30
    length: int | None = Field(None, ge=1, le=32)

    @model_validator(mode="after")
    def _length(self) -> Pool:
        allowed = {"loopback": (32,), "p2p": (30, 31), "lan": tuple(range(1, 31))}[self.kind]
        if self.length is None and self.kind == "lan":
            raise ValueError("a lan pool needs length: the prefix length of each segment, "
                             "e.g. length: 24")
        if self.length is not None and self.length not in allowed:
            raise ValueError(f"a {self.kind} pool's length is "
                             + {"loopback": "32", "p2p": "30 or 31",
                                "lan": "at most 30"}[self.kind])
        if self.slot_length < self.prefix.prefixlen:
            raise ValueError(f"slots of /{self.slot_length} do not fit in {self.prefix}")
        return self

    @property
    def slot_length(self) -> int:
        if self.length is not None:
            return int(self.length)
        return 30 if self.kind == "p2p" else 32

    @property
    def size(self) -> int:
        return 1 << (self.slot_length - int(self.prefix.prefixlen))


class Link(StrictModel):
    """A link declared once (derive/links.py): both ends get their address, a description
    naming the far end, and the link's OSPF settings."""

    # `DEVICE:INTERFACE` or a k8s node name; a range (`leaf[01-08]:GE1/0/49`) makes a pattern
    between: tuple[ShortText, ShortText]
    subnet: IPv4Network | None = None
    ip: tuple[IPv4Interface, IPv4Interface] | None = None  # per end, in `between` order
    pool: Name | None = None  # a p2p pool
    index: int | None = Field(None, ge=0)  # the pool slot (a pattern: its first element's)
    ospf: InterfaceOspf | None = None

    @model_validator(mode="after")
    def _addressed(self) -> Link:
        if self.subnet is None and self.ip is None and self.pool is None:
            raise ValueError("a link needs its addresses: subnet, ip (one per end) or pool")
        if self.index is not None and self.pool is None:
            raise ValueError("index is a pool slot: add pool, or remove index")
        return self


class Settings(StrictModel):
    """How vrpgen runs for this inventory (not what devices carry)."""

    # the audit trail of backup, diff --live and push, relative to the inventory's folder;
    # `--audit FILE` replaces it
    audit_log: RelativePath | None = None


class Inventory(StrictModel):
    defaults: Defaults = Defaults()
    settings: Settings = Settings()
    groups: dict[Name, DeviceSettings] = {}
    vlans: dict[VlanId, Vlan] = {}
    devices: dict[Name, Device]  # a name is a file name and the default sysname
    bgp: BgpSection = BgpSection()
    k8s: K8s = K8s()
    vrrp: dict[Name, VrrpGroup] = {}  # issue 12: groups keyed by a name of the user's
    pools: dict[Name, Pool] = {}  # issue 14: address pools (derive/addressing.py)
    links: tuple[Link, ...] = ()  # issue 14: links declared once (derive/links.py)

    @property
    def node_names(self) -> frozenset[str]:
        return frozenset(self.k8s.nodes)


__all__ = ["Device", "Interface", "Inventory", "PolicyName"]
