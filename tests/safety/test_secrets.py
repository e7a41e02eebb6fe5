"""Issue 9, secrets: push fills a `${VAR}` only where the renderer put a password placeholder
(the whole secret of `peer X password cipher ${VAR}`, REFERENCE §4.9); a `${...}` the user wrote
anywhere else (a description) stays literal, so the SSH password never reaches a device's
configuration, an output or a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from vrpgen import pipeline
from vrpgen.errors import PushError
from vrpgen.push.secrets import fill_secrets

REPO = Path(__file__).resolve().parents[2]
SSH_PASSWORD = "Ssh-Login-Pw-7731"
BGP_PASSWORD = "Bgp-Md5-Key-9902"
BGP_VARIABLE = "VRPGEN_TEST_SAFETY_BGP_PW"
BAIT = "${VRPGEN_PASSWORD}"


def _inventory(tmp_path: Path) -> Path:
    """The seed lab with `${VRPGEN_PASSWORD}` as an interface, a VLAN and a BGP session
    description (free text in the inventory model), and a BGP password placeholder."""
    data: dict[str, Any] = yaml.safe_load((REPO / "inventory" / "lab.yml").read_text())
    data["vlans"][10]["description"] = BAIT
    data["devices"]["SW1"]["interfaces"]["GigabitEthernet0/0/1"]["description"] = BAIT
    data["devices"]["R1"]["interfaces"]["GigabitEthernet0/0/0"]["description"] = BAIT
    data["bgp"]["sessions"][0]["description"] = BAIT
    data["k8s"]["calico"]["bgp_password"] = {"env": BGP_VARIABLE, "secret_name": "bgp-pw",
                                             "secret_key": "routers"}
    path = tmp_path / "inventory" / "lab.yml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path.parent


def _environ() -> dict[str, str]:
    return {"VRPGEN_USERNAME": "admin", "VRPGEN_PASSWORD": SSH_PASSWORD,
            BGP_VARIABLE: BGP_PASSWORD}


def test_a_description_placeholder_never_carries_the_ssh_password(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = pipeline.render_to(out, _inventory(tmp_path))
    configs = {name: (out / f"{name}.cfg").read_text() for name in result.devices}
    # The bait reached the rendered configs as text, in every free-text position used.
    assert f" description {BAIT}" in configs["SW1"].splitlines()  # interface and VLAN
    assert f" description {BAIT}" in configs["R1"].splitlines()
    assert any(line.startswith(" peer ") and line.endswith(f"description {BAIT}")
               for line in configs["R1"].splitlines())
    assert f" peer 10.0.0.5 password cipher ${{{BGP_VARIABLE}}}" in configs["R1"].splitlines()

    filled = {name: fill_secrets(text, _environ()) for name, text in configs.items()}

    for name, text in filled.items():
        assert SSH_PASSWORD not in text, name
        # what is not a password position is sent exactly as rendered (and as the plan showed)
        kept = [line for line in text.splitlines() if "password cipher" not in line]
        assert kept == [line for line in configs[name].splitlines()
                        if "password cipher" not in line]
    assert f" peer 10.0.0.5 password cipher {BGP_PASSWORD}" in filled["R1"].splitlines()
    assert f" peer 10.0.0.6 password cipher {BGP_PASSWORD}" in filled["R2"].splitlines()
    assert BGP_PASSWORD not in filled["SW1"]
    assert f" description {BAIT}" in filled["R1"].splitlines()

    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written
    for path in written:
        data = path.read_bytes()
        assert SSH_PASSWORD.encode() not in data, path
        assert BGP_PASSWORD.encode() not in data, path


def test_only_the_whole_secret_argument_is_filled() -> None:
    env = _environ()
    text = (" peer 10.0.0.5 description ${X}\r\n"
            " peer 10.0.0.5 password cipher ${X}\r\n"
            " description peer 10.0.0.5 password cipher ${X}\n"
            "interface Vlanif10\n"
            " description ${VRPGEN_PASSWORD}\n")
    filled = fill_secrets(text, {**env, "X": "xval"})
    assert filled.splitlines(keepends=True) == [
        " peer 10.0.0.5 description ${X}\r\n",
        " peer 10.0.0.5 password cipher xval\r\n",
        " description peer 10.0.0.5 password cipher ${X}\n",
        "interface Vlanif10\n",
        " description ${VRPGEN_PASSWORD}\n",
    ]


@pytest.mark.parametrize("name", ["VRPGEN_PASSWORD", "VRPGEN_USERNAME"])
def test_the_login_credentials_are_never_filled_in_as_a_device_password(name: str) -> None:
    line = f" peer 10.0.0.5 password cipher ${{{name}}}"
    with pytest.raises(PushError, match=f"line 1: {name} holds the SSH login") as info:
        fill_secrets(line, _environ())
    assert SSH_PASSWORD not in str(info.value)


def test_a_placeholder_that_is_only_part_of_a_secret_is_refused() -> None:
    with pytest.raises(PushError, match="line 2: a password placeholder must be the whole"):
        fill_secrets("bgp 100\n peer 10.0.0.5 password cipher pre${X}\n", {"X": "value"})
