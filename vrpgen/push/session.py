"""SSH sessions to VRP devices. The only module that imports netmiko."""

from __future__ import annotations

import codecs
import contextlib
import errno
import re
import select
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vrpgen.errors import PushError, printable
from vrpgen.push.targets import Credentials, Target


def fetch_running(target: Target, credentials: Credentials, timeout: float = 30.0) -> str:
    """`display current-configuration` of one device (REFERENCE §5.2: through send_command,
    whose prompt match is not fooled by the config's `#` lines)."""
    # netmiko takes about half a second to import: only the commands that reach devices pay.
    from netmiko.exceptions import ReadTimeout

    connection = _connect(target, credentials, timeout, None)
    # Errors are raised `from None`: netmiko's exceptions and their chains can carry the
    # connection arguments, and no secret may reach a message, log or report.
    try:
        output = connection.send_command("display current-configuration", read_timeout=timeout)
        text = output if isinstance(output, str) else str(output)
    except ReadTimeout:
        raise PushError(f"{target.name}: timed out during fetch "
                        f"({target.host}:{target.port})") from None
    except (OSError, EOFError, ValueError) as exc:
        raise PushError(f"{target.name}: fetch failed: {type(exc).__name__}: "
                        f"{_clean(str(exc), credentials)}") from None
    finally:
        connection.disconnect()
    if not text.rstrip().endswith("return"):
        raise PushError(f"{target.name}: incomplete configuration read (no final `return`)")
    return text


TIMED_OUT = "timed out"
_UNREACHABLE = frozenset({errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EHOSTDOWN,
                          errno.ENETDOWN})


def connect_failure(exc: BaseException) -> str | None:
    """What a failed TCP connection met, from the socket error under `exc` (netmiko and paramiko
    keep it as the implicit context): "connection refused", "host unreachable", "DNS lookup
    failed", "timed out", or None when there is no socket error to read."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        found = _socket_failure(cause)
        if found is not None:
            return found
        cause = cause.__cause__ or cause.__context__
    return None


def _socket_failure(exc: BaseException) -> str | None:
    if isinstance(exc, socket.gaierror):
        return "DNS lookup failed"
    if isinstance(exc, TimeoutError):  # socket.timeout is TimeoutError since Python 3.10
        return TIMED_OUT
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, OSError) and exc.errno in _UNREACHABLE:
        return "host unreachable"
    # paramiko's NoValidConnectionsError: one socket error per address tried
    errors = getattr(exc, "errors", None)
    if isinstance(errors, dict):
        kinds = {_socket_failure(e) for e in errors.values() if isinstance(e, BaseException)}
        kinds.discard(None)
        if kinds:
            return " / ".join(sorted(k for k in kinds if k is not None))
    return None


def _clean(text: str, credentials: Credentials) -> str:
    return text.replace(credentials.password, "********") if credentials.password else text


# -- a push session: one connection, the plan streamed line by line ------------------------------

# A prompt at the very end of what arrived (§2.1, §5.3.6): `<R1>`, `[R1-bgp]`, `[~R1]`,
# `[*R1-vlan10]`.
# Any name: after `sysname` the prompt changes mid-push (§5.3.6, NMI nornir_netmiko#71), so the
# pattern never depends on the name read at login.
PROMPT = re.compile(r"(?:^|\n)(<[^<>\r\n]+>|\[[~*]?[^\[\]\r\n]+\])[ \t]*\Z")
# A question waiting for an answer at the end of what arrived (§1.1, §2.3, §2.5, §2.6).
QUESTION = re.compile(
    r"(?:\[Y/N\]:?|\[Y/N/C\]:?|\[Y\(yes\)/N\(no\)/C\(cancel\)\]:?|\(y/n\)\[[yn]\]:?)[ \t]*\Z",
    re.IGNORECASE)
# Anything else that ends in `:` or `?` and then stays silent is a prompt nobody planned for
# (e.g. §2.3 `Please input the file name(*.cfg, *.zip, *.dat):`).
OPEN_PROMPT = re.compile(r"[:?][ \t]*\Z")
ERROR = re.compile(r"^Error(\[\d+\])?:.*$", re.MULTILINE)  # §2.4
# The pager's erase (` ESC[42D`, §2.2, netmiko strips it the same way) and any other CSI sequence.
ESCAPES = re.compile(r" ?\x1b\[\d+D|\x1b\[[0-9;?]*[A-Za-z]")
QUIET = 1.0  # seconds of silence after an open prompt before it is called unexpected


class SessionLostError(PushError):
    """The connection went away."""


class CommandTimeoutError(PushError):
    """No prompt within the command timeout."""


@dataclass(frozen=True, slots=True)
class Answer:
    """What one line brought back: its output (echo removed, "\\n" line ends) and how it ended:
    at a prompt (`prompt` is its text) or at a question (`question` is its last line)."""

    output: str
    prompt: str | None = None
    question: str | None = None

    @property
    def error(self) -> str | None:
        found = ERROR.search(self.output)
        return found.group(0).strip() if found else None


@dataclass(frozen=True, slots=True)
class HostKeys:
    """--known-hosts FILE: the device's SSH host key must be in FILE (netmiko ssh_strict)."""

    file: Path | None = None


