"""The VRP command model: parser, serializer, semantics, remediation, plan and linter.

Stable API (the simulator codes against it; see docs/vrp-model.md):
    parse(text) -> Config
    serialize(config, platform="vrp5") -> str
    Applier(config, platform)  .execute(line) -> Outcome  .answer(yes) -> Outcome
                               .view_name  .at_system_view  .config
    Outcome(error: CommandError | None, question: str | None, left_system_view: bool)
    CommandError(kind, column, message)
    apply(config, lines, platform) -> Config
    plan(running, intended, platform="vrp5", scope=None) -> Plan
    lint(text, platform="vrp5") -> list[LintIssue]
Pure: no I/O. Every semantic rule cites ../shared/vrp/REFERENCE.md.
"""

from __future__ import annotations

from vrpgen.vrp.apply import Applier, CommandError, Outcome, apply, error_message
from vrpgen.vrp.lint import LintIssue, lint
from vrpgen.vrp.plan import Plan, fingerprint, normalise, plan, plan_configs
from vrpgen.vrp.risk import Command, Risk
from vrpgen.vrp.scope import Scope
from vrpgen.vrp.tree import Config, Node, ParseIssue, parse, serialize, view_depths

__all__ = [
    "Applier",
    "Command",
    "CommandError",
    "Config",
    "LintIssue",
    "Node",
    "Outcome",
    "ParseIssue",
    "Plan",
    "Risk",
    "Scope",
    "apply",
    "error_message",
    "fingerprint",
    "lint",
    "normalise",
    "parse",
    "plan",
    "plan_configs",
    "serialize",
    "view_depths",
]
