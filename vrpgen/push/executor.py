"""One device's change window: connect, back up, plan, send, commit or stop, verify, save.

    push_device(job, credentials, options, connect=DeviceSession) -> DeviceResult

Every outcome is a DeviceResult (never an exception for a device-side failure), so one device's
failure stays with its device. What happens on the device, in order:

1. connect (per-device connect timeout; --known-hosts checks the SSH host key);
2. read `display current-configuration` and back it up: DIR/<device>/<UTC time>.cfg and
   DIR/<device>.cfg, both in one atomic write (files.write_all);
3. plan running → intended (vrp.plan); with --plan, the device is refused when its running
   config no longer has the plan's fingerprint, or the plan's commands differ;
4. nothing to do → "unchanged"; --dry-run → "planned" (nothing sent);
5. `system-view` once, then each command on its own line, read up to the next prompt; a
   question the plan recorded (Command.question, REFERENCE §2.5) is answered as planned, any
   other question or open prompt stops the device; `^Error(\\[\\d+\\])?:` (§2.4) stops it;
6. VRP8: `commit` (or `commit trial N` with --confirm-timeout) applies the candidate (§1.1);
   on any error or a failed commit the candidate is discarded with `clear configuration
   candidate` (§1.1; plain `abort` is [UNVERIFIED] there), so nothing is applied.
   VRP5: every line took effect at once (§1): the result lists the applied lines and the
   commands that undo them, planned by the model from the running config after the failure
   back to the one before (plan(after, before)); sent only with --rollback-on-error;
7. read the running config again: the plan from it to the intended must be empty;
8. --confirm-timeout: the trial is confirmed (`commit`, [UNVERIFIED]: REFERENCE §1.1 does not
   name the confirming command) only after the verification passed; otherwise the device rolls
   back by itself when the trial time runs out;
9. --save: `save`, answering its question (§2.3).

Secrets: commands are filled (push/secrets.fill_secrets) just before they are written to the
channel; everything recorded (applied lines, undo lines, errors, logs) is the masked text, and
any text from the device passes `redact`, which hides every filled-in value.
"""

from __future__ import annotations

import contextlib
import logging
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from vrpgen.errors import PushError, VrpgenError, printable
from vrpgen.files import write_all
from vrpgen.push.secrets import fill_secrets, filled_values
from vrpgen.push.session import Answer, DeviceSession, HostKeys, SessionLostError
from vrpgen.push.targets import Credentials, Target
from vrpgen.vrp import Plan, plan
from vrpgen.vrp.risk import Command
from vrpgen.vrp.scope import Scope
from vrpgen.vrp.secrets import mask, secret_span
from vrpgen.vrp.tree import parse

log = logging.getLogger("vrpgen.push")

# netmiko's DEBUG log carries every byte written to and read from the channel, filled-in
# passwords included: it is capped at INFO, whatever the application's logging asks for.
logging.getLogger("netmiko").setLevel(logging.INFO)

APPLIED, UNCHANGED, PLANNED = "applied", "unchanged", "planned"
REFUSED, FAILED = "refused", "failed"
OK_RESULTS = frozenset({APPLIED, UNCHANGED, PLANNED})
COMMIT_FAILED = "Failed to generate committed config"  # §1.1, netmiko's commit() check (§5.2)
DISCARD = "clear configuration candidate"  # §1.1 (plain `abort` is [UNVERIFIED] there)
EVERYTHING = Scope(extra=("",))  # every top-level key managed
CONFIRM = "commit"  # confirms a `commit trial` [UNVERIFIED]: REFERENCE §1.1 does not say


class Session(Protocol):
    prompt: str

    def send(self, line: str, timeout: float | None = None) -> Answer: ...
    def running_config(self) -> str: ...
    def close(self) -> None: ...


Connect = Callable[..., Session]


@dataclass(frozen=True, slots=True)
class Job:
    """One device to push: where it is, what it should run, and (with --plan) what was
    reviewed: the running config's fingerprint and the commands people saw."""

    target: Target
    intended: str  # rendered config; secrets as `${VAR}` placeholders
    reviewed_fingerprint: str | None = None
    reviewed_commands: tuple[str, ...] | None = None
    scope: Scope | None = None  # the managed scope the plan and the verification use


@dataclass(frozen=True, slots=True)
class Options:
    backup_dir: Path
    dry_run: bool = False
    save: bool = False
    confirm_timeout: int | None = None  # VRP8 `commit trial N` (§1.1: 60-65535 s)
    rollback_on_error: bool = False
    rotate_secrets: bool = False
    connect_timeout: float = 30.0
    command_timeout: float = 30.0
    host_keys: HostKeys | None = None  # None: host keys are not checked
    environ: Mapping[str, str] = field(default_factory=dict, repr=False)


