"""Cross-device consistency: what no single field can know. Returns issues, never raises."""

from __future__ import annotations

from collections.abc import Callable

import netaddr

from vrpgen.derive.k8s_checks import check_k8s
from vrpgen.derive.policy_checks import check_policies
from vrpgen.derive.resolve import ResolvedDevice, ResolvedInterface, Settings
from vrpgen.derive.sessions import ResolvedSession
from vrpgen.derive.static_routes import check_static_routes
from vrpgen.derive.trunks import check_trunks
from vrpgen.derive.vrrp import check_vrrp
from vrpgen.errors import Issue, Severity
from vrpgen.inventory.model import BgpPeer, Inventory
from vrpgen.inventory.source import LineIndex, dotted
from vrpgen.vrp.ifname import IfNameError, parse_ifname

Path_ = tuple[str | int, ...]
Emit = Callable[[Path_, str, "str | None", Severity], None]


def check(inventory: Inventory, devices: dict[str, ResolvedDevice],
          sessions: list[ResolvedSession], index: LineIndex) -> list[Issue]:
    issues: list[Issue] = []

    def emit(path: Path_, message: str, hint: str | None = None,
             severity: Severity = Severity.ERROR) -> None:
        issues.append(Issue(dotted(path), message, hint, index.lookup(path), severity))

    _case_twins(inventory, emit)
    _duplicate_addresses(inventory, devices, emit)
    _duplicate_router_ids(devices, emit)
    addresses: _AddressBook | None = None  # built for the first device with explicit peers
    for device in devices.values():
        _vlans(device, emit)
        _ospf(device, emit)
        if device.bgp is not None and device.bgp.peers:
            addresses = addresses if addresses is not None else _AddressBook(devices)
            _explicit_peers(device, addresses, emit)
        check_trunks(device, emit)  # issue 12
        check_static_routes(device, emit)
    check_vrrp(inventory, devices, emit)
    _loopbacks_in_ospf(devices, sessions, emit)
    _unused(inventory, devices, sessions, emit)
    check_k8s(inventory, devices, sessions, emit)
    check_policies(inventory, devices, sessions, emit)
    return issues


def _case_twins(inventory: Inventory, emit: Emit) -> None:
    """R1 and r1 are two sysnames but one file on case-insensitive file systems (macOS,
    Windows): render would write DIR/r1.cfg over DIR/R1.cfg, and backup or sim --load would read
    the wrong device's config. The names are refused rather than the file names mangled."""
    seen: dict[str, str] = {}
    for name in inventory.devices:
        other = seen.setdefault(name.lower(), name)
        if other != name:
            emit(("devices", name), f"device {name} differs from device {other} only in case: "
                 f"{name}.cfg and {other}.cfg are one file on case-insensitive file systems",
                 "rename one of them (sysname: can still set any spelling)", Severity.ERROR)


def _duplicate_addresses(inventory: Inventory, devices: dict[str, ResolvedDevice],
                         emit: Emit) -> None:
    # IPv4 address as an integer -> where it was first given (named only on a conflict)
    owners: dict[int, Path_] = {}

    def claim(address: int, path: Path_) -> None:
        if address in owners:
            emit(path, f"address {netaddr.IPAddress(address, 4)} is already used by "
                 f"{dotted(owners[address])}", "every interface, loopback and node needs its "
                 "own address", Severity.ERROR)
        else:
            owners[address] = path

    for device in devices.values():
        if device.loopback is not None:
            claim(device.loopback.ip.value, device.path("loopback", "ip"))
        for item in device.interfaces:
            if item.spec.ip is not None:
                claim(item.spec.ip.value, device.path("interfaces", item.key, "ip"))
    for name, node in inventory.k8s.nodes.items():
        claim(int(node.address), ("k8s", "nodes", name, "address"))


def _duplicate_router_ids(devices: dict[str, ResolvedDevice], emit: Emit) -> None:
    for proto in ("bgp", "ospf"):
        seen: dict[str, str] = {}
        for device in devices.values():
            spec = getattr(device, proto)
            if spec is None:
                continue
            explicit = spec.router_id is not None
            rid = spec.router_id or (device.loopback.ip.ip if device.loopback else None)
            if rid is None:
                continue
            path = device.path(proto, "router_id") if explicit else device.path("loopback")
            if str(rid) in seen:
                emit(path, f"{proto.upper()} router-id {rid} is also {seen[str(rid)]}'s",
                     "router-ids must be unique in the routing domain", Severity.ERROR)
            else:
                seen[str(rid)] = device.name