class DeviceSession:
    """One SSH session over netmiko's connection: login and paging by netmiko (its driver's
    session_preparation, §5.2), then every line written with write_channel and read up to
    the next prompt or question by this class, without netmiko's config-mode checks (§5.2:
    ≥ 2 s each) and without matching the login's base prompt (which `sysname` changes)."""

    def __init__(self, target: Target, credentials: Credentials, *, connect_timeout: float,
                 command_timeout: float, host_keys: HostKeys | None = None,
                 redact: Callable[[str], str] | None = None) -> None:
        self.target = target
        self.command_timeout = command_timeout
        self._redact = redact or (lambda text: text)
        self._password = credentials.password
        self._conn = _connect(target, credentials, connect_timeout, host_keys)
        self.prompt = self._conn.base_prompt
        self._broken = False  # a timeout or a lost connection: nothing more is sent
        self._chan = self._conn.remote_conn
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def close(self) -> None:
        """Back to user view (discarding an uncommitted VRP8 candidate: §1.1 question answered
        N), `quit`, close. netmiko's own cleanup is skipped: its config-mode check waits for
        2 s of silence (§5.2) and would answer nothing to the uncommitted question (NMI#2625)."""
        if not self._broken:
            with contextlib.suppress(Exception):
                answer = self.send("return", timeout=3)
                if answer.question is not None:
                    self.send("N", timeout=3)
                self._write("quit\n")
        with contextlib.suppress(Exception):
            self._conn.cleanup = lambda *args, **kwargs: None
            self._conn.disconnect()

    def __enter__(self) -> DeviceSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send(self, line: str, timeout: float | None = None) -> Answer:
        """Write one line and read until the next prompt or question."""
        if self._broken:
            raise SessionLostError(f"{self.target.name}: session unusable after an earlier "
                                   "timeout or loss")
        try:
            self._write(line + "\n")
            return self._read(line, timeout or self.command_timeout)
        except PushError:
            self._broken = True
            raise

    def running_config(self) -> str:
        """`display current-configuration` read to its final `return` and the prompt."""
        answer = self.send("display current-configuration")
        text = answer.output
        if answer.error is not None:
            raise PushError(f"{self.target.name}: display current-configuration: "
                            f"{self._redact(answer.error)}")
        if not text.rstrip().endswith("return"):
            raise PushError(f"{self.target.name}: incomplete configuration read (no final "
                            "`return`)")
        return text if text.endswith("\n") else text + "\n"

    # -- transport -------------------------------------------------------------------------

    def _write(self, data: str) -> None:
        try:
            self._conn.write_channel(data)
        except (OSError, EOFError, ValueError) as exc:
            raise SessionLostError(f"{self.target.name}: connection lost while sending "
                              f"({type(exc).__name__})") from None

    def _read(self, line: str, timeout: float) -> Answer:
        buffer = ""
        deadline = time.monotonic() + timeout
        quiet_since: float | None = None
        while True:
            chunk = self._receive(line)
            if chunk:
                buffer += chunk
                quiet_since = None
                answer = self._complete(buffer, line)
                if answer is not None:
                    return answer
            now = time.monotonic()
            if now >= deadline:
                raise CommandTimeoutError(
                    f"{self.target.name}: no prompt within {timeout:g} s after "
                    f"{_show(self._redact(line))} (last output: "
                    f"{_show(self._redact(_tail(buffer)))})")
            if not chunk and OPEN_PROMPT.search(buffer):
                quiet_since = quiet_since or now
                if now - quiet_since >= QUIET and PROMPT.search(buffer) is None:
                    return Answer(_strip_echo(buffer, line) or buffer, question=_tail(buffer))
            if not chunk:
                select.select([self._chan], [], [], min(0.05, max(0.0, deadline - now)))

    def _receive(self, line: str) -> str:
        """What has arrived, decoded, line ends normalised, terminal escapes removed; "" when
        nothing has. Straight from paramiko's channel: netmiko's read_channel runs some 35
        regular expressions over every chunk (its ANSI stripper), the largest CPU cost of a
        push; VRP sends escapes only with its pager (§2.2), which the login turned off."""
        chan = self._chan
        data = ""
        try:
            if self._conn._read_buffer:  # left by netmiko's login reads
                data, self._conn._read_buffer = self._conn._read_buffer, ""
            while chan.recv_ready():
                data += self._decoder.decode(chan.recv(65536))
            if not data and (chan.closed or chan.eof_received or
                             not chan.get_transport().is_active()):
                raise SessionLostError(f"{self.target.name}: connection closed by the device "
                                       f"after {_show(self._redact(line))}")
        except OSError as exc:
            raise SessionLostError(f"{self.target.name}: connection lost "
                                   f"({type(exc).__name__})") from None
        if "\x1b" in data:
            data = ESCAPES.sub("", data)
        return data.replace("\r\n", "\n").replace("\r", "")

    @staticmethod
    def _complete(buffer: str, line: str) -> Answer | None:
        body = _strip_echo(buffer, line)
        if body is None:
            return None  # the echo has not arrived yet
        found = PROMPT.search(body)
        if found is not None:
            return Answer(body[: found.start()].strip("\n"), prompt=found.group(1))
        if QUESTION.search(body):
            return Answer(body, question=_tail(body))
        return None