@dataclass
class DeviceResult:
    device: str
    platform: str
    result: str = FAILED
    reason: str | None = None
    fingerprint: str | None = None
    planned: list[str] = field(default_factory=list)  # masked
    sent: int = 0  # plan lines written to the device
    applied: list[str] = field(default_factory=list)  # masked; VRP8: those committed
    undo: list[str] = field(default_factory=list)  # masked; VRP5 after a failure
    rolled_back: bool | None = None  # VRP5 --rollback-on-error: did the undo verify
    dialogs: int = 0  # questions answered as planned
    committed: bool | None = None  # VRP8
    trial: int | None = None  # VRP8 --confirm-timeout
    confirmed: bool | None = None
    verified: bool | None = None
    verify_diff: list[str] = field(default_factory=list)  # masked remaining commands
    saved: bool | None = None
    backup: str | None = None
    duration: float = 0.0
    host_key_checked: bool = False

    @property
    def ok(self) -> bool:
        return self.result in OK_RESULTS

    def to_dict(self) -> dict[str, Any]:
        return {
            "device": self.device, "platform": self.platform, "result": self.result,
            "ok": self.ok, "reason": self.reason, "plan_fingerprint": self.fingerprint,
            "planned": self.planned, "lines_sent": self.sent, "lines_applied": self.applied,
            "undo": self.undo, "rolled_back": self.rolled_back, "dialogs_answered": self.dialogs,
            "committed": self.committed, "commit_trial": self.trial,
            "confirmed": self.confirmed, "verified": self.verified,
            "verify_remaining": self.verify_diff, "saved": self.saved, "backup": self.backup,
            "duration_s": round(self.duration, 3), "host_key_checked": self.host_key_checked,
            "passwords_compared": False,
        }


