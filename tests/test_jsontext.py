"""jsontext.dumps: the same document as json.dumps, laid out for people, fast for big plans."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from vrpgen import jsontext

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20)


@given(JSON)
def test_round_trips_like_json(value: Any) -> None:
    assert json.loads(jsontext.dumps(value)) == value


def test_layout_objects_indented_list_items_one_per_line() -> None:
    text = jsontext.dumps({"devices": {"R1": {"commands": ["a", "b"], "risks": [{"x": 1}],
                                              "unmanaged": 0}}})
    assert text.splitlines() == [
        "{", '  "devices": {', '    "R1": {', '      "commands": [', '        "a",',
        '        "b"', "      ],", '      "risks": [', '        {"x": 1}', "      ],",
        '      "unmanaged": 0', "    }", "  }", "}"]


ITEMS = st.lists(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=10), min_size=1, max_size=5)


@given(ITEMS)
def test_each_list_item_is_exactly_json_dumps_of_it(items: list[Any]) -> None:
    # the C encoder built once must write what json.dumps writes, item by item
    lines = jsontext.dumps({"items": items}).splitlines()[2:-2]
    assert [line.strip().removesuffix(",") for line in lines] == [json.dumps(i) for i in items]
