"""VLAN lists: parse `10 20 to 30` / `all`, print ascending runs, chunk at 10 items a line.

REFERENCE §4.2 and §4.4: runs of consecutive IDs print as `a to b` (even runs of two), at most
10 items (single IDs or ranges) per command line; `all` means every VLAN 1-4094.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

VLAN_MIN = 1
VLAN_MAX = 4094
ITEMS_PER_LINE = 10  # REFERENCE §4.2, §4.4


class VlanListError(ValueError):
    """A token of a VLAN list is not valid; `index` is the offending token's position."""

    def __init__(self, index: int, incomplete: bool = False) -> None:
        super().__init__(f"bad VLAN list token at {index}")
        self.index = index
        self.incomplete = incomplete


def parse_tokens(tokens: Sequence[str]) -> set[int]:
    """`['10', '20', 'to', '30']` -> {10, 20..30}; `['all']` -> 1..4094 (REFERENCE §4.4)."""
    if len(tokens) == 1 and "all".startswith(tokens[0].lower()) and tokens[0].isalpha():
        return set(range(VLAN_MIN, VLAN_MAX + 1))
    result: set[int] = set()
    i = 0
    n = len(tokens)
    if n == 0:
        raise VlanListError(0, incomplete=True)
    while i < n:
        low = _vlan(tokens, i)
        if i + 1 < n and tokens[i + 1].lower() == "to":
            if i + 2 >= n:
                raise VlanListError(i + 2, incomplete=True)
            high = _vlan(tokens, i + 2)
            if high < low:  # REFERENCE §4.2: vlan-id2 > vlan-id1
                raise VlanListError(i + 2)
            result.update(range(low, high + 1))
            i += 3
        else:
            result.add(low)
            i += 1
    return result


def _vlan(tokens: Sequence[str], i: int) -> int:
    tok = tokens[i]
    # isascii: `int()` accepts other digits; the length cap keeps int() off 5,000-digit strings.
    if not (tok.isascii() and tok.isdigit()) or len(tok) > 4:
        raise VlanListError(i)
    value = int(tok)
    if not VLAN_MIN <= value <= VLAN_MAX:
        raise VlanListError(i)
    return value


def runs(vlans: Iterable[int]) -> list[tuple[int, int]]:
    """Ascending (low, high) runs of consecutive IDs."""
    out: list[tuple[int, int]] = []
    ordered = sorted(set(vlans))  # duplicates are one member
    if not ordered:
        return out
    low = high = ordered[0]
    for v in ordered:  # the current run in two locals: no tuple rebuilt per member
        if v > high + 1:
            out.append((low, high))
            low = v
        high = v
    out.append((low, high))
    return out


def items(vlans: Iterable[int]) -> list[str]:
    """Display items: `10`, `80 to 81` (a run of two also prints with `to`, REFERENCE §4.2)."""
    return [str(a) if a == b else f"{a} to {b}" for a, b in runs(vlans)]


def chunks(vlans: Iterable[int]) -> list[str]:
    """Item strings grouped ten to a line: one string per command line (REFERENCE §4.2)."""
    its = items(vlans)
    if len(its) <= ITEMS_PER_LINE:  # nearly every call (a port's few VLANs): no slicing
        return [" ".join(its)] if its else []
    return [" ".join(its[i : i + ITEMS_PER_LINE]) for i in range(0, len(its), ITEMS_PER_LINE)]