class _StopError(Exception):
    """The device stops here; `reason` says why (never holds a secret)."""

    def __init__(self, reason: str, *, lost: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.lost = lost


def push_device(job: Job, credentials: Credentials, options: Options,
                connect: Connect = DeviceSession) -> DeviceResult:
    """The whole change window of one device; see the module docstring."""
    start = time.monotonic()
    target = job.target
    result = DeviceResult(target.name, target.platform,
                          host_key_checked=options.host_keys is not None)
    secrets = filled_values(job.intended, options.environ)

    def redact(text: str) -> str:
        for value in secrets:
            text = text.replace(value, "******")
        return "\n".join(mask(line) for line in text.split("\n"))

    try:
        _run(job, credentials, options, connect, result, redact)
    except VrpgenError as exc:
        result.result, result.reason = FAILED, redact(str(exc))
    except _StopError as exc:
        result.result, result.reason = FAILED, redact(exc.reason)
    except Exception as exc:  # a bug or an unforeseen library error: this device only
        log.warning("%s: push failed unexpectedly: %s", target.name, type(exc).__name__)
        result.result = FAILED
        result.reason = (f"internal error: {type(exc).__name__}; the session was closed (VRP8 "
                         "drops an uncommitted candidate with it); see the applied lines")
    result.duration = time.monotonic() - start
    log.info("%s: %s in %.1f s%s", target.name, result.result, result.duration,
             f": {printable(result.reason)}" if result.reason else "")
    return result


def _run(job: Job, credentials: Credentials, options: Options, connect: Connect,
         result: DeviceResult, redact: Callable[[str], str]) -> None:
    target = job.target

    def reconnect() -> Session:
        return connect(target, credentials, connect_timeout=options.connect_timeout,
                       command_timeout=options.command_timeout, host_keys=options.host_keys,
                       redact=redact)

    session = reconnect()
    try:
        before = session.running_config()
        result.backup = str(write_backup(options.backup_dir, target.name, before))
        log.info("%s: connected, running config backed up to %s", target.name, result.backup)
        the_plan = plan(before, job.intended, target.platform, job.scope)
        result.fingerprint = the_plan.fingerprint
        commands = list(the_plan.commands)
        if options.rotate_secrets:
            commands += secret_commands(job.intended, the_plan)
        result.planned = [mask(c.text) for c in commands]
        log.info("%s: %d command(s) planned (running config %s)", target.name, len(commands),
                 the_plan.fingerprint[:12])
        refusal = _refusal(job, the_plan)
        if refusal is not None:
            result.result, result.reason = REFUSED, refusal
            return
        if not commands:
            result.result, result.reason = UNCHANGED, "nothing to do: the running config " \
                "already matches the intended one"
            return
        if options.dry_run:
            result.result = PLANNED
            return
        filled = [fill_secrets(c.text, options.environ) for c in commands]  # before any send
        _send_plan(session, target, commands, filled, options, result, before, reconnect)
        log.info("%s: %d line(s) sent%s", target.name, result.sent,
                 ", committed" if result.committed else "")
        _verify(session, job, result, options, before, reconnect)
        log.info("%s: verified: nothing left between running and intended", target.name)
        _finish(session, target, options, result)
    finally:
        session.close()


def _refusal(job: Job, the_plan: Plan) -> str | None:
    if job.reviewed_fingerprint is None:
        return None
    if the_plan.fingerprint != job.reviewed_fingerprint:
        return (f"running config changed since the plan was made (fingerprint "
                f"{the_plan.fingerprint[:12]}, plan {job.reviewed_fingerprint[:12]}): "
                "nothing sent; make a new plan")
    if job.reviewed_commands is not None and tuple(the_plan.shown_commands) != \
            job.reviewed_commands:
        return "the plan's commands differ from those computed now: nothing sent"
    return None


# -- sending ------------------------------------------------------------------------------------


def _send_plan(session: Session, target: Target, commands: Sequence[Command],
               filled: Sequence[str], options: Options, result: DeviceResult, before: str,
               reconnect: Callable[[], Session]) -> None:
    vrp8 = target.platform == "vrp8"
    enter = session.send("system-view")
    if enter.prompt is None or enter.error:
        raise _StopError(f"system-view failed: {enter.error or enter.question}")
    try:
        for command, text in zip(commands, filled, strict=True):
            shown = mask(command.text)
            result.sent += 1
            answer = session.send(text)
            answer = _dialog(session, command, answer, shown, result)
            if answer.error:
                raise _StopError(f"rejected {shown!r}: {answer.error}")
            result.applied.append(shown)
        if vrp8:
            _commit(session, options, result)
    except (_StopError, PushError) as exc:
        lost = isinstance(exc, SessionLostError) or (isinstance(exc, _StopError) and exc.lost)
        reason = exc.reason if isinstance(exc, _StopError) else str(exc)
        if vrp8:
            _discard(session, result, lost)
            raise _StopError(reason + "; nothing applied (candidate discarded)") from None
        _after_vrp5_failure(session, target, options, result, before, lost, reconnect)
        raise _StopError(reason + _vrp5_note(result)) from None


def _dialog(session: Session, command: Command, answer: Answer, shown: str,
            result: DeviceResult) -> Answer:
    """Answer the question the plan recorded; any other question stops the device."""
    answered = False
    while answer.question is not None:
        if command.question and not answered and _same_question(command.question,
                                                                 answer.question):
            answered = True
            result.dialogs += 1
            answer = session.send(command.answer or "Y")
            continue
        # Decline, so that the device goes back to its prompt, then stop.
        with _quiet():
            session.send("N", timeout=5)
        raise _StopError(f"unexpected question after {shown!r}: "
                         f"{printable(answer.question or '')!r}")
    return answer


def _same_question(planned: str, asked: str) -> bool:
    def norm(text: str) -> str:
        return re.sub(r"\s+", " ", text).strip().lower()

    want, got = norm(planned), norm(asked)
    return bool(got) and (got in want or want.endswith(got) or want in got)


def _commit(session: Session, options: Options, result: DeviceResult) -> None:
    trial = options.confirm_timeout
    line = f"commit trial {trial}" if trial else "commit"  # §1.1; never `commit comment`
    answer = session.send(line, timeout=max(session_timeout(session), 120.0))
    if answer.error or COMMIT_FAILED in answer.output or answer.prompt is None:
        raise _StopError(f"{line} failed: {answer.error or COMMIT_FAILED}")
    result.committed = True
    result.trial = trial


def session_timeout(session: Session) -> float:
    return float(getattr(session, "command_timeout", 30.0))


def _discard(session: Session, result: DeviceResult, lost: bool) -> None:
    """VRP8: drop the candidate (§1.1); a lost session takes its candidate with it."""
    result.committed = False
    result.applied = []
    if lost:
        return
    with _quiet():
        session.send(DISCARD, timeout=10)
        answer = session.send("return", timeout=10)
        if answer.question is not None:  # §1.1 uncommitted question: N discards
            session.send("N", timeout=10)


def _after_vrp5_failure(session: Session, target: Target, options: Options,
                        result: DeviceResult, before: str, lost: bool,
                        reconnect: Callable[[], Session]) -> None:
    """VRP5: what took effect stays; say which lines, and plan their undo from the model
    (reading the device again over a new session when the first one was lost)."""
    reader: Session | None = None
    try:
        if lost:
            reader = reconnect()
        else:
            reader = session
            with _quiet():
                reader.send("return", timeout=10)
        after = reader.running_config()
        _undo(reader, target, options, result, before, after)
    except PushError:
        # cannot read the device: the applied lines are all that is known
        result.rolled_back = False if options.rollback_on_error and result.undo else None
    finally:
        if reader is not None and reader is not session:
            reader.close()


def _undo(reader: Session, target: Target, options: Options, result: DeviceResult,
          before: str, after: str) -> None:
    # Everything managed: before and after differ only by the lines this push applied, and
    # the scope of `before` (say a factory config) would hide the sections it lacks.
    undo = plan(after, _baseline(before, after), target.platform, EVERYTHING)
    result.undo = undo.shown_commands
    if not options.rollback_on_error or not undo.commands:
        return
    try:
        enter = reader.send("system-view")
        if enter.prompt is None:
            raise PushError("system-view failed")
        for command in undo.commands:
            answer = reader.send(command.text)
            answer = _dialog(reader, command, answer, mask(command.text), result)
            if answer.error:
                raise PushError(f"undo rejected: {answer.error}")
        reader.send("return", timeout=10)
        now = reader.running_config()
        result.rolled_back = not plan(now, _baseline(before, now), target.platform,
                                      EVERYTHING).commands
    except (PushError, _StopError):
        result.rolled_back = False


def _baseline(before: str, after: str) -> str:
    """`before`, with an empty block for each interface that only `after` shows: a physical
    interface always exists and its display hides it while it has no setting (REFERENCE §6.6
    defaults are invisible), so its settings are undone inside it, not by deleting it."""
    old = set(parse(before).root.children)
    extra = [key for key in parse(after).root.children
             if key.startswith("interface ") and key not in old]
    if not extra:
        return before
    head, _, _ = before.rstrip().rpartition("return")
    return head + "".join(f"{key}\n#\n" for key in extra) + "return\n"


def _vrp5_note(result: DeviceResult) -> str:
    if not result.applied:
        return "; no line was applied"
    note = f"; {len(result.applied)} line(s) applied before the failure (see the report)"
    if result.rolled_back is True:
        note += ", rolled back and verified"
    elif result.rolled_back is False:
        note += ", rollback FAILED"
    return note


# -- after sending ----------------------------------------------------------------------------


def _verify(session: Session, job: Job, result: DeviceResult, options: Options, before: str,
            reconnect: Callable[[], Session]) -> None:
    after = session.running_config()
    remaining = plan(after, job.intended, job.target.platform, job.scope)
    result.verify_diff = remaining.shown_commands
    result.verified = not remaining.commands
    if not result.verified:
        trial = " (commit trial not confirmed: the device rolls back when it runs out)" \
            if result.trial else ""
        reason = (f"verification failed: {len(remaining.commands)} command(s) still between "
                  f"the running and the intended config{trial}")
        if job.target.platform == "vrp5":  # what was applied stays: plan (and send) its undo
            _after_vrp5_failure(session, job.target, options, result, before, False, reconnect)
            reason += _vrp5_note(result)
        raise _StopError(reason)


def _finish(session: Session, target: Target, options: Options, result: DeviceResult) -> None:
    if result.trial:
        answer = session.send(CONFIRM, timeout=120)
        if answer.error or answer.prompt is None or COMMIT_FAILED in answer.output:
            raise _StopError(f"confirming the commit trial failed: {answer.error or ''}; the "
                        "device rolls back when the trial time runs out")
        result.confirmed = True
    answer = session.send("return")
    if answer.question is not None:  # cannot happen after a commit; never commit by accident
        session.send("N")
    result.result = APPLIED
    if options.save:
        save = session.send("save", timeout=120)
        if save.question is not None:
            save = session.send("y", timeout=120)  # §2.3
        result.saved = save.prompt is not None and not save.error and \
            "successfully" in save.output.lower()
        if not result.saved:
            result.result = FAILED
            result.reason = f"save failed: {save.error or printable(save.output[-200:])}"
    log.debug("%s: applied %d line(s)", target.name, len(result.applied))


def _quiet() -> contextlib.suppress:
    """Best-effort clean-up: a PushError (lost session, timeout) is swallowed."""
    return contextlib.suppress(PushError)


# -- backups and secrets --------------------------------------------------------------------------


def write_backup(directory: Path, device: str, text: str) -> Path:
    """DIR/<device>/<UTC time>.cfg and DIR/<device>.cfg (the latest), written together."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    path = directory / device / f"{stamp}.cfg"
    write_all({path: text, directory / f"{device}.cfg": text})
    return path


def secret_commands(intended: str, the_plan: Plan) -> list[Command]:
    """--rotate-secrets: every password line of the intended config, sent again in its view
    (the device shows passwords ciphered, so they are never compared, REFERENCE §6.3)."""
    planned = {c.text.strip() for c in the_plan.commands}
    out: list[Command] = []
    config = parse(intended)
    for node in config.root.children.values():
        lines = [child.text.strip() for child in node.children.values()
                 if secret_span(child.text.strip()) is not None
                 and child.text.strip() not in planned]
        if lines:
            out += [Command(node.text.strip()), *(Command(line) for line in lines),
                    Command("quit")]
    return out
