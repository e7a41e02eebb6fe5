"""Risk of each remediation command: high, medium or low, with the reason in words.

High (issue 4): `undo bgp`, `undo ospf`, a BGP or OSPF router-id change, an interface shut
down, a VLAN pulled from a trunk, a BGP peer removed or reset, a link-type change. The rest is
medium when it changes forwarding or routing state and low when it only adds or documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HIGH, MEDIUM, LOW = "high", "medium", "low"


@dataclass(frozen=True, slots=True)
class Command:
    """One line to send, in order, with the dialog it may raise (REFERENCE §2.5)."""

    text: str
    question: str | None = None
    answer: str | None = None
    level: str | None = None  # None for view entries and quits
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Risk:
    level: str
    reason: str
    command: str

    def to_dict(self) -> dict[str, str]:
        return {"level": self.level, "reason": self.reason, "command": self.command}


_RULES: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(p), level, reason)
    for p, level, reason in (
        (r"^undo bgp\b", HIGH, "deletes the BGP process and tears down every BGP session"),
        (r"^undo ospf \d+", HIGH, "deletes the OSPF process and every adjacency"),
        (r"^shutdown$", HIGH, "shuts the interface down"),
        (r"^undo port trunk allow-pass vlan (?P<v>.*)", HIGH,
         "pulls VLAN {v} from the trunk: its traffic on this port stops"),
        (r"^undo peer (?P<p>\S+)$", HIGH, "removes BGP peer {p}: the session goes down"),
        (r"^peer (?P<p>\S+) enable$", HIGH, "enables BGP peer {p}: the session is reset"),
        (r"^undo peer (?P<p>\S+) enable$", HIGH, "disables BGP peer {p}: the session goes down"),
        (r"^undo peer (?P<p>\S+) group", HIGH, "moves BGP peer {p} out of its group: reset"),
        (r"^(undo )?port link-type", HIGH, "changes the port link type: traffic interrupted"),
        (r"^(undo )?portswitch$", HIGH, "switches the port between layer 2 and layer 3"),
        (r"^undo vlan batch (?P<v>.*)", HIGH, "deletes VLAN {v} from the device"),
        (r"^undo area", MEDIUM, "removes an OSPF area and its adjacencies"),
        (r"^undo interface", MEDIUM, "deletes a logical interface"),
        (r"^sysname", MEDIUM, "changes the prompt: open sessions see a new device name"),
        (r"^(undo )?ip address", MEDIUM, "changes an interface address"),
        (r"^(undo )?network", MEDIUM, "changes which networks the routing process announces"),
        (r"^(undo )?ospf cost", MEDIUM, "changes OSPF path selection"),
        (r"^(undo )?port (default|trunk pvid) vlan", MEDIUM, "changes the port's untagged VLAN"),
        # TCP MD5 (RFC 2385): the session drops until both ends agree on the password.
        (r"^(undo )?peer (?P<p>\S+) password", HIGH,
         "changes the password of BGP peer {p}: the session drops until both ends match"),
        (r"^(undo )?peer \S+ (connect-interface|ebgp-max-hop|route-policy|"
         r"reflect-client|group|next-hop-local)", MEDIUM, "changes a BGP session option"),
        (r"^(undo )?(route-policy|ip ip-prefix|if-match|apply)", MEDIUM,
         "changes routing policy"),
        (r"^(undo )?(silent-interface|import-route|reflector|undo reflect)", MEDIUM,
         "changes routing behaviour"),
        (r"^undo", LOW, "removes a setting"),
    )
)


def assess(text: str, replaced: bool = False) -> tuple[str, str]:
    """(level, reason) of one command; `replaced` marks a value that already existed (a
    router-id, a link type, the VLANs of a port that already was a trunk)."""
    if replaced and (text.startswith("router-id ") or re.match(r"^ospf \d+ router-id", text)):
        if text.startswith("ospf"):
            # REFERENCE §4.8: the new router-id takes effect after `reset ospf P process`.
            return HIGH, ("changes the OSPF router-id: effective after `reset ospf "
                          "process`, which restarts every adjacency")
        return HIGH, "changes the BGP router-id: peers see a new identifier; sessions may reset"
    if not replaced and text.startswith("port link-type "):
        return MEDIUM, "sets the link type of a port that had the model default"
    if not replaced and text.startswith("undo port trunk allow-pass vlan"):
        return MEDIUM, "keeps the default VLAN 1 off a port that becomes a trunk"
    for pattern, level, reason in _RULES:
        m = pattern.match(text)
        if m:
            return level, reason.format(**m.groupdict())
    return LOW, "adds or updates configuration"


def command(text: str, question: str | None = None, *, replaced: bool = False) -> Command:
    level, reason = assess(text, replaced)
    return Command(text, question, "Y" if question else None, level, reason)


def enter(text: str) -> Command:
    """A view entry or `quit`: no risk of its own."""
    return Command(text)
