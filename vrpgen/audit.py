"""The audit trail: one JSON line per device and action that touched a device (`backup`,
`diff --live`, `push`), appended to a file several runs may share.

    trail = AuditTrail(command=command_line(sys.argv, secrets), path=Path("audit.jsonl"))
    trail.open()                       # before any device is touched: the file must be writable
    trail.write("push", "R1", "applied", fingerprint=..., lines_sent=12)

A line: `{"time": "2026-11-30T22:52:01Z", "user": "alice", "command": "vrpgen push …",
"action": "push", "device": "R1", "fingerprint": "…", "lines_sent": 12, "result": "applied",
"error": null, "vrpgen": "0.1.0"}` (docs/schemas/audit.schema.json).

Concurrent runs: the file is opened with O_APPEND and each line is one write() under an
exclusive flock (lines shorter than PIPE_BUF are atomic on pipes, not on regular files; flock,
not lockf: POSIX record locks do not exclude the threads of one process, and push writes from
its worker threads). Secrets: every string passes vrp.secrets.mask and has each known secret
value (the SSH password, the filled BGP passwords) replaced; the environment, hosts files and
passwords never enter a record.
"""

from __future__ import annotations

import contextlib
import fcntl
import getpass
import json
import os
import shlex
import stat
import threading
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from vrpgen import __version__
from vrpgen.errors import OutputError
from vrpgen.vrp.secrets import MASK, mask

BACKUP, DIFF_LIVE, PUSH = "backup", "diff-live", "push"


def local_user() -> str:
    """The login name (getpass: LOGNAME, USER… then the password database), or `unknown`."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no name in the environment nor in passwd
        return "unknown"


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every known secret value replaced and anything after a secret keyword
    masked (vrp.secrets.mask, line by line)."""
    for value in sorted(secrets, key=len, reverse=True):
        if value:
            text = text.replace(value, MASK)
    return "\n".join(mask(line) for line in text.split("\n"))


def command_line(argv: Sequence[str], secrets: Iterable[str] = (),
                 secret_options: Collection[str] = ()) -> str:
    """The command line as a shell would take it, with the value of each option in
    `secret_options` (`--password X`, `--password=X`) and every known secret value hidden."""
    values = list(secrets)
    words: list[str] = list(argv[:1])  # the program: vrpgen's own name, never a secret
    hide_next = False
    for arg in argv[1:]:
        if hide_next:
            words.append(MASK)
            hide_next = False
            continue
        name, eq, _ = arg.partition("=")
        if name in secret_options:
            words.append(f"{name}={MASK}" if eq else arg)
            hide_next = not eq
            continue
        words.append(redact(arg, values))
    return shlex.join(words)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass
class AuditTrail:
    """Where the trail goes and what every line of this run shares. Write failures are kept in
    `errors` (a device's change window is never broken off for its audit line); the CLI
    reports them and exits 1."""

    command: str
    path: Path | None = None
    user: str = field(default_factory=local_user)
    secrets: list[str] = field(default_factory=list, repr=False)
    errors: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def open(self) -> None:
        """Create the file if needed and check that it can be appended to: raised before any
        device is touched, so that nothing happens unaudited."""
        if self.path is None:
            return
        os.close(_open_append(self.path))

    def write(self, action: str, device: str, result: str, *, fingerprint: str | None = None,
              lines_sent: int = 0, error: str | None = None) -> None:
        if self.path is None:
            return
        record: dict[str, Any] = {
            "time": _now(), "user": self.user, "command": self.command, "action": action,
            "device": device, "fingerprint": fingerprint, "lines_sent": lines_sent,
            "result": result, "error": error, "vrpgen": __version__,
        }
        clean = {k: redact(v, self.secrets) if isinstance(v, str) else v
                 for k, v in record.items()}
        # the program name leads the command line: kept even when a password spells it (the
        # demo's `vrpgen`); the rest was redacted with every secret
        program, space, rest = self.command.partition(" ")
        clean["command"] = program + space + redact(rest, self.secrets)
        line = json.dumps(clean, ensure_ascii=True) + "\n"  # one line: no raw line break
        with self._lock:
            try:
                append_line(self.path, line.encode("ascii"))
            except (OSError, OutputError) as exc:
                self.errors.append(f"audit log {self.path}: {device}: "
                                   f"{getattr(exc, 'strerror', None) or exc}")


def _open_append(path: Path) -> int:
    """O_APPEND, created 0600; refused unless a regular file (a FIFO would block, a device
    would swallow the trail). O_NONBLOCK only for the open itself."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC | os.O_NOCTTY | os.O_NONBLOCK
    try:
        fd = os.open(path, flags, 0o600)
    except OSError as exc:
        raise OutputError(f"audit log {path}: cannot open for appending: "
                          f"{exc.strerror or exc}") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OutputError(f"audit log {path}: not a regular file")
    os.set_blocking(fd, True)
    return fd


def append_line(path: Path, data: bytes) -> None:
    """One whole line at the end of the file, whoever else appends: an exclusive flock around
    one write() (continued only if the kernel wrote part of it, e.g. on a full disk)."""
    fd = _open_append(path)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
