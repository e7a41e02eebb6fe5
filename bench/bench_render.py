"""Render benchmark: whole processes, vrpgen vs the plain-Jinja2 floor vs Nornir, side by side.

Usage:
    .venv/bin/python -m pip install --target /tmp/bench-libs nornir nornir_jinja2 nornir_utils
    .venv/bin/python bench/bench_render.py [--sizes 500,2000,10000] [--runs 3]
        [--forms compact,expanded] [--nodes-per-rack 4] [--libs /tmp/bench-libs] [--timeout 1800]
        [--keep DIR]

For each size (devices) and inventory form a generated spine-leaf fabric is written as YAML
(`FORMS`: one generator per form; `expanded` writes every port out; `compact` describes the
same devices, ports, addresses and sessions in a page: name patterns, groups with port ranges
and profiles, links and pools; only descriptions differ, one per port range):

* pods of 2 CE spines (vrp8) and up to 40 CE leaves; every leaf has 48 ports: 2 routed /31
  uplinks to its pod's spines (OSPF area 0, cost 10), 38 server access ports in VLAN 100,
  6 trunk ports (VLANs 200-205), 2 shut spares, a Vlanif100 for its rack (a /24 in OSPF,
  silent) and a loopback; spines of neighbouring pods are linked in a ring;
* iBGP in AS 65000 over loopbacks: each leaf a route-reflector client of its pod's two
  spines, the spines of a pod and of neighbouring pods peer with each other;
* a rack of `--nodes-per-rack` k8s nodes behind every leaf, in the rack's own AS, eBGP to
  their leaf (`peers: [leaf]`, allowed_local_as: 1), and a k8s.calico section (IP pool,
  service CIDR, no node-to-node mesh).

Then, once per size in a fresh process, vrpgen builds the contexts the templates receive (its
derived DeviceIntent of every device, as plain data): pickled for the floor, and as Nornir's
hosts.yaml (each host's `data.dev`). The measured runs are interleaved (run 1 of every tool,
then run 2, ...), each a fresh process as a user runs it, start-up and imports included:

    vrpgen   `vrpgen render INVENTORY -o DIR` (load, validate, derive, render, lint the output,
             write every file and the Calico manifests)
    floor    loads the pickled contexts and renders the same templates with plain Jinja2 (no
             sandbox, no validation, same filters), writes every file: rendering alone
    nornir   Nornir 3 (serial runner) loads hosts.yaml through a small inventory plugin with
             PyYAML's C loader (SimpleInventory's ruamel loader is pure Python here), then runs
             nornir_jinja2's template_file with the same templates and filters and
             nornir_utils' write_file for every host; its inventory load and render are timed
             separately inside the process; on the expanded form only (Nornir has no compact
             form; a compact row is compared with the expanded form's Nornir of the same size)

Each tool's wall time (median of --runs) and peak RSS (ru_maxrss of the child, median) are
printed as a markdown table, with vrpgen's cost per device and the ratios. A tool that is not
installed is skipped and said so.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import netaddr
import yaml

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"

# --- the fabric --------------------------------------------------------------------------------

CORE_AS = 65000
RACK_AS = 100000  # rack r's nodes are in AS RACK_AS + r (eBGP to their leaf)
POD_SPINES = 2
POD_LEAVES = 40
PORTS = 48
UPLINKS = 2
SERVER_VLAN = 100
TRUNK_VLANS = range(200, 206)
TRUNK_PORTS = 6
SPARE_PORTS = 2
LINKS, LOOPBACKS, RACKS, MGMT = "10.64.0.0", "10.254.0.0", "10.128.0.0", "198.18.0.0"
PORT = "10GE1/0/{}"


def _at(base: str, offset: int) -> str:
    return str(netaddr.IPAddress(int(netaddr.IPAddress(base, version=4)) + offset, version=4))


def pods(devices: int) -> list[tuple[int, int]]:
    """(first leaf, leaves) of each pod; every pod also has POD_SPINES spines."""
    out, left, leaf = [], devices, 0
    while left > 0:
        leaves = min(POD_LEAVES, max(left - POD_SPINES, 1))
        out.append((leaf, leaves))
        leaf += leaves
        left -= POD_SPINES + leaves
    return out


def expanded(devices: int, nodes_per_rack: int) -> dict[str, dict[str, Any]]:
    """The fabric with every port written out: file name -> YAML data."""
    shape = pods(devices)
    spine_names = [[f"spine{p + 1:04d}{'ab'[s]}" for s in range(POD_SPINES)]
                   for p in range(len(shape))]
    spines: dict[str, Any] = {}
    leaves: dict[str, Any] = {}
    nodes: dict[str, Any] = {}
    sessions: list[dict[str, Any]] = []
    counters = {"link": 0, "device": 0}

    def link(a: dict[str, Any], a_port: str, a_name: str,
             b: dict[str, Any], b_port: str, b_name: str) -> None:
        n = counters["link"]
        counters["link"] += 1
        a["interfaces"][a_port] = {"ip": f"{_at(LINKS, 2 * n)}/31", "ospf": {"area": 0, "cost": 10},
                                   "description": f"to {b_name} {b_port}"}
        b["interfaces"][b_port] = {"ip": f"{_at(LINKS, 2 * n + 1)}/31",
                                   "ospf": {"area": 0, "cost": 10},
                                   "description": f"to {a_name} {a_port}"}

    def device(group: str) -> dict[str, Any]:
        counters["device"] += 1
        n = counters["device"]
        return {"groups": [group], "mgmt": {"host": _at(MGMT, n)},
                "loopback": {"ip": f"{_at(LOOPBACKS, n)}/32", "ospf": {"area": 0}},
                "interfaces": {}, "ospf": {"router_id": _at(LOOPBACKS, n)},
                "bgp": {"as": CORE_AS}}

    for p, (first, count) in enumerate(shape):
        pod = [device("spines") for _ in range(POD_SPINES)]
        spines.update(zip(spine_names[p], pod, strict=True))
        sessions.append({"between": spine_names[p][:2], "via": "loopback"})
        for i in range(count):
            rack = first + i
            name = f"leaf{rack + 1:05d}"
            leaf = device("leaves")
            leaf["vlans"] = [SERVER_VLAN, *TRUNK_VLANS]
            for s in range(POD_SPINES):
                link(leaf, PORT.format(1 + s), name, pod[s], PORT.format(1 + i), spine_names[p][s])
                sessions.append({"between": [spine_names[p][s], name], "via": "loopback",
                                 "reflector": spine_names[p][s]})
            leaf["interfaces"].update(_rack_ports(rack))
            leaves[name] = leaf
            for k in range(nodes_per_rack):
                nodes[f"rack{rack + 1}-node{k + 1}"] = {
                    "address": _at(RACKS, 256 * rack + 10 + k), "as": RACK_AS + rack,
                    "peers": [name], "allowed_local_as": 1}
    if len(shape) > 2:  # a ring of the pods' spines (two pods: one link each)
        for p in range(len(shape)):
            q = (p + 1) % len(shape)
            for s in range(POD_SPINES):
                a, b = spine_names[p][s], spine_names[q][s]
                link(spines[a], PORT.format(PORTS - 1), a, spines[b], PORT.format(PORTS), b)
                sessions.append({"between": [a, b], "via": "loopback"})
    base: dict[str, Any] = {
        "defaults": {"platform": "vrp8", "ospf": {"process": 1, "network_style": "host"}},
        "groups": {"spines": {"role": "switch"}, "leaves": {"role": "switch"}},
        "vlans": {SERVER_VLAN: {"name": "servers"}, **{v: {"name": f"vm-{v}"}
                                                       for v in TRUNK_VLANS}},
        "bgp": {"sessions": sessions},
        "k8s": {"nodes": nodes, "calico": {
            "as": RACK_AS, "allow_ebgp": True, "node_to_node_mesh": False,
            "ip_pools": {"pods": {"cidr": "100.64.0.0/10", "block_size": 26}},
            "service_cluster_ips": ["172.20.0.0/16"]}},
    }
    return {"base.yml": base, "spines.yml": {"devices": spines},
            "leaves.yml": {"devices": leaves}}


def _rack_ports(rack: int) -> dict[str, Any]:
    """A leaf's ports below its uplinks, and its rack's Vlanif."""
    servers = PORTS - UPLINKS - TRUNK_PORTS - SPARE_PORTS
    ports: dict[str, Any] = {}
    for k in range(servers):
        ports[PORT.format(UPLINKS + 1 + k)] = {
            "access_vlan": SERVER_VLAN, "description": f"rack {rack + 1} server {k + 1}"}
    for k in range(TRUNK_PORTS):
        ports[PORT.format(UPLINKS + servers + 1 + k)] = {
            "trunk_vlans": f"{TRUNK_VLANS.start}-{TRUNK_VLANS.stop - 1}",
            "description": f"rack {rack + 1} hypervisor {k + 1}"}
    for k in range(SPARE_PORTS):
        ports[PORT.format(PORTS - SPARE_PORTS + 1 + k)] = {"shutdown": True,
                                                           "description": "spare"}
    ports[f"Vlanif{SERVER_VLAN}"] = {"ip": f"{_at(RACKS, 256 * rack + 1)}/24",
                                     "ospf": {"area": 0, "silent": True},
                                     "description": f"rack {rack + 1} nodes"}
    return ports


def compact(devices: int, nodes_per_rack: int) -> dict[str, dict[str, Any]]:
    """The same fabric in a page of YAML: name patterns, groups, port ranges, links and pools.

    Shapes, addresses and sessions are those of `expanded`; what differs is the text of the
    descriptions (one per port range instead of one per port) and the management addresses
    (none: the render does not use them)."""
    shape = pods(devices)
    count = len(shape)
    servers = PORTS - UPLINKS - TRUNK_PORTS - SPARE_PORTS
    first_trunk = UPLINKS + servers + 1
    spine = "spine{:04d}{}".format
    links: list[dict[str, Any]] = []
    sessions: list[dict[str, Any]] = []
    slot = 0
    for p, (first, leaves) in enumerate(shape):
        names = f"leaf[{first + 1:05d}-{first + leaves:05d}]"
        for s in range(POD_SPINES):
            name = spine(p + 1, "ab"[s])
            links.append({"between": [f"{name}:{PORT.format(f'[1-{leaves}]')}",
                                      f"{names}:{PORT.format(1 + s)}"],
                          "pool": "fabric", "index": slot, "ospf": {"area": 0, "cost": 10}})
            slot += leaves
            sessions.append({"between": [name, names], "via": "loopback", "reflector": name})
        sessions.append({"between": [spine(p + 1, "a"), spine(p + 1, "b")], "via": "loopback"})
    if count > 2:  # the ring of the pods' spines, as in `expanded`
        for p in range(count):
            q = (p + 1) % count
            for s in "ab":
                a, b = spine(p + 1, s), spine(q + 1, s)
                links.append({"between": [f"{a}:{PORT.format(PORTS - 1)}",
                                          f"{b}:{PORT.format(PORTS)}"],
                              "pool": "fabric", "index": slot, "ospf": {"area": 0, "cost": 10}})
                slot += 1
                sessions.append({"between": [a, b], "via": "loopback"})
    total_leaves = sum(leaves for _, leaves in shape)
    device_entries: dict[str, Any] = {
        f"spine[0001-{count:04d}]{s}": {"groups": ["fabric", "spines"],
                                       "loopback": {"index": f"{{n+{k * count}}}"}}
        for k, s in enumerate("ab")}
    device_entries[f"leaf[00001-{total_leaves:05d}]"] = {
        "groups": ["fabric", "leaves"], "loopback": {"index": f"{{n+{2 * count}}}"},
        "interfaces": {f"Vlanif{SERVER_VLAN}": {"ip_from": {"pool": "racks",
                                                             "index": "{n-1}"}}}}
    nodes: dict[str, Any] = {}
    for block in range(0, total_leaves, 256):  # rack r's nodes: 10.(128 + r // 256).(r % 256).x
        high = min(block + 256, total_leaves)
        for k in range(nodes_per_rack):
            nodes[f"rack[{block + 1}-{high}]-node{k + 1}"] = {
                "address": f"10.{128 + block // 256}.{{n-{block + 1}}}.{10 + k}",
                "as": f"{{n+{RACK_AS - 1}}}", "peers": ["leaf{n:05}"], "allowed_local_as": 1}
    fabric: dict[str, Any] = {
        "defaults": {"platform": "vrp8", "ospf": {"process": 1, "network_style": "host"},
                     "port_profiles": {
                         "server": {"access_vlan": SERVER_VLAN, "description": "rack server"},
                         "hypervisor": {"trunk_vlans": f"{TRUNK_VLANS.start}-"
                                                       f"{TRUNK_VLANS.stop - 1}",
                                        "description": "rack hypervisor"}}},
        "pools": {"loopbacks": {"prefix": f"{LOOPBACKS}/16", "kind": "loopback"},
                  "fabric": {"prefix": f"{LINKS}/14", "kind": "p2p", "length": 31},
                  "racks": {"prefix": f"{RACKS}/10", "kind": "lan", "length": 24}},
        "groups": {
            "fabric": {"role": "switch", "bgp": {"as": CORE_AS}, "ospf": {},
                       "loopback": {"pool": "loopbacks", "ospf": {"area": 0}}},
            "spines": {},
            "leaves": {"vlans": [SERVER_VLAN, *TRUNK_VLANS], "interfaces": {
                f"{PORT.format(UPLINKS + 1)}-{servers + UPLINKS}": {"profile": "server"},
                f"{PORT.format(first_trunk)}-{first_trunk + TRUNK_PORTS - 1}":
                    {"profile": "hypervisor"},
                f"{PORT.format(PORTS - SPARE_PORTS + 1)}-{PORTS}":
                    {"shutdown": True, "description": "spare"},
                f"Vlanif{SERVER_VLAN}": {"description": "rack nodes",
                                         "ospf": {"area": 0, "silent": True}}}}},
        "vlans": {SERVER_VLAN: {"name": "servers"}, **{v: {"name": f"vm-{v}"}
                                                       for v in TRUNK_VLANS}},
        "devices": device_entries,
        "links": links,
        "bgp": {"sessions": sessions},
        "k8s": {"nodes": nodes, "calico": {
            "as": RACK_AS, "allow_ebgp": True, "node_to_node_mesh": False,
            "ip_pools": {"pods": {"cidr": "100.64.0.0/10", "block_size": 26}},
            "service_cluster_ips": ["172.20.0.0/16"]}},
    }
    return {"fabric.yml": fabric}


# One generator per inventory form: (devices, nodes per rack) -> {file name: YAML data}.
FORMS: dict[str, Callable[[int, int], dict[str, dict[str, Any]]]] = {"expanded": expanded,
                                                                    "compact": compact}


# --- preparation (a fresh process per size) ----------------------------------------------------


def _plain(value: Any) -> Any:
    """Tuples as lists (YAML and pickle both take the same plain data)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def prepare(folder: Path, form: str, devices: int, nodes_per_rack: int) -> dict[str, Any]:
    """Write the inventory, the floor's pickled contexts and Nornir's inventory."""
    sys.path.insert(0, str(ROOT))
    from vrpgen import pipeline

    inventory = folder / "inventory"
    inventory.mkdir(parents=True, exist_ok=True)
    lines = 0
    data = FORMS[form](devices, nodes_per_rack)
    for name, part in data.items():
        text = yaml.dump(part, Dumper=_DUMPER, sort_keys=False, default_flow_style=None,
                         width=100)
        (inventory / name).write_text(text, encoding="utf-8")
        lines += text.count("\n")
    built = pipeline.build(inventory)
    assert not built.warnings, built.warnings[:3]
    contexts = {name: _plain(asdict(intent)) for name, intent in built.intents.items()}
    with (folder / "contexts.pickle").open("wb") as f:
        pickle.dump(contexts, f, protocol=pickle.HIGHEST_PROTOCOL)
    nornir = folder / "nornir"
    nornir.mkdir(exist_ok=True)
    hosts = {name: {"hostname": name,
                    "platform": "huawei_vrpv8" if ctx["platform"] == "vrp8" else "huawei",
                    "data": {"dev": ctx}} for name, ctx in contexts.items()}
    (nornir / "hosts.yaml").write_text(yaml.dump(hosts, Dumper=_DUMPER, sort_keys=False),
                                       encoding="utf-8")
    return {"devices": len(built.intents), "yaml_lines": lines,
            "yaml_mb": sum(p.stat().st_size for p in inventory.iterdir()) / 1e6,
            "nodes": len(built.inventory.k8s.nodes), "sessions": len(built.sessions)}


