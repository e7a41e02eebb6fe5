"""The CLI shell's output filters: `| include/exclude/begin RE` and the VRP8 candidate diff.

Fragments of the configuration itself (an interface, a section, `display this`) come from the
config tree, `vrpgen.vrp.display`. Texts are display form ("\\n" line ends).
"""

from __future__ import annotations

import difflib
import re


def apply_filter(text: str, how: str, pattern: re.Pattern[str]) -> str:
    """`| include RE`, `| exclude RE`, `| begin RE` (§2.1)."""
    lines = text.splitlines()
    if how == "include":
        lines = [ln for ln in lines if pattern.search(ln)]
    elif how == "exclude":
        lines = [ln for ln in lines if not pattern.search(ln)]
    else:
        for i, ln in enumerate(lines):
            if pattern.search(ln):
                lines = lines[i:]
                break
        else:
            lines = []
    return "\n".join(lines)


def candidate_changes(running: str, candidate: str) -> str:
    """`display configuration candidate changes` (§1.1): a +/- diff of the uncommitted edits."""
    diff = difflib.unified_diff(running.splitlines(), candidate.splitlines(), lineterm="", n=1)
    return "\n".join(ln for ln in diff if not ln.startswith(("---", "+++", "@@")))
