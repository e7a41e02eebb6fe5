"""Fast path of the parser for lines already in display form (REFERENCE §3: the device prints
full keywords, single spaces and normalised values).

Each form of the command table compiles to one anchored regex; a line that matches one and
whose values are already canonical is classified without tokenising. Anything else (typed
abbreviations, other spellings, errors) returns None and takes the token grammar.
"""

from __future__ import annotations

import re

from vrpgen.vrp import commands as cm
from vrpgen.vrp import ifname, vlanlist
from vrpgen.vrp.grammar import Element, Form, _dotted, norm_value

Entry = tuple[cm.Spec, Form, tuple[tuple[str, Element], ...]]
_TABLE: dict[tuple[str, str], tuple[re.Pattern[str], list[Entry]] | None] = {}
_MISSING: tuple[re.Pattern[str], list[Entry]] = (re.compile(""), [])


def _pattern(form: Form, k: int) -> str:
    parts = []
    for el in form.elements:
        if el.keyword is not None:
            parts.append(re.escape(el.keyword))
        elif el.ptype in ("text", "vlans"):
            parts.append(f"(?P<g{k}_{el.name}>.+)")
        else:
            parts.append(f"(?P<g{k}_{el.name}>\\S+)")
    return f"(?P<_{k}>" + " ".join(parts) + ")"


def _entries(view: str, first: str) -> tuple[re.Pattern[str], list[Entry]] | None:
    """All forms of (view, first keyword) as one alternation: one regex call per line."""
    key = (view, first)
    if key in _TABLE:
        return _TABLE[key]
    forms = cm.INDEX.get(view, {}).get(first, [])
    found = None
    if forms:
        rx = re.compile("(?:" + "|".join(_pattern(f, k) for k, (_, f) in enumerate(forms))
                        + r")\Z")
        found = (rx, [(s, f, tuple((f"g{k}_{e.name}", e) for e in f.elements
                                   if e.keyword is None))
                      for k, (s, f) in enumerate(forms)])
    _TABLE[key] = found
    return found


def classify(view: str, line: str) -> tuple[cm.Spec, dict[str, str], str] | None:
    """(spec, params, canonical text) of a display-form line, or None."""
    first = line.split(" ", 1)[0]
    found = _TABLE.get((view, first), _MISSING)
    if found is _MISSING:
        found = _entries(view, first)
    if found is None:
        return None
    rx, entries = found
    m = rx.match(line)
    if m is None or m.lastgroup is None:
        return None
    k = int(m.lastgroup[1:])
    spec, _form, params_of = entries[k]
    params = _values(m, params_of)
    return None if params is None else (spec, params, line)


def _values(
    m: re.Match[str], elements: tuple[tuple[str, Element], ...]
) -> dict[str, str] | None:
    params: dict[str, str] = {}
    for group, el in elements:
        raw = m.group(group)
        ptype = el.ptype
        if ptype == "word" or ptype == "text":
            pass
        elif ptype == "ip":
            if not _dotted(raw):
                return None
        elif ptype == "vlans":
            try:
                members = vlanlist.parse_tokens(raw.split(" "))
            except (vlanlist.VlanListError, ValueError):  # ValueError: int() of 4300+ digits
                return None
            raw = " ".join(map(str, sorted(members)))
        elif ptype == "ifname":
            if ifname.canonical_fast(raw) != raw:
                return None
        elif norm_value(ptype, el.arg, raw) != raw:
            return None
        params[el.name] = raw
    return params
