"""Issue 9, files: reads of regular files only, size-limited and never blocking; configs that
would crash the parser are located errors; inventory folders never skip a file in silence;
writes all-or-nothing, and nothing left behind by an interrupt."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, CliResult
from vrpgen import files, pipeline
from vrpgen.errors import DiffError, InputError, OutputError, YamlError
from vrpgen.inventory.load import load
from vrpgen.push import backup as backup_mod
from vrpgen.push.targets import Credentials, Target

SEED = REPO / "inventory"
R1 = REPO / "tests" / "golden" / "seed" / "R1.cfg"


def _in_thread(fn: Callable[[], Any], timeout: float = 10) -> Any:
    """Run fn; fail (instead of hanging the suite) if it blocks."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # handed back to the test
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), "blocked"
    if "error" in box:
        raise box["error"]
    return box.get("value")


# -- reading configs --------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["fifo", "dev", "dir"])
def test_read_config_refuses_what_is_not_a_regular_file(tmp_path: Path, kind: str) -> None:
    if kind == "fifo":
        path = tmp_path / "running.cfg"
        os.mkfifo(path)
    elif kind == "dev":
        path = Path("/dev/zero")
    else:
        path = tmp_path
    with pytest.raises(DiffError, match=f"{path}: .*(not a regular file|directory)"):
        _in_thread(lambda: pipeline.read_config(path))


def test_read_config_has_a_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.cfg"
    with big.open("wb") as handle:  # sparse: costs no disk
        handle.truncate(files.MAX_INPUT_BYTES + 1)
    with pytest.raises(DiffError, match=r"big.cfg: too large .*64 MiB"):
        pipeline.read_config(big)
    small = tmp_path / "small.cfg"
    small.write_text("#\nsysname R1\nreturn\n")
    with pytest.raises(InputError, match="too large"):
        files.read_regular(small, limit=5)
    assert files.read_regular(small) == b"#\nsysname R1\nreturn\n"


