"""Per-platform command forms of the switching families (issue 12), decided in one place.

Today the platform (`vrp5`: S-series switches and AR routers; `vrp8`: CloudEngine switches and
NE routers, told apart by role as derive/device.py does for portswitch) decides them; when the
inventory gains a device model (S, AR, CE, NE), these functions are what points at it.
"""

from __future__ import annotations


def is_ne(platform: str, role: str) -> bool:
    """A VRP8 router is taken for an NE40E, a VRP8 switch for a CloudEngine (REFERENCE §1)."""
    return platform == "vrp8" and role == "router"


def max_active_links_command(platform: str, role: str) -> str | None:
    """The command that limits an Eth-Trunk's active links, or None where REFERENCE and the
    corpus give no form: CE `lacp max active-linknumber N` (corpus
    vrp8/ce6800-ethtrunk-lacp-static-devicea.cfg), NE `max active-linknumber N` (§4.6);
    VRP5 (S-series, AR): not shown anywhere, so not rendered (derive/trunks.py refuses it)."""
    if platform != "vrp8":
        return None
    return "max active-linknumber" if is_ne(platform, role) else "lacp max active-linknumber"


def stp_enable_shown(platform: str, role: str) -> bool:
    """NE40E displays `stp enable` (STP is off there by default: corpus
    ne40e-vrrp-vlanif-devicea.cfg); S-series and CE run it by default and show no line
    (corpus ce6800-mstp-vrrp-devicea.cfg)."""
    return is_ne(platform, role)