def _vlans(device: ResolvedDevice, emit: Emit) -> None:
    created = set(device.vlans) | {1}  # VLAN 1 always exists (REFERENCE §4.2)
    if device.vlans and device.model is not None and not device.family.vlans:
        emit(device.path("vlans"), f"VLANs on an {device.family.model}: REFERENCE knows "
             "`vlan batch` and Vlanif on switches and NE only (§4.3)", "check that the model has a "
             "switching card, or remove vlans", Severity.WARNING)
    clear: set[int] = set()  # settings objects (shared among ports) with nothing to report
    for item in device.interfaces:
        if id(item.spec) not in clear and not _vlan_port(device, item, created, emit):
            clear.add(id(item.spec))


def _vlan_port(device: ResolvedDevice, item: ResolvedInterface, created: set[int],
               emit: Emit) -> bool:
    """One port's VLAN checks; whether it reported anything (when not, no port with the same
    settings on this device can: the checks read only the settings and the device)."""
    spec = item.spec
    reported = False
    used = _used_vlans(spec)
    missing = sorted(used - created) if used else []
    if missing:
        field = "access_vlan" if spec.access_vlan is not None else "trunk_vlans"
        shown = ranges(missing)  # one message, however many VLANs (`2-4094`)
        many = len(missing) > 1
        emit(device.path("interfaces", item.key, field),
             f"uses VLAN{'s' if many else ''} {shown} which {device.name} does not create",
             f"add {'them' if many else shown} to devices.{device.name}.vlans (a range "
             "such as 2-4094 is accepted)", Severity.ERROR)
        reported = True
    if spec.pvid is not None and spec.trunk_vlans is not None and \
            spec.pvid not in spec.trunk_vlans:
        emit(device.path("interfaces", item.key, "pvid"),
             f"pvid {spec.pvid} is not in the trunk's allowed VLANs: untagged frames "
             "would be dropped", f"add {spec.pvid} to trunk_vlans", Severity.WARNING)
        reported = True
    if device.family.name == "AR" and \
            (spec.access_vlan is not None or spec.trunk_vlans is not None):
        emit(device.path("interfaces", item.key),
             "a switched port on a VRP5 router: only AR models with a switching card "
             "accept it", "check the model, or route the port (ip)", Severity.WARNING)
        reported = True
    if spec.shutdown and spec.ip is not None and spec.ospf is not None:
        emit(device.path("interfaces", item.key, "shutdown"),
             "is shut down but addressed and in OSPF", "remove shutdown if the port "
             "should carry traffic", Severity.WARNING)
        reported = True
    return reported


_NONE: frozenset[int] = frozenset()


def _used_vlans(spec: Settings) -> frozenset[int]:
    """The VLANs a port carries (trunk, access, pvid)."""
    if spec.trunk_vlans is None and spec.access_vlan is None and spec.pvid is None:
        return _NONE  # a routed or empty port: most ports of a fabric (issue 14)
    return frozenset(spec.trunk_vlans or ()) | {v for v in (spec.access_vlan, spec.pvid) if v}