def test_compare_a_fifo_fails_cleanly(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    fifo = tmp_path / "running.cfg"
    os.mkfifo(fifo)
    result = _in_thread(lambda: cli("compare", fifo, R1))
    assert result.code == 1 and "not a regular file" in result.stderr


@pytest.mark.parametrize(("text", "where"), [
    ("#\nvlan batch " + "9" * 5000 + "\n#\nreturn\n", "line 2: a number of 5000 digits"),
    ("#\ninterface Vlanif1\n ospf cost " + "1" * 4400 + "\n#\nreturn\n", "line 3"),
    ("#\n" + "\n".join(" " * i + f"interface GigabitEthernet0/0/{i}" for i in range(500))
     + "\nreturn\n", "nested 33 levels deep"),
])
def test_configs_that_crashed_the_parser_are_located_errors(
        tmp_path: Path, cli: Callable[..., CliResult], text: str, where: str) -> None:
    bad = tmp_path / "running.cfg"
    bad.write_text(text)
    for args in (("compare", bad, R1), ("compare", R1, bad), ("lint", bad)):
        result = cli(*args)
        assert result.code == 1, (args, result.code, result.stderr)
        assert f"{bad}" in result.stderr and where in result.stderr, result.stderr
        assert "internal error" not in result.stderr


def test_lint_goes_on_past_a_bad_file_and_names_each(tmp_path: Path,
                                                     cli: Callable[..., CliResult]) -> None:
    binary = tmp_path / "binary.cfg"
    binary.write_text("#\nsysname R\x01\nreturn\n")
    fifo = tmp_path / "fifo.cfg"
    os.mkfifo(fifo)
    unknown = tmp_path / "unknown.cfg"
    # issue 10: a line vrpgen does not model is a note; a known command out of place an error
    unknown.write_text("#\nsysname R1\nip address 10.0.0.1 255.0.0.0\nreturn\n")
    result = _in_thread(lambda: cli("lint", binary, fifo, R1, unknown, tmp_path / "none.cfg"))
    assert result.code == 1
    lines = result.stderr.splitlines()
    assert any(line.startswith(f"{binary}: line 2: control character") for line in lines)
    assert any(line.startswith(f"{fifo}: not a regular file") for line in lines)
    # a finding is lint's result (stdout); a file that cannot be read, an error (stderr)
    assert any(line.startswith(f"{unknown}:3: ") for line in result.stdout.splitlines())
    assert any(line.startswith(f"{tmp_path / 'none.cfg'}: cannot read") for line in lines)
    assert str(R1) not in result.stderr + result.stdout


# -- inventory folders ------------------------------------------------------------------------

def _inventory(tmp_path: Path) -> Path:
    inv = tmp_path / "inv"
    inv.mkdir()
    shutil.copy(SEED / "lab.yml", inv / "lab.yml")
    return inv


@pytest.mark.parametrize("kind", ["broken", "loop", "fifo", "dir"])
def test_an_inventory_file_that_cannot_be_read_is_a_located_error(tmp_path: Path,
                                                                   kind: str) -> None:
    inv = _inventory(tmp_path)
    extra = inv / "extra.yml"
    if kind == "broken":
        extra.symlink_to(tmp_path / "gone.yml")
    elif kind == "loop":
        extra.symlink_to(extra)
    elif kind == "fifo":
        os.mkfifo(extra)
    else:
        extra.mkdir()
    with pytest.raises(YamlError) as info:
        _in_thread(lambda: load(inv))
    assert f"{extra}:1:1: " in str(info.value)


def test_a_fifo_given_as_the_inventory(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    fifo = tmp_path / "inv.yml"
    os.mkfifo(fifo)
    result = _in_thread(lambda: cli("validate", fifo))
    assert result.code == 1
    assert "not a regular file or directory" in result.stderr
    assert "does not exist" not in result.stderr


# -- all-or-nothing writes --------------------------------------------------------------------

def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.rglob("*") if p.name.startswith("."))


def test_a_directory_in_the_way_writes_nothing(tmp_path: Path,
                                               cli: Callable[..., CliResult]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "R1.cfg").write_text("previous R1\n")
    (out / "R2.cfg").mkdir()
    result = cli("render", SEED, "-o", out)
    assert result.code == 1, result.stderr
    assert "R2.cfg" in result.stderr and "internal error" not in result.stderr
    assert (out / "R1.cfg").read_text() == "previous R1\n"
    assert sorted(p.name for p in out.iterdir()) == ["R1.cfg", "R2.cfg"]  # no calico/, no SW1


def test_an_interrupt_while_renaming_restores_the_previous_set(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "R1.cfg").write_text("previous R1\n")
    real = os.replace
    calls = []

    def replace(src: Any, dst: Any) -> None:
        calls.append(dst)
        if len(calls) == 3:
            raise KeyboardInterrupt
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        pipeline.render_to(out, SEED)
    monkeypatch.undo()
    assert sorted(p.name for p in out.iterdir()) == ["R1.cfg"]
    assert (out / "R1.cfg").read_text() == "previous R1\n"
    assert _leftovers(tmp_path) == []


def test_an_interrupt_while_staging_leaves_no_temporary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "new" / "out"
    real = os.fsync
    calls = []

    def fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(KeyboardInterrupt):
        pipeline.render_to(out, SEED)
    assert list(tmp_path.iterdir()) == []  # not even the directories this run created


def test_a_failing_rename_is_an_output_error_and_rolls_back(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "SW1.cfg").write_text("previous SW1\n")
    real = os.replace

    def replace(src: Any, dst: Any) -> None:
        if str(dst).endswith("SW1.cfg"):
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OutputError, match=r"SW1\.cfg: No space left"):
        pipeline.render_to(out, SEED)
    assert sorted(p.name for p in out.iterdir()) == ["SW1.cfg"]
    assert (out / "SW1.cfg").read_text() == "previous SW1\n"


def test_write_plan_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text("old\n")
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        pipeline.write_plan(plan, pipeline.Preview({}, []))
    assert plan.read_text() == "old\n" and _leftovers(tmp_path) == []


