"""The layers hold in the code itself: the import contracts pass, and no module reaches another
through a dynamic or function-level import, which the contracts could not see."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "vrpgen"


def _hidden_imports(path: Path) -> list[str]:
    """Imports of vrpgen inside a function, and any importlib / __import__ use."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith("vrpgen"):
                    found.append(f"{path.name}:{inner.lineno}: import inside {node.name}()")
        # importlib.metadata (package versions) is fine; import_module is a dynamic import.
        if isinstance(node, ast.Import) and any(a.name == "importlib" for a in node.names):
            found.append(f"{path.name}:{node.lineno}: import importlib")
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("importlib") \
                and any(a.name == "import_module" for a in node.names):
            found.append(f"{path.name}:{node.lineno}: importlib.import_module")
        if isinstance(node, ast.Name) and node.id == "__import__":
            found.append(f"{path.name}:{node.lineno}: __import__")
    return found


def test_no_dynamic_or_function_level_imports_of_vrpgen() -> None:
    """Below the CLI, never. The CLI may defer loading a command's stages until the command
    runs (startup time): nothing imports cli (a contract), so no cycle can hide there."""
    found = [hit for path in sorted(PACKAGE.rglob("*.py")) for hit in _hidden_imports(path)
             if "import inside" not in hit or path.parent.name != "cli"]
    assert found == []


def test_the_checker_sees_a_hidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import importlib\nfrom importlib import import_module\n"
                      "from importlib import metadata\n\ndef f():\n"
                      "    from vrpgen.vrp import plan\n"
                      "    return importlib.import_module('vrpgen.sim')\n")
    assert len(_hidden_imports(sample)) == 3


def test_import_contracts_hold() -> None:
    """lint-imports with the contracts of pyproject.toml (also run by `make lint`)."""
    tool = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    if not Path(tool).exists():
        pytest.skip("import-linter is not installed (pip install -e '.[dev]')")
    done = subprocess.run([tool], cwd=PACKAGE.parent, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stdout[-3000:]