def ranges(numbers: list[int]) -> str:
    """`[2, 3, 4, 7]` -> `2-4, 7`: sorted numbers as ranges, for messages."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def _ospf(device: ResolvedDevice, emit: Emit) -> None:
    if device.ospf is None:  # the first interface (then the loopback) in an OSPF area
        in_ospf = next((device.path("interfaces", i.key, "ospf") for i in device.interfaces
                        if i.spec.ospf is not None), None)
        if in_ospf is None and device.loopback is not None and device.loopback.ospf is not None:
            in_ospf = device.path("loopback", "ospf")
        if in_ospf is not None:
            emit(in_ospf, f"interface in an OSPF area, but {device.name} has no ospf section",
                 "add ospf: {router_id: ...} to the device or one of its groups",
                 Severity.ERROR)
    if device.ospf is not None and device.ospf.router_id is None and device.loopback is None:
        emit(device.path("ospf"), "no router-id and no loopback: the device will pick one "
             "and may change it on reboot", "set ospf.router_id", Severity.WARNING)


class _AddressBook:
    """Which device owns each loopback and interface address; built once per check run."""

    def __init__(self, devices: dict[str, ResolvedDevice]) -> None:
        self.loopbacks = {d.loopback.ip.ip: d for d in devices.values() if d.loopback}
        self.owners = dict(self.loopbacks)
        for owner in devices.values():
            for item in owner.interfaces:
                if item.spec.ip is not None:
                    self.owners[item.spec.ip.ip] = owner


def _explicit_peers(device: ResolvedDevice, book: _AddressBook, emit: Emit) -> None:
    if device.bgp is None:
        return
    loopbacks, by_address = book.loopbacks, book.owners
    for address, peer in device.bgp.peers.items():
        path = device.path("bgp", "peers", address)
        try:
            ip = netaddr.IPAddress(address, version=4, flags=netaddr.INET_PTON)
        except (netaddr.AddrFormatError, ValueError):
            emit(path, f"{address!r} is not an IPv4 peer address", None, Severity.ERROR)
            continue
        if peer.connect_interface is not None:
            try:
                source = parse_ifname(peer.connect_interface, device.platform,
                                      device.family.name, device.model)
            except IfNameError as exc:
                emit((*path, "connect_interface"), str(exc), None, Severity.ERROR)
            else:
                if not source.addressable:
                    emit((*path, "connect_interface"), f"{source} has no address: a BGP "
                         "session cannot use it as its source", "name an interface with an "
                         "address, e.g. LoopBack0", Severity.ERROR)
        other = by_address.get(ip)
        remote_as = other.bgp.local_as if other is not None and other.bgp is not None else None
        if remote_as is not None and remote_as != peer.remote_as:
            emit((*path, "as"), f"{address} is {other.name if other else ''}, whose AS is "
                 f"{remote_as}, not {peer.remote_as}", f"set as: {remote_as}", Severity.ERROR)
            continue
        ebgp = peer.remote_as != device.bgp.local_as
        if peer.reflect_client and ebgp:
            emit((*path, "reflect_client"), "route-reflector client over eBGP",
                 "reflection only exists within one AS", Severity.ERROR)
        if ebgp and remote_as is not None and ip in loopbacks and not _multihop_ready(peer):
            emit(path, f"eBGP to {loopbacks[ip].name}'s loopback without ebgp-max-hop >= 2 "
                 "and connect_interface: the session never comes up (TTL 1, wrong source)",
                 "add ebgp_max_hop: 2 and connect_interface: LoopBack0, or declare the "
                 "session once under bgp.sessions with via: loopback", Severity.ERROR)


def _multihop_ready(peer: BgpPeer) -> bool:
    return (peer.ebgp_max_hop is not None and peer.ebgp_max_hop >= 2
            and peer.connect_interface is not None)


def _loopbacks_in_ospf(devices: dict[str, ResolvedDevice], sessions: list[ResolvedSession],
                       emit: Emit) -> None:
    for session in sessions:
        if session.via != "loopback":
            continue
        for local, _ in session.ends():
            device = devices[local.name]
            if device.loopback is not None and device.loopback.ospf is None:
                emit(device.path("loopback"), f"LoopBack0 is the BGP source towards "
                     f"{_other(session, local.name)} but is not advertised in OSPF: the peer "
                     "cannot reach it", "add ospf: {area: 0} to the loopback", Severity.ERROR)


def _other(session: ResolvedSession, name: str) -> str:
    return session.b.name if session.a.name == name else session.a.name


def _unused(inventory: Inventory, devices: dict[str, ResolvedDevice],
            sessions: list[ResolvedSession], emit: Emit) -> None:
    peered = {end.name for s in sessions for end in (s.a, s.b)}
    created = {v for d in devices.values() for v in d.vlans}
    for device in devices.values():
        used: set[int] = set()
        carried: set[int] = set()  # settings objects already counted (shared among ports)
        for item in device.interfaces:
            if id(item.spec) not in carried:
                carried.add(id(item.spec))
                used |= _used_vlans(item.spec)
        unused = set(device.vlans) - used
        vlanifs = {str(i.name) for i in device.interfaces} if unused else set()
        idle = [v for v in sorted(unused) if f"Vlanif{v}" not in vlanifs]
        if idle:  # one warning, however many VLANs
            many = len(idle) > 1
            emit(device.path("vlans"), f"VLAN{'s' if many else ''} {ranges(idle)} "
                 f"{'are' if many else 'is'} created but no port carries "
                 f"{'them' if many else 'it'}", "remove it, or add it to a port",
                 Severity.WARNING)
        if device.bgp is not None and device.name not in peered and not device.bgp.peers:
            emit(device.path("bgp"), "BGP is configured but has no peer",
                 "declare a session under bgp.sessions", Severity.WARNING)
    for vlan in inventory.vlans:
        if vlan not in created:
            emit(("vlans", vlan), f"VLAN {vlan} is defined but no device creates it",
                 "add it to a switch's vlans", Severity.WARNING)
