"""Eth-Trunk LACP family: `mode lacp-static`, `lacp priority` (system and member port) and the
maximum of active links (REFERENCE §4.6; corpus vrp8/ce6800-ethtrunk-lacp-static-devicea.cfg).

Membership itself (`eth-trunk N` in a member, `undo eth-trunk`) is the interface family's
(`interface.ETH_TRUNK`): it is ordered with the member's own L2/L3 lines.

- `mode lacp-static` (VRP5 AR/eNSP S5700, CE, NE; NE also `lacp-dynamic`); `mode manual
  load-balance` is the default and not displayed; `undo mode` goes back to it (§4.6).
- `lacp priority N`: in the system view the LACP system priority, in a member's view its port
  priority (corpus ce6800-ethtrunk-lacp-static-devicea.cfg shows both).
- the maximum of active links: CE displays `lacp max active-linknumber N` (same corpus file),
  NE `max active-linknumber N` (§4.6 NE example). VRP5 is not covered by REFERENCE: vrpgen
  renders neither there (derive/trunks.py refuses the setting), but both forms are parsed.
Undo forms follow the general `undo` + command rule (§6.11): REFERENCE spells out `undo mode`
only. A mode change renegotiates the whole trunk: high risk, naming the Eth-Trunk.
"""

from __future__ import annotations

from vrpgen.vrp.spec import HIGH, INTERFACE, MEDIUM, SYSTEM, Rating, Risks, Spec, spec

MODE, UNDO_MODE = "trunk-mode", "undo-trunk-mode"
SYS_PRIORITY, UNDO_SYS_PRIORITY = "lacp-system-priority", "undo-lacp-system-priority"
PORT_PRIORITY, UNDO_PORT_PRIORITY = "lacp-port-priority", "undo-lacp-port-priority"
MAX_ACTIVE_CE, UNDO_MAX_ACTIVE_CE = "lacp-max-active", "undo-lacp-max-active"
MAX_ACTIVE, UNDO_MAX_ACTIVE = "max-active", "undo-max-active"

MODE_KEY = "mode"
RULES: frozenset[str] = frozenset()

_MODE = Rating(HIGH, "sets the aggregation mode of {ifn} to {m}: the trunk renegotiates and "
                     "its traffic is interrupted")
_UNMODE = Rating(HIGH, "puts {ifn} back to manual load-balance mode: the trunk renegotiates "
                       "and its traffic is interrupted")
_SYS = Rating(MEDIUM, "changes the LACP system priority: every LACP trunk may re-select its "
                      "active links")
_PORT = Rating(MEDIUM, "changes the LACP port priority of {ifn}: its trunk may re-select its "
                       "active links")
_ACTIVE = Rating(HIGH, "changes the number of active links of {ifn}: links may be put on "
                       "standby")

SPECS: tuple[Spec, ...] = (
    spec(SYS_PRIORITY, "lacp priority <n:int:0-65535>", SYSTEM, "replace", "lacp priority",
         "undo lacp priority", remediation="generic", ref="§4.6, corpus ce6800-ethtrunk",
         risk=Risks(_SYS, _SYS, add_replacing=_SYS)),
    spec(UNDO_SYS_PRIORITY, "undo lacp priority", SYSTEM, "undo", "lacp priority",
         action="remove", remediation="command", ref="§4.6, §6.11"),
)
# Typed in an Eth-Trunk or member interface view.
VIEW_SPECS: tuple[Spec, ...] = (
    spec(MODE, "mode <m:enum:lacp-static|lacp-dynamic>", INTERFACE, "replace", MODE_KEY,
         "undo mode", remediation="generic", ref="§4.6",
         risk=Risks(_MODE, _UNMODE, add_replacing=_MODE)),
    spec(UNDO_MODE, "undo mode", INTERFACE, "undo", MODE_KEY, action="remove",
         remediation="command", ref="§4.6"),
    spec(PORT_PRIORITY, "lacp priority <n:int:0-65535>", INTERFACE, "replace",
         "lacp priority", "undo lacp priority", remediation="generic",
         ref="corpus ce6800-ethtrunk-lacp-static", risk=Risks(_PORT, _PORT, add_replacing=_PORT)),
    spec(UNDO_PORT_PRIORITY, "undo lacp priority", INTERFACE, "undo", "lacp priority",
         action="remove", remediation="command", ref="§6.11"),
    spec(MAX_ACTIVE_CE, "lacp max active-linknumber <n:int:1-64>", INTERFACE, "replace",
         "lacp max active-linknumber", "undo lacp max active-linknumber",
         remediation="generic", ref="corpus ce6800-ethtrunk-lacp-static",
         risk=Risks(_ACTIVE, _ACTIVE, add_replacing=_ACTIVE)),
    spec(UNDO_MAX_ACTIVE_CE, "undo lacp max active-linknumber", INTERFACE, "undo",
         "lacp max active-linknumber", action="remove", remediation="command", ref="§6.11"),
    spec(MAX_ACTIVE, "max active-linknumber <n:int:1-64>", INTERFACE, "replace",
         "max active-linknumber", "undo max active-linknumber", remediation="generic",
         ref="§4.6", risk=Risks(_ACTIVE, _ACTIVE, add_replacing=_ACTIVE)),
    spec(UNDO_MAX_ACTIVE, "undo max active-linknumber", INTERFACE, "undo",
         "max active-linknumber", action="remove", remediation="command", ref="§6.11"),
)
