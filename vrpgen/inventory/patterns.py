"""Name patterns: one entry of `devices` or `k8s.nodes` stands for many (`leaf[01-48]`).

    devices:
      leaf[01-08]:                       # leaf01 … leaf08, each a copy of the entry
        groups: [leaves]
        loopback: {index: "{n}"}         # `{n}` is the number: 1 … 8
        interfaces:
          Vlanif100: {ip_from: {pool: servers, index: "{n}"}}

Expanded on the plain data right after loading, before validation, so every later stage sees
ordinary devices and nodes. `{n}`, `{n+K}`, `{n-K}` (optionally `:0W`, zero-padded to W digits)
in a key or a value is replaced by the number; a value that is only a placeholder becomes a
whole number (`as: "{n+64600}"`). The line index maps each generated entry to the pattern's
line, so an error in `leaf05` points at `leaf[01-08]`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from vrpgen.errors import Issue
from vrpgen.inventory.source import LineIndex, Path_, dotted

# `leaf[01-48]`: one bracketed range of decimal numbers; zero-padded when the first is.
_RANGE = re.compile(r"\[(?P<low>\d{1,6})-(?P<high>\d{1,6})\]", re.ASCII)
_PLACEHOLDER = re.compile(r"\{n(?:\s*(?P<op>[+-])\s*(?P<k>\d{1,10}))?(?::0(?P<w>\d))?\}",
                          re.ASCII)
MAX_EXPANSION = 10_000  # a guard against a typo such as [1-1000000], not a VRP fact


class PatternError(ValueError):
    """A malformed range: the message says what to change."""


@dataclass(frozen=True, slots=True)
class Expansion:
    """One element of a pattern: its name and its number (`{n}`)."""

    name: str
    number: int


def has_range(text: str) -> bool:
    return _RANGE.search(text) is not None


def expand_name(text: str) -> list[Expansion]:
    """`leaf[01-03]` → leaf01, leaf02, leaf03 (numbers 1, 2, 3); a name without a range is
    itself (number 0). At most one range per name; the first number is not above the last."""
    found = list(_RANGE.finditer(text))
    if not found:
        return [Expansion(text, 0)]
    if len(found) > 1:
        raise PatternError(f"{text!r} has {len(found)} ranges: a pattern has one")
    match = found[0]
    low, high = int(match["low"]), int(match["high"])
    if low > high:
        raise PatternError(f"range [{match['low']}-{match['high']}] is empty: write the lower "
                           "number first")
    if high - low >= MAX_EXPANSION:
        raise PatternError(f"range [{match['low']}-{match['high']}] is too large: at most "
                           f"{MAX_EXPANSION} names")
    width = len(match["low"]) if match["low"].startswith("0") else 0
    head, tail = text[:match.start()], text[match.end():]
    return [Expansion(f"{head}{n:0{width}d}{tail}", n) for n in range(low, high + 1)]


def substitute(value: Any, number: int) -> Any:
    """`value` with every `{n…}` placeholder replaced, in keys and values, recursively."""
    if isinstance(value, str):
        return _substitute_text(value, number)
    if isinstance(value, dict):
        return {substitute(k, number): substitute(v, number) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, number) for v in value]
    return value


def _substitute_text(text: str, number: int) -> Any:
    if "{n" not in text:
        return text

    def one(match: re.Match[str]) -> str:
        k = int(match["k"] or 0)
        value = number + k if match["op"] != "-" else number - k
        return f"{value:0{int(match['w'] or 0)}d}"

    whole = _PLACEHOLDER.fullmatch(text)
    if whole is not None:
        return int(one(whole))
    return _PLACEHOLDER.sub(one, text)


def expand_patterns(data: dict[str, Any], index: LineIndex, issues: list[Issue]) -> None:
    """Expand the patterns of `devices` and `k8s.nodes` in place; problems go to `issues`."""
    devices = data.get("devices")
    if isinstance(devices, dict):
        data["devices"] = _expand_section(devices, ("devices",), index, issues)
    k8s = data.get("k8s")
    if isinstance(k8s, dict) and isinstance(k8s.get("nodes"), dict):
        k8s["nodes"] = _expand_section(k8s["nodes"], ("k8s", "nodes"), index, issues)
    bgp = data.get("bgp")
    if isinstance(bgp, dict) and isinstance(bgp.get("sessions"), list):
        bgp["sessions"] = _expand_sessions(bgp["sessions"], index, issues)


def _expand_sessions(sessions: list[Any], index: LineIndex, issues: list[Issue]) -> list[Any]:
    """`{between: [spine1, "leaf[01-08]"]}` → eight sessions. The ends' ranges pair element by
    element (an end without a range is the same in each); `{n}` is the first range's number.
    Each generated session is located at its pattern (the positions shift)."""
    def ranged(entry: Any) -> bool:
        between = entry.get("between") if isinstance(entry, dict) else None
        return isinstance(between, list) and any(isinstance(e, str) and has_range(e)
                                                 for e in between)

    if not any(ranged(s) for s in sessions):
        return sessions
    out: list[Any] = []
    origin: list[int] = []
    for i, entry in enumerate(sessions):
        if not ranged(entry):
            out.append(entry)
            origin.append(i)
            continue
        path: Path_ = ("bgp", "sessions", i, "between")
        try:
            ends = [expand_name(e) if isinstance(e, str) else [Expansion(e, 0)]
                    for e in entry["between"]]
        except PatternError as exc:
            issues.append(Issue(dotted(path), str(exc), "write an end such as leaf[01-08]",
                                index.lookup(path)))
            continue
        count = max(len(e) for e in ends)
        if any(len(e) not in (1, count) for e in ends):
            issues.append(Issue(dotted(path), "the ends' ranges differ in length",
                                "give both ranges the same number of elements",
                                index.lookup(path)))
            continue
        number = next(e for e in ends if len(e) == count)
        for k in range(count):
            generated = substitute({key: v for key, v in entry.items() if key != "between"},
                                   number[k].number)
            generated["between"] = [e[k].name if len(e) > 1 else e[0].name for e in ends]
            out.append(generated)
            origin.append(i)
    for j, i in enumerate(origin):
        index.aliases[("bgp", "sessions", j)] = ("bgp", "sessions", i)
    return out


def _expand_section(entries: dict[Any, Any], section: Path_, index: LineIndex,
                    issues: list[Issue]) -> dict[Any, Any]:
    if not any(isinstance(k, str) and "[" in k for k in entries):
        return entries  # the common case costs one scan of the keys
    out: dict[Any, Any] = {}
    origin: dict[Any, Path_] = {}
    for key, entry in entries.items():
        path = (*section, key)
        if not (isinstance(key, str) and has_range(key)):
            if key in out:
                _twice(key, path, origin[key], index, issues)
                continue
            out[key], origin[key] = entry, path
            continue
        try:
            names = expand_name(key)
        except PatternError as exc:
            issues.append(Issue(dotted(path), str(exc), "write a name such as leaf[01-48]",
                                index.lookup(path)))
            continue
        for element in names:
            if element.name in out:
                _twice(element.name, path, origin[element.name], index, issues)
                continue
            out[element.name] = substitute(entry, element.number)
            origin[element.name] = path
            index.aliases[(*section, element.name)] = path
    return out


def _twice(name: Any, path: Path_, first: Path_, index: LineIndex,
           issues: list[Issue]) -> None:
    issues.append(Issue(dotted(path), f"{name} is defined twice (also by {dotted(first)})",
                        "keep one definition: shorten the range or remove the entry",
                        index.lookup(path)))
