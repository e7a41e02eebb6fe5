"""What the user writes for the management plane: local users, AAA schemes and domains, the
SSH server, NTP, syslog, the clock timezone, SNMPv3 and the login banner
(vrp/families/management.py cites the syntax of each command).

A user's password is never in the inventory in clear: either an environment variable, filled
in at push time (`{env: VAR}`), or the device's own irreversible-cipher form (`{hash: …}`),
which is not the secret itself.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from vrpgen.inventory.k8s_model import EnvName
from vrpgen.inventory.types import SAFE, IPv4Address, SafeText, Word


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)


_HASH = re.compile(r"[!-~]{8,256}")  # printable ASCII, no space: one word on the device


def _hash(value: str) -> str:
    if not _HASH.fullmatch(value) or value.startswith("${"):
        raise ValueError("a hash is the device's irreversible-cipher text: 8-256 printable "
                         "characters without spaces")
    return value


Hash = Annotated[str, AfterValidator(_hash), SAFE]


class UserPassword(_Strict):
    """`{env: VAR}`: filled at push time; `{hash: TEXT}`: the device's irreversible-cipher
    form as `display current-configuration` shows it."""

    env: EnvName | None = None
    hash: Hash | None = None

    @model_validator(mode="after")
    def _one(self) -> UserPassword:
        if (self.env is None) == (self.hash is None):
            raise ValueError("give the password as env: VARIABLE or hash: CIPHER-TEXT, one "
                             "of them")
        return self


Service = Literal["terminal", "ssh", "telnet", "ftp", "http"]


class LocalUser(_Strict):
    """`local-user U password irreversible-cipher …`, `privilege level N`, `service-type …`."""

    password: UserPassword
    privilege: int | None = Field(None, ge=0, le=15)
    services: tuple[Service, ...] = ()


_OFFSET = re.compile(r"([+-])(\d{2}):(\d{2})")


def _offset(value: str) -> str:
    found = _OFFSET.fullmatch(value)
    if found is None or int(found.group(2)) > 14 or int(found.group(3)) > 59:
        raise ValueError(f"{value!r} is not an offset from UTC such as +01:00 or -05:30")
    return value


class Timezone(_Strict):
    """`clock timezone NAME add|minus HH:MM:SS` (corpus AR1.cfg)."""

    name: Word  # one word
    offset: Annotated[str, AfterValidator(_offset), SAFE] = "+00:00"


def _aaa_name(limit: int, banned: str) -> AfterValidator:
    """Huawei "authentication-scheme (AAA view)": 1-32 characters without spaces or
    / \\ : * ? " < > | @ ' %; "domain (AAA view)": 1-64 characters without spaces or * ? ";
    neither may be - or --."""
    def check(value: str) -> str:
        bad = sorted({c for c in value if c in banned or c.isspace()})
        if not value or len(value) > limit or value in ("-", "--") or bad:
            raise ValueError(f"must be 1-{limit} characters, not - or --, without spaces or "
                             + " ".join(banned))
        return value
    return AfterValidator(check)


SchemeName = Annotated[SafeText, _aaa_name(32, "/\\:*?\"<>|@'%")]
DomainName = Annotated[SafeText, _aaa_name(64, "*?\"")]
AuthMethod = Literal["local", "radius", "hwtacacs"]


class AuthenticationScheme(_Strict):
    """`authentication-scheme NAME` / ` authentication-mode M…` in `aaa`: the methods tried in
    this order (Huawei "authentication-mode (authentication scheme view)")."""

    methods: tuple[AuthMethod, ...] = Field(("local",), min_length=1, max_length=3)

    @model_validator(mode="after")
    def _distinct(self) -> AuthenticationScheme:
        if len(set(self.methods)) != len(self.methods):
            raise ValueError("each authentication method once")
        return self


class Domain(_Strict):
    """`domain NAME` / ` authentication-scheme SCHEME` in `aaa`."""

    authentication_scheme: SchemeName | None = None


# SNMPv3 user, group and view names: one word of 1-32 characters (Huawei "snmp-agent group",
# "snmp-agent usm-user": 1-32 characters, spaces only inside quotes, which vrpgen never writes)
SnmpName = Annotated[Word, Field(max_length=32)]
AuthAlgorithm = Literal["md5", "sha", "sha2-256"]
PrivAlgorithm = Literal["des56", "3des", "aes128", "aes192", "aes256"]


class EnvSecret(_Strict):
    """A key never in the inventory: the environment variable push fills it from."""

    env: EnvName


class SnmpAuthentication(_Strict):
    algorithm: AuthAlgorithm = "sha"
    password: EnvSecret


class SnmpPrivacy(_Strict):
    algorithm: PrivAlgorithm = "aes128"
    password: EnvSecret


class SnmpGroup(_Strict):
    """`snmp-agent group v3 NAME authentication|privacy [write-view W] [notify-view N]
    [read-view R]` (the views are MIB views the device already has)."""

    level: Literal["authentication", "privacy"] = "privacy"
    read_view: SnmpName | None = None
    write_view: SnmpName | None = None
    notify_view: SnmpName | None = None


class SnmpUser(_Strict):
    """`snmp-agent usm-user v3 NAME group G` and its keys (`authentication-mode`,
    `privacy-mode`), each from an environment variable."""

    group: SnmpName
    authentication: SnmpAuthentication
    privacy: SnmpPrivacy | None = None


class TrapHost(_Strict):
    """`snmp-agent target-host trap address udp-domain A params securityname USER v3 LEVEL`."""

    address: IPv4Address
    user: SnmpName


class Snmp(_Strict):
    groups: dict[SnmpName, SnmpGroup] = {}
    users: dict[SnmpName, SnmpUser] = {}
    trap_hosts: tuple[TrapHost, ...] = ()

    @model_validator(mode="after")
    def _references(self) -> Snmp:
        for name, user in self.users.items():
            group = self.groups.get(user.group)
            if group is None:
                raise ValueError(f"user {name} is in group {user.group}, which is not defined: "
                                 "groups: " + (", ".join(sorted(self.groups)) or "none"))
            if group.level == "privacy" and user.privacy is None:
                raise ValueError(f"user {name} is in privacy group {user.group}: give it a "
                                 "privacy key (privacy: {password: {env: VARIABLE}})")
        for host in self.trap_hosts:
            if host.user not in self.users:
                raise ValueError(f"trap host {host.address} sends as user {host.user}, which "
                                 "is not defined: users: "
                                 + (", ".join(sorted(self.users)) or "none"))
        addresses = [h.address for h in self.trap_hosts]
        if len(set(addresses)) != len(addresses):
            raise ValueError("a trap host is listed twice")
        return self


_BANNER_LINE = len('header login information ""')
# Quidway NE80 guide ("CLI overview"): a command line holds at most 255 characters
BANNER_MAX = 255 - _BANNER_LINE


def _banner(value: str) -> str:
    """Typed as `header login information "TEXT"` (Huawei VRP "header": the text starts and ends
    with one character, `"` here): a `"` would end it early, `?` opens the CLI's help; only
    printable ASCII, on one line."""
    bad = sorted({c for c in value if not " " <= c <= "~" or c in '"?'})
    if bad:
        raise ValueError("a banner is printable ASCII on one line, without '\"' or '?': "
                         + " ".join(repr(c) for c in bad))
    if len(value) > BANNER_MAX:
        raise ValueError(f"is {len(value)} characters; the banner line allows {BANNER_MAX}")
    return value


Banner = Annotated[SafeText, AfterValidator(_banner)]


# the schemes every device has (Huawei "authentication-scheme (AAA view)")
BUILT_IN_SCHEMES = frozenset({"default", "radius"})


class Aaa(_Strict):
    authentication_schemes: dict[SchemeName, AuthenticationScheme] = {}
    domains: dict[DomainName, Domain] = {}

    @model_validator(mode="after")
    def _schemes_exist(self) -> Aaa:
        known = set(self.authentication_schemes) | BUILT_IN_SCHEMES
        for name, domain in self.domains.items():
            scheme = domain.authentication_scheme
            if scheme is not None and scheme not in known:
                raise ValueError(f"domain {name} uses authentication scheme {scheme}, which is "
                                 "not defined: define it in authentication_schemes or use "
                                 + ", ".join(sorted(known)))
        return self


class Management(_Strict):
    users: dict[Word, LocalUser] = {}  # user names: one word
    # `stelnet server enable` and `user-interface vty 0 4` with `authentication-mode aaa` and
    # `protocol inbound ssh`
    ssh: bool = False
    ntp_servers: tuple[IPv4Address, ...] = ()
    syslog_hosts: tuple[IPv4Address, ...] = ()
    timezone: Timezone | None = None
    aaa: Aaa | None = None  # authentication schemes and domains
    snmp: Snmp | None = None  # SNMPv3 groups, users and trap hosts
    banner: Banner | None = None  # `header login information "TEXT"`
