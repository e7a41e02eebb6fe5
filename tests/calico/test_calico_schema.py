"""Every generated Calico manifest validates against Calico's CRD schema (v3.32.1)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from calico_helpers import (
    all_manifests,
    docs,
    node_patches,
    render,
    rich_data,
    seed_data,
)
from calico_schema import (
    CALICOCTL_CFG_SCHEMA,
    CRD_DIRS,
    CRDS,
    NODE_PATCH_SCHEMA,
    load_crd_schemas,
    validate,
    validate_plain,
)
from shared_data import SHARED, need_shared


@pytest.fixture(scope="module")
def schemas() -> dict[str, dict[str, dict[str, Any]]]:
    """The CRD schemas of ../shared/calico/crds (skips, naming it, when ../shared is absent)."""
    need_shared(*CRDS.relative_to(SHARED).parts)
    return {flavour: load_crd_schemas(path) for flavour, path in CRD_DIRS.items()}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    return {name: render(tmp_path_factory.mktemp(name), data())[1]
            for name, data in (("seed", seed_data), ("rich", rich_data))}


Schemas = dict[str, dict[str, dict[str, Any]]]  # flavour → kind → openAPIV3Schema


def test_the_crds_are_read_from_shared(schemas: Schemas) -> None:
    for flavour, by_kind in schemas.items():
        assert {"BGPConfiguration", "BGPPeer", "IPPool"} <= set(by_kind), flavour


@pytest.mark.parametrize("flavour", sorted(CRD_DIRS))
@pytest.mark.parametrize("inventory", ["seed", "rich"])
def test_every_manifest_matches_the_crd(outputs: dict[str, dict[str, str]], inventory: str,
                                        flavour: str,
                                        schemas: Schemas) -> None:
    manifests = all_manifests(outputs[inventory])
    kinds = {d["kind"] for d in manifests}
    assert kinds == {"BGPConfiguration", "BGPPeer", "IPPool"}
    for doc in manifests:
        assert validate(doc, schemas[flavour]) == [], doc


def test_the_rich_inventory_uses_every_optional_field(outputs: dict[str, dict[str, str]]) -> None:
    manifests = all_manifests(outputs["rich"])
    peer_fields = {k for d in manifests if d["kind"] == "BGPPeer" for k in d["spec"]}
    assert {"password", "sourceAddress", "keepOriginalNextHop"} <= peer_fields
    config = next(d for d in manifests if d["kind"] == "BGPConfiguration")
    assert config["spec"]["serviceClusterIPs"] == [{"cidr": "10.96.0.0/12"}]
    assert config["spec"]["serviceExternalIPs"] == [{"cidr": "203.0.113.0/24"}]


@pytest.mark.parametrize("inventory", ["seed", "rich"])
def test_node_patches_match_the_node_schema(outputs: dict[str, dict[str, str]],
                                            inventory: str) -> None:
    patches = node_patches(outputs[inventory]["nodes.sh"])
    assert set(patches) == {"k8s-node-1", "k8s-node-2"}
    for body in patches.values():
        assert validate_plain(body, NODE_PATCH_SCHEMA) == []


@pytest.mark.parametrize("inventory", ["seed", "rich"])
def test_calicoctl_cfg_matches_the_documented_options(outputs: dict[str, dict[str, str]],
                                                      inventory: str) -> None:
    (cfg,) = docs(outputs[inventory]["calicoctl.cfg"])
    assert validate_plain(cfg, CALICOCTL_CFG_SCHEMA) == []


def _mutated(doc: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(doc)
    target = out
    for key in path[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return out


_DELETE = object()


@pytest.mark.parametrize(("kind", "path", "value"), [
    ("BGPPeer", ("spec", "peerIp"), "10.0.0.253"),           # typo: unknown field
    ("BGPPeer", ("spec", "asNumber"), "64512"),               # a string AS
    ("BGPPeer", ("spec", "asNumber"), 4200000000),            # above int32
    ("BGPPeer", ("spec", "sourceAddress"), "NodeIP"),         # not in the enum
    ("BGPPeer", ("spec", "nodeSelector"), "all()"),           # with node: CEL rule
    ("IPPool", ("spec", "ipipMode"), "Off"),
    ("IPPool", ("spec", "cidr"), "192.168.0.0/33"),
    ("IPPool", ("spec", "cidr"), "192.168.1.0/16"),           # not strictly masked
    ("IPPool", ("spec", "cidr"), _DELETE),                    # required
    ("IPPool", ("spec", "vxlanMode"), "Always"),              # with ipipMode Always below
    ("BGPConfiguration", ("spec", "nodeToNodeMeshEnabled"), "false"),
    ("BGPConfiguration", ("spec", "serviceClusterIPs"), ["10.96.0.0/12"]),
    ("BGPConfiguration", ("apiVersion",), "crd.projectcalico.org/v1"),
])
def test_the_validator_rejects_what_calico_rejects(outputs: dict[str, dict[str, str]],
                                                   kind: str, path: tuple[str, ...],
                                                   value: Any,
                                                   schemas: Schemas,
                                                   ) -> None:
    """The schema test can fail: each mutation of a valid document is refused."""
    doc = next(d for d in all_manifests(outputs["seed"]) if d["kind"] == kind)
    bad = _mutated(doc, path, value)
    if path[-1] == "vxlanMode":
        bad["spec"]["ipipMode"] = "Always"
    assert validate(doc, schemas["storage"]) == []
    assert validate(bad, schemas["storage"]) != []


def test_the_validator_rejects_a_bad_node_patch() -> None:
    assert validate_plain({"spec": {"bgp": {"asNumber": "63400"}}}, NODE_PATCH_SCHEMA)
    assert validate_plain({"spec": {"bgp": {"ipv4Address": "10.0.0.6/33"}}}, NODE_PATCH_SCHEMA)
    assert validate_plain({"spec": {"bgp": {"asNumber": 1}, "orchRefs": []}},
                          NODE_PATCH_SCHEMA)


def test_crd_paths_are_outside_the_project() -> None:
    for path in CRD_DIRS.values():
        assert "shared" in Path(path).resolve().parts
