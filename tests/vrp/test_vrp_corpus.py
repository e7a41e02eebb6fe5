"""Round trip and no-op compare on every corpus config (../shared/vrp/corpus, never copied)."""

from __future__ import annotations

from pathlib import Path

import pytest
from shared_data import need_shared, shared_files

from vrpgen.vrp import Scope, apply, lint, parse, plan, serialize

FILES = shared_files(("vrp", "corpus"), "vrp*/*.cfg")


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace")


def _platform(path: Path) -> str:
    return path.parent.name


def test_corpus_present() -> None:
    corpus = need_shared("vrp", "corpus")
    assert len(list(corpus.glob("vrp*/*.cfg"))) >= 20


@pytest.mark.parametrize("path", FILES)
def test_round_trip_same_meaning(path: Path) -> None:
    config = parse(_read(path))
    text = serialize(config, _platform(path))
    again = parse(text)
    assert config.same_meaning(again)
    assert serialize(again, _platform(path)) == text
    assert not [i for i in again.issues if "deeper" in i.message]


@pytest.mark.parametrize("path", FILES)
def test_compare_with_itself_is_empty(path: Path) -> None:
    text = _read(path)
    result = plan(text, text, _platform(path))
    assert result.commands == []
    assert result.risks == []
    assert result.diff == ""
    assert len(result.fingerprint) == 64


@pytest.mark.parametrize("path", FILES)
def test_crlf_and_trailing_spaces_do_not_matter(path: Path) -> None:
    text = _read(path)
    lf = text.replace("\r\n", "\n")
    padded = "\r\n".join(line.rstrip() + "   " for line in lf.split("\n"))
    a, b = plan(lf, padded, _platform(path)), plan(padded, lf, _platform(path))
    assert a.commands == [] and b.commands == []
    assert a.fingerprint == plan(lf, lf, _platform(path)).fingerprint


@pytest.mark.parametrize("path", FILES)
def test_remediation_never_removes_unmanaged(path: Path) -> None:
    """Corpus config as running, a small intended: only the intended's objects are touched."""
    running = _read(path)
    intended = "#\nsysname LAB\n#\ninterface LoopBack99\n ip address 9.9.9.9 32\n#\nreturn\n"
    result = plan(running, intended, _platform(path))
    texts = [c.text for c in result.commands]
    assert not [t for t in texts if t.startswith("undo")]
    assert result.unmanaged > 10
    after = apply(parse(running), texts, _platform(path))
    before_keys = set(parse(running).root.children) - {"sysname"}
    assert before_keys <= set(after.root.children)
    for key in before_keys:
        if key.startswith("interface LoopBack99"):
            continue
        assert after.root.children[key].signature() == parse(running).root.children[key].signature()


def test_parser_oddities_kept_and_reported() -> None:
    text = "#\nsysname A\n#\nbgp 1\n peer 1.1.1.1 as-number 2\n   deep line\n#\nreturn\n"
    config = parse(text)
    assert [i.text.strip() for i in config.issues] == ["deep line"]
    assert "deep line" in serialize(config)


def test_consecutive_indented_globals_of_an_ar_are_each_top_level() -> None:
    # REFERENCE §3.2, corpus AR1 (` snmp-agent local-engineid …` then ` snmp-agent`): an AR
    # prints global one-liners indented, several in a row without a separator
    text = ("#\n sysname AR1\n#\n ntp-service unicast-server 192.0.2.1\n"
            " ntp-service unicast-server 192.0.2.2\n info-center loghost 192.0.2.50\n#\n"
            "aaa\n local-user a privilege level 15\n#\ninterface GigabitEthernet0/0/1\n"
            " ip address 10.0.0.1 255.255.255.0\n#\nreturn")
    config = parse(text)
    assert [n.text for n in config.root.children.values()] == [
        "sysname AR1", "ntp-service unicast-server 192.0.2.1",
        "ntp-service unicast-server 192.0.2.2", "info-center loghost 192.0.2.50", "aaa",
        "interface GigabitEthernet0/0/1"]
    assert not config.issues
    # the same lines unindented (as a VRP8 device or the simulator prints them): no change
    flat = "\n".join(line[1:] if line.startswith((" sysname", " ntp", " info")) else line
                     for line in text.split("\n"))
    assert plan(text, flat, "vrp5").commands == []


def test_header_multiline_and_vlan_styles() -> None:
    vrp8 = "!Software Version V800R012C10\n#\nsysname N\n#\nvlan batch 10 20\n#\nvlan 10\n#\n" \
        "vlan 20\n name X\n#\ninterface GE1/0/3.1 mode l2\n description sub\n#\nreturn"
    config = parse(vrp8)
    assert config.header == ["!Software Version V800R012C10"]
    assert "interface GE1/0/3.1" in config.root.children
    assert config.root.children["vlan batch"].members == {10, 20}
    vrp5 = "#\nsysname N\n#\nvlan batch 10\n#\nvlan 20\n description d\n#\nreturn"
    assert parse(vrp5).root.children["vlan batch"].members == {10, 20}
    out = serialize(parse(vrp5 + "\n"), "vrp5")
    assert "vlan batch 10 20" in out


def test_scope_only_narrows() -> None:
    running = "#\nsysname A\n#\ninterface LoopBack0\n description x\n#\nreturn"
    intended = "#\nsysname B\n#\ninterface LoopBack0\n description y\n#\nreturn"
    only = plan(running, intended, scope=Scope(only=("interface",)))
    assert [c.text for c in only.commands] == ["interface LoopBack0", "description y", "quit"]


@pytest.mark.parametrize("path", FILES)
def test_linter_runs_on_corpus(path: Path) -> None:
    issues = lint(_read(path), _platform(path))
    assert all(i.line > 0 and i.message for i in issues)
    # issue 10: real configs are legitimate VRP; what vrpgen does not model is a note
    assert [i for i in issues if i.error] == []


def test_public_key_blocks_kept_verbatim() -> None:
    text = (
        "#\nrsa peer-public-key 10.1.1.1\n public-key-code begin\n 30820109\n  02820100\n"
        "    C6E1B7A1 9F\n    C6E1B7A1 9F\n  0203\n public-key-code end\n peer-public-key end\n"
        "#\nreturn\n"
    )
    config = parse(text)
    assert config.issues == []
    out = serialize(config)
    assert out.count("C6E1B7A1 9F") == 2
    assert out.index("30820109") < out.index("0203") < out.index("public-key-code end")
    assert parse(out).same_meaning(config)
    assert plan(text, text).commands == []


@pytest.mark.parametrize("text", ["\x7fELF\x02\x01\x01\x00\x00", '{"json": true}\n'])
def test_not_a_config_is_a_diff_error(text: str) -> None:
    from vrpgen.errors import DiffError

    with pytest.raises(DiffError):
        parse(text)
    assert parse("").root.children == {}
