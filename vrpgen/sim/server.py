"""asyncssh glue: password auth, a PTY shell per channel, input processed in order (REFERENCE §5.3).

Each channel gets a `ShellSession`: received text is queued and one task runs it through the line
discipline (echo at once, Enter → command) and the CLI session, applying the device's faults.
Output is written once per command: the answer and the next prompt together, no trailing newline,
and nothing is ever written while the client is idle (§5.3 items 5, 8).

What a session holds for its client is bounded (limits.py): reading pauses while queued input is
high, no command runs while the client leaves output unread, and a client over a limit (a line
too long, output unread too long or too large, the process total) is disconnected alone.
"""

from __future__ import annotations

import asyncio
import hmac
import logging

import asyncssh

from vrpgen.sim.device import Device
from vrpgen.sim.faults import Faults
from vrpgen.sim.limits import DEFAULT_LIMITS, Budget, Limits
from vrpgen.sim.session import CliSession, Reply
from vrpgen.sim.terminal import Echo, LineDiscipline, Overflow

log = logging.getLogger("vrpgen.sim")


def wire(text: str) -> str:
    """Display form to the wire: CRLF line ends (§3.1)."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


class DeviceServer(asyncssh.SSHServer):
    """One SSH connection to a device; the credentials are compared, never logged."""

    def __init__(
        self,
        device: Device,
        username: str,
        password: str,
        faults: Faults,
        live: set[asyncssh.SSHServerConnection] | None = None,
        limits: Limits = DEFAULT_LIMITS,
        budget: Budget | None = None,
    ) -> None:
        self._device = device
        self._username = username.encode()
        self._password = password.encode()
        self._faults = faults
        self._live = live if live is not None else set()
        self._conn: asyncssh.SSHServerConnection | None = None
        self._limits = limits
        self._budget = budget if budget is not None else Budget(limits.total)

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._conn = conn
        self._live.add(conn)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._conn is not None:
            self._live.discard(self._conn)

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        if self._faults.refuse_login:
            return False
        user_ok = hmac.compare_digest(username.encode(), self._username)
        pass_ok = hmac.compare_digest(password.encode(), self._password)
        return user_ok and pass_ok

    def session_requested(self) -> ShellSession:
        return ShellSession(self._device, self._faults, self._limits, self._budget)


class ShellSession(asyncssh.SSHServerSession[str]):
    def __init__(
        self,
        device: Device,
        faults: Faults,
        limits: Limits = DEFAULT_LIMITS,
        budget: Budget | None = None,
    ) -> None:
        self._device = device
        self._faults = faults
        self._limits = limits
        self._budget = budget if budget is not None else Budget(limits.total)
        self._chan: asyncssh.SSHServerChannel[str] | None = None
        self._cli = CliSession(
            device, fail_commit=faults.fail_commit, initial_password=faults.initial_password
        )
        self._tty = LineDiscipline(limits.max_line)
        self._queue: asyncio.Queue[str | None] = asyncio.Queue()
        self._queued = 0  # characters received and not yet run
        self._reading = True
        self._task: asyncio.Task[None] | None = None
        self._commands = 0
        self._hung = False
        self._held: str | None = None  # a command waiting for the answer to a fault's question
        self._gone = False  # disconnected over a limit: nothing more is read or written

    # -- asyncssh callbacks ----------------------------------------------------------------

    def connection_made(self, chan: asyncssh.SSHServerChannel[str]) -> None:
        self._chan = chan

    def pty_requested(
        self, term_type: str, term_size: tuple[int, int, int, int], term_modes: object
    ) -> bool:
        return True  # §5.3.1: any size; lines are never wrapped

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        return False

    def session_started(self) -> None:
        self._device.sessions += 1
        self._write(self._cli.banner(self._device.sessions))
        self._task = asyncio.get_running_loop().create_task(self._run())

    def data_received(self, data: str, datatype: asyncssh.DataType) -> None:
        if self._gone:
            return
        self._queue.put_nowait(data)
        self._queued += len(data)
        if self._reading and self._queued > self._limits.input_high and self._chan is not None:
            self._reading = False
            self._chan.pause_reading()  # SSH flow control: the client's window runs out
        self._account()

    def eof_received(self) -> bool:
        self._queue.put_nowait(None)
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self._device.sessions -= 1
        self._budget.remove(self)
        self._gone = True
        if self._task is not None:
            self._task.cancel()

    # -- limits (limits.py) ----------------------------------------------------------------

    def footprint(self) -> int:
        """What this session holds for its client: queued input, the line being typed, and
        output not yet read (the channel's buffer and the TCP connection's)."""
        return self._queued + self._tty.pending_length + self._unread()

    def _unread(self) -> int:
        chan = self._chan
        if chan is None:
            return 0
        size = chan.get_write_buffer_size()
        # asyncssh ignores the socket's backpressure: a client that grants a large SSH window
        # and then stops reading leaves the output in the connection's transport buffer.
        transport = getattr(chan.get_extra_info("connection"), "_transport", None)
        if isinstance(transport, asyncio.WriteTransport):
            size += transport.get_write_buffer_size()
        return size

    def _account(self) -> None:
        """Report this session's size to the process budget; over it, the largest session's
        client is disconnected (this one or another)."""
        if self._gone:
            return
        over = self._budget.update(self, self.footprint())
        if isinstance(over, ShellSession):
            over._disconnect(f"the simulator holds more than {self._limits.total} bytes for "
                             "its clients; this one holds the most")

    def _disconnect(self, reason: str) -> None:
        """Drop the client's TCP connection at once (its buffers go with it), alone."""
        if self._gone:
            return
        self._gone = True
        self._budget.remove(self)
        log.warning("%s: client disconnected: %s", self._device.name, reason)
        self._abort()

    async def _room(self) -> bool:
        """Wait until the client has read its output down to `output_low` before the next
        command; False (client disconnected) when it leaves more than `output_high` unread for
        `stall` seconds."""
        limits = self._limits
        if self._unread() <= limits.output_high:
            return True
        deadline = asyncio.get_running_loop().time() + limits.stall
        while self._unread() > limits.output_low:
            if self._gone:
                return False
            if asyncio.get_running_loop().time() >= deadline:
                self._disconnect(f"more than {limits.output_high} bytes of output left unread "
                                 f"for {limits.stall:g} s while sending more input")
                return False
            await asyncio.sleep(0.05)
        return True

    # -- processing ------------------------------------------------------------------------

    def _write(self, text: str) -> None:
        if self._chan is None or not text or self._gone:
            return
        try:
            self._chan.write(wire(text))
        except BrokenPipeError:  # the client closed its channel while input was still queued
            self._gone = True
            return
        if self._unread() > self._limits.output_max:
            self._disconnect(f"more than {self._limits.output_max} bytes of output unread")
            return
        self._account()

    def _consumed(self, chunk: str) -> None:
        self._queued -= len(chunk)
        if not self._reading and self._queued <= self._limits.input_low \
                and self._chan is not None and not self._gone:
            self._reading = True
            self._chan.resume_reading()

    async def _run(self) -> None:
        try:
            while (chunk := await self._queue.get()) is not None:
                self._consumed(chunk)
                if self._hung:
                    continue
                for event in self._tty.feed(chunk):
                    if isinstance(event, Echo):
                        self._write(event.text)
                    elif isinstance(event, Overflow):
                        self._disconnect(f"a typed line longer than {event.limit} characters")
                    elif not await self._room() or not await self._command(event.text,
                                                                           event.ctrl_z):
                        return
                    if self._hung or self._gone:
                        break
                if self._gone:
                    return
        except asyncio.CancelledError:
            raise
        except Exception:  # a bug in the simulator: log it, drop this session only
            log.exception("simulator session on %s failed", self._device.name)
            self._close()
        else:
            self._close()

    async def _command(self, line: str, ctrl_z: bool) -> bool:
        """Run one input line; False when the session is over."""
        if self._held is not None:  # the answer to a `questions` fault: Y runs the command
            held, self._held = self._held, None
            if line.strip().lower() not in ("y", "yes"):
                self._write(self._cli.prompt())
                return True
            line = held
        elif self._cli.pending is None and line.strip():
            question = self._faults.question_for(line)
            if question is not None:
                self._held = line
                self._write(question)
                return True
        counted = bool(line.strip()) and self._cli.pending is None
        if counted:
            faults = self._faults
            if faults.drop_after is not None and self._commands >= faults.drop_after:
                self._abort()
                return False
            if faults.hang_after is not None and self._commands >= faults.hang_after:
                self._hung = True
                return True
            self._commands += 1
            if faults.latency:
                await asyncio.sleep(faults.latency)
            message = faults.error_for(line)
            if message is not None:
                self._write(f"{message}\n{self._cli.prompt()}")
                return True
            if faults.ignores(line):
                self._write(self._cli.prompt())
                return True
        reply: Reply = self._cli.handle(line, ctrl_z=ctrl_z)
        self._write(reply.text)
        if reply.close:
            self._close()
            return False
        return True

    def _close(self) -> None:
        if self._chan is not None:
            self._chan.exit(0)

    def _abort(self) -> None:
        """The TCP connection goes away without a goodbye (the `drop_after` fault, a client
        over a limit): its buffers are freed at once, however much the client left unread."""
        if self._chan is not None:
            conn = self._chan.get_extra_info("connection")
            if conn is not None:
                conn.abort()