def test_backup_interrupted_keeps_finished_devices_and_no_temporary(tmp_path: Path) -> None:
    devices = [Target(f"D{i}", "127.0.0.1", 22, "vrp5") for i in range(4)]

    def fetch(target: Target, credentials: Credentials) -> str:
        if target.name == "D1":
            raise KeyboardInterrupt
        return "#\nsysname " + target.name + "\nreturn\n"

    with pytest.raises(KeyboardInterrupt):
        backup_mod.backup(devices, Credentials("u", "p"), tmp_path, fetch, workers=1)
    assert (tmp_path / "D0.cfg").read_text().startswith("#\nsysname D0")
    assert not (tmp_path / "D2.cfg").exists() and not (tmp_path / "D3.cfg").exists()
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("call", ["fsync", "link", "replace", "mkdir"])
@pytest.mark.parametrize("nth", [1, 2, 3])
def test_an_interrupt_at_any_step_leaves_the_previous_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: str, nth: int) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "R1.cfg").write_text("previous R1\n")
    (out / "SW1.cfg").write_text("previous SW1\n")
    target: Any = Path if call == "mkdir" else os
    real = getattr(target, call)
    calls = []

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        if len(calls) == nth:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(target, call, interrupted)
    try:
        pipeline.render_to(out, SEED)
    except KeyboardInterrupt:
        pass
    else:
        assert len(calls) < nth  # fewer steps of this kind than nth: the run completed
        return
    monkeypatch.undo()
    assert sorted(p.name for p in out.iterdir()) == ["R1.cfg", "SW1.cfg"]
    assert (out / "R1.cfg").read_text() == "previous R1\n"
    assert (out / "SW1.cfg").read_text() == "previous SW1\n"
    assert _leftovers(tmp_path) == []


def test_a_long_file_name_still_gets_a_legal_temporary(tmp_path: Path) -> None:
    path = tmp_path / ("S" * 246 + ".cfg")  # 250 bytes: legal, but not with a suffix added
    files.write_all({path: "x\n", tmp_path / "a.cfg": "y\n"})
    assert path.read_text() == "x\n" and _leftovers(tmp_path) == []


def test_diff_running_refuses_a_fifo_by_name(tmp_path: Path,
                                             cli: Callable[..., CliResult]) -> None:
    running = tmp_path / "running"
    running.mkdir()
    for name in ("R1", "R2", "SW1"):
        shutil.copy(REPO / "tests" / "golden" / "seed" / f"{name}.cfg", running / f"{name}.cfg")
    (running / "R2.cfg").unlink()
    os.mkfifo(running / "R2.cfg")
    result = _in_thread(lambda: cli("diff", SEED, "--running", running))
    assert result.code == 1, result.stderr
    assert f"{running / 'R2.cfg'}: not a regular file" in result.stderr


def test_a_large_write_is_flushed_once_before_any_rename(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past FSYNC_EACH_UP_TO files, one sync() replaces an fsync per file (10,000 configs:
    16.7 s → 1.9 s); it comes after every temporary is written and before any rename, and an
    interrupt there leaves the previous files and no temporary."""
    count = files.FSYNC_EACH_UP_TO + 5
    out = tmp_path / "out"
    out.mkdir()
    (out / "d00.cfg").write_text("previous\n")
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(os, "replace", lambda a, b: (events.append("replace"),
                                                     real_replace(a, b))[1])

    def sync() -> None:
        staged = [p for p in out.iterdir() if p.name.endswith(".tmp")]
        events.append(f"sync {len(staged)}")
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "sync", sync)
    with pytest.raises(KeyboardInterrupt):
        files.write_all({out / f"d{i:02}.cfg": f"new {i}\n" for i in range(count)})
    assert events == ["fsync"] * files.FSYNC_EACH_UP_TO + [f"sync {count}"]
    assert sorted(p.name for p in out.iterdir()) == ["d00.cfg"]
    assert (out / "d00.cfg").read_text() == "previous\n"

    monkeypatch.setattr(os, "sync", lambda: events.append("sync"))
    events.clear()
    files.write_all({out / f"d{i:02}.cfg": f"new {i}\n" for i in range(count)})
    assert events.index("sync") < events.index("replace") and events.count("sync") == 1
    assert [(out / f"d{i:02}.cfg").read_text() for i in range(count)] == [
        f"new {i}\n" for i in range(count)]
