"""Issue 9, templates: user templates only from an explicit --templates DIR, sandboxed; every
template failure a located exit 1; rendered output passes the line checks and `vrpgen lint`."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, CliResult
from vrpgen import pipeline
from vrpgen.errors import RenderError
from vrpgen.render import check_output

SEED = REPO / "inventory"
LARGE = REPO / "tests" / "inventories" / "large"

# Would run `touch PWNED` as the user who renders, in a plain (unsandboxed) Jinja2 environment.
PAYLOAD = ("{{ cycler.__init__.__globals__.os.popen('touch %s').read() }}"
           "{{ ''.__class__.__mro__[1].__subclasses__() }}\n")


def _tpl(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    directory = tmp_path / "tpl"
    directory.mkdir(exist_ok=True)
    for name, text in files.items():
        data = text.encode() if isinstance(text, str) else text
        (directory / name).write_bytes(data)
    return directory


def test_a_templates_folder_beside_a_single_file_inventory_is_not_loaded(
        tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    """A single-file inventory in a shared folder: whoever creates templates/ beside it must
    not get code run (or output changed) by the user who renders."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shutil.copy(SEED / "lab.yml", shared / "lab.yml")
    marker = tmp_path / "PWNED"
    (shared / "templates").mkdir()
    (shared / "templates" / "system.j2").write_text(PAYLOAD % marker + "sysname EVIL\n")
    result = cli("render", shared / "lab.yml", "-o", tmp_path / "out")
    assert result.code == 0, result.stderr
    assert not marker.exists()
    assert "EVIL" not in (tmp_path / "out" / "R1.cfg").read_text()


