"""Diff-engine benchmark: whole processes, vrpgen vs hier_config 3.x vs annet, side by side.

Usage:
    .venv/bin/python -m pip install --target /tmp/bench-libs "hier_config==3.*" annet  # once
    .venv/bin/python bench/bench_diff.py [--sizes 20000,40000,80000] [--runs 3]
        [--modes typical,worst] [--libs /tmp/bench-libs] [--timeout 120] [--keep DIR]
        [--cases]   # also print each tool's remediation for the comparison cases

For each size (lines of the running config) and mode (typical: ~5 % of the objects change;
worst: every top-level block changes) the running and intended texts are written to files and
each tool runs as a fresh process doing the same job, start-up and imports included:
    vrpgen       `vrpgen compare RUNNING INTENDED --format json` (commands, diff, risks, …)
    hier_config  python: parse both (Platform.HUAWEI_VRP), WorkflowRemediation, its unified
                 diff, the commands and the diff printed as JSON
    annet        python: parse both (HardwareView("Huawei")), diff, patch, deploy commands
                 printed as JSON (the path of annet's own tests/annet/test_patch.py)
An anchor not installed in --libs is skipped and said so. Each process is timed in CPU
(user + sys of the child: the machine may be shared) and wall time; the median of --runs runs
is reported, with each anchor's time over vrpgen's.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# -- the configs ------------------------------------------------------------------------------


def make_configs(target: int, worst: bool = False) -> tuple[str, str]:
    """A large switch/router pair of texts; intended differs in ~5% of the objects (typical),
    or in every top-level block (worst: every port, every peer)."""
    ports = max(10, int(target / 5.4))
    vlans = list(range(100, 100 + min(3000, ports)))
    run: list[str] = ["#", "sysname BIG", "#"]
    new: list[str] = ["#", "sysname BIG", "#"]
    run += [f"vlan batch {v} to {v + 9}" for v in vlans[::10]] + ["#"]
    new += [f"vlan batch {v} to {v + 9}" for v in vlans[::10]] + ["vlan batch 4000", "#"]
    for i in range(ports):
        name = f"GigabitEthernet{i // 2304}/{(i // 48) % 48}/{i % 48 + 1}"
        allowed = [vlans[(i * 7 + k) % len(vlans)] for k in range(3)]
        r = [f"interface {name}", f" description port {i}", " port link-type trunk",
             " port trunk allow-pass vlan " + " ".join(map(str, sorted(set(allowed)))), "#"]
        n = list(r)
        if i % 20 == 0 or (worst and i % 2):  # one VLAN swapped on a trunk
            n[3] = " port trunk allow-pass vlan " + " ".join(
                map(str, sorted({*allowed[:2], 4000})))
        if i % 25 == 0 or worst:
            n[1] = f" description port {i} moved"
        if i % 97 == 0:
            n = [f"interface {name}", " port link-type access", f" port default vlan {vlans[0]}",
                 "#"]
        run += r
        new += n
    peers = max(4, target // 100)
    run_bgp = ["bgp 65000", " router-id 10.255.0.1"]
    new_bgp = ["bgp 65000", " router-id 10.255.0.1"]
    run_af = [" #", " ipv4-family unicast", "  undo synchronization"]
    new_af = [" #", " ipv4-family unicast", "  undo synchronization"]
    for p in range(peers):
        ip = f"10.{p // 250}.{p % 250}.1"
        asn = 65001 + p
        lines = [f" peer {ip} as-number {asn}", f" peer {ip} description peer-{p}",
                 f" peer {ip} connect-interface LoopBack0"]
        af = [f"  peer {ip} enable", f"  peer {ip} reflect-client"]
        run_bgp += lines
        run_af += af
        if p % 30 == 1:
            continue  # removed peer
        if p % 30 == 2:
            lines = [line.replace(f"as-number {asn}", f"as-number {asn + 50000}") for line in lines]
        if worst:
            lines[1] = f" peer {ip} description peer-{p}-new"
        new_bgp += lines
        new_af += af
    new_bgp += [" peer 192.0.2.1 as-number 64999", " peer 192.0.2.1 description new"]
    new_af += ["  peer 192.0.2.1 enable"]
    run += [*run_bgp, *run_af, "#"]
    new += [*new_bgp, *new_af, "#"]
    nets = max(4, target // 40)
    run += ["ospf 1 router-id 10.255.0.1", " area 0.0.0.0"]
    new += ["ospf 1 router-id 10.255.0.1", " area 0.0.0.0"]
    for k in range(nets):
        line = f"  network 172.{16 + k // 250}.{k % 250}.0 0.0.0.255"
        run.append(line)
        if k % 40 != 3:
            new.append(line)
    new.append("  network 198.51.100.0 0.0.0.255")
    run += ["#", "return"]
    new += ["#", "return"]
    return "\n".join(run) + "\n", "\n".join(new) + "\n"


# -- whole processes --------------------------------------------------------------------------

HIER_JOB = """
import json, sys
sys.path.append(sys.argv[1])
from hier_config import Platform, WorkflowRemediation, get_hconfig
running = get_hconfig(Platform.HUAWEI_VRP, open(sys.argv[2]).read())
intended = get_hconfig(Platform.HUAWEI_VRP, open(sys.argv[3]).read())
workflow = WorkflowRemediation(running, intended)
remediation = workflow.remediation_config.dump_simple(sectional_exiting=True)
commands = [line.strip() for line in remediation]
diff = "\\n".join(running.unified_diff(intended))
print(json.dumps({"commands": commands, "diff": diff}, indent=2))
"""

ANNET_JOB = """
import json, sys
sys.path.append(sys.argv[1])
from unittest import mock
import annet.api
from annet import deploy, implicit, lib, patching, rulebook, tabparser
from annet.annlib.netdev.views.hardware import HardwareView
from annet.hardware import AnnetHardwareProvider, hardware_connector
from annet.rulebook import DefaultRulebookProvider, rulebook_provider_connector
from annet.vendors import registry_connector
hardware_connector.set(AnnetHardwareProvider)
rulebook_provider_connector.set(DefaultRulebookProvider)
hw = HardwareView("Huawei", None)
rb = rulebook.get_rulebook(hw)
vendor = registry_connector.get().match(hw)
fmt = vendor.make_formatter(indent="")
split = vendor.make_formatter().split
rules = implicit.compile_rules(mock.Mock(hw=hw))
old = tabparser.parse_to_tree(text=open(sys.argv[2]).read(), splitter=split)
new = tabparser.parse_to_tree(text=open(sys.argv[3]).read(), splitter=split)
old = lib.merge_dicts(old, implicit.config(old, rules))
new = lib.merge_dicts(new, implicit.config(new, rules))
pre = patching.make_pre(patching.make_diff(old, new, rb, []))
tree = patching.make_patch(pre=pre, rb=rb, hw=hw, add_comments=False)
commands = [str(c).strip() for c in deploy.apply_deploy_rulebook(hw, fmt.cmd_paths(tree))]
print(json.dumps({"commands": [c for c in commands if c not in ("system-view", "q", "save")]},
                 indent=2))
