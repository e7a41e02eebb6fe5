"""netmiko's unmodified `huawei` and `huawei_vrpv8` drivers push the seed lab's R1 to a
factory-default simulated device over real TCP; afterwards `vrpgen compare` finds nothing to do.

The configuration commands are checked and applied by the shared VRP model (vrpgen.vrp).
One netmiko session per platform (module-scoped): config-mode checks cost ~2 s each (§5.3.13).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from netmiko import BaseConnection, ConnectHandler
from netmiko.exceptions import ReadTimeout
from sim_support import PASSWORD, USER

from vrpgen import vrp
from vrpgen.sim.device import factory_config
from vrpgen.sim.runner import DeviceSpec, SimThread

SEED_R1 = Path(__file__).resolve().parents[1] / "golden" / "seed" / "R1.cfg"
ERROR = r"^Error(\[\d+\])?:"  # REFERENCE §2.4 detection regex


def remediation(running: str, platform: str) -> list[str]:
    """The commands `vrpgen compare RUNNING R1.cfg` proposes (through the model's API)."""
    return [c.text for c in vrp.plan(running, SEED_R1.read_text(), platform).commands]


def compare_cli(running: str, platform: str) -> tuple[int, list[str]]:
    """`vrpgen compare RUNNING R1.cfg --format json --platform P`: exit code and commands."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "running.cfg"
        path.write_text(running, encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "vrpgen", "compare", str(path), str(SEED_R1), "--format",
             "json", "--platform", platform], capture_output=True, text=True, timeout=60)
    assert result.returncode in (0, 2), result.stderr
    return result.returncode, json.loads(result.stdout)["commands"]


class Pushed:
    def __init__(self, platform: str, device_type: str) -> None:
        self.sim = SimThread([DeviceSpec("R1", platform)], username=USER, password=PASSWORD)
        self.conn: BaseConnection = ConnectHandler(
            device_type=device_type, host="127.0.0.1", port=self.sim.ports["R1"],
            username=USER, password=PASSWORD)
        self.platform = platform
        self.before = self.conn.send_command("display current-configuration")
        code, self.commands = compare_cli(self.before, platform)
        assert code == 2
        self.pushed = self.conn.send_config_set(self.commands, error_pattern=ERROR)

    def close(self) -> None:
        try:
            self.conn.disconnect()
        finally:
            self.sim.stop()


@pytest.fixture(scope="module")
def vrp5() -> Iterator[Pushed]:
    pushed = Pushed("vrp5", "huawei")
    try:
        yield pushed
    finally:
        pushed.close()


@pytest.fixture(scope="module")
def vrp8() -> Iterator[Pushed]:
    pushed = Pushed("vrp8", "huawei_vrpv8")
    try:
        yield pushed
    finally:
        pushed.close()


def test_vrp5_starts_from_the_factory_default(vrp5: Pushed) -> None:
    assert vrp5.before.strip() == factory_config("R1", "vrp5").strip()
    assert len(vrp5.commands) > 10


def test_vrp5_push_makes_running_equal_to_rendered_r1(vrp5: Pushed) -> None:
    assert "Error" not in vrp5.pushed
    assert "[R1-bgp-af-ipv4]peer 10.0.0.5 reflect-client" in vrp5.pushed
    running = vrp5.conn.send_command("display current-configuration")
    assert running.endswith("#\nreturn")
    assert compare_cli(running, "vrp5") == (0, [])


def test_vrp5_save_config_dialog(vrp5: Pushed) -> None:
    out = vrp5.conn.save_config()
    assert "Continue? [Y/N]:y" in out
    assert "Info: Save the configuration successfully." in out
    saved = vrp5.sim.call(lambda: vrp5.sim.devices["R1"].saved)
    assert isinstance(saved, str) and "bgp 64512" in saved


def test_vrp5_display_interface_and_version(vrp5: Pushed) -> None:
    block = vrp5.conn.send_command("display current-configuration interface LoopBack 0")
    assert block == "#\ninterface LoopBack0\n ip address 1.1.1.1 255.255.255.255\n#\nreturn"
    version = vrp5.conn.send_command("display version")
    assert re.search(r"Version 5\.\d+ \(", version)


def test_vrp5_bad_command_caret(vrp5: Pushed) -> None:
    conn = vrp5.conn
    conn.send_command("system-view", expect_string=r"\]")
    conn.send_command("bgp 64512", expect_string=r"\]")
    out = conn.send_command("peer 10.0.0.9 as-numbr 1", expect_string=r"\]")
    conn.send_command("return", expect_string=r">")
    caret, error = out.splitlines()[-2:]
    assert caret.index("^") == len("[R1-bgp]") + len("peer 10.0.0.9 ")
    assert error == "Error: Unrecognized command found at '^' position."


def test_vrp5_send_config_set_does_not_answer_questions(vrp5: Pushed) -> None:
    """REFERENCE §5.3.10: the question has no prompt, so send_config_set times out."""
    conn = vrp5.conn
    conn.send_command("system-view", expect_string=r"\]")
    with pytest.raises(ReadTimeout):
        conn.send_config_set(["bgp 64512", "undo peer 2.2.2.2"], enter_config_mode=False,
                             exit_config_mode=False, read_timeout=2)
    conn.send_command("n", expect_string=r"\]")  # the device was still waiting for it
    assert conn.find_prompt() == "[R1-bgp]"
    conn.send_command("return", expect_string=r">")
    assert "peer 2.2.2.2 as-number 63400" in conn.send_command("display current-configuration")


def test_vrp5_question_waits_for_an_answer(vrp5: Pushed) -> None:
    conn = vrp5.conn
    conn.send_command("system-view", expect_string=r"\]")
    conn.send_command("bgp 64512", expect_string=r"\]")
    question = conn.send_command("undo peer 10.0.0.5", expect_string=r"\[Y/N\]:?")
    assert "Continue? [Y/N]" in question
    conn.send_command("y", expect_string=r"\]")
    conn.send_command("return", expect_string=r">")
    again = remediation(conn.send_command("display current-configuration"), "vrp5")
    assert "peer 10.0.0.5 as-number 64512" in again
    conn.send_command("system-view", expect_string=r"\]")
    for command in again:  # without send_config_set's 2-second config-mode checks
        assert "Error" not in conn.send_command(command, expect_string=r"\]")
    conn.send_command("return", expect_string=r">")
    assert remediation(conn.send_command("display current-configuration"), "vrp5") == []


def test_vrp8_nothing_runs_before_commit(vrp8: Pushed) -> None:
    assert "Error" not in vrp8.pushed
    assert "[*R1-bgp-af-ipv4]" in vrp8.pushed
    running = vrp8.conn.send_command("display current-configuration")
    assert running.strip() == vrp8.before.strip()


def test_vrp8_commit_then_running_equals_rendered_r1(vrp8: Pushed) -> None:
    vrp8.conn.commit()
    running = vrp8.conn.send_command("display current-configuration")
    assert compare_cli(running, "vrp8") == (0, [])
    out = vrp8.conn.save_config()
    assert "Info: Save the configuration successfully." in out
    assert re.search(r"Version 8\.\d+ \(", vrp8.conn.send_command("display version"))


def test_vrp8_leaving_with_uncommitted_changes_asks(vrp8: Pushed) -> None:
    conn = vrp8.conn
    assert conn.send_command("system-view", expect_string=r"\]").endswith("return command.")
    conn.send_command("interface LoopBack7", expect_string=r"\]")
    question = conn.send_command("return", expect_string=r"\[Y\(yes\)/N\(no\)/C\(cancel\)\]:")
    assert "Uncommitted configurations found" in question
    conn.send_command("n", expect_string=r">")
    assert "LoopBack7" not in conn.send_command("display current-configuration")
