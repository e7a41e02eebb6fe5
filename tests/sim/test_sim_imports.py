"""The simulator's import contract (DESIGN "Layout"): vrp/ statically, never push/ or cli/."""

from __future__ import annotations

import ast
from pathlib import Path

SIM = Path(__file__).resolve().parents[2] / "vrpgen" / "sim"


def imported(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_sim_imports_neither_push_nor_cli_nor_importlib() -> None:
    for path in sorted(SIM.glob("*.py")):
        for name in imported(path):
            assert not name.startswith(("vrpgen.push", "vrpgen.cli")), f"{path.name}: {name}"
            assert name != "importlib", f"{path.name}: dynamic imports"
