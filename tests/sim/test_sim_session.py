"""The CLI session state machine on its own (a stand-in applier, no SSH): views, prompts, errors,
save, VRP8 candidate and commit (REFERENCE §1.1, §2)."""

from __future__ import annotations

import pytest
from fake_applier import QUESTION, FakeApplier

from vrpgen import vrp
from vrpgen.sim import texts
from vrpgen.sim.device import Device, factory_config
from vrpgen.sim.session import CliSession


def session(platform: str = "vrp5", name: str = "R1", **kw: bool) -> CliSession:
    device = Device.from_text(name, platform, factory_config(name, platform), FakeApplier)
    return CliSession(device, **kw)


def run(s: CliSession, *lines: str) -> str:
    return "".join(s.handle(line).text for line in lines)


def test_user_view_prompt_and_empty_line() -> None:
    s = session()
    assert s.prompt() == "<R1>"
    assert s.handle("").text == "<R1>"


def test_banner_ends_in_the_prompt_without_newline() -> None:
    s = session("vrp8")
    banner = s.banner(1)
    assert banner.startswith("Info: The max number of VTY users is 8")
    assert banner.endswith("\n<R1>")
    assert "]" not in banner[:-4] and ">" not in banner[:-4]


def test_screen_length_info_line() -> None:
    s = session()
    assert s.handle("screen-length 0 temporary").text == f"{texts.SCREEN_LENGTH_INFO}\n<R1>"


@pytest.mark.parametrize(
    ("line", "column", "kind"),
    [
        ("foo", 0, "unrecognized"),
        ("display foo", 8, "unrecognized"),
        ("screen-length 999 temporary", 14, "wrong"),
        ("screen-length 0", 16, "incomplete"),
        ("system-view now", 12, "too_many"),
    ],
)
def test_user_view_errors_put_the_caret_under_the_token(line: str, column: int, kind: str) -> None:
    s = session()
    caret, message, prompt = s.handle(line).text.split("\n")
    assert caret == " " * (len("<R1>") + column) + "^"
    assert message == vrp.error_message(kind, "vrp5")
    assert prompt == "<R1>"


def test_system_view_banner_and_sub_view_prompts() -> None:
    s = session()
    assert s.handle("sys").text == f"{texts.SYSTEM_VIEW_BANNER['vrp5']}\n[R1]"
    assert s.handle("interface GigabitEthernet0/0/1").text == "[R1-GigabitEthernet0/0/1]"
    assert s.handle("quit").text == "[R1]"
    assert s.handle("interface LoopBack0").text == "[R1-LoopBack0]"
    assert s.handle("return").text == "<R1>"
    assert s.handle("system-view").text.endswith("[R1]")
    assert s.handle("quit").text == "<R1>"


def test_applier_error_caret_counts_the_prompt() -> None:
    s = session()
    run(s, "system-view", "interface GigabitEthernet0/0/1")
    caret, message, prompt = s.handle("descriptio").text.split("\n")
    assert caret.index("^") == len("[R1-GigabitEthernet0/0/1]")
    assert message == "Error: Unrecognized command found at '^' position."
    assert prompt == "[R1-GigabitEthernet0/0/1]"


def test_vrp5_sysname_changes_the_prompt_at_once() -> None:
    s = session()
    run(s, "system-view")
    assert s.handle("sysname CORE").text == "[CORE]"
    assert s.handle("return").text == "<CORE>"


def test_save_dialog_waits_for_the_answer() -> None:
    s = session()
    assert s.handle("save").text == texts.SAVE_QUESTION["vrp5"]
    assert s.handle("").text == texts.YN_REPEAT
    assert s.handle("y").text == f"{texts.SAVE_DONE['vrp5']}\n<R1>"
    assert s.device.saved is not None and "sysname R1" in s.device.saved


def test_save_answered_no_saves_nothing() -> None:
    s = session()
    run(s, "system-view", "sysname X", "return")
    before = s.device.saved
    assert s.handle("save").text.endswith("[Y/N]:")
    assert s.handle("n").text == "<X>"
    assert s.device.saved == before


def test_applier_question_then_answer() -> None:
    s = session()
    run(s, "system-view", "interface LoopBack1", "quit")
    assert s.handle("undo interface LoopBack1").text == QUESTION
    assert s.handle("y").text == "[R1]"
    assert "LoopBack1" not in s.device.running_text()


def test_quit_in_user_view_closes() -> None:
    assert session().handle("quit").close


