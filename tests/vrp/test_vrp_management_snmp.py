"""SNMPv3 and the login banner in the VRP model: what is refused rather than guessed, the keys
never compared or shown, and trap hosts owned as a family (vrp/families/management.py)."""

from __future__ import annotations

import pytest
from vrp_cases import cfg

from vrpgen.errors import RemediationError
from vrpgen.vrp import parse, plan
from vrpgen.vrp.scope import Scope
from vrpgen.vrp.secrets import mask, secret_span

USER = "snmp-agent usm-user v3 nms"
TRAP = "snmp-agent target-host trap address udp-domain {} params securityname nms v3 privacy"


@pytest.mark.parametrize(("running", "intended", "word"), [
    (f"{USER} group OLD", f"{USER} group NMS", "usm-user v3 nms group OLD"),
    ("snmp-agent sys-info version all", "snmp-agent sys-info version v3", "sys-info version all"),
])
def test_a_change_no_source_documents_is_refused(running: str, intended: str,
                                                 word: str) -> None:
    with pytest.raises(RemediationError) as info:
        plan(cfg(running), cfg(intended))
    assert word in str(info.value)
    assert "no source gives how this SNMP setting is changed" in str(info.value)


def test_an_owned_user_the_inventory_drops_is_refused_not_guessed() -> None:
    running = cfg("sysname R1", f"{USER} group NMS", f"{USER} authentication-mode sha %^%#x%^%#",
                  "snmp-agent group v3 NMS privacy")
    # not owned: the user and the group stay, counted unmanaged
    assert plan(running, cfg("sysname R1")).commands == []
    with pytest.raises(RemediationError, match="no source gives an undo for an SNMPv3 user"):
        plan(running, cfg("sysname R1"), scope=Scope(owns=("snmp",)))


def test_a_key_is_never_compared_only_its_algorithm() -> None:
    running = cfg(f"{USER} authentication-mode sha %^%#cipher%^%#",
                  f"{USER} privacy-mode aes128 %^%#cipher%^%#")
    same = cfg(f"{USER} authentication-mode sha ${{A}}", f"{USER} privacy-mode aes128 ${{P}}")
    assert plan(running, same).commands == []
    stronger = cfg(f"{USER} authentication-mode sha2-256 ${{A}}",
                   f"{USER} privacy-mode aes256 ${{P}}")
    result = plan(running, stronger)
    assert [c.text for c in result.commands] == [f"{USER} authentication-mode sha2-256 ${{A}}",
                                                 f"{USER} privacy-mode aes256 ${{P}}"]
    assert {r.level for r in result.risks} == {"high"}
    assert "cipher" not in result.diff and "******" in result.diff


def test_snmp_keys_are_masked_and_filled_only_as_the_whole_secret() -> None:
    line = f"{USER} privacy-mode aes128 Priv-Key-1234"
    assert "Priv-Key-1234" not in mask(line)
    auth = f"{USER} authentication-mode sha ${{SNMP_AUTH}}"
    span = secret_span(auth)
    assert span is not None and auth[span[0]:span[1]] == "${SNMP_AUTH}"


def test_trap_hosts_are_owned_once_one_is_rendered() -> None:
    running = cfg("sysname R1", TRAP.format("192.0.2.60"), TRAP.format("192.0.2.99"))
    intended = cfg("sysname R1", TRAP.format("192.0.2.60"))
    assert [c.text for c in plan(running, intended).commands] == [
        "undo snmp-agent target-host trap address udp-domain 192.0.2.99 params securityname nms"]
    # none rendered: a device's trap hosts are none of vrpgen's business
    assert plan(running, cfg("sysname R1")).commands == []


def test_a_banner_the_inventory_drops_is_left_alone() -> None:
    running = cfg("sysname R1", 'header login information "Authorized access only"')
    assert plan(running, cfg("sysname R1")).commands == []


def test_ar_globals_after_an_indented_global_are_globals_not_its_children() -> None:
    """Corpus PE66.cfg (AR, REFERENCE §3.2): ` snmp-agent local-engineid …` then ` snmp-agent`,
    both one space in: two globals. A rendered ` snmp-agent` is then already there."""
    running = ("[V200R003C00]\n#\n sysname R1\n#\n snmp-agent local-engineid 800007DB03000000000000"
               "\n snmp-agent \n#\n clock timezone X minus 08:00:00\n#\nreturn\n")
    assert list(parse(running).root.children) == [
        "sysname", "snmp-agent local-engineid 800007DB03000000000000", "snmp-agent",
        "clock timezone"]
    intended = running.replace(" snmp-agent \n", " snmp-agent\nsnmp-agent sys-info version v3\n")
    assert [c.text for c in plan(running, intended).commands] == [
        "snmp-agent sys-info version v3"]
    # a global's own children are indented deeper than it
    nested = "#\n aaa\n  local-user a privilege level 3\n#\nreturn\n"
    assert list(parse(nested).root.children["aaa"].children) == ["local-user a privilege level"]
