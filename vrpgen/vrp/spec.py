"""What one VRP command is: the `Spec` record, its builder, its risk ratings and its templates.

Kinds:
- section: opens a view (`interface X`, `bgp N`, `ospf N`, `area A`, `vlan N`, `route-policy`).
- replace: one value per key; a new value overwrites the old one without an undo.
- keyed: one line per key (`peer X as-number`, `network A W`); removal is the undo of that key.
- set: additive member set (`vlan batch`, `port trunk allow-pass vlan`); removal by listed members.
- undo: a typed `undo …` command; `action` says what it removes.

`undo` is the remediation's removal template (None: the model knows no safe undo and never
removes the line; REFERENCE is silent). `placed` is the view the device displays the line in when
it differs from where it is typed (REFERENCE §4.9: AF options typed in the bgp view).

`remediation` is how the planner handles the spec (issue 8: nothing is dropped silently):
- "generic": the shared keyed/replace/set/section diff (sectiondiff.py);
- "family": the family rule named by `rule` (the family module implements it);
- "text": kept as text on purpose: sent as written when new, never changed or removed by an undo,
  counted unmanaged when only the running side has it;
- "command": a typed command (the `undo …` forms), never a displayed line: the planner only
  emits it as another spec's removal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

from vrpgen.vrp.grammar import Form, expand

# The views commands are typed in (REFERENCE §2.1).
SYSTEM, INTERFACE, VLAN, OSPF, AREA, BGP, AF, POLICY = (
    "system", "interface", "vlan", "ospf", "ospf-area", "bgp", "bgp-af", "route-policy",
)  # fmt: skip
# REFERENCE §2.1: `ipv4-family vpnv4` / `ipv4-family vpn-instance A` in the bgp view;
# `ip vpn-instance A` -> `ipv4-family` in the system view.
VPNV4, BGP_VRF, VPN, VPN_AF = "bgp-vpnv4", "bgp-vpn-instance", "vpn-instance", "vpn-instance-af"

Disposition = Literal["generic", "family", "text", "command"]
DISPOSITIONS: frozenset[str] = frozenset(get_args(Disposition))

HIGH, MEDIUM, LOW = "high", "medium", "low"


@dataclass(frozen=True, slots=True)
class Rating:
    """A risk level and its reason; `{p}` / `{v}` in the reason take the command's values."""

    level: str
    reason: str


ADDS = Rating(LOW, "adds or updates configuration")
REMOVES = Rating(LOW, "removes a setting")


@dataclass(frozen=True, slots=True)
class Risks:
    """The risk of sending a spec's line (`add`) or its undo template (`remove`); `*_replacing`
    when a value already existed (a router-id, a link type, the VLANs of an existing trunk)."""

    add: Rating = ADDS
    remove: Rating = REMOVES
    add_replacing: Rating | None = None
    remove_replacing: Rating | None = None


DEFAULT_RISKS = Risks()


@dataclass(frozen=True, slots=True)
class Spec:
    id: str
    forms: tuple[str, ...]
    views: frozenset[str]
    kind: str
    key: str = ""
    undo: str | None = None
    opens: str | None = None
    placed: str | None = None
    action: str = ""
    question: str | None = None
    ref: str = ""
    defaults: tuple[tuple[str, str], ...] = ()
    undo_question: str | None = None  # asked by the `undo` template's command
    parsed: tuple[Form, ...] = field(default=(), compare=False)
    remediation: str = ""
    rule: str = ""  # the family rule, when remediation == "family"
    risk: Risks = DEFAULT_RISKS
    secret: bool = False  # REFERENCE §6.3: shown encrypted, so only its presence is compared

    def __post_init__(self) -> None:
        # A spec the planner does not know how to handle cannot be built (issue 8).
        if self.remediation not in DISPOSITIONS:
            raise ValueError(f"spec {self.id!r}: remediation must be one of "
                             f"{sorted(DISPOSITIONS)}, not {self.remediation!r}")
        if (self.remediation == "family") != bool(self.rule):
            raise ValueError(f"spec {self.id!r}: a family rule name goes with "
                             f"remediation='family' and only with it")
        if self.remediation == "command" and self.kind != "undo":
            raise ValueError(f"spec {self.id!r}: only typed undo commands are 'command'")


def spec(
    id: str,
    forms: str | tuple[str, ...],
    views: str | tuple[str, ...],
    kind: str,
    key: str = "",
    undo: str | None = None,
    *,
    remediation: Disposition,
    rule: str = "",
    opens: str | None = None,
    placed: str | None = None,
    action: str = "",
    question: str | None = None,
    ref: str,
    defaults: tuple[tuple[str, str], ...] = (),
    undo_question: str | None = None,
    risk: Risks = DEFAULT_RISKS,
    secret: bool = False,
) -> Spec:
    """Build a Spec; `remediation` has no default: every command says how it is planned."""
    fs = (forms,) if isinstance(forms, str) else forms
    vs = frozenset((views,) if isinstance(views, str) else views)
    parsed = tuple(f for src in fs for f in expand(src))
    return Spec(
        id, fs, vs, kind, key, undo, opens, placed, action, question, ref, defaults, undo_question,
        parsed, remediation, rule, risk, secret,
    )


def key_of(spec: Spec, params: dict[str, str]) -> str:
    """The node key of a matched line (REFERENCE: one line per key in its view)."""
    if "{" not in spec.key:
        return spec.key
    try:
        return spec.key.format_map(params if not spec.defaults else {**dict(spec.defaults),
                                                                     **params})
    except KeyError:
        return spec.key.format_map(_Defaults(params, spec))


class _Defaults(dict[str, str]):
    def __init__(self, params: dict[str, str], spec: Spec) -> None:
        super().__init__(spec.defaults)
        self.update(params)

    def __missing__(self, key: str) -> str:
        return ""


def render(template: str, params: dict[str, str], spec: Spec) -> str:
    return " ".join(template.format_map(_Defaults(params, spec)).split())
