"""VLAN family: `vlan batch`, `vlan N` blocks and their names, one VLAN set (REFERENCE §4.2)."""

from __future__ import annotations

from vrpgen.vrp import vlanlist
from vrpgen.vrp.node import BATCH, Node
from vrpgen.vrp.risk import Command
from vrpgen.vrp.sectiondiff import Diff, members
from vrpgen.vrp.spec import HIGH, SYSTEM, VLAN, Rating, Risks, Spec, spec

VLAN_BATCH, UNDO_VLAN_BATCH = "vlan-batch", "undo-vlan-batch"
VLAN_BLOCK, UNDO_VLAN = "vlan", "undo-vlan"
VLAN_NAME, UNDO_VLAN_NAME = "vlan-name", "undo-vlan-name"

# REFERENCE §2.5
Q_UNDO_VLAN = "Warning: The configurations of the VLAN will be deleted. Continue? [Y/N]:"

# `vlan batch` and the `vlan N` blocks are one set (§4.2): created first, deleted last.
RULE_BATCH = "vlan-batch"  # additions before every other phase, removals after
RULE_BLOCK = "vlan-block"  # one `vlan N` block, by the generic section diff
RULES = frozenset({RULE_BATCH, RULE_BLOCK})

V = "<v:vlans>"
SPECS: tuple[Spec, ...] = (
    spec(VLAN_BATCH, f"vlan batch {V}", SYSTEM, "set", "vlan batch", "undo vlan batch",
         remediation="family", rule=RULE_BATCH, ref="§4.2",
         risk=Risks(remove=Rating(HIGH, "deletes VLAN {v} from the device"))),
    spec(UNDO_VLAN_BATCH, f"undo vlan batch {V}", SYSTEM, "undo", "vlan batch",
         action="vlan-remove", remediation="command", ref="§4.2"),
    spec(VLAN_BLOCK, "vlan <id:int:1-4094>", SYSTEM, "section", "vlan {id}",
         "undo vlan batch {id}", opens=VLAN, remediation="family", rule=RULE_BLOCK,
         ref="§4.2", risk=Risks(remove=Rating(HIGH, "deletes VLAN {id} from the device"))),
    spec(UNDO_VLAN, "undo vlan <id:int:1-4094>", SYSTEM, "undo", "vlan batch",
         action="vlan-remove", question=Q_UNDO_VLAN, remediation="command", ref="§4.2, §2.5"),
)
# Typed in the vlan view (after the interface family's `description`, as before the split).
VIEW_SPECS: tuple[Spec, ...] = (
    spec(VLAN_NAME, "name <name:word>", VLAN, "replace", "name", "undo name",
         remediation="generic", ref="§4.2"),
    spec(UNDO_VLAN_NAME, "undo name", VLAN, "undo", "name", action="remove",
         remediation="command", ref="§4.2"),
)


def additions(rk: dict[str, Node], ik: dict[str, Node], d: Diff) -> list[Command]:
    """`vlan batch` for the VLANs intended adds, before any port uses them (§4.2)."""
    batch = ik.get(BATCH)
    new = members(batch) - members(rk.get(BATCH))
    return [] if batch is None else [d.set_cmd(batch, c) for c in vlanlist.chunks(new)]


def block(r: Node | None, i: Node, d: Diff) -> list[Command]:
    """One `vlan N` block: its name and description, by the generic section diff."""
    return d.section(r, i)


def deletions(rk: dict[str, Node], ik: dict[str, Node], d: Diff) -> list[Command]:
    """`undo vlan batch` after the ports let the VLANs go (§4.2); then the blocks of surviving
    VLANs that intended drops are emptied."""
    batch = rk.get(BATCH)
    gone = members(batch) - members(ik.get(BATCH))
    out = [] if batch is None else [d.set_cmd(batch, c, removal=True)
                                    for c in vlanlist.chunks(gone)]
    for key, node in rk.items():
        if node.spec == VLAN_BLOCK and key not in ik and int(node.params["id"]) not in gone:
            out.extend(d.section(node, node.shallow()))
    return out
