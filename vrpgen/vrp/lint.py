"""Linter: every line is a command the model knows, in a view where it is legal.

    lint(text, platform="vrp5") -> list[LintIssue]   (line number, text, message)
Headers, `#` separators and `return` are part of the display format (REFERENCE §3) and pass.
"""

from __future__ import annotations

from dataclasses import dataclass

from vrpgen.vrp import commands as cm
from vrpgen.vrp.grammar import best
from vrpgen.vrp.tree import Node, parse


@dataclass(frozen=True, slots=True)
class LintIssue:
    line: int
    text: str
    message: str


def _views_of(text: str) -> list[str]:
    first = text.split(" ", 1)[0].lower()
    return sorted({v for v, table in cm.INDEX.items() if first in table})


def _check(node: Node, view: str | None, issues: list[LintIssue], raw: list[str]) -> None:
    for child in node.children.values():
        typed = raw[child.line - 1].strip() if 0 < child.line <= len(raw) else child.text
        if child.spec is not None and child.members is None and typed != child.text:
            # REFERENCE §2.1, §3.10: display prints full keywords and normalised values
            issues.append(LintIssue(child.line, typed, f"not in display form: the device "
                                                       f"shows `{child.text}`"))
        if child.spec is None:
            where = f"the {view} view" if view else "an unknown section"
            legal = [v for v in _views_of(child.text) if v != view]
            hint = f" (legal in: {', '.join(legal)})" if legal else ""
            message = f"not a command the model knows in {where}{hint}"
            if view is not None and legal == [] and cm.candidates(view, child.text.split()[0]):
                _, failure = best(child.text, [f for _, f in cm.candidates(view,
                                                                          child.text.split()[0])])
                kind = failure.kind if failure else "unrecognized"
                message = f"{kind.replace('_', ' ')} in the {view} view"
            issues.append(LintIssue(child.line, child.text, message))
            continue
        if child.members is None:
            _check(child, child.view(), issues, raw)


def lint(text: str, platform: str = "vrp5") -> list[LintIssue]:
    config = parse(text)
    issues = [LintIssue(i.line, i.text, i.message) for i in config.issues]
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    _check(config.root, cm.SYSTEM, issues, raw)
    del platform
    first: dict[int, LintIssue] = {}
    for issue in issues:
        first.setdefault(issue.line, issue)  # one report per line: the placement one first
    return sorted(first.values(), key=lambda i: i.line)
