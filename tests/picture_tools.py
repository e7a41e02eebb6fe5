"""System programs the picture tests need: Graphviz's `dot` and Debian's `chromium`. .ci/run
and the Makefile install them when missing. Outside CI a test that needs an absent one skips,
naming it; in CI (VRPGEN_REQUIRE_SHARED=1) it fails: the picture must be checked there."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from shared_data import REQUIRE_SHARED

INSTALL = {"dot": "graphviz", "chromium": "chromium"}


def need_tool(name: str) -> str:
    """The program's path; skips (fails in CI) when it is not installed."""
    found = shutil.which(name)
    if found is None:
        reason = (f"`{name}` is not installed (apt-get install {INSTALL.get(name, name)}; "
                  ".ci/run and `make test` install it)")
        if REQUIRE_SHARED:
            pytest.fail(f"CI: {reason}")
        pytest.skip(reason)
    return found


def dot_renders(dot_text: str, fmt: str = "svg") -> str:
    """`dot -T<fmt>` of the text: exit 0 and nothing on stderr, or the test fails."""
    done = subprocess.run([need_tool("dot"), f"-T{fmt}"], input=dot_text, text=True,
                          capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert not done.stderr.strip(), done.stderr  # no syntax warning either
    return done.stdout


def dump_dom(page: Path) -> str:
    """The DOM headless Chromium builds from the page (no Python dependency needed)."""
    done = subprocess.run([need_tool("chromium"), "--headless", "--no-sandbox", "--disable-gpu",
                           "--dump-dom", page.resolve().as_uri()],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "<html" in done.stdout, done.stderr[-2000:]
    return done.stdout


class Tags(HTMLParser):
    """Every tag and its attributes (text is data, not a reference: left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.declarations: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_decl(self, decl: str) -> None:
        self.declarations.append(decl)


def assert_self_contained(page: str) -> None:
    """Nothing to fetch: no script, no stylesheet or frame, no src/href/action that leaves the
    page, no url() in the CSS; the one declaration is the HTML doctype."""
    assert page.startswith("<!DOCTYPE html>")
    parser = Tags()
    parser.feed(page)
    assert parser.declarations == ["DOCTYPE html"]  # the SVG's DOCTYPE names a URL: left out
    names = {tag for tag, _ in parser.tags}
    assert not names & {"script", "link", "iframe", "object", "embed", "img", "image", "use"}
    for tag, attrs in parser.tags:
        for name, value in attrs:
            if name in ("src", "href", "xlink:href", "action", "srcset", "poster"):
                assert (value or "").startswith("#"), (tag, name, value)  # in-page anchors only
            assert not name.startswith("on"), (tag, name)  # no event handler
    style = page[page.index("<style>"):page.index("</style>")]
    assert not re.search(r"url\s*\(|@import", style)
