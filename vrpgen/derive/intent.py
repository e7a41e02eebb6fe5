"""Per-device intent: the contract between derive and the templates.

Built only by vrpgen code (frozen dataclasses); total, so templates need no `is defined`:
absent features are empty tuples or None, never missing attributes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class VlanIntent:
    id: int
    name: str | None
    description: str | None


@dataclass(frozen=True, slots=True)
class VrrpIntent:
    """One VRRP group on one member's interface (vrp/families/vrrp.py, derive/vrrp.py)."""

    vrid: int
    virtual_ip: str
    priority: int | None  # None: the default 100, not displayed (corpus Core_SW1)
    preempt_delay: int | None
    track_interface: str | None
    track_reduced: int | None


@dataclass(frozen=True, slots=True)
class InterfaceIntent:
    name: str
    description: str | None
    # VRP8 physical ports: NE40E ports are down by default, so `undo shutdown` is said (§4.5).
    undo_shutdown: bool
    shutdown: bool
    portswitch: str | None  # "undo portswitch" (routed port of a switch) or "portswitch" (§4.4)
    link_type: str | None  # "access" | "trunk"; always explicit because defaults differ (§4.4)
    default_vlan: int | None
    pvid: int | None
    undo_vlan1: bool  # trunk whose allowed set excludes VLAN 1 (§4.4)
    trunk_vlans: tuple[int, ...]  # allowed VLANs other than the implicit VLAN 1
    ip: str | None  # "10.0.0.253/24"; the template prints it dotted through a filter
    ospf_cost: int | None
    # issue 12 (derive/trunks.py, derive/vrrp.py): Eth-Trunk mode and active-link limit (the
    # command form per platform, vrp/models.py), membership and LACP port priority,
    # spanning-tree port settings, VRRP groups
    lacp_static: bool = False
    max_active_links: int | None = None
    max_active_command: str | None = None  # "lacp max active-linknumber" | "max active-linknumber"
    eth_trunk: int | None = None  # member of Eth-Trunk N
    lacp_priority: int | None = None
    stp_edged_port: bool = False
    stp_loop_protection: bool = False
    stp_root_protection: bool = False
    vrrp: tuple[VrrpIntent, ...] = ()


@dataclass(frozen=True, slots=True)
class OspfAreaIntent:
    area: str  # dotted, as displayed (§4.8)
    networks: tuple[str, ...]  # "1.1.1.1/32" or "10.0.0.0/24"; the filter prints A WILDCARD


@dataclass(frozen=True, slots=True)
class OspfIntent:
    process: int
    router_id: str | None
    silent_interfaces: tuple[str, ...]
    areas: tuple[OspfAreaIntent, ...]
    import_routes: tuple[ImportRouteIntent, ...] = ()


@dataclass(frozen=True, slots=True)
class BgpPeerIntent:
    address: str
    remote_as: int
    description: str | None
    connect_interface: str | None
    ebgp_max_hop: int | None
    reflect_client: bool
    # who/what this peer is, for `vrpgen show` and the Calico side: "device R2", "k8s node n1"
    peer_of: str
    # `peer X route-policy NAME import` (routes learned from a k8s node, docs/calico.md)
    import_policy: str | None = None
    # `peer X route-policy NAME export` (routes sent to a k8s node, docs/calico.md)
    export_policy: str | None = None
    # `peer X next-hop-local`: towards an iBGP k8s node that could not reach the next hop of
    # eBGP-learned routes (calico README §6.1, §6.3)
    next_hop_local: bool = False
    # what follows `peer X password cipher`: a `${ENV}` placeholder that the pusher fills in
    # from the environment, never the secret itself (docs/calico.md)
    password: str | None = None
    bfd: bool = False  # `peer X bfd enable` (§4.9)
    route_limit: int | None = None  # `peer X route-limit N`
    allowas_in: int | None = None  # `peer X allow-as-loop N`
    group: str | None = None  # `peer X group G` (§4.9)


@dataclass(frozen=True, slots=True)
class BgpGroupIntent:
    """`group G internal|external` and the options set on `peer G …` (§4.9)."""

    name: str
    type: str
    password: str | None  # a `${ENV}` placeholder
    reflect_client: bool
    next_hop_local: bool
    import_policy: str | None
    export_policy: str | None
    route_limit: int | None
    allowas_in: int | None
    members: tuple[BgpPeerIntent, ...]


@dataclass(frozen=True, slots=True)
class BgpNetworkIntent:
    prefix: str  # "192.0.2.0/24"; the template prints it with a dotted mask (§4.9)
    policy: str | None


@dataclass(frozen=True, slots=True)
class ImportRouteIntent:
    protocol: str  # "direct", "static", "ospf 1" (BGP, §4.9) or "bgp" (OSPF, §4.8)
    policy: str | None


@dataclass(frozen=True, slots=True)
class BgpIntent:
    local_as: int
    router_id: str | None
    # Shown by VRP5 and CloudEngine, hidden by NE40E where it cannot be changed (§4.9).
    undo_synchronization: bool
    peers: tuple[BgpPeerIntent, ...]
    networks: tuple[BgpNetworkIntent, ...] = ()
    import_routes: tuple[ImportRouteIntent, ...] = ()
    # displayed after the ungrouped peers, each followed by its members (§4.9); `peers` holds
    # the ungrouped ones only
    groups: tuple[BgpGroupIntent, ...] = ()
    # VRP8 shows `peer X group G` again inside ipv4-family unicast (§4.9)
    group_in_family: bool = False


@dataclass(frozen=True, slots=True)
class PrefixEntryIntent:
    """`ip ip-prefix NAME index N permit ADDR LEN greater-equal GE less-equal LE` (§4.10)."""

    index: int
    action: str  # "permit" | "deny"
    address: str
    length: int
    greater_equal: int | None
    less_equal: int | None


