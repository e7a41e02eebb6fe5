"""Management plane family: local users in `aaa`, the SSH server (`stelnet server enable`,
`user-interface vty` with `authentication-mode aaa` and `protocol inbound ssh`), NTP servers,
syslog hosts and the clock timezone.

REFERENCE barely covers these (§3.10, §6.3: passwords shown encrypted). Display forms are taken
from the corpus configs (../shared/vrp/corpus/vrp5/*PE66.cfg, *AR1.cfg: `aaa` with
`local-user U password cipher …`, `local-user U privilege level 15`, `local-user U
service-type …`; `stelnet server enable`; `user-interface vty 0 4` / ` authentication-mode aaa`
/ ` protocol inbound all`; `clock timezone NAME minus 08:00:00`) and syntax and undo forms from
Huawei command references:
- `local-user U password irreversible-cipher P`, `undo local-user U` (NE8000 / S "local-user
  password (AAA view)", a10.tagan.ru/huawei/netengine8000f1a/command/8090/local-user-create);
- `ntp-service unicast-server IP`, `undo ntp-service unicast-server IP` (S series,
  support.huawei.com EDOC1100064351 "ntp-service unicast-server");
- `info-center loghost IP`, `undo info-center loghost IP` (VRP "info-center loghost",
  usg.zrnko.cz/resources/cli/info-center_loghost.html).

Conservative where no source gives a safe undo: `stelnet server enable`, the vty
`authentication-mode` and `protocol inbound`, a user's `privilege level` and `service-type` are
never removed (removing them can lock the operators out); the `aaa` and `user-interface`
sections are never undone. A user intended drops is `undo local-user U` alone (it deletes all of
the user's lines), rated high. Not modelled (lines stay opaque, left alone): authentication
schemes and domains, SNMP, the login banner.
"""

from __future__ import annotations

from vrpgen.vrp.node import Node
from vrpgen.vrp.risk import Command, enter
from vrpgen.vrp.sectiondiff import Diff
from vrpgen.vrp.spec import HIGH, LOW, MEDIUM, SYSTEM, Rating, Risks, Spec, spec

AAA_VIEW, UI_VIEW = "aaa", "user-interface"

AAA, UI = "aaa", "user-interface"
USER_PASSWORD, USER_LEVEL, USER_SERVICE = "user-password", "user-level", "user-service"
UNDO_USER = "undo-local-user"
STELNET = "stelnet"
UI_AUTH, UI_PROTOCOL = "ui-authentication-mode", "ui-protocol-inbound"
NTP_SERVER, UNDO_NTP_SERVER = "ntp-unicast-server", "undo-ntp-unicast-server"
LOGHOST, UNDO_LOGHOST = "loghost", "undo-loghost"
TIMEZONE, UNDO_TIMEZONE = "clock-timezone", "undo-clock-timezone"

RULE_AAA = "aaa"  # users intended drops: `undo local-user U` alone, before the other lines
RULES = frozenset({RULE_AAA})

# Top-level key prefixes of the families owned as a whole once intended renders one of their
# lines (vrp/scope.py): a changed NTP server or log host replaces the old one.
OWNED_PREFIXES = ("ntp-service unicast-server ", "info-center loghost ")

_USER = Rating(MEDIUM, "changes local user {u}")
_PASSWORD = Rating(HIGH, "sets the password of local user {u}: their next login needs it")
_ACCESS = Rating(HIGH, "changes how operators log in over VTY: a wrong setting locks them out")
_TIME = Rating(LOW, "changes the time source or zone")
_LOG = Rating(LOW, "changes where the device sends its logs")

