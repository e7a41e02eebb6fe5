"""`vrpgen lint --format json`: the findings of each file (docs/schemas/lint.schema.json).
Pure: returns data; the CLI prints it. Line texts are masked (vrp.secrets.mask): a config
line may hold a password."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from vrpgen.vrp import LintIssue
from vrpgen.vrp.lint import ERROR, FORM, NOTE, not_modelled
from vrpgen.vrp.secrets import mask

# The part of a lint message that says what to change: `(legal in: interface)`,
# `(did you mean `trunk`?)`.
_HINT = re.compile(r"\s*\(((?:legal in|did you mean)[^)]*)\)")


def finding(issue: LintIssue) -> dict[str, Any]:
    found = _HINT.search(issue.message)
    message = _HINT.sub("", issue.message) if found else issue.message
    return {"line": issue.line, "severity": issue.severity, "message": message,
            "hint": found.group(1) if found else None, "text": mask(issue.text),
            "lines": issue.lines}


def file_result(path: str, issues: Sequence[LintIssue] | None,
                error: str | None = None) -> dict[str, Any]:
    """One file: its findings, or the error that kept it from being read or parsed."""
    issues = issues or []
    errors = sum(1 for i in issues if i.severity == ERROR)
    return {"file": path, "ok": error is None and not errors, "error": error,
            "errors": errors, "notes": sum(1 for i in issues if i.severity == NOTE),
            "not_modelled_lines": not_modelled(list(issues)),
            "not_display_form": sum(1 for i in issues if i.severity == FORM),
            "findings": [finding(i) for i in issues]}


def lint_document(platform: str, files: Sequence[dict[str, Any]]) -> dict[str, Any]:
    return {"platform": platform, "ok": all(f["ok"] for f in files), "files": list(files)}
