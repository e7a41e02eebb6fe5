"""Where each device is reached: the inventory's mgmt addresses, or a hosts file (`vrpgen sim`)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from vrpgen.errors import PushError

# netmiko device types (REFERENCE §5.1): VRP8's two-stage commit needs huawei_vrpv8.
DEVICE_TYPES = {"vrp5": "huawei", "vrp8": "huawei_vrpv8"}

# The SSH login: read here, and never a value push fills into a configuration (push/secrets.py).
USERNAME_VARIABLE, PASSWORD_VARIABLE = "VRPGEN_USERNAME", "VRPGEN_PASSWORD"
CREDENTIAL_VARIABLES = frozenset({USERNAME_VARIABLE, PASSWORD_VARIABLE})


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
    username, password = env.get(USERNAME_VARIABLE), env.get(PASSWORD_VARIABLE)
    if not username or not password:
        return None
    return Credentials(username, password)


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
