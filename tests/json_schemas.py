"""Validation of vrpgen's JSON outputs against docs/schemas/<command>.schema.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

SCHEMAS = Path(__file__).resolve().parents[1] / "docs" / "schemas"


def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / f"{name}.schema.json").read_text())
    return loaded


def check(name: str, document: Any) -> Any:
    """The document, once it is valid against the command's schema (all errors listed)."""
    validator = Draft202012Validator(schema(name))
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    return document


def stdout_json(name: str, stdout: str) -> Any:
    """stdout is one JSON document (nothing else on it), valid against its schema."""
    return check(name, json.loads(stdout))