SPECS: tuple[Spec, ...] = (
    spec(AAA, "aaa", SYSTEM, "section", "aaa", None, opens=AAA_VIEW, remediation="family",
         rule=RULE_AAA, ref="corpus PE66.cfg"),
    spec(UI, ("user-interface <kind:enum:con|vty> <first:int:0-63>",
              "user-interface <kind:enum:con|vty> <first:int:0-63> <last:int:0-63>"),
         SYSTEM, "section", "user-interface {kind} {first} {last}", None, opens=UI_VIEW,
         remediation="generic", ref="corpus PE66.cfg"),
    spec(STELNET, "stelnet server enable", SYSTEM, "keyed", "stelnet server enable", None,
         remediation="generic", ref="corpus PE66.cfg",
         risk=Risks(Rating(MEDIUM, "enables the SSH server"))),
    spec(NTP_SERVER, ("ntp-service unicast-server <ip:ip>",
                      "ntp-service unicast-server <ip:ip> <rest:text>"), SYSTEM, "keyed",
         "ntp-service unicast-server {ip}", "undo ntp-service unicast-server {ip}",
         remediation="generic", ref="EDOC1100064351 ntp-service unicast-server",
         risk=Risks(_TIME, _TIME)),
    spec(UNDO_NTP_SERVER, "undo ntp-service unicast-server <ip:ip>", SYSTEM, "undo",
         "ntp-service unicast-server {ip}", action="remove", remediation="command",
         ref="EDOC1100064351 ntp-service unicast-server"),
    spec(LOGHOST, ("info-center loghost <ip:ip>", "info-center loghost <ip:ip> <rest:text>"),
         SYSTEM, "keyed", "info-center loghost {ip}", "undo info-center loghost {ip}",
         remediation="generic", ref="VRP info-center loghost", risk=Risks(_LOG, _LOG)),
    spec(UNDO_LOGHOST, "undo info-center loghost <ip:ip>", SYSTEM, "undo",
         "info-center loghost {ip}", action="remove", remediation="command",
         ref="VRP info-center loghost"),
    # corpus AR1.cfg: ` clock timezone China-Standard-Time minus 08:00:00`
    spec(TIMEZONE, "clock timezone <name:word> <dir:enum:add|minus> <offset:word>", SYSTEM,
         "replace", "clock timezone", "undo clock timezone", remediation="generic",
         ref="corpus AR1.cfg", risk=Risks(_TIME, _TIME)),
    spec(UNDO_TIMEZONE, "undo clock timezone", SYSTEM, "undo", "clock timezone",
         action="remove", remediation="command", ref="§6.11"),
)
VIEW_SPECS: tuple[Spec, ...] = (
    # §3.10, §6.3: shown encrypted; only its presence is compared. Rendered as
    # `irreversible-cipher ${VAR}`, filled at push (vrp/secrets.py, push/secrets.py).
    spec(USER_PASSWORD, "local-user <u:word> password <m:enum:cipher|irreversible-cipher|simple> "
         "<s:text>", AAA_VIEW, "replace", "local-user {u} password", None,
         remediation="generic", secret=True, ref="corpus PE66.cfg, §6.3",
         risk=Risks(_PASSWORD, Rating(HIGH, "deletes local user {u}: they can no longer log "
                                            "in"), add_replacing=_PASSWORD)),
    spec(USER_LEVEL, "local-user <u:word> privilege level <n:int:0-15>", AAA_VIEW, "replace",
         "local-user {u} privilege level", None, remediation="generic",
         ref="corpus PE66.cfg", risk=Risks(_USER)),
    spec(USER_SERVICE, "local-user <u:word> service-type <t:text>", AAA_VIEW, "replace",
         "local-user {u} service-type", None, remediation="generic", ref="corpus PE66.cfg",
         risk=Risks(_USER)),
    spec(UNDO_USER, "undo local-user <u:word>", AAA_VIEW, "undo", "local-user {u}",
         action="user-remove", remediation="command", ref="local-user password (AAA view)"),
    spec(UI_AUTH, "authentication-mode <m:enum:aaa|password|none>", UI_VIEW, "replace",
         "authentication-mode", None, remediation="generic", ref="corpus PE66.cfg",
         risk=Risks(_ACCESS, add_replacing=_ACCESS)),
    spec(UI_PROTOCOL, "protocol inbound <p:enum:all|ssh|telnet>", UI_VIEW, "replace",
         "protocol inbound", None, remediation="generic", ref="corpus PE66.cfg",
         risk=Risks(_ACCESS, add_replacing=_ACCESS)),
)


def user_of(node: Node) -> str | None:
    words = node.text.split(" ", 2)
    return words[1] if len(words) > 1 and words[0] == "local-user" else None


def users_gone(old: Node, new: Node) -> list[str]:
    """The local users of the running `aaa` section that intended does not have."""
    wanted = {user_of(n) for n in new.children.values()} - {None}
    return sorted({u for n in old.children.values() if (u := user_of(n)) is not None
                   and u not in wanted})


def aaa(old: Node | None, new: Node, d: Diff) -> list[Command]:
    """The `aaa` section: a user intended drops is `undo local-user U` alone (it deletes all
    of the user's lines); the other lines by the generic diff, additions first."""
    if old is None:
        return d.create(new)
    gone = users_gone(old, new)
    kept = old.shallow({k: v for k, v in old.children.items() if user_of(v) not in gone})
    removes, adds = d.children_diff(kept, new)
    # rated by the password spec's removal: the user is deleted (`undo local-user U`)
    undos = [d.cmd(f"undo local-user {u}", USER_PASSWORD, removal=True, values={"u": u})
             for u in gone]
    body = [*adds, *removes, *undos]
    return [enter(new.text), *body, enter("quit")] if body else []
