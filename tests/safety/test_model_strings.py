"""Every string of the inventory model goes through one safe type (issue 9).

Strings reach devices (command lines), file names (DIR/<device>.cfg) and terminals (the
preview diff). The model walk below fails on any str-typed field, dict key or item that does not
carry `types.SAFE` and refuse what would split a line, so a new field cannot slip through.
"""

from __future__ import annotations

import types
import typing
from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from vrpgen.inventory import types as inv_types
from vrpgen.inventory.model import Inventory
from vrpgen.inventory.types import SAFE, Hostname, Name, NodeName, SafeText, unsafe_char

# Every character str.splitlines() splits on, C1 controls, DEL, NUL, a lone surrogate (not
# encodable as UTF-8) and a bidirectional override (reorders what a terminal shows).
SPLITTERS = ["\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
BAD_CHARS = [*SPLITTERS, "\x00", "\x1b", "\x7f", "\x80", "\x9b", "\x9f", "\t", "\ud800",
             "\u202e", "\u2066"]


def test_bad_chars_cover_everything_splitlines_splits_on() -> None:
    splits = {chr(c) for c in range(0x110000) if len(f"a{chr(c)}b".splitlines()) > 1}
    assert splits == set(SPLITTERS)


@pytest.mark.parametrize("char", [*BAD_CHARS, *(chr(c) for c in range(0x80, 0xA0))])
def test_unsafe_char_refuses(char: str) -> None:
    assert unsafe_char(f"uplink{char}x") == char


@pytest.mark.parametrize("text", ["uplink to R2", "Zürich-1", "机房 A", "R1[/]", "a'b\"c",
                                  "${NOT_A_SECRET}", "100% <ok> & {braces}"])
def test_unsafe_char_accepts_printable_text(text: str) -> None:
    assert unsafe_char(text) is None


# -- the model walk --------------------------------------------------------------------------

def _slots(annotation: Any, where: str, out: list[tuple[str, Any, tuple[Any, ...]]],
           seen: set[type[BaseModel]], meta: tuple[Any, ...] = ()) -> None:
    """Collect (where, str annotation, metadata) of every str the annotation can hold."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        _slots(inner, where, out, seen, (*meta, *extra))
    elif annotation is str:
        out.append((where, annotation, meta))
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        _walk(annotation, out, seen)
    elif origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            _slots(arg, where, out, seen, meta)
    elif origin is dict:
        key, value = typing.get_args(annotation)
        _slots(key, f"{where}[key]", out, seen)
        _slots(value, f"{where}[value]", out, seen)
    elif origin in (tuple, list, set, frozenset):
        for arg in typing.get_args(annotation):
            if arg is not Ellipsis:
                _slots(arg, f"{where}[item]", out, seen)
    elif origin is typing.Literal:
        for value in typing.get_args(annotation):
            assert not isinstance(value, str) or unsafe_char(value) is None, where
    else:
        assert origin is None, f"{where}: unknown annotation {annotation!r}: teach the walk"


def _walk(model: type[BaseModel], out: list[tuple[str, Any, tuple[Any, ...]]],
          seen: set[type[BaseModel]]) -> None:
    if model in seen:
        return
    seen.add(model)
    for name, field in model.model_fields.items():
        _slots(field.annotation, f"{model.__name__}.{name}", out, seen, tuple(field.metadata))


def _all_slots() -> tuple[list[tuple[str, Any, tuple[Any, ...]]], set[type[BaseModel]]]:
    out: list[tuple[str, Any, tuple[Any, ...]]] = []
    seen: set[type[BaseModel]] = set()
    _walk(Inventory, out, seen)
    return out, seen


SLOTS, MODELS = _all_slots()


def test_the_walk_reaches_the_whole_model() -> None:
    names = {m.__name__ for m in MODELS}
    assert {"Inventory", "Device", "DeviceSettings", "Interface", "BgpPeer", "Session",
            "K8sNode", "Calico", "IpPool", "EtcdDatastore", "Vlan", "Mgmt"} <= names
    wheres = {w for w, _, _ in SLOTS}
    for expected in ("Inventory.devices[key]", "Inventory.groups[key]", "K8s.nodes[key]",
                     "DeviceSettings.interfaces[key]", "Bgp.peers[key]",
                     "Interface.description", "Device.sysname", "Session.between[item]",
                     "Device.groups[item]", "BgpPeer.connect_interface", "Mgmt.host"):
        assert expected in wheres, sorted(wheres)
    assert len(SLOTS) >= 30


@pytest.mark.parametrize(("where", "annotation", "meta"), SLOTS, ids=[s[0] for s in SLOTS])
def test_every_str_of_the_model_is_a_safe_type(where: str, annotation: Any,
                                               meta: tuple[Any, ...]) -> None:
    assert SAFE in meta, f"{where} is a plain str: use a type of vrpgen/inventory/types.py"
    adapter: TypeAdapter[Any] = TypeAdapter(typing.Annotated[(annotation, *meta)])
    for char in BAD_CHARS:
        with pytest.raises(ValidationError):
            adapter.validate_python(f"R1{char}return")


def test_the_safe_marker_is_not_a_validator() -> None:
    """SAFE only marks; the walk above proves each marked type also refuses."""
    assert repr(inv_types.SAFE) == "Safe"


# -- names: one safe path component and a legal sysname --------------------------------------

NAME = TypeAdapter(Name)
NODE = TypeAdapter(NodeName)


@pytest.mark.parametrize("name", [
    "", ".", "..", ".hidden", "../../x", "/etc/x", "a/b", "a\\b", "R\x00", "R1 extra",
    "R1\nreturn", "-R1", "R1[/]", "R1:", "R1*", "Zürich", "R1\u2028", "x" * 247,
])
def test_refused_names(name: str) -> None:
    with pytest.raises(ValidationError):
        NAME.validate_python(name)


@pytest.mark.parametrize("name", ["R1", "r1", "core-sw_2", "a.b", "1", "R1.", "x" * 246])
def test_accepted_names(name: str) -> None:
    assert NAME.validate_python(name) == name


def test_node_names_may_be_as_long_as_kubernetes_allows() -> None:
    assert NODE.validate_python("n" * 253)
    with pytest.raises(ValidationError):
        NODE.validate_python("n" * 254)
    with pytest.raises(ValidationError):
        NAME.validate_python("n" * 247)


def test_free_text_keeps_its_old_rules() -> None:
    for text in (" x", "x ", ""):
        with pytest.raises(ValidationError):
            TypeAdapter(SafeText).validate_python(text)
    with pytest.raises(ValidationError):
        TypeAdapter(Hostname).validate_python("R1 extra")
