"""DOT → SVG through Graphviz's `dot` (a system package, not a Python one): the one place
vrpgen runs it. The DOT text goes in on stdin; nothing of it reaches a command line."""

from __future__ import annotations

import re
import shutil
import subprocess

from vrpgen.errors import OutputError

INSTALL_HINT = ("install Graphviz (Debian/Ubuntu: apt-get install graphviz; macOS: brew "
                "install graphviz), or write .dot or .mmd instead")
TIMEOUT_S = 120.0  # a 2,000-device graph lays out in seconds; a hung `dot` must not hang us


class GraphvizError(OutputError):
    """`dot` is absent, failed or did not finish."""


class GraphvizMissingError(GraphvizError):
    """`dot` is not on PATH."""


def available() -> bool:
    return shutil.which("dot") is not None


def to_svg(dot_text: str) -> str:
    """The SVG document `dot -Tsvg` draws; a clear error when `dot` is absent or fails."""
    program = shutil.which("dot")
    if program is None:
        raise GraphvizMissingError(f"Graphviz's `dot` is not installed: {INSTALL_HINT}")
    try:
        done = subprocess.run([program, "-Tsvg"], input=dot_text.encode("utf-8"),
                              capture_output=True, timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise GraphvizError(f"Graphviz's `dot` did not finish in {TIMEOUT_S:.0f} s") from None
    except OSError as exc:
        raise GraphvizError(f"Graphviz's `dot` could not run: {exc.strerror}") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[:3]
        raise GraphvizError(f"Graphviz's `dot` failed (exit {done.returncode}): "
                          + " / ".join(reason))
    return done.stdout.decode("utf-8")


_PROLOGUE = re.compile(r"\A(?:\s*<\?xml[^>]*\?>|\s*<!DOCTYPE[^>]*>|\s*<!--.*?-->)*\s*", re.S)


def inline(svg: str) -> str:
    """An SVG document as an element to put inside HTML: without its XML declaration, DOCTYPE
    (which names a URL) and leading comments."""
    return _PROLOGUE.sub("", svg, count=1)
