"""The change report (`diff --format html`) and the push report (`push --report FILE.html`)
as one self-contained HTML page each: inline CSS, the topology as inline SVG, no script, no
external address, readable offline and printable.

Every text that comes from the inventory or a device (names, descriptions in the diff, device
output, reasons) goes through `html.escape`; the plan's commands, diff and risks are already
masked (vrp/plan.py), and so is everything in a push run (push/executor.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

from vrpgen.report.graph import Graph
from vrpgen.report.plans import indented
from vrpgen.vrp import Plan

RISK_ORDER = ("high", "medium", "low")
NO_PICTURE = ("The topology picture needs Graphviz's `dot` (Debian/Ubuntu: apt-get install "
              "graphviz), which was not found when this report was written.")

CSS = """
body{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:1.5em auto;
max-width:78em;padding:0 1em;color:#1d2329;line-height:1.4}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.8em;
border-bottom:1px solid #d0d7de;padding-bottom:.2em}h3{font-size:1em;margin:1.2em 0 .4em}
.meta{color:#57606a;font-size:.9em}
table{border-collapse:collapse;margin:.5em 0;font-size:.92em}
th,td{border:1px solid #d0d7de;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f3f5f7}td.num{text-align:right;font-variant-numeric:tabular-nums}
.risk,.result{font-weight:600;padding:.05em .45em;border-radius:.3em;white-space:nowrap}
.risk-high,.result-failed{background:#f6c6c0;color:#7b241c}
.risk-medium,.result-refused{background:#fde9b6;color:#7e5109}
.risk-low,.result-applied{background:#cdebd0;color:#145a32}
.result-planned{background:#d6eaf8;color:#1b4f72}.risk-none,.result-unchanged{color:#57606a}
pre{background:#f6f8fa;border:1px solid #d0d7de;padding:.6em;overflow-x:auto;font-size:.85em;
line-height:1.35;margin:.3em 0}
pre span{display:block;white-space:pre}
.add{background:#e6ffec;color:#116329}.del{background:#ffebe9;color:#82071e}
.hunk{color:#0550ae;background:#ddf4ff}.head{color:#57606a;font-weight:600}
.dialog{color:#7e5109}.note{color:#57606a;font-size:.9em}
.picture{overflow:auto;border:1px solid #d0d7de;padding:.5em;background:#fff}
.picture svg{max-width:100%;height:auto}
code{font-size:.92em}
"""


def highest_risk(plan: Plan) -> str:
    """high, medium or low for a change; "none" when the plan changes nothing."""
    levels = {r.level for r in plan.risks}
    if not plan.commands:
        return "none"
    return next((level for level in RISK_ORDER if level in levels), "low")


def diff_counts(diff: str) -> tuple[int, int]:
    """(lines added, lines removed) of a unified diff, its two header lines left out."""
    lines = [line for line in diff.splitlines() if not line.startswith(("+++ ", "--- "))]
    return (sum(1 for line in lines if line.startswith("+")),
            sum(1 for line in lines if line.startswith("-")))


def change_page(plans: Mapping[str, Plan], graph: Graph | None, svg: str | None, *,
                title: str, generated: str, no_picture: str = NO_PICTURE,
                unread: Mapping[str, str] | None = None) -> str:
    """The change report: summary, topology, then per changed device its risks, commands,
    diff; the fingerprints and unmanaged counts of every device. `unread`: device → why its
    running config could not be read (`diff --live`): a summary row each, and no plan."""
    nodes = {n.id: n for n in graph.nodes} if graph is not None else {}
    changed = [name for name, p in plans.items() if p.commands]
    body = [f"<h1>{escape(title)}</h1>",
            f'<p class="meta">written {escape(generated)} by vrpgen · {len(plans)} device(s), '
            f"{len(changed)} with changes"
            f"{f' · {len(unread)} NOT read' if unread else ''} · secrets are masked</p>",
            '<h2 id="summary">Summary</h2>',
            '<table class="summary"><thead><tr><th>device</th><th>platform</th><th>model</th>'
            "<th>lines to add</th><th>lines to remove</th><th>commands</th>"
            "<th>highest risk</th><th>unmanaged lines</th></tr></thead><tbody>"]
    for name, plan in plans.items():
        added, removed = diff_counts(plan.diff)
        risk = highest_risk(plan)
        node = nodes.get(name)
        link = (f'<a href="#device-{escape(name)}">{escape(name)}</a>' if plan.commands
                else escape(name))
        body.append(
            f'<tr data-device="{escape(name)}" data-risk="{risk}"><td>{link}</td>'
            f"<td>{escape(plan.platform)}</td><td>{escape(node.model or '') if node else ''}"
            f'</td><td class="num">{added}</td><td class="num">{removed}</td>'
            f'<td class="num">{len(plan.commands)}</td>'
            f'<td><span class="risk risk-{risk}">{risk}</span></td>'
            f'<td class="num">{plan.unmanaged}</td></tr>')
    body += [f'<tr data-device="{escape(name)}" data-risk="unread"><td>{escape(name)}</td>'
             f'<td colspan="7"><span class="risk risk-high">not read</span> {escape(error)}'
             "</td></tr>" for name, error in sorted((unread or {}).items())]
    body.append("</tbody></table>")
    body += _picture(svg, "Changed devices are coloured by their highest risk; the others are "
                     "grey.", no_picture)
    for name in changed:
        body += _device_section(name, plans[name])
    body += ['<h2 id="fingerprints">Fingerprints</h2>',
             '<p class="note">sha256 of each running configuration the plan was computed '
             "from: <code>push --plan</code> refuses a device whose configuration changed "
             "since.</p>",
             "<table><thead><tr><th>device</th><th>fingerprint</th></tr></thead><tbody>"]
    body += [f"<tr><td>{escape(name)}</td><td><code>{escape(p.fingerprint)}</code></td></tr>"
             for name, p in plans.items()]
    body.append("</tbody></table>")
    return _page(title, body)


def change_states(plans: Mapping[str, Plan]) -> dict[str, str]:
    """Device → its highest risk, for the devices that change (the picture's highlight)."""
    return {name: highest_risk(p) for name, p in plans.items() if p.commands}


def _device_section(name: str, plan: Plan) -> list[str]:
    out = [f'<h2 id="device-{escape(name)}">{escape(name)}</h2>',
           f'<p class="meta">{escape(plan.platform)} · {len(plan.commands)} command(s) · '
           f"{plan.unmanaged} unmanaged line(s) left alone · fingerprint "
           f"<code>{escape(plan.fingerprint)}</code></p>", "<h3>Risks</h3>"]
    risks = sorted(plan.risks, key=lambda r: RISK_ORDER.index(r.level))
    shown = [r for r in risks if r.level != "low"]
    if shown:
        out.append("<table><thead><tr><th>risk</th><th>command</th><th>why</th></tr></thead>"
                   "<tbody>")
        out += [f'<tr><td><span class="risk risk-{r.level}">{r.level}</span></td>'
                f"<td><code>{escape(r.command)}</code></td><td>{escape(r.reason)}</td></tr>"
                for r in shown]
        out.append("</tbody></table>")
    low = len(risks) - len(shown)
    out.append(f'<p class="note">{low} low-risk change(s); '
               f"{plan.unmanaged} unmanaged line(s) kept as they are.</p>")
    out.append("<h3>Remediation commands</h3>")
    lines = []
    for command, text in zip(plan.commands, indented(plan.commands), strict=True):
        line = escape(text)
        if command.question:
            line += (f'<span class="dialog">   [answers {escape(command.answer or "")} to: '
                     f"{escape(command.question)}]</span>")
        lines.append(line)
    out.append(_pre(lines))
    out.append("<h3>Unified diff (running → intended)</h3>")
    out.append(_pre(_diff_lines(plan.diff)))
    return out


def _diff_lines(diff: str) -> list[str]:
    out = []
    for line in diff.splitlines():
        kind = ("head" if line.startswith(("+++ ", "--- ")) else "hunk" if line.startswith("@@")
                else "add" if line.startswith("+") else "del" if line.startswith("-") else "")
        out.append(f'<span class="{kind}">{escape(line)}</span>' if kind else escape(line))
    return out


def _pre(lines: Iterable[str]) -> str:
    return "<pre>" + "".join(line if line.startswith("<span") else f"<span>{line}</span>"
                             for line in lines) + "</pre>"


def _picture(svg: str | None, caption: str, no_picture: str) -> list[str]:
    out = ['<h2 id="topology">Topology</h2>']
    if svg is None:
        return [*out, f'<p class="note" id="no-picture">{escape(no_picture)}</p>']
    return [*out, f'<p class="note">{escape(caption)}</p>', f'<div class="picture">{svg}</div>']


def push_page(run: Mapping[str, Any], svg: str | None, *, title: str,
              no_picture: str = NO_PICTURE) -> str:
    """The push report: per device the result, the lines applied, the verification and the
    backup path (the JSON-ready run of pipeline.PushRun.to_dict)."""
    devices: Mapping[str, Mapping[str, Any]] = run["devices"]
    body = [f"<h1>{escape(title)}</h1>",
            f'<p class="meta">started {escape(str(run["started"]))}, finished '
            f'{escape(str(run["finished"]))} · {len(devices)} device(s) · '
            f'{"all succeeded" if run["ok"] else "NOT all succeeded"}'
            f'{" · dry run: nothing sent" if run.get("dry_run") else ""} · secrets are masked'
            "</p>",
            '<h2 id="summary">Summary</h2>',
            '<table class="summary"><thead><tr><th>device</th><th>platform</th><th>result</th>'
            "<th>lines sent</th><th>verified</th><th>duration</th><th>backup</th></tr></thead>"
            "<tbody>"]
    for name, d in devices.items():
        result = str(d["result"])
        body.append(
            f'<tr data-device="{escape(name)}" data-result="{escape(result)}">'
            f'<td><a href="#device-{escape(name)}">{escape(name)}</a></td>'
            f'<td>{escape(str(d["platform"]))}</td>'
            f'<td><span class="result result-{escape(result)}">{escape(result)}</span></td>'
            f'<td class="num">{int(d["lines_sent"])}</td><td>{_verified(d)}</td>'
            f'<td class="num">{float(d["duration_s"]):.1f} s</td>'
            f'<td><code>{escape(str(d.get("backup") or ""))}</code></td></tr>')
    body.append("</tbody></table>")
    body += [f'<p class="note">note: {escape(str(note))}</p>' for note in run.get("notes", [])]
    body += _picture(svg, "Devices are coloured by their result; the others are grey.",
                     no_picture)
    for name, d in devices.items():
        body += _push_device(name, d)
    return _page(title, body)


def push_states(run: Mapping[str, Any]) -> dict[str, str]:
    """Device → result, for the devices a push changed, tried to change or refused."""
    return {name: str(d["result"]) for name, d in run["devices"].items()
            if d["result"] != "unchanged"}


def _verified(d: Mapping[str, Any]) -> str:
    verified = d.get("verified")
    if verified is None:
        return "not run"
    return "yes" if verified else f'<strong>no</strong> ({len(d.get("verify_remaining") or [])}'\
        " command(s) remain)"


def _push_device(name: str, d: Mapping[str, Any]) -> list[str]:
    result = str(d["result"])
    out = [f'<h2 id="device-{escape(name)}">{escape(name)}</h2>',
           f'<p class="meta"><span class="result result-{escape(result)}">{escape(result)}'
           f'</span> · {escape(str(d["platform"]))} · plan fingerprint '
           f'<code>{escape(str(d.get("plan_fingerprint") or "-"))}</code></p>']
    facts = [("reason", d.get("reason")), ("backup", d.get("backup")),
             ("verified (read back, nothing left to do)", d.get("verified")),
             ("committed", d.get("committed")), ("trial confirmed", d.get("confirmed")),
             ("saved", d.get("saved")), ("dialogs answered", d.get("dialogs_answered")),
             ("SSH host key checked", d.get("host_key_checked"))]
    out.append("<table><tbody>" + "".join(
        f"<tr><th>{label}</th><td>{escape(_yes_no(value))}</td></tr>"
        for label, value in facts if value is not None) + "</tbody></table>")
    for heading, key in (("Lines applied", "lines_applied"), ("Planned commands", "planned"),
                         ("Still to do after the push (verification)", "verify_remaining"),
                         ("Undo", "undo")):
        lines = d.get(key) or []
        if lines and not (key == "planned" and d.get("lines_applied")):
            out += [f"<h3>{heading} ({len(lines)})</h3>", _pre(escape(str(c)) for c in lines)]
    return out


def _yes_no(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _page(title: str, body: list[str]) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{CSS}</style></head><body>\n"
            + "\n".join(body) + "\n</body></html>\n")
