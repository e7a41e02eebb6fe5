"""The session on the shared VRP model (vrpgen.vrp), without SSH: prompts follow the model's
views, errors and questions come from it, display prints its state (REFERENCE §2, §3)."""

from __future__ import annotations

from pathlib import Path

from vrpgen import vrp
from vrpgen.cli.sim_cmds import _platforms
from vrpgen.sim.device import Device, factory_config
from vrpgen.sim.runner import load_specs
from vrpgen.sim.session import CliSession

SEED = Path(__file__).resolve().parents[1] / "golden" / "seed"


def session(platform: str, text: str | None = None, name: str = "R1") -> CliSession:
    config = text if text is not None else factory_config(name, platform)
    return CliSession(Device.from_text(name, platform, config))


def lines(s: CliSession, *typed: str) -> list[str]:
    return [s.handle(t).text for t in typed]


def test_prompts_follow_the_model_views() -> None:
    s = session("vrp5")
    assert lines(s, "system-view", "interface gigabitethernet 0/0/1", "quit", "ospf 1",
                 "area 0", "quit", "quit", "bgp 64512", "ipv4-family unicast", "return")[1:] == [
        "[R1-GigabitEthernet0/0/1]", "[R1]", "[R1-ospf-1]", "[R1-ospf-1-area-0.0.0.0]",
        "[R1-ospf-1]", "[R1]", "[R1-bgp]", "[R1-bgp-af-ipv4]", "<R1>"]


def test_sysname_changes_the_vrp5_prompt_at_once_and_vrp8_after_commit() -> None:
    five = session("vrp5")
    assert lines(five, "system-view", "sysname CORE1")[1] == "[CORE1]"
    eight = session("vrp8")
    assert lines(eight, "system-view", "sysname PE1", "commit")[1:] == ["[*R1]", "[~PE1]"]


def test_model_errors_get_the_caret_under_the_token() -> None:
    s = session("vrp5")
    lines(s, "system-view", "interface GigabitEthernet0/0/1")
    caret, error, prompt = s.handle("port link-type trunkk").text.split("\n")
    assert caret.index("^") == len("[R1-GigabitEthernet0/0/1]") + len("port link-type ")
    assert error.startswith("Error") and "'^' position" in error
    assert prompt == "[R1-GigabitEthernet0/0/1]"


def test_incomplete_caret_is_one_after_the_text() -> None:
    s = session("vrp5")
    lines(s, "system-view")
    caret, error, _ = s.handle("vlan batch").text.split("\n")
    assert caret.index("^") == len("[R1]") + len("vlan batch") + 1
    assert error == "Error:Incomplete command found at '^' position."


def test_undo_bgp_asks_and_waits() -> None:
    s = session("vrp5", (SEED / "R1.cfg").read_text())
    lines(s, "system-view")
    question = s.handle("undo bgp").text
    assert question.endswith("[Y/N]:") and "<R1>" not in question and "[R1]" not in question
    assert s.handle("y").text == "[R1]"
    assert "bgp 64512" not in s.device.running_text()


def test_display_this_and_interface_from_the_model_state() -> None:
    s = session("vrp5", (SEED / "R1.cfg").read_text())
    lines(s, "system-view", "bgp 64512")
    this = s.handle("display this").text
    assert this.startswith("#\nbgp 64512\n router-id 10.0.0.253\n")
    assert this.endswith("#\nreturn\n[R1-bgp]")
    block = s.handle("dis cur int LoopBack0").text
    expected = "#\ninterface LoopBack0\n ip address 1.1.1.1 255.255.255.255\n#\nreturn\n[R1-bgp]"
    assert block == expected


def test_vrp8_push_then_commit_equals_the_rendered_config() -> None:
    intended = (SEED / "R1.cfg").read_text()
    s = session("vrp8")
    commands = [c.text for c in vrp.plan(s.device.running_text(), intended, "vrp8").commands]
    replies = lines(s, "system-view", *commands)
    assert not [r for r in replies if "Error" in r]
    assert vrp.plan(s.device.running_text(), intended, "vrp8").commands != []
    assert s.handle("commit").text.startswith("[~R1")
    assert vrp.plan(s.device.running_text(), intended, "vrp8").commands == []


def test_display_fragments_are_cut_from_the_model_tree() -> None:
    s = session("vrp5", (SEED / "R1.cfg").read_text())
    ospf = s.handle("display current-configuration configuration ospf").text
    assert ospf.startswith("#\nospf 1 router-id 1.1.1.1\n area 0.0.0.0\n")
    assert ospf.endswith("\n#\nreturn\n<R1>")
    lines(s, "system-view", "ospf 1", "area 0")
    assert s.handle("display this").text == ospf.replace("<R1>", "[R1-ospf-1-area-0.0.0.0]")
    assert s.handle("dis cur int l0").text.startswith("#\ninterface LoopBack0\n")


def test_unknown_interface_is_a_wrong_parameter() -> None:
    s = session("vrp5")
    caret, error, _ = s.handle("display current-configuration interface LoopBack7").text.split("\n")
    assert caret.index("^") == len("<R1>") + len("display current-configuration interface ")
    assert error == vrp.error_message("wrong", "vrp5")


def test_device_model_reaches_the_session() -> None:
    """A device with a model (the inventory's) refuses and displays as that model does."""
    s5700 = CliSession(Device.from_text("SW", "vrp5", factory_config("SW", "vrp5"),
                                        model="s5700"))
    out = lines(s5700, "system-view", "interface GigabitEthernet0/0/1", "ip address 10.0.0.1 24")
    assert out[-1].endswith("Error: Unrecognized command found at '^' position.\n"
                            "[SW-GigabitEthernet0/0/1]")
    lines(s5700, "undo portswitch", "ip address 10.0.0.1 24", "return")
    assert " undo portswitch\n ip address 10.0.0.1 255.255.255.0" in s5700.device.running_text()
    ne = CliSession(Device.from_text("PE", "vrp8", factory_config("PE", "vrp8"), model="ne40e"))
    lines(ne, "system-view", "interface GigabitEthernet0/1/0", "undo shutdown", "commit")
    assert "interface GigabitEthernet0/1/0\n undo shutdown" in ne.device.running_text()
    generic = session("vrp5")  # no model: the platform's generic rules, as before
    out = lines(generic, "system-view", "interface GigabitEthernet0/0/1",
                "ip address 10.0.0.1 24")
    assert "Error" not in out[-1]


def test_sim_specs_carry_the_inventory_models() -> None:
    platforms, models = _platforms(["a:ce6800", "b:vrp5"])
    assert platforms == {"a": "vrp8", "b": "vrp5"} and models == {"a": "ce6800"}
    specs = load_specs(platforms, None, models)
    assert [(s.name, s.platform, s.model) for s in specs] == [("a", "vrp8", "ce6800"),
                                                               ("b", "vrp5", None)]