_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# --- the measured processes --------------------------------------------------------------------

# The plain-Jinja2 environment both comparison processes render with: vrpgen's filters written
# out with nothing of vrpgen but its VLAN-list chunking (the same templates, no sandbox).
_FILTERS = r"""
def vlan_lines(vlans, prefix):
    return [f"{prefix} {chunk}" for chunk in vlanlist.chunks(set(vlans))]
def ip_mask(prefix):
    net = netaddr.IPNetwork(prefix)
    return f"{net.ip} {net.netmask}"
def wildcard(prefix):
    net = netaddr.IPNetwork(prefix)
    return f"{net.ip} {net.hostmask}"
"""
_ENVIRONMENT = r"""
env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates),
                         undefined=jinja2.StrictUndefined, trim_blocks=True,
                         lstrip_blocks=True, keep_trailing_newline=True, autoescape=False)
env.filters.update(vlan_lines=vlan_lines, ip_mask=ip_mask, wildcard=wildcard)
"""

FLOOR = r"""
import json, pickle, sys, time
from pathlib import Path
import jinja2, netaddr
sys.path.insert(0, sys.argv[4])
from vrpgen.vrp import vlanlist  # the VLAN lines filter's own chunking (one module)
contexts, templates, out = sys.argv[1], sys.argv[2], Path(sys.argv[3])
""" + _FILTERS + r"""start = time.perf_counter()
with open(contexts, "rb") as f:
    data = pickle.load(f)
loaded = time.perf_counter()
""" + _ENVIRONMENT + r"""template = env.get_template("device.j2")
out.mkdir(parents=True, exist_ok=True)
for name, dev in data.items():
    (out / f"{name}.cfg").write_text(template.render(dev=dev), encoding="utf-8")
print(json.dumps({"load": loaded - start, "render": time.perf_counter() - loaded}))
"""