def test_user_templates_are_sandboxed(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    marker = tmp_path / "PWNED"
    tpl = _tpl(tmp_path, {"system.j2": "#\n" + PAYLOAD % marker})
    out = tmp_path / "out"
    result = cli("render", SEED, "-o", out, "--templates", tpl)
    assert result.code == 1, result.stderr
    assert not marker.exists()
    assert f"{tpl / 'system.j2'}:2" in result.stderr
    assert "unsafe" in result.stderr and "internal error" not in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(("files", "expected"), [
    ({"system.j2": "#\nsysname {{ 1/0 }}\n"}, ["system.j2:2", "ZeroDivisionError"]),
    ({"system.j2": "#\nsysname {% if %}\n"}, ["system.j2:2", "syntax"]),
    ({"system.j2": "#\nsysname {{ dev.nope }}\n"}, ["system.j2:2", "nope"]),
    ({"system.j2": b"#\nsysname \xff\xfe\n"}, ["system.j2:2", "not UTF-8"]),
    ({"system.j2": "#\n{% include 'system.j2' %}\n"}, ["system.j2:2", "recursion"]),
    ({"system.j2": "{% include 'vlans.j2' %}", "vlans.j2": "{% include 'system.j2' %}"},
     ["tpl/", "recursion"]),
    ({"system.j2": "#\nsysname {{ 'x' | ip_mask }}\n"}, ["system.j2:2", "rendering"]),
    ({"system.j2": "#\n{% include 'missing.j2' %}\n"}, ["system.j2:2", "missing.j2"]),
])
def test_every_template_failure_is_a_located_exit_1(
        tmp_path: Path, cli: Callable[..., CliResult], files: dict[str, str | bytes],
        expected: list[str]) -> None:
    tpl = _tpl(tmp_path, files)
    out = tmp_path / "out"
    result = cli("render", SEED, "-o", out, "--templates", tpl)
    assert result.code == 1, (result.code, result.stderr)
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    for text in expected:
        assert text in result.stderr, result.stderr
    assert not out.exists()


@pytest.mark.parametrize("templates", ["missing", "file.j2"])
def test_a_mistyped_templates_path_is_a_usage_error(
        tmp_path: Path, cli: Callable[..., CliResult], templates: str) -> None:
    (tmp_path / "file.j2").write_text("x")
    result = cli("render", SEED, "-o", tmp_path / "out", "--templates", tmp_path / templates)
    assert result.code == 64, result.stderr
    assert "--templates" in result.stderr
    with pytest.raises(RenderError, match="templates directory"):
        pipeline.render_inventory(SEED, templates=tmp_path / templates)


def test_a_fifo_template_is_refused_without_blocking(tmp_path: Path) -> None:
    tpl = _tpl(tmp_path, {})
    os.mkfifo(tpl / "system.j2")
    with pytest.raises(RenderError, match=r"system\.j2.*not a regular file"):
        pipeline.render_inventory(SEED, templates=tpl)


def test_each_user_template_is_named_on_stderr(tmp_path: Path,
                                               cli: Callable[..., CliResult]) -> None:
    tpl = _tpl(tmp_path, {"system.j2": "#\nsysname {{ dev.sysname }}\n{% include 'x.j2' %}",
                          "x.j2": ""})
    result = cli("render", SEED, "-o", tmp_path / "out", "--templates", tpl)
    assert result.code == 0, result.stderr
    assert f"notice: {tpl / 'system.j2'} overrides the built-in template" in result.stderr
    assert f"notice: {tpl / 'x.j2'} adds a template" in result.stderr


@pytest.mark.parametrize(("body", "expected"), [
    ("sysname A\x0bB", "control character"),
    ("sysname A\u2028B", "control character"),
    ("sysname A\x1bB", "control character"),
    ('sysname {{ "A\\rundo ospf 1" }}', "control character"),  # a value, not template text
    ("frobnicate everything", "not valid VRP"),
    ("sysname R1\n ospf cost 10", "not valid VRP"),  # a view change that does not happen
    ("bgp 100\n  bgp 200", "not valid VRP"),
])
def test_rendered_lines_must_be_configuration(
        tmp_path: Path, cli: Callable[..., CliResult], body: str, expected: str) -> None:
    tpl = _tpl(tmp_path, {"system.j2": "#\n" + body + "\n"})
    out = tmp_path / "out"
    result = cli("render", SEED, "-o", out, "--templates", tpl)
    assert result.code == 1, result.stderr
    assert expected in result.stderr
    assert "R1.cfg:2: " in result.stderr or "R1.cfg:3: " in result.stderr  # device, line
    assert not out.exists()


@pytest.mark.parametrize("inventory", [SEED, LARGE])
def test_built_in_templates_render_lint_clean(inventory: Path) -> None:
    result = pipeline.render_inventory(inventory)
    assert result.configs and result.templates == []
    for name, text in result.configs.items():
        check_output(name, text, result.platforms[name])


@pytest.mark.parametrize("expression", [
    "dev.__class__.__init__.__globals__",              # from the intent itself
    "dev.interfaces[0].__class__.__mro__",             # from a nested intent
    "dev.__dataclass_fields__",                        # dataclass internals are not fields
    "dev.sysname.format.__globals__",                  # a field's value: str.format is wrapped
    "(dev.sysname.__class__.__mro__[1].__subclasses__())",
])
def test_intent_fields_read_fast_never_open_the_sandbox(
        tmp_path: Path, cli: Callable[..., CliResult], expression: str) -> None:
    """The intent's data fields are read without the sandbox's per-read check (render.py
    _Sandbox.getattr); everything reached from them still goes through it."""
    tpl = _tpl(tmp_path, {"system.j2": "#\nsysname {{ dev.sysname }}\n"
                                       f"{{{{ {expression} }}}}\n"})
    result = cli("render", SEED, "-o", tmp_path / "out", "--templates", tpl)
    assert result.code == 1, result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert f"{tpl / 'system.j2'}:3" in result.stderr
    assert "unsafe" in result.stderr or "undefined" in result.stderr, result.stderr


def test_a_device_failing_after_others_rendered_leaves_the_output_folder_as_it_was(
        tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    """render_to stages each text as it is rendered; a failure at the last device (SW1, in
    name order) must still leave every previous file as it was, no new file, no temporary."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "R1.cfg").write_text("old R1\n")
    tpl = _tpl(tmp_path, {"system.j2": "#\nsysname {{ dev.sysname }}\n"
                                       "{% if dev.name == 'SW1' %}{{ 1/0 }}{% endif %}\n"})
    result = cli("render", SEED, "-o", out, "--templates", tpl)
    assert result.code == 1, result.stderr
    assert "SW1" in result.stderr and "ZeroDivisionError" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["R1.cfg"]  # no R2.cfg, no .tmp, no calico
    assert (out / "R1.cfg").read_text() == "old R1\n"
