"""Spanning-tree family (REFERENCE has no STP section: forms and display from the corpus and
Huawei documentation, each cited below; what neither shows is marked [UNVERIFIED]).

System view:
- `stp mode {stp | rstp | mstp}`: NE40E "Example for Configuring Basic STP/RSTP Functions"
  (V800R012C10 config guide, scraped in WheaterW/INTA-project, found with the code search)
  displays `stp mode rstp`; MSTP is the default and not displayed (corpus
  vrp8/ce6800-mstp-vrrp-devicea.cfg runs MSTP with no `stp mode` line).
- `stp instance I root {primary | secondary}` and `stp instance I priority P` (corpus
  ce6800-mstp-vrrp-devicea.cfg, ne40e-vrrp-vlanif-devicea.cfg); the CIST is instance 0, shown
  `stp instance 0 root primary` (the NE40E example above).
- `stp bpdu-protection` (ce6800-mstp-vrrp-devicea.cfg); `stp enable` (NE40E: shown, STP is off
  by default there; ne40e-vrrp-vlanif-devicea.cfg).
Interface view: `stp edged-port enable`, `stp root-protection` (ce6800-mstp-vrrp-devicea.cfg);
`stp loop-protection` [UNVERIFIED display: Huawei command references only].

A switch is either a root (primary/secondary) of an instance or has a bridge priority in it,
not both (Huawei: once a root, its priority cannot be set): both lines share one key per
instance, and the `stp-bridge` rule undoes a root before setting a priority and back.
Undo forms follow the general `undo` + command rule (§6.11) [UNVERIFIED]; `stp enable` is
never undone (that would turn STP off: left alone, counted unmanaged). A mode or root/priority
change recomputes the whole tree: high risk, naming the setting.
"""

from __future__ import annotations

from vrpgen.vrp.node import Node
from vrpgen.vrp.risk import Command
from vrpgen.vrp.sectiondiff import Diff
from vrpgen.vrp.spec import HIGH, INTERFACE, MEDIUM, SYSTEM, Rating, Risks, Spec, spec

MODE, UNDO_MODE = "stp-mode", "undo-stp-mode"
ROOT, UNDO_ROOT = "stp-root", "undo-stp-root"
PRIORITY, UNDO_PRIORITY = "stp-priority", "undo-stp-priority"
BPDU_PROTECTION, UNDO_BPDU_PROTECTION = "stp-bpdu-protection", "undo-stp-bpdu-protection"
ENABLE = "stp-enable"
EDGED, UNDO_EDGED = "stp-edged-port", "undo-stp-edged-port"
LOOP, UNDO_LOOP = "stp-loop-protection", "undo-stp-loop-protection"
ROOT_PROTECTION, UNDO_ROOT_PROTECTION = "stp-root-protection", "undo-stp-root-protection"

BRIDGE_KEY = "stp instance {i} bridge"  # the root role or the priority of one instance
RULE_BRIDGE = "stp-bridge"  # root <-> priority: the old one undone first
RULES = frozenset({RULE_BRIDGE})

_MODE = Rating(HIGH, "sets the spanning-tree mode to {m}: every port recomputes its role and "
                     "state, loops or outages while it converges")
_UNMODE = Rating(HIGH, "puts the spanning-tree mode back to the default (MSTP): every port "
                       "recomputes its role and state")
_ROOT = Rating(HIGH, "makes this switch the {r} root of spanning-tree instance {i}: the tree "
                     "is recomputed")
_UNROOT = Rating(HIGH, "stops this switch being a root of spanning-tree instance {i}: the tree "
                       "is recomputed")
_PRIO = Rating(HIGH, "changes the bridge priority of spanning-tree instance {i} to {p}: the "
                     "root may move")
_UNPRIO = Rating(HIGH, "resets the bridge priority of spanning-tree instance {i}: the root may "
                       "move")
_BPDU = Rating(MEDIUM, "BPDU protection: an edge port that receives a BPDU is shut down")
_UNBPDU = Rating(MEDIUM, "removes BPDU protection from the edge ports")
_EDGE = Rating(MEDIUM, "makes {ifn} an STP edge port: it forwards at once, a loop through it "
                       "is not blocked until a BPDU arrives")
_UNEDGE = Rating(MEDIUM, "makes {ifn} a normal STP port: it waits for the tree before "
                         "forwarding when it comes up")
_GUARD = Rating(MEDIUM, "changes spanning-tree protection on {ifn}")

