"""asyncssh glue: password auth, a PTY shell per channel, input processed in order (REFERENCE §5.3).

Each channel gets a `ShellSession`: received text is queued and one task runs it through the line
discipline (echo at once, Enter → command) and the CLI session, applying the device's faults.
Output is written once per command: the answer and the next prompt together, no trailing newline,
and nothing is ever written while the client is idle (§5.3 items 5, 8).
"""

from __future__ import annotations

import asyncio
import hmac
import logging

import asyncssh

from vrpgen.sim.device import Device
from vrpgen.sim.faults import Faults
from vrpgen.sim.session import CliSession, Reply
from vrpgen.sim.terminal import Echo, LineDiscipline

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
    ) -> None:
        self._device = device
        self._username = username.encode()
        self._password = password.encode()
        self._faults = faults
        self._live = live if live is not None else set()
        self._conn: asyncssh.SSHServerConnection | None = None

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
        return ShellSession(self._device, self._faults)


class ShellSession(asyncssh.SSHServerSession[str]):
    def __init__(self, device: Device, faults: Faults) -> None:
        self._device = device
        self._faults = faults
        self._chan: asyncssh.SSHServerChannel[str] | None = None
        self._cli = CliSession(
            device, fail_commit=faults.fail_commit, initial_password=faults.initial_password
        )
        self._tty = LineDiscipline()
        self._queue: asyncio.Queue[str | None] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._commands = 0
        self._hung = False

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
        self._queue.put_nowait(data)

    def eof_received(self) -> bool:
        self._queue.put_nowait(None)
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self._device.sessions -= 1
        if self._task is not None:
            self._task.cancel()

    # -- processing ------------------------------------------------------------------------

    def _write(self, text: str) -> None:
        if self._chan is not None and text:
            self._chan.write(wire(text))

    async def _run(self) -> None:
        try:
            while (chunk := await self._queue.get()) is not None:
                if self._hung:
                    continue
                for event in self._tty.feed(chunk):
                    if isinstance(event, Echo):
                        self._write(event.text)
                    elif not await self._command(event.text, event.ctrl_z):
                        return
                    if self._hung:
                        break
        except asyncio.CancelledError:
            raise
        except Exception:  # a bug in the simulator: log it, drop this session only
            log.exception("simulator session on %s failed", self._device.name)
            self._close()
        else:
            self._close()

    async def _command(self, line: str, ctrl_z: bool) -> bool:
        """Run one input line; False when the session is over."""
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
        """The `drop_after` fault: the TCP connection goes away without a goodbye."""
        if self._chan is not None:
            conn = self._chan.get_extra_info("connection")
            if conn is not None:
                conn.abort()
