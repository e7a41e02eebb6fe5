"""Issue 11: the push session and executor on their own over real SSH (no inventory):
--known-hosts checks the host key, a sysname change mid-push keeps the session going, a
planned question is answered, an open prompt nobody planned stops at once, --dry-run sends
nothing, --save answers its question."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from push_support import PASSWORD, USER

from vrpgen.errors import PushError
from vrpgen.push.executor import Job, Options, push_device
from vrpgen.push.session import DeviceSession, HostKeys
from vrpgen.push.targets import Credentials, Target
from vrpgen.sim.faults import ErrorRule, Faults
from vrpgen.sim.runner import DeviceSpec, SimThread, host_key

CREDS = Credentials(USER, PASSWORD)
BASE = ("#\nsysname {name}\n#\nvlan batch 10 30\n#\nbgp 100\n peer 1.1.1.1 as-number 200\n"
        "#\nreturn\n")


@pytest.fixture(scope="module")
def sim() -> Iterator[SimThread]:
    specs = [DeviceSpec("A", "vrp5", BASE.format(name="A")),
             DeviceSpec("B", "vrp8", BASE.format(name="B")),
             DeviceSpec("S", "vrp5", BASE.format(name="S")),
             DeviceSpec("ASK", "vrp5")]
    ask = Faults(questions=(ErrorRule(re.compile("^vlan batch"),
                                      "Please input the file name(*.cfg, *.zip, *.dat):"),))
    with SimThread(specs, username=USER, password=PASSWORD, faults={"ASK": ask}) as thread:
        yield thread


def target(sim: SimThread, name: str, platform: str = "vrp5") -> Target:
    return Target(name, "127.0.0.1", sim.ports[name], platform)


def test_known_hosts(sim: SimThread, tmp_path: Path) -> None:
    good, bad = tmp_path / "known", tmp_path / "other"
    port = sim.ports["A"]
    key = host_key().export_public_key("openssh").decode().strip()
    good.write_text(f"[127.0.0.1]:{port} {key}\n")
    bad.write_text("")
    with DeviceSession(target(sim, "A"), CREDS, connect_timeout=5, command_timeout=5,
                       host_keys=HostKeys(good)) as session:
        assert "sysname A" in session.running_config()
    with pytest.raises(PushError, match="host key") as caught:
        DeviceSession(target(sim, "A"), CREDS, connect_timeout=5, command_timeout=5,
                      host_keys=HostKeys(bad))
    assert PASSWORD not in str(caught.value)


def options(tmp_path: Path, **kw: object) -> Options:
    settings: dict[str, object] = {"connect_timeout": 5, "command_timeout": 5, **kw}
    return Options(backup_dir=tmp_path / "bk", **settings)  # type: ignore[arg-type]


@pytest.mark.parametrize(("name", "platform"), [("A", "vrp5"), ("B", "vrp8")])
def test_sysname_change_and_a_planned_question(sim: SimThread, tmp_path: Path, name: str,
                                               platform: str) -> None:
    # `undo peer` asks its question (REFERENCE §2.5); the prompt changes with the sysname
    intended = f"#\nsysname {name}-NEW\n#\nvlan batch 10\n#\nbgp 100\n#\nreturn\n"
    result = push_device(Job(target(sim, name, platform), intended), CREDS,
                         options(tmp_path))
    assert result.result == "applied", result.reason
    assert result.dialogs >= 1 and result.verified
    assert sim.call(lambda: sim.devices[name].sysname()) == f"{name}-NEW"


def test_dry_run_sends_nothing_and_save_answers(sim: SimThread, tmp_path: Path) -> None:
    intended = BASE.format(name="S").replace("10 30", "10 20 30")
    dry = push_device(Job(target(sim, "S"), intended), CREDS, options(tmp_path, dry_run=True))
    assert dry.result == "planned" and dry.sent == 0 and dry.planned
    assert "vlan batch 10 20 30" not in sim.call(lambda: sim.devices["S"].running_text())
    saved = push_device(Job(target(sim, "S"), intended), CREDS, options(tmp_path, save=True))
    assert saved.result == "applied" and saved.saved is True
    assert "20" in (sim.call(lambda: sim.devices["S"].saved) or "")


def test_an_open_prompt_nobody_planned_stops_at_once(sim: SimThread, tmp_path: Path) -> None:
    start = time.monotonic()
    result = push_device(Job(target(sim, "ASK"), BASE.format(name="ASK")), CREDS,
                         options(tmp_path, command_timeout=20))
    assert result.result == "failed" and "unexpected question" in (result.reason or "")
    assert "file name" in (result.reason or "")
    assert time.monotonic() - start < 5  # not the 20 s command timeout
