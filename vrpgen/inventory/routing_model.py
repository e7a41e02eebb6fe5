"""What the user writes for routing policy and BGP edge options: prefix lists, route-policies,
BGP networks and imports, per-peer options and secrets by reference.

Syntax and limits come from REFERENCE §4.9-§4.11 (and the Huawei documents cited in the VRP
family modules for route-limit, allow-as-loop and apply as-path). Names of lists and policies
are `PolicyName`s (one word); cross references are checked in derive/policy_checks.py.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from vrpgen.inventory.k8s_model import EnvName
from vrpgen.inventory.types import SAFE, Asn, IPv4Network, PolicyName, Word

Action = Literal["permit", "deny"]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True,
                              populate_by_name=True)


class Secret(_Strict):
    """A secret by reference: the environment variable push reads it from. The rendered
    config holds `${ENV}` only (vrpgen/placeholders.py), filled in memory at push time."""

    env: EnvName


class PrefixEntry(_Strict):
    """`ip ip-prefix NAME index N permit|deny ADDR LEN [greater-equal GE] [less-equal LE]`."""

    index: int | None = Field(None, ge=1, le=4294967295)  # §4.10; default 10, 20, …
    action: Action = "permit"
    prefix: IPv4Network
    ge: int | None = Field(None, ge=0, le=32)
    le: int | None = Field(None, ge=0, le=32)

    @model_validator(mode="after")
    def _ranges(self) -> PrefixEntry:
        # REFERENCE §4.10: MASKLEN ≤ GE ≤ LE ≤ 32
        length = self.prefix.prefixlen
        if self.ge is not None and self.ge < length:
            raise ValueError(f"ge {self.ge} is shorter than the prefix length /{length}: "
                             f"it must be {length}-32 (REFERENCE §4.10)")
        low = self.ge if self.ge is not None else length
        if self.le is not None and self.le < low:
            what = "ge" if self.ge is not None else "the prefix length"
            raise ValueError(f"le {self.le} is below {what} {low}: it must be {low}-32 "
                             "(REFERENCE §4.10)")
        return self


_COMMUNITY = re.compile(r"(\d{1,5}):(\d{1,5})")
_WELL_KNOWN = frozenset({"internet", "no-export", "no-advertise", "no-export-subconfed"})


def _community(value: str) -> str:
    """`aa:nn` (each 0-65535) or a well-known name (REFERENCE §4.11 `apply community`)."""
    found = _COMMUNITY.fullmatch(value)
    if found is not None and all(int(x) <= 65535 for x in found.groups()):
        return value
    if value in _WELL_KNOWN:
        return value
    raise ValueError(f"{value!r} is not a community: aa:nn (0-65535 each) or one of "
                     + ", ".join(sorted(_WELL_KNOWN)))


Community = Annotated[str, AfterValidator(_community), SAFE]


_FILTER_NAME = re.compile(r"\d+")


def _filter_name(value: str) -> str:
    """Huawei (ip community-filter, ip as-path-filter): a name is 1-51 characters and not all
    digits (a number names a numbered filter)."""
    if _FILTER_NAME.fullmatch(value) or len(value) > 51:
        raise ValueError("a filter name is 1-51 characters and not all digits")
    return value


FilterName = Annotated[PolicyName, AfterValidator(_filter_name)]


class CommunityFilterEntry(_Strict):
    """`ip community-filter basic NAME permit|deny COMMUNITY…` (Huawei EDOC1100064351: 1-20
    communities, aa:nn or a well-known name)."""

    action: Action = "permit"
    communities: tuple[Community, ...] = Field(min_length=1, max_length=20)


# An AS-path regular expression: printable ASCII (no `"`, which quotes a name on the CLI, and no
# `?`, which opens the CLI's help), 1-255 characters (Huawei "ip as-path-filter"); spaces inside.
_REGEX = re.compile(r"[!#->@-~]([ !#->@-~]{0,253}[!#->@-~])?")


def _regex(value: str) -> str:
    if not _REGEX.fullmatch(value):
        raise ValueError("an AS-path regular expression is 1-255 printable ASCII characters "
                         "without '\"' or '?', not starting or ending with a space")
    return value


AsPathRegex = Annotated[str, AfterValidator(_regex), SAFE]


class AsPathFilterEntry(_Strict):
    """`ip as-path-filter NAME permit|deny REGEX` (Huawei EDOC1100064351)."""

    action: Action = "permit"
    regex: AsPathRegex


class PolicyMatch(_Strict):
    ip_prefix: PolicyName | None = None  # `if-match ip-prefix NAME` (§4.11)
    community_filter: FilterName | None = None  # `if-match community-filter NAME`
    as_path_filter: FilterName | None = None  # `if-match as-path-filter NAME`


class PolicySet(_Strict):
    local_preference: int | None = Field(None, ge=0, le=4294967295)  # `apply local-preference`
    med: int | None = Field(None, ge=0, le=4294967295)  # `apply cost` (§4.11)
    community: tuple[Community, ...] = Field((), max_length=32)  # `apply community …`
    community_additive: bool = False  # `… additive`: add to the route's communities
    as_path_prepend: tuple[Asn, ...] = Field((), max_length=10)  # `apply as-path … additive`

    @model_validator(mode="after")
    def _additive(self) -> PolicySet:
        if self.community_additive and not self.community:
            raise ValueError("community_additive needs communities to add")
        return self


class RoutePolicyNode(_Strict):
    """`route-policy NAME permit|deny node N` with its clauses (§4.11)."""

    node: int = Field(ge=0, le=65535)
    action: Action = "permit"
    match: PolicyMatch = PolicyMatch()
    set_: PolicySet = Field(PolicySet(), alias="set")

    @model_validator(mode="after")
    def _deny_sets_nothing(self) -> RoutePolicyNode:
        if self.action == "deny" and self.set_ != PolicySet():
            raise ValueError("a deny node rejects the routes it matches: its set clauses would "
                             "never apply; remove set or make the node permit")
        return self


class BgpNetwork(_Strict):
    """`network ADDR MASK [route-policy P]` (§4.9)."""

    prefix: IPv4Network
    policy: PolicyName | None = None


class BgpImport(_Strict):
    """`import-route direct|static|ospf N [route-policy P]` (§4.9)."""

    protocol: Literal["direct", "static", "ospf"]
    process: int | None = Field(None, ge=1, le=65535)  # ospf only; default 1
    policy: PolicyName | None = None

    @model_validator(mode="after")
    def _process(self) -> BgpImport:
        if self.process is not None and self.protocol != "ospf":
            raise ValueError("process applies to protocol: ospf only")
        return self


class OspfImport(_Strict):
    """`import-route direct|static|bgp [route-policy P]` in the OSPF process (§4.8)."""

    protocol: Literal["direct", "static", "bgp"]
    policy: PolicyName | None = None


class PeerPolicy(_Strict):
    """Options one router sets on its peer: policies both ways and the route limit."""

    import_policy: PolicyName | None = None  # `peer X route-policy P import`
    export_policy: PolicyName | None = None  # `peer X route-policy P export`
    route_limit: int | None = Field(None, ge=1, le=4294967295)  # `peer X route-limit N`
    allowas_in: int | None = Field(None, ge=1, le=10)  # `peer X allow-as-loop N`
    # `peer X next-hop-local` (§4.9). Unset on an iBGP session between two devices: set when
    # the device has an eBGP next hop the other cannot reach through OSPF (derive/device.py)
    next_hop_local: bool | None = None
    group: Word | None = None  # `peer X group G`: a group of this device's bgp.groups


class PeerGroup(PeerPolicy):
    """`group G internal|external` and the options its members share (REFERENCE §4.9): set on
    `peer G …`; members keep their own `peer X as-number` (§4.9 example)."""

    type: Literal["internal", "external"]
    password: Secret | None = None  # `peer G password cipher ${ENV}`
    reflect_client: bool = False  # `peer G reflect-client`

    @model_validator(mode="after")
    def _no_nesting(self) -> PeerGroup:
        if self.group is not None:
            raise ValueError("a peer group cannot be in a group")
        return self
