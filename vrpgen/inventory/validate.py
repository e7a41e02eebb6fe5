"""Raw inventory data → typed model, with every pydantic error turned into a located Issue."""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from vrpgen.errors import InventoryError, Issue
from vrpgen.inventory.model import Inventory
from vrpgen.inventory.source import LineIndex, Path_, dotted

_PREFIXES = ("Value error, ", "Assertion failed, ")


def validate(data: dict[str, Any], index: LineIndex) -> Inventory:
    """Validate the whole inventory; all problems are raised together as one InventoryError."""
    try:
        return Inventory.model_validate(data)
    except ValidationError as exc:
        raise InventoryError(issues_from(exc, index, Inventory)) from exc


@dataclass(frozen=True)
class Partial:
    """One-pass validation: what parsed (None when nothing can be checked further), the schema
    issues, and the devices left out because they (or a group of theirs) failed the schema."""

    inventory: Inventory | None
    issues: list[Issue]
    skipped: frozenset[str] = frozenset()


def validate_partial(data: dict[str, Any], index: LineIndex) -> Partial:
    """Validate; on schema errors, leave out the entries that failed (a device, a group and its
    devices, a VLAN, a k8s node; the sessions when one fails) and validate the rest, so that
    the later checks run on what parsed. An error anywhere else (defaults, k8s.calico, an
    unknown section) stops there, as every device depends on it."""
    try:
        return Partial(Inventory.model_validate(data), [])
    except ValidationError as exc:
        issues = issues_from(exc, index, Inventory)
        failed = [tuple(p for p in e["loc"] if p != "[key]") for e in exc.errors()]
    rest = _without(data, failed)
    if rest is None:
        return Partial(None, issues)
    trimmed, skipped = rest
    try:
        return Partial(Inventory.model_validate(trimmed), issues, frozenset(skipped))
    except ValidationError:
        return Partial(None, issues)  # what is left still fails: report the first round only


def _without(data: dict[str, Any], failed: list[Path_]) -> tuple[dict[str, Any], set[str]] | None:
    """`data` without the entries holding a failure, and the devices left out; None when a
    failure lies outside such an entry."""
    drop: dict[str, set[Any]] = {"devices": set(), "groups": set(), "vlans": set(),
                                 "sessions": set(), "nodes": set()}
    for loc in failed:
        if len(loc) >= 2 and loc[0] in ("devices", "groups", "vlans"):
            drop[str(loc[0])].add(loc[1])
        elif len(loc) >= 3 and loc[:2] == ("bgp", "sessions"):
            drop["sessions"].add(loc[2])
        elif len(loc) >= 3 and loc[:2] == ("k8s", "nodes"):
            drop["nodes"].add(loc[2])
        else:
            return None
    out = dict(data)
    devices = out.get("devices")
    if isinstance(devices, dict):
        def failed_group(device: Any) -> bool:
            groups = device.get("groups") if isinstance(device, dict) else None
            return isinstance(groups, list) and any(g in drop["groups"] for g in groups
                                                    if isinstance(g, str))
        drop["devices"] |= {name for name, d in devices.items() if failed_group(d)}
    for section in ("devices", "groups", "vlans"):
        value = out.get(section)
        if isinstance(value, dict) and drop[section]:
            out[section] = {k: v for k, v in value.items() if k not in drop[section]}
    bgp = out.get("bgp")
    if isinstance(bgp, dict) and isinstance(bgp.get("sessions"), list) and drop["sessions"]:
        # all of them: leaving one out would shift the others' positions, which locate them
        out["bgp"] = dict(bgp, sessions=[])
    k8s = out.get("k8s")
    if isinstance(k8s, dict) and isinstance(k8s.get("nodes"), dict) and drop["nodes"]:
        out["k8s"] = dict(k8s, nodes={k: v for k, v in k8s["nodes"].items()
                                      if k not in drop["nodes"]})
    return out, {str(d) for d in drop["devices"]} | {str(n) for n in drop["nodes"]}


