"""JSON text for people and programs: objects indented two spaces, each list item on its own
line in compact form. `json.dumps(indent=2)` runs the pure-Python encoder (the C one only
serves indent=None): 0.45 s of an 80,000-line `compare --format json`. Here every leaf list
item goes through json's C encoder, built once: `json.dumps` builds a new one per call, which
for the tens of thousands of risks of a big plan costs more than the encoding itself."""

from __future__ import annotations

import json
from collections.abc import Callable
from json import encoder as _json_encoder
from typing import Any


def _compact_encoder() -> Callable[[Any], str]:
    """`json.dumps` with its default settings, from one C encoder when this Python has it."""
    make = getattr(_json_encoder, "c_make_encoder", None)
    if make is None:
        return json.dumps
    # the arguments json.JSONEncoder.iterencode passes for json.dumps's defaults, without the
    # circular-reference markers: every document here is a tree built by vrpgen itself
    chunks = make(None, _json_encoder.JSONEncoder().default, _json_encoder.encode_basestring_ascii,
                  None, ": ", ", ", False, False, True)
    string = _json_encoder.encode_basestring_ascii

    def encode(value: Any) -> str:
        if type(value) is str:
            return string(value)
        if isinstance(value, dict | list | tuple):
            return "".join(chunks(value, 0))
        return json.dumps(value)  # a scalar: C encoder objects only take containers

    return encode


_encode = _compact_encoder()


def dumps(value: Any, level: int = 0) -> str:
    pad = "  " * (level + 1)
    if isinstance(value, dict) and value:
        items = [f"{pad}{json.dumps(str(k))}: {dumps(v, level + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + "  " * level + "}"
    if isinstance(value, list | tuple) and value:
        return "[\n" + pad + f",\n{pad}".join(map(_encode, value)) + "\n" + "  " * level + "]"
    return json.dumps(value)