"""

PROBES = {"hier_config": "hier_config", "annet": "annet.api"}


def installed(tool: str, libs: str) -> bool:
    """Whether `tool` imports in a fresh python with `libs` on its path."""
    probe = f"import sys; sys.path.append({libs!r}); import {PROBES[tool]}"
    return subprocess.run([sys.executable, "-c", probe], capture_output=True).returncode == 0


def command(tool: str, running: Path, intended: Path, libs: str) -> list[str]:
    if tool == "vrpgen":
        exe = Path(sys.executable).with_name("vrpgen")
        return [str(exe), "compare", str(running), str(intended), "--format", "json"]
    job = HIER_JOB if tool == "hier_config" else ANNET_JOB
    return [sys.executable, "-c", job, libs, str(running), str(intended)]


def run_once(argv: list[str], timeout: float) -> tuple[float, float, int] | None:
    """(CPU seconds of the child, wall seconds, bytes written), or None after `timeout`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        try:
            done = subprocess.run(argv, stdout=out, stderr=subprocess.PIPE, timeout=timeout)
        except subprocess.TimeoutExpired:
            return None
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode not in (0, 2):  # vrpgen compare: 2 = changes
            raise SystemExit(f"{argv[0]} failed ({done.returncode}): "
                             f"{done.stderr.decode()[-2000:]}")
        size = out.tell()
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, size


