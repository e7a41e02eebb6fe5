"""One-pass validation: schema errors, interface names and cross-device checks in one run, on
what parsed; a VLAN range named once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult

THREE_KINDS = """\
devices:
  R1:
    role: router
    loopback: {ip: 1.1.1.1/32}
    interfaces:
      GE0/0/0: {ip: 10.0.0.1/24}
  R2:
    role: router
    loopback: {ip: 1.1.1.1/32}
    interfaces:
      GE0/0/0: {ip: 10.0.0.2/24}
  SW1:
    role: switch
    vlans: [10]
    interfaces:
      GE0/0/1: {trunk_vlans: [10], mtu: 9000}
  SW2:
    role: switch
    vlans: [10]
    interfaces:
      Gigabit0/0/1: {access_vlan: 10}
      FooBar0/0/2: {access_vlan: 10}
"""


def test_schema_interface_and_cross_device_errors_in_one_run(
        tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    path = tmp_path / "inv.yml"
    path.write_text(THREE_KINDS, encoding="utf-8")
    result = cli("validate", str(path))
    assert result.code == 1
    lines = [line for line in result.stderr.splitlines() if not line.startswith("  hint:")]
    assert [line.split(": ", 2)[1] for line in lines] == [
        "devices.R2.loopback.ip",  # cross-device: R1's loopback address again (line 9)
        "devices.SW1.interfaces.GE0/0/1.mtu",  # schema: unknown field (line 16)
        "devices.SW2.interfaces.FooBar0/0/2",  # interface name (line 22)
    ]
    assert [line.split(":")[1] for line in lines] == ["9", "16", "22"]
    assert "already used by devices.R1.loopback.ip" in lines[0]
    assert "unknown field 'mtu'" in lines[1]
    assert "unknown interface type 'FooBar'" in lines[2]


def test_a_device_failing_the_schema_is_skipped_not_reported_again(
        tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    """A session to a device left out for its schema error gets no second error."""
    path = tmp_path / "inv.yml"
    path.write_text("""\
devices:
  R1: {role: router, bgp: {as: 65001}, loopback: {ip: 1.1.1.1/32}, colour: red}
  R2: {role: router, bgp: {as: 65001}, loopback: {ip: 2.2.2.2/32}}
bgp:
  sessions:
    - {between: [R1, R2], via: loopback}
    - {between: [R2, R3]}
""", encoding="utf-8")
    result = cli("validate", str(path))
    assert result.code == 1
    assert "unknown field 'colour'" in result.stderr
    assert "no device or k8s node named 'R3'" in result.stderr  # R2 parsed: still checked
    assert "'R1'" not in result.stderr


def test_an_error_in_defaults_stops_after_the_schema(
        tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    path = tmp_path / "inv.yml"
    path.write_text("defaults: {platform: vrp9}\ndevices:\n  R1: {role: router, "
                    "interfaces: {Foo1: {}}}\n", encoding="utf-8")
    result = cli("validate", str(path))
    assert result.code == 1
    assert "vrp9" in result.stderr and "Foo1" not in result.stderr


def test_missing_vlan_range_is_named_once(tmp_path: Path,
                                          cli: Callable[..., CliResult]) -> None:
    path = tmp_path / "inv.yml"
    path.write_text("""\
devices:
  SW1:
    role: switch
    vlans: [10]
    interfaces:
      GE0/0/1: {trunk_vlans: 2-4094}
""", encoding="utf-8")
    result = cli("validate", str(path))
    assert result.code == 1
    assert "uses VLANs 2-9, 11-4094 which SW1 does not create" in result.stderr
    assert len(result.stderr) < 500, result.stderr
