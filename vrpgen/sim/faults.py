"""Per-device misbehaviour, read from the `--faults` YAML file.

```yaml
R1:
  refuse_login: true          # every password is rejected (netmiko: authentication error)
R2:
  drop_after: 5               # the 6th command of a session closes the connection
  hang_after: 8               # after 8 commands the session stops answering (no echo either)
  latency: 0.5                # seconds before each command's answer
  fail_commit: true           # VRP8: `commit` fails and the candidate stays
  initial_password: true      # login asks `Change now? [Y/N]:` (netmiko answers N)
  errors:                     # commands matching a regex get an error instead of running
    - pattern: "^undo bgp"
      message: "Error: The system is busy in building configuration."
  questions:                  # commands matching a regex ask a question nobody planned for;
    - pattern: "^description" # Y runs the command, N (or anything else) drops it
      message: "Warning: The interface will be reset. Continue? [Y/N]:"
  ignore: ["^vlan batch"]     # commands matching a regex are answered but never applied
```
Commands are non-empty input lines, counted per SSH session.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vrpgen.errors import VrpgenError
from vrpgen.hosts import read_yaml
from vrpgen.sim.texts import BUSY_ERROR


class SimError(VrpgenError):
    """The simulator cannot start as asked (bad faults file, port in use, unknown device)."""


@dataclass(frozen=True, slots=True)
class ErrorRule:
    pattern: re.Pattern[str]
    message: str = BUSY_ERROR


@dataclass(frozen=True, slots=True)
class Faults:
    refuse_login: bool = False
    drop_after: int | None = None
    hang_after: int | None = None
    latency: float = 0.0
    fail_commit: bool = False
    errors: tuple[ErrorRule, ...] = field(default_factory=tuple)
    initial_password: bool = False
    questions: tuple[ErrorRule, ...] = field(default_factory=tuple)
    ignore: tuple[re.Pattern[str], ...] = field(default_factory=tuple)

    def question_for(self, line: str) -> str | None:
        for rule in self.questions:
            if rule.pattern.search(line):
                return rule.message
        return None

    def ignores(self, line: str) -> bool:
        return any(p.search(line) for p in self.ignore)

    def error_for(self, line: str) -> str | None:
        for rule in self.errors:
            if rule.pattern.search(line):
                return rule.message
        return None


NO_FAULTS = Faults()
_KEYS = {
    "refuse_login",
    "drop_after",
    "hang_after",
    "latency",
    "fail_commit",
    "errors",
    "initial_password",
    "questions",
    "ignore",
}
UNPLANNED_QUESTION = "Warning: This operation may affect the service. Continue? [Y/N]:"


def load_faults(path: Path, devices: set[str] | None = None) -> dict[str, Faults]:
    """Read a faults file; `devices` (when given) are the names a fault may refer to. A file
    that cannot be read, is not UTF-8 or YAML, or writes a key twice is a SimError naming the
    file (and the line), never a traceback."""
    data = read_yaml(path, "faults file", SimError)
    return parse_faults(data or {}, str(path), devices)


def parse_faults(data: Any, where: str, devices: set[str] | None = None) -> dict[str, Faults]:
    if not isinstance(data, Mapping):
        raise SimError(f"{where}: expected a mapping of device name to faults")
    result: dict[str, Faults] = {}
    for name, spec in data.items():
        if devices is not None and str(name) not in devices:
            known = ", ".join(sorted(devices))
            raise SimError(f"{where}: {name}: no such device (known: {known})")
        result[str(name)] = _one(spec, f"{where}: {name}")
    return result


def _one(spec: Any, where: str) -> Faults:
    if not isinstance(spec, Mapping):
        raise SimError(f"{where}: expected a mapping of fault settings")
    unknown = set(spec) - _KEYS
    if unknown:
        raise SimError(f"{where}: unknown fault {sorted(unknown)[0]!r} (known: {sorted(_KEYS)})")
    return Faults(
        refuse_login=_bool(spec, "refuse_login", where),
        drop_after=_count(spec, "drop_after", where),
        hang_after=_count(spec, "hang_after", where),
        latency=_seconds(spec, where),
        fail_commit=_bool(spec, "fail_commit", where),
        errors=_rules(spec.get("errors", []), where),
        initial_password=_bool(spec, "initial_password", where),
        questions=_rules(spec.get("questions", []), where, UNPLANNED_QUESTION, "Warning"),
        ignore=tuple(r.pattern for r in _rules(spec.get("ignore", []), where)),
    )


def _bool(spec: Mapping[str, Any], key: str, where: str) -> bool:
    value = spec.get(key, False)
    if not isinstance(value, bool):
        raise SimError(f"{where}: {key} must be true or false")
    return value


def _count(spec: Mapping[str, Any], key: str, where: str) -> int | None:
    value = spec.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SimError(f"{where}: {key} must be a whole number of commands >= 0")
    return value


def _seconds(spec: Mapping[str, Any], where: str) -> float:
    value = spec.get("latency", 0.0)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise SimError(f"{where}: latency must be a number of seconds >= 0")
    return float(value)


def _rules(items: Any, where: str, default: str = BUSY_ERROR,
           prefix: str = "Error") -> tuple[ErrorRule, ...]:
    if not isinstance(items, list):
        raise SimError(f"{where}: errors must be a list of {{pattern, message}}")
    rules = []
    for i, item in enumerate(items):
        if isinstance(item, str):
            item = {"pattern": item}
        if not isinstance(item, Mapping) or "pattern" not in item:
            raise SimError(f"{where}: errors[{i}] needs a pattern")
        try:
            pattern = re.compile(str(item["pattern"]))
        except re.error as exc:
            raise SimError(f"{where}: errors[{i}]: bad regular expression: {exc}") from None
        message = str(item.get("message", default))
        if not message.startswith(prefix):
            raise SimError(f"{where}: errors[{i}]: message must start with {prefix!r} as "
                           "VRP's do")
        rules.append(ErrorRule(pattern, message))
    return tuple(rules)