def measure(argv: list[str], runs: int, timeout: float) -> tuple[float, float] | None:
    """Median (CPU, wall) of `runs` runs; None when a run passes `timeout`."""
    cpus, walls = [], []
    for _ in range(runs):
        got = run_once(argv, timeout)
        if got is None:
            return None
        cpus.append(got[0])
        walls.append(got[1])
    return statistics.median(cpus), statistics.median(walls)


def write_pair(folder: Path, lines: int, mode: str) -> tuple[Path, Path, int]:
    running, intended = make_configs(lines, worst=mode == "worst")
    r, i = folder / f"running-{lines}-{mode}.cfg", folder / f"intended-{lines}-{mode}.cfg"
    r.write_text(running)
    i.write_text(intended)
    return r, i, running.count("\n")


def bench(args: argparse.Namespace, folder: Path) -> None:
    tools = ["vrpgen"]
    for anchor in ("hier_config", "annet"):
        if installed(anchor, args.libs):
            tools.append(anchor)
        else:
            print(f"{anchor}: not installed in {args.libs}: skipped "
                  f"(pip install --target {args.libs} \"hier_config==3.*\" annet)")
    print(f"median of {args.runs} runs; CPU seconds of the whole process (wall in brackets); "
          f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    header = "| lines | case | " + " | ".join(f"{t} CPU s (wall)" for t in tools)
    header += "".join(f" | {t} / vrpgen" for t in tools[1:]) + " |"
    print(header)
    print("|" + "---:|" * 2 + "---:|" * (len(tools) * 2 - 1))
    vrpgen_cpu: dict[tuple[str, int], float] = {}
    for mode in args.modes.split(","):
        for size in [int(n) for n in args.sizes.split(",")]:
            r, i, lines = write_pair(folder, size, mode)
            cells, ratios = [], []
            base = None
            for tool in tools:
                got = measure(command(tool, r, i, args.libs), args.runs, args.timeout)
                if got is None:
                    cells.append(f"> {args.timeout:.0f} (timeout)")
                    ratios.append(f"> {args.timeout / base:.1f}x" if base else "—")
                    continue
                cells.append(f"{got[0]:.2f} ({got[1]:.2f})")
                if tool == "vrpgen":
                    base = got[0]
                    vrpgen_cpu[(mode, size)] = got[0]
                elif base:
                    ratios.append(f"{got[0] / base:.1f}x")
            print(f"| {lines:,} | {mode} | " + " | ".join(cells)
                  + "".join(f" | {x}" for x in ratios) + " |", flush=True)
    for mode in args.modes.split(","):
        sizes = sorted(s for m, s in vrpgen_cpu if m == mode)
        if len(sizes) > 1:
            small, large = sizes[0], sizes[-1]
            print(f"vrpgen {mode}: {large / small:.0f}x the lines take "
                  f"{vrpgen_cpu[(mode, large)] / vrpgen_cpu[(mode, small)]:.1f}x the CPU time")


# -- comparison cases (REFERENCE sections in docs/benchmarks.md) -------------------------------

GE = "interface GigabitEthernet0/0/1"
CASES: dict[str, tuple[str, str]] = {
    "trunk 10 20 30 -> 10 20 40": (
        f"#\nvlan batch 10 20 30 40\n#\n{GE}\n port link-type trunk\n"
        " port trunk allow-pass vlan 10 20 30\n#\nreturn\n",
        f"#\nvlan batch 10 20 30 40\n#\n{GE}\n port link-type trunk\n"
        " port trunk allow-pass vlan 10 20 40\n#\nreturn\n"),
    "add VLAN 40 to a batch": ("#\nvlan batch 10 20\n#\nreturn\n",
                               "#\nvlan batch 10 20 40\n#\nreturn\n"),
    "remove one BGP peer": (
        "#\nbgp 100\n peer 10.0.0.2 as-number 200\n peer 10.0.0.2 description x\n"
        " peer 10.0.0.2 connect-interface LoopBack0\n #\n ipv4-family unicast\n"
        "  undo synchronization\n  peer 10.0.0.2 enable\n#\nreturn\n",
        "#\nbgp 100\n #\n ipv4-family unicast\n  undo synchronization\n#\nreturn\n"),
    "peer AS change": (
        "#\nbgp 100\n peer 10.0.0.2 as-number 200\n peer 10.0.0.2 description x\n #\n"
        " ipv4-family unicast\n  peer 10.0.0.2 enable\n#\nreturn\n",
        "#\nbgp 100\n peer 10.0.0.2 as-number 300\n peer 10.0.0.2 description x\n #\n"
        " ipv4-family unicast\n  peer 10.0.0.2 enable\n#\nreturn\n"),
    "description change": (f"#\n{GE}\n description old\n#\nreturn\n",
                           f"#\n{GE}\n description new\n#\nreturn\n"),
    "trunk -> access": (
        f"#\nvlan batch 10 20\n#\n{GE}\n port link-type trunk\n port trunk allow-pass vlan 10 20\n"
        "#\nreturn\n",
        f"#\nvlan batch 10 20\n#\n{GE}\n port link-type access\n port default vlan 20\n"
        "#\nreturn\n"),
    "undo network in area": (
        "#\nospf 1 router-id 1.1.1.1\n area 0.0.0.0\n  network 10.0.0.0 0.0.0.3\n"
        "  network 1.1.1.1 0.0.0.0\n#\nreturn\n",
        "#\nospf 1 router-id 1.1.1.1\n area 0.0.0.0\n  network 1.1.1.1 0.0.0.0\n#\nreturn\n"),
    "VLAN removed from batch and trunk": (
        f"#\nvlan batch 10 30\n#\n{GE}\n port link-type trunk\n port trunk allow-pass vlan 10 30\n"
        "#\nreturn\n",
        f"#\nvlan batch 10\n#\n{GE}\n port link-type trunk\n port trunk allow-pass vlan 10\n"
        "#\nreturn\n"),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--sizes", default="20000,40000,80000")
    ap.add_argument("--modes", default="typical,worst")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--libs", default="/tmp/bench-libs")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per run")
    ap.add_argument("--keep", type=Path, help="write the configs here and keep them")
    ap.add_argument("--cases", action="store_true")
    args = ap.parse_args()
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        bench(args, args.keep)
    else:
        with tempfile.TemporaryDirectory() as folder:
            bench(args, Path(folder))
    if args.cases:
        print_cases(args.libs)


def print_cases(libs: str) -> None:
    """Each tool's remediation for the comparison cases, from the same jobs the timing runs
    (one job per tool: its commands are the "commands" of the JSON it prints)."""
    tools = ["vrpgen", *(t for t in PROBES if installed(t, libs))]
    with tempfile.TemporaryDirectory() as folder:
        running, intended = Path(folder) / "running.cfg", Path(folder) / "intended.cfg"
        for case, (r, i) in CASES.items():
            running.write_text(r)
            intended.write_text(i)
            print(f"\n== {case}")
            for tool in tools:
                done = subprocess.run(command(tool, running, intended, libs),
                                      capture_output=True, text=True, check=False)
                commands = json.loads(done.stdout)["commands"] if done.stdout else [done.stderr]
                print(f"-- {tool}: " + " | ".join(commands))


if __name__ == "__main__":
    main()
