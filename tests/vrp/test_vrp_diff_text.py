"""The plan's text diff (issue 10): lines the plan leaves alone are context, never `-`; the
output is a valid unified diff; it is built block by block, in time linear in the config."""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vrpgen.cli import app
from vrpgen.errors import DiffError
from vrpgen.report import plans
from vrpgen.vrp import fingerprint, normalise, parse, plan
from vrpgen.vrp.plan import diff_script, unified

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from bench_diff import make_configs

runner = CliRunner()

RUNNING = """#
sysname R1
#
interface GigabitEthernet0/0/1
 description old
 traffic-policy P inbound
 port link-type trunk
 port trunk allow-pass vlan 10 20
#
bgp 100
 peer 10.0.0.2 as-number 200
 peer 10.0.0.2 description x
 peer 10.0.0.2 bfd enable
 peer 10.0.0.3 as-number 300
 #
 ipv4-family unicast
  undo synchronization
  peer 10.0.0.2 enable
  peer 10.0.0.3 enable
#
snmp-agent
#
return
"""

INTENDED = """#
sysname R1
#
interface GigabitEthernet0/0/1
 description new
 port link-type trunk
 port trunk allow-pass vlan 10 30
#
bgp 100
 peer 10.0.0.3 as-number 300
 #
 ipv4-family unicast
  peer 10.0.0.3 enable
#
return
"""


def _apply(left: list[str], diff: list[str]) -> list[str]:
    """A minimal `patch`: apply unified-diff hunks to `left`, checking every context line."""
    out: list[str] = []
    at = 0
    for k, line in enumerate(diff):
        m = re.match(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$", line)
        if m is None:
            continue
        start = int(m.group(1)) - (0 if m.group(2) != "0" else -1)
        out.extend(left[at : start - 1])
        at = start - 1
        for body in diff[k + 1 :]:
            if body.startswith("@@"):
                break
            tag, text = body[0], body[1:]
            if tag in " -":
                assert left[at] == text, (at, left[at], text)
                at += 1
            if tag in " +":
                out.append(text)
    return out + left[at:]


def _sides(running: str, intended: str) -> tuple[list[str], list[str], list[str]]:
    result = plan(running, intended)
    script = diff_script(result.running, result.intended)
    left = [t for tag, t in zip(script.tags, script.lines, strict=True) if tag != "+"]
    right = [t for tag, t in zip(script.tags, script.lines, strict=True) if tag != "-"]
    return left, right, result.diff.splitlines()


def test_lines_left_alone_are_context_never_removed() -> None:
    result = plan(RUNNING, INTENDED)
    lines = result.diff.splitlines()
    sent = [c.text for c in result.commands]
    # the model does not know these lines: no command touches them, the diff keeps them
    for kept in (" traffic-policy P inbound", "  undo synchronization"):
        assert " " + kept in lines, lines
        assert "-" + kept not in lines
    assert not [t for t in sent if "traffic-policy" in t or "synchronization" in t]
    # removed by the plan: shown as removed (`undo peer 10.0.0.2` takes its unknown line too)
    assert "undo peer 10.0.0.2" in sent
    for gone in (" peer 10.0.0.2 as-number 200", " peer 10.0.0.2 bfd enable",
                 "  peer 10.0.0.2 enable", " description old"):
        assert "-" + gone in lines, lines
    assert "+ description new" in lines
    # a section outside the managed scope is not in the diff at all (counted unmanaged)
    assert "snmp-agent" not in result.diff
    assert result.unmanaged >= 3


def test_the_diff_is_a_valid_unified_diff() -> None:
    for running, intended in ((RUNNING, INTENDED), (INTENDED, RUNNING), make_configs(2000),
                              make_configs(2000, worst=True)):
        left, right, diff = _sides(running, intended)
        assert diff[:2] == ["--- running", "+++ intended"]
        assert _apply(left, diff) == right


def test_no_change_no_diff() -> None:
    assert plan(RUNNING, RUNNING).diff == ""


def test_report_text_shows_kept_lines_as_kept() -> None:
    lines = [text for text, _ in plans.text_lines("R1", plan(RUNNING, INTENDED))]
    assert "  traffic-policy P inbound" in lines
    assert "- traffic-policy P inbound" not in lines
    assert any(line.startswith("  … ") and "unmanaged lines kept" in line for line in lines)


def test_json_diff_keeps_unmanaged_lines(tmp_path: Path) -> None:
    run, new = tmp_path / "run.cfg", tmp_path / "new.cfg"
    run.write_text(RUNNING)
    new.write_text(INTENDED)
    result = runner.invoke(app, ["compare", str(run), str(new), "--format", "json"])
    assert result.exit_code == 2
    assert "\n  traffic-policy P inbound" in json.loads(result.output)["diff"]


def test_fingerprint_is_the_whole_running_config() -> None:
    running, intended = make_configs(3000, worst=True)
    expected = fingerprint(normalise(parse(running), "vrp5"))
    assert plan(running, intended).fingerprint == expected
    running, intended = make_configs(3000)  # identical blocks left out of the plan
    assert plan(running, intended).fingerprint == fingerprint(normalise(parse(running), "vrp5"))


def test_an_error_names_its_line_in_the_text_when_identical_blocks_are_left_out() -> None:
    same = ["interface GigabitEthernet0/0/1", " description a", " port link-type access", "#"]
    deep = ["acl number 3000"] + [" " * k + f"rule {k}" for k in range(1, 40)]
    running = "\n".join([*same, *deep])
    with pytest.raises(DiffError, match=r"^line 37: nested 33 levels"):
        plan(running, "\n".join([*same, "sysname X"]))  # the first 4 lines are left out


def _diff_seconds(lines: int) -> float:
    running, intended = make_configs(lines, worst=True)
    result = plan(running, intended)
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        "\n".join(unified(diff_script(result.running, result.intended)))
        best = min(best, time.process_time() - start)
    return best


def test_the_diff_is_linear_in_the_config() -> None:
    """4x the lines, every block changed: well under 16x the time (difflib's quadratic path
    took 36.8 s on 80k lines); 8x leaves room for a noisy machine."""
    small, large = _diff_seconds(5000), _diff_seconds(20000)
    assert large < 8 * max(small, 0.005), (small, large)
