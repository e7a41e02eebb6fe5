"""Device model families (vrp/models.py): one inventory per family renders the reviewed golden
configs, lint-clean for the model, and applying them to the model's simulator applier from a
factory config converges (re-diff empty)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import GOLDEN, REPO, CliResult
from vrpgen.errors import InventoryError
from vrpgen.pipeline import render_inventory
from vrpgen.sim.device import factory_config
from vrpgen.vrp import Applier, apply, lint, parse, plan, serialize

INVENTORIES = REPO / "tests" / "inventories" / "models"
FAMILIES = ("s", "ar", "ce", "ne")


@pytest.mark.parametrize("family", FAMILIES)
def test_models_render_golden(family: str, golden: Callable[[Path, str], None],
                              request: pytest.FixtureRequest) -> None:
    result = render_inventory(INVENTORIES / family)
    if not request.config.getoption("--update-golden"):
        expected = sorted(p.stem for p in (GOLDEN / "models" / family).glob("*.cfg"))
        assert sorted(result.configs) == expected
    for device, text in result.configs.items():
        golden(GOLDEN / "models" / family / f"{device}.cfg", text)


def _goldens() -> list[tuple[str, Path]]:
    return [(f, p) for f in FAMILIES for p in sorted((GOLDEN / "models" / f).glob("*.cfg"))]


@pytest.mark.parametrize(("family", "path"), _goldens())
def test_model_goldens_lint_clean(family: str, path: Path) -> None:
    result = render_inventory(INVENTORIES / family)
    model = result.models.get(path.stem)
    assert lint(path.read_text(encoding="utf-8"), result.platforms[path.stem], model) == []


@pytest.mark.parametrize(("family", "path"), _goldens())
def test_model_goldens_apply_and_converge(family: str, path: Path) -> None:
    result = render_inventory(INVENTORIES / family)
    platform, model = result.platforms[path.stem], result.models.get(path.stem)
    intended = path.read_text(encoding="utf-8")
    running = factory_config(path.stem, platform)
    commands = [c.text for c in plan(running, intended, platform).commands]
    assert commands, "a factory device needs the whole config"
    after = serialize(apply(parse(running), commands, platform, model), platform)
    assert plan(after, intended, platform).commands == []
    assert parse(after).same_meaning(parse(intended))


EXPECTED_MODELS = {("s", "acc1"): "S5700", ("ar", "br1"): "AR", ("ce", "leaf1"): "CE6800",
                   ("ce", "spine1"): "CE12800", ("ne", "pe1"): "NE40E"}


@pytest.mark.parametrize(("family", "device"), sorted(EXPECTED_MODELS))
def test_model_inherited_from_defaults_and_groups(family: str, device: str) -> None:
    result = render_inventory(INVENTORIES / family)
    assert result.models[device].upper() == EXPECTED_MODELS[(family, device)]


def _render(tmp_path: Path, text: str) -> dict[str, str]:
    path = tmp_path / "inv.yml"
    path.write_text(text, encoding="utf-8")
    return render_inventory(path).configs


def test_defaults_platform_decides_interface_names(tmp_path: Path) -> None:
    """The platform inheritance bug: defaults.platform vrp8 names CE and NE ports."""
    configs = _render(tmp_path, """
defaults: {platform: vrp8}
devices:
  ce: {role: switch, interfaces: {XGE1/0/1: {ip: 10.0.0.1/30}, 25GE1/0/3: {}}}
  ne: {role: router, interfaces: {GE0/1/0: {ip: 10.0.0.5/30}}}
""")
    assert "interface 10GE1/0/1\n" in configs["ce"]
    assert "interface 25GE1/0/3\n" in configs["ce"]
    assert "XGigabitEthernet" not in configs["ce"]
    assert "interface GigabitEthernet0/1/0\n" in configs["ne"]


def test_defaults_model_decides_interface_names(tmp_path: Path) -> None:
    configs = _render(tmp_path, """
defaults: {model: NE40E}
devices:
  ne: {interfaces: {GE0/1/0: {ip: 10.0.0.5/30}}}
""")
    assert "interface GigabitEthernet0/1/0\n undo shutdown\n" in configs["ne"]


def _errors(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "inv.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InventoryError) as caught:
        render_inventory(path)
    return [f"{i.ref.line if i.ref else '?'}: {i.path}: {i.message}" for i in caught.value.issues]


def test_platform_contradicting_model_is_a_located_error(tmp_path: Path) -> None:
    errors = _errors(tmp_path, """
groups:
  g: {model: ce6800}
devices:
  a: {groups: [g], platform: vrp5}
""")
    assert errors == ["5: devices.a.platform: platform vrp5 contradicts model ce6800 "
                      "(groups.g.model), which is vrp8"]


def test_less_specific_platform_yields_to_the_model(tmp_path: Path) -> None:
    configs = _render(tmp_path, """
