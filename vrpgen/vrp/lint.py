"""Linter: every line a command the model knows, in a view where it is legal, in display form.

    lint(text, platform="vrp5", model=None) -> list[LintIssue]  (line, text, message, severity,
                                                                lines)

Three severities (issue 10):
- `error`: a command the model knows typed where it is not legal (`ip address` in the system
  view), a known command that is malformed (a value that is not one: `interface Vlanif5000`,
  a keyword one typo off: `port link-type trunkk`; an incomplete command), a line indented
  deeper than its section, an interface type the platform does not have (§4.3);
- `note`: a line vrpgen does not model (a first keyword, a sub-command or an option the command
  table does not know, or a line inside a section it does not know). Real configurations hold
  many (aaa, user-interface, snmp-agent, info-center, MPLS, IS-IS…): legitimate VRP, counted,
  never an error. `lines` says how many config lines a note covers (a whole unknown section);
- `form`: a known, legal line not in display form (`interface nve 1` for `interface Nve1`,
  §2.1, §3.10): what a device accepts, but never shows; rendered configs must not have any.

A "legal in" hint names another view only when the whole line is a command of that view and the
view is next to the line's own (a child, the parent or a sibling, REFERENCE §2.1): `network` in
the ospf view is legal in ospf-area; `ip route-static` at the top is never hinted "interface".
Headers, `#` separators and `return` are the display format (REFERENCE §3) and pass.
The table is read from `commands.INDEX` / `candidates`, so new families are linted as they come.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from vrpgen.vrp import commands as cm
from vrpgen.vrp import ifname, lint_fast, models
from vrpgen.vrp.families import interface
from vrpgen.vrp.grammar import Element, Failure, Form, match_form, tokenize
from vrpgen.vrp.models import Family
from vrpgen.vrp.node import count
from vrpgen.vrp.tree import Node, classify, parse

ERROR, NOTE, FORM = "error", "note", "form"


@dataclass(frozen=True, slots=True)
class LintIssue:
    line: int
    text: str
    message: str
    severity: str = ERROR
    lines: int = 1  # config lines covered: a note on an unknown section counts all of them

    @property
    def error(self) -> bool:
        return self.severity == ERROR


def _neighbours() -> dict[str, frozenset[str]]:
    """view -> the views next to it: the ones it opens, the one that opens it, its siblings."""
    children: dict[str, set[str]] = {}
    parents: dict[str, set[str]] = {}
    for spec in cm.SPECS:
        targets = {spec.opens} if spec.opens else set()
        for view in spec.views:
            for target in targets:
                children.setdefault(view, set()).add(target)
                parents.setdefault(target, set()).add(view)
    out: dict[str, frozenset[str]] = {}
    for view in cm.INDEX:
        near = set(children.get(view, ())) | parents.get(view, set())
        for parent in parents.get(view, ()):
            near |= children.get(parent, set())
        near.discard(view)
        out[view] = frozenset(near)
    return out


_NEAR = _neighbours()
# A token one typo away from a keyword the form expects (at most one character longer or
# shorter, and similar) is a malformed known command, not another sub-command: `trunkk` for
# `trunk`; but `advertise-ext-community` is VRP's own, beside `advertise-community`.
_CLOSE = 0.8
_TYPE_WORD = re.compile(r"\d+GE|[A-Za-z][A-Za-z-]*?(?=\d|$)", re.IGNORECASE)


def _legal_nearby(view: str, text: str) -> list[str]:
    return sorted(v for v in _NEAR.get(view, ()) if classify(v, text) is not None)


def _expected(form: Form, toks: list[tuple[int, str]], at: int) -> Element | None:
    """The element of `form` that token `at` stands against (walking as match_form does)."""
    i = 0
    for el in form.elements:
        if i == at:
            return el
        if i > at or i >= len(toks):
            return None
        if el.keyword is None and el.ptype in ("text", "vlans"):
            return None  # the rest of the line: never fails at a later token
        if el.keyword is None and el.ptype == "ifname":
            i += ifname.match_tokens([t for _, t in toks[i : i + 2]])[0]
        else:
            i += 1
    return None


def _malformed(view: str, text: str) -> str | None:
    """Why `text`, whose first keyword `view` knows, is a malformed known command; None when
    it is rather a sub-command or an option the table does not model."""
    toks = tokenize(text)
    forms = [f for _, f in cm.candidates(view, toks[0][1])]
    failures = [(f, r) for f in forms if isinstance(r := match_form(f, text, toks), Failure)]
    if not failures or len(failures) < len(forms):
        return "ambiguous command" if failures else None
    at = max(r.index for _, r in failures)
    worst = [(f, r) for f, r in failures if r.index == at]
    kinds = {r.kind for _, r in worst}
    if kinds <= {"too_many"}:
        return None  # a known command with options the table does not model
    if "incomplete" in kinds:
        return "incomplete command"
    token = toks[at][1]
    expected = [e for f, _ in worst if (e := _expected(f, toks, at)) is not None]
    words = {e.keyword for e in expected if e.keyword is not None}
    words |= {c for e in expected if e.ptype == "enum" for c in e.arg.split("|")}
    low = token.lower()
    close = [w for w in difflib.get_close_matches(low, sorted(words), 1, _CLOSE)
             if abs(len(w) - len(low)) <= 1]
    if close:
        return f"wrong keyword `{token}` (did you mean `{close[0]}`?)"
    values = [e for e in expected if e.keyword is None and e.ptype not in ("enum", "word")]
    if not values or len(values) < len(expected):
        return None  # another keyword where the table has others: a sub-command not modelled
    if any(e.ptype == "ifname" and not _known_type(token) for e in values):
        return None  # an interface type the table does not have (Serial, Tunnel, …)
    kinds_of = "/".join(sorted({e.ptype for e in values}))
    return f"wrong value `{token}` (expected {kinds_of})"


def _known_type(token: str) -> bool:
    m = _TYPE_WORD.match(token)
    return m is not None and ifname.canonical_type(m.group()) is not None


def _unknown(child: Node, view: str | None) -> LintIssue:
    """The issue of a line the model did not classify in `view`."""
    text = child.text
    if view is None:
        return LintIssue(child.line, text, "not modelled by vrpgen (inside a section it does "
                         "not model)", NOTE, count(child))
    legal = _legal_nearby(view, text)
    if legal:
        return LintIssue(child.line, text, f"not legal in the {view} view (legal in: "
                         f"{', '.join(legal)})")
    if cm.candidates(view, text.split()[0]):
        why = _malformed(view, text)
        if why is not None:
            return LintIssue(child.line, text, f"{why} in the {view} view")
    return LintIssue(child.line, text, f"not modelled by vrpgen in the {view} view", NOTE,
                     count(child))


def _platform_issue(child: Node, platform: str, family: Family | None) -> LintIssue | None:
    """REFERENCE §4.3: an interface type this platform does not have (10GE on VRP5, Ethernet
    on VRP8), or, with a model, that its family does not have (GE on NE40E)."""
    if child.spec != interface.IFACE:
        return None
    why = _type_issue(child.params.get("name", ""), platform, family)
    return None if why is None else LintIssue(child.line, child.text, why)


def _type_issue(name: str, platform: str, family: Family | None) -> str | None:
    kind = _TYPE_WORD.match(name)
    shown = kind.group() if kind is not None else name
    if ifname.canonical(name, platform) != name:
        return f"{shown} interfaces do not exist on {platform} devices (REFERENCE §4.3)"
    if family is not None and not ifname.in_family(name, family.name):
        return f"{shown} interfaces do not exist on {family.model} devices (REFERENCE §4.3)"
    return None  # a type of this platform, in the spelling its display uses


def _check(node: Node, view: str | None, platform: str, issues: list[LintIssue],
           raw: list[str], family: Family | None = None) -> None:
    for child in node.children.values():
        if child.spec is None:
            issues.append(_unknown(child, view))
            continue
        typed = raw[child.line - 1].strip() if 0 < child.line <= len(raw) else child.text
        if child.members is None and typed != child.text:
            # REFERENCE §2.1, §3.10: display prints full keywords and normalised values
            issues.append(LintIssue(child.line, typed, f"not in display form: the device "
                                                       f"shows `{child.text}`", FORM))
        wrong_here = _platform_issue(child, platform, family)
        if wrong_here is not None:
            issues.append(wrong_here)
        if child.members is None:
            _check(child, child.view(), platform, issues, raw, family)


def lint(text: str, platform: str = "vrp5", model: str | None = None) -> list[LintIssue]:
    """Errors and notes of a configuration text, one per line, in line order. With `model`
    (vrp/models.py; it implies the platform), interface types its family lacks are errors."""
    family = models.family(model) if model is not None else None
    if family is not None:
        platform = family.platform
    names = lint_fast.clean_interfaces(text)
    if names is not None and all(_type_exists(n, platform, family) for n in names):
        return []  # proven clean (a rendered config): the same answer as the full check
    return lint_tree(text, platform, model)


# (interface name, platform, family) -> whether _platform_issue has nothing to say. Bounded.
_TYPE_EXISTS: dict[tuple[str, str, str | None], bool] = {}
_TYPE_EXISTS_MAX = 10_000


def _type_exists(name: str, platform: str, family: Family | None) -> bool:
    key = (name, platform, None if family is None else family.name)
    known = _TYPE_EXISTS.get(key)
    if known is None:
        if len(_TYPE_EXISTS) >= _TYPE_EXISTS_MAX:
            _TYPE_EXISTS.clear()
        known = _TYPE_EXISTS[key] = _type_issue(name, platform, family) is None
    return known


def lint_tree(text: str, platform: str = "vrp5", model: str | None = None) -> list[LintIssue]:
    """`lint` through the full tree, line by line: the reference the fast path is held to."""
    config = parse(text)
    issues = [LintIssue(i.line, i.text, i.message) for i in config.issues]
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    family = models.family(model) if model is not None else None
    if family is not None:
        platform = family.platform
    _check(config.root, cm.SYSTEM, platform, issues, raw, family)
    first: dict[int, LintIssue] = {}
    for issue in issues:
        first.setdefault(issue.line, issue)  # one report per line: the placement one first
    return sorted(first.values(), key=lambda i: i.line)


def errors(issues: list[LintIssue]) -> list[LintIssue]:
    return [i for i in issues if i.error]


def not_modelled(issues: list[LintIssue]) -> int:
    """Config lines the notes cover: what vrpgen does not model."""
    return sum(i.lines for i in issues if i.severity == NOTE)
