"""Issue 13: the management plane from the inventory (users, SSH, NTP, syslog, timezone), each
owned as a family: what the inventory changes replaces what the device had."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from vrpgen import pipeline
from vrpgen.errors import InventoryError
from vrpgen.vrp import lint, plan

WAN_EDGE = Path(__file__).parents[2] / "inventory" / "examples" / "wan-edge"


def _data() -> dict[str, Any]:
    data: dict[str, Any] = {}
    for path in sorted(WAN_EDGE.glob("*.yml")):
        data.update(yaml.safe_load(path.read_text()))
    return data


def _render(tmp_path: Path, data: dict[str, Any]) -> dict[str, str]:
    path = tmp_path / "inv.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return pipeline.render_inventory(path).configs


def _mgmt(data: dict[str, Any]) -> dict[str, Any]:
    mgmt: dict[str, Any] = data["groups"]["edge"]["management"]
    return mgmt


def test_users_render_a_placeholder_or_the_device_hash_never_a_password(tmp_path: Path) -> None:
    data = _data()
    _mgmt(data)["users"]["audit"] = {"password": {"hash": "$1a$Ab9c8D7e6F$"},
                                     "services": ["terminal", "ssh"]}
    text = _render(tmp_path, data)["EDGE1"]
    assert (" local-user netops password irreversible-cipher ${WAN_NETOPS_PASSWORD}\n"
            " local-user netops privilege level 15\n"
            " local-user netops service-type ssh\n"
            " local-user audit password irreversible-cipher $1a$Ab9c8D7e6F$\n"
            " local-user audit service-type terminal ssh\n") in text


@pytest.mark.parametrize(("password", "word"), [
    ({"clear": "s3cret"}, "unknown field 'clear'"),
    ({"env": "A", "hash": "$1a$Ab9c8D7e6F$"}, "one of them"),
    ({"hash": "short"}, "8-256 printable"),
    ({"hash": "${WAN_X}"}, "8-256 printable"),
    ("s3cret-in-clear", "expected a mapping of fields, got text"),
])
def test_a_clear_or_ambiguous_password_is_refused(tmp_path: Path, password: Any,
                                                  word: str) -> None:
    data = _data()
    _mgmt(data)["users"]["netops"]["password"] = password
    with pytest.raises(InventoryError) as info:
        _render(tmp_path, data)
    issue = info.value.issues[0]
    assert word in issue.message
    assert issue.path.startswith("groups.edge.management.users.netops.password")
    assert "s3cret" not in str(info.value)  # the refused value is not echoed back


def test_timezone_offsets() -> None:
    from vrpgen.derive.management import _timezone
    from vrpgen.inventory.management_model import Timezone

    assert _timezone(Timezone(name="CET", offset="+01:00")) == "CET add 01:00:00"
    assert _timezone(Timezone(name="EST", offset="-05:00")) == "EST minus 05:00:00"
    with pytest.raises(ValueError, match="offset from UTC"):
        Timezone(name="X", offset="+25:00")


def test_a_changed_ntp_server_and_log_host_replace_the_old_ones(tmp_path: Path) -> None:
    before = _render(tmp_path, _data())["EDGE1"]
    data = _data()
    _mgmt(data)["ntp_servers"] = ["192.0.2.123", "192.0.2.125"]
    _mgmt(data)["syslog_hosts"] = ["192.0.2.51"]
    after = _render(tmp_path, data)["EDGE1"]
    commands = [c.text for c in plan(before, after).commands]
    assert commands == ["ntp-service unicast-server 192.0.2.125", "info-center loghost 192.0.2.51",
                        "undo ntp-service unicast-server 192.0.2.124",
                        "undo info-center loghost 192.0.2.50"]


def test_a_user_who_leaves_the_inventory_is_deleted_with_high_risk(tmp_path: Path) -> None:
    data = _data()
    _mgmt(data)["users"]["former"] = {"password": {"env": "WAN_FORMER"}, "privilege": 3}
    before = _render(tmp_path, data)["EDGE2"]
    after = _render(tmp_path, _data())["EDGE2"]
    result = plan(before, after)
    assert [c.text for c in result.commands] == ["aaa", "undo local-user former", "quit"]
    assert [(r.level, r.command) for r in result.risks] == [("high", "undo local-user former")]


ACCESS_OVERRIDE = """{#- a team's own access template: NTP from a free variable -#}
{% for server in dev.vars.ntp %}
#
ntp-service unicast-server {{ server }}
{% endfor %}
#
info-center loghost {{ dev.vars.loghost }}
"""


def test_free_variables_reach_user_templates_whose_lines_are_owned(tmp_path: Path) -> None:
    """A template override renders NTP servers from `vars`; changing the variable replaces
    the old server on the device instead of adding one beside it (NTP is owned once
    rendered), exactly as for the built-in template's lines."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "access.j2").write_text(ACCESS_OVERRIDE)
    data = _data()
    data["groups"]["edge"]["vars"] = {"ntp": ["192.0.2.1"], "loghost": "192.0.2.50"}
    data["devices"]["EDGE1"]["vars"] = {"ntp": ["192.0.2.1", "192.0.2.2"]}  # device wins
    path = tmp_path / "inv.yml"

    def render() -> dict[str, str]:
        path.write_text(yaml.safe_dump(data, sort_keys=False))
        return pipeline.render_inventory(path, templates=templates).configs

    before = render()
    assert "ntp-service unicast-server 192.0.2.2\n" in before["EDGE1"]
    assert "ntp-service unicast-server 192.0.2.2\n" not in before["EDGE2"]
    assert "info-center loghost 192.0.2.50\n" in before["EDGE2"]
    data["devices"]["EDGE1"]["vars"] = {"ntp": ["192.0.2.1", "192.0.2.3"]}
    after = render()
    assert [c.text for c in plan(before["EDGE1"], after["EDGE1"]).commands] == [
        "ntp-service unicast-server 192.0.2.3", "undo ntp-service unicast-server 192.0.2.2"]


def test_a_variable_value_cannot_carry_a_second_command(tmp_path: Path) -> None:
    data = _data()
    data["groups"]["edge"]["vars"] = {"contact": "noc\nundo bgp"}
    with pytest.raises(InventoryError) as info:
        _render(tmp_path, data)
    assert info.value.issues[0].path.startswith("groups.edge.vars.contact")


def test_aaa_schemes_and_domains_render_inside_aaa_and_are_replaced(tmp_path: Path) -> None:
    data = _data()
    _mgmt(data)["aaa"] = {"authentication_schemes": {"LOCAL-FIRST": {"methods": ["local"]}},
                          "domains": {"ops": {"authentication_scheme": "LOCAL-FIRST"}}}
    before = _render(tmp_path, data)["EDGE1"]
    assert ("aaa\n authentication-scheme LOCAL-FIRST\n  authentication-mode local\n"
            " domain ops\n  authentication-scheme LOCAL-FIRST\n"
            " local-user netops password") in before
    # the device's own line of each: the rendered text parses back into the aaa views
    assert lint(before, "vrp5") == []
    _mgmt(data)["aaa"] = {"authentication_schemes": {"TACACS": {"methods": ["hwtacacs",
                                                                            "local"]}},
                          "domains": {"ops": {"authentication_scheme": "TACACS"}}}
    after = _render(tmp_path, data)["EDGE1"]
    result = plan(before, after)
    assert [c.text for c in result.commands] == [
        "aaa", "authentication-scheme TACACS", "authentication-mode hwtacacs local", "quit",
        "domain ops", "authentication-scheme TACACS", "quit",
        "undo authentication-scheme LOCAL-FIRST", "quit"]
    assert {r.level for r in result.risks} == {"high"}


@pytest.mark.parametrize(("aaa", "word"), [
    ({"domains": {"ops": {"authentication_scheme": "NOPE"}}}, "scheme NOPE, which is not"),
    ({"authentication_schemes": {"a@b": {}}}, "without spaces or"),
    ({"authentication_schemes": {"S": {"methods": ["none"]}}}, "'local', 'radius' or"),
    ({"authentication_schemes": {"S": {"methods": ["local", "local"]}}}, "each authentication"),
    ({"domains": {"--": {}}}, "not - or --"),
])
def test_aaa_names_and_references_are_checked(tmp_path: Path, aaa: dict[str, Any],
                                              word: str) -> None:
    data = _data()
    _mgmt(data)["aaa"] = aaa
    with pytest.raises(InventoryError) as info:
        _render(tmp_path, data)
    assert any(word in i.message and i.path.startswith("groups.edge.management.aaa")
               for i in info.value.issues), info.value.issues


def test_a_changed_trap_host_and_banner_replace_the_old_ones(tmp_path: Path) -> None:
    before = _render(tmp_path, _data())["EDGE1"]
    data = _data()
    _mgmt(data)["snmp"]["trap_hosts"] = [{"address": "192.0.2.61", "user": "nms"}]
    _mgmt(data)["banner"] = "Private network"
    after = _render(tmp_path, data)["EDGE1"]
    result = plan(before, after)
    assert [c.text for c in result.commands] == [
        "undo header login", 'header login information "Private network"',
        "snmp-agent target-host trap address udp-domain 192.0.2.61 params securityname nms v3 "
        "privacy",
        "undo snmp-agent target-host trap address udp-domain 192.0.2.60 params securityname nms"]


def test_snmp_keys_render_as_placeholders_only(tmp_path: Path) -> None:
    text = _render(tmp_path, _data())["EDGE1"]
    # an AR router: global lines indented one space (REFERENCE §3.2)
    assert (" snmp-agent usm-user v3 nms authentication-mode sha ${WAN_SNMP_AUTH_KEY}\n"
            " snmp-agent usm-user v3 nms privacy-mode aes128 ${WAN_SNMP_PRIV_KEY}\n") in text
    data = _data()
    _mgmt(data)["snmp"]["users"]["nms"]["authentication"]["password"] = "in-clear"
    with pytest.raises(InventoryError) as info:
        _render(tmp_path, data)
    assert "in-clear" not in str(info.value)


@pytest.mark.parametrize(("banner", "word"), [
    ('Welcome"\nundo bgp', "line break"),
    ('Say "hi"', "without '\"' or '?'"),
    ("Who are you?", "without '\"' or '?'"),
    ("Caf\u00e9", "printable ASCII"),
    ("x" * 229, "allows 228"),
])
def test_the_banner_cannot_break_out_of_its_line(tmp_path: Path, banner: str,
                                                  word: str) -> None:
    data = _data()
    _mgmt(data)["banner"] = banner
    with pytest.raises(InventoryError) as info:
        _render(tmp_path, data)
    assert any(word in i.message and i.path == "groups.edge.management.banner"
               for i in info.value.issues), info.value.issues


@pytest.mark.parametrize(("change", "word"), [
    (lambda s: s["users"]["nms"].update(group="NOPE"), "group NOPE, which is not defined"),
    (lambda s: s["users"]["nms"].pop("privacy"), "privacy group NMS: give it a privacy key"),
    (lambda s: s["trap_hosts"].append({"address": "192.0.2.9", "user": "who"}),
     "user who, which is not defined"),
    (lambda s: s["groups"]["NMS"].update(level="noauthentication"), "'authentication' or"),
])
def test_snmp_references_are_checked(tmp_path: Path, change: Any, word: str) -> None:
    data = _data()
    change(_mgmt(data)["snmp"])
    with pytest.raises(InventoryError) as info:
        _render(tmp_path, data)
    assert any(word in i.message and i.path.startswith("groups.edge.management.snmp")
               for i in info.value.issues), info.value.issues
