"""Each fault, seen through netmiko's unmodified `huawei` / `huawei_vrpv8` drivers."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from netmiko import BaseConnection, ConnectHandler
from netmiko.exceptions import NetmikoAuthenticationException, ReadTimeout
from sim_support import PASSWORD, USER

from vrpgen.sim.faults import SimError, load_faults, parse_faults
from vrpgen.sim.runner import SimThread
from vrpgen.sim.texts import BUSY_ERROR, COMMIT_FAILED


def connect(sim: SimThread, name: str, device_type: str = "huawei") -> BaseConnection:
    return ConnectHandler(device_type=device_type, host="127.0.0.1", port=sim.ports[name],
                          username=USER, password=PASSWORD, conn_timeout=10)


def test_wrong_password_and_refused_login_are_auth_errors(fake_sim: SimThread) -> None:
    with pytest.raises(NetmikoAuthenticationException):
        ConnectHandler(device_type="huawei", host="127.0.0.1", port=fake_sim.ports["R5"],
                       username=USER, password="wrong")
    with pytest.raises(NetmikoAuthenticationException):
        connect(fake_sim, "REFUSE")


def test_drop_after_n_commands_closes_the_connection(fake_sim: SimThread) -> None:
    conn = connect(fake_sim, "DROP")  # command 1: screen-length 0 temporary
    assert "Huawei Versatile Routing Platform" in conn.send_command("display version")  # 2
    with pytest.raises((ReadTimeout, OSError, EOFError)):
        conn.send_command("display version", read_timeout=1.5)
    assert not conn.is_alive()
    conn.paramiko_cleanup()


def test_hang_after_n_commands_stops_answering(fake_sim: SimThread) -> None:
    conn = connect(fake_sim, "HANG")
    conn.send_command("display version")
    start = time.monotonic()
    with pytest.raises(ReadTimeout):
        conn.send_command("display version", read_timeout=1.5)
    assert time.monotonic() - start >= 1.5
    assert conn.is_alive()  # the TCP connection stays up, the device just says nothing
    conn.paramiko_cleanup()  # disconnect() would wait for answers that never come


def test_error_pattern_answers_with_error(fake_sim: SimThread) -> None:
    conn = connect(fake_sim, "ERR")
    assert conn.send_command("display version").strip() == "Error: Busy now."
    assert "sysname ERR" in conn.send_command("display current-configuration")
    conn.paramiko_cleanup()


def test_latency_delays_every_command(fake_sim: SimThread) -> None:
    conn = connect(fake_sim, "SLOW")
    start = time.monotonic()
    out = conn.send_command("display version")
    assert time.monotonic() - start >= 0.3
    assert "VRP (R) software" in out
    conn.paramiko_cleanup()


def test_failed_commit_leaves_running_unchanged(fake_sim: SimThread) -> None:
    conn = connect(fake_sim, "FAILC", "huawei_vrpv8")
    conn.send_command("system-view", expect_string=r"\]")
    conn.send_command("sysname OTHER", expect_string=r"\]")
    out = conn.send_command("commit", expect_string=r"\]")
    # netmiko's HuaweiVrpv8SSH.commit() looks for exactly this marker (REFERENCE §1.1)
    assert "Failed to generate committed config" in out
    assert COMMIT_FAILED in out
    conn.send_command("clear configuration candidate", expect_string=r"\]")
    conn.send_command("return", expect_string=r">")
    assert "sysname FAILC" in conn.send_command("display current-configuration")
    conn.paramiko_cleanup()


def test_initial_password_question_is_answered_by_netmiko(fake_sim: SimThread) -> None:
    conn = connect(fake_sim, "NEWPW")  # special_login_handler sends N (REFERENCE §5.2)
    assert conn.base_prompt == "NEWPW"
    assert "sysname NEWPW" in conn.send_command("display current-configuration")
    conn.paramiko_cleanup()


def test_faults_file_parsing(tmp_path: Path) -> None:
    path = tmp_path / "faults.yml"
    path.write_text("R1:\n  latency: 0.25\n  errors:\n    - '^undo bgp'\nR2:\n  drop_after: 3\n")
    faults = load_faults(path, {"R1", "R2"})
    assert faults["R1"].latency == 0.25
    assert faults["R1"].error_for("undo bgp 100") == BUSY_ERROR
    assert faults["R1"].error_for("bgp 100") is None
    assert faults["R2"].drop_after == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"R9": {}}, "no such device"),
        ({"R1": {"latency": -1}}, "latency"),
        ({"R1": {"drop_after": "x"}}, "drop_after"),
        ({"R1": {"typo": 1}}, "unknown fault"),
        ({"R1": {"errors": [{"pattern": "("}]}}, "bad regular expression"),
        ({"R1": {"errors": [{"pattern": "x", "message": "oops"}]}}, "must start with 'Error'"),
    ],
)
def test_bad_faults_are_reported(data: dict[str, object], message: str) -> None:
    with pytest.raises(SimError, match=message):
        parse_faults(data, "faults.yml", {"R1"})


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"R1:\n  latency: 0.5\n  latency: 2\n",
         r"faults.yml:3: duplicate key 'latency' \(first written at line 2\)"),
        (b"R1:\n  drop_after: 1\nR2: {}\nR1:\n  hang_after: 1\n",
         r"faults.yml:4: duplicate key 'R1' \(first written at line 1\)"),
        (b"R1:\n  errors:\n    - pattern: \"caf\xe9\"\n",
         r"faults.yml:3: faults file is not UTF-8 text"),
        (b"\xff\xfe", r"faults.yml:1: faults file is not UTF-8 text"),
    ],
)
def test_undecodable_or_duplicate_faults_files_are_located_errors(
        tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "faults.yml"
    path.write_bytes(content)
    with pytest.raises(SimError, match=message):
        load_faults(path, {"R1", "R2"})


@pytest.mark.parametrize("content",
                         [b"R1:\n  latency: 1\n  latency: 2\n", b"R1: {latency: \xff}\n"])
def test_the_cli_refuses_a_bad_faults_file_with_exit_1(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "faults.yml"
    path.write_bytes(content)
    # a subprocess with a timeout: a file wrongly accepted would start a simulator that runs on
    result = subprocess.run(
        [sys.executable, "-m", "vrpgen", "sim", "--device", "R1:vrp5", "--faults", str(path),
         "--base-port", "0", "--hosts-out", str(tmp_path / "hosts.yml")],
        capture_output=True, text=True, timeout=30, cwd=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert f"{path}:" in "".join(output.split())  # rich may wrap a long path
    assert "Traceback" not in output
    assert not (tmp_path / "hosts.yml").exists()  # refused before anything listened
