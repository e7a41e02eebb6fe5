"""Issue 11: the simulator's VRP8 `commit trial N` (REFERENCE §1.1): a timer on the device that
rolls back unless a plain `commit` confirms [UNVERIFIED: §1.1 does not name the confirming
command], `abort trial`, no `commit comment`; passwords kept ciphered; the `questions` and
`ignore` faults."""

from __future__ import annotations

import re

import pytest

from vrpgen.sim.device import Device, factory_config
from vrpgen.sim.faults import SimError, parse_faults
from vrpgen.sim.session import CliSession, cipher_secret


def session(platform: str = "vrp8") -> tuple[Device, CliSession]:
    device = Device.from_text("R8", platform, factory_config("R8", platform))
    return device, CliSession(device)


def run(s: CliSession, *lines: str) -> str:
    return "".join(s.handle(line).text for line in lines)


def test_commit_trial_rolls_back_when_its_time_is_up() -> None:
    device, s = session()
    run(s, "system-view", "vlan batch 10")
    assert "Committing..done." in run(s, "commit trial 60")
    assert "vlan batch 10" in device.running_text() and device.trial_previous is not None
    device.trial_deadline = 0.0  # the 60 s have passed
    assert "vlan batch 10" not in device.running_text() and device.rollbacks == 1
    assert s.prompt() == "[~R8]"


def test_plain_commit_confirms_the_trial() -> None:
    device, s = session()
    run(s, "system-view", "vlan batch 10", "commit trial 60", "commit")
    assert device.trial_previous is None and device.trial_deadline is None
    assert "vlan batch 10" in device.running_text()


def test_abort_trial_goes_back_at_once() -> None:
    device, s = session()
    run(s, "system-view", "vlan batch 10", "commit trial 600")
    assert run(s, "abort trial") == "[~R8]"
    assert "vlan batch 10" not in device.running_text()
    assert "No trial commit" in run(s, "abort trial")


def test_the_trial_survives_its_session() -> None:
    device, s = session()
    run(s, "system-view", "vlan batch 10", "commit trial 60")
    other = CliSession(device)  # the pusher's session is gone; the device keeps the timer
    device.trial_deadline = 0.0
    assert "vlan batch 10" not in run(other, "display current-configuration")


@pytest.mark.parametrize("line", ["commit trial 59", "commit trial 65536",
                                  'commit comment "push"'])
def test_bad_commit_forms_are_rejected(line: str) -> None:
    device, s = session()
    out = run(s, "system-view", "vlan batch 10", line)
    assert re.search(r"^Error(\[\d+\])?:", out, re.M)
    assert "vlan batch 10" not in device.running_text()


def test_passwords_are_kept_ciphered() -> None:
    line = cipher_secret("peer 10.0.0.5 password cipher Plain-Value-1")
    assert "Plain-Value-1" not in line and line.endswith("%^%#")
    assert cipher_secret(line) == line  # shown ciphered, pasted back unchanged
    assert cipher_secret("peer 10.0.0.5 description Plain") == \
        "peer 10.0.0.5 description Plain"


def test_question_and_ignore_faults_are_read() -> None:
    faults = parse_faults({"R1": {"questions": ["^description"], "ignore": ["^vlan"]}}, "f")
    assert faults["R1"].question_for("description x")
    assert faults["R1"].ignores("vlan batch 10") and not faults["R1"].ignores("undo vlan 1")
    with pytest.raises(SimError, match="must start with 'Warning'"):
        parse_faults({"R1": {"questions": [{"pattern": "x", "message": "Continue?"}]}}, "f")
