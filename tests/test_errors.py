"""Every class of inventory error: exit 1, file:line:column in the message, no traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from textwrap import dedent

import pytest

from tests.conftest import CliResult

BASE = """\
devices:
  R1:
    role: router
    loopback: {ip: 1.1.1.1/32, ospf: {area: 0}}
    interfaces:
      GE0/0/0: {ip: 10.0.0.1/24, ospf: {area: 0}}
    ospf: {router_id: 1.1.1.1}
    bgp: {as: 65001}
  R2:
    role: router
    loopback: {ip: 2.2.2.2/32, ospf: {area: 0}}
    interfaces:
      GE0/0/0: {ip: 10.0.0.2/24, ospf: {area: 0}}
    ospf: {router_id: 2.2.2.2}
    bgp: {as: 65002}
  SW1:
    role: switch
    vlans: [10]
    interfaces:
      GE0/0/1: {trunk_vlans: [10]}
"""

# (case id, the YAML, line the error must point at, a fragment of the message)
CASES: list[tuple[str, str, int, str]] = [
    ("not-yaml", "devices:\n  R1: [role: router\n", 3, "not valid YAML"),
    ("empty-document", "", 1, "the file is empty"),
    ("not-a-mapping", "- R1\n- R2\n", 1, "top level must be a mapping"),
    ("duplicate-key", BASE.replace("    role: switch\n", "    role: switch\n    role: router\n"),
     18, "duplicate key 'role'"),
    ("anchor", BASE.replace("    vlans: [10]\n", "    vlans: &v [10]\n"), 18,
     "anchors and aliases"),
    ("unknown-field-typo", BASE.replace("bgp: {as: 65001}", "bgp: {as: 65001, routerid: 1.1.1.1}"),
     8, "unknown field 'routerid'"),
    ("wrong-type", BASE.replace("    vlans: [10]\n", "    vlans: {a: 1}\n"), 18, "VLAN list"),
    ("vlan-range", BASE.replace("trunk_vlans: [10]", "trunk_vlans: [10, 4095]"), 20,
     "4095 is out of range 1-4094"),
    ("as-range", BASE.replace("as: 65001", "as: 4294967296"), 8, "out of range 1-4294967295"),
    ("asdot-unquoted", BASE.replace("as: 65001", "as: 1.10"), 8, "quote asdot"),
    ("bad-address", BASE.replace("10.0.0.1/24", "10.0.0.300/24"), 6, "not an IPv4 address"),
    ("network-address", BASE.replace("10.0.0.1/24", "10.0.0.0/24"), 6, "network address"),
    ("bad-ifname", BASE.replace("GE0/0/1", "Foo0/0/1"), 20, "unknown interface type"),
    ("duplicate-ifname", BASE.replace("      GE0/0/1: {trunk_vlans: [10]}\n",
     "      GE0/0/1: {trunk_vlans: [10]}\n      GigabitEthernet0/0/1: {access_vlan: 10}\n"),
     21, "same interface as"),
    ("description-too-long", BASE.replace("{trunk_vlans: [10]}",
     "{trunk_vlans: [10], description: " + "x" * 243 + "}"), 20, "at most 242"),
    ("injection-newline", BASE.replace("{trunk_vlans: [10]}",
     '{trunk_vlans: [10], description: "uplink\\nundo bgp"}'), 20, "line break"),
    ("leading-space", BASE.replace("{trunk_vlans: [10]}",
     '{trunk_vlans: [10], description: " uplink"}'), 20, "leading or trailing space"),
    ("duplicate-address", BASE.replace("10.0.0.2/24", "10.0.0.1/24"), 13, "already used by"),
    ("duplicate-router-id", BASE.replace("router_id: 2.2.2.2", "router_id: 1.1.1.1"), 14,
     "router-id 1.1.1.1"),
    ("session-unknown-end", BASE + "bgp:\n  sessions:\n    - {between: [R1, R3]}\n", 23,
     "no device or k8s node named 'R3'"),
    ("explicit-peer-as-mismatch", BASE.replace("bgp: {as: 65001}",
     "bgp: {as: 65001, peers: {10.0.0.2: {as: 65009}}}"), 8, "whose AS is 65002"),
    ("ebgp-loopback-without-multihop", BASE.replace("bgp: {as: 65001}",
     "bgp: {as: 65001, peers: {2.2.2.2: {as: 65002}}}"), 8, "ebgp-max-hop"),
    ("vlan-not-created", BASE.replace("trunk_vlans: [10]", "trunk_vlans: [10, 20]"), 20,
     "does not create"),
    ("node-not-in-subnet", BASE + "k8s:\n  nodes:\n    n1: {address: 10.9.9.9, as: 65001, "
     "peers: [R1]}\n", 23, "is in no subnet"),
    ("loopback-not-in-ospf", BASE.replace("loopback: {ip: 1.1.1.1/32, ospf: {area: 0}}",
     "loopback: {ip: 1.1.1.1/32}") + "bgp:\n  sessions:\n    - {between: [R1, R2], "
     "via: loopback}\n", 4, "not advertised in OSPF"),
    ("rr-client-ebgp", BASE + "bgp:\n  sessions:\n    - {between: [R1, R2], reflector: R1}\n",
     23, "route-reflector client over eBGP"),
    # eBGP between loopbacks with next-hop-local off: n1 would see R2's loopback (issue 16).
    ("unreachable-next-hop", BASE + "bgp:\n  sessions:\n    - {between: [R1, R2], "
     "via: loopback}\nk8s:\n  nodes:\n    n1: {address: 10.0.0.5, as: 65001, peers: [R1]}\n"
     "    n2: {address: 10.0.0.6, as: 65002, peers: [R2]}\n  calico:\n"
     "    next_hop_local: false\n    ip_pools: {pods: {cidr: 192.168.0.0/16}}\n",
     26, "n1 would learn the pod blocks of n2 (192.168.0.0/16 ge 26) from R1 with next hop "
     "2.2.2.2"),
]


@pytest.mark.parametrize(("case", "text", "line", "fragment"), CASES, ids=[c[0] for c in CASES])
def test_error_class(case: str, text: str, line: int, fragment: str, tmp_path: Path,
                     cli: Callable[..., CliResult]) -> None:
    path = tmp_path / "inv.yml"
    path.write_text(text, encoding="utf-8")
    result = cli("validate", path)
    assert result.code == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert fragment in result.stderr
    located = [ln for ln in result.stderr.splitlines() if fragment in ln]
    assert any(ln.startswith(f"{path}:{line}:") for ln in located), result.stderr


def test_typo_gets_did_you_mean(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    path = tmp_path / "inv.yml"
    path.write_text(BASE.replace("role: switch", "rol: switch"))
    result = cli("validate", path)
    assert result.code == 1
    assert "unknown field 'rol'" in result.stderr and "did you mean 'role'?" in result.stderr


def test_all_errors_reported_together_sorted(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    text = BASE.replace("as: 65001", "as: 0").replace("trunk_vlans: [10]", "trunk_vlans: [5000]")
    path = tmp_path / "inv.yml"
    path.write_text(text)
    result = cli("validate", path)
    assert result.code == 1
    located = [ln for ln in result.stderr.splitlines() if ln.startswith(str(path))]
    assert len(located) == 2
    numbers = [int(ln.split(":")[1]) for ln in located]
    assert numbers == sorted(numbers) == [8, 20]


def test_missing_inventory_is_a_clean_error(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    result = cli("validate", tmp_path / "nope")
    assert result.code == 1
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr


def test_warnings_fail_under_strict(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    path = tmp_path / "inv.yml"
    path.write_text(BASE.replace("    vlans: [10]\n", "    vlans: [10, 99]\n"))
    relaxed = cli("validate", path)
    assert relaxed.code == 0 and "VLAN 99 is created but no port carries it" in relaxed.stderr
    strict = cli("validate", path, "--strict")
    assert strict.code == 1 and "VLAN 99" in strict.stderr


def test_directory_of_files_is_merged(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    (tmp_path / "a.yml").write_text(BASE)
    (tmp_path / "b.yml").write_text(dedent("""\
        devices:
          R3: {role: router}
        """))
    assert cli("validate", tmp_path).code == 0
    (tmp_path / "c.yml").write_text("devices:\n  R3: {role: switch}\n")
    clash = cli("validate", tmp_path)
    assert clash.code == 1 and "defined twice" in clash.stderr and "c.yml:2:" in clash.stderr


# --- issue 9: names, free text and interface numbers that would escape or inject ------------

LONG_NUMBER = "9" * 5000
SAFETY_CASES: list[tuple[str, str, int, str]] = [
    ("name-line-break", BASE.replace("  SW1:\n", '  "SW1\\nreturn\\nsystem-view":\n'), 16,
     "is not a usable name"),
    ("name-parent-dir", BASE.replace("  SW1:\n", '  "../../x":\n'), 16, "is not a usable name"),
    ("name-absolute", BASE.replace("  SW1:\n", '  "/tmp/x":\n'), 16, "is not a usable name"),
    ("name-subdir", BASE.replace("  SW1:\n", '  "a/b":\n'), 16, "is not a usable name"),
    ("name-empty", BASE.replace("  SW1:\n", '  "":\n'), 16, "must not be empty"),
    ("name-nul", BASE.replace("  SW1:\n", '  "SW\\0":\n'), 16, "is not a usable name"),
    ("name-space", BASE.replace("  SW1:\n", '  "R1 extra":\n'), 16, "is not a usable name"),
    ("name-markup", BASE.replace("  SW1:\n", '  "R1[/]":\n'), 16, "is not a usable name"),
    ("name-too-long", BASE.replace("  SW1:\n", f"  {'S' * 247}:\n"), 16, "at most 246"),
    ("name-case-twin", BASE.replace("  SW1:\n", "  r1:\n"), 16, "only in case"),
    ("group-name", BASE.replace("  SW1:\n", "  SW1:\n    groups: [../g]\n"), 17,
     "is not a usable name"),
    ("description-u2028", BASE.replace("{trunk_vlans: [10]}",
     '{trunk_vlans: [10], description: "up\\Lsysname X"}'), 20, "U+2028"),
    ("description-nel", BASE.replace("{trunk_vlans: [10]}",
     '{trunk_vlans: [10], description: "up\\Nsysname X"}'), 20, "U+0085"),
    ("description-c1", BASE.replace("{trunk_vlans: [10]}",
     '{trunk_vlans: [10], description: "up\\x9bx"}'), 20, "U+009B"),
    ("vlanif-0", BASE.replace("GE0/0/1: {trunk_vlans: [10]}", "Vlanif0: {}"), 20,
     "Vlanif0 does not exist"),
    ("vlanif-99999", BASE.replace("GE0/0/1: {trunk_vlans: [10]}", "Vlanif99999: {}"), 20,
     "Vlanif99999 does not exist"),
    ("loopback-subinterface", BASE.replace("GE0/0/1: {trunk_vlans: [10]}", "LoopBack1.7: {}"),
     20, "no sub-interfaces"),
    ("null-1", BASE.replace("GE0/0/1: {trunk_vlans: [10]}", "NULL1: {}"), 20, "NULL0 only"),
    ("null-addressed", BASE.replace("GE0/0/1: {trunk_vlans: [10]}",
     "NULL0: {ip: 10.9.9.1/24}"), 20, "takes no address"),
    ("huge-interface-number", BASE.replace("      GE0/0/1: {trunk_vlans: [10]}\n",
     f"      ? Vlanif{LONG_NUMBER}\n      : {{}}\n"), 20, "no interface name or address"),
    ("huge-slot-number", BASE.replace("GE0/0/1: {trunk_vlans: [10]}",
     "GE0/0/99999999999: {trunk_vlans: [10]}"), 20, "out of range"),
    ("connect-interface-null", BASE.replace("bgp: {as: 65001}", "bgp: {as: 65001, peers: "
     "{10.0.0.9: {as: 65009, connect_interface: NULL0}}}"), 8, "NULL0 has no address"),
    ("connect-interface-huge", BASE.replace("bgp: {as: 65001}", "bgp: {as: 65001, peers: "
     f"{{10.0.0.9: {{as: 65009, connect_interface: LoopBack{LONG_NUMBER[:4000]}}}}}}}"), 8,
     "no interface name or address"),
    ("connect-interface-subinterface", BASE.replace("bgp: {as: 65001}", "bgp: {as: 65001, "
     "peers: {10.0.0.9: {as: 65009, connect_interface: LoopBack1.7}}}"), 8,
     "no sub-interfaces"),
]


@pytest.mark.parametrize(("case", "text", "line", "fragment"), SAFETY_CASES,
                         ids=[c[0] for c in SAFETY_CASES])
def test_safety_error_class(case: str, text: str, line: int, fragment: str, tmp_path: Path,
                            cli: Callable[..., CliResult]) -> None:
    test_error_class(case, text, line, fragment, tmp_path, cli)


@pytest.mark.parametrize("name", ["../../x", "ABSOLUTE", "a/b", "SW1\nreturn"])
def test_render_writes_nothing_for_a_name_outside_the_output(
        name: str, tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    work = tmp_path / "work"
    out = work / "a" / "out"
    out.mkdir(parents=True)
    path = work / "inv.yml"
    name = name.replace("ABSOLUTE", str(tmp_path / "escaped"))  # inside the snapshot below
    quoted = name.encode("unicode_escape").decode("ascii")
    path.write_text(BASE.replace("  SW1:\n", f'  "{quoted}":\n'), encoding="utf-8")
    before = {p for p in tmp_path.rglob("*")}
    result = cli("render", path, "-o", out)
    assert result.code == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert {p for p in tmp_path.rglob("*")} == before
