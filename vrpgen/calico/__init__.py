"""The Kubernetes side of the inventory: Calico resources for the nodes that peer with routers.

derive_calico (inventory + resolved sessions → CalicoIntent) and build_manifests (intent →
projectcalico.org/v3 dicts) are pure; vrpgen.render writes them as YAML (docs/calico.md).
"""

from vrpgen.calico.intent import CalicoIntent, derive_calico
from vrpgen.calico.manifests import CalicoManifests, build_manifests

__all__ = ["CalicoIntent", "CalicoManifests", "build_manifests", "derive_calico"]
