"""VRRP family: a group on a Vlanif or routed interface (REFERENCE has no VRRP section: forms
and display from the corpus, each cited; what it does not show is marked [UNVERIFIED]).

Interface view, displayed after `ip address` in this order (corpus vrp5 Core_SW1.cfg,
vrp8/ce6800-mstp-vrrp-devicea.cfg, vrp8/ne40e-vrrp-vlanif-devicea.cfg):
- `vrrp vrid N virtual-ip A` (one line per virtual address, keyed by it);
- `vrrp vrid N priority P` (the default 100 is not displayed: Core_SW1 shows it only on 120);
- `vrrp vrid N preempt timer delay S` (ce6800-mstp-vrrp-devicea.cfg);
- `vrrp vrid N track interface IF [reduced R]` [UNVERIFIED display: Huawei command references].
Undo forms follow the general `undo` + command rule (§6.11) [UNVERIFIED]. The Applier models
the last virtual address leaving as the group's deletion [INFERRED], so the remediation adds a
new virtual address before it removes the old one, and removes a group's other lines before
its virtual addresses (`late_removals`). Every change of a live gateway is high risk, naming
the group and the interface.
"""

from __future__ import annotations

from vrpgen.vrp.risk import Command
from vrpgen.vrp.spec import HIGH, INTERFACE, Rating, Risks, Spec, spec

VIRTUAL_IP, UNDO_VIRTUAL_IP = "vrrp-virtual-ip", "undo-vrrp-virtual-ip"
PRIORITY, UNDO_PRIORITY = "vrrp-priority", "undo-vrrp-priority"
PREEMPT, UNDO_PREEMPT = "vrrp-preempt-delay", "undo-vrrp-preempt-delay"
TRACK, UNDO_TRACK = "vrrp-track-interface", "undo-vrrp-track-interface"

GROUP_PREFIX = "vrrp vrid "  # every line of a group starts so
RULES: frozenset[str] = frozenset()

_VIP = Rating(HIGH, "adds virtual IP {a} to VRRP group {id} on {ifn}: the gateway of the "
                    "segment may move to this device")
_UNVIP = Rating(HIGH, "removes virtual IP {a} of VRRP group {id} on {ifn}: hosts using it as "
                      "gateway lose it here (the last one deletes the group)")
_PRIO = Rating(HIGH, "sets the priority of VRRP group {id} on {ifn} to {p}: the master may "
                     "change")
_UNPRIO = Rating(HIGH, "resets the priority of VRRP group {id} on {ifn} to the default: the "
                       "master may change")
_PREEMPT = Rating(HIGH, "changes when VRRP group {id} on {ifn} takes mastership back")
_TRACK = Rating(HIGH, "changes the interface VRRP group {id} on {ifn} tracks: failover on "
                      "uplink loss changes")

SPECS: tuple[Spec, ...] = ()
VIEW_SPECS: tuple[Spec, ...] = (
    spec(VIRTUAL_IP, "vrrp vrid <id:int:1-255> virtual-ip <a:ip>", INTERFACE, "keyed",
         "vrrp vrid {id} virtual-ip {a}", "undo vrrp vrid {id} virtual-ip {a}",
         remediation="generic", ref="corpus Core_SW1, ce6800-mstp-vrrp",
         risk=Risks(_VIP, _UNVIP)),
    spec(UNDO_VIRTUAL_IP, "undo vrrp vrid <id:int:1-255> virtual-ip <a:ip>", INTERFACE, "undo",
         "vrrp vrid {id} virtual-ip {a}", action="vrrp-address-remove", remediation="command",
         ref="§6.11"),
    spec(PRIORITY, "vrrp vrid <id:int:1-255> priority <p:int:1-254>", INTERFACE, "replace",
         "vrrp vrid {id} priority", "undo vrrp vrid {id} priority", remediation="generic",
         ref="corpus Core_SW1, ne40e-vrrp-vlanif", risk=Risks(_PRIO, _UNPRIO, add_replacing=_PRIO)),
    spec(UNDO_PRIORITY, "undo vrrp vrid <id:int:1-255> priority", INTERFACE, "undo",
         "vrrp vrid {id} priority", action="remove", remediation="command", ref="§6.11"),
    spec(PREEMPT, "vrrp vrid <id:int:1-255> preempt timer delay <s:int:0-3600>", INTERFACE,
         "replace", "vrrp vrid {id} preempt", "undo vrrp vrid {id} preempt timer delay",
         remediation="generic", ref="corpus ce6800-mstp-vrrp",
         risk=Risks(_PREEMPT, _PREEMPT, add_replacing=_PREEMPT)),
    spec(UNDO_PREEMPT, "undo vrrp vrid <id:int:1-255> preempt timer delay", INTERFACE, "undo",
         "vrrp vrid {id} preempt", action="remove", remediation="command", ref="§6.11"),
    spec(TRACK, "vrrp vrid <id:int:1-255> track interface <t:ifname> [reduced <r:int:1-255>]",
         INTERFACE, "keyed", "vrrp vrid {id} track interface {t}",
         "undo vrrp vrid {id} track interface {t}", remediation="generic",
         ref="Huawei command reference", risk=Risks(_TRACK, _TRACK)),
    spec(UNDO_TRACK, "undo vrrp vrid <id:int:1-255> track interface <t:ifname>", INTERFACE,
         "undo", "vrrp vrid {id} track interface {t}", action="remove", remediation="command",
         ref="§6.11"),
)


def late_removals(removes: list[Command]) -> tuple[list[Command], list[Command]]:
    """(other removals, virtual-address removals): a group's virtual addresses leave after its
    other lines and after the new addresses are added, so the group is never deleted by
    accident on the way (see the module docstring)."""
    late = [c for c in removes if c.text.startswith("undo vrrp vrid ") and " virtual-ip " in c.text]
    return [c for c in removes if c not in late], late
