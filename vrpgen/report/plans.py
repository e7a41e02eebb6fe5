"""A change plan as styled text lines (terminal), a markdown document (merge requests) or JSON."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vrpgen import jsontext
from vrpgen.vrp import Command, Plan, view_depths
from vrpgen.vrp.secrets import mask

# Style names are rich's; a reader that prints without colour ignores them.
RISK_STYLE: dict[str, str | None] = {"high": "bold red", "medium": "yellow", "low": None}

Line = tuple[str, str | None]  # (text, style)


def indented(commands: list[Command]) -> list[str]:
    """Commands indented by view depth, as an engineer reads them, secrets masked; what is
    sent is unchanged."""
    texts = [c.text for c in commands]
    return [" " * depth + mask(text)
            for depth, text in zip(view_depths(texts), texts, strict=True)]


def text_lines(name: str | None, result: Plan) -> list[Line]:
    """One device's plan: the unified diff, the commands with their dialogs, the risks."""
    lines: list[Line] = []
    if name:
        lines.append((f"== {name}", "bold"))
    if not result.commands:
        lines.append((f"no changes ({result.unmanaged} unmanaged lines left alone)", None))
        return lines
    for line in result.diff.splitlines():
        lines.append((line, "green" if line.startswith("+") else
                      "red" if line.startswith("-") else None))
    if result.unmanaged:  # issue 10: what the plan leaves alone is kept, never shown as `-`
        lines.append((f"  … {result.unmanaged} unmanaged lines kept", "dim"))
    lines.append(("commands:", "bold"))
    for cmd, text in zip(result.commands, indented(result.commands), strict=True):
        suffix = f"   [answers {cmd.answer} to: {cmd.question}]" if cmd.question else ""
        lines.append((f"  {text}{suffix}", RISK_STYLE.get(cmd.level or "")))
    lines.append(("risks:", "bold"))
    for risk in result.risks:
        if risk.level != "low":
            lines.append((f"  {risk.level:6} {risk.command}: {risk.reason}",
                          RISK_STYLE[risk.level]))
    low = sum(1 for r in result.risks if r.level == "low")
    lines.append((f"  {low} low-risk changes; {result.unmanaged} unmanaged lines left alone",
                  None))
    return lines


def markdown(plans: Mapping[str, Plan]) -> str:
    """A summary table and, per changed device, the diff and the commands."""
    lines = ["| device | commands | high | medium | low | unmanaged |", "|---|---|---|---|---|---|"]
    for name, p in plans.items():
        levels = [r.level for r in p.risks]
        lines.append(f"| {name} | {len(p.commands)} | {levels.count('high')} | "
                     f"{levels.count('medium')} | {levels.count('low')} | {p.unmanaged} |")
    for name, p in plans.items():
        if p.commands:
            lines += ["", f"## {name}", "", "```diff", p.diff, "```", "", "```",
                      *indented(p.commands), "```"]
    return "\n".join(lines)


def as_json(document: Mapping[str, Any]) -> str:
    return jsontext.dumps(dict(document))
