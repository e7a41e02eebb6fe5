"""Model semantics: a stateful VRP CLI session in system view and below (the `Applier`).

Contract (used by the simulator and the property test; names are stable):
    applier = Applier(config, platform[, model])  # config is copied; model: vrp/models.py
    outcome = applier.execute("int g0/0/1")  # Outcome(error, question, left_system_view, info)
    outcome = applier.answer(True)               # after a question: Y / N
    applier.view_name  # "" (system), "GigabitEthernet0/0/1", "vlan10", "ospf-1",
                       # "ospf-1-area-0.0.0.0", "bgp", "bgp-af-ipv4", "bgp-af-vpnv4",
                       # "bgp-A", "vpn-instance-A", "vpn-instance-A-af-ipv4", "route-policy"
                       # (REFERENCE §2.1)
    applier.at_system_view, applier.config
    apply(config, lines, platform) -> Config     # answers every question yes; DiffError on error
`return` is handled by the caller; `quit` in system view sets Outcome.left_system_view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from vrpgen.errors import DiffError
from vrpgen.vrp import commands as cm
from vrpgen.vrp import models
from vrpgen.vrp.apply_actions import Action, RejectedError, act
from vrpgen.vrp.families import management, vlan
from vrpgen.vrp.grammar import Failure, best, tokenize
from vrpgen.vrp.tree import Config, Node

# REFERENCE §2.4: official texts; VRP5 prints Incomplete/Ambiguous/Too many without the space.
_MESSAGES = {
    "unrecognized": "Error: Unrecognized command found at '^' position.",
    "wrong": "Error: Wrong parameter found at '^' position.",
    "incomplete": "Error: Incomplete command found at '^' position.",
    "too_many": "Error: Too many parameters found at '^' position.",
    "ambiguous": "Error: Ambiguous command found at '^' position.",
}
_NO_SPACE_VRP5 = {"incomplete", "too_many", "ambiguous"}
# REFERENCE §2.5 (S-series; §8: not every VRP5 build prints it)
VLAN_BATCH_INFO = "Info: This operation may take a few seconds. Please wait for a moment...done."


@dataclass(frozen=True, slots=True)
class CommandError:
    kind: str  # unrecognized | wrong | incomplete | too_many | ambiguous | semantic
    column: int  # 0-based offset of the offending token in the typed line
    message: str


@dataclass(frozen=True, slots=True)
class Outcome:
    error: CommandError | None = None
    question: str | None = None
    left_system_view: bool = False
    info: str | None = None  # informational output, e.g. after `vlan batch` (REFERENCE §2.5)


def error_message(kind: str, platform: str) -> str:
    text = _MESSAGES[kind]
    if platform == "vrp5" and kind in _NO_SPACE_VRP5:
        text = text.replace("Error: ", "Error:", 1)
    return text


def top_view_name(node: Node) -> str | None:
    """The prompt suffix of a view opened from system view (REFERENCE §2.1): the interface
    name, `vlan10`, `ospf-1`, else the view's name; None for a line that opens no view. The
    simulator's `display this` finds the current section by it (vrp/display.py)."""
    view = node.view()
    if view is None:
        return None
    if view == cm.INTERFACE:
        return node.params["name"]
    if view == cm.VLAN:
        return f"vlan{node.params['id']}"
    if view == cm.OSPF:
        return f"ospf-{node.params.get('p', '1')}"
    return view


