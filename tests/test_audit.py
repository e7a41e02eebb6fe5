"""The audit trail (vrpgen/audit.py): whole lines whoever appends, the lock honoured, the
command line without secrets, files it refuses; the inventory's settings.audit_log."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from vrpgen import audit
from vrpgen.errors import InventoryError, OutputError

WRITER = """
import json, sys
from pathlib import Path
from vrpgen.audit import append_line
tag, path = sys.argv[1], Path(sys.argv[2])
for n in range(200):
    line = json.dumps({"tag": tag, "n": n, "pad": tag * 20000}) + "\\n"
    append_line(path, line.encode())
"""


def test_two_processes_appending_at_once_leave_only_whole_lines(tmp_path: Path) -> None:
    """Lines of 20 kB, far beyond PIPE_BUF: each must still land whole."""
    trail = tmp_path / "audit.jsonl"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, tag, str(trail)], env=env)
               for tag in ("a", "b")]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    lines = [json.loads(line) for line in trail.read_text().splitlines()]
    assert len(lines) == 400
    for tag in ("a", "b"):
        mine = [line for line in lines if line["tag"] == tag]
        assert [line["n"] for line in mine] == list(range(200))
        assert all(line["pad"] == tag * 20000 for line in mine)


def test_a_writer_waits_for_the_lock(tmp_path: Path) -> None:
    trail = tmp_path / "audit.jsonl"
    trail.write_text("")
    holder = os.open(trail, os.O_WRONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)
    writer = threading.Thread(target=audit.append_line, args=(trail, b'{"n": 1}\n'))
    writer.start()
    time.sleep(0.3)
    assert trail.read_text() == ""  # blocked while another holds the lock
    fcntl.flock(holder, fcntl.LOCK_UN)
    os.close(holder)
    writer.join(timeout=10)
    assert trail.read_text() == '{"n": 1}\n'


def test_command_line_hides_secret_options_and_values() -> None:
    line = audit.command_line(
        ["vrpgen", "push", "inv", "--password", "Opt-Pw-1", "--token=Tok-2",
         "--description", "uses Env-Pw-3 here", "--rotate-secrets"],
        secrets=["Env-Pw-3"], secret_options={"--password", "--token"})
    assert "Opt-Pw-1" not in line and "Tok-2" not in line and "Env-Pw-3" not in line
    assert line.startswith("vrpgen push inv --password '******' '--token=******'")
    assert line.endswith("--rotate-secrets")


def test_the_program_name_stays_when_a_password_spells_it(tmp_path: Path) -> None:
    # the demo's password is `vrpgen`: the trail must still say which program ran
    trail = audit.AuditTrail(command=audit.command_line(
        ["vrpgen", "push", "--hosts", "vrpgen.yml"], ["vrpgen"]), path=tmp_path / "a.jsonl",
        secrets=["vrpgen"])
    trail.write("push", "R1", "applied")
    record = json.loads((tmp_path / "a.jsonl").read_text())
    assert record["command"] == "vrpgen push --hosts '******.yml'"


def test_records_are_redacted_and_one_line_each(tmp_path: Path) -> None:
    trail = audit.AuditTrail(command="vrpgen push", path=tmp_path / "a.jsonl",
                             secrets=["Ssh-Pw-9"])
    trail.open()
    trail.write(audit.PUSH, "R1", "failed", error="login Ssh-Pw-9 refused\nnext line")
    trail.write(audit.PUSH, "R2", "failed", error="rejected 'peer 1.1.1.1 password cipher X'")
    lines = (tmp_path / "a.jsonl").read_text().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["error"] == "login ****** refused\nnext line"
    assert "cipher X" not in second["error"] and "******" in second["error"]
    assert trail.errors == []


def test_a_fifo_or_a_missing_folder_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="audit log"):  # refused, never blocked on
        audit.AuditTrail(command="x", path=fifo).open()
    with pytest.raises(OutputError, match="audit log"):
        audit.AuditTrail(command="x", path=tmp_path).open()  # a folder
    with pytest.raises(OutputError, match="cannot open"):
        audit.AuditTrail(command="x", path=tmp_path / "no" / "a.jsonl").open()


def test_the_file_is_created_private(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    audit.AuditTrail(command="x", path=path).open()
    assert path.stat().st_mode & 0o777 == 0o600


def test_local_user_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail() -> str:
        raise OSError("no user")

    monkeypatch.setattr(audit.getpass, "getuser", fail)
    assert audit.local_user() == "unknown"


@pytest.mark.parametrize("value", ["/var/log/a.jsonl", "../a.jsonl", "logs/../../a", "~/a"])
def test_the_inventory_cannot_name_a_file_outside_its_folder(tmp_path: Path,
                                                              value: str) -> None:
    from vrpgen.pipeline import build

    inventory = tmp_path / "inv.yml"
    inventory.write_text((REPO / "inventory" / "lab.yml").read_text()
                         + f"settings:\n  audit_log: {json.dumps(value)}\n")
    with pytest.raises(InventoryError, match=r"settings\.audit_log: must be a relative path"):
        build(inventory)
