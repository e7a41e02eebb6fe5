"""Issue 9: what a client can make the simulator hold is bounded (vrpgen/sim/limits.py).

Over real SSH (asyncssh clients on their own event loop, the simulator on its thread): a client
that floods and never reads is disconnected, alone and in bounded time, while a second client on
the same simulator keeps getting correct answers; a client that reads gets every byte, however
far its answers pass the high-water marks.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

import asyncssh
import pytest
from sim_support import PASSWORD, USER

from vrpgen.sim.limits import KIB, MIB, Budget, Limits
from vrpgen.sim.runner import DeviceSpec, SimThread
from vrpgen.sim.terminal import Echo, Line, LineDiscipline, Overflow

# Small limits so that each flood trips them in well under a second of traffic.
SMALL = Limits(max_line=4 * KIB, window=64 * KIB, input_high=32 * KIB, input_low=8 * KIB,
               output_high=64 * KIB, output_low=16 * KIB, output_max=1 * MIB, stall=1.0,
               total=64 * MIB)
VLANS = 2000  # `display current-configuration` of R2 is ~180 KB: above output_high


def _big_config() -> str:
    blocks = [f"vlan {n}\n description {'x' * 60} {n}\n#" for n in range(2, 2 + VLANS)]
    return "#\nsysname R2\n#\n" + "\n".join(blocks) + "\nreturn\n"


def _sim(limits: Limits) -> SimThread:
    return SimThread([DeviceSpec("R1", "vrp5"), DeviceSpec("R2", "vrp5", _big_config())],
                     username=USER, password=PASSWORD, limits=limits)


@pytest.fixture(scope="module")
def small_sim() -> Iterator[SimThread]:
    sim = _sim(SMALL)
    try:
        yield sim
    finally:
        sim.stop()


class Shell:
    """An asyncssh client with a PTY shell, as a person or netmiko would open one."""

    def __init__(self, conn: asyncssh.SSHClientConnection,
                 proc: asyncssh.SSHClientProcess[str], prompt: str) -> None:
        self.conn, self.proc, self.prompt = conn, proc, prompt

    @classmethod
    async def open(cls, port: int, prompt: str, window: int = 2 * MIB) -> Shell:
        conn = await asyncssh.connect("127.0.0.1", port, username=USER, password=PASSWORD,
                                      known_hosts=None, window=window)
        proc = await conn.create_process(term_type="vt100", term_size=(511, 1000))
        shell = cls(conn, proc, prompt)
        await shell.read_prompt()
        return shell

    async def read_prompt(self) -> str:
        return await asyncio.wait_for(self.proc.stdout.readuntil(self.prompt), 10)

    async def run(self, command: str) -> str:
        self.proc.stdin.write(command + "\n")
        return await self.read_prompt()

    def close(self) -> None:
        self.conn.close()


class _Deaf(asyncssh.SSHClientSession[str]):
    """A client session that reads nothing, not even at the SSH level: once its window (a
    small one) is used up, everything the server writes stays with the server."""

    def connection_made(self, chan: asyncssh.SSHClientChannel[str]) -> None:
        chan.pause_reading()


class Flooder:
    """Opens a PTY shell, then writes and never reads."""

    def __init__(self, conn: asyncssh.SSHClientConnection,
                 chan: asyncssh.SSHClientChannel[str]) -> None:
        self.conn, self.chan = conn, chan

    @classmethod
    async def open(cls, port: int) -> Flooder:
        conn = await asyncssh.connect("127.0.0.1", port, username=USER, password=PASSWORD,
                                      known_hosts=None, window=16 * KIB)
        chan, _ = await conn.create_session(_Deaf, term_type="vt100", term_size=(511, 1000),
                                            encoding="utf-8")
        return cls(conn, chan)

    async def flood(self, chunk: str, limit: int) -> int:
        """Write `chunk` again and again until the server drops the connection or `limit`
        bytes are out (only as fast as the server takes them); the bytes written."""
        sent = 0
        while sent < limit and not self.conn.is_closed():
            if self.chan.get_write_buffer_size() > 256 * KIB:  # the server stopped reading
                await asyncio.sleep(0.01)
                continue
            self.chan.write(chunk)
            sent += len(chunk)
            await asyncio.sleep(0)
        return sent

    async def disconnected(self, seconds: float) -> bool:
        try:
            await asyncio.wait_for(self.conn.wait_closed(), seconds)
        except TimeoutError:
            return False
        return True

    def close(self) -> None:
        self.conn.close()


async def _meanwhile_correct(port: int, stop: asyncio.Event) -> int:
    """A second, well-behaved client: answers stay right while the flood goes on."""
    shell = await Shell.open(port, "<R1>")
    answers = 0
    try:
        while not stop.is_set():
            started = time.monotonic()
            out = await shell.run("display current-configuration")
            assert "sysname R1" in out and out.endswith("return\r\n<R1>"), out
            assert time.monotonic() - started < 2.0
            answers += 1
            await asyncio.sleep(0.05)
    finally:
        shell.close()
    return answers


def _flood_scenario(sim: SimThread, flood: Callable[[Flooder], Coroutine[Any, Any, int]],
                    within: float) -> tuple[bool, int, int]:
    """(flooder disconnected within `within` s, bytes it sent, answers the other client got)."""

    async def main() -> tuple[bool, int, int]:
        flooder = await Flooder.open(sim.ports["R1"])
        stop = asyncio.Event()
        other = asyncio.create_task(_meanwhile_correct(sim.ports["R1"], stop))
        sending = asyncio.create_task(flood(flooder))
        gone = await flooder.disconnected(within)
        sending.cancel()
        sent = await asyncio.gather(sending, return_exceptions=True)
        await asyncio.sleep(0.3)  # the other client carries on after the disconnect too
        stop.set()
        answers = await other
        flooder.close()
        return gone, sent[0] if isinstance(sent[0], int) else -1, answers

    return asyncio.run(main())


def test_an_endless_line_disconnects_its_client_alone(
        small_sim: SimThread, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, "vrpgen.sim")
    started = time.monotonic()
    gone, sent, answers = _flood_scenario(
        small_sim, lambda flooder: flooder.flood("A" * 1024, 64 * MIB), within=5)
    assert gone, "the flooding client is still connected"
    assert sent < 4 * MIB  # dropped long before the 64 MB were out
    assert answers >= 1
    assert time.monotonic() - started < 9
    assert any("longer than 4096 characters" in r.getMessage() for r in caplog.records)
    assert small_sim.call(lambda: small_sim.sim.budget.total) < 1 * MIB


def test_a_client_that_types_commands_and_never_reads_is_disconnected(
        small_sim: SimThread, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, "vrpgen.sim")
    held: list[int] = []

    async def flood(flooder: Flooder) -> int:
        async def watch() -> None:  # what the simulator holds while the flood goes on
            while True:
                held.append(small_sim.call(lambda: small_sim.sim.budget.total))
                await asyncio.sleep(0.05)

        watcher = asyncio.create_task(watch())
        try:
            return await flooder.flood("display current-configuration\n" * 64, 64 * MIB)
        finally:
            watcher.cancel()

    started = time.monotonic()
    gone, sent, answers = _flood_scenario(small_sim, flood, within=6)
    assert gone, "the client that never reads is still connected"
    assert answers >= 1
    assert time.monotonic() - started < 9
    assert sent < 8 * MIB
    # never more than the unread-output cap plus a window and a queue of input
    assert max(held) < SMALL.output_max + SMALL.window + SMALL.input_high + SMALL.max_line
    assert any("left unread" in r.getMessage() for r in caplog.records)


def test_the_process_total_disconnects_the_client_holding_most(
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, "vrpgen.sim")
    limits = Limits(max_line=4 * KIB, window=64 * KIB, input_high=32 * KIB, input_low=8 * KIB,
                    output_high=2 * MIB, output_low=16 * KIB, output_max=8 * MIB, stall=30.0,
                    total=512 * KIB)  # below one session's output_high: the total trips first
    with _sim(limits) as sim:
        gone, _sent, answers = _flood_scenario(
            sim, lambda flooder: flooder.flood("display current-configuration\n" * 64,
                                               64 * MIB), within=6)
        assert gone and answers >= 1
        assert any("holds the most" in r.getMessage() for r in caplog.records)


def test_output_left_in_the_tcp_connection_counts_too(
        small_sim: SimThread, caplog: pytest.LogCaptureFixture) -> None:
    """A client that grants a huge SSH window and then stops reading its socket leaves the
    output in the server's TCP buffers, where the channel does not see it: still disconnected
    (each 31-byte command asks for ~180 KB, so unbounded this would be ~400 MB per window)."""
    caplog.set_level(logging.WARNING, "vrpgen.sim")

    async def main() -> None:
        conn = await asyncssh.connect("127.0.0.1", small_sim.ports["R2"], username=USER,
                                      password=PASSWORD, known_hosts=None, window=2**31 - 1)
        chan, _ = await conn.create_session(_Deaf, term_type="vt100", encoding="utf-8")
        transport = conn._transport  # the client's own socket: no public API for this
        assert transport is not None
        transport.pause_reading()
        flooder = Flooder(conn, chan)
        sending = asyncio.create_task(flooder.flood("display current-configuration\n", 4 * KIB))
        deadline = time.monotonic() + 5
        while small_sim.call(lambda: small_sim.devices["R2"].sessions) and \
                time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        sending.cancel()
        await asyncio.gather(sending, return_exceptions=True)
        conn.abort()

    asyncio.run(main())
    assert small_sim.call(lambda: small_sim.devices["R2"].sessions) == 0
    assert any("R2: client disconnected" in r.getMessage() for r in caplog.records)


def test_a_client_that_reads_gets_every_byte_past_the_high_water_marks(
        small_sim: SimThread) -> None:
    async def main() -> str:
        # a small window: most of each answer waits in the server's buffers for the reader
        shell = await Shell.open(small_sim.ports["R2"], "<R2>", window=16 * KIB)
        try:
            # 8 answers of ~180 KB asked for at once: the server waits for the reader each time
            shell.proc.stdin.write("display current-configuration\n" * 8)
            data = ""
            while data.count("return\r\n<R2>") < 8:
                data += await asyncio.wait_for(shell.proc.stdout.read(64 * KIB), 5)
            return data
        finally:
            shell.close()

    answers = asyncio.run(main()).split("<R2>")[:-1]
    assert len(answers) == 8
    for out in answers:
        assert len(out) > SMALL.output_high
        assert out.count(" description ") == VLANS
        assert out.endswith("return\r\n")


def test_the_line_discipline_reports_an_overflow_and_drops_the_line() -> None:
    tty = LineDiscipline(max_line=8)
    assert tty.feed("12345678\n") == [Echo("12345678\r\n"), Line("12345678")]
    events = tty.feed("123456789more\n")
    assert events[-1] == Overflow(8)
    assert tty.pending == ""
    assert LineDiscipline().feed("x" * 100_000 + "\n")[-1] == Line("x" * 100_000)


class _Holder:
    def __init__(self, size: int) -> None:
        self.size = size

    def footprint(self) -> int:
        return self.size


def test_the_budget_recounts_before_it_names_the_largest() -> None:
    budget = Budget(100)
    a, b = _Holder(60), _Holder(30)
    assert budget.update(a, 60) is None and budget.update(b, 30) is None
    a.size, b.size = 5, 50  # a's client read its output: the reported 60 is stale
    assert budget.update(b, 50) is None  # 110 reported, 55 recounted: nobody over
    assert budget.total == 55
    a.size = 80
    assert budget.update(a, 80) is a  # 130: a holds the most
    budget.remove(a)
    assert budget.total == 50 and len(budget) == 1
    with pytest.raises(ValueError, match="inconsistent"):
        Limits(output_low=2 * MIB, output_high=1 * MIB)
