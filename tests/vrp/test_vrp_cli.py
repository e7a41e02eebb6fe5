"""CLI: compare / diff / lint exit codes and JSON shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shared_data import shared_files
from typer.testing import CliRunner

from vrpgen.cli import app

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "golden" / "seed"
runner = CliRunner()

RUN = "#\nsysname SW1\n#\nvlan batch 10 20 30\n#\ninterface GigabitEthernet0/0/1\n" \
    " port link-type trunk\n port trunk allow-pass vlan 10 20 30\n#\naaa\n local-user a\n" \
    "#\nreturn\n"
INT = "#\nsysname SW1\n#\nvlan batch 10 20 30 40\n#\ninterface GigabitEthernet0/0/1\n" \
    " port link-type trunk\n port trunk allow-pass vlan 10 20 40\n#\nreturn\n"


def _files(tmp_path: Path) -> tuple[Path, Path]:
    run, intended = tmp_path / "run.cfg", tmp_path / "int.cfg"
    run.write_text(RUN)
    intended.write_text(INT)
    return run, intended


def test_compare_json(tmp_path: Path) -> None:
    run, intended = _files(tmp_path)
    result = runner.invoke(app, ["compare", str(run), str(intended), "--format", "json"])
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert doc["commands"] == [
        "vlan batch 40", "interface GigabitEthernet0/0/1", "undo port trunk allow-pass vlan 30",
        "port trunk allow-pass vlan 40", "quit",
    ]
    assert {r["level"] for r in doc["risks"]} <= {"high", "medium", "low"}
    assert any(r["level"] == "high" and "30" in r["reason"] for r in doc["risks"])
    assert doc["unmanaged"] == 2
    assert len(doc["fingerprint"]) == 64
    assert "-sysname" not in doc["diff"] and "+ port trunk allow-pass vlan 10 20 40" in doc["diff"]


def test_compare_same_file_exit_0(tmp_path: Path) -> None:
    run, _ = _files(tmp_path)
    crlf = tmp_path / "crlf.cfg"
    crlf.write_bytes(RUN.replace("\n", "  \r\n").encode())
    result = runner.invoke(app, ["compare", str(run), str(crlf), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["commands"] == []
    text = runner.invoke(app, ["compare", str(run), str(run)])
    assert text.exit_code == 0 and "no changes" in text.stdout


def test_compare_text_changes_exit_2(tmp_path: Path) -> None:
    run, intended = _files(tmp_path)
    result = runner.invoke(app, ["compare", str(run), str(intended)])
    assert result.exit_code == 2
    assert "undo port trunk allow-pass vlan 30" in result.stdout
    assert "\x1b[" not in result.stdout  # plain when not a terminal


def test_compare_missing_file_exit_1(tmp_path: Path) -> None:
    from vrpgen.cli import main

    run, _ = _files(tmp_path)
    with pytest.raises(SystemExit) as exc:
        import sys

        sys.argv = ["vrpgen", "compare", str(tmp_path / "nope.cfg"), str(run)]
        main()
    assert exc.value.code == 1


def test_lint_ok_and_bad(tmp_path: Path) -> None:
    good = runner.invoke(app, ["lint", *[str(p) for p in sorted(SEED.glob("*.cfg"))]])
    assert good.exit_code == 0, good.output
    bad = tmp_path / "bad.cfg"
    bad.write_text("#\nsysname X\n#\ninterface GigabitEthernet0/0/1\n port link-type trunkk\n#\n")
    result = runner.invoke(app, ["lint", str(bad)])
    assert result.exit_code == 1
    assert "bad.cfg:5" in result.output
    # typed, not displayed (`link-typ`): what a device accepts, counted but not an error
    typed = tmp_path / "typed.cfg"
    typed.write_text("#\nsysname X\n#\ninterface GigabitEthernet0/0/1\n port link-typ trunk\n#\n")
    result = runner.invoke(app, ["lint", str(typed)])
    assert result.exit_code == 0, result.output
    assert "1 lines not in display form" in result.output


def test_diff_against_rendered_seed(tmp_path: Path) -> None:
    from vrpgen.pipeline import render_inventory

    running = tmp_path / "running"
    running.mkdir()
    rendered = render_inventory(ROOT / "inventory")
    assert {"R1", "R2", "SW1"} <= set(rendered.configs)
    for name, text in rendered.configs.items():
        (running / f"{name}.cfg").write_text(text)
    same = runner.invoke(app, ["diff", str(ROOT / "inventory"), "--running", str(running),
                               "--format", "json"])
    assert same.exit_code == 0, same.output
    assert all(d["commands"] == [] for d in json.loads(same.stdout)["devices"].values())
    sw1 = running / "SW1.cfg"
    trunk = "port trunk allow-pass vlan 10 20 30"
    assert trunk in sw1.read_text()
    sw1.write_text(sw1.read_text().replace(trunk, "port trunk allow-pass vlan 10 20"))
    plan_file = tmp_path / "plan.json"
    changed = runner.invoke(app, ["diff", str(ROOT / "inventory"), "--running", str(running),
                                  "--limit", "SW1", "--plan", str(plan_file), "--format",
                                  "markdown"])
    assert changed.exit_code == 2, changed.output
    doc = json.loads(plan_file.read_text())
    assert list(doc["devices"]) == ["SW1"]
    assert "port trunk allow-pass vlan 30" in doc["devices"]["SW1"]["commands"]
    assert "| SW1 |" in changed.stdout


CORPUS = shared_files(("vrp", "corpus"), "vrp*/*.cfg")


@pytest.mark.parametrize("path", CORPUS)
def test_compare_corpus_with_itself_and_crlf_copy(path: Path, tmp_path: Path) -> None:
    same = runner.invoke(app, ["compare", str(path), str(path), "--format", "json"])
    assert same.exit_code == 0, same.output
    assert json.loads(same.stdout)["commands"] == []
    text = path.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n")
    copy = tmp_path / "copy.cfg"
    copy.write_bytes("\r\n".join(line.rstrip() + "  " for line in text.split("\n")).encode())
    changed = runner.invoke(app, ["compare", str(path), str(copy), "--platform",
                                  path.parent.name])
    assert changed.exit_code == 0, changed.output
    assert "no changes" in changed.stdout
