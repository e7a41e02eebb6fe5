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
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO, CliResult
from vrpgen.inventory.types import unsafe_char

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


# --- (d) hostile names, interface numbers and free text, rendered (issue 9) ------------------
#
# The seed lab with names, interface keys and texts an attacker (or a slip) would write: line
# and paragraph separators, C0/C1 controls, path parts, markup, huge numbers. `render -o DIR` must
# answer 0 or 1 with located errors; when it renders, no written line holds a control or
# separator character and every file is inside DIR.

SPLIT = ["\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
CONTROLS = ["\x00", "\x01", "\x1b", "\t", "\x7f", "\x80", "\x9b", "\x9f", "\u202e", "\u2066"]
PATH_PARTS = ["/", "\\", ".", "..", "../", "./", "~"]
MARKUP = ["[/]", "[bold]", "[red]x[/red]", ":100:", "%s", "{{ x }}", "${X}"]
ABSOLUTE = "@ABSOLUTE@"  # replaced by an absolute path in the sandbox
HOSTILE_NAMES = [
    "../../x", "../x", f"{ABSOLUTE}/x", "/etc/passwd", "a/b", "a\\b", ".", "..", ".hidden",
    "", "R1 extra", "R1[/]", "[bold]R1", "R\x00", "R1\nreturn\nsystem-view", "R1\u2028sysname X",
    "R1\x85x", "S" * 246, "S" * 247, "r1", "R-1", "R_1", "-R1", "R1.", "k8s-node-1", "n" * 250,
    "n" * 254, "Zürich", "R1:", "CON",
]
name_chars = st.sampled_from(["R", "r", "1", "_", "-", "a", " ", *SPLIT, *CONTROLS,
                              *PATH_PARTS, *MARKUP])
names = (st.sampled_from(HOSTILE_NAMES) | st.lists(name_chars, max_size=6).map("".join)
         | st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,12}", fullmatch=True))
numbers = (st.integers(0, 5000).map(str) | st.integers(0, 10**12).map(str)
           | st.sampled_from(["9" * 5000, "9" * 11, "0" * 30 + "1", "4294967296", "01"]))
ifnames = (st.sampled_from(["Vlanif0", "Vlanif4094", "Vlanif4095", "Vlanif99999",
                            "LoopBack1.7", "NULL0", "NULL1", "NULL0.1", "GE0/0/1.100",
                            "Eth-Trunk1", "Eth-Trunk10.1", "MEth0/0/1.1", "GE0/0/01"])
           | st.tuples(st.sampled_from(["Vlanif", "LoopBack", "GE0/0/", "Eth-Trunk", "NULL",
                                        "GE0/0/1.", "Vlanif10.", "LoopBack0."]),
                       numbers).map("".join))
free_text = (st.lists(st.sampled_from(["up", "link", " ", "sysname X", "return", *SPLIT,
                                       *CONTROLS, *MARKUP, "é", "机"]) | st.text(max_size=3),
                      max_size=8).map("".join))


def _rename(document: dict[str, Any], section: tuple[str, ...], old: str, new: str) -> None:
    """Rename a device or node and every reference to it (so that the name gets far)."""
    parent = document
    for part in section:
        parent = parent[part]
    if old not in parent or new in parent:
        return
    parent[new] = parent.pop(old)
    for node in document["k8s"]["nodes"].values():
        node["peers"] = [new if p == old else p for p in node.get("peers", [])]
    for session in document["bgp"]["sessions"]:
        session["between"] = [new if e == old else e for e in session["between"]]


def _set_group(document: dict[str, Any], value: str) -> None:
    document["groups"][value] = {"role": "switch"}
    if "SW1" in document["devices"]:
        document["devices"]["SW1"]["groups"] = [value]


def _set_peer(document: dict[str, Any], value: str) -> None:
    document["devices"]["R1"]["bgp"]["peers"] = {
        "10.0.0.9": {"as": 65009, "ebgp_max_hop": 2, "connect_interface": value}}


def _first_port(document: dict[str, Any]) -> dict[str, Any]:
    port: dict[str, Any] = next(iter(document["devices"]["R1"]["interfaces"].values()))
    return port


HOSTILE: dict[str, Callable[[dict[str, Any], str], None]] = {
    "device": lambda d, v: _rename(d, ("devices",), "SW1", v),
    "router": lambda d, v: _rename(d, ("devices",), "R1", v),
    "node": lambda d, v: _rename(d, ("k8s", "nodes"), "k8s-node-1", v),
    "group": _set_group,
    "interface": lambda d, v: d["devices"]["R1"]["interfaces"].update({v: {}}),
    "interface-ip": lambda d, v: d["devices"]["R1"]["interfaces"].update(
        {v: {"ip": "10.77.0.1/24"}}),
    "connect-interface": _set_peer,
    "description": lambda d, v: _first_port(d).update({"description": v}),
    "session-description": lambda d, v: d["bgp"]["sessions"][0].update({"description": v}),
    "vlan": lambda d, v: d["vlans"].update({10: {"name": v, "description": v}}),
    "sysname": lambda d, v: d["devices"]["R2"].update({"sysname": v}),
    "host": lambda d, v: d["devices"]["R2"]["mgmt"].update({"host": v}),
}


NAME_KINDS = ["device", "router", "node", "group"]
RENAMES = {"device", "router", "node"}
IFNAME_KINDS = ["interface", "interface-ip", "connect-interface"]
TEXT_KINDS = ["description", "session-description", "vlan", "sysname", "host"]
hostile_changes = st.lists(
    st.tuples(st.sampled_from(NAME_KINDS), names)
    | st.tuples(st.sampled_from(IFNAME_KINDS), ifnames)
    | st.tuples(st.sampled_from(TEXT_KINDS), free_text),
    min_size=1, max_size=3)

HOSTILE_MIN_TRIED = 150


def _assert_rendered_safely(out: Path, sandbox: Path, inventory: Path, escape: Path) -> None:
    root = out.resolve()
    for item in sandbox.rglob("*"):
        if item in (inventory, out):
            continue
        assert item.resolve().is_relative_to(root), f"written outside {out}: {item}"
        if item.is_file():
            text = item.read_text(encoding="utf-8")
            for number, line in enumerate(text.split("\n"), 1):
                bad = unsafe_char(line)
                assert bad is None, f"{item.name}:{number}: {bad!r} in {line!r}"
    assert not escape.exists(), f"something was written to {escape}"


def test_hostile_inventories_render_safely(cli: Cli, workdir: Path) -> None:
    tried, rendered = [0], [0]

    @settings(SETTINGS, max_examples=HOSTILE_MIN_TRIED + 20)
    @given(changes=hostile_changes)
    @example(changes=[("device", "R1\nreturn\nsystem-view")])  # injected lines via sysname
    @example(changes=[("device", "../../x")])  # written outside -o DIR
    @example(changes=[("router", f"{ABSOLUTE}/x")])  # an absolute path as a name
    @example(changes=[("device", "a/b")])  # written below DIR
    @example(changes=[("device", "")])  # DIR/.cfg
    @example(changes=[("device", "R\x00")])  # NUL: exit 3 at render
    @example(changes=[("device", "S" * 247)])  # over 255 bytes as a file name
    @example(changes=[("device", "R1 extra")])  # sysname R1 extra
    @example(changes=[("interface", "Vlanif" + "9" * 5000)])  # int() of 5000 digits: exit 3
    @example(changes=[("interface", "Vlanif0"), ("interface", "LoopBack1.7")])
    @example(changes=[("connect-interface", "NULL0")])
    @example(changes=[("description", "up\u2028sysname X")])  # U+2028 splits the preview
    @example(changes=[("vlan", "a\x85b")])
    @example(changes=[("node", "n" * 250)])  # a 256-character BGPPeer name
    @example(changes=[("router", "R_2"), ("device", "R-2")])  # one BGPPeer slug
    def run(changes: list[tuple[str, str]]) -> None:
        tried[0] += 1
        document = copy.deepcopy(SEED_DATA)
        sandbox = Path(tempfile.mkdtemp(dir=workdir, prefix="hostile-"))
        escape = sandbox / "escaped"  # absolute names point here, outside out/
        # renames last, so that the other changes find R1, R2 and SW1
        for kind, value in sorted(changes, key=lambda c: c[0] in RENAMES):
            HOSTILE[kind](document, value.replace(ABSOLUTE, str(escape)))
        try:
            inventory = sandbox / "lab.yml"
            out = sandbox / "out"
            inventory.write_text(dump(document), encoding="utf-8")
            result = cli("render", inventory, "-o", out)
            assert_clean(result, inventory)
            if result.code == 0:
                rendered[0] += 1
                _assert_rendered_safely(out, sandbox, inventory, escape)
        finally:
            shutil.rmtree(sandbox, ignore_errors=True)

    run()
    assert tried[0] >= HOSTILE_MIN_TRIED, f"only {tried[0]} hostile inventories tried"
    # some must get through to the files, or the second half of the property is untested
    assert rendered[0] >= HOSTILE_MIN_TRIED // 10, f"only {rendered[0]} rendered"
