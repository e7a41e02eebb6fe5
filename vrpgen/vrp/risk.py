"""Risk machinery: a remediation command is rated by the spec it sends, not by its text.

The ratings themselves live with their specs in the family modules (`Spec.risk`); issue 4
decides them: high for `undo bgp`, `undo ospf`, a router-id change, a shutdown, a VLAN pulled
from a trunk, a BGP peer removed or reset, a link-type change; medium when forwarding or routing
state changes; low when a line only adds or documents.
"""

from __future__ import annotations

from dataclasses import dataclass

from vrpgen.vrp.spec import ADDS, HIGH, LOW, MEDIUM, REMOVES, Rating, Spec

__all__ = ["HIGH", "LOW", "MEDIUM", "Command", "Risk", "command", "enter", "rate"]


@dataclass(frozen=True, slots=True)
class Command:
    """One line to send, in order, with the dialog it may raise (REFERENCE §2.5)."""

    text: str
    question: str | None = None
    answer: str | None = None
    level: str | None = None  # None for view entries and quits
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Risk:
    level: str
    reason: str
    command: str

    def to_dict(self) -> dict[str, str]:
        return {"level": self.level, "reason": self.reason, "command": self.command}


class _Values(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def rate(
    spec: Spec | None,
    text: str,
    *,
    removal: bool = False,
    replaced: bool = False,
    values: dict[str, str] | None = None,
) -> tuple[str, str]:
    """(level, reason) of sending `text`: `spec`'s line, or its undo when `removal`.

    A line the model does not know (spec None) is rated by its only visible trait: an undo
    removes, anything else adds."""
    if spec is None:
        rating = REMOVES if text.startswith("undo ") else ADDS
    else:
        risks = spec.risk
        rating = risks.remove if removal else risks.add
        extra = risks.remove_replacing if removal else risks.add_replacing
        if replaced and extra is not None:
            rating = extra
    return rating.level, _reason(rating, values)


def _reason(rating: Rating, values: dict[str, str] | None) -> str:
    if "{" not in rating.reason:
        return rating.reason
    return " ".join(rating.reason.format_map(_Values(values or {})).split())


def command(
    text: str,
    spec: Spec | None,
    question: str | None = None,
    *,
    removal: bool = False,
    replaced: bool = False,
    values: dict[str, str] | None = None,
) -> Command:
    level, reason = rate(spec, text, removal=removal, replaced=replaced, values=values)
    return Command(text, question, "Y" if question else None, level, reason)


def enter(text: str) -> Command:
    """A view entry or `quit`: no risk of its own."""
    return Command(text)