NORNIR = r"""
import json, sys, time
from pathlib import Path
sys.path.append(sys.argv[5])
sys.path.insert(0, sys.argv[4])
start = time.perf_counter()
import jinja2, netaddr, yaml
from nornir import InitNornir
from nornir.core.inventory import Defaults, Groups, Host, Hosts, Inventory
from nornir.core.plugins.inventory import InventoryPluginRegister
from nornir_jinja2.plugins.tasks import template_file
from nornir_utils.plugins.tasks.files import write_file
from vrpgen.vrp import vlanlist
hosts_file, templates, out = sys.argv[1], sys.argv[2], Path(sys.argv[3])

class CYamlInventory:
    # SimpleInventory's hosts, read with PyYAML's C loader
    def __init__(self, host_file):
        self.host_file = host_file
    def load(self):
        with open(self.host_file, encoding="utf-8") as f:
            data = yaml.load(f, Loader=yaml.CSafeLoader)
        defaults = Defaults()
        hosts = Hosts({n: Host(name=n, hostname=h.get("hostname"), platform=h.get("platform"),
                               data=h.get("data"), defaults=defaults) for n, h in data.items()})
        return Inventory(hosts=hosts, groups=Groups(), defaults=defaults)

InventoryPluginRegister.register("CYamlInventory", CYamlInventory)
""" + _FILTERS + r"""""" + _ENVIRONMENT + r"""imported = time.perf_counter()
nr = InitNornir(runner={"plugin": "serial"}, logging={"enabled": False},
                inventory={"plugin": "CYamlInventory", "options": {"host_file": hosts_file}})
loaded = time.perf_counter()
out.mkdir(parents=True, exist_ok=True)

def render(task):
    text = task.run(task=template_file, template="device.j2", jinja_env=env,
                    dev=task.host["dev"]).result
    task.run(task=write_file, filename=str(out / f"{task.host.name}.cfg"), content=text)

result = nr.run(task=render)
assert not result.failed, [h for h, r in result.items() if r.failed][:3]
print(json.dumps({"imports": imported - start, "load": loaded - imported,
                  "render": time.perf_counter() - loaded, "hosts": len(result)}))
"""