@dataclass(frozen=True, slots=True)
class PrefixListIntent:
    name: str
    entries: tuple[PrefixEntryIntent, ...]


@dataclass(frozen=True, slots=True)
class RoutePolicyNodeIntent:
    """One `route-policy NAME permit node N` block with its `if-match ip-prefix` lines (§4.11)."""

    name: str
    action: str  # "permit" | "deny"
    node: int
    match_prefix_lists: tuple[str, ...]
    # apply clauses (§4.11), as their values are typed; None when absent
    local_preference: int | None = None
    cost: int | None = None  # the MED of BGP routes
    community: str | None = None  # "65000:10 no-export additive"
    as_path: str | None = None  # "65000 65000 additive" (prepend)
    # `if-match community-filter NAME`, `if-match as-path-filter NAME` (vrp/families/policy.py)
    match_community_filters: tuple[str, ...] = ()
    match_as_path_filters: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FilterEntryIntent:
    action: str  # "permit" | "deny"
    value: str  # the communities ("65000:1 no-export") or the AS-path regular expression


@dataclass(frozen=True, slots=True)
class FilterIntent:
    """`ip community-filter basic NAME …` or `ip as-path-filter NAME …` entries, in order."""

    name: str
    entries: tuple[FilterEntryIntent, ...]


@dataclass(frozen=True, slots=True)
class LocalUserIntent:
    name: str
    # what follows `password`: `irreversible-cipher ${ENV}` (filled at push) or
    # `irreversible-cipher <the device's hash>`; never a clear password
    password: str
    privilege: int | None
    services: str | None  # "ssh terminal"


@dataclass(frozen=True, slots=True)
class AuthSchemeIntent:
    name: str
    methods: str  # "local radius": `authentication-mode local radius`


@dataclass(frozen=True, slots=True)
class DomainIntent:
    name: str
    scheme: str | None  # ` authentication-scheme S`


@dataclass(frozen=True, slots=True)
class SnmpGroupIntent:
    name: str
    level: str  # "authentication" | "privacy"
    views: str | None  # "write-view W notify-view N read-view R" (the display's order)


@dataclass(frozen=True, slots=True)
class SnmpUserIntent:
    name: str
    group: str
    # `ALGORITHM ${ENV}`: the key is a placeholder filled at push, never a value
    authentication: str
    privacy: str | None


@dataclass(frozen=True, slots=True)
class TrapHostIntent:
    address: str
    user: str
    level: str  # the user's group's level


@dataclass(frozen=True, slots=True)
class SnmpIntent:
    groups: tuple[SnmpGroupIntent, ...]
    users: tuple[SnmpUserIntent, ...]
    trap_hosts: tuple[TrapHostIntent, ...]


@dataclass(frozen=True, slots=True)
class ManagementIntent:
    users: tuple[LocalUserIntent, ...]
    ssh: bool  # stelnet server enable + user-interface vty 0 4 (aaa, inbound ssh)
    ntp_servers: tuple[str, ...]
    syslog_hosts: tuple[str, ...]
    timezone: str | None  # "UTC add 00:00:00"
    auth_schemes: tuple[AuthSchemeIntent, ...] = ()
    domains: tuple[DomainIntent, ...] = ()
    snmp: SnmpIntent | None = None
    banner: str | None = None  # typed between double quotes


@dataclass(frozen=True, slots=True)
class StpIntent:
    """Global spanning-tree lines (vrp/families/stp.py); instance 0 is the CIST."""

    mode: str | None  # None: MSTP, the default, not displayed
    root: str | None  # "primary" | "secondary"
    priority: int | None
    bpdu_protection: bool
    enable: bool  # `stp enable` shown (NE40E, vrp/models.py)


@dataclass(frozen=True, slots=True)
class StaticRouteIntent:
    """`ip route-static [vpn-instance V] DEST MASK {NH | IF [NH]} [preference] [tag]
    [description]` (REFERENCE §4.7)."""

    vpn_instance: str | None
    destination: str
    mask: str  # dotted, as displayed (§4.7)
    interface: str | None
    next_hop: str | None
    preference: int | None  # None also for 60, the default (not displayed)
    tag: int | None
    description: str | None


@dataclass(frozen=True, slots=True)
class DeviceIntent:
    name: str
    sysname: str
    role: str
    platform: str
    # the `model` set in the inventory (vrp/models.py), for lint and the simulator; None: the
    # platform's generic rules there (derive still follows the family platform and role imply)
    model: str | None
    # AR routers (VRP5) print global one-liners such as sysname indented by one space (§3.2).
    indent_globals: bool
    vlans: tuple[int, ...]
    vlan_blocks: tuple[VlanIntent, ...]
    interfaces: tuple[InterfaceIntent, ...]
    ospf: OspfIntent | None
    bgp: BgpIntent | None
    route_policies: tuple[RoutePolicyNodeIntent, ...] = ()  # in display order
    prefix_lists: tuple[PrefixListIntent, ...] = ()
    community_filters: tuple[FilterIntent, ...] = ()
    as_path_filters: tuple[FilterIntent, ...] = ()
    # families vrpgen owns beyond what it renders (inventory `owns:`): not rendered, they
    # widen the plan's managed scope (vrp/scope.py)
    owns: tuple[str, ...] = ()
    # issue 12: LACP system priority, spanning tree, static routes
    lacp_priority: int | None = None
    stp: StpIntent | None = None
    static_routes: tuple[StaticRouteIntent, ...] = ()
    bfd: bool = False  # the global `bfd` section, when a peer enables BFD (§4.9)
    management: ManagementIntent | None = None
    # the inventory's free variables (`vars:`), for user templates: dev.vars.NAME
    vars: dict[str, object] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
