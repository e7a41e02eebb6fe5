"""The lint fast path (vrp/lint_fast.py) answers exactly as the full tree lint (`lint_tree`):
the same issues, lines and texts, or the same error, on goldens, corpus configs and mutations of
both, on every platform and model; and its caches never carry a verdict to another platform or
model."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.shared_data import need_shared
from vrpgen.errors import VrpgenError
from vrpgen.vrp import lint_fast
from vrpgen.vrp.lint import LintIssue, lint, lint_tree

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = sorted(p for p in (ROOT / "tests" / "golden").glob("**/*.cfg")
                if p.parent.name != "calico")
# (platform, model): a model implies its platform; one model of each family (vrp/models.py)
TARGETS = [("vrp5", None), ("vrp8", None), ("vrp5", "s5700"), ("vrp5", "ar2200"),
           ("vrp8", "ce6800"), ("vrp8", "ne40e")]

Outcome = list[LintIssue] | tuple[str, str]


def outcome(fn: object, text: str, platform: str, model: str | None) -> Outcome:
    """The issues, or the error (type and message) the linter raises."""
    assert callable(fn)
    try:
        result: list[LintIssue] = fn(text, platform, model)
    except (VrpgenError, RecursionError) as exc:
        return type(exc).__name__, str(exc)
    return result


def assert_same(text: str, platform: str, model: str | None) -> Outcome:
    want = outcome(lint_tree, text, platform, model)
    got = outcome(lint, text, platform, model)
    assert got == want, f"{platform}/{model}:\n{text}"
    return want


def test_goldens_take_the_fast_path() -> None:
    """Rendered configs are what the fast path is for: if it stopped proving them clean, the
    render would silently lose its speed (issue 14)."""
    assert len(GOLDEN) > 30
    for path in GOLDEN:
        assert lint_fast.clean_interfaces(path.read_text()) is not None, path


@pytest.mark.parametrize("path", GOLDEN, ids=[f"{p.parent.name}-{p.name}" for p in GOLDEN])
def test_goldens_same_issues_on_every_target(path: Path) -> None:
    text = path.read_text()
    verdicts = [assert_same(text, platform, model) for platform, model in TARGETS]
    assert any(v == [] for v in verdicts)  # clean on its own platform
    # the other platform flags its port types (§4.3): both answers come out of the same caches
    assert any(v != [] for v in verdicts) or "interface" not in text


def _corpus() -> list[Path]:
    corpus = need_shared("vrp", "corpus")
    return sorted(corpus.glob("*/*.cfg"))


def _without_flagged(text: str, platform: str) -> str:
    """The text minus the lines the linter flags (a few rounds: removing a section header
    re-parents its body): real configs, made near-clean, so the fast path runs deep in them."""
    for _ in range(4):
        result = outcome(lint_tree, text, platform, None)
        if not isinstance(result, list) or not result:
            break
        flagged = {i.line for i in result}
        text = "\n".join(line for n, line in enumerate(text.split("\n"), start=1)
                         if n not in flagged)
    return text


def test_corpus_same_issues() -> None:
    paths = _corpus()
    assert paths
    cleaned = 0
    for path in paths:
        text = path.read_text(errors="replace")
        platform = path.parent.name
        for p, m in TARGETS:
            assert_same(text, p, m)
        near = _without_flagged(text, platform)
        for p, m in TARGETS:
            assert_same(near, p, m)
        cleaned += lint(near, platform) == []
    assert cleaned >= len(paths) // 2  # most come out clean: the fast path proved them


# Lines to insert, for every view: unknown, illegal here, not in display form, malformed,
# placements tree has rules for (sets, `vlan N` with the batch, AF options in the bgp view,
# ip-prefix without index), separators, and port types per platform (REFERENCE §4.3).
BAD_LINES = [
    "frobnicate", "ip address 10.0.0.1 255.0.0.0", "ip address 10.0.0.1 24",
    "network 10.0.0.0 0.0.0.255", "peer 1.1.1.1 enable", "peer 1.1.1.1 as-number 65000",
    "port link-typ trunk", "port link-type trunkk", "port link-type trunk",
    "interface Vlanif5000", "interface nve 1", "interface Nve1", "interface 10GE1/0/9",
    "interface GigabitEthernet0/0/9", "interface Ethernet0/0/9", "interface GE1/0/9",
    "undo port trunk allow-pass vlan 1", "port trunk allow-pass vlan 10 to 12",
    "port trunk allow-pass vlan 10 12", "vlan batch 10 20", "vlan 1", "vlan 30", "vlan 30 ",
    "ip ip-prefix P permit 10.0.0.0 8", "ip ip-prefix P index 10 permit 10.0.0.0 8",
    "undo shutdown", "shutdown", "description x", "return", "#", "ipv4-family unicast",
    "area 0.0.0.0", "area 0", "ospf 1", "bgp 100", "portswitch", "undo portswitch", "quit",
    "!Software Version V200R001C00", "public-key-code begin", "public-key-code end",
    "sysname x", "undo synchronization", "\tdescription tab",
]


def _mutate(lines: list[str], rng: random.Random) -> str:
    out = list(lines)
    at = rng.randrange(len(out))
    line = out[at]
    indent = len(line) - len(line.lstrip(" "))
    kind = rng.randrange(12)
    if kind == 0:
        del out[at]
    elif kind == 1:
        out.insert(at, line)  # a duplicate line: tree merges or replaces
    elif kind == 2:
        out[at] = " " + line  # one level deeper
    elif kind == 3:
        out[at] = line[1:] if indent else line  # one level up
    elif kind == 4 and at + 1 < len(out):
        out[at], out[at + 1] = out[at + 1], out[at]
    elif kind in (5, 6, 7):
        out.insert(at, " " * (indent + rng.choice((0, 0, 1))) + rng.choice(BAD_LINES))
    elif kind == 8:
        cut = rng.randrange(len(line) + 1)
        out[at] = line[:cut] + rng.choice((" ", "  ", "\t", " x", "\r", "\r\n", "\x00", "\x07")) \
            + line[cut:]
    elif kind == 9:
        words = line.split(" ")
        words[-1] = words[-1][:3]  # an abbreviated last word: not display form, or wrong
        out[at] = " ".join(words)
    elif kind == 10:
        out[at] = line + " " + "9" * 300  # a number no VRP value has: parse refuses the text
    else:
        out = out[:at]  # cut short
    return "\n".join(out)


def _bases() -> list[str]:
    return [p.read_text() for p in GOLDEN]


@pytest.mark.parametrize("seed", range(4))
def test_mutated_goldens_same_issues(seed: int) -> None:
    rng = random.Random(seed)
    flagged = 0
    for text in _bases():
        lines = text.split("\n")
        for _ in range(12):
            mutated = _mutate(lines, rng)
            for _ in range(2):
                platform, model = rng.choice(TARGETS)
                flagged += assert_same(mutated, platform, model) != []
    assert flagged > 100  # the mutations do find issues: the comparison is not only of []


def test_mutated_corpus_same_issues() -> None:
    rng = random.Random(7)
    for path in _corpus():
        near = _without_flagged(path.read_text(errors="replace"), path.parent.name)
        lines = near.split("\n")
        for _ in range(15):
            mutated = _mutate(lines, rng)
            platform, model = rng.choice(TARGETS)
            assert_same(mutated, platform, model)


PORT = "#\ninterface 10GE1/0/1\n"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        (PORT + " frobnicate\n", 3, "not modelled"),  # unknown in the interface view
        (PORT + " description x\n  frobnicate\n", 4, "not modelled"),  # under a leaf
        ("#\nospf 1\n network 10.0.0.0 0.0.0.255\n", 3, "legal in: ospf-area"),
        ("#\nbgp 100\n peer 1.1.1.1 enable\n", 3, "legal in: bgp-af"),
        (PORT + " port link-type trunk\n port link-typ access\n", 4, "display form"),
        (PORT + " description x\n description y\n", 0, ""),  # y replaces x: one line, clean
        (PORT + " description a\r frobnicate\n", 4, "not modelled"),  # a CR ends a line
        (PORT + " description a\x00b\n", 3, "display form"),  # parse drops NULs
        # the same key in two sections: tree keeps the first line with the second's text
        ("#\nospf 1 router-id 1.1.1.1\n area 0.0.0.0\n#\nospf 1\n", 2, "display form"),
        # `# ` (trailing space) is a separator too: the header after it follows a command
        ("#\nsysname x\n# \n!Software Version V200\n", 4, "not modelled"),
    ],
)
def test_known_issues_inside_a_clean_config(text: str, line: int, fragment: str) -> None:
    """One bad line in an otherwise clean config is reported as the tree lint reports it."""
    got = assert_same(text + "#\nreturn\n", "vrp8", None)
    if not fragment:
        assert got == []  # the tree lint sees one line: the fast path must not differ…
        assert lint_fast.clean_interfaces(text) is None  # …it leaves duplicates to the tree
        return
    assert isinstance(got, list) and got
    assert got[0].line == line and fragment in got[0].message


def test_header_lines_depend_on_what_came_before() -> None:
    """A header line is skipped before the first command only (REFERENCE §3.2): the same
    section text, first at the top of one config then after a command in another, is linted
    each time as the tree lint does (no verdict kept from the first)."""
    section = "!Software Version V200R001C00\ninterface LoopBack0"
    first = assert_same(f"{section}\n#\nreturn\n", "vrp8", None)
    later = assert_same(f"#\nsysname y\n#\n{section}\n#\nreturn\n", "vrp8", None)
    assert first == []
    assert isinstance(later, list) and [i.line for i in later] == [4]


def test_errors_are_the_same() -> None:
    for text in ("#\ninterface LoopBack0\n description \x01\n#\n",
                 "#\nsysname " + "1" * 300 + "\n#\n",
                 "!V" + "1" * 300 + "\n#\nsysname x\n#\n",  # a header: never classified
                 "frobnicate\nmore\n",
                 "!Software Version V200R001C00\n",  # headers only: not a configuration
                 "#\n" + "".join(" " * d + "bgp 100\n" for d in range(40))):
        got = assert_same(text, "vrp8", None)
        assert isinstance(got, tuple), text


def test_no_verdict_leaks_across_platforms() -> None:
    """The same text, linted clean on one platform, still has its error on the other (§4.3),
    whichever comes first."""
    ce = "#\ninterface 10GE1/0/1\n undo shutdown\n#\nreturn\n"
    s = "#\ninterface Ethernet0/0/1\n shutdown\n#\nreturn\n"
    for _ in range(2):
        assert lint(ce, "vrp8") == []
        assert [(i.line, i.severity) for i in lint(ce, "vrp5")] == [(2, "error")]
        assert lint(s, "vrp5") == []
        assert [(i.line, i.severity) for i in lint(s, "vrp8")] == [(2, "error")]


def test_no_verdict_leaks_across_models() -> None:
    """Per model (REFERENCE §4.3, vrp/ifname.py families): GE exists on CE, not on NE40E;
    GigabitEthernet on NE40E, not on CE6800; Vlanif on S, not on AR. `portswitch` lines
    (§4.4) are linted the same on each family: the answer is the tree lint's, in any order."""
    cases = [("GE1/0/1", "ce6800", "ne40e"), ("GigabitEthernet0/0/1", "ne40e", "ce6800"),
             ("Vlanif10", "s5700", "ar2200")]
    for name, good, bad in cases:
        text = f"#\ninterface {name}\n portswitch\n undo portswitch\n#\nreturn\n"
        for model in (good, bad, good, None):
            assert_same(text, "vrp8", model)
        assert lint(text, "vrp5", good) == []
        issues = lint(text, "vrp5", bad)
        assert [(i.line, i.severity) for i in issues] == [(2, "error")]
        assert bad.upper() in issues[0].message
        assert lint(text, "vrp5", good) == []


def test_cache_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Unique lines (addresses, descriptions) would grow the cache without end at 10k devices:
    it is emptied when full, and answers stay right across the emptying."""
    monkeypatch.setattr(lint_fast, "_LINES_MAX", 50)
    monkeypatch.setattr(lint_fast, "_CHUNKS_MAX", 20)
    lint_fast._LINES.clear()
    lint_fast._CHUNKS.clear()
    for n in range(200):
        text = (f"#\nsysname r{n}\n#\ninterface LoopBack0\n description loop {n}\n"
                f" ip address 10.0.{n}.1 255.255.255.255\n#\nreturn\n")
        assert lint(text, "vrp8") == []
        assert len(lint_fast._LINES) <= 50
        assert len(lint_fast._CHUNKS) <= 20
    bad = "#\ninterface LoopBack0\n ip address 10.0.0.1 32\n#\nreturn\n"
    assert [i.severity for i in lint(bad, "vrp8")] == ["form"]
    lint_fast._LINES.clear()
    lint_fast._CHUNKS.clear()
