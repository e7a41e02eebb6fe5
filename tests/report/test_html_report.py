"""`vrpgen diff --format html`: one self-contained page (no external address, no script), the
summary read back from the DOM headless Chromium builds, every inventory and device text
escaped, secrets masked, the topology inline with the changed devices highlighted, and a page
that still works without Graphviz."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from picture_tools import assert_self_contained, dump_dom, need_tool

from tests.conftest import REPO, CliResult
from vrpgen import pipeline
from vrpgen.report import dot

SECRET = "TOPSECRET-77"
HOSTILE = '<script>alert(1)</script> & "x" <img src=https://evil.example/x.png>'
BGP_VARIABLE = "VRPGEN_TEST_HTML_BGP"
SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def lab(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The seed lab with a hostile interface description and a BGP password; running
    configs: R1 holds the password in the clear, R2 is empty, SW1 already runs its intent."""
    monkeypatch.setenv(BGP_VARIABLE, "not-used-by-diff")
    data = yaml.safe_load((REPO / "inventory" / "lab.yml").read_text())
    data["devices"]["R1"]["interfaces"]["GigabitEthernet0/0/0"]["description"] = HOSTILE
    data["bgp"]["sessions"][0]["password"] = {"env": BGP_VARIABLE}
    inventory = tmp_path / "lab.yml"
    inventory.write_text(yaml.safe_dump(data, sort_keys=False))
    running = tmp_path / "running"
    running.mkdir()
    (running / "R1.cfg").write_text(
        "#\nsysname R1\n#\nbgp 64512\n peer 2.2.2.2 as-number 63400\n"
        f" peer 2.2.2.2 password cipher {SECRET}\n#\nreturn\n")
    (running / "R2.cfg").write_text("#\nsysname R2\n#\nreturn\n")
    (running / "SW1.cfg").write_text(pipeline.render_inventory(inventory).configs["SW1"])
    return inventory, running


def report(cli: Callable[..., CliResult], lab: tuple[Path, Path], out: Path) -> str:
    inventory, running = lab
    result = cli("diff", inventory, "--running", running, "--format", "html", "-o", out)
    assert result.code == 2, result.stderr  # changes: the same exit code as the text format
    assert "html report written to" in result.stderr
    return out.read_text()


def expected_risks(cli: Callable[..., CliResult], lab: tuple[Path, Path]) -> dict[str, str]:
    """Changed device → highest risk, from the JSON plan (independent of the HTML code)."""
    inventory, running = lab
    result = cli("diff", inventory, "--running", running, "--format", "json")
    devices: dict[str, Any] = json.loads(result.stdout)["devices"]
    order = ["low", "medium", "high"]
    return {name: max((r["level"] for r in p["risks"]), key=order.index, default="low")
            for name, p in devices.items() if p["commands"]}


class SummaryRows(HTMLParser):
    """The cells of each row of the table with class "summary", as text."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.depth = 0  # > 0 inside the summary table
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.depth += 1 if self.depth or ("class", "summary") in attrs else 0
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag == "td":
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.depth:
            self.depth -= 1
        elif tag == "td" and self.cell is not None:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def test_chromium_renders_the_summary_with_every_changed_device_and_its_risk(
        lab: tuple[Path, Path], tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    need_tool("chromium")
    page = tmp_path / "report.html"
    report(cli, lab, page)
    parser = SummaryRows()
    parser.feed(dump_dom(page))
    rows = {cells[0]: cells for cells in parser.rows if cells}
    expected = expected_risks(cli, lab)
    assert set(expected) == {"R1", "R2"}  # SW1 already runs its intent
    for device, risk in expected.items():
        assert rows[device][6] == risk, rows[device]
        assert int(rows[device][3]) > 0 and rows[device][1] == "vrp5"  # lines to add, platform
    assert rows["SW1"][6] == "none" and rows["SW1"][5] == "0"
    assert expected["R1"] == "high"  # the password change of the session


def test_page_is_self_contained_escaped_and_masked(
        lab: tuple[Path, Path], tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    page = report(cli, lab, tmp_path / "report.html")
    assert_self_contained(page)
    assert HOSTILE not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; &lt;img" in page
    assert SECRET not in page and "password cipher ******" in page
    # per changed device: the section, its risks with reasons, commands, the coloured diff
    for device in ("R1", "R2"):
        assert f'<h2 id="device-{device}">' in page
    assert "the session drops until both ends match" in page  # a risk's reason
    assert '<span class="add">+ description &lt;script&gt;' in page
    assert 'id="device-SW1"' not in page  # unchanged: in the summary only
    assert page.count("<code>") >= 3  # the fingerprints of the three devices
    for plan in pipeline.preview(lab[1], lab[0]).plans.values():
        assert plan.fingerprint in page


def test_topology_highlights_the_changed_devices(
        lab: tuple[Path, Path], tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    need_tool("dot")
    page = report(cli, lab, tmp_path / "report.html")
    svg = page[page.index("<svg"):page.index("</svg>") + len("</svg>")]
    root = ET.fromstring(svg)  # well-formed inline SVG
    fills = {}
    for group in root.iter(f"{SVG_NS}g"):
        title = group.find(f"{SVG_NS}title")
        shape = next((e for e in group.iter() if e.tag in (f"{SVG_NS}path", f"{SVG_NS}polygon")),
                     None)
        if group.get("class") == "node" and title is not None and shape is not None:
            fills[title.text] = shape.get("fill")
    assert fills["R1"] == dot.STATE_STYLE["high"][0]
    assert fills["SW1"] == "#f5f5f5"  # unchanged: grey


def test_without_graphviz_the_page_says_so(
        lab: tuple[Path, Path], tmp_path: Path, cli: Callable[..., CliResult],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no `dot`
    page = report(cli, lab, tmp_path / "report.html")
    assert "<svg" not in page and "needs Graphviz" in page
    assert 'data-device="R1" data-risk="high"' in page
    assert_self_contained(page)


def test_html_on_stdout_and_output_needs_a_document(
        lab: tuple[Path, Path], tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    inventory, running = lab
    result = cli("diff", inventory, "--running", running, "-f", "html")
    assert result.code == 2 and result.stdout.startswith("<!DOCTYPE html>")
    result = cli("diff", inventory, "--running", running, "-f", "markdown", "-o",
                 tmp_path / "plan.md")
    assert result.code == 2 and (tmp_path / "plan.md").read_text().startswith("| device |")
    result = cli("diff", inventory, "--running", running, "-o", tmp_path / "x.html")
    assert result.code == 64 and "add --format json, markdown or html" in result.stderr


def test_a_failing_dot_leaves_the_page_without_picture(
        lab: tuple[Path, Path], tmp_path: Path, cli: Callable[..., CliResult],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A broken Graphviz must not cost the report (after a push it is all there is); `graph`
    itself fails, saying what dot said."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "dot"
    fake.write_text("#!/bin/sh\necho 'Error: <stdin>: syntax error in line 1' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    page = report(cli, lab, tmp_path / "report.html")
    assert "<svg" not in page and "could not be drawn" in page and "(exit 3)" in page
    result = cli("graph", lab[0], "-o", tmp_path / "t.svg")
    assert result.code == 1 and "`dot` failed (exit 3): Error: &lt;stdin&gt;" not in result.stderr
    assert "`dot` failed (exit 3): Error: <stdin>: syntax error" in result.stderr
