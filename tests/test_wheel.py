"""The built wheel works on its own: templates and all, outside the repository.

Builds the wheel, installs it (without dependencies) into a fresh venv and renders the seed
inventory from a working directory outside the repo. Dependencies come from the project's
venv through PYTHONPATH, so no network is needed beyond what the build backend needs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import jinja2
import pytest

from tests.conftest import GOLDEN, REPO
from vrpgen.pipeline import render_inventory

TIMEOUT = 600


def run(cmd: list[str | Path], *, cwd: Path, env: dict[str, str] | None = None,
        ) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True,
                            text=True, timeout=TIMEOUT, check=False)
    assert result.returncode == 0, (
        f"{' '.join(map(str, cmd))} failed ({result.returncode}):\n"
        f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}")
    return result


def dependencies_dir() -> Path:
    """The sys.path entry of this interpreter that holds jinja2 (and the other dependencies)."""
    site = Path(jinja2.__file__).resolve().parent.parent
    assert str(site) in {str(Path(p).resolve()) for p in sys.path if p}
    # An editable install leaves at most site-packages/vrpgen/templates (no __init__.py): a
    # namespace portion, which the regular package of the fresh venv takes precedence over.
    assert not (site / "vrpgen" / "__init__.py").exists(), f"{site} holds vrpgen: it would shadow"
    return site


@pytest.mark.slow
def test_installed_wheel_renders_the_seed_outside_the_repo(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", dist, REPO],
        cwd=tmp_path)
    [wheel] = dist.glob("vrpgen-*.whl")

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False, clear=True).create(env_dir)
    python = env_dir / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--quiet",
         wheel], cwd=tmp_path)

    work = tmp_path / "work"  # outside the repo: no ./templates, no ./inventory
    work.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "VRPGEN_DEBUG")}
    env["PYTHONPATH"] = str(dependencies_dir())
    env["PYTHONNOUSERSITE"] = "1"

    where = run([python, "-c", "import vrpgen; print(vrpgen.__file__)"], cwd=work, env=env)
    module = Path(where.stdout.strip()).resolve()
    assert module.is_relative_to(env_dir.resolve()), f"vrpgen imported from {module}"
    assert not module.is_relative_to(REPO), f"vrpgen imported from the repo: {module}"
    assert (module.parent / "templates" / "device.j2").is_file(), "templates not in the wheel"

    out = tmp_path / "out"
    run([python, "-m", "vrpgen", "render", REPO / "inventory", "-o", out], cwd=work, env=env)
    rendered = (out / "R1.cfg").read_text(encoding="utf-8")
    # First the packaging property: the wheel renders what the checkout renders...
    assert rendered == render_inventory(REPO / "inventory").configs["R1"], \
        "the installed wheel renders R1 differently from the checkout"
    # ...then the reviewed golden file.
    expected = (GOLDEN / "seed" / "R1.cfg").read_text(encoding="utf-8")
    assert rendered == expected, "R1.cfg from the installed wheel differs from tests/golden/seed"
