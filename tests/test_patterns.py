"""Issue 14: name patterns (inventory/patterns.py): `leaf[01-48]` devices and k8s nodes,
`{n}` placeholders, session patterns; errors located at the pattern's line."""

from __future__ import annotations

from pathlib import Path

import pytest

from vrpgen import pipeline
from vrpgen.errors import InventoryError, Issue, YamlError
from vrpgen.inventory.patterns import PatternError, expand_name, substitute

BASE = """\
defaults: {model: ce6800}
pools:
  lo: {prefix: 10.0.0.0/24, kind: loopback}
  servers: {prefix: 10.20.0.0/16, kind: lan, length: 24}
groups:
  leaves: {ospf: {}, bgp: {as: 65000}, vlans: [100]}
devices:
  spine1: {loopback: {ip: 10.0.0.1/32, ospf: {area: 0}}, ospf: {}, bgp: {as: 65000}}
  leaf[01-04]:
    groups: [leaves]
    loopback: {pool: lo, index: "{n+10}", ospf: {area: 0}}
    interfaces:
      Vlanif100: {ip_from: {pool: servers, index: "{n}"}, description: "rack {n:02}"}
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "inv.yml"
    path.write_text(text)
    return path


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_expand_name_pads_like_the_first_number() -> None:
    assert [e.name for e in expand_name("leaf[08-11]")] == ["leaf08", "leaf09", "leaf10",
                                                            "leaf11"]
    assert [(e.name, e.number) for e in expand_name("r[9-10]x")] == [("r9x", 9), ("r10x", 10)]
    assert [e.name for e in expand_name("plain")] == ["plain"]
    for bad in ("leaf[5-1]", "a[1-2]b[1-2]", "leaf[1-20000]"):
        with pytest.raises(PatternError):
            expand_name(bad)


def test_substitute_numbers_and_text() -> None:
    assert substitute({"as": "{n+64600}", "ip": "10.0.{n}.1/24", "k{n:02}": ["x{n-1}"]}, 3) \
        == {"as": 64603, "ip": "10.0.3.1/24", "k03": ["x2"]}
    assert substitute("{x} stays", 3) == "{x} stays"


def test_devices_from_a_pattern(tmp_path: Path) -> None:
    built = pipeline.build(_write(tmp_path, BASE))
    assert sorted(built.devices) == ["leaf01", "leaf02", "leaf03", "leaf04", "spine1"]
    leaf03 = built.devices["leaf03"]
    assert str(leaf03.loopback.ip) == "10.0.0.13/32"  # type: ignore[union-attr]
    vlanif = leaf03.interfaces[0].spec
    assert str(vlanif.ip) == "10.20.3.1/24" and vlanif.description == "rack 03"


def test_session_and_node_patterns(tmp_path: Path) -> None:
    text = BASE + """\
bgp:
  sessions:
    - {between: [spine1, "leaf[01-04]"], via: loopback, reflector: spine1,
       options: {"leaf{n:02}": {next_hop_local: true}}}
k8s:
  nodes:
    node[1-2]: {address: "10.20.1.{n+10}", as: 64601, peers: [leaf01], allowed_local_as: 1}
"""
    built = pipeline.build(_write(tmp_path, text))
    pairs = sorted((s.a.name, s.b.name) for s in built.sessions)
    assert pairs == [("leaf01", "node1"), ("leaf01", "node2"), ("spine1", "leaf01"),
                     ("spine1", "leaf02"), ("spine1", "leaf03"), ("spine1", "leaf04")]
    assert str(built.inventory.k8s.nodes["node2"].address) == "10.20.1.12"
    leaf02 = built.intents["leaf02"]
    assert leaf02.bgp is not None
    assert [p.next_hop_local for p in leaf02.bgp.peers] == [True]


def _issues(tmp_path: Path, text: str) -> list[Issue]:
    with pytest.raises((InventoryError, YamlError)) as caught:
        pipeline.build(_write(tmp_path, text))
    return caught.value.issues  # type: ignore[union-attr]


def test_an_error_in_a_generated_device_points_at_the_pattern(tmp_path: Path) -> None:
    text = BASE.replace('index: "{n+10}"', 'index: "{n+252}"')  # leaf[05..] past the /24
    issues = _issues(tmp_path, text)
    assert [i.path for i in issues] == ["devices.leaf04.loopback.pool"]
    assert "pool lo (10.0.0.0/24: 256 slots of /32) is exhausted" in issues[0].message
    assert issues[0].ref is not None
    assert issues[0].ref.line == _line(text, "loopback: {pool: lo")


def test_a_schema_error_in_a_pattern_is_located_at_its_line(tmp_path: Path) -> None:
    text = BASE.replace("groups: [leaves]", "groups: [leaves]\n    lacp_priority: nope")
    issues = _issues(tmp_path, text)
    assert {i.path for i in issues} == {f"devices.leaf0{n}.lacp_priority" for n in range(1, 5)}
    assert {i.ref.line for i in issues if i.ref} == {_line(text, "lacp_priority")}


@pytest.mark.parametrize(("change", "message"), [
    (("leaf[01-04]:", "leaf[04-01]:"), "range [04-01] is empty"),
    (("spine1:", "leaf03:"), "leaf03 is defined twice (also by devices.leaf03)"),
])
def test_pattern_errors_are_located(tmp_path: Path, change: tuple[str, str],
                                    message: str) -> None:
    text = BASE.replace(*change)
    issues = _issues(tmp_path, text)
    assert any(message in i.message for i in issues), [i.format() for i in issues]
    found = next(i for i in issues if message in i.message)
    assert found.ref is not None and found.ref.line == _line(text, "leaf[0")