def issues_from(exc: ValidationError, index: LineIndex, root: type[BaseModel],
                prefix: Path_ = ()) -> list[Issue]:
    issues: list[Issue] = []
    for error in exc.errors(include_url=False):
        loc = (*prefix, *(p for p in error["loc"] if p != "[key]"))
        issues.append(_issue(error, loc, index, root, prefix))
    return issues


def _shown(loc: Path_) -> str:
    """The dotted path, with keys of thousands of characters (a 5000-digit interface number)
    cut so that the located line stays readable; the ref still points at the key."""
    return dotted(tuple(f"{p[:40]}...({len(p)} characters)" if isinstance(p, str)
                        and len(p) > 80 else p for p in loc))


_TYPE_MESSAGES = {
    "int_type": "expected a whole number, got {input!r}",
    "int_parsing": "expected a whole number, got {input!r}",
    "int_from_float": "expected a whole number, got {input!r}",
    "bool_type": "expected true or false, got {input!r}",
    "bool_parsing": "expected true or false, got {input!r}",
    "string_type": "expected text, got {kind}",
    "dict_type": "expected a mapping of fields, got {kind}",
    "model_type": "expected a mapping of fields, got {kind}",
    "model_attributes_type": "expected a mapping of fields, got {kind}",
    "tuple_type": "expected a list, got {kind}",
    "list_type": "expected a list, got {kind}",
    "too_long": "too many items; give exactly two ends: [A, B]",
}


def _issue(error: Any, loc: Path_, index: LineIndex, root: type[BaseModel],
           prefix: Path_) -> Issue:
    kind = error["type"]
    value = error.get("input")
    message = str(error["msg"])
    for p in _PREFIXES:
        message = message.removeprefix(p)
    if kind == "extra_forbidden":
        return _unknown_field(loc, index, root, prefix)
    if kind == "missing":
        if isinstance(loc[-1], int):
            return Issue(_shown(loc[:-1]), "too few items", "give both ends: [A, B]",
                         index.lookup(loc[:-1]))
        return Issue(_shown(loc), f"missing required field {loc[-1]!r}", "add it",
                     index.lookup(loc[:-1]))
    if kind in _TYPE_MESSAGES:
        message = _TYPE_MESSAGES[kind].format(input=value, kind=_kind_of(value))
    elif kind == "literal_error":
        message = f"{value!r} is not allowed: " + message.replace("Input should be ", "use ")
    return Issue(_shown(loc), message, None, index.lookup(loc))


def _unknown_field(loc: Path_, index: LineIndex, root: type[BaseModel], prefix: Path_) -> Issue:
    field = loc[-1]
    allowed = _allowed_keys(root, loc[len(prefix):-1])
    close = difflib.get_close_matches(str(field), allowed, n=1, cutoff=0.6)
    if close:
        hint: str | None = f"did you mean {close[0]!r}?"
    else:
        hint = "allowed here: " + ", ".join(sorted(allowed)) if allowed else None
    return Issue(_shown(loc), f"unknown field {field!r}", hint, index.lookup(loc))


def _kind_of(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    return {dict: "a mapping", list: "a list", str: "text", int: "a number",
            bool: "true/false", float: "a number"}.get(type(value), type(value).__name__)


def _allowed_keys(root: type[BaseModel], loc: Path_) -> list[str]:
    """The field names (aliases where set) accepted at `loc`, for 'did you mean'."""
    current: Any = root
    for part in loc:
        current = _step(current, part)
        if current is None:
            return []
    model = _model_in(current)
    if model is None:
        return []
    return [f.alias or name for name, f in model.model_fields.items()]


def _step(annotation: Any, part: str | int) -> Any:
    model = _model_in(annotation)
    if model is not None:
        for name, field in model.model_fields.items():
            if part in (name, field.alias):
                return field.annotation
        return None
    for arg in _args(annotation):
        origin = typing.get_origin(arg)
        if origin is dict:
            return typing.get_args(arg)[1]
        if origin in (tuple, list):
            return typing.get_args(arg)[0]
    return None


def _args(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return list(typing.get_args(annotation))
    if origin is typing.Annotated:
        return _args(typing.get_args(annotation)[0])
    return [annotation]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    for arg in _args(annotation):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None
