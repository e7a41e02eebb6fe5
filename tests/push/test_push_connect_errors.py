"""Issue 9: a device that cannot be reached says why: connection refused, DNS lookup failed,
host unreachable or timed out (netmiko reports every TCP failure as a timeout). Live tests use
127.0.0.1 only."""

from __future__ import annotations

import errno
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import paramiko
import pytest

from vrpgen.errors import PushError
from vrpgen.push.backup import backup
from vrpgen.push.session import connect_failure, fetch_running
from vrpgen.push.targets import Credentials, Target

CREDS = Credentials("user", "pw-Not-In-Messages-1")


@pytest.fixture
def closed_port() -> int:
    """A loopback port nobody listens on (bound once to pick it, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A loopback port that accepts TCP (the kernel's backlog) but never says a word."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield int(sock.getsockname()[1])


def test_a_closed_port_is_connection_refused_not_a_timeout(closed_port: int) -> None:
    start = time.monotonic()
    with pytest.raises(PushError) as info:
        fetch_running(Target("R1", "127.0.0.1", closed_port, "vrp5"), CREDS, timeout=5)
    message = str(info.value)
    assert message == f"R1: cannot connect to 127.0.0.1:{closed_port}: connection refused"
    assert "timed out" not in message and CREDS.password not in message
    assert time.monotonic() - start < 5  # refused at once, no waiting for a timeout


def test_a_port_that_never_answers_is_a_timeout(silent_port: int) -> None:
    with pytest.raises(PushError, match=r"R1: timed out during connect \(127\.0\.0\.1:\d+\)"):
        fetch_running(Target("R1", "127.0.0.1", silent_port, "vrp5"), CREDS, timeout=1)


def _wrapped(inner: BaseException) -> Exception:
    """An exception raised while handling `inner`, as netmiko raises its timeout."""
    try:
        try:
            raise inner
        except BaseException:
            raise RuntimeError("TCP connection to device failed.")  # noqa: B904 - netmiko's way
    except RuntimeError as outer:
        return outer


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        (socket.gaierror(socket.EAI_NONAME, "Name or service not known"), "DNS lookup failed"),
        (ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"), "connection refused"),
        (OSError(errno.ENETUNREACH, "Network is unreachable"), "host unreachable"),
        (OSError(errno.EHOSTUNREACH, "No route to host"), "host unreachable"),
        (TimeoutError("timed out"), "timed out"),
        (paramiko.ssh_exception.NoValidConnectionsError(
            {("192.0.2.1", 22): ConnectionRefusedError(errno.ECONNREFUSED, "refused")}),
         "connection refused"),
        (paramiko.ssh_exception.NoValidConnectionsError(
            {("192.0.2.1", 22): OSError(errno.EHOSTUNREACH, "No route to host")}),
         "host unreachable"),
    ],
)
def test_each_socket_failure_is_named(inner: BaseException, expected: str) -> None:
    assert connect_failure(_wrapped(inner)) == expected
    assert connect_failure(inner) == expected


def test_no_socket_error_is_no_claim() -> None:
    assert connect_failure(_wrapped(paramiko.SSHException("Error reading SSH banner"))) is None
    assert connect_failure(ValueError("x")) is None


def test_backup_reports_a_refused_device_as_refused(closed_port: int,
                                                     tmp_path: Path) -> None:
    refused = Target("R1", "127.0.0.1", closed_port, "vrp5")

    def fetch(target: Target, credentials: Credentials) -> str:
        return fetch_running(target, credentials, timeout=5)

    [result] = backup([refused], CREDS, tmp_path, fetch)
    assert result.error == f"R1: cannot connect to 127.0.0.1:{closed_port}: connection refused"
    assert not list(tmp_path.iterdir())
