"""Issue 9: a hosts file is read strictly. yaml.safe_load keeps the last of two equal keys, so a
device written twice would send its credentials to the other entry's address: refused, with the
file and both lines; so are undecodable bytes, unknown keys and a boolean port."""

from __future__ import annotations

from pathlib import Path

import pytest

from vrpgen.errors import PushError
from vrpgen.hosts import load_hosts


def _write(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "hosts.yml"
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"R1:\n  host: 10.0.0.1\n  port: 22\nR2:\n  host: 10.0.0.2\nR1:\n  host: 203.0.113.9\n",
         r"hosts.yml:6: duplicate key 'R1' \(first written at line 1\)"),
        (b"R1: {host: 10.0.0.1, port: 22}\nR1: {host: 203.0.113.9, port: 22}\n",
         r"hosts.yml:2: duplicate key 'R1' \(first written at line 1\)"),
        (b"R1:\n  host: 10.0.0.1\n  host: 203.0.113.9\n",
         r"hosts.yml:3: duplicate key 'host' \(first written at line 2\)"),
        (b"R1: {host: 10.0.0.1}\n1: {host: 10.0.0.2}\n'1': {host: 10.0.0.3}\n",
         r"hosts.yml: device '1' is written twice"),
        (b"R1: {host: 10.0.0.1}\nR2: {host: caf\xe9}\n", r"hosts.yml:2: hosts file is not UTF-8"),
        (b"R1: {host: 10.0.0.1, prot: 2222}\n", r"R1: unknown key 'prot'"),
        (b"R1: {host: 10.0.0.1, port: true}\n", r"R1: expected \{host: ADDRESS, port: 1-65535\}"),
        (b"R1: {host: '', port: 22}\n", r"R1: expected \{host: ADDRESS, port: 1-65535\}"),
    ],
)
def test_ambiguous_or_broken_hosts_files_are_refused(tmp_path: Path, content: bytes,
                                                     message: str) -> None:
    path = _write(tmp_path, content)
    with pytest.raises(PushError, match=message) as info:
        load_hosts(path)
    assert str(info.value).startswith(str(path))


def test_a_good_hosts_file_still_loads(tmp_path: Path) -> None:
    path = _write(tmp_path, b"# comment\nR1:\n  host: 127.0.0.1\n  port: 10022\nR2: {host: r2}\n")
    assert load_hosts(path) == {"R1": ("127.0.0.1", 10022), "R2": ("r2", 22)}
