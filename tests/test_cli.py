"""The validate/render/show commands as a user runs them: outputs, options and exit codes."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import yaml

from tests.conftest import REPO, CliResult

SEED = REPO / "inventory"
LARGE = REPO / "tests" / "inventories" / "large"


def test_validate_seed(cli: Callable[..., CliResult]) -> None:
    result = cli("validate", SEED)
    assert result.code == 0
    assert "valid (3 devices" in result.stdout


def test_render_limit_by_device_and_group(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    result = cli("render", LARGE, "-o", tmp_path, "--limit", "edge1", "--limit", "access")
    assert result.code == 0, result.stderr
    assert sorted(p.name for p in tmp_path.glob("*.cfg")) == ["acc1.cfg", "acc2.cfg", "edge1.cfg"]
    comma = cli("render", LARGE, "-o", tmp_path / "b", "--limit", "core1,core2")
    assert sorted(p.name for p in (tmp_path / "b").glob("*.cfg")) == ["core1.cfg", "core2.cfg"]
    assert comma.code == 0


def test_render_unknown_limit_is_an_error(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    result = cli("render", SEED, "-o", tmp_path, "--limit", "R9")
    assert result.code == 1
    assert "'R9' is neither a device nor a group" in result.stderr
    assert not list(tmp_path.glob("*.cfg"))


def test_templates_override_file_by_file(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    overrides = tmp_path / "tpl"
    overrides.mkdir()
    (overrides / "system.j2").write_text("#\nsysname {{ dev.sysname }}-lab\n")
    result = cli("render", SEED, "-o", tmp_path / "out", "--templates", overrides)
    assert result.code == 0, result.stderr
    r1 = (tmp_path / "out" / "R1.cfg").read_text()
    assert "sysname R1-lab" in r1
    assert "bgp 64512" in r1  # the other templates are still the built-in ones


def test_templates_beside_the_inventory_are_never_loaded(tmp_path: Path,
                                                          cli: Callable[..., CliResult]) -> None:
    """Issue 9: a templates/ folder beside the inventory (anyone may create one in a shared
    folder such as /tmp) is not code vrpgen runs; only --templates DIR names user templates."""
    inventory = tmp_path / "inv"
    shutil.copytree(SEED, inventory)
    (inventory / "templates").mkdir(exist_ok=True)
    (inventory / "templates" / "system.j2").write_text("#\nsysname {{ dev.sysname }}-x\n")
    result = cli("render", inventory, "-o", tmp_path / "out")
    assert result.code == 0, result.stderr
    assert "sysname SW1\n" in (tmp_path / "out" / "SW1.cfg").read_text()
    assert "notice" not in result.stderr


def test_broken_template_is_a_clean_error_and_writes_nothing(
        tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    overrides = tmp_path / "tpl"
    overrides.mkdir()
    (overrides / "ospf.j2").write_text("{% if dev.ospf %}\nospf {{ dev.ospf.no_such_field }}\n"
                                       "{% endif %}\n")
    out = tmp_path / "out"
    result = cli("render", SEED, "-o", out, "--templates", overrides)
    assert result.code == 1
    assert "ospf.j2:2" in result.stderr and "no_such_field" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists() or not list(out.iterdir())


def test_existing_outputs_survive_a_failed_render(tmp_path: Path,
                                                  cli: Callable[..., CliResult]) -> None:
    out = tmp_path / "out"
    assert cli("render", SEED, "-o", out).code == 0
    before = (out / "R1.cfg").read_text()
    bad = tmp_path / "bad.yml"
    bad.write_text((SEED / "lab.yml").read_text().replace("as: 64512", "as: 0"))
    assert cli("render", bad, "-o", out).code == 1
    assert (out / "R1.cfg").read_text() == before


def test_show_yaml_and_json(cli: Callable[..., CliResult]) -> None:
    as_yaml = cli("show", "R1", "-i", SEED)
    assert as_yaml.code == 0
    intent = yaml.safe_load(as_yaml.stdout)
    peers = {p["address"]: p for p in intent["bgp"]["peers"]}
    assert peers["2.2.2.2"]["connect_interface"] == "LoopBack0"
    assert peers["2.2.2.2"]["ebgp_max_hop"] == 2
    as_json = json.loads(cli("show", "R1", "-i", SEED, "--format", "json").stdout)
    assert as_json == intent


def test_show_unknown_device(cli: Callable[..., CliResult]) -> None:
    result = cli("show", "R9", "-i", SEED)
    assert result.code == 1 and "no device named 'R9'" in result.stderr


def test_help_documents_exit_codes(cli: Callable[..., CliResult]) -> None:
    result = cli("--help")
    assert result.code == 0
    assert "Exit codes" in result.stdout and "VRPGEN_DEBUG" in result.stdout
