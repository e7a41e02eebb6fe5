"""The hosts-file format (`device: {host: H, port: P}`): `vrpgen sim --hosts-out` writes it,
`--hosts FILE` of backup and push reads it. Neutral: neither sim nor push owns it."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import yaml

from vrpgen.errors import PushError
from vrpgen.files import write_atomic


def write_hosts(path: Path, hosts: Mapping[str, tuple[str, int]], origin: str) -> None:
    """The hosts file that `load_hosts` reads, atomically."""
    text = f"# written by {origin}; pass to `vrpgen backup --hosts FILE`\n"
    text += yaml.safe_dump({name: {"host": host, "port": port}
                            for name, (host, port) in hosts.items()},
                           sort_keys=False, default_flow_style=False)
    write_atomic(path, text)


def load_hosts(path: Path) -> dict[str, tuple[str, int]]:
    """A hosts file as {device: (host, port)}; PushError naming the file on any problem."""
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
