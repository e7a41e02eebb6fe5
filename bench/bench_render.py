"""Benchmark: validate and render a generated inventory of N devices (default 2,000).

The inventory (written to a temporary directory, split over three files):

* 80 % switches, 20 ports each (16 access, 4 trunk), 8 VLANs of a 200-VLAN catalog, a
  routed management Vlanif; a quarter of them VRP8 (CloudEngine names).
* 20 % routers: LoopBack0 and a ring of /31 links in OSPF area 0, a silent LAN interface
  in area 1; iBGP in one AS to two route reflectors (sessions via loopback); the last 5 % of
  the routers are border routers in their own AS with an eBGP-over-loopback session to a
  core router; a quarter are VRP8 (NE40E names).
* optionally (`--k8s-nodes N`) Calico nodes peering with core routers.

Measured in-process: `--runs` runs of validate+render, each stage by stage through the
functions vrpgen.pipeline.build and render_inventory chain (load; validate = schema,
resolve, sessions, checks; derive; render), medians printed per stage and per device; then the
tracemalloc peak of one pipeline.render_inventory in-process while, in parallel, a child
process runs one render_inventory and reports its ru_maxrss. `--budget` (seconds, default 170)
bounds the whole bench: timed runs stop early (never below one) and memory runs that would not
fit are skipped; `--budget 0` measures everything.

    python bench/bench_render.py [--devices 2000] [--runs 5] [--budget 170] [--keep DIR]
"""

from __future__ import annotations

import argparse
import gc
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import netaddr
import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as `python bench/bench_render.py` from a checkout
    sys.path.insert(0, str(ROOT))

from vrpgen import pipeline  # noqa: E402
from vrpgen.derive.checks import check  # noqa: E402
from vrpgen.derive.device import derive_device  # noqa: E402
from vrpgen.derive.resolve import resolve  # noqa: E402
from vrpgen.derive.sessions import resolve_sessions  # noqa: E402
from vrpgen.errors import Severity  # noqa: E402
from vrpgen.inventory import load as load_module  # noqa: E402
from vrpgen.inventory.load import load  # noqa: E402
from vrpgen.inventory.validate import validate  # noqa: E402
from vrpgen.render import environment, render_device  # noqa: E402

T = TypeVar("T")
MEMORY_COST = 4.0  # a run under tracemalloc takes about this many plain runs

CORE_AS = 65000
CATALOG = range(100, 300)  # VLAN IDs of the catalog
PORTS = 20
ACCESS_PORTS = 16
SWITCH_VLANS = 8


# --- the inventory ---------------------------------------------------------------------------


def _ip(n: int) -> str:
    return str(netaddr.IPAddress(n, version=4))


def _base(address: str) -> int:
    return int(netaddr.IPAddress(address, version=4))


def switch(i: int) -> dict[str, Any]:
    vrp8 = i % 4 == 3
    start = CATALOG.start + (i * 3) % (len(CATALOG) - SWITCH_VLANS + 1)  # all used
    vlans = list(range(start, start + SWITCH_VLANS))
    port = "GE1/0/{}" if vrp8 else "GigabitEthernet0/0/{}"
    interfaces: dict[str, Any] = {}
    for p in range(1, PORTS + 1):
        if p <= ACCESS_PORTS:
            interfaces[port.format(p)] = {"access_vlan": vlans[p % SWITCH_VLANS],
                                          "description": f"access {i}-{p}"}
        else:
            interfaces[port.format(p)] = {"trunk_vlans": f"{vlans[0]}-{vlans[-1]}",
                                          "description": f"uplink {p - ACCESS_PORTS}"}
    interfaces[f"Vlanif{vlans[0]}"] = {"ip": f"{_ip(_base('10.128.0.0') + i * 256 + 1)}/24"}
    device: dict[str, Any] = {
        "groups": ["switches"],
        "mgmt": {"host": _ip(_base("172.16.0.0") + i + 1)},
        "vlans": vlans,
        "interfaces": interfaces,
    }
    if vrp8:
        device["platform"] = "vrp8"
    return device


