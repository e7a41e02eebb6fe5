"""Raw inventory data → typed model, with every pydantic error turned into a located Issue."""

from __future__ import annotations

import difflib
import types
import typing
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
