"""What the client sees on the SSH channel, byte for byte (REFERENCE §5.3 items 2-5, 8, 11)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import paramiko
import pytest
from sim_support import PASSWORD, USER

from vrpgen.sim.runner import SimThread


class Shell:
    def __init__(self, port: int) -> None:
        self.client = paramiko.SSHClient()
        self.client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
        self.client.connect("127.0.0.1", port, USER, PASSWORD, look_for_keys=False,
                            allow_agent=False, timeout=10)
        self.chan = self.client.invoke_shell("vt100", 511, 1000)
        self.chan.settimeout(5)

    def read_until(self, end: str, timeout: float = 5) -> str:
        data = ""
        deadline = time.monotonic() + timeout
        while not data.endswith(end):
            assert time.monotonic() < deadline, f"no {end!r} in {data!r}"
            data += self.chan.recv(65536).decode()
        return data

    def quiet(self, seconds: float) -> str:
        """Whatever arrives within `seconds` (nothing, when the device is idle)."""
        self.chan.settimeout(seconds)
        try:
            return self.chan.recv(65536).decode()
        except TimeoutError:
            return ""
        finally:
            self.chan.settimeout(5)

    def close(self) -> None:
        self.client.close()


@pytest.fixture
def r5(fake_sim: SimThread) -> Iterator[Shell]:
    shell = Shell(fake_sim.ports["R5"])
    try:
        yield shell
    finally:
        shell.close()


def test_banner_then_prompt_without_newline_then_silence(r5: Shell) -> None:
    data = r5.read_until("<R5>")
    assert data.startswith("Info: The max number of VTY users is 10, and the number\r\n")
    assert data.endswith("\r\n<R5>")
    assert r5.quiet(1.0) == ""  # §5.3.8: nothing while idle


def test_each_character_is_echoed_before_enter(r5: Shell) -> None:
    r5.read_until("<R5>")
    r5.chan.send(b"disp")
    assert r5.read_until("disp") == "disp"
    r5.chan.send(b"lay version\r\n")
    data = r5.read_until("<R5>")
    assert data.startswith("lay version\r\nHuawei Versatile Routing Platform Software\r\n")
    assert "\r\n\r\n" not in data
    assert r5.quiet(0.5) == ""  # the LF of CRLF was not a second Enter


@pytest.mark.parametrize("enter", [b"\r", b"\n", b"\r\n"])
def test_every_enter_style_gives_one_prompt(r5: Shell, enter: bytes) -> None:
    r5.read_until("<R5>")
    r5.chan.send(enter)
    assert r5.read_until("<R5>") == "\r\n<R5>"
    assert r5.quiet(0.4) == ""


def test_error_caret_on_the_wire(r5: Shell) -> None:
    r5.read_until("<R5>")
    r5.chan.send(b"system-view\n")
    r5.read_until("[R5]")
    r5.chan.send(b"interface GigabitEthernet0/0/1\n")
    r5.read_until("[R5-GigabitEthernet0/0/1]")
    r5.chan.send(b"port link-type trunkk\n")
    data = r5.read_until("[R5-GigabitEthernet0/0/1]")
    echo, caret, error, prompt = data.split("\r\n")
    assert prompt == "[R5-GigabitEthernet0/0/1]"
    assert echo == "port link-type trunkk"
    assert caret == " " * (len("[R5-GigabitEthernet0/0/1]") + len("port link-type ")) + "^"
    assert error == "Error: Unrecognized command found at '^' position."


def test_save_question_waits_for_the_answer(r5: Shell) -> None:
    r5.read_until("<R5>")
    r5.chan.send(b"save\n")
    assert r5.read_until("[Y/N]:").endswith(
        "save\r\nWarning: The current configuration will be written to the device. Continue? [Y/N]:"
    )
    assert r5.quiet(0.5) == ""  # no prompt until answered
    r5.chan.send(b"y\n")
    assert r5.read_until("<R5>") == (
        "y\r\nNow saving the current configuration to the slot 1.\r\n"
        "Info: Save the configuration successfully.\r\n<R5>"
    )


def test_quit_in_user_view_closes_the_channel(r5: Shell) -> None:
    r5.read_until("<R5>")
    r5.chan.send(b"quit\n")
    r5.read_until("quit\r\n")
    deadline = time.monotonic() + 5
    while not r5.chan.closed and not r5.chan.exit_status_ready():
        assert time.monotonic() < deadline
        time.sleep(0.05)