def vrpgen_command() -> list[str]:
    script = Path(sys.executable).with_name("vrpgen")
    return [str(script)] if script.exists() else [sys.executable, "-m", "vrpgen"]


def run_child(argv: list[str], timeout: float) -> dict[str, Any] | None:
    """Wall time, CPU time and peak RSS (MiB) of one child process; its JSON line, if any."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen(argv, stdout=out, stderr=subprocess.PIPE)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                child.kill()
                os.wait4(child.pid, 0)
                print(f"  timed out after {timeout:.0f} s: {argv[0]}", flush=True)
                return None
            time.sleep(0.02)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        stderr = child.stderr.read().decode(errors="replace") if child.stderr else ""
        if child.returncode != 0:
            print(f"  failed ({child.returncode}): {' '.join(argv[:3])}\n{stderr[-2000:]}",
                  flush=True)
            return None
        out.seek(0)
        lines = out.read().decode(errors="replace").strip().splitlines()
    found: dict[str, Any] = {}
    if lines and lines[-1].startswith("{"):
        found = json.loads(lines[-1])
    found.update(wall=wall, cpu=usage.ru_utime + usage.ru_stime, rss=usage.ru_maxrss / 1024)
    return found


def installed(libs: str) -> bool:
    probe = (f"import sys; sys.path.append({libs!r}); import nornir, nornir_jinja2, "
             "nornir_utils")
    return subprocess.run([sys.executable, "-c", probe], capture_output=True).returncode == 0


def bench_size(args: argparse.Namespace, folder: Path, form: str, devices: int,
               tools: list[str]) -> dict[str, Any]:
    print(f"\n{form}, {devices} devices: preparing (a fresh process)...", flush=True)
    done = subprocess.run([sys.executable, __file__, "--prepare", str(folder), "--forms", form,
                           "--sizes", str(devices), "--nodes-per-rack",
                           str(args.nodes_per_rack)], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"preparing {devices} devices failed:\n{done.stderr[-3000:]}")
    shape = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"  {shape['devices']} devices, {shape['nodes']} k8s nodes, {shape['sessions']} "
          f"sessions, {shape['yaml_lines']:,} YAML lines ({shape['yaml_mb']:.1f} MB)",
          flush=True)
    commands = {
        "vrpgen": lambda out: [*vrpgen_command(), "render", str(folder / "inventory"),
                               "-o", str(out)],
        "floor": lambda out: [sys.executable, "-c", FLOOR, str(folder / "contexts.pickle"),
                              str(TEMPLATES), str(out), str(ROOT)],
        "nornir": lambda out: [sys.executable, "-c", NORNIR,
                               str(folder / "nornir" / "hosts.yaml"), str(TEMPLATES), str(out),
                               str(ROOT), args.libs],
    }
    if form != "expanded" and "nornir" in tools:  # Nornir has no compact form: its hosts
        tools = [t for t in tools if t != "nornir"]  # file is the expanded one (see table)
    results: dict[str, list[dict[str, Any]]] = {tool: [] for tool in tools}
    for run in range(args.runs):  # interleaved: every tool once, then again
        for tool in tools:
            out = folder / f"out-{tool}"
            shutil.rmtree(out, ignore_errors=True)
            got = run_child(commands[tool](out), args.timeout)
            if got is not None:
                results[tool].append(got)
                extra = ", ".join(f"{k} {v:.2f} s" for k, v in got.items()
                                  if k in ("load", "render"))
                print(f"  run {run + 1} {tool:<7} {got['wall']:7.2f} s  {got['rss']:7.0f} MiB"
                      f"{'  (' + extra + ')' if extra else ''}", flush=True)
    compare_outputs(folder, tools)
    return {"shape": shape, "results": results}


def compare_outputs(folder: Path, tools: list[str]) -> None:
    """The floor and Nornir render the same text as vrpgen (else the comparison is void)."""
    mine = folder / "out-vrpgen"
    for tool in tools[1:]:
        other = folder / f"out-{tool}"
        if not other.is_dir() or not mine.is_dir():
            continue
        differ = [p.name for p in sorted(other.glob("*.cfg"))
                  if p.read_text() != (mine / p.name).read_text()]
        if differ:
            print(f"  {tool}: {len(differ)} configs differ from vrpgen's, e.g. {differ[0]}")


def median(rows: list[dict[str, Any]], key: str) -> float | None:
    values = [r[key] for r in rows if key in r]
    return statistics.median(values) if values else None


def table(measured: list[tuple[str, int, dict[str, Any]]], tools: list[str]) -> None:
    print("\n| form | devices | YAML lines | vrpgen render | vrpgen RSS | vrpgen ms/device | "
          "floor (render alone) | Nornir (load + render) | Nornir RSS | vrpgen / floor | "
          "Nornir / vrpgen |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    # Nornir runs on the expanded form only; a compact row is compared with it (same devices)
    nornir_runs = {d: m["results"].get("nornir", []) for f, d, m in measured if f == "expanded"}
    for form, devices, m in measured:
        res = m["results"]
        v, f = res.get("vrpgen", []), res.get("floor", [])
        n = res.get("nornir") or nornir_runs.get(devices, [])
        vw, fw, nw = median(v, "wall"), median(f, "wall"), median(n, "wall")

        def s(x: float | None) -> str:
            return f"{x:.2f} s" if x is not None else "-"

        floor = f"{s(fw)} ({s(median(f, 'render'))})" if fw else "-"
        nornir = (f"{s(nw)} ({s(median(n, 'load'))} + {s(median(n, 'render'))})"
                  if nw else "-")
        print(f"| {form} | {devices:,} | {m['shape']['yaml_lines']:,} | {s(vw)} | "
              f"{median(v, 'rss') or 0:,.0f} MiB | "
              f"{vw / devices * 1000 if vw else 0:.2f} | {floor} | {nornir} | "
              f"{median(n, 'rss') or 0:,.0f} MiB | "
              f"{vw / fw if vw and fw else 0:.1f}x | {nw / vw if vw and nw else 0:.1f}x |")
    per_device = {(form, d): median(m["results"].get("vrpgen", []), "wall")
                  for form, d, m in measured}
    for form in dict.fromkeys(f for f, _, _ in measured):
        sizes = sorted(d for f, d in per_device if f == form)
        low, high = per_device[(form, sizes[0])], per_device[(form, sizes[-1])]
        if len(sizes) > 1 and low and high:
            ratio = (high / sizes[-1]) / (low / sizes[0])
            print(f"\n{form}: cost per device at {sizes[-1]:,} is {ratio:.2f}x that at "
                  f"{sizes[0]:,} (wall time, start-up included)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="500,2000,10000")
    ap.add_argument("--forms", default="compact,expanded", help=f"of {', '.join(FORMS)}")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--nodes-per-rack", type=int, default=4)
    ap.add_argument("--tools", default="vrpgen,floor,nornir")
    ap.add_argument("--libs", default="/tmp/bench-libs")
    ap.add_argument("--timeout", type=float, default=1800.0, help="seconds per process")
    ap.add_argument("--keep", type=Path, help="keep the inventories and outputs here")
    ap.add_argument("--prepare", type=Path, help=argparse.SUPPRESS)  # the per-size child
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    forms = args.forms.split(",")
    if args.prepare is not None:
        print(json.dumps(prepare(args.prepare, forms[0], sizes[0], args.nodes_per_rack)))
        return
    tools = args.tools.split(",")
    if "nornir" in tools and not installed(args.libs):
        print(f"nornir: not installed in {args.libs}: skipped (pip install --target "
              f"{args.libs} nornir nornir_jinja2 nornir_utils)")
        tools.remove("nornir")
    print(f"machine: {platform.machine()}, {len(os.sched_getaffinity(0))} cores, Python "
          f"{platform.python_version()}, PyYAML {yaml.__version__} "
          f"(libyaml {'yes' if hasattr(yaml, 'CSafeLoader') else 'no'}); "
          f"load {os.getloadavg()[0]:.1f}", flush=True)
    base = args.keep or Path(tempfile.mkdtemp(prefix="vrpgen-bench-"))
    measured = []
    try:
        for form in forms:
            for devices in sizes:
                folder = base / f"{form}-{devices}"
                measured.append((form, devices, bench_size(args, folder, form, devices, tools)))
                if args.keep is None:
                    shutil.rmtree(folder, ignore_errors=True)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    table(measured, tools)


if __name__ == "__main__":
    main()