defaults: {platform: vrp5}
devices:
  a: {model: ce6800, interfaces: {10GE1/0/1: {}}}
""")
    assert "interface 10GE1/0/1" in configs["a"]


def test_type_the_model_lacks_is_refused(tmp_path: Path) -> None:
    errors = _errors(tmp_path, """
devices:
  a: {model: ne40e, interfaces: {10GE1/0/1: {}}}
""")
    assert len(errors) == 1 and "10GE interfaces do not exist on vrp8 devices" not in errors[0]
    assert "10GE interfaces do not exist on ne40e devices" in errors[0]


def test_unknown_model_names_the_known_ones(tmp_path: Path) -> None:
    errors = _errors(tmp_path, "devices:\n  a: {model: c9300, role: switch}\n")
    assert len(errors) == 1 and errors[0].startswith("2: devices.a.model: unknown device model")
    assert "s5700" in errors[0] and "ne40e" in errors[0]


@pytest.mark.parametrize(("model", "lines", "refused"), [
    # REFERENCE §4.4: `ip address` only after `undo portswitch` on S/CE
    ("s5700", ["interface GigabitEthernet0/0/1", "ip address 10.0.0.1 24"], 1),
    ("ce6800", ["interface 10GE1/0/1", "ip address 10.0.0.1 24"], 1),
    ("s5700", ["interface GigabitEthernet0/0/1", "undo portswitch", "ip address 10.0.0.1 24"],
     None),
    # NE ports are L3: L2 lines only after `portswitch`
    ("ne40e", ["interface GigabitEthernet0/1/0", "port link-type trunk"], 1),
    ("ne40e", ["interface GigabitEthernet0/1/0", "portswitch", "port link-type trunk"], None),
    # L2 config must go before `undo portswitch`
    ("s5700", ["interface GigabitEthernet0/0/1", "port link-type access",
               "port default vlan 10", "undo portswitch"], 3),
    # Vlanif, LoopBack and sub-interfaces are L3 whatever the family
    ("ce6800", ["interface Vlanif10", "ip address 10.0.0.1 24"], None),
    ("s5700", ["interface LoopBack0", "ip address 10.0.0.1 32"], None),
])
def test_simulator_applier_follows_the_model(model: str, lines: list[str],
                                             refused: int | None) -> None:
    applier = Applier(parse("#\nsysname X\n#\nreturn\n"), "vrp5" if model == "s5700" else "vrp8",
                      model)
    first_error = None
    for number, line in enumerate(lines):
        outcome = applier.execute(line)
        if outcome.question is not None:
            outcome = applier.answer(True)
        if outcome.error is not None:
            first_error = number
            assert outcome.error.message.startswith("Error: ")  # REFERENCE §2.4 texts
            break
    assert first_error == refused


@pytest.mark.parametrize(("model", "shown"), [("ne40e", True), ("ce12800", True),
                                               ("ce6800", False), ("s5700", False)])
def test_simulator_displays_undo_shutdown_per_model(model: str, shown: bool) -> None:
    platform = "vrp5" if model == "s5700" else "vrp8"
    port = {"ne40e": "GigabitEthernet0/1/0", "s5700": "GigabitEthernet0/0/1"}.get(model,
                                                                                   "10GE1/0/1")
    after = apply(parse("#\nsysname X\n#\nreturn\n"), [f"interface {port}", "undo shutdown"],
                  platform, model)
    assert (" undo shutdown" in serialize(after, platform)) is shown


def test_lint_model_refuses_types_the_family_lacks() -> None:
    text = "#\nsysname X\n#\ninterface GE1/0/1\n#\ninterface GigabitEthernet0/1/0\n#\nreturn\n"
    errors = [i for i in lint(text, "vrp8", "ne40e") if i.error]
    assert [e.line for e in errors] == [4]
    assert "GE interfaces do not exist on NE40E devices" in errors[0].message
    assert [i.line for i in lint(text, "vrp8", "ce6800") if i.error] == [6]


def test_lint_cli_model_option(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    path = tmp_path / "a.cfg"
    path.write_text("#\nsysname X\n#\ninterface 25GE1/0/1\n#\nreturn\n", encoding="utf-8")
    ok = cli("lint", str(path), "--model", "ce6800")
    bad = cli("lint", str(path), "--model", "ne40e")
    unknown = cli("lint", str(path), "--model", "c9300")
    assert ok.code == 0
    assert bad.code == 1 and "NE40E" in bad.stdout  # findings are results: stdout
    assert unknown.code == 64 and "unknown device model" in unknown.stderr


def test_vlans_on_an_ar_are_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "inv.yml"
    path.write_text("devices:\n  br: {model: ar, vlans: [10]}\n", encoding="utf-8")
    warnings = [w.message for w in render_inventory(path).warnings]
    assert any(m.startswith("VLANs on an AR: REFERENCE knows `vlan batch`") for m in warnings)