def router(r: int, routers: int, border_from: int) -> dict[str, Any]:
    vrp8 = r % 4 == 3
    names = ("GigabitEthernet0/1/{}" if vrp8 else "GigabitEthernet0/0/{}")
    nxt, prv = r, (r - 1) % routers  # link k joins router k and k+1 (a ring)
    interfaces = {
        names.format(0): {"ip": f"{_ip(_base('10.64.0.0') + 2 * nxt)}/31",
                          "ospf": {"area": 0, "cost": 10}, "description": "ring east"},
        names.format(1): {"ip": f"{_ip(_base('10.64.0.0') + 2 * prv + 1)}/31",
                          "ospf": {"area": 0, "cost": 10}, "description": "ring west"},
        names.format(2): {"ip": f"{_ip(_base('10.192.0.0') + r * 256 + 1)}/24",
                          "ospf": {"area": 1, "silent": True}, "description": "LAN"},
        names.format(3): {"shutdown": True, "description": "spare"},
    }
    device: dict[str, Any] = {
        "groups": ["routers"],
        "mgmt": {"host": _ip(_base("172.31.0.0") + r + 1)},
        "loopback": {"ip": f"{_ip(_base('10.255.0.0') + r + 1)}/32", "ospf": {"area": 0}},
        "interfaces": interfaces,
        "ospf": {},
        "bgp": {"as": CORE_AS if r < border_from else 65100 + r},
    }
    if vrp8:
        device["platform"] = "vrp8"
    return device


