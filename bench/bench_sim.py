"""Benchmark: netmiko connects to N simulated devices and reads `display current-configuration`.

The simulator runs as its own process (`vrpgen sim --detach`), as in a demo or test run; each
device is loaded with the seed lab's R1 configuration under its own sysname. For each N the
script times (a) one device after another and (b) a thread pool, `--repeat` times, and prints the
medians as a Markdown table (the figures in docs/benchmarks.md, section "Simulator").

    .venv/bin/python bench/bench_sim.py [--sizes 1,50,200] [--repeat 3] [--workers 20]

Timed per device: ConnectHandler(...) (SSH handshake, login, prompt, `screen-length 0 temporary`)
plus send_command("display current-configuration"). The session is then closed without netmiko's
disconnect(), whose config-mode check waits 2 s for silence by design (REFERENCE §5.2) and
would dominate every figure.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml
from netmiko import ConnectHandler

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "tests" / "golden" / "seed" / "R1.cfg"
USER, PASSWORD = "bench", "bench-pw"


def start_sim(work: Path, count: int, platform: str) -> tuple[dict[str, int], float, int]:
    """Start `count` devices in one background process; returns ports, start time, pid."""
    backups = work / "backups"
    backups.mkdir(exist_ok=True)
    seed = SEED.read_text(encoding="utf-8")
    names = [f"D{i:03d}" for i in range(1, count + 1)]
    for name in names:
        (backups / f"{name}.cfg").write_text(seed.replace("sysname R1", f"sysname {name}"))
    args = [a for n in names for a in ("--device", f"{n}:{platform}")]
    env = {**os.environ, "VRPGEN_USERNAME": USER, "VRPGEN_PASSWORD": PASSWORD}
    hosts, pid_file = work / "hosts.yml", work / "sim.pid"
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "vrpgen", "sim", *args, "--load", str(backups), "--base-port",
         "0", "--hosts-out", str(hosts), "--pid-file", str(pid_file), "--detach"],
        check=True, env=env, cwd=REPO, capture_output=True, text=True,
    )
    elapsed = time.perf_counter() - started
    ports = {n: int(v["port"]) for n, v in yaml.safe_load(hosts.read_text()).items()}
    return ports, elapsed, int(pid_file.read_text())


def stop_sim(work: Path) -> None:
    subprocess.run([sys.executable, "-m", "vrpgen", "sim", "--stop", "--pid-file",
                    str(work / "sim.pid")], check=True, cwd=REPO, capture_output=True)


def read_config(port: int, device_type: str) -> int:
    conn = ConnectHandler(device_type=device_type, host="127.0.0.1", port=port, username=USER,
                          password=PASSWORD)
    try:
        text = conn.send_command("display current-configuration")
        if "bgp 64512" not in text:
            raise RuntimeError(f"unexpected output from port {port}: {text[:200]!r}")
        return len(text)
    finally:
        conn.paramiko_cleanup()


def sequential(ports: list[int], device_type: str) -> float:
    start = time.perf_counter()
    for port in ports:
        read_config(port, device_type)
    return time.perf_counter() - start


def pooled(ports: list[int], device_type: str, workers: int) -> float:
    start = time.perf_counter()
    with ThreadPoolExecutor(min(workers, len(ports))) as pool:
        list(pool.map(lambda port: read_config(port, device_type), ports))
    return time.perf_counter() - start


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,50,200")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=20)
    parser.add_argument("--platform", default="vrp5", choices=["vrp5", "vrp8"])
    opts = parser.parse_args()
    device_type = "huawei" if opts.platform == "vrp5" else "huawei_vrpv8"
    rows = []
    for size in (int(s) for s in opts.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            ports, startup, pid = start_sim(work, size, opts.platform)
            try:
                seq, par = [], []
                for _ in range(opts.repeat):
                    seq.append(sequential(list(ports.values()), device_type))
                    par.append(pooled(list(ports.values()), device_type, opts.workers))
                rss = rss_mib(pid)
            finally:
                stop_sim(work)
        rows.append((size, startup, statistics.median(seq), statistics.median(par), rss))
        print(f"{size} devices done", file=sys.stderr)
    print(f"| devices | sim start (s) | sequential (s) | pool of {opts.workers} (s) "
          "| per device, sequential (ms) | sim RSS (MiB) |")
    print("|---:|---:|---:|---:|---:|---:|")
    for size, startup, seq_s, par_s, rss in rows:
        print(f"| {size} | {startup:.2f} | {seq_s:.2f} | {par_s:.2f} | {1000 * seq_s / size:.0f} "
              f"| {rss:.0f} |")


if __name__ == "__main__":
    main()
