"""Property tests: whatever YAML `vrpgen validate` is fed, it answers cleanly.

Random text and bytes, random YAML documents and mutations of the seed inventory must give
exit 0 or 1, never a traceback or an "internal error", and every line of stderr that is not a
hint must start with `<file>:<line>:<column>: ` (errors and warnings alike).

The `@example`s are minimal inputs that broke this property when the tests were written (exit 3
on control characters and tagged values, a key's line break splitting a located line, rich's
emoji codes eating `:100:`); they are replayed on every run as regressions.
"""

from __future__ import annotations

import copy
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO, CliResult

SEED = REPO / "inventory" / "lab.yml"
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large],
)

Cli = Callable[..., CliResult]


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="vrpgen-fuzz-") as name:
        yield Path(name)


def validate(cli: Cli, path: Path, content: str | bytes) -> CliResult:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return cli("validate", path)


def assert_clean(result: CliResult, path: Path) -> None:
    """The property every input must satisfy."""
    report = f"exit {result.code}\n--- stderr ---\n{result.stderr}\n--- stdout ---\n{result.stdout}"
    assert result.code in (0, 1), report
    assert "Traceback" not in result.stderr, report
    assert "internal error" not in result.stderr, report
    located = re.compile(re.escape(str(path)) + r":\d+:\d+: ")
    # Lines as a terminal shows them: only \n breaks a line (rich drops \r).
    for line in result.stderr.split("\n"):
        if not line or line.startswith("  hint: "):
            continue
        assert located.match(line), f"line without file:line:column: {line!r}\n{report}"
    if result.code == 1:
        assert result.stderr.strip(), report


# --- (a) random text and bytes ---------------------------------------------------------------

# Fragments that make random text look like YAML often enough to reach past the parser.
TOKENS = [
    "\n", "\n  ", "\n    ", "  ", ": ", ":", "- ", "-", "{", "}", "[", "]", ", ", "'", '"',
    "#", "? ", "|", ">", "&a ", "*a", "!", "!!", "!!str ", "!!int ", "!!float ", "!!bool ",
    "!!binary ", "!!timestamp ", "!!null ", "!!map ", "!!seq ", "!!set ", "!foo ", "%YAML 1.1\n",
    "---\n", "...\n", "<<: ", "~", "null", "yes", "no", "1.10", "0x1f", "0o17", "1e3", ".inf",
    ".nan", "2001-12-14", "devices", "groups", "vlans", "bgp", "k8s", "defaults", "role",
    "router", "switch", "interfaces", "GE0/0/1", "ip", "10.0.0.1/24", "as", "64512",
    "sessions", "between", "nodes", "\t", "\\", "\x00", "\x85", "\u2028", "\ufeff", "é",
]

yamlish = st.lists(st.sampled_from(TOKENS) | st.text(max_size=4), max_size=40).map("".join)


@SETTINGS
@given(text=st.text(max_size=200) | yamlish)
@example(text="devices:\x01 {}\n")  # control character: ReaderError escapes (exit 3)
@example(text="devices: !foo bar\n")  # unknown tag: ConstructorError escapes (exit 3)
@example(text="devices: !!int abc\n")  # ValueError from int() escapes (exit 3)
@example(text="devices: !!bool maybe\n")  # KeyError escapes (exit 3)
@example(text="devices: !!timestamp x\n")  # AttributeError escapes (exit 3)
# An error on line 100: rich turns "lab.yml:100:16:" into "lab.yml💯16:" (emoji codes).
@example(text="\n" * 99 + "devices: {R1: {role: foo}}\n")
def test_random_text(text: str, cli: Cli, workdir: Path) -> None:
    path = workdir / "text.yml"
    assert_clean(validate(cli, path, text), path)


@SETTINGS
@given(data=st.binary(max_size=200), decode=st.booleans())
@example(data=b"\x00", decode=True)  # NUL: ReaderError escapes (exit 3)
def test_random_bytes(data: bytes, decode: bool, cli: Cli, workdir: Path) -> None:
    """Bytes decoded as UTF-8 with replacement, or written raw (then maybe not UTF-8)."""
    path = workdir / "bytes.yml"
    content = data.decode("utf-8", errors="replace") if decode else data
    assert_clean(validate(cli, path, content), path)


# --- (b) random YAML documents ---------------------------------------------------------------

FIELDS = ["role", "platform", "mgmt", "host", "port", "vlans", "loopback", "interfaces", "ip",
          "ospf", "area", "cost", "silent", "bgp", "as", "router_id", "peers", "groups",
          "sysname", "description", "access_vlan", "trunk_vlans", "pvid", "shutdown",
          "process", "network_style", "connect_interface", "ebgp_max_hop", "reflect_client",
          "name", "sessions", "between", "via", "reflector", "nodes", "address"]
WORDS = ["router", "switch", "vrp5", "vrp8", "loopback", "interface", "host", "subnet", "R1",
         "R2", "SW1", "n1", "GE0/0/1", "GE0/0/2", "Vlanif10", "LoopBack0", "Eth-Trunk1",
         "10.0.0.1/24", "10.0.0.2/24", "1.1.1.1/32", "1.1.1.1", "10.0.0.5", "0.0.0.0",
         "1.10", "10-20", "10 to 20", "64512"]

scalars = (st.none() | st.booleans() | st.integers(-5, 70000) | st.integers()
           | st.floats(allow_nan=True) | st.text(max_size=12) | st.sampled_from(WORDS)
           | st.binary(max_size=4) | st.dates())