def generate(directory: Path, devices: int, k8s_nodes: int = 0) -> dict[str, int]:
    """Write base.yml, switches.yml and routers.yml; return what was generated."""
    routers = max(devices // 5, 4)
    switches = devices - routers
    border_from = routers - max(routers // 20, 1)
    rname = [f"R{r + 1:04d}" for r in range(routers)]
    sessions: list[dict[str, Any]] = [{"between": [rname[0], rname[1]], "via": "loopback"}]
    for rr in rname[:2]:
        for client in rname[2:border_from]:
            sessions.append({"between": [rr, client], "via": "loopback", "reflector": rr})
    for r in range(border_from, routers):
        sessions.append({"between": [rname[r], rname[2 + r % (border_from - 2)]],
                         "via": "loopback", "description": f"eBGP to {rname[r]}"})
    base: dict[str, Any] = {
        "defaults": {"platform": "vrp5", "ospf": {"process": 1, "network_style": "host"}},
        "groups": {"routers": {"role": "router"}, "switches": {"role": "switch"}},
        "vlans": {v: {"name": f"vlan-{v}", "description": f"generated VLAN {v}"}
                  for v in CATALOG},
        "bgp": {"sessions": sessions},
    }
    if k8s_nodes:
        base["k8s"] = {"nodes": {
            f"node-{n + 1}": {"address": _ip(_base("10.192.0.0") + (2 + n) * 256 + 10),
                              "as": CORE_AS, "peers": [rname[2 + n]]}
            for n in range(min(k8s_nodes, border_from - 2))}}
    parts = {
        "base.yml": base,
        "switches.yml": {"devices": {f"SW{i + 1:04d}": switch(i) for i in range(switches)}},
        "routers.yml": {"devices": {rname[r]: router(r, routers, border_from)
                                    for r in range(routers)}},
    }
    directory.mkdir(parents=True, exist_ok=True)
    for name, data in parts.items():
        text = yaml.safe_dump(data, sort_keys=False, default_flow_style=None, width=100)
        (directory / name).write_text(text, encoding="utf-8")
    lines = sum(len((directory / n).read_text().splitlines()) for n in parts)
    return {"switches": switches, "routers": routers, "sessions": len(sessions),
            "k8s_nodes": len(base.get("k8s", {}).get("nodes", {})), "yaml_lines": lines}


# --- measurements ----------------------------------------------------------------------------


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    gc.collect()
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def stages(inventory: Path) -> dict[str, float]:
    """One pass through the pipeline's functions, stage by stage (as pipeline.build chains)."""
    out: dict[str, float] = {}
    out["load"], source = timed(lambda: load(inventory))

    def validate_all() -> Any:
        model = validate(source.data, source.index)
        devices = resolve(model, source.index)
        sessions, issues = resolve_sessions(model, devices, source.index)
        issues += check(model, devices, sessions, source.index)
        errors = [i for i in issues if i.severity is Severity.ERROR]
        assert not errors, errors[:3]
        return model, devices, sessions

    out["validate"], (model, devices, sessions) = timed(validate_all)
    out["derive"], intents = timed(
        lambda: {n: derive_device(d, model, sessions) for n, d in devices.items()})

    def render_all() -> dict[str, str]:
        env = environment()
        return {n: render_device(env, intents[n]) for n in sorted(intents)}

    out["render"], configs = timed(render_all)
    out["total"] = sum(out.values())
    out["configs"] = len(configs)
    return out


CHILD = """
import resource, sys
sys.path.insert(0, sys.argv[2])
from vrpgen.pipeline import render_inventory
result = render_inventory(__import__("pathlib").Path(sys.argv[1]))
print(len(result.configs), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def start_child(inventory: Path) -> subprocess.Popen[str]:
    """A fresh interpreter that renders the inventory once and prints its ru_maxrss (KiB)."""
    return subprocess.Popen([sys.executable, "-c", CHILD, str(inventory), str(ROOT)],
                            stdout=subprocess.PIPE, text=True)


def child_maxrss(child: subprocess.Popen[str]) -> tuple[int, int]:
    stdout, _ = child.communicate()
    assert child.returncode == 0, f"child exited {child.returncode}"
    rendered, maxrss = stdout.split()
    return int(rendered), int(maxrss)


def cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devices", type=int, default=2000, help="devices (default 2000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs (default 5)")
    parser.add_argument("--k8s-nodes", type=int, default=0, help="k8s nodes (default 0)")
    parser.add_argument("--budget", type=float, default=170.0,
                        help="seconds for the whole bench (default 170; 0: no limit): timed runs "
                             "stop early (never below one), memory runs are skipped if they "
                             "would not fit")
    parser.add_argument("--no-memory", action="store_true",
                        help="skip the tracemalloc and ru_maxrss runs")
    parser.add_argument("--keep", type=Path, help="write the inventory here and keep it")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="vrpgen-bench-") as tmp:
        inventory = args.keep or Path(tmp) / "inventory"
        shape = generate(inventory, args.devices, args.k8s_nodes)
        report(inventory, shape, args)


def report(inventory: Path, shape: dict[str, int], args: argparse.Namespace) -> None:
    started = time.perf_counter()
    devices = shape["switches"] + shape["routers"]
    print(f"inventory: {devices} devices ({shape['switches']} switches, {shape['routers']} "
          f"routers), {shape['sessions']} BGP sessions, {shape['k8s_nodes']} k8s nodes, "
          f"{shape['yaml_lines']} YAML lines in 3 files")
    print(f"machine: {platform.machine()}, {cores()} cores, Python {platform.python_version()}, "
          f"PyYAML {yaml.__version__} ({load_module._Loader.__name__})", flush=True)
    runs: list[dict[str, float]] = []
    while len(runs) < args.runs:
        runs.append(stages(inventory))
        assert runs[-1]["configs"] == devices
        print(f"  run {len(runs)}: {runs[-1]['total']:.2f} s", flush=True)
        after = 1 if args.no_memory else 1 + MEMORY_COST  # the next run, then memory
        if len(runs) < args.runs and not fits(started, args.budget, after, runs[-1]["total"]):
            print(f"  stopping after {len(runs)} of {args.runs} runs: --budget {args.budget:.0f} s")
            break

    print()
    print(f"validate+render, median of {len(runs)} run(s), stage by stage through the "
          "pipeline's functions:")
    print(f"{'stage':<12}{'median':>10}{'min':>10}{'max':>10}{'share':>8}{'per device':>13}")
    total = statistics.median(r["total"] for r in runs)
    for name in ("load", "validate", "derive", "render", "total"):
        values = [r[name] for r in runs]
        med = statistics.median(values)
        print(f"{name:<12}{med:>9.2f}s{min(values):>9.2f}s{max(values):>9.2f}s"
              f"{med / total:>8.0%}{med / devices * 1000:>10.2f} ms")
    print("(validate = schema, resolve, sessions, checks; pipeline.build = load+validate+derive)")
    if not args.no_memory:
        memory(inventory, devices, started, args.budget, total)
    print(f"(bench wall time {time.perf_counter() - started:.0f} s)")


def fits(started: float, budget: float, runs: float, run_seconds: float) -> bool:
    return budget <= 0 or time.perf_counter() - started + runs * run_seconds <= budget


def memory(inventory: Path, devices: int, started: float, budget: float, run: float) -> None:
    """tracemalloc peak in-process while a child measures ru_maxrss (in parallel)."""
    print()
    if not fits(started, budget, 1, run):
        print(f"memory: skipped, it would not fit --budget {budget:.0f} s (rerun with --budget 0)")
        return
    child = start_child(inventory)
    if fits(started, budget, MEMORY_COST, run):
        tracemalloc.start()
        result = pipeline.render_inventory(inventory)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert len(result.configs) == devices
        del result
        print(f"tracemalloc peak, pipeline.render_inventory: {peak / 2**20:7.1f} MiB "
              f"({peak / devices / 1024:.1f} KiB per device)")
    else:
        print(f"tracemalloc: skipped, it would not fit --budget {budget:.0f} s "
              "(rerun with --budget 0)")
    rendered, maxrss_kib = child_maxrss(child)
    assert rendered == devices
    print(f"ru_maxrss, child process rendering once:     {maxrss_kib / 1024:7.1f} MiB "
          f"({maxrss_kib / devices:.0f} KiB per device)")


if __name__ == "__main__":
    main()
