"""`vrpgen validate --format json`: the inventory's errors and warnings as a document
(docs/schemas/validate.schema.json). Pure: returns data; the CLI prints it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from vrpgen.errors import Issue, Severity


def issue_dict(issue: Issue) -> dict[str, Any]:
    """One located problem: where (file, line, column; null when it has no place), the path of
    the value, what is wrong and what to change."""
    ref = issue.ref
    return {"severity": str(issue.severity), "file": ref.file if ref else None,
            "line": ref.line if ref else None, "column": ref.column if ref else None,
            "path": issue.path, "message": issue.message, "hint": issue.hint}


def validation(inventory: str, issues: Sequence[Issue], *, strict: bool,
               devices: int | None = None, sessions: int | None = None) -> dict[str, Any]:
    """`devices`/`sessions` are None when the inventory is invalid (nothing was derived).
    Under --strict a warning makes the inventory invalid but stays a warning here."""
    ordered = sorted(issues, key=Issue.sort_key)
    errors = [issue_dict(i) for i in ordered if i.severity is Severity.ERROR]
    warnings = [issue_dict(i) for i in ordered if i.severity is Severity.WARNING]
    return {"inventory": inventory, "valid": not errors and not (strict and warnings),
            "strict": strict, "devices": devices, "sessions": sessions,
            "errors": errors, "warnings": warnings}
