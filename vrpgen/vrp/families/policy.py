"""Policy family: `ip ip-prefix` lists (REFERENCE §4.10) and `route-policy` nodes with their
`if-match` and `apply` clauses (REFERENCE §4.11); community and AS-path filters.

Community and AS-path filters are not in REFERENCE. Syntax and undo forms from Huawei command
references (S series, support.huawei.com EDOC1100064351 "ip community-filter" and "ip
as-path-filter"; a10.tagan.ru/huawei/dc/if-match_community-filter.html and
usg.zrnko.cz/resources/cli_vrp/if-match_as-path-filter.html):
- `ip community-filter basic NAME { permit | deny } COMMUNITY &<1-20>`, one entry removed by
  `undo ip community-filter basic NAME { permit | deny } COMMUNITY…`;
- `ip as-path-filter NAME { permit | deny } REGEX` (spaces allowed in REGEX), one entry
  removed by `undo ip as-path-filter NAME { permit | deny } REGEX`;
- `if-match community-filter NAME` / `if-match as-path-filter NAME` in the route-policy view,
  undone by `undo if-match community-filter NAME` / `undo if-match as-path-filter NAME`.
Display: the VRP5 AR capture EyadNasr/eNSP_Labs `…Option A/Configs exported/Spoke-CE22.cfg`
(commit 45fa5025, the repository of corpus Hub-PE26.cfg) shows `ip as-path-filter noLoop deny 123
123 123 123` (no index); corpus Hub-PE26.cfg shows `ip extcommunity-filter basic 100:1 permit rt
100:1` (no index): community filters are taken to display the same way [INFERRED]. An entry is
keyed by its whole text (no index on VRP5), so a changed entry is the new one added and the old
one removed; entries are added before any is removed and removed after the policies (the
docs: a route-policy matching a filter that does not exist permits every route).
"""

from __future__ import annotations

from dataclasses import replace

from vrpgen.vrp.node import Node
from vrpgen.vrp.risk import Command, enter
from vrpgen.vrp.sectiondiff import Diff
from vrpgen.vrp.spec import HIGH, MEDIUM, POLICY, SYSTEM, Rating, Risks, Spec, render, spec

ROUTE_POLICY, UNDO_ROUTE_POLICY = "route-policy", "undo-route-policy"
PREFIX, UNDO_PREFIX = "ip-prefix", "undo-ip-prefix"
IF_MATCH_PREFIX, UNDO_IF_MATCH_PREFIX = "if-match-prefix", "undo-if-match-prefix"
APPLY_COST, APPLY_LP = "apply-cost", "apply-lp"
APPLY_COMMUNITY, APPLY_AS_PATH, UNDO_APPLY = "apply-community", "apply-as-path", "undo-apply"
COMMUNITY_FILTER, UNDO_COMMUNITY_FILTER = "community-filter", "undo-community-filter"
AS_PATH_FILTER, UNDO_AS_PATH_FILTER = "as-path-filter", "undo-as-path-filter"
IF_MATCH_COMMUNITY, UNDO_IF_MATCH_COMMUNITY = "if-match-community", "undo-if-match-community"
IF_MATCH_AS_PATH, UNDO_IF_MATCH_AS_PATH = "if-match-as-path", "undo-if-match-as-path"
# the typed undo forms of an if-match clause (the last one of a node asks §2.5's question)
UNDO_IF_MATCH = frozenset({"undo-if-match-prefix", UNDO_IF_MATCH_COMMUNITY, UNDO_IF_MATCH_AS_PATH})

# REFERENCE §2.5
Q_LAST_IF_MATCH = "Warning: The last if-match clause of the node will be deleted. Continue? [Y/N]:"

RULE_POLICY = "route-policy"  # permit/deny change re-creates the node; adds before removals
RULE_PREFIX = "ip-prefix"  # the same index replaces the entry (§4.10)
RULE_FILTER = "filter"  # community / AS-path filter entries: keyed by text, added first
RULES = frozenset({RULE_POLICY, RULE_PREFIX, RULE_FILTER})
# the filters a route-policy may match, besides ip-prefix lists (top-level key prefixes)
FILTER_SPECS = frozenset({COMMUNITY_FILTER, AS_PATH_FILTER})

_POLICY = Rating(MEDIUM, "changes routing policy")
_RISKS = Risks(_POLICY, _POLICY)

