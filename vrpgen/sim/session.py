"""One VTY session: views, prompts, user-view commands, display, save, VRP8 candidate and commit.

Pure and synchronous: `handle(line)` returns what to print after the echoed Enter (display form,
"\\n" line ends), ending in the next prompt or an open question, never in a newline (§5.3.5).
Configuration commands go to the shared model's Applier (`vrpgen.vrp`, or the device's stand-in);
config fragments for `display` come from `vrpgen.vrp.display`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from enum import Enum

from vrpgen.sim import display, texts
from vrpgen.sim.device import Device
from vrpgen.sim.engine import ConfigApplier
from vrpgen.sim.texts import VRP8
from vrpgen.vrp import Config, Outcome, error_message, serialize
from vrpgen.vrp import display as fragments
from vrpgen.vrp.grammar import tokenize
from vrpgen.vrp.secrets import secret_span


@dataclass(frozen=True, slots=True)
class Reply:
    text: str
    close: bool = False


class Pending(Enum):
    SAVE = "save"
    APPLIER = "applier"
    UNCOMMITTED = "uncommitted"
    PASSWORD = "password"


def kw(token: str, word: str, minlen: int = 1) -> bool:
    """A keyword typed as any prefix of at least `minlen` characters, any case (§2.1).

    The user-view commands are not in the model's command table (it starts at system view), and
    their documented short forms (`dis`, `sys`) need a minimum length that grammar's
    unique-prefix matching does not express; so the session matches its few keywords itself.
    """
    low = token.lower()
    return len(low) >= minlen and word.startswith(low)


def cipher_secret(line: str) -> str:
    """A password as the device keeps and shows it: ciphered, never the typed value (§3 l. 270:
    `cipher %^%#…%^%#`; §4.9 `peer X password` displayed as `cipher <encrypted>` [INFERRED]).
    Stand-in cipher: a salted hash, so a backup of the simulator never holds the value."""
    span = secret_span(line)
    if span is None:
        return line
    start, end = span
    value = line[start:end]
    if value.startswith(("%^%#", "%$%$")):
        return line  # already ciphered (a config pasted back)
    digest = hashlib.sha256(b"vrpgen-sim:" + value.encode()).hexdigest()[:32]
    head = re.sub(r"\bsimple(\s+)$", r"cipher\1", line[:start])
    return f"{head}%^%#{digest}%^%#{line[end:]}"


class CommandRejectedError(Exception):
    """A session-level command was rejected: error kind and 0-based column in the typed line."""

    def __init__(self, kind: str, column: int) -> None:
        super().__init__(kind)
        self.kind = kind
        self.column = column


class CliSession:
    def __init__(
        self, device: Device, *, fail_commit: bool = False, initial_password: bool = False
    ) -> None:
        self.device = device
        self.fail_commit = fail_commit
        self.initial_password = initial_password
        self.applier: ConfigApplier | None = None  # None: user view
        self.pending: Pending | None = None
        self.screen_length = 24
        self.dirty = False  # VRP8: the candidate differs from the running config
        self.vrp8 = device.platform == VRP8
        self._base: Config | None = None  # VRP5: the running config the applier was built on

    # -- prompts ---------------------------------------------------------------------------

    def prompt(self) -> str:
        """§2.1: `<R1>`, `[R1-bgp]`; VRP8 `[~R1…]` / `[*R1…]` (sysname from the running config)."""
        name = self.device.sysname()
        if self.applier is None:
            return f"<{name}>"
        view = self.applier.view_name
        suffix = f"-{view}" if view else ""
        mark = ("*" if self.dirty else "~") if self.vrp8 else ""
        return f"[{mark}{name}{suffix}]"

    def banner(self, users: int) -> str:
        previous = self.device.login()
        now = self.device.last_login
        assert now is not None
        banner = texts.login_banner(self.device.platform, users, now, previous)
        if self.initial_password:
            self.pending = Pending.PASSWORD  # §2.6 / §5.3.2: netmiko answers N
            return f"{banner}\n{texts.PASSWORD_CHANGE}"
        return f"{banner}\n{self.prompt()}"

    # -- input -----------------------------------------------------------------------------

    def handle(self, line: str, *, ctrl_z: bool = False) -> Reply:
        self.device.expire_trial()  # a `commit trial` whose time is up rolls back (§1.1)
        if self.pending is not None:
            return self._answer(line)
        if ctrl_z:
            return self._return() if self.applier is not None else self._ok("")
        tokens = tokenize(line)
        if not tokens:
            return self._ok("")
        prompt = self.prompt()
        try:
            if self.applier is None:
                return self._user_view(line, tokens)
            return self._config_view(line, tokens)
        except CommandRejectedError as exc:
            message = error_message(exc.kind, self.device.platform)
            return self._error(prompt, exc.column, message)

    def _ok(self, output: str) -> Reply:
        output = output.rstrip("\n")
        return Reply(f"{output}\n{self.prompt()}" if output else self.prompt())

    def _error(self, prompt: str, column: int, message: str) -> Reply:
        """§2.4: a caret under `len(prompt) + column`, the error line, a fresh prompt."""
        return self._ok(f"{' ' * (len(prompt) + column)}^\n{message}")

    # -- user view -------------------------------------------------------------------------

    def _user_view(self, line: str, tokens: list[tuple[int, str]]) -> Reply:
        first = tokens[0][1]
        if kw(first, "display", 3):
            return self._ok(self._display(line, tokens))
        if kw(first, "system-view", 3):
            self._too_many(tokens, 1)
            self._enter_system_view()
            return self._ok(texts.SYSTEM_VIEW_BANNER[self.device.platform])
        if kw(first, "screen-length", 3):
            return self._ok(self._screen_length(line, tokens))
        if kw(first, "save", 3):
            self._too_many(tokens, 1)
            return self._ask(Pending.SAVE, texts.SAVE_QUESTION[self.device.platform])
        if kw(first, "quit", 1):
            self._too_many(tokens, 1)
            return Reply("", close=True)
        if self._terminal_monitor(tokens):
            return self._ok("")
        raise CommandRejectedError("unrecognized", tokens[0][0])

    @staticmethod
    def _terminal_monitor(tokens: list[tuple[int, str]]) -> bool:
        words = [t for _, t in tokens]
        if words and kw(words[0], "undo", 2):
            words = words[1:]
        return len(words) == 2 and kw(words[0], "terminal", 3) and kw(words[1], "monitor", 3)

    @staticmethod
    def _too_many(tokens: list[tuple[int, str]], allowed: int) -> None:
        if len(tokens) > allowed:
            raise CommandRejectedError("too_many", tokens[allowed][0])

    def _screen_length(self, line: str, tokens: list[tuple[int, str]]) -> str:
        """§2.2: `screen-length 0 temporary` (0-512) and its Info line."""
        if len(tokens) < 3:
            raise CommandRejectedError("incomplete", len(line.rstrip()) + 1)
        value = tokens[1][1]
        if not value.isdigit() or int(value) > 512:
            raise CommandRejectedError("wrong", tokens[1][0])
        if not kw(tokens[2][1], "temporary"):
            raise CommandRejectedError("unrecognized", tokens[2][0])
        self._too_many(tokens, 3)
        self.screen_length = int(value)
        return texts.SCREEN_LENGTH_INFO

    def _enter_system_view(self) -> None:
        # The applier edits its own copy: on VRP8 that copy is the session's candidate (§1.1).
        self.applier = self.device.new_applier(self.device.running)
        self.dirty = False
        self._base = self.device.running

    # -- system view and below -------------------------------------------------------------

    def _config_view(self, line: str, tokens: list[tuple[int, str]]) -> Reply:
        assert self.applier is not None
        first = tokens[0][1]
        words = [t.lower() for _, t in tokens]
        if kw(first, "display", 3):
            return self._ok(self._display(line, tokens))
        if kw(first, "save", 3) and len(tokens) == 1:
            return self._ask(Pending.SAVE, texts.SAVE_QUESTION[self.device.platform])
        if kw(first, "return", 3):
            self._too_many(tokens, 1)
            return self._return()
        if len(words) == 1 and kw(first, "quit", 3) and not self.applier.view_name:
            return self._return()
        if self.vrp8:
            reply = self._two_stage(words)
            if reply is not None:
                return reply
        if not self.vrp8 and self._base is not self.device.running:
            # another session changed the running config: continue on it (from system view)
            self._enter_system_view()
        return self._outcome(self.prompt(), self.applier.execute(cipher_secret(line)))

    def _two_stage(self, words: list[str]) -> Reply | None:
        """§1.1: commit [trial [N]], clear configuration candidate, abort [trial] (VRP8 only)."""
        if kw(words[0], "commit", 5):
            return self._commit_command(words)
        if len(words) == 2 and kw(words[0], "abort", 3) and kw(words[1], "trial", 2):
            # §1.1 `abort trial`: stop the trial, back to the config before it
            if not self.device.abort_trial():
                return self._ok("Error: No trial commit is in progress.")
            self._enter_system_view()
            return self._ok("")
        if (
            len(words) == 3
            and kw(words[0], "clear", 2)
            and kw(words[1], "configuration", 3)
            and kw(words[2], "candidate", 3)
        ):
            self._enter_system_view()  # discards the edits and returns to system view
            return self._ok("")
        if kw(words[0], "abort", 3) and len(words) == 1:
            # [UNVERIFIED] §1.1: plain `abort` = discard the candidate and leave to user view.
            self.applier = None
            self.dirty = False
            return self._ok("")
        return None

    def _commit_command(self, words: list[str]) -> Reply:
        """`commit [trial [N]] [label L] [description TEXT]` (§1.1). There is no `commit
        comment` (netmiko's commit(comment=…) sends it): rejected like any unknown keyword."""
        trial: int | None = None
        rest = words[1:]
        if rest and kw(rest[0], "trial", 2):
            trial = 600  # §1.1 default
            rest = rest[1:]
            if rest and rest[0].isdigit():
                trial = int(rest[0])
                if not 60 <= trial <= 65535:  # §1.1
                    raise CommandRejectedError("wrong", self._column(words, 2))
                rest = rest[1:]
        if rest and not (kw(rest[0], "label", 3) or kw(rest[0], "description", 3)):
            raise CommandRejectedError("unrecognized", self._column(words, len(words) - len(rest)))
        if self.fail_commit:
            return self._ok(texts.COMMIT_FAILED)
        assert self.applier is not None
        if trial is not None:
            self.device.commit_trial(self.applier.config, trial)
            self.dirty = False
            return self._ok("Info: Committing..done.")  # §1.1 "seen with commit trial"
        self.device.confirm_trial()
        self._commit()
        return self._ok("")

    def _column(self, words: list[str], index: int) -> int:
        # words come from tokenize(line) with single spaces in practice; good enough for a caret
        return sum(len(w) + 1 for w in words[:index])

    def _commit(self) -> bool:
        assert self.applier is not None
        if self.fail_commit:
            return False
        if self.dirty:
            self.device.commit(self.applier.config)
        self.dirty = False
        return True

    def _return(self) -> Reply:
        """`return` / Ctrl+Z / `quit` in system view: to user view, asking first on VRP8 (§1.1)."""
        if self.vrp8 and self.dirty:
            return self._ask(Pending.UNCOMMITTED, texts.UNCOMMITTED_QUESTION)
        self.applier = None
        return self._ok("")

    def _outcome(self, prompt: str, outcome: Outcome) -> Reply:
        assert self.applier is not None
        self._after_change()
        if outcome.error is not None:
            error = outcome.error
            return self._error(prompt, error.column, error.message)
        info = outcome.info or ""
        if outcome.question:
            question = f"{info}\n{outcome.question}" if info else outcome.question
            return self._ask(Pending.APPLIER, question)
        if outcome.left_system_view:
            return self._return()
        return self._ok(info)

    def _after_change(self) -> None:
        assert self.applier is not None
        if not self.vrp8:
            # VRP5: every command takes effect at once (§1). The applier edits its own copy,
            # which becomes the running config.
            self.device.set_running(self.applier.config)
            self._base = self.applier.config
            return
        candidate = serialize(self.applier.config, VRP8)
        self.dirty = candidate != self.device.running_text()

    # -- questions -------------------------------------------------------------------------

    def _ask(self, what: Pending, question: str) -> Reply:
        self.pending = what
        return Reply(question)

    def _answer(self, line: str) -> Reply:
        answer = line.strip().lower()
        pending, self.pending = self.pending, None
        if pending is Pending.UNCOMMITTED:
            return self._answer_uncommitted(answer)
        if answer not in ("y", "yes", "n", "no"):
            self.pending = pending
            return Reply(texts.YN_REPEAT)  # §2.5, NMI#1776
        yes = answer.startswith("y")
        if pending is Pending.PASSWORD:
            return self._ok("")  # changing the password is not simulated; Y is taken as N
        if pending is Pending.SAVE:
            if not yes:
                return self._ok("")
            self.device.save()
            return self._ok(texts.SAVE_DONE[self.device.platform])
        assert self.applier is not None
        return self._outcome(self.prompt(), self.applier.answer(yes))

    def _answer_uncommitted(self, answer: str) -> Reply:
        if answer in ("c", "cancel"):
            return self._ok("")
        if answer in ("y", "yes"):
            if not self._commit():
                return self._ok(texts.COMMIT_FAILED)
            self.applier = None
            return self._ok("")
        if answer in ("n", "no"):
            self.applier = None
            self.dirty = False
            return self._ok("")
        self.pending = Pending.UNCOMMITTED
        return Reply(texts.YNC_REPEAT)

    # -- display ---------------------------------------------------------------------------

    def _display(self, line: str, tokens: list[tuple[int, str]]) -> str:
        body, _, pipe = line.partition("|")
        words = [t for t in tokens if t[0] < len(body)]
        if len(words) < 2:
            raise CommandRejectedError("incomplete", len(body.rstrip()) + 1)
        text = self._display_body(body, words)
        if pipe:
            text = self._pipe(line, len(body) + 1, pipe, text)
        return text

    def _display_body(self, body: str, words: list[tuple[int, str]]) -> str:
        what = words[1][1]
        if kw(what, "current-configuration", 2):
            return self._display_current(body, words)
        if kw(what, "version", 3):
            self._too_many(words, 2)
            return texts.display_version(self.device.platform, self.device.uptime())
        if kw(what, "this", 2):
            self._too_many(words, 2)
            return self._display_this()
        if kw(what, "saved-configuration", 2):
            self._too_many(words, 2)
            return self.device.saved or ""
        if kw(what, "configuration", 3) and self.vrp8 and len(words) >= 3:
            if kw(words[2][1], "candidate", 3):
                return self._display_candidate(words)
            raise CommandRejectedError("unrecognized", words[2][0])
        raise CommandRejectedError("unrecognized", words[1][0])

    def _display_current(self, body: str, words: list[tuple[int, str]]) -> str:
        if len(words) == 2:
            return self.device.running_text()  # VRP8: committed config only (§1.1)
        running, platform = self.device.running, self.device.platform
        option = words[2][1]
        if kw(option, "interface", 2):
            if len(words) < 4:
                raise CommandRejectedError("incomplete", len(body.rstrip()) + 1)
            typed = body[words[3][0] :].strip()
            block = fragments.interface(running, typed)
            if block is None:
                raise CommandRejectedError("wrong", words[3][0])
            return fragments.fragment([block], platform)
        if kw(option, "configuration", 3):
            if len(words) < 4:
                raise CommandRejectedError("incomplete", len(body.rstrip()) + 1)
            self._too_many(words, 4)
            return fragments.fragment(fragments.sections(running, words[3][1]), platform)
        raise CommandRejectedError("unrecognized", words[2][0])

    def _candidate(self) -> Config:
        return self.applier.config if self.applier is not None else self.device.running

    def _display_this(self) -> str:
        # [INFERRED] VRP8 shows the session's candidate; system view shows the whole config.
        config, platform = self._candidate(), self.device.platform
        if self.applier is None or not self.applier.view_name:
            return serialize(config, platform)
        section = fragments.view_section(config, self.applier.view_name)
        return fragments.fragment([] if section is None else [section], platform)

    def _display_candidate(self, words: list[tuple[int, str]]) -> str:
        candidate = serialize(self._candidate(), VRP8)
        if len(words) >= 4 and kw(words[3][1], "changes", 2):
            return display.candidate_changes(self.device.running_text(), candidate)
        return candidate

    @staticmethod
    def _pipe(line: str, start: int, pipe: str, text: str) -> str:
        parts = pipe.split(None, 1)
        if not parts:
            raise CommandRejectedError("incomplete", len(line.rstrip()) + 1)
        how = next((h for h in ("include", "exclude", "begin") if kw(parts[0], h)), None)
        column = start + (len(pipe) - len(pipe.lstrip()))
        if how is None:
            raise CommandRejectedError("unrecognized", column)
        if len(parts) < 2:
            raise CommandRejectedError("incomplete", len(line.rstrip()) + 1)
        try:
            pattern = re.compile(parts[1].strip())
        except re.error:
            raise CommandRejectedError("wrong", column + len(parts[0]) + 1) from None
        return display.apply_filter(text, how, pattern)
