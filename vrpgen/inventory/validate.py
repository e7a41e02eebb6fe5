"""Raw inventory data → typed model, with every pydantic error turned into a located Issue."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from vrpgen.errors import Issue, InventoryError
from vrpgen.inventory.load import LineIndex, Path_, dotted
from vrpgen.inventory.model import Inventory

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


def _issue(error: Any, loc: Path_, index: LineIndex, root: type[BaseModel],
           prefix: Path_) -> Issue:
    kind = error["type"]
    message = str(error["msg"])
    for p in _PREFIXES:
        message = message.removeprefix(p)
    hint = None
    if kind == "extra_forbidden":
        field = loc[-1]
        allowed = _allowed_keys(root, loc[len(prefix):-1])
        message = f"unknown field {field!r}"
        close = difflib.get_close_matches(str(field), allowed, n=1, cutoff=0.6)
        if close:
            hint = f"did you mean {close[0]!r}?"
        elif allowed:
            hint = "allowed here: " + ", ".join(sorted(allowed))
    elif kind == "missing" and isinstance(loc[-1], int):
        message = "too few items"
        return Issue(dotted(loc[:-1]), message, "give both ends: [A, B]", index.lookup(loc[:-1]))
    elif kind == "too_long":
        message = "too many items; give exactly two ends: [A, B]"
    elif kind == "missing":
        message = f"missing required field {loc[-1]!r}"
        loc_for_ref = loc[:-1]
        return Issue(dotted(loc), message, "add it", index.lookup(loc_for_ref))
    elif kind in ("int_type", "int_parsing", "int_from_float"):
        message = f"expected a whole number, got {error.get('input')!r}"
    elif kind in ("bool_type", "bool_parsing"):
        message = f"expected true or false, got {error.get('input')!r}"
    elif kind in ("string_type",):
        message = f"expected text, got {type(error.get('input')).__name__}"
    elif kind in ("dict_type", "model_type", "model_attributes_type"):
        message = f"expected a mapping of fields, got {_kind_of(error.get('input'))}"
    elif kind in ("tuple_type", "list_type"):
        message = f"expected a list, got {_kind_of(error.get('input'))}"
    elif kind == "literal_error":
        message = f"{error.get('input')!r} is not allowed: {message.replace('Input should be ', 'use ')}"
    return Issue(dotted(loc), message, hint, index.lookup(loc))


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