SPECS: tuple[Spec, ...] = (
    spec(ROUTE_POLICY, "route-policy <name:word> <action:enum:permit|deny> node "
         "<node:int:0-65535>", SYSTEM, "section", "route-policy {name} node {node}",
         "undo route-policy {name} node {node}", opens=POLICY, remediation="family",
         rule=RULE_POLICY, ref="§4.11", risk=_RISKS),
    spec(UNDO_ROUTE_POLICY, ("undo route-policy <name:word>",
                             "undo route-policy <name:word> node <node:int:0-65535>"),
         SYSTEM, "undo", "route-policy {name}", action="policy-remove", remediation="command",
         ref="§4.11"),
    spec(PREFIX, "ip ip-prefix <name:word> [index <idx:int:1-4294967295>] "
         "<action:enum:permit|deny> <addr:ip> <len:len> [greater-equal <ge:int:0-32>] "
         "[less-equal <le:int:0-32>]", SYSTEM, "keyed", "ip ip-prefix {name} index {idx}",
         "undo ip ip-prefix {name} index {idx}", remediation="family", rule=RULE_PREFIX,
         ref="§4.10", risk=_RISKS),
    spec(UNDO_PREFIX, ("undo ip ip-prefix <name:word>",
                       "undo ip ip-prefix <name:word> index <idx:int:1-4294967295>"),
         SYSTEM, "undo", "ip ip-prefix {name}", action="prefix-remove", remediation="command",
         ref="§4.10"),
    spec(COMMUNITY_FILTER, "ip community-filter basic <name:word> <action:enum:permit|deny> "
         "<c:text>", SYSTEM, "keyed", "ip community-filter basic {name} {action} {c}",
         "undo ip community-filter basic {name} {action} {c}", remediation="family",
         rule=RULE_FILTER, ref="EDOC1100064351 ip community-filter", risk=_RISKS),
    spec(UNDO_COMMUNITY_FILTER, ("undo ip community-filter basic <name:word>",
                                 "undo ip community-filter basic <name:word> "
                                 "<action:enum:permit|deny> <c:text>"),
         SYSTEM, "undo", "ip community-filter basic {name} {action} {c}",
         action="filter-remove", remediation="command",
         ref="EDOC1100064351 ip community-filter"),
    spec(AS_PATH_FILTER, "ip as-path-filter <name:word> <action:enum:permit|deny> <re:text>",
         SYSTEM, "keyed", "ip as-path-filter {name} {action} {re}",
         "undo ip as-path-filter {name} {action} {re}", remediation="family", rule=RULE_FILTER,
         ref="EDOC1100064351 ip as-path-filter; Spoke-CE22.cfg", risk=_RISKS),
    spec(UNDO_AS_PATH_FILTER, ("undo ip as-path-filter <name:word>",
                               "undo ip as-path-filter <name:word> <action:enum:permit|deny> "
                               "<re:text>"),
         SYSTEM, "undo", "ip as-path-filter {name} {action} {re}", action="filter-remove",
         remediation="command", ref="EDOC1100064351 ip as-path-filter"),
)
VIEW_SPECS: tuple[Spec, ...] = (
    spec(IF_MATCH_PREFIX, "if-match ip-prefix <p:word>", POLICY, "keyed",
         "if-match ip-prefix {p}", "undo if-match ip-prefix {p}", undo_question=Q_LAST_IF_MATCH,
         remediation="generic", ref="§4.11", risk=_RISKS),
    spec(UNDO_IF_MATCH_PREFIX, "undo if-match ip-prefix <p:word>", POLICY, "undo",
         "if-match ip-prefix {p}", action="remove", question=Q_LAST_IF_MATCH,
         remediation="command", ref="§4.11, §2.5"),
    spec(IF_MATCH_COMMUNITY, "if-match community-filter <f:word>", POLICY, "keyed",
         "if-match community-filter {f}", "undo if-match community-filter {f}",
         undo_question=Q_LAST_IF_MATCH, remediation="generic",
         ref="if-match community-filter (S series)", risk=_RISKS),
    spec(UNDO_IF_MATCH_COMMUNITY, "undo if-match community-filter <f:word>", POLICY, "undo",
         "if-match community-filter {f}", action="remove", question=Q_LAST_IF_MATCH,
         remediation="command", ref="if-match community-filter (S series), §2.5"),
    spec(IF_MATCH_AS_PATH, "if-match as-path-filter <f:word>", POLICY, "keyed",
         "if-match as-path-filter {f}", "undo if-match as-path-filter {f}",
         undo_question=Q_LAST_IF_MATCH, remediation="generic",
         ref="if-match as-path-filter (VRP)", risk=_RISKS),
    spec(UNDO_IF_MATCH_AS_PATH, "undo if-match as-path-filter <f:word>", POLICY, "undo",
         "if-match as-path-filter {f}", action="remove", question=Q_LAST_IF_MATCH,
         remediation="command", ref="if-match as-path-filter (VRP), §2.5"),
    spec(APPLY_COST, "apply cost <c:int:0-4294967295>", POLICY, "replace", "apply cost",
         "undo apply cost", remediation="generic", ref="§4.11", risk=_RISKS),
    spec(APPLY_LP, "apply local-preference <c:int:0-4294967295>", POLICY, "replace",
         "apply local-preference", "undo apply local-preference", remediation="generic",
         ref="§4.11", risk=_RISKS),
    # `apply community … [ additive ]` (§4.11): the values as typed (aa:nn, no-export, …).
    spec(APPLY_COMMUNITY, "apply community <c:text>", POLICY, "replace", "apply community",
         "undo apply community", remediation="generic", ref="§4.11", risk=_RISKS),
    # Not in REFERENCE: Huawei AR600/AR6000 V300R021 Command Reference (EDOC1100203224),
    # "apply as-path": `apply as-path AS&<1-10> additive`, undone by `undo apply as-path`.
    spec(APPLY_AS_PATH, "apply as-path <a:text>", POLICY, "replace", "apply as-path",
         "undo apply as-path", remediation="generic", ref="EDOC1100203224 apply as-path",
         risk=_RISKS),
    # the removals the apply clauses above send (§6.11: `undo` + the clause's key words)
    spec(UNDO_APPLY, "undo apply <what:enum:cost|local-preference|community|as-path>", POLICY,
         "undo", "apply {what}", action="remove", remediation="command", ref="§4.11, §6.11"),
)


