"""Validate projectcalico.org/v3 manifests against Calico's own CRD openAPIV3Schema.

Adapted from ../shared/calico/README.md §5: strict mode (calicoctl rejects unknown fields),
Go `^(?i)` patterns rewritten for Python, `cidr`/`int32` format checkers (netaddr), and the CEL
rules that jsonschema cannot run re-implemented by hand. The CRDs are read in place from
../shared/calico/crds/v3.32.1, never copied into the project.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import jsonschema
import netaddr
import yaml
from shared_data import SHARED

CRDS = SHARED / "calico" / "crds" / "v3.32.1"
# Storage CRDs (crd.projectcalico.org/v1) and native v3 CRDs (projectcalico.org/v3): same spec.
CRD_DIRS = {"storage": CRDS / "libcalico-go" / "config" / "crd",
            "native-v3": CRDS / "api" / "config" / "crd"}
API_VERSION = "projectcalico.org/v3"
NAME_RE = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
_GO_FLAGS = re.compile(r"^\^(\(\?[imsU]+\))")

FORMATS = jsonschema.FormatChecker()


def _network(value: str) -> netaddr.IPNetwork:
    address, sep, length = value.partition("/")
    if not sep or not length.isdigit():
        raise ValueError(f"{value!r} is not a CIDR")
    ip = netaddr.IPAddress(address, flags=netaddr.INET_PTON)
    if int(length) > (32 if ip.version == 4 else 128):
        raise ValueError(f"{value!r} has a prefix length out of range")
    return netaddr.IPNetwork(value)


@FORMATS.checks("cidr", raises=(ValueError, netaddr.AddrFormatError))
def _cidr(value: object) -> bool:
    if isinstance(value, str):
        _network(value)
    return True


@FORMATS.checks("int32")
def _int32(value: object) -> bool:
    return not isinstance(value, int) or -(2**31) <= value <= 2**31 - 1


@FORMATS.checks("ipv4-interface", raises=(ValueError, netaddr.AddrFormatError))
def _ipv4_interface(value: object) -> bool:
    if isinstance(value, str):
        net = _network(value)
        if net.version != 4:
            raise ValueError("not IPv4")
    return True


# Node has no CRD: hand-written from libcalico-go internalapi/node.go (README §5).
NODE_PATCH_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["spec"],
    "properties": {"spec": {"type": "object", "additionalProperties": False, "properties": {
        "bgp": {"type": "object", "additionalProperties": False, "properties": {
            "asNumber": {"type": "integer", "format": "int32", "minimum": 1},
            "ipv4Address": {"type": "string", "format": "ipv4-interface"}}}}}},
}

# CalicoAPIConfig has no CRD: the options of "Configure calicoctl" (docs.tigera.io).
CALICOCTL_CFG_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "required": ["apiVersion", "kind", "spec"],
    "properties": {
        "apiVersion": {"const": API_VERSION}, "kind": {"const": "CalicoAPIConfig"},
        "metadata": {"type": ["object", "null"]},
        "spec": {"type": "object", "additionalProperties": False, "required": ["datastoreType"],
                 "properties": {
                     "datastoreType": {"enum": ["kubernetes", "etcdv3"]},
                     "kubeconfig": {"type": "string"},
                     "etcdEndpoints": {"type": "string", "pattern": r"^[^,\s]+(,[^,\s]+)*$"},
                     "etcdCACertFile": {"type": "string"},
                     "etcdCertFile": {"type": "string"},
                     "etcdKeyFile": {"type": "string"}}},
    },
}


def load_crd_schemas(crd_dir: Path) -> dict[str, dict[str, Any]]:
    """kind → openAPIV3Schema of the storage version."""
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(crd_dir.glob("*.yaml")):
        crd = yaml.safe_load(path.read_text())
        version = next(v for v in crd["spec"]["versions"] if v.get("storage"))
        out[crd["spec"]["names"]["kind"]] = version["schema"]["openAPIV3Schema"]
    return out


def to_jsonschema(oas: dict[str, Any]) -> dict[str, Any]:
    """Strict Draft 7 form of a k8s structural schema (README §5, adjustments a and b)."""
    schema = copy.deepcopy(oas)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                node["pattern"] = _GO_FLAGS.sub(r"\1^", node["pattern"])
            if (node.get("type") == "object" and "properties" in node
                    and "additionalProperties" not in node
                    and not node.get("x-kubernetes-preserve-unknown-fields")):
                node["additionalProperties"] = False
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return schema


def semantic_errors(doc: dict[str, Any]) -> list[str]:
    """The CEL / calicoctl-validator rules relevant to vrpgen's output (README §5)."""
    kind, spec, name = doc["kind"], doc.get("spec") or {}, doc["metadata"]["name"]
    if kind == "BGPPeer":
        return _peer_errors(spec)
    if kind == "IPPool":
        return _pool_errors(spec)
    if kind == "BGPConfiguration" and name != "default" and \
            {"asNumber", "nodeToNodeMeshEnabled"} & set(spec):
        return ["asNumber/nodeToNodeMeshEnabled are only valid on 'default'"]
    return []


def _peer_errors(spec: dict[str, Any]) -> list[str]:
    errors: list[str] = []
    if spec.get("node") and spec.get("nodeSelector"):
        errors.append("node and nodeSelector cannot both be set")
    if spec.get("peerSelector") and spec.get("asNumber"):
        errors.append("asNumber must be empty when peerSelector is set")
    if spec.get("keepOriginalNextHop") and spec.get("nextHopMode"):
        errors.append("keepOriginalNextHop with nextHopMode")
    return errors


def _pool_errors(spec: dict[str, Any]) -> list[str]:
    errors: list[str] = []
    net = _network(spec["cidr"])
    if str(net.cidr) != spec["cidr"]:
        errors.append(f"cidr must be strictly masked, e.g. {net.cidr}")

    def on(mode: str) -> bool:
        return spec.get(mode) not in (None, "", "Never")

    if on("ipipMode") and on("vxlanMode"):
        errors.append("ipipMode and vxlanMode cannot both be enabled")
    block = spec.get("blockSize") or 26
    if not 20 <= block <= 32:
        errors.append("blockSize must be 20..32")
    if net.prefixlen > block:
        errors.append("pool must be at least as large as one block")
    return errors


def validate(doc: dict[str, Any], schemas: dict[str, dict[str, Any]]) -> list[str]:
    """Error strings; empty means calicoctl and the apiserver would accept the document."""
    errors: list[str] = []
    if doc.get("apiVersion") != API_VERSION:
        errors.append(f"apiVersion must be {API_VERSION}, got {doc.get('apiVersion')!r}")
    name = (doc.get("metadata") or {}).get("name", "")
    if not (NAME_RE.match(name) and len(name) <= 253):
        errors.append(f"metadata.name {name!r} is not a lowercase DNS-1123 subdomain")
    schema = schemas.get(str(doc.get("kind")))
    if schema is None:
        return [*errors, f"unknown kind {doc.get('kind')!r}"]
    validator = jsonschema.Draft7Validator(to_jsonschema(schema), format_checker=FORMATS)
    errors += [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
               for e in validator.iter_errors(doc)]
    if not errors:
        errors += semantic_errors(doc)
    return errors


def validate_plain(doc: Any, schema: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft7Validator(schema, format_checker=FORMATS)
    return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
            for e in validator.iter_errors(doc)]
