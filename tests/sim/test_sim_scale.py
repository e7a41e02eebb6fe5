"""Many devices in one process, ports from the base upwards (skipping ports in use)."""

from __future__ import annotations

import socket
import time

import paramiko
from sim_support import PASSWORD, USER

from vrpgen.sim.runner import DeviceSpec, SimThread


def prompt_of(port: int) -> str:
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect("127.0.0.1", port, USER, PASSWORD, look_for_keys=False, allow_agent=False)
    try:
        chan = client.invoke_shell()
        chan.settimeout(10)
        data = ""
        while not data.endswith(">"):
            data += chan.recv(4096).decode()
        return data.rsplit("\r\n", 1)[-1]
    finally:
        client.close()


def test_two_hundred_devices_in_one_process() -> None:
    specs = [DeviceSpec(f"D{i:03d}", "vrp8" if i % 2 else "vrp5") for i in range(200)]
    start = time.monotonic()
    sim = SimThread(specs, username=USER, password=PASSWORD)
    try:
        assert time.monotonic() - start < 30
        assert len(set(sim.ports.values())) == 200
        assert prompt_of(sim.ports["D000"]) == "<D000>"
        assert prompt_of(sim.ports["D199"]) == "<D199>"
    finally:
        sim.stop()


def test_ports_count_up_from_the_base_and_skip_busy_ones() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        base = busy.getsockname()[1]
        sim = SimThread([DeviceSpec("A", "vrp5"), DeviceSpec("B", "vrp5")], base_port=base,
                        username=USER, password=PASSWORD)
        try:
            assert sim.ports["A"] > base
            assert sim.ports["B"] > sim.ports["A"]
            assert sim.sim.hosts() == {"A": {"host": "127.0.0.1", "port": sim.ports["A"]},
                                             "B": {"host": "127.0.0.1", "port": sim.ports["B"]}}
        finally:
            sim.stop()