def prefix(r: Node | None, i: Node, d: Diff) -> list[Command]:
    """REFERENCE §4.10: an entry with the same index replaces the old one: no undo."""
    return [] if r is not None and r.text == i.text else [d.line(i)]


def policy(r: Node | None, i: Node, d: Diff) -> list[Command]:
    """route-policy node; a permit/deny change re-creates the node (REFERENCE §4.11 [INFERRED])."""
    if r is not None and r.params["action"] != i.params["action"]:
        undo = d.spec(ROUTE_POLICY)
        assert undo is not None and undo.undo is not None
        drop = d.cmd(render(undo.undo, r.params, undo), ROUTE_POLICY, removal=True,
                     values=r.params)
        # no in-place permit/deny change is documented: between the two commands the node is
        # gone, and a peer using the policy sees the other nodes only
        drop = replace(drop, level=HIGH, reason=(
            f"re-creates node {r.params['node']} of route-policy {r.params['name']} as "
            f"{i.params['action']}: until it is back, routes it matched fall to the next node"))
        return [drop, *d.create(i)]
    if r is None:
        return d.create(i)
    removes, adds = d.children_diff(r, i)
    if not removes and not adds:
        return []
    return [enter(i.text), *adds, *removes, enter("quit")]  # adds first: never an empty node


def filter_entry(r: Node | None, i: Node, d: Diff) -> list[Command]:
    """A community or AS-path filter entry: keyed by its whole text, so it is there or sent;
    the entries intended drops go in `deletions`, after the new ones are in (never empty)."""
    return [] if r is not None else [d.line(i)]


def deletions(rk: dict[str, Node], ik: dict[str, Node], d: Diff) -> list[Command]:
    """Removed policy nodes, then removed prefix and filter entries: after everything that
    used them, and after the entries that replace them were added."""
    kinds = (ROUTE_POLICY, PREFIX, *sorted(FILTER_SPECS))
    gone = [n for k, n in rk.items() if n.spec in kinds and k not in ik]
    gone.sort(key=lambda n: n.spec != ROUTE_POLICY)  # stable: running order within each kind
    return [c for c in map(d.remove, gone) if c is not None]
