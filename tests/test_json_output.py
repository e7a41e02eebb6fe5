"""--format json of validate, lint, compare, diff and show: stdout is one document, valid
against its schema in docs/schemas/ (the backup/push ones: tests/push/test_push_json_audit.py),
in the error cases too."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from json_schemas import SCHEMAS, check, schema, stdout_json
from jsonschema import Draft202012Validator

from tests.conftest import REPO, CliResult

SEED = REPO / "inventory"
SEED_CONFIGS = REPO / "tests" / "golden" / "seed"


def test_every_schema_is_a_valid_draft_2020_12_schema() -> None:
    names = sorted(p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.schema.json"))
    assert names == ["audit", "backup", "compare", "diff", "lint", "push", "show", "validate"]
    for name in names:
        document = schema(name)
        assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        Draft202012Validator.check_schema(document)


def test_the_checker_rejects_a_document_that_breaks_the_schema() -> None:
    with pytest.raises(AssertionError, match="valid"):
        check("validate", {"inventory": "x", "valid": "yes", "strict": False, "devices": 1,
                           "sessions": 1, "errors": [], "warnings": []})


def test_validate_json_of_a_valid_inventory(cli: Callable[..., CliResult]) -> None:
    result = cli("validate", SEED, "--format", "json")
    assert result.code == 0, result.stderr
    document = stdout_json("validate", result.stdout)
    assert document["valid"] is True and document["errors"] == []
    assert document["devices"] == 3 and document["sessions"] >= 1


def test_validate_json_lists_every_error_located(cli: Callable[..., CliResult],
                                                 tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    text = (SEED / "lab.yml").read_text()
    text = text.replace("devices:\n", "devices:\n  R9: {platform: vrp9, sysnme: R9}\n", 1)
    bad.write_text(text)
    result = cli("validate", bad, "--format", "json")
    assert result.code == 1
    document = stdout_json("validate", result.stdout)
    assert document["valid"] is False and document["devices"] is None
    assert len(document["errors"]) >= 2
    for error in document["errors"]:
        assert error["file"] == str(bad) and error["line"] and error["column"]
        assert error["severity"] == "error" and error["path"].startswith("devices.R9")
    assert any(e["hint"] and "sysname" in e["hint"] for e in document["errors"])
    assert result.stderr == ""  # the errors are the result: stdout only


def test_validate_json_of_a_file_that_is_not_yaml(cli: Callable[..., CliResult],
                                                  tmp_path: Path) -> None:
    bad = tmp_path / "broken.yml"
    bad.write_text("devices: [\n")
    result = cli("validate", bad, "-f", "json")
    assert result.code == 1
    assert stdout_json("validate", result.stdout)["errors"][0]["file"] == str(bad)


def test_lint_json_errors_notes_and_unreadable_files(cli: Callable[..., CliResult],
                                                     tmp_path: Path) -> None:
    bad = tmp_path / "bad.cfg"
    bad.write_text("#\nsysname X\n#\nsnmp-agent trap enable\n#\nip address 10.0.0.1 255.0.0.0\n#\n"
                   "interface GigabitEthernet0/0/1\n port link-type trunkk\n#\nreturn\n")
    missing = tmp_path / "none.cfg"
    result = cli("lint", SEED_CONFIGS / "R1.cfg", bad, missing, "--format", "json")
    assert result.code == 1
    document = stdout_json("lint", result.stdout)
    good, linted, unread = document["files"]
    assert good["ok"] and good["findings"] == [] and document["ok"] is False
    assert linted["errors"] == 2 and linted["notes"] == 1
    by_line = {f["line"]: f for f in linted["findings"]}
    assert by_line[6]["severity"] == "error" and by_line[6]["hint"] == "legal in: interface"
    assert by_line[4]["severity"] == "note"
    assert by_line[9]["severity"] == "error" and "trunk" in (by_line[9]["hint"] or "")
    assert unread["ok"] is False and "cannot read" in unread["error"]


def test_lint_json_masks_secrets(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    config = tmp_path / "secret.cfg"
    config.write_text("#\nsysname X\n#\nip address 10.0.0.1 255.0.0.0 password cipher "
                      "Hidden-Lint-Pw\n#\nreturn\n")
    result = cli("lint", config, "-f", "json")
    assert "Hidden-Lint-Pw" not in result.stdout + result.stderr
    stdout_json("lint", result.stdout)
    text = cli("lint", config)
    assert "Hidden-Lint-Pw" not in text.stdout + text.stderr


def test_compare_and_diff_json(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    changed = tmp_path / "R1.cfg"
    changed.write_text((SEED_CONFIGS / "R1.cfg").read_text().replace("sysname R1",
                                                                     "sysname OLD"))
    result = cli("compare", changed, SEED_CONFIGS / "R1.cfg", "-f", "json")
    assert result.code == 2
    plan = stdout_json("compare", result.stdout)
    assert "sysname R1" in plan["commands"]

    running = tmp_path / "running"
    shutil.copytree(SEED_CONFIGS, running, ignore=shutil.ignore_patterns("calico"))
    shutil.copy(changed, running / "R1.cfg")
    result = cli("diff", SEED, "--running", running, "-f", "json", "--plan",
                 tmp_path / "plan.json")
    assert result.code == 2, result.stderr
    document = stdout_json("diff", result.stdout)
    assert sorted(document["devices"]) == ["R1", "R2", "SW1"]
    assert document["devices"]["R2"]["commands"] == []
    check("diff", json.loads((tmp_path / "plan.json").read_text()))  # the --plan file too


def test_show_json_of_a_device_and_of_a_node(cli: Callable[..., CliResult]) -> None:
    device = stdout_json("show", cli("show", "R1", "-i", SEED, "-f", "json").stdout)
    assert device["name"] == "R1"
    node = stdout_json("show", cli("show", "k8s-node-1", "-i", SEED, "-f", "json").stdout)
    assert node["node"] == "k8s-node-1" and node["routes"]


def test_validate_json_warnings_and_strict(cli: Callable[..., CliResult],
                                           tmp_path: Path) -> None:
    """A catalogue VLAN no device creates is a warning; --strict makes the inventory invalid
    and the warning stays a warning in the document."""
    inventory = tmp_path / "lab.yml"
    inventory.write_text((SEED / "lab.yml").read_text().replace(
        "  30: {name: mgmt}\n", "  30: {name: mgmt}\n  99: {name: unused}\n"))
    relaxed = cli("validate", inventory, "-f", "json")
    assert relaxed.code == 0
    document = stdout_json("validate", relaxed.stdout)
    assert document["valid"] is True and document["warnings"]
    assert document["warnings"][0]["severity"] == "warning"
    assert document["warnings"][0]["line"] == 19 and document["warnings"][0]["file"]
    strict = cli("validate", inventory, "-f", "json", "--strict")
    assert strict.code == 1
    document = stdout_json("validate", strict.stdout)
    assert document["valid"] is False and document["errors"] == [] and document["warnings"]
