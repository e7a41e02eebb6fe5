"""Completeness of the command table (issue 8): no spec is silently left out of the plan.

Every spec says how it is remediated (`Spec.remediation`). A remediated one ("generic" or
"family") must be exercised by a remediation table case: a line of that spec differs between
running and intended, or is sent. A spec kept as text is a deliberate mark and needs no case; a
typed undo command ("command") is exercised when a case sends it, or is listed in
`NEVER_SENT` with the reason the planner never sends it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pytest
from vrp_cases import CASES, Case, cfg

from vrpgen.vrp import commands as cm
from vrpgen.vrp import fastpath, parse, plan, remediation
from vrpgen.vrp.node import Node
from vrpgen.vrp.scope import Scope
from vrpgen.vrp.spec import SYSTEM, Spec, spec
from vrpgen.vrp.tree import classify

# Typed undo forms the planner never sends, and why (the Applier still runs them).
NEVER_SENT: dict[str, str] = {
    "undo-sysname": "REFERENCE §4.1 gives no undo: a dropped sysname is left alone",
    "undo-vlan": "VLANs are removed with `undo vlan batch` (§4.2), without the dialog",
    "undo-interface": "sent only for a logical interface an owned family manages (Scope.owns: "
                      "no table case has a scope), see test_vrp_brownfield.py; physical ones "
                      "cannot be deleted (§4.3)",
    "undo-ip-address-sub": "a secondary address is replaced by its key, never typed as undo",
    # issue 12: a top-level one-liner intended does not render is out of the managed scope
    # (scope.py); sent under Scope(extra=...), see tests/vrp/test_vrp_switching.py
    "undo-lacp-system-priority": "out of scope when not rendered; test_vrp_switching.py",
    "undo-stp-mode": "MSTP (the default) renders no line: out of scope; test_vrp_switching.py",
    "undo-stp-bpdu-protection": "out of scope when not rendered; test_vrp_switching.py",
    "undo-clock-timezone": "a timezone intended drops is not managed (a top-level line "
                           "intended lacks); a changed one is replaced without an undo",
}


def _changed(a: Node | None, b: Node | None) -> set[str]:
    """Spec ids of the lines that differ between two trees."""
    if a is None or b is None:
        return _all(a or b)
    out: set[str] = set()
    if (a.text != b.text or a.members != b.members) and b.spec is not None:
        out.add(b.spec)
    for key in a.children.keys() | b.children.keys():
        out |= _changed(a.children.get(key), b.children.get(key))
    return out


def _all(node: Node | None) -> set[str]:
    if node is None:
        return set()
    own = {node.spec} if node.spec is not None else set()
    return own.union(*(_all(c) for c in node.children.values()))


def _sent(lines: Sequence[str]) -> set[str]:
    """Spec ids of the commands a case expects, classified in the view they are typed in."""
    views: list[str] = [cm.SYSTEM]
    out: set[str] = set()
    for text in lines:
        if text == "quit":
            views.pop()
            continue
        found = classify(views[-1], text)
        if found is None:  # typed in the bgp view, displayed under the AF (§4.9)
            found = classify(cm.BGP, text) if views[-1] == cm.AF else None
        if found is not None:
            out.add(found[0].id)
            if found[0].opens:
                views.append(found[0].opens)
    return out


def exercised(cases: Iterable[Case]) -> set[str]:
    ids: set[str] = set()
    for case in cases:
        ids |= _changed(parse(case.running).root, parse(case.intended).root)
        ids |= _sent(case.expected)
    return ids


def uncovered(specs: Iterable[Spec], cases: Iterable[Case],
              never_sent: dict[str, str] | None = None) -> list[str]:
    """The specs of `specs` the table does not cover, with what is missing."""
    seen = exercised(cases)
    never_sent = NEVER_SENT if never_sent is None else never_sent
    missing = []
    for s in specs:
        if s.remediation == "text" or s.id in seen:
            continue
        if s.remediation == "command" and s.id in never_sent:
            continue
        missing.append(f"{s.id} ({s.remediation}): no remediation table case exercises it")
    return missing


def test_every_spec_is_remediated_and_exercised_or_kept_as_text() -> None:
    assert uncovered(cm.SPECS, CASES) == []


def test_never_sent_lists_only_typed_commands() -> None:
    assert all(cm.BY_ID[sid].remediation == "command" for sid in NEVER_SENT)
    assert not set(NEVER_SENT) & exercised(CASES)  # sent after all: drop it from the list


# -- the check can fail ------------------------------------------------------------------------

# A command the table does not know (REFERENCE is silent on it): a synthetic family would add it.
ROUTE = "dns server <a:ip>"


def _route(remediation: str) -> Spec:
    return spec("dns-server", ROUTE, SYSTEM, "keyed", "dns server {a}",
                "undo dns server {a}",
                remediation=remediation,  # type: ignore[arg-type]
                ref="synthetic")


def test_a_spec_without_disposition_cannot_be_built() -> None:
    with pytest.raises(TypeError, match="remediation"):
        spec("dns-server", ROUTE, SYSTEM, "keyed", ref="synthetic")  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="remediation must be one of"):
        Spec("dns-server", (ROUTE,), frozenset({SYSTEM}), "keyed")
    with pytest.raises(ValueError, match="remediation must be one of"):
        _route("maybe")


def test_a_family_spec_needs_a_named_rule() -> None:
    with pytest.raises(ValueError, match="family rule"):
        _route("family")


def test_a_remediated_spec_without_case_fails_the_check() -> None:
    synthetic = (*cm.SPECS, _route("generic"))
    assert uncovered(synthetic, CASES) == [
        "dns-server (generic): no remediation table case exercises it"]


def test_a_typed_command_never_sent_must_be_explained() -> None:
    assert any(m.startswith("undo-vlan ") for m in uncovered(cm.SPECS, CASES, never_sent={}))


def test_a_spec_kept_as_text_needs_no_case() -> None:
    assert uncovered((*cm.SPECS, _route("text")), CASES) == []


def test_a_family_rule_nobody_implements_fails_the_planner() -> None:
    orphan = spec("dns-server", ROUTE, SYSTEM, "keyed", remediation="family",
                  rule="dns-server", ref="synthetic")
    with pytest.raises(RuntimeError, match="no family implements rule 'dns-server'"):
        remediation.check_table((*cm.SPECS, orphan))


# -- the planner follows the disposition: nothing dropped silently ------------------------------

R_A = "dns server 192.0.2.1"
R_B = "dns server 192.0.2.9"


@pytest.fixture
def with_route(monkeypatch: pytest.MonkeyPatch) -> object:
    """The command table with an extra synthetic `dns server` spec, as a new family adds one."""

    def install(disposition: str) -> None:
        specs = (*cm.SPECS, _route(disposition))
        monkeypatch.setattr(cm, "SPECS", specs)
        monkeypatch.setattr(cm, "BY_ID", cm.by_id(specs))
        monkeypatch.setattr(cm, "INDEX", cm.index(specs))
        monkeypatch.setattr(cm, "_CANDIDATES", {})
        monkeypatch.setattr(fastpath, "_TABLE", {})

    return install


def test_generic_spec_is_planned(with_route: object) -> None:
    with_route("generic")  # type: ignore[operator]
    result = plan(cfg(R_A), cfg(R_B), scope=Scope(extra=("dns server",)))
    assert [c.text for c in result.commands] == [R_B, f"undo {R_A}"]
    assert result.unmanaged == 0


def test_text_spec_is_sent_as_written_and_never_removed(with_route: object) -> None:
    with_route("text")  # type: ignore[operator]
    result = plan(cfg(R_A), cfg(R_B), scope=Scope(extra=("dns server",)))
    assert [c.text for c in result.commands] == [R_B]
    assert result.unmanaged == 1