SPECS: tuple[Spec, ...] = (
    spec(MODE, "stp mode <m:enum:stp|rstp|mstp>", SYSTEM, "replace", "stp mode",
         "undo stp mode", remediation="generic", ref="NE40E STP/RSTP example; §6.11",
         risk=Risks(_MODE, _UNMODE, add_replacing=_MODE)),
    spec(UNDO_MODE, "undo stp mode", SYSTEM, "undo", "stp mode", action="remove",
         remediation="command", ref="§6.11"),
    spec(ROOT, "stp instance <i:int:0-4094> root <r:enum:primary|secondary>", SYSTEM, "replace",
         BRIDGE_KEY, "undo stp instance {i} root", remediation="family",
         rule=RULE_BRIDGE, ref="corpus ce6800-mstp-vrrp",
         risk=Risks(_ROOT, _UNROOT, add_replacing=_ROOT)),
    spec(UNDO_ROOT, "undo stp instance <i:int:0-4094> root", SYSTEM, "undo",
         BRIDGE_KEY, action="remove", remediation="command", ref="§6.11"),
    spec(PRIORITY, "stp instance <i:int:0-4094> priority <p:int:0-61440>", SYSTEM, "replace",
         BRIDGE_KEY, "undo stp instance {i} priority", remediation="family",
         rule=RULE_BRIDGE, ref="corpus ne40e-vrrp-vlanif",
         risk=Risks(_PRIO, _UNPRIO, add_replacing=_PRIO)),
    spec(UNDO_PRIORITY, "undo stp instance <i:int:0-4094> priority", SYSTEM, "undo",
         BRIDGE_KEY, action="remove", remediation="command", ref="§6.11"),
    spec(BPDU_PROTECTION, "stp bpdu-protection", SYSTEM, "replace", "stp bpdu-protection",
         "undo stp bpdu-protection", remediation="generic", ref="corpus ce6800-mstp-vrrp",
         risk=Risks(_BPDU, _UNBPDU)),
    spec(UNDO_BPDU_PROTECTION, "undo stp bpdu-protection", SYSTEM, "undo",
         "stp bpdu-protection", action="remove", remediation="command", ref="§6.11"),
    # never undone: `undo stp enable` would turn spanning tree off (left alone, unmanaged)
    spec(ENABLE, "stp enable", SYSTEM, "replace", "stp enable", None, remediation="generic",
         ref="corpus ne40e-vrrp-vlanif",
         risk=Risks(Rating(HIGH, "turns spanning tree on: every port recomputes its state"))),
)
# Typed in an interface view.
VIEW_SPECS: tuple[Spec, ...] = (
    spec(EDGED, "stp edged-port enable", INTERFACE, "replace", "stp edged-port",
         "undo stp edged-port", remediation="generic", ref="corpus ce6800-mstp-vrrp",
         risk=Risks(_EDGE, _UNEDGE)),
    spec(UNDO_EDGED, "undo stp edged-port", INTERFACE, "undo", "stp edged-port",
         action="remove", remediation="command", ref="§6.11"),
    spec(LOOP, "stp loop-protection", INTERFACE, "replace", "stp loop-protection",
         "undo stp loop-protection", remediation="generic", ref="Huawei command reference",
         risk=Risks(_GUARD, _GUARD)),
    spec(UNDO_LOOP, "undo stp loop-protection", INTERFACE, "undo", "stp loop-protection",
         action="remove", remediation="command", ref="§6.11"),
    spec(ROOT_PROTECTION, "stp root-protection", INTERFACE, "replace", "stp root-protection",
         "undo stp root-protection", remediation="generic", ref="corpus ce6800-mstp-vrrp",
         risk=Risks(_GUARD, _GUARD)),
    spec(UNDO_ROOT_PROTECTION, "undo stp root-protection", INTERFACE, "undo",
         "stp root-protection", action="remove", remediation="command", ref="§6.11"),
)


def bridge(r: Node | None, i: Node, d: Diff) -> list[Command]:
    """One instance's root role or bridge priority: re-entered in place when the kind stays,
    the old kind undone first when it changes (a root's priority cannot be set)."""
    if r is not None and r.text == i.text:
        return []
    if r is None:
        return [d.line(i)]
    if r.spec == i.spec:
        return [d.line(i, replaced=True)]
    undo = d.undo_of(r)
    assert undo is not None
    return [d.cmd(undo, r.spec, removal=True, values=r.params), d.line(i)]
