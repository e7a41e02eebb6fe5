"""The hosts-file format (`device: {host: H, port: P}`): `vrpgen sim --hosts-out` writes it,
`--hosts FILE` of backup and push reads it. Neutral: neither sim nor push owns it.

`safe_load_unique` is the strict YAML reader of the small hand-edited files (this one and the
simulator's faults file): yaml.safe_load silently keeps the last of two equal keys, which here
would send a device's credentials to the other entry's address.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from pathlib import Path
from typing import Any

import yaml

from vrpgen.errors import PushError
from vrpgen.files import write_atomic

_ENTRY_KEYS = frozenset({"host", "port"})


class DuplicateKeyError(yaml.YAMLError):
    """The same key twice in one mapping; lines are 1-based."""

    def __init__(self, key: object, line: int, first: int) -> None:
        super().__init__(f"line {line}: duplicate key {key!r} (first written at line {first})")
        self.key, self.line, self.first = key, line, first


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key written twice in one mapping."""


def _unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: dict[Hashable, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if isinstance(key, Hashable):
            if key in seen:
                raise DuplicateKeyError(key, line, seen[key])
            seen[key] = line
    return loader.construct_mapping(node, deep=True)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


def safe_load_unique(text: str) -> Any:
    """yaml.safe_load, but a duplicate key raises DuplicateKeyError (a yaml.YAMLError)."""
    return yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader: no arbitrary objects


def read_yaml(path: Path, what: str, error: type[Exception]) -> Any:
    """A small YAML file: `error(message)` naming `path` (and the line) when it cannot be read,
    is not UTF-8, is not YAML, or writes a key twice."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise error(f"{path}: cannot read {what}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise error(f"{path}:{line}: {what} is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} "
                    f"at offset {exc.start})") from None
    try:
        return safe_load_unique(text)
    except DuplicateKeyError as exc:
        raise error(f"{path}:{exc.line}: duplicate key {exc.key!r} (first written at line "
                    f"{exc.first})") from None
    except yaml.YAMLError as exc:
        raise error(f"{path}: not valid YAML: {exc}") from None


def write_hosts(path: Path, hosts: Mapping[str, tuple[str, int]], origin: str) -> None:
    """The hosts file that `load_hosts` reads, atomically."""
    text = f"# written by {origin}; pass to `vrpgen backup --hosts FILE`\n"
    text += yaml.safe_dump({name: {"host": host, "port": port}
                            for name, (host, port) in hosts.items()},
                           sort_keys=False, default_flow_style=False)
    write_atomic(path, text)


def load_hosts(path: Path) -> dict[str, tuple[str, int]]:
    """A hosts file as {device: (host, port)}; PushError naming the file on any problem: a device
    written twice (with both lines), unknown keys, a port that is not 1-65535."""
    data = read_yaml(path, "hosts file", PushError)
    if not isinstance(data, dict):
        raise PushError(f"{path}: expected a mapping of device: {{host, port}}")
    hosts: dict[str, tuple[str, int]] = {}
    for name, entry in data.items():
        if str(name) in hosts:  # `1:` and `'1':` are one device name
            raise PushError(f"{path}: device {name!r} is written twice")
        unknown = sorted(str(k) for k in entry if k not in _ENTRY_KEYS) \
            if isinstance(entry, dict) else []
        if unknown:
            raise PushError(f"{path}: {name}: unknown key {unknown[0]!r} (known: host, port)")
        host = entry.get("host") if isinstance(entry, dict) else None
        port = entry.get("port", 22) if isinstance(entry, dict) else None
        if not isinstance(host, str) or not host or isinstance(port, bool) \
                or not isinstance(port, int) or not 0 < port < 65536:
            raise PushError(f"{path}: {name}: expected {{host: ADDRESS, port: 1-65535}}")
        hosts[str(name)] = (host, port)
    return hosts
