"""A push run for people: the summary table rows, each device's detail and the closing line.

Reads the JSON-ready dict of a run (pipeline.PushRun.to_dict), so report never imports push.
Every text here is already masked by push; none is rich markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vrpgen import jsontext

Line = tuple[str, str | None]  # (text, rich style)

RESULT_STYLE = {"applied": "green", "unchanged": None, "planned": "cyan", "refused": "yellow",
                "failed": "bold red"}


def summary_rows(run: Mapping[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """(device, result, lines sent, duration, detail) per device."""
    rows = []
    for name, d in run["devices"].items():
        detail = d.get("reason") or ""
        if d["result"] == "applied":
            detail = "verified" + (", committed" if d.get("committed") else "") + \
                (", trial confirmed" if d.get("confirmed") else "") + \
                (", saved" if d.get("saved") else "")
        elif d["result"] == "unchanged":
            detail = "nothing to do"
        elif d["result"] == "planned":
            detail = f"{len(d['planned'])} command(s) planned, nothing sent (--dry-run)"
        rows.append((name, d["result"], str(d["lines_sent"]), f"{d['duration_s']:.1f} s",
                     detail))
    return rows


def detail_lines(run: Mapping[str, Any], *, plans: bool = False) -> list[Line]:
    """Per device: the planned commands (with --dry-run), or what a failure left behind."""
    lines: list[Line] = []
    for name, d in run["devices"].items():
        if plans and d["planned"]:
            lines.append((f"== {name}: {len(d['planned'])} command(s)", "bold"))
            lines += [(f"  {c}", None) for c in d["planned"]]
        if d["result"] == "failed" and d["platform"] == "vrp5" and d["lines_applied"]:
            lines.append((f"== {name}: applied before the failure (VRP5 applies each line at "
                          "once)", "bold red"))
            lines += [(f"  {c}", None) for c in d["lines_applied"]]
            if d["undo"]:
                state = {True: "sent and verified", False: "sent, NOT verified",
                         None: "not sent (use --rollback-on-error)"}[d["rolled_back"]]
                lines.append((f"  undo ({state}):", "bold"))
                lines += [(f"    {c}", None) for c in d["undo"]]
    return lines


def closing(run: Mapping[str, Any]) -> list[Line]:
    devices = list(run["devices"].values())
    counts: dict[str, int] = {}
    for d in devices:
        counts[d["result"]] = counts.get(d["result"], 0) + 1
    summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
    lines: list[Line] = [(f"{len(devices)} device(s): {summary}", "bold")]
    if devices and all(d["result"] == "unchanged" for d in devices):
        lines.append(("nothing to do: every device already runs its intended config", None))
    lines += [(f"note: {note}", "dim") for note in run.get("notes", [])]
    return lines


def as_json(run: Mapping[str, Any]) -> str:
    return jsontext.dumps(dict(run))
