"""Linter severities (issue 10): what vrpgen does not model is a counted note (exit 0), a
known command in the wrong view or malformed is an error (exit 1); hints are right or absent;
--platform is used for interface names (REFERENCE §4.3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from shared_data import need_shared, shared_files
from typer.testing import CliRunner

from vrpgen.cli import app
from vrpgen.vrp import lint
from vrpgen.vrp.lint import ERROR, NOTE, errors, not_modelled

CORPUS = shared_files(("vrp", "corpus"), "vrp*/*.cfg")
runner = CliRunner()


def _one(text: str, platform: str = "vrp5") -> tuple[str, str]:
    issues = lint(text, platform)
    assert len(issues) == 1, issues
    return issues[0].severity, issues[0].message


@pytest.mark.parametrize("path", CORPUS)
def test_every_corpus_config_lints_clean_with_notes_counted(path: Path) -> None:
    platform = path.parent.name
    issues = lint(path.read_bytes().decode("utf-8", errors="replace"), platform)
    assert errors(issues) == []
    result = runner.invoke(app, ["lint", "--platform", platform, str(path)])
    assert result.exit_code == 0, result.output
    if not_modelled(issues):
        assert f"{not_modelled(issues)} lines not modelled by vrpgen" in result.output
    assert "file(s): ok" in result.output


def test_the_corpus_holds_much_vrpgen_does_not_model() -> None:
    """Real configs hold more than vrpgen models: hundreds of notes, not one error."""
    paths = sorted(need_shared("vrp", "corpus").glob("vrp*/*.cfg"))
    issues = [lint(p.read_bytes().decode("utf-8", errors="replace"), p.parent.name)
              for p in paths]
    assert sum(not_modelled(i) for i in issues) > 200
    assert sum(len(errors(i)) for i in issues) == 0


@pytest.mark.parametrize("text", [
    "#\nacl number 3000\n rule 5 permit ip\n#\n",                # a whole unknown section
    "#\nsnmp-agent trap enable\n#\n",  # (sys-info version is modelled since issue 13)
    "#\nundo info-center enable\n#\n",                             # `undo` of an unknown command
    "#\nbgp 100\n peer 10.0.0.1 as-number 2\n peer 10.0.0.1 timer keepalive 10\n#\n",  # option
    "#\ninterface Cellular0/0/0\n#\n",                             # a type the table lacks
    "#\nbgp 100\n #\n ipv4-family unicast\n  peer 10.0.0.1 advertise-ext-community\n#\n",
])
def test_what_vrpgen_does_not_model_is_a_note(text: str) -> None:
    issues = lint(text)
    assert [i.severity for i in issues] == [NOTE], issues
    assert "not modelled by vrpgen" in issues[0].message
    assert "legal in" not in issues[0].message


def test_a_note_on_an_unknown_section_counts_its_lines() -> None:
    issues = lint("#\nacl number 3000\n rule 5 permit ip\n rule 10 deny ip\n#\nreturn\n")
    assert not_modelled(issues) == 3


@pytest.mark.parametrize(("text", "hint"), [
    ("#\nip address 10.0.0.1 255.0.0.0\n#\n", "legal in: interface"),
    ("#\nospf 1\n network 10.0.0.0 0.0.0.255\n#\n", "legal in: ospf-area"),
    ("#\nbgp 100\n peer 1.1.1.1 enable\n#\n", "legal in: bgp-af"),
    ("#\ninterface GigabitEthernet0/0/1\n vlan batch 10\n#\n", "legal in: system"),
])
def test_a_known_command_in_a_view_next_to_its_own_is_an_error_with_its_view(
        text: str, hint: str) -> None:
    severity, message = _one(text)
    assert severity == ERROR
    assert hint in message


def test_no_interface_hint_for_a_top_level_route() -> None:
    # `ip route-static` shares its first keyword with interface commands (`ip address`): the
    # line is a system-view command (or not modelled), never "legal in: interface"
    for text in ("#\nip route-static 0.0.0.0 0.0.0.0 192.0.2.1\n#\n",
                 "#\nip route-static 0.0.0.0 0.0.0.0 192.0.2.1 preference 70 frobnicate\n#\n"):
        assert all("interface" not in i.message for i in lint(text)), lint(text)


@pytest.mark.parametrize(("text", "fragment"), [
    ("#\ninterface GigabitEthernet0/0/1\n port link-type trunkk\n#\n", "did you mean `trunk`"),
    ("#\ninterface Vlanif5000\n#\n", "wrong value"),
    ("#\nospf 1\n area 0.0.0.0\n  network 10.0.0.0 255.255.999.0\n#\n", "wrong value"),
])
def test_a_malformed_known_command_is_an_error(text: str, fragment: str) -> None:
    severity, message = _one(text)
    assert severity == ERROR
    assert fragment in message


@pytest.mark.parametrize(("text", "vrp5", "vrp8"), [
    ("#\ninterface 10GE1/0/1\n#\n", False, True),           # CloudEngine names: VRP8 only
    ("#\ninterface Ethernet0/0/1\n#\n", True, False),       # FE ports: S-series / AR, VRP5
    ("#\ninterface GigabitEthernet0/0/1\n#\n", True, True),
])
def test_platform_decides_the_interface_types(text: str, vrp5: bool, vrp8: bool) -> None:
    for platform, ok in (("vrp5", vrp5), ("vrp8", vrp8)):
        found = errors(lint(text, platform))
        assert (found == []) is ok, (platform, found)
        if not ok:
            assert "REFERENCE §4.3" in found[0].message


def test_cli_exit_codes_errors_and_notes(tmp_path: Path) -> None:
    notes_only = tmp_path / "notes.cfg"
    notes_only.write_text("#\nsysname X\n#\nsnmp-agent trap enable\n#\nacl number 3000\n"
                          " rule 5 permit ip\n#\nreturn\n")
    result = runner.invoke(app, ["lint", str(notes_only)])
    assert result.exit_code == 0, result.output
    assert "3 lines not modelled by vrpgen" in result.output
    assert "1 file(s): ok (3 lines not modelled by vrpgen)" in result.output
    listed = runner.invoke(app, ["lint", "--notes", str(notes_only)])
    assert "notes.cfg:4: note: not modelled by vrpgen" in listed.output
    bad = tmp_path / "bad.cfg"
    bad.write_text("#\nsysname X\n#\nsnmp-agent trap enable\n#\nip address 10.0.0.1 255.0.0.0\n#\n"
                   "return\n")
    result = runner.invoke(app, ["lint", str(bad)])
    assert result.exit_code == 1
    assert "bad.cfg:6: not legal in the system view (legal in: interface)" in result.output
    assert "bad.cfg:4" not in result.output.replace("1 lines not modelled", "")


def test_cli_uses_the_platform(tmp_path: Path) -> None:
    ce = tmp_path / "ce.cfg"
    ce.write_text("#\nsysname CE\n#\ninterface 10GE1/0/1\n description up\n#\nreturn\n")
    assert runner.invoke(app, ["lint", "--platform", "vrp8", str(ce)]).exit_code == 0
    result = runner.invoke(app, ["lint", "--platform", "vrp5", str(ce)])
    assert result.exit_code == 1
    assert "do not exist on vrp5" in result.output