def test_ctrl_z_returns_to_user_view() -> None:
    s = session()
    run(s, "system-view", "interface LoopBack0")
    assert s.handle("", ctrl_z=True).text == "<R1>"


def test_display_version_tells_the_platform() -> None:
    assert "Version 5." in session("vrp5").handle("display version").text
    assert "Version 8." in session("vrp8").handle("dis ver").text


def test_display_interface_this_and_filters() -> None:
    s = session()
    run(s, "system-view", "interface GigabitEthernet0/0/1", "description uplink")
    this = s.handle("display this").text
    block = "#\ninterface GigabitEthernet0/0/1\n description uplink\n#\nreturn\n"
    assert this == block + s.prompt()
    assert s.handle("display current-configuration").text.endswith("#\nreturn\n" + s.prompt())
    assert s.handle("dis cur int g0/0/1").text == this
    assert s.handle("display current-configuration interface GigabitEthernet 0/0/1").text == this
    assert s.handle("display current-configuration | include desc").text == (
        " description uplink\n[R1-GigabitEthernet0/0/1]"
    )
    caret = s.handle("display current-configuration interface g0/0/9").text.split("\n")[0]
    assert caret.index("^") == len(s.prompt()) + len("display current-configuration interface ")


def test_vrp8_candidate_is_not_running_until_commit() -> None:
    s = session("vrp8")
    assert s.handle("system-view").text.endswith("[~R1]")
    assert s.handle("interface LoopBack0").text == "[*R1-LoopBack0]"
    assert "LoopBack0" not in s.device.running_text()
    shown = s.handle("display current-configuration").text
    assert shown == "#\nsysname R1\n#\nreturn\n[*R1-LoopBack0]"
    assert "interface LoopBack0" in s.handle("display configuration candidate").text
    assert s.handle("commit").text == "[~R1-LoopBack0]"
    assert "LoopBack0" in s.device.running_text()


def test_vrp8_sysname_changes_the_prompt_only_after_commit() -> None:
    s = session("vrp8")
    run(s, "system-view")
    assert s.handle("sysname PE").text == "[*R1]"
    assert s.handle("commit").text == "[~PE]"


def test_vrp8_clear_candidate_discards_and_returns_to_system_view() -> None:
    s = session("vrp8")
    run(s, "system-view", "interface LoopBack0")
    assert s.handle("clear configuration candidate").text == "[~R1]"
    assert s.handle("return").text == "<R1>"
    assert "LoopBack0" not in s.device.running_text()


def test_vrp8_abort_discards_and_leaves() -> None:
    s = session("vrp8")
    run(s, "system-view", "interface LoopBack0")
    assert s.handle("abort").text == "<R1>"
    assert "LoopBack0" not in s.device.running_text()


@pytest.mark.parametrize("leave", ["return", "quit"])
def test_vrp8_leaving_with_uncommitted_changes_asks(leave: str) -> None:
    s = session("vrp8")
    run(s, "system-view", "sysname PE")
    assert s.handle(leave).text == texts.UNCOMMITTED_QUESTION
    assert s.handle("").text == texts.YNC_REPEAT
    assert s.handle("c").text == "[*R1]"
    assert s.handle(leave).text == texts.UNCOMMITTED_QUESTION
    assert s.handle("y").text == "<PE>"
    assert "sysname PE" in s.device.running_text()


def test_vrp8_uncommitted_answer_no_discards() -> None:
    s = session("vrp8")
    run(s, "system-view", "sysname PE", "return")
    assert s.handle("n").text == "<R1>"
    assert "sysname R1" in s.device.running_text()


def test_vrp8_failed_commit_keeps_the_candidate() -> None:
    s = session("vrp8", fail_commit=True)
    run(s, "system-view", "sysname PE")
    assert s.handle("commit").text == f"{texts.COMMIT_FAILED}\n[*R1]"
    assert "sysname R1" in s.device.running_text()
    assert s.handle("clear configuration candidate").text == "[~R1]"


def test_vrp8_sessions_have_private_candidates() -> None:
    first = session("vrp8")
    second = CliSession(first.device)
    run(first, "system-view", "interface LoopBack0")
    run(second, "system-view")
    assert second.prompt() == "[~R1]"
    assert "LoopBack0" not in second.handle("display configuration candidate").text


def test_initial_password_question_before_the_first_prompt() -> None:
    s = session(initial_password=True)
    banner = s.banner(1)
    assert banner.endswith("The password needs to be changed. Change now? [Y/N]:")
    assert "<R1>" not in banner
    assert s.handle("").text == texts.YN_REPEAT
    assert s.handle("N").text == "<R1>"
