"""One exception tree for every failure a user may see.

Exceptions carry data and never print; only the CLI formats them and picks exit codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def printable(text: str) -> str:
    """Escape control characters so that one issue stays one line of output."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a value was written: file, 1-based line and column."""

    file: str
    line: int
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found in the inventory, with the path of the value and a hint to fix it."""

    path: str
    message: str
    hint: str | None = None
    ref: SourceRef | None = None
    severity: Severity = Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        if self.ref is None:
            return ("~", 0, 0, self.path)
        return (self.ref.file, self.ref.line, self.ref.column, self.path)

    def format(self) -> str:
        where = f"{self.ref}: " if self.ref else ""
        label = "warning: " if self.severity is Severity.WARNING else ""
        path = f"{printable(self.path)}: " if self.path else ""
        text = f"{where}{label}{path}{printable(self.message)}"
        if self.hint:
            text += f"\n  hint: {printable(self.hint)}"
        return text


class VrpgenError(Exception):
    """Anything the CLI may show to a user without a traceback (exit 1)."""


class YamlError(VrpgenError):
    """An inventory file is not readable YAML, or breaks a rule of the YAML layer."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = sorted(issues, key=Issue.sort_key)
        super().__init__("\n".join(i.format() for i in self.issues))


class InventoryError(VrpgenError):
    """The inventory is invalid: every issue of the run, sorted by file and line."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = sorted(issues, key=Issue.sort_key)
        super().__init__("\n".join(i.format() for i in self.issues))


class RenderError(VrpgenError):
    """A template failed: names the template and its line."""


class OutputError(VrpgenError):
    """An output file or directory could not be written."""


class InputError(VrpgenError):
    """An input file cannot be read: missing, not a regular file, too large."""


class DiffError(VrpgenError):
    """A configuration text could not be parsed or compared."""


class RemediationError(DiffError):
    """A device's plan stops: these changes have no remediation the model knows (no undo in
    REFERENCE, or no safe in-place change). `lines` are the refused lines, each with its view
    path (`ip vpn-instance A > ipv4-family > vpn-target 1:1 export-extcommunity`) and why."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = list(lines)
        super().__init__("cannot remediate: " + "; ".join(self.lines))


class PushError(VrpgenError):
    """A device could not be reached, read or configured."""
