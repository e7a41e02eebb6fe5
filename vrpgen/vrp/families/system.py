"""System family: the device name, `sysname` (REFERENCE §4.1)."""

from __future__ import annotations

from vrpgen.vrp.node import Node
from vrpgen.vrp.risk import Command
from vrpgen.vrp.sectiondiff import Diff
from vrpgen.vrp.spec import MEDIUM, SYSTEM, Rating, Risks, Spec, spec

SYSNAME, UNDO_SYSNAME = "sysname", "undo-sysname"
KEY = "sysname"  # the node key of the one `sysname` line

RULE_SYSNAME = "sysname"
RULES = frozenset({RULE_SYSNAME})

SPECS: tuple[Spec, ...] = (
    spec(SYSNAME, "sysname <name:word>", SYSTEM, "replace", "sysname", None,
         remediation="family", rule=RULE_SYSNAME, ref="§4.1",
         risk=Risks(Rating(MEDIUM, "changes the prompt: open sessions see a new device name"))),
    spec(UNDO_SYSNAME, "undo sysname", SYSTEM, "undo", "sysname", action="remove",
         remediation="command", ref="§4.1"),
)


def sysname(rk: dict[str, Node], ik: dict[str, Node], d: Diff) -> list[Command]:
    """A new name, sent last: the prompt changes and a running session sees another device
    (REFERENCE §5.3). No undo: REFERENCE §4.1 gives none, so a dropped name is left alone."""
    new, old = ik.get(KEY), rk.get(KEY)
    if new is None or (old is not None and old.text == new.text):
        return []
    return [d.line(new)]
