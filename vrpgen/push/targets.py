"""Where each device is reached: the inventory's mgmt addresses, or a hosts file (`vrpgen sim`)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from vrpgen.errors import PushError
from vrpgen.files import write_atomic

# netmiko device types (REFERENCE §5.1): VRP8's two-stage commit needs huawei_vrpv8.
DEVICE_TYPES = {"vrp5": "huawei", "vrp8": "huawei_vrpv8"}


@dataclass(frozen=True, slots=True)
class Credentials:
    username: str
    password: str = field(repr=False)  # never in a repr, a log line or a report

    def __str__(self) -> str:
        return f"{self.username}:********"


@dataclass(frozen=True, slots=True)
class Target:
    name: str
    host: str
    port: int
    platform: str

    @property
    def device_type(self) -> str:
        return DEVICE_TYPES[self.platform]


def credentials_from_env(environ: Mapping[str, str] | None = None) -> Credentials | None:
    """VRPGEN_USERNAME / VRPGEN_PASSWORD, or None when either is unset (the CLI then asks)."""
    env = os.environ if environ is None else environ
    username, password = env.get("VRPGEN_USERNAME"), env.get("VRPGEN_PASSWORD")
    if not username or not password:
        return None
    return Credentials(username, password)


def write_hosts(path: Path, hosts: Mapping[str, tuple[str, int]], origin: str) -> None:
    """The hosts file that `load_hosts` reads: `device: {host: H, port: P}`, atomically."""
    text = f"# written by {origin}; pass to `vrpgen backup --hosts FILE`\n"
    text += yaml.safe_dump({name: {"host": host, "port": port}
                            for name, (host, port) in hosts.items()},
                           sort_keys=False, default_flow_style=False)
    write_atomic(path, text)


def load_hosts(path: Path) -> dict[str, tuple[str, int]]:
    """A hosts file: `device: {host: H, port: P}` (as `vrpgen sim --hosts-out` writes it)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PushError(f"{path}: cannot read hosts file: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise PushError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise PushError(f"{path}: expected a mapping of device: {{host, port}}")
    hosts: dict[str, tuple[str, int]] = {}
    for name, entry in data.items():
        host = entry.get("host") if isinstance(entry, dict) else None
        port = entry.get("port", 22) if isinstance(entry, dict) else None
        if not isinstance(host, str) or not isinstance(port, int) or not 0 < port < 65536:
            raise PushError(f"{path}: {name}: expected {{host: ADDRESS, port: 1-65535}}")
        hosts[str(name)] = (host, port)
    return hosts


def targets(platforms: Mapping[str, str], mgmt: Mapping[str, tuple[str, int] | None],
            hosts: Mapping[str, tuple[str, int]] | None = None) -> list[Target]:
    """One target per device; a hosts file, when given, replaces the inventory's addresses."""
    found: list[Target] = []
    missing: list[str] = []
    for name in sorted(platforms):
        address = hosts.get(name) if hosts is not None else mgmt.get(name)
        if address is None:
            missing.append(name)
            continue
        found.append(Target(name, address[0], address[1], platforms[name]))
    if missing:
        where = "the hosts file" if hosts is not None else "mgmt in the inventory"
        raise PushError(f"no address for {', '.join(missing)} in {where}")
    return found
