"""Benchmark: `vrpgen push`'s executor sends a ~100-line change to N simulated devices.

The simulator runs as its own process (`vrpgen sim --detach`, factory-default VRP5 devices,
restarted for every measurement so each push starts from the same state). Each device gets the
same change: `vlan batch 10 20` and 20 trunk ports with a description (101 commands, no
dialog). Timed: push/runner.push_all (connect, back up, plan, stream the plan, verify by a
second `display current-configuration`, disconnect) with 1, 8, 32 and 64 workers.

- ideal(w) = the slowest single-device push (measured alone, one device at a time, on
  --probe devices) x ceil(N / w): what a perfect pool of w workers would take;
- the baseline is a plain loop of netmiko `ConnectHandler` + `send_config_set(commands)` +
  `disconnect()` per device (no backup, no verification), measured on --loop devices and
  extrapolated linearly to N (it is one device after another, so linear is what it is);
- CPU: the pusher's process time plus the simulator's (both run on this machine); divided by
  the number of cores it is the floor no pool size can go under here.

    .venv/bin/python bench/bench_push.py [--devices 200] [--workers 1,8,32,64] [--loop 3]
                                         [--latency 0.02]
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from netmiko import ConnectHandler

from vrpgen.push.executor import Job, Options, push_device
from vrpgen.push.runner import push_all
from vrpgen.push.targets import Credentials, Target
from vrpgen.vrp import plan

REPO = Path(__file__).resolve().parents[1]
USER, PASSWORD = "bench", "bench-pw"
PORTS = 20


def intended(name: str) -> str:
    lines = ["#", f"sysname {name}", "#", "vlan batch 10 20", "#"]
    for n in range(1, PORTS + 1):
        lines += [f"interface GigabitEthernet0/0/{n}", f" description bench port {n}",
                  " port link-type trunk", " port trunk allow-pass vlan 10 20", "#"]
    return "\n".join([*lines, "return"]) + "\n"


LATENCY = 0.0  # --latency: seconds each simulated device waits before each answer


def start_sim(work: Path, count: int) -> dict[str, int]:
    names = [f"D{i:03d}" for i in range(1, count + 1)]
    args = [a for n in names for a in ("--device", f"{n}:vrp5")]
    if LATENCY:
        faults = work / "faults.yml"
        faults.write_text(yaml.safe_dump({n: {"latency": LATENCY} for n in names}))
        args += ["--faults", str(faults)]
    env = {**os.environ, "VRPGEN_USERNAME": USER, "VRPGEN_PASSWORD": PASSWORD}
    hosts, pid_file = work / "hosts.yml", work / "sim.pid"
    subprocess.run(
        [sys.executable, "-m", "vrpgen", "sim", *args, "--base-port", "0", "--hosts-out",
         str(hosts), "--pid-file", str(pid_file), "--detach"],
        check=True, env=env, cwd=REPO, capture_output=True, text=True)
    return {n: int(v["port"]) for n, v in yaml.safe_load(hosts.read_text()).items()}


def sim_cpu(work: Path) -> float:
    """CPU seconds (user + system) the simulator process has used so far."""
    fields = Path(f"/proc/{(work / 'sim.pid').read_text().strip()}/stat").read_text().split()
    return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")


def stop_sim(work: Path) -> None:
    subprocess.run([sys.executable, "-m", "vrpgen", "sim", "--stop", "--pid-file",
                    str(work / "sim.pid")], check=True, cwd=REPO, capture_output=True)


def jobs(ports: dict[str, int]) -> list[Job]:
    return [Job(Target(n, "127.0.0.1", p, "vrp5"), intended(n)) for n, p in ports.items()]


def options(work: Path) -> Options:
    return Options(backup_dir=work / "backups", connect_timeout=60, command_timeout=60)


def check(results: list) -> None:  # type: ignore[type-arg]
    bad = [r for r in results if r.result != "applied"]
    if bad:
        raise SystemExit(f"{len(bad)} device(s) failed, e.g. {bad[0].device}: {bad[0].reason}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=200)
    parser.add_argument("--workers", default="1,8,32,64")
    parser.add_argument("--probe", type=int, default=5, help="devices timed alone for ideal")
    parser.add_argument("--loop", type=int, default=3, help="devices of the netmiko loop")
    parser.add_argument("--latency", type=float, default=0.0,
                        help="seconds each device waits before each answer (a WAN round trip)")
    opts = parser.parse_args()
    global LATENCY
    LATENCY = opts.latency
    creds = Credentials(USER, PASSWORD)
    commands = plan("#\nsysname D001\n#\nreturn\n", intended("D001"), "vrp5").commands
    print(f"change: {len(commands)} commands per device", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        # the slowest single-device push, each device alone
        ports = start_sim(work, opts.probe)
        try:
            singles = []
            for job in jobs(ports):
                result = push_device(job, creds, options(work))
                check([result])
                singles.append(result.duration)
        finally:
            stop_sim(work)
        slowest = max(singles)
        print(f"single-device push: slowest {slowest:.3f} s, fastest {min(singles):.3f} s",
              file=sys.stderr)
        # the plain netmiko loop
        ports = start_sim(work, opts.loop)
        try:
            start = time.perf_counter()
            for port in ports.values():
                conn = ConnectHandler(device_type="huawei", host="127.0.0.1", port=port,
                                      username=USER, password=PASSWORD)
                conn.send_config_set([c.text for c in commands],
                                     error_pattern=r"^Error(\[\d+\])?:")
                conn.disconnect()
            per_loop = (time.perf_counter() - start) / len(ports)
        finally:
            stop_sim(work)
        loop_total = per_loop * opts.devices
        print(f"netmiko loop: {per_loop:.2f} s per device", file=sys.stderr)
        rows = []
        for workers in (int(w) for w in opts.workers.split(",")):
            ports = start_sim(work, opts.devices)
            try:
                sim0, cpu0 = sim_cpu(work), time.process_time()
                start = time.perf_counter()
                results = push_all(jobs(ports), creds, options(work), workers=workers)
                wall = time.perf_counter() - start
                cpu = time.process_time() - cpu0 + sim_cpu(work) - sim0
                check(results)
            finally:
                stop_sim(work)
            ideal = slowest * math.ceil(opts.devices / workers)
            floor = cpu / (os.cpu_count() or 1)
            rows.append((workers, wall, ideal, wall / ideal, cpu, floor, loop_total / wall))
            print(f"{workers} workers: {wall:.2f} s", file=sys.stderr)
    print(f"{opts.devices} devices, {len(commands)} commands each, {opts.latency * 1000:g} ms "
          "per answer; slowest single-device push "
          f"{slowest:.3f} s; netmiko send_config_set loop {per_loop:.2f} s per device "
          f"(measured on {opts.loop}, extrapolated to {opts.devices}: {loop_total:.0f} s)\n")
    print(f"| workers | wall (s) | ideal (s) | wall / ideal | CPU, pusher + simulator (s) "
          f"| CPU floor on {os.cpu_count()} cores (s) | faster than the loop |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for workers, wall, ideal, ratio, cpu, floor, speedup in rows:
        print(f"| {workers} | {wall:.2f} | {ideal:.2f} | {ratio:.2f}x | {cpu:.1f} | {floor:.1f} "
              f"| {speedup:.0f}x |")


if __name__ == "__main__":
    main()
