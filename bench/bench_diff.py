"""Diff-engine benchmark: vrpgen vs hier_config 3.x (huawei_vrp driver) vs annet (huawei).

Usage:
    pip install --target /tmp/bench-libs "hier_config==3.*" annet    # once, outside the venv
    .venv/bin/python bench/bench_diff.py [--lines 20000] [--runs 5] [--libs /tmp/bench-libs]
        [--cases]   # also print each tool's remediation for the comparison cases

Each tool gets the same running and intended texts (~20,000 lines each) and is timed from text
to remediation lines (parse both sides + diff), in CPU time of the process (the machine
may be shared); the median of --runs runs is reported.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from vrpgen.vrp import plan

Remediator = Callable[[str, str], list[str]]


# -- the configs ------------------------------------------------------------------------------


def make_configs(target: int) -> tuple[str, str]:
    """A large switch/router pair of texts; intended differs in ~5% of the objects."""
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
        if i % 20 == 0:  # one VLAN swapped on a trunk
            n[3] = " port trunk allow-pass vlan " + " ".join(
                map(str, sorted({*allowed[:2], 4000})))
        if i % 25 == 0:
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


# -- the tools --------------------------------------------------------------------------------


def vrpgen_remediate(running: str, intended: str) -> list[str]:
    return [c.text for c in plan(running, intended, "vrp5").commands]


def hier_remediator() -> Remediator | None:
    try:
        from hier_config import Platform, WorkflowRemediation, get_hconfig
    except ImportError:
        return None

    def run(running: str, intended: str) -> list[str]:
        wf = WorkflowRemediation(get_hconfig(Platform.HUAWEI_VRP, running),
                                 get_hconfig(Platform.HUAWEI_VRP, intended))
        return [line.strip() for line in wf.remediation_config.dump_simple(sectional_exiting=True)]

    return run


def annet_remediator() -> Remediator | None:
    try:
        from unittest import mock

        import annet.api  # noqa: F401
        from annet import deploy, implicit, lib, patching, rulebook, tabparser
        from annet.annlib.netdev.views.hardware import HardwareView
        from annet.hardware import AnnetHardwareProvider, hardware_connector
        from annet.rulebook import DefaultRulebookProvider, rulebook_provider_connector
        from annet.vendors import registry_connector
    except ImportError:
        return None
    hardware_connector.set(AnnetHardwareProvider)
    rulebook_provider_connector.set(DefaultRulebookProvider)
    hw = HardwareView("Huawei", None)
    rb = rulebook.get_rulebook(hw)
    vendor = registry_connector.get().match(hw)
    fmt = vendor.make_formatter(indent="")
    split = vendor.make_formatter().split
    rules = implicit.compile_rules(mock.Mock(hw=hw))

    def run(running: str, intended: str) -> list[str]:
        old = tabparser.parse_to_tree(text=running, splitter=split)
        new = tabparser.parse_to_tree(text=intended, splitter=split)
        old = lib.merge_dicts(old, implicit.config(old, rules))
        new = lib.merge_dicts(new, implicit.config(new, rules))
        pre = patching.make_pre(patching.make_diff(old, new, rb, []))
        tree = patching.make_patch(pre=pre, rb=rb, hw=hw, add_comments=False)
        cmds = [str(c).strip() for c in deploy.apply_deploy_rulebook(hw, fmt.cmd_paths(tree))]
        return [c for c in cmds if c not in ("system-view", "q", "save")]

    return run


def median_time(fn: Remediator, running: str, intended: str, runs: int) -> tuple[float, int]:
    times = []
    n = 0
    for _ in range(runs):
        start = time.process_time()
        n = len(fn(running, intended))
        times.append(time.process_time() - start)
    return statistics.median(times), n


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
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=20000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--libs", default="/tmp/bench-libs")
    ap.add_argument("--cases", action="store_true")
    args = ap.parse_args()
    sys.path.append(args.libs)  # after the venv: the project's own pydantic etc. win
    running, intended = make_configs(args.lines)
    tools: dict[str, Any] = {"vrpgen": vrpgen_remediate, "hier_config": hier_remediator(),
                             "annet": annet_remediator()}
    print(f"running {running.count(chr(10))} lines, intended {intended.count(chr(10))} lines, "
          f"median of {args.runs} runs")
    results: dict[str, float] = {}
    for name, fn in tools.items():
        if fn is None:
            print(f"{name:12} not installed (see --libs)")
            continue
        t, n = median_time(fn, running, intended, args.runs)
        results[name] = t
        print(f"{name:12} {t * 1000:9.1f} ms   {n} remediation lines")
    base = results.get("vrpgen")
    for name, t in results.items():
        if base and name != "vrpgen":
            print(f"vrpgen is {t / base:.1f}x faster than {name}")
    if args.cases:
        for case, (r, i) in CASES.items():
            print(f"\n== {case}")
            for name, fn in tools.items():
                if fn is not None:
                    print(f"-- {name}: " + " | ".join(fn(r, i)))


if __name__ == "__main__":
    main()
