"""Start one SSH server per device on 127.0.0.1, all on one event loop, and write the hosts file.

`start()` is the asyncio API; `SimThread` runs the same in a background thread for tests and
benchmarks that drive it with a synchronous client (netmiko).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import asyncssh

from vrpgen import hosts as hosts_file
from vrpgen.sim.device import Device, factory_config
from vrpgen.sim.engine import ApplierFactory
from vrpgen.sim.faults import NO_FAULTS, Faults, SimError
from vrpgen.sim.limits import DEFAULT_LIMITS, Budget, Limits
from vrpgen.sim.server import DeviceServer
from vrpgen.vrp import Applier

HOST = "127.0.0.1"  # loopback only, never another address
DEFAULT_USERNAME = "vrpgen"
DEFAULT_PASSWORD = "vrpgen"  # documented demo default; VRPGEN_PASSWORD overrides
MAX_PORT = 65535

T = TypeVar("T")
_host_key: asyncssh.SSHKey | None = None


def host_key() -> asyncssh.SSHKey:
    """One in-memory host key per process: nothing is written to disk."""
    global _host_key
    if _host_key is None:
        _host_key = asyncssh.generate_private_key("ssh-ed25519")
    return _host_key


def credentials() -> tuple[str, str]:
    """VRPGEN_USERNAME / VRPGEN_PASSWORD, defaulting to vrpgen / vrpgen for the demo."""
    return (
        os.environ.get("VRPGEN_USERNAME") or DEFAULT_USERNAME,
        os.environ.get("VRPGEN_PASSWORD") or DEFAULT_PASSWORD,
    )


@dataclass(frozen=True, slots=True)
class DeviceSpec:
    name: str
    platform: str
    config: str | None = None  # display-form text (a backup); None = factory default
    model: str | None = None  # vrp/models.py; None: the platform's generic rules


def load_specs(platforms: Mapping[str, str], load: Path | None = None,
               models: Mapping[str, str] | None = None) -> list[DeviceSpec]:
    """One spec per device; with `load`, each starts from `load/<device>.cfg` (a CRLF/LF backup);
    `models` gives each device's model (the inventory's, vrp/models.py)."""
    specs = []
    for name, platform in platforms.items():
        text = None
        if load is not None:
            path = load / f"{name}.cfg"
            try:
                text = path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
            except OSError as exc:
                raise SimError(f"{path}: cannot read backup: {exc.strerror}") from None
        specs.append(DeviceSpec(name, platform, text, (models or {}).get(name)))
    return specs


@dataclass
class Simulator:
    devices: dict[str, Device]
    ports: dict[str, int]
    servers: list[asyncssh.SSHAcceptor] = field(default_factory=list)
    live: set[asyncssh.SSHServerConnection] = field(default_factory=set)
    limits: Limits = DEFAULT_LIMITS
    budget: Budget = field(default_factory=lambda: Budget(DEFAULT_LIMITS.total))

    def hosts(self) -> dict[str, dict[str, str | int]]:
        return {name: {"host": HOST, "port": port} for name, port in self.ports.items()}

    async def close(self) -> None:
        """Stop listening and close every open session."""
        for server in self.servers:
            server.close()
        await asyncio.gather(*(s.wait_closed() for s in self.servers), return_exceptions=True)
        self.servers.clear()
        connections = list(self.live)
        for conn in connections:
            conn.close()
        await asyncio.gather(*(c.wait_closed() for c in connections), return_exceptions=True)


async def start(
    specs: list[DeviceSpec],
    *,
    base_port: int = 0,
    username: str = DEFAULT_USERNAME,
    password: str = DEFAULT_PASSWORD,
    faults: Mapping[str, Faults] | None = None,
    applier: ApplierFactory = Applier,
    limits: Limits = DEFAULT_LIMITS,
) -> Simulator:
    """Listen for every device; ports from `base_port` upwards (0: the kernel picks each port).
    `limits` bound what the clients may make the process hold (limits.py); one budget for all."""
    faults = faults or {}
    sim = Simulator(devices={}, ports={}, limits=limits, budget=Budget(limits.total))
    port = base_port
    try:
        for spec in specs:
            text = spec.config
            if text is None:
                text = factory_config(spec.name, spec.platform)
            device = Device.from_text(spec.name, spec.platform, text, applier, spec.model)
            fault = faults.get(spec.name, NO_FAULTS)

            def factory(d: Device = device, f: Faults = fault) -> DeviceServer:
                return DeviceServer(d, username, password, f, sim.live, limits, sim.budget)

            server, port = await _listen(factory, port, limits.window)
            sim.servers.append(server)
            sim.devices[spec.name] = device
            sim.ports[spec.name] = server.sockets[0].getsockname()[1]
            if port:
                port += 1
    except BaseException:
        await sim.close()
        raise
    return sim


async def _listen(
    factory: Callable[[], DeviceServer], port: int, window: int
) -> tuple[asyncssh.SSHAcceptor, int]:
    """Bind at `port`, or the next free port above it; port 0 lets the kernel choose."""
    while True:
        try:
            server = await asyncssh.listen(
                HOST,
                port,
                server_factory=factory,
                server_host_keys=[host_key()],
                line_editor=False,
                encoding="utf-8",
                errors="replace",
                reuse_address=True,
                window=window,  # what a paused session may still receive (limits.py)
            )
            return server, port
        except OSError as exc:
            if port == 0 or exc.errno != errno.EADDRINUSE:
                raise SimError(f"cannot listen on {HOST}:{port}: {exc.strerror}") from None
            port += 1
            if port > MAX_PORT:
                raise SimError("no free port left above the base port") from None


def write_hosts(path: Path, sim: Simulator) -> None:
    """The hosts file `vrpgen backup --hosts` reads; its format lives in vrpgen/hosts.py."""
    hosts_file.write_hosts(path, {name: (HOST, port) for name, port in sim.ports.items()},
                           "`vrpgen sim`")


class SimThread:
    """The simulator on its own event loop in a daemon thread (for tests and benchmarks)."""

    def __init__(
        self,
        specs: list[DeviceSpec],
        *,
        base_port: int = 0,
        username: str = DEFAULT_USERNAME,
        password: str = DEFAULT_PASSWORD,
        faults: Mapping[str, Faults] | None = None,
        applier: ApplierFactory = Applier,
        limits: Limits = DEFAULT_LIMITS,
    ) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        coro = start(
            specs,
            base_port=base_port,
            username=username,
            password=password,
            faults=faults,
            applier=applier,
            limits=limits,
        )
        future = asyncio.run_coroutine_threadsafe(coro, self._loop)
        try:
            self.sim: Simulator = future.result(timeout=60)
        except BaseException:
            self._stop_loop()
            raise

    @property
    def ports(self) -> dict[str, int]:
        return self.sim.ports

    @property
    def devices(self) -> dict[str, Device]:
        return self.sim.devices

    def call(self, func: Callable[[], T]) -> T:
        """Run a plain function on the simulator's loop (device state is loop-owned)."""

        async def run() -> T:
            return func()

        return asyncio.run_coroutine_threadsafe(run(), self._loop).result(timeout=30)

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self.sim.close(), self._loop).result(timeout=30)
        self._stop_loop()

    def _stop_loop(self) -> None:
        async def drain() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(drain(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    def __enter__(self) -> SimThread:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