def _strip_echo(buffer: str, line: str) -> str | None:
    """What follows the echo of `line` (the echo ends at its line break); None until then."""
    if not line:
        return buffer
    at = buffer.find(line)
    if at < 0:
        return None
    end = buffer.find("\n", at + len(line))
    return None if end < 0 else buffer[end + 1:]


def _tail(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""


def _show(text: str, limit: int = 120) -> str:
    text = printable(text)
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _connect(target: Target, credentials: Credentials, timeout: float,
             host_keys: HostKeys | None) -> Any:
    from netmiko import ConnectHandler
    from netmiko.exceptions import (
        NetmikoAuthenticationException,
        NetmikoTimeoutException,
        ReadException,
        ReadTimeout,
    )
    from paramiko.ssh_exception import SSHException  # type: ignore[import-untyped,unused-ignore]

    keys: dict[str, Any] = {}
    if host_keys is not None and host_keys.file is not None:
        keys = {"ssh_strict": True, "system_host_keys": False, "alt_host_keys": True,
                "alt_key_file": str(host_keys.file)}
    try:
        return ConnectHandler(
            device_type=target.device_type, host=target.host, port=target.port,
            username=credentials.username, password=credentials.password,
            timeout=timeout, conn_timeout=timeout, auth_timeout=timeout, banner_timeout=timeout,
            # fast_cli: netmiko 4 logs in by pattern (§5.2); its extra delays only cost time
            fast_cli=True, **keys)
    except NetmikoAuthenticationException:
        raise PushError(f"{target.name}: authentication failed for user "
                        f"{credentials.username!r}") from None
    except NetmikoTimeoutException as exc:
        if _host_key_refused(exc):
            raise _host_key_error(target) from None
        failure = connect_failure(exc)
        if failure in (None, TIMED_OUT):
            raise PushError(f"{target.name}: timed out during connect "
                            f"({target.host}:{target.port})") from None
        raise PushError(f"{target.name}: cannot connect to {target.host}:{target.port}: "
                        f"{failure}") from None
    except SSHException as exc:
        text = str(exc)
        if _host_key_refused(exc):
            raise _host_key_error(target) from None
        raise PushError(f"{target.name}: connect failed: SSHException: "
                        f"{_clean(text, credentials)}") from None
    except (ReadTimeout, ReadException):
        raise PushError(f"{target.name}: no prompt after login within {timeout:g} s "
                        f"({target.host}:{target.port})") from None
    except (OSError, EOFError, ValueError) as exc:
        failure = connect_failure(exc)
        detail = failure or f"{type(exc).__name__}: {_clean(str(exc), credentials)}"
        raise PushError(f"{target.name}: connect failed: {detail}") from None


def _host_key_error(target: Target) -> PushError:
    return PushError(f"{target.name}: SSH host key of {target.host}:{target.port} is not the "
                     "one in the known-hosts file (or not in it): not connected")


def _host_key_refused(exc: BaseException) -> bool:
    """paramiko's RejectPolicy ("not found in known_hosts") or BadHostKeyException ("does not
    match"), as netmiko passes them on inside its timeout exception."""
    text = str(exc)
    return "known_hosts" in text or "Host key for server" in text or \
        type(exc).__name__ == "BadHostKeyException"
