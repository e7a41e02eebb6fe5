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
