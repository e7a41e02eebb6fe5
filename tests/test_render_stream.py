"""Render streams (issue 14): each device's intent is derived once, rendered and dropped; the
whole run keeps no intent and no text, and writes the same files as rendering in memory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from vrpgen import pipeline
from vrpgen.derive import device as device_mod

DC_FABRIC = REPO / "inventory" / "examples" / "dc-fabric"


def test_intents_are_derived_when_asked_for_and_kept_only_by_lookup() -> None:
    built = pipeline.build(DC_FABRIC)
    assert len(built.intents) == 10 and "leaf05" in built.intents
    taken = built.intents.take("leaf05")
    assert taken == built.intents.take("leaf05") and taken is not built.intents.take("leaf05")
    assert built.intents["leaf05"] is built.intents["leaf05"]  # a lookup keeps it
    assert built.intents.take("leaf05") is built.intents["leaf05"]
    with pytest.raises(KeyError):
        built.intents["leaf99"]


def test_render_to_derives_each_device_once_and_writes_what_render_in_memory_gives(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = pipeline.render_inventory(DC_FABRIC)
    derived: list[str] = []
    real = device_mod.derive_device

    def counting(device: Any, *args: Any) -> Any:
        derived.append(device.name)
        return real(device, *args)

    monkeypatch.setattr(device_mod, "derive_device", counting)
    result = pipeline.render_to(tmp_path / "out", DC_FABRIC)
    assert sorted(derived) == sorted(expected.configs)  # each device once, none twice
    assert result.configs == {} and result.devices == sorted(expected.configs)
    assert result.platforms == expected.platforms and result.models == expected.models
    for name, text in expected.configs.items():
        assert (tmp_path / "out" / f"{name}.cfg").read_text() == text
    for name, text in expected.calico.items():
        assert (tmp_path / "out" / "calico" / name).read_text() == text
