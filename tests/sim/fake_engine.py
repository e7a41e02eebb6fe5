"""A tiny stand-in for vrpgen.vrp, so the session/SSH layer is tested on its own.

It knows `sysname`, `interface NAME` (exact canonical names), `description` and `undo
description` in interface view, `quit`, and `undo interface NAME` (asks a [Y/N] question).
"""

from __future__ import annotations

from dataclasses import dataclass, field

QUESTION = "Warning: This will delete the interface. Continue? [Y/N]:"


@dataclass
class FakeConfig:
    sysname: str = "HUAWEI"
    interfaces: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class FakeError:
    kind: str
    column: int
    message: str


@dataclass(frozen=True)
class FakeOutcome:
    error: FakeError | None = None
    question: str | None = None
    left_system_view: bool = False


UNRECOGNIZED = "Error: Unrecognized command found at '^' position."


class FakeApplier:
    def __init__(self, config: FakeConfig, platform: str) -> None:
        self.config = config
        self.platform = platform
        self.view_name = ""
        self._pending: str | None = None

    def execute(self, line: str) -> FakeOutcome:
        words = line.split()
        if words == ["quit"]:
            if self.view_name:
                self.view_name = ""
                return FakeOutcome()
            return FakeOutcome(left_system_view=True)
        if not self.view_name:
            if len(words) == 2 and words[0] == "sysname":
                self.config.sysname = words[1]
                return FakeOutcome()
            if len(words) == 2 and words[0] == "interface":
                self.config.interfaces.setdefault(words[1], [])
                self.view_name = words[1]
                return FakeOutcome()
            if len(words) == 3 and words[:2] == ["undo", "interface"]:
                self._pending = words[2]
                return FakeOutcome(question=QUESTION)
        elif words and words[0] == "description" and len(words) > 1:
            self.config.interfaces[self.view_name] = [line.strip()]
            return FakeOutcome()
        elif words == ["undo", "description"]:
            self.config.interfaces[self.view_name] = []
            return FakeOutcome()
        column = line.index(words[-1]) if len(words) > 1 else line.index(words[0])
        return FakeOutcome(error=FakeError("unrecognized", column, UNRECOGNIZED))

    def answer(self, yes: bool) -> FakeOutcome:
        if yes and self._pending is not None:
            self.config.interfaces.pop(self._pending, None)
        self._pending = None
        return FakeOutcome()


class FakeEngine:
    def parse(self, text: str) -> FakeConfig:
        config = FakeConfig()
        current: str | None = None
        for line in text.splitlines():
            if line.startswith("sysname "):
                config.sysname = line.split()[1]
            elif line.startswith("interface "):
                current = line.split()[1]
                config.interfaces[current] = []
            elif line.startswith(" ") and current is not None:
                config.interfaces[current].append(line.strip())
            else:
                current = None
        return config

    def serialize(self, config: FakeConfig, platform: str = "vrp5") -> str:
        lines = ["#", f"sysname {config.sysname}", "#"]
        for name, body in config.interfaces.items():
            lines.append(f"interface {name}")
            lines.extend(f" {b}" for b in body)
            lines.append("#")
        lines.append("return")
        return "\n".join(lines) + "\n"

    def applier(self, config: FakeConfig, platform: str) -> FakeApplier:
        return FakeApplier(config, platform)
