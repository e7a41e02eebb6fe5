"""Device model families: what a model decides about its ports and features, in one table.

    family("ce6800") -> Family(name="CE", model="CE6800", platform="vrp8", ...)
    family_of(platform, role) -> the family a device without a `model` has (today's rule)
    Family.routed_port_lines / switched_port_lines / admin_lines: the lines a port of this
    family displays beyond its L2/L3 settings (REFERENCE §4.4, §4.5)

Every fact cites REFERENCE or the corpus (../shared/vrp/corpus). Which interface types a family
has lives with the interface-name table (vrp/ifname.py `IfType.families`), not here.
Facts REFERENCE leaves open are decided conservatively and marked [UNVERIFIED]:
- CE `undo shutdown` display (§4.5 "CE varies by model/version", §8): the real CE12800 V200R005
  capture shows ` undo shutdown` on every physical port, the CE6800 V300R023 doc configs never do
  (corpus vrp8/SOURCES.md "How this VRP8 output differs" 2). `ce12800` and the plain family `ce`
  (today's VRP8 behaviour) state it; `ce6800`/`ce5800`/`ce7800`/`ce8800` do not, and the diff then
  leaves a displayed `undo shutdown` alone (families/interface.py `_admin`): both converge.
- AR ports are routed by default (corpus vrp5 AR1.cfg, PE66.cfg: `ip address` on GigabitEthernet
  with no `undo portswitch`); REFERENCE gives no `portswitch` for AR, so a switched AR port gets
  no mode line (derive warns) and the simulator does not police AR port modes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from vrpgen.errors import VrpgenError

S, AR, CE, NE = "S", "AR", "CE", "NE"
FAMILY_NAMES = (S, AR, CE, NE)


@dataclass(frozen=True, slots=True)
class Family:
    name: str  # S | AR | CE | NE
    model: str  # the model as displayed (`CE6800`), or the family name when none was given
    platform: str  # vrp5 | vrp8 (REFERENCE §1 table "Products")
    role: str  # the role a device of the family has when none is given
    ports_switched: bool  # Ethernet ports are L2 by default (REFERENCE §4.4)
    shows_undo_shutdown: bool  # up ports display ` undo shutdown` (REFERENCE §4.5)
    polices_port_mode: bool  # the simulator refuses L3 lines on an L2 port and vice versa
    vlans: bool  # `vlan batch`, VLAN views and Vlanif exist (REFERENCE §4.2, §4.3 "switches")

    def routed_port_lines(self) -> tuple[str, ...]:
        """Mode lines of an Ethernet port or Eth-Trunk carrying an IP address (§4.4)."""
        return ("undo portswitch",) if self.ports_switched else ()

    def switched_port_lines(self) -> tuple[str, ...]:
        """Mode lines of an Ethernet port or Eth-Trunk carrying VLANs (§4.4). AR: none known."""
        if self.ports_switched or self.name == AR:
            return ()
        return ("portswitch",)

    def max_active_links_command(self) -> str | None:
        """The command limiting an Eth-Trunk's active links, or None where REFERENCE and the
        corpus give no form: CE `lacp max active-linknumber N` (corpus
        vrp8/ce6800-ethtrunk-lacp-static-devicea.cfg), NE `max active-linknumber N` (§4.6);
        S-series and AR: shown nowhere, so never rendered (derive/trunks.py refuses it)."""
        return {CE: "lacp max active-linknumber", NE: "max active-linknumber"}.get(self.name)

    def shows_stp_enable(self) -> bool:
        """NE40E displays `stp enable` (STP is off there by default: corpus
        ne40e-vrrp-vlanif-devicea.cfg); S-series and CE run it by default and show no line
        (corpus ce6800-mstp-vrrp-devicea.cfg)."""
        return self.name == NE

    def admin_lines(self, shutdown: bool) -> tuple[str, ...]:
        """The admin-state line a physical port displays (§4.5)."""
        if shutdown:
            return ("shutdown",)
        return ("undo shutdown",) if self.shows_undo_shutdown else ()


FAMILIES: dict[str, Family] = {
    # REFERENCE §4.4: S-series ports default to L2, `undo portswitch` displayed when routed;
    # §4.5: VRP5 S/AR ports are up by default, only ` shutdown` displayed.
    S: Family(S, S, "vrp5", "switch", ports_switched=True, shows_undo_shutdown=False,
              polices_port_mode=True, vlans=True),
    # Corpus vrp5 AR1.cfg, PE66.cfg: routed GigabitEthernet without `undo portswitch`; §4.5.
    AR: Family(AR, AR, "vrp5", "router", ports_switched=False, shows_undo_shutdown=False,
               polices_port_mode=False, vlans=False),
    # §4.4: "most CE ports default to L2" (corpus ce6800-bgp-rr-deviceb.cfg `undo portswitch`);
    # `undo shutdown`: see the module docstring [UNVERIFIED].
    CE: Family(CE, CE, "vrp8", "switch", ports_switched=True, shows_undo_shutdown=True,
               polices_port_mode=True, vlans=True),
    # §4.4: NE40E ports default to L3, `portswitch` displayed when switched (corpus
    # ne40e-vrrp-vlanif-devicea.cfg); §4.5: NE40E ports display ` undo shutdown`; Vlanif and
    # `vlan batch` exist (corpus ne40e-vrrp-vlanif-devicea.cfg).
    NE: Family(NE, NE, "vrp8", "router", ports_switched=False, shows_undo_shutdown=True,
               polices_port_mode=True, vlans=True),
}

# Model names accepted (lower case) → (family, changes). REFERENCE §1 "Products" lists them.
_CE_QUIET = {"shows_undo_shutdown": False}  # CE6800 V300R023 doc configs (docstring)
MODELS: dict[str, tuple[str, dict[str, bool]]] = {
    **{m: (S, {}) for m in ("s", "s2700", "s3700", "s5700", "s5720", "s5735", "s6700",
                            "s6720", "s7700", "s9700", "s12700")},
    **{m: (AR, {}) for m in ("ar", "ar610", "ar2200", "ar3200", "ar6280")},
    "ce": (CE, {}),
    "ce12800": (CE, {}),  # the real CE12800 capture shows `undo shutdown` (docstring)
    **{m: (CE, _CE_QUIET) for m in ("ce5800", "ce6800", "ce7800", "ce8800")},
    **{m: (NE, {}) for m in ("ne", "ne40e", "ne8000", "ne5000e")},
}


class UnknownModelError(VrpgenError):
    """A model name the table does not know; the message lists the known ones."""


def known_models() -> str:
    return ", ".join(sorted(MODELS))


def family(model: str) -> Family:
    """The family of a model name (any case): `s5700`, `CE6800`, `ne40e`, or a family name."""
    entry = MODELS.get(model.strip().lower())
    if entry is None:
        raise UnknownModelError(f"unknown device model {model!r}; known: {known_models()}")
    name, changes = entry
    shown = model.strip().upper() if model.strip().lower() not in ("s", "ar", "ce", "ne") \
        else name
    base = FAMILIES[name]
    quiet = changes.get("shows_undo_shutdown", base.shows_undo_shutdown)
    return replace(base, model=shown, shows_undo_shutdown=quiet)


def family_of(platform: str, role: str | None) -> Family:
    """A device without a model: VRP5 switch S, VRP5 router AR, VRP8 switch CE, VRP8 router NE
    (REFERENCE §1 "Products"; the rule derive used before models existed)."""
    if platform == "vrp8":
        return FAMILIES[NE] if role == "router" else FAMILIES[CE]
    return FAMILIES[AR] if role == "router" else FAMILIES[S]
