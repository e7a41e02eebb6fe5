"""The management plane of a device → ManagementIntent. Pure functions, no I/O."""

from __future__ import annotations

from vrpgen.derive.intent import (
    AuthSchemeIntent,
    DomainIntent,
    LocalUserIntent,
    ManagementIntent,
    SnmpGroupIntent,
    SnmpIntent,
    SnmpUserIntent,
    TrapHostIntent,
)
from vrpgen.inventory.management_model import Aaa, LocalUser, Management, Snmp, Timezone
from vrpgen.placeholders import placeholder


def management(settings: Management | None) -> ManagementIntent | None:
    if settings is None:
        return None
    aaa = settings.aaa or Aaa()
    return ManagementIntent(
        users=tuple(_user(name, user) for name, user in settings.users.items()),
        ssh=settings.ssh,
        ntp_servers=tuple(str(a) for a in settings.ntp_servers),
        syslog_hosts=tuple(str(a) for a in settings.syslog_hosts),
        timezone=_timezone(settings.timezone) if settings.timezone is not None else None,
        auth_schemes=tuple(AuthSchemeIntent(name, " ".join(scheme.methods))
                           for name, scheme in aaa.authentication_schemes.items()),
        domains=tuple(DomainIntent(name, domain.authentication_scheme)
                      for name, domain in aaa.domains.items()),
        snmp=_snmp(settings.snmp) if settings.snmp is not None else None,
        banner=settings.banner)


def _snmp(snmp: Snmp) -> SnmpIntent:
    """SNMPv3 lines as the NE40E example displays them (vrp/families/management.py); every key
    a `${ENV}` placeholder filled at push."""
    groups = []
    for name, group in snmp.groups.items():
        views = [f"{kind}-view {view}" for kind, view in (
            ("write", group.write_view), ("notify", group.notify_view),
            ("read", group.read_view)) if view is not None]
        groups.append(SnmpGroupIntent(name, group.level, " ".join(views) or None))
    users = tuple(
        SnmpUserIntent(name, user.group,
                       f"{user.authentication.algorithm} "
                       f"{placeholder(user.authentication.password.env)}",
                       f"{user.privacy.algorithm} {placeholder(user.privacy.password.env)}"
                       if user.privacy is not None else None)
        for name, user in snmp.users.items())
    traps = tuple(TrapHostIntent(str(h.address), h.user,
                                 snmp.groups[snmp.users[h.user].group].level)
                  for h in snmp.trap_hosts)
    return SnmpIntent(tuple(groups), users, traps)


def _user(name: str, user: LocalUser) -> LocalUserIntent:
    secret = user.password
    # irreversible-cipher: the device keeps a one-way hash (local-user password, AAA view)
    value = placeholder(secret.env) if secret.env is not None else secret.hash
    assert value is not None  # UserPassword holds exactly one of them
    return LocalUserIntent(name, f"irreversible-cipher {value}", user.privilege,
                           " ".join(user.services) or None)


def _timezone(zone: Timezone) -> str:
    """`NAME add|minus HH:MM:SS` (corpus AR1.cfg: `China-Standard-Time minus 08:00:00`)."""
    sign, rest = zone.offset[0], zone.offset[1:]
    return f"{zone.name} {'add' if sign == '+' else 'minus'} {rest}:00"