class Applier:
    """A CLI session on a config tree (see the module docstring)."""

    def __init__(self, config: Config, platform: str = "vrp5", model: str | None = None) -> None:
        """`model` (vrp/models.py): ports follow that family's defaults and display."""
        self.config = config.copy()
        self.platform = platform
        self.family = models.family(model) if model is not None else None
        self._stack: list[Node] = [self.config.root]
        self._pending: Action | None = None

    @property
    def at_system_view(self) -> bool:
        return len(self._stack) == 1

    @property
    def view_name(self) -> str:
        """Prompt suffix after `NAME-` (REFERENCE §2.1, §5.3)."""
        if self.at_system_view:
            return ""
        node = self._stack[-1]
        view = node.view()
        top = top_view_name(node)
        if top is not None and view in (cm.INTERFACE, cm.VLAN, cm.OSPF):
            return top
        if view == cm.AREA:
            parent = self._stack[-2]
            return f"ospf-{parent.params.get('p', '1')}-area-{node.params['a']}"
        if view == cm.AF:
            return "bgp-af-ipv4"
        if view == cm.VPNV4:
            return "bgp-af-vpnv4"  # REFERENCE §2.1
        if view == cm.BGP_VRF:
            return f"bgp-{node.params['vrf']}"  # REFERENCE §2.1: [R1-bgp-A]
        if view == cm.VPN:
            return f"vpn-instance-{node.params['vrf']}"  # REFERENCE §2.1
        if view in (management.AUTHEN_VIEW, management.DOMAIN_VIEW):  # [R1-aaa-authen-S]
            return f"{view}-{node.params['name']}"
        if view == cm.VPN_AF:
            return f"vpn-instance-{self._stack[-2].params['vrf']}-af-ipv4"
        return view or node.text.split()[0]

    @property
    def pending_question(self) -> bool:
        return self._pending is not None

    def execute(self, line: str) -> Outcome:
        text = line.strip()
        if self._pending is not None:
            return Outcome(CommandError("semantic", 0, "Error: Please choose 'YES' or 'NO' "
                                        "first before pressing 'Enter'. [Y/N]:"))
        if not text:
            return Outcome()
        offset = len(line) - len(line.lstrip())
        word = text.split()[0].lower()
        if word in ("quit", "qui", "qu", "q"):
            if self.at_system_view:
                return Outcome(left_system_view=True)
            self._stack.pop()
            return Outcome()
        if word == "return" and len(text.split()) == 1:
            del self._stack[1:]
            return Outcome(left_system_view=True)
        return self._run(text, offset)

    def answer(self, yes: bool) -> Outcome:
        pending, self._pending = self._pending, None
        if pending is None or not yes:
            return Outcome()
        return self._do(pending)

    # -- internals ------------------------------------------------------------------------

    def _run(self, text: str, offset: int) -> Outcome:
        found, failure = self._match(self._stack[-1], text)
        if found is None and self.platform == "vrp5":
            # REFERENCE §2.1: VRP5 retries a command in the upper views [INFERRED]
            for depth in range(len(self._stack) - 2, -1, -1):
                up, _ = self._match(self._stack[depth], text)
                if up is not None:
                    del self._stack[depth + 1 :]
                    found = up
                    break
        if found is None:
            assert failure is not None
            column = _column(text, failure) + offset
            return Outcome(CommandError(failure.kind, column, error_message(failure.kind,
                                                                             self.platform)))
        spec, params, canon = found
        try:
            action = act(self._stack, spec, params, canon, self.platform, self.family)
        except RejectedError as exc:
            return Outcome(CommandError("semantic", offset, str(exc)))
        if action.question is not None:
            self._pending = action
            return Outcome(question=action.question)
        outcome = self._do(action)
        if spec.id == vlan.VLAN_BATCH and self.platform == "vrp5" and outcome.error is None:
            return Outcome(info=VLAN_BATCH_INFO)
        return outcome

    def _do(self, action: Action) -> Outcome:
        try:
            action.run()
        except RejectedError as exc:
            return Outcome(CommandError("semantic", 0, str(exc)))
        return Outcome()

    def _match(
        self, node: Node, text: str
    ) -> tuple[tuple[cm.Spec, dict[str, str], str] | None, Failure | None]:
        view = node.view()
        if view is None:
            return None, Failure(0, "unrecognized")
        cands = cm.candidates(view, text.split()[0])
        if not cands:
            return None, Failure(0, "unrecognized")
        match, failure = best(text, [f for _, f in cands])
        if match is None:
            return None, failure
        spec = next(s for s, f in cands if f is match.form)
        return (spec, match.params, match.text), None


def _column(text: str, failure: Failure) -> int:
    toks = tokenize(text)
    if failure.kind == "incomplete" or failure.index >= len(toks):
        return len(text) + 1  # REFERENCE §2.4: one column after the end of the typed text
    return toks[failure.index][0]


def apply(config: Config, lines: Sequence[str], platform: str = "vrp5",
          model: str | None = None) -> Config:
    """Run `lines` in system view on a copy of `config`, answering every question yes."""
    applier = Applier(config, platform, model)
    for number, line in enumerate(lines, start=1):
        outcome = applier.execute(line)
        if outcome.question is not None:
            outcome = applier.answer(True)
        if outcome.error is not None:
            raise DiffError(f"line {number} {line!r}: {outcome.error.message}")
    return applier.config

