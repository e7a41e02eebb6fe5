"""The fast reader (valid input, no positions) gives the data the recording reader gives, leaves
every unusual input to it, and the line index still locates on first lookup."""

from __future__ import annotations

from pathlib import Path

import pytest

from vrpgen.inventory import load as loader
from vrpgen.inventory.source import LineIndex

SAME = [
    "a: 1\nb: yes\nc: ~\nd: 1.5\ne: '10'\nf: 0x1F\ng: 2024-01-01\nh:\n",
    "vlans:\n  10: {name: x}\n  '20': {name: y}\n  yes: {name: z}\n  ~: 1\n  1.5: 2\n",
    "devices:\n  R1:\n    vlans: [10, 20-30, '40']\n    interfaces:\n"
    "      GE0/0/1: {ip: 10.0.0.1/30, ospf: {area: 0}}\n    bgp: {as: 1.10}\n",
    "x: [[1, 2], {a: [b, {c: d}]}, '', !!str 5]\n",  # a tag: left to the recording reader
]

UNUSUAL = [
    "a: &x 1\nb: *x\n",  # anchors and aliases
    "a: 1\na: 2\n",  # a duplicate key
    "<<: {a: 1}\n",  # a merge key
    "a: !!int 1\n",  # a tag
    "? [a, b]\n: 1\n",  # a complex key
    "- a\n- b\n",  # a top level that is not a mapping
    "a: 1\n---\nb: 2\n",  # two documents
    "",  # empty
    "a: 2001-02-30\n",  # a timestamp that cannot be read
    "a: [1, 2\n",  # not YAML
]


@pytest.mark.parametrize("text", SAME)
def test_fast_reader_gives_the_recording_readers_data(tmp_path: Path, text: str) -> None:
    path = tmp_path / "inv.yml"
    path.write_text(text, encoding="utf-8")
    index = LineIndex()
    recorded = loader._load([path], record=True, index=index)
    fast = loader._load([path], record=False)
    if "!!" in text:
        assert fast is None  # declined: the recording reader gives the data
    else:
        assert fast is not None and recorded is not None and fast == recorded
        assert [type(k) for k in fast] == [type(k) for k in recorded]  # int keys stay int


@pytest.mark.parametrize("text", UNUSUAL)
def test_fast_reader_leaves_unusual_input_to_the_recording_reader(tmp_path: Path,
                                                                  text: str) -> None:
    path = tmp_path / "inv.yml"
    path.write_text(text, encoding="utf-8")
    assert loader._load([path], record=False) is None


def test_index_reads_positions_on_first_lookup(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "inv.yml"
    path.write_text("devices:\n  R1:\n    role: router\n", encoding="utf-8")
    reads: list[bool] = []
    real = loader._load

    def counting(files: list[Path], *, record: bool, index: LineIndex | None = None,
                 ) -> object:
        reads.append(record)
        return real(files, record=record, index=index)

    monkeypatch.setattr(loader, "_load", counting)
    source = loader.load(path)
    assert reads == [False]  # valid input: read once, without positions
    ref = source.index.lookup(("devices", "R1", "role"))
    assert ref is not None and (ref.line, ref.column) == (3, 5)
    assert reads == [False, True]  # positions read on the first lookup, once
    source.index.lookup(("devices",))
    assert reads == [False, True]