keys = st.sampled_from(FIELDS) | st.sampled_from(WORDS) | st.text(max_size=8) | st.integers(0, 5000)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=25,
)
sections = st.fixed_dictionaries({}, optional={
    "defaults": values, "groups": st.dictionaries(st.sampled_from(["routers", "switches"]),
                                                  values, max_size=2),
    "vlans": st.dictionaries(st.integers(0, 4100) | keys, values, max_size=3),
    "devices": st.dictionaries(st.sampled_from(["R1", "R2", "SW1"]) | keys,
                               st.dictionaries(st.sampled_from(FIELDS), values, max_size=6),
                               max_size=3),
    "bgp": values, "k8s": values,
})
documents = sections | st.dictionaries(keys, values, max_size=4) | values


def dump(document: Any) -> str:
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


@SETTINGS
@given(document=documents)
@example(document={"a\nb": 1})  # a key with a line break splits the located line in two
def test_random_documents(document: Any, cli: Cli, workdir: Path) -> None:
    path = workdir / "doc.yml"
    assert_clean(validate(cli, path, dump(document)), path)


# --- (c) mutations of the seed inventory -----------------------------------------------------

SEED_TEXT = SEED.read_text(encoding="utf-8")
SEED_DATA = yaml.safe_load(SEED_TEXT)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*prefix, i))
    return out


SEED_PATHS = _paths(SEED_DATA)


def _parent(document: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        document = document[part]
    return document


def _delete(document: Any, path: tuple[Any, ...], _: Any) -> Any:
    del _parent(document, path)[path[-1]]
    return document


def _replace(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    _parent(document, path)[path[-1]] = value
    return document


def _swap(document: Any, path: tuple[Any, ...], _: Any) -> Any:
    """A scalar becomes a list holding it; a list or mapping becomes a scalar string."""
    parent = _parent(document, path)
    old = parent[path[-1]]
    parent[path[-1]] = str(old) if isinstance(old, dict | list) else [old]
    return document


def _rename(document: Any, path: tuple[Any, ...], key: Any) -> Any:
    parent = _parent(document, path)
    if isinstance(parent, dict):
        parent[key] = parent.pop(path[-1])
    return document


structured = st.tuples(
    st.sampled_from([_delete, _replace, _swap, _rename]),
    st.sampled_from(SEED_PATHS),
    values | keys,
)


@settings(SETTINGS, max_examples=100)  # each example runs the whole pipeline on the seed
@given(mutations=st.lists(structured, min_size=1, max_size=4))
@example(mutations=[(_rename, ("defaults",), "de\nfaults")])  # key with a line break
def test_seed_structural_mutations(mutations: list[Any], cli: Cli, workdir: Path) -> None:
    document = copy.deepcopy(SEED_DATA)
    for mutate, path, value in mutations:
        try:
            document = mutate(document, path, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or reshaped this path
    path = workdir / "mutated.yml"
    assert_clean(validate(cli, path, dump(document)), path)


SEED_LINES = SEED_TEXT.splitlines(keepends=True)
line_numbers = st.integers(0, len(SEED_LINES) - 1)


def _text_mutation(draw: st.DrawFn, lines: list[str]) -> list[str]:
    i = draw(line_numbers) % max(len(lines), 1)
    kind = draw(st.sampled_from(["dup", "delete", "indent", "dedent", "insert", "blank",
                                 "value", "tag"]))
    if not lines:
        return [draw(yamlish)]
    line = lines[i]
    if kind == "dup":
        return [*lines[:i], line, *lines[i:]]
    if kind == "delete":
        return [*lines[:i], *lines[i + 1:]]
    if kind == "indent":
        return [*lines[:i], " " * draw(st.integers(1, 4)) + line, *lines[i + 1:]]
    if kind == "dedent":
        return [*lines[:i], line[draw(st.integers(1, 4)):], *lines[i + 1:]]
    if kind == "insert":
        return [*lines[:i], draw(yamlish) + "\n", *lines[i:]]
    if kind == "blank":  # shifts every later line number (error lines 100, 1234...)
        return [*lines[:i], "\n" * draw(st.integers(1, 120)), *lines[i:]]
    if ":" not in line:
        return lines
    head, _, _ = line.partition(":")
    if kind == "tag":
        new = draw(st.sampled_from(["!!int x", "!!bool maybe", "!!float y", "!!binary %",
                                    "!!timestamp z", "!custom 1", "!!str 1", "!!null ''"]))
    else:
        new = dump(draw(scalars)).removesuffix("...\n").strip().replace("\n", " ")
    return [*lines[:i], f"{head}: {new}\n", *lines[i + 1:]]


@st.composite
def textual_mutants(draw: st.DrawFn) -> str:
    lines = list(SEED_LINES)
    for _ in range(draw(st.integers(1, 4))):
        lines = _text_mutation(draw, lines)
    return "".join(lines)


@settings(SETTINGS, max_examples=100)  # each example runs the whole pipeline on the seed
@given(text=textual_mutants())
@example(text=SEED_TEXT.replace("platform: vrp5", "platform: !!int x", 1))  # exit 3
def test_seed_textual_mutations(text: str, cli: Cli, workdir: Path) -> None:
    path = workdir / "lab.yml"
    assert_clean(validate(cli, path, text), path)


def test_seed_itself_is_clean(cli: Cli, workdir: Path) -> None:
    path = workdir / "seed.yml"
    result = validate(cli, path, SEED_TEXT)
    assert result.code == 0, result.stderr
    assert_clean(result, path)
