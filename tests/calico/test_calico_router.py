"""Router side of node sessions: password by reference, the filter switch, opting out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from calico_helpers import REPO, render, rich_data, seed_data, write_inventory

from vrpgen.errors import PushError
from vrpgen.placeholders import placeholder as password_placeholder
from vrpgen.push.secrets import fill_secrets

SECRET = "Sup3r-S3cret-Value-42"


def _files_under(root: Path) -> dict[Path, str]:
    return {p: p.read_text() for p in root.rglob("*") if p.is_file()}


def test_the_secret_never_lands_in_a_written_file(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VRPGEN_TEST_BGP_PW", SECRET)
    configs, calico = render(tmp_path, rich_data())
    written = _files_under(tmp_path)
    assert written, "nothing was written"
    assert not [p for p, text in written.items() if SECRET in text]
    # The routers carry a placeholder in the bgp view; the pusher fills it in at push time.
    assert " peer 10.0.0.5 password cipher ${VRPGEN_TEST_BGP_PW}" in configs["R1"].splitlines()
    assert " peer 10.0.0.6 password cipher ${VRPGEN_TEST_BGP_PW}" in configs["R2"].splitlines()
    assert "2.2.2.2 password" not in configs["R1"]  # only node sessions
    assert "secretKeyRef" in calico["bgppeers.yaml"]


def test_fill_secrets_replaces_placeholders_from_the_environment() -> None:
    line = f" peer 10.0.0.5 password cipher {password_placeholder('BGP_PW')}"
    assert fill_secrets(line, {"BGP_PW": SECRET}) == f" peer 10.0.0.5 password cipher {SECRET}"
    with pytest.raises(PushError, match="BGP_PW is not set"):
        fill_secrets(line, {})
    assert fill_secrets("no placeholders here", {}) == "no placeholders here"


@pytest.mark.parametrize("unsafe", ["two words", "line\nundo bgp", "what?", "tab\there"])
def test_fill_secrets_refuses_values_that_would_split_the_command(unsafe: str) -> None:
    line = f" peer 10.0.0.5 password cipher {password_placeholder('BGP_PW')}"
    with pytest.raises(PushError, match="BGP_PW holds") as info:
        fill_secrets(line, {"BGP_PW": unsafe})
    assert unsafe not in str(info.value)


def test_the_import_filter_can_be_switched_off(tmp_path: Path) -> None:
    data = seed_data()
    data["k8s"]["calico"]["import_filter"] = {"enabled": False}
    configs, calico = render(tmp_path, data)
    for router in ("R1", "R2"):
        assert "K8S-FROM-NODE" not in configs[router]
        assert " import" not in configs[router]
        # The export filter stays and keeps its own copy of the pod prefix list.
        assert "route-policy K8S-TO-NODE permit node 10" in configs[router]
        assert "ip ip-prefix K8S-POD index 10 " in configs[router]
    assert "bgppeers.yaml" in calico


def test_both_filters_can_be_switched_off(tmp_path: Path) -> None:
    data = seed_data()
    data["k8s"]["calico"]["import_filter"] = {"enabled": False}
    data["k8s"]["calico"]["export_filter"] = {"enabled": False}
    configs, _ = render(tmp_path, data)
    for router in ("R1", "R2"):
        assert "route-policy" not in configs[router]
        assert "ip-prefix" not in configs[router]


def test_filter_names_come_from_the_inventory(tmp_path: Path) -> None:
    data = seed_data()
    data["k8s"]["calico"]["import_filter"] = {"prefix_list": "PODS", "route_policy": "FROM-K8S"}
    configs, _ = render(tmp_path, data)
    lines = configs["R1"].splitlines()
    assert "  peer 10.0.0.5 route-policy FROM-K8S import" in lines
    assert "route-policy FROM-K8S permit node 10" in lines
    assert " if-match ip-prefix PODS" in lines
    assert "ip ip-prefix PODS index 10 permit 192.168.0.0 16 greater-equal 26 less-equal 32" \
        in lines


def test_service_cidrs_are_permitted_from_their_length(tmp_path: Path) -> None:
    configs, _ = render(tmp_path, rich_data())
    lines = configs["R1"].splitlines()
    assert [x for x in lines if x.startswith("ip ip-prefix K8S-POD ")] == [
        "ip ip-prefix K8S-POD index 10 permit 192.168.0.0 16 greater-equal 26 less-equal 32",
        "ip ip-prefix K8S-POD index 20 permit 10.244.0.0 16 greater-equal 24 less-equal 32",
        "ip ip-prefix K8S-POD index 30 permit 10.96.0.0 12 greater-equal 12 less-equal 32",
        "ip ip-prefix K8S-POD index 40 permit 203.0.113.0 24 greater-equal 24 less-equal 32",
    ]


def test_without_a_calico_section_nothing_changes(tmp_path: Path) -> None:
    data = seed_data()
    del data["k8s"]["calico"]
    configs, calico = render(tmp_path, data)
    assert calico == {}
    assert not (tmp_path / "out" / "calico").exists()
    assert "route-policy" not in configs["R1"]
    assert "  peer 10.0.0.5 reflect-client" in configs["R1"].splitlines()


def test_the_cli_reports_a_located_error_without_traceback(tmp_path: Path) -> None:
    data = seed_data()
    data["k8s"]["nodes"]["k8s-node-1"]["bfd"] = True
    inventory = write_inventory(tmp_path, data)
    done = subprocess.run([sys.executable, "-m", "vrpgen", "validate", str(inventory)],
                          capture_output=True, text=True, cwd=REPO, timeout=120, check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "Traceback" not in output
    line = next(i for i, x in enumerate(inventory.read_text().splitlines(), 1) if "bfd" in x)
    assert f"{inventory}:{line}:" in output
    assert "cannot run it" in output and "hint: remove bfd" in output


def test_render_writes_the_calico_directory(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "vrpgen", "render",
                           str(write_inventory(tmp_path, seed_data())), "-o", str(out)],
                          capture_output=True, text=True, cwd=REPO, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (out / "calico").iterdir()) == [
        "bgpconfiguration.yaml", "bgppeers.yaml", "calicoctl.cfg", "ippools.yaml", "nodes.sh"]
    assert f"wrote {out / 'calico' / 'bgppeers.yaml'}" in done.stdout


def test_nodes_sh_runs_calicoctl_patch_with_its_arguments(tmp_path: Path) -> None:
    """Run the generated script against a stand-in calicoctl that records its arguments."""
    _, calico = render(tmp_path, seed_data())
    script = tmp_path / "nodes.sh"
    script.write_text(calico["nodes.sh"])
    fake = tmp_path / "bin" / "calicoctl"
    fake.parent.mkdir()
    fake.write_text('#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done; echo ==\n')
    fake.chmod(0o755)
    env = dict(os.environ, PATH=f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    done = subprocess.run(["sh", str(script), "--config=calicoctl.cfg"], capture_output=True,
                          text=True, env=env, timeout=60, check=True)
    calls = [c.strip().splitlines() for c in done.stdout.split("==") if c.strip()]
    assert [c[:4] for c in calls] == [["patch", "node", "k8s-node-1", "-p"],
                                      ["patch", "node", "k8s-node-2", "-p"]]
    assert [json.loads(c[4]) for c in calls][1] == {
        "spec": {"bgp": {"asNumber": 63400, "ipv4Address": "10.0.0.6/24"}}}
    assert all(c[5:] == ["--config=calicoctl.cfg"] for c in calls)
