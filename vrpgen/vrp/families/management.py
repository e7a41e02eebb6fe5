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
the user's lines), rated high.

Authentication schemes and domains (inside `aaa`), not in REFERENCE or the corpus beyond the
bare ` authentication-scheme default` / ` domain default` lines of corpus PE66.cfg. Syntax and
undo forms from the Huawei S-series command reference (a10.tagan.ru/huawei/dc/):
`authentication-scheme NAME` / `undo authentication-scheme NAME` ("authentication-scheme (AAA
view)": the scheme `default` and `radius` cannot be deleted), `authentication-mode { hwtacacs |
local | radius } *` / `undo authentication-mode` (restores the default; "authentication-mode
(authentication scheme view)"), `domain NAME` / `undo domain NAME` ("domain (AAA view)": the
domains `default` and `default_admin` cannot be deleted), and in the domain view
`authentication-scheme NAME` / `undo authentication-scheme` (NE8000 "authentication-scheme (AAA
domain view)", a10.tagan.ru/huawei/netengine8000f1a/command/8090/domain-set(AAAOM).html).
Display, one space deeper per view: NE40E configuration guide "Example for Configuring an NMS
to Communicate with a Device by SSH over a VPN" (configuration file: ` authentication-scheme
scheme1` / `  authentication-mode hwtacacs`, ` domain huawei` / `  authentication-scheme
scheme1`) and S-series captures (CAPT: ` authentication-scheme default` / `  authentication-mode
local`). Prompts `[R1-aaa-authen-NAME]` (usg.zrnko.cz/resources/dc/authentication-scheme_aaa_view
example) and `[R1-aaa-domain-NAME]` (the NE40E example). A scheme or domain intended drops is
undone (high risk; domains before schemes, a scheme before the domain that is to use it is
created); the built-in ones are never removed.

Login banner: `header login information TEXT` / `undo header login` (Huawei VRP "header",
usg.zrnko.cz/resources/cli/header.html: TEXT 1-480 characters, spaces allowed; it starts and
ends with the same character, `"` here, so it is typed on one line). Its display form is taken
as the typed line [UNVERIFIED: no captured config shows one]. A changed banner is `undo header
login` then the new one (both documented; re-entering is not documented to replace).

SNMPv3, display forms from the NE40E configuration guide example "Configuring an NMS to
Communicate with a Device by SSH over a VPN" (configuration file: `snmp-agent`, `snmp-agent
sys-info version v3`, `snmp-agent group v3 admin privacy write-view iso notify-view iso
read-view iso`, `snmp-agent target-host trap address udp-domain 10.1.1.1 … params securityname
nms-admin v3 privacy`, `snmp-agent usm-user v3 nms-admin group admin`, `snmp-agent usm-user v3
nms-admin authentication-mode sha <cipher>`, `… privacy-mode aes128 <cipher>`); ` snmp-agent`
(indented on AR) in corpus PE66.cfg. Undo forms: `undo snmp-agent group v3 G { authentication
| privacy | noauthentication }` (usg.zrnko.cz/resources/cli/snmp-agent_group.html), `undo
snmp-agent target-host trap address udp-domain IP params securityname NAME`
(usg.zrnko.cz/resources/cli/snmp-agent_target-host_trap.html). The example types the user's
passwords at a prompt; the plan types them on the line as the display shows them
[INFERRED]. No source gives an undo for the per-line user form nor says how a user changes
group or how `sys-info version` combines: those changes are refused (cannot remediate), and a
user's lines are never removed. A group whose views change is undone and re-created (high); a
trap host whose level changes is undone and re-added; trap hosts are owned once one is
rendered (a changed host replaces the old one).
"""

from __future__ import annotations

from vrpgen.vrp.node import Node
from vrpgen.vrp.risk import Command, enter
from vrpgen.vrp.sectiondiff import Diff, lines_of
from vrpgen.vrp.spec import HIGH, LOW, MEDIUM, SYSTEM, Rating, Risks, Spec, spec

AAA_VIEW, UI_VIEW = "aaa", "user-interface"
AUTHEN_VIEW, DOMAIN_VIEW = "aaa-authen", "aaa-domain"

AAA, UI = "aaa", "user-interface"
USER_PASSWORD, USER_LEVEL, USER_SERVICE = "user-password", "user-level", "user-service"
UNDO_USER = "undo-local-user"
STELNET = "stelnet"
UI_AUTH, UI_PROTOCOL = "ui-authentication-mode", "ui-protocol-inbound"
NTP_SERVER, UNDO_NTP_SERVER = "ntp-unicast-server", "undo-ntp-unicast-server"
LOGHOST, UNDO_LOGHOST = "loghost", "undo-loghost"
TIMEZONE, UNDO_TIMEZONE = "clock-timezone", "undo-clock-timezone"
AUTH_SCHEME, UNDO_AUTH_SCHEME = "authentication-scheme", "undo-authentication-scheme"
AUTH_MODE, UNDO_AUTH_MODE = "scheme-authentication-mode", "undo-scheme-authentication-mode"
DOMAIN, UNDO_DOMAIN = "domain", "undo-domain"
DOMAIN_SCHEME, UNDO_DOMAIN_SCHEME = "domain-authentication-scheme", \
    "undo-domain-authentication-scheme"
BANNER, UNDO_BANNER = "header-login", "undo-header-login"
SNMP_AGENT, SNMP_VERSION = "snmp-agent", "snmp-sys-info-version"
SNMP_GROUP, UNDO_SNMP_GROUP = "snmp-group", "undo-snmp-group"
SNMP_USER_GROUP, SNMP_USER_AUTH, SNMP_USER_PRIV = \
    "snmp-usm-user-group", "snmp-usm-user-auth", "snmp-usm-user-priv"
SNMP_TARGET, UNDO_SNMP_TARGET = "snmp-target-host", "undo-snmp-target-host"
# Built in, cannot be deleted (Huawei "authentication-scheme (AAA view)", "domain (AAA view)")
BUILT_IN = frozenset({"authentication-scheme default", "authentication-scheme radius",
                      "domain default", "domain default_admin"})

RULE_AAA = "aaa"  # users intended drops: `undo local-user U` alone, before the other lines
RULE_BANNER = "banner"  # a changed banner: `undo header login`, then the new one
RULE_SNMP = "snmp"  # SNMPv3: re-created where documented, refused where not
RULES = frozenset({RULE_AAA, RULE_BANNER, RULE_SNMP})

# Top-level key prefixes of the families owned as a whole once intended renders one of their
# lines (vrp/scope.py): a changed NTP server or log host replaces the old one.
OWNED_PREFIXES = ("ntp-service unicast-server ", "info-center loghost ",
                  "snmp-agent target-host ")
# what `owns: [snmp]` manages beyond that: every SNMPv3 group and user
SNMP_PREFIXES = ("snmp-agent target-host ", "snmp-agent group ", "snmp-agent usm-user ")

_USER = Rating(MEDIUM, "changes local user {u}")
_PASSWORD = Rating(HIGH, "sets the password of local user {u}: their next login needs it")
_ACCESS = Rating(HIGH, "changes how operators log in over VTY: a wrong setting locks them out")
_TIME = Rating(LOW, "changes the time source or zone")
_AUTH = Rating(HIGH, "changes how operators are authenticated: a wrong scheme or domain locks "
                     "them out")
_AUTH_RISKS = Risks(_AUTH, _AUTH)
_BANNER = Rating(LOW, "changes the login banner")
_SNMP = Rating(MEDIUM, "changes SNMP access to the device")
_SNMP_SECRET = Rating(HIGH, "sets a key of SNMP user {u}: the NMS needs the same one")
_TRAPS = Rating(LOW, "changes where the device sends SNMP traps")
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
    spec(BANNER, "header login information <t:text>", SYSTEM, "replace", "header login",
         "undo header login", remediation="family", rule=RULE_BANNER, ref="VRP header",
         risk=Risks(_BANNER, _BANNER, add_replacing=_BANNER)),
    spec(UNDO_BANNER, "undo header login", SYSTEM, "undo", "header login", action="remove",
         remediation="command", ref="VRP header"),
    # never removed: no source gives what `undo snmp-agent` also deletes
    spec(SNMP_AGENT, "snmp-agent", SYSTEM, "keyed", "snmp-agent", None,
         remediation="family", rule=RULE_SNMP, ref="corpus PE66.cfg", risk=Risks(_SNMP)),
    spec(SNMP_VERSION, "snmp-agent sys-info version <v:text>", SYSTEM, "replace",
         "snmp-agent sys-info version", None, remediation="family", rule=RULE_SNMP,
         ref="NE40E SSH-over-VPN example", risk=Risks(_SNMP)),
    spec(SNMP_GROUP, ("snmp-agent group v3 <g:word> "
                      "<level:enum:authentication|privacy|noauthentication>",
                      "snmp-agent group v3 <g:word> "
                      "<level:enum:authentication|privacy|noauthentication> <views:text>"),
         SYSTEM, "keyed", "snmp-agent group v3 {g} {level}",
         "undo snmp-agent group v3 {g} {level}", remediation="family", rule=RULE_SNMP,
         ref="snmp-agent group (VRP)",
         risk=Risks(_SNMP, Rating(HIGH, "deletes SNMP group {g}: its users lose access"))),
    spec(UNDO_SNMP_GROUP, "undo snmp-agent group v3 <g:word> "
         "<level:enum:authentication|privacy|noauthentication>", SYSTEM, "undo",
         "snmp-agent group v3 {g} {level}", action="remove", remediation="command",
         ref="snmp-agent group (VRP)"),
    spec(SNMP_USER_GROUP, "snmp-agent usm-user v3 <u:word> group <g:word>", SYSTEM, "replace",
         "snmp-agent usm-user v3 {u} group", None, remediation="family", rule=RULE_SNMP,
         ref="NE40E SSH-over-VPN example", risk=Risks(_SNMP)),
    # §6.3: shown encrypted, only the algorithm is compared; `${VAR}` filled at push
    spec(SNMP_USER_AUTH, "snmp-agent usm-user v3 <u:word> authentication-mode "
         "<alg:enum:md5|sha|sha2-256> <s:text>", SYSTEM, "replace",
         "snmp-agent usm-user v3 {u} authentication-mode", None, remediation="family",
         rule=RULE_SNMP, secret=True, ref="NE40E SSH-over-VPN example",
         risk=Risks(_SNMP_SECRET, add_replacing=_SNMP_SECRET)),
    spec(SNMP_USER_PRIV, "snmp-agent usm-user v3 <u:word> privacy-mode "
         "<alg:enum:des56|3des|aes128|aes192|aes256> <s:text>", SYSTEM, "replace",
         "snmp-agent usm-user v3 {u} privacy-mode", None, remediation="family",
         rule=RULE_SNMP, secret=True, ref="NE40E SSH-over-VPN example",
         risk=Risks(_SNMP_SECRET, add_replacing=_SNMP_SECRET)),
    spec(SNMP_TARGET, "snmp-agent target-host trap address udp-domain <ip:ip> params "
         "securityname <n:word> v3 <level:enum:authentication|privacy>", SYSTEM, "keyed",
         "snmp-agent target-host trap address udp-domain {ip} params securityname {n}",
         "undo snmp-agent target-host trap address udp-domain {ip} params securityname {n}",
         remediation="family", rule=RULE_SNMP, ref="snmp-agent target-host trap (VRP)",
         risk=Risks(_TRAPS, _TRAPS)),
    spec(UNDO_SNMP_TARGET, "undo snmp-agent target-host trap address udp-domain <ip:ip> "
         "params securityname <n:word>", SYSTEM, "undo",
         "snmp-agent target-host trap address udp-domain {ip} params securityname {n}",
         action="remove", remediation="command", ref="snmp-agent target-host trap (VRP)"),
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
    spec(AUTH_SCHEME, "authentication-scheme <name:word>", AAA_VIEW, "section",
         "authentication-scheme {name}", "undo authentication-scheme {name}", opens=AUTHEN_VIEW,
         remediation="generic", ref="authentication-scheme (AAA view)", risk=_AUTH_RISKS),
    spec(UNDO_AUTH_SCHEME, "undo authentication-scheme <name:word>", AAA_VIEW, "undo",
         "authentication-scheme {name}", action="remove", remediation="command",
         ref="authentication-scheme (AAA view)"),
    spec(DOMAIN, "domain <name:word>", AAA_VIEW, "section", "domain {name}",
         "undo domain {name}", opens=DOMAIN_VIEW, remediation="generic",
         ref="domain (AAA view)", risk=_AUTH_RISKS),
    spec(UNDO_DOMAIN, "undo domain <name:word>", AAA_VIEW, "undo", "domain {name}",
         action="remove", remediation="command", ref="domain (AAA view)"),
    spec(AUTH_MODE, "authentication-mode <m:text>", AUTHEN_VIEW, "replace",
         "authentication-mode", "undo authentication-mode", remediation="generic",
         ref="authentication-mode (authentication scheme view)",
         risk=Risks(_AUTH, _AUTH, add_replacing=_AUTH)),
    spec(UNDO_AUTH_MODE, "undo authentication-mode", AUTHEN_VIEW, "undo",
         "authentication-mode", action="remove", remediation="command",
         ref="authentication-mode (authentication scheme view)"),
    spec(DOMAIN_SCHEME, "authentication-scheme <s:word>", DOMAIN_VIEW, "replace",
         "authentication-scheme", "undo authentication-scheme", remediation="generic",
         ref="authentication-scheme (AAA domain view)",
         risk=Risks(_AUTH, _AUTH, add_replacing=_AUTH)),
    spec(UNDO_DOMAIN_SCHEME, "undo authentication-scheme", DOMAIN_VIEW, "undo",
         "authentication-scheme", action="remove", remediation="command",
         ref="authentication-scheme (AAA domain view)"),
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
    # built-in schemes and domains cannot be deleted: left alone when intended lacks them
    builtin = {k for k in old.children if k in BUILT_IN and k not in new.children}
    d.unmanaged += sum(lines_of(old.children[k]) for k in builtin)
    kept = old.shallow({k: v for k, v in old.children.items()
                        if user_of(v) not in gone and k not in builtin})
    removes, adds = d.children_diff(kept, new)
    # a domain goes before the scheme it may use (its undo is refused while it uses it)
    removes.sort(key=lambda c: c.text.startswith("undo authentication-scheme "))
    # rated by the password spec's removal: the user is deleted (`undo local-user U`)
    undos = [d.cmd(f"undo local-user {u}", USER_PASSWORD, removal=True, values={"u": u})
             for u in gone]
    body = [*adds, *removes, *undos]
    return [enter(new.text), *body, enter("quit")] if body else []


def banner(old: Node | None, new: Node, d: Diff) -> list[Command]:
    """The login banner: new, or `undo header login` then the changed one (VRP header)."""
    if old is None:
        return [d.line(new)]
    if old.text == new.text:
        return []
    undo = d.remove(old)
    return [undo, d.line(new, replaced=True)] if undo is not None else [d.line(new)]


def snmp(old: Node | None, new: Node, d: Diff) -> list[Command]:
    """SNMPv3 lines present on both sides that differ (VRP sources in the module docstring)."""
    if old is None:
        return [d.line(new)]
    if old.text == new.text:
        return []
    if new.spec in (SNMP_USER_AUTH, SNMP_USER_PRIV):
        # the key is shown encrypted: only a changed algorithm is a change (§6.3)
        if old.params.get("alg") == new.params.get("alg"):
            return []
        return [d.line(new, replaced=True)]
    if new.spec in (SNMP_GROUP, SNMP_TARGET):  # documented undo, then the new line
        undo = d.remove(old)
        return [undo, d.line(new, replaced=True)] if undo is not None else []
    d.refuse(old.text, "no source gives how this SNMP setting is changed in place: change it "
                       "on the device by hand, or keep the inventory's value")
    return []


def snmp_deletions(rk: dict[str, Node], ik: dict[str, Node], d: Diff) -> list[Command]:
    """Trap hosts, then groups, intended drops (their documented undo); a user's lines have
    none: refused (cannot remediate) when owned (`owns: [snmp]`)."""
    out: list[Command] = []
    for kind in (SNMP_TARGET, SNMP_GROUP):
        for key, node in rk.items():
            if node.spec == kind and key not in ik:
                cmd = d.remove(node)
                if cmd is not None:
                    out.append(cmd)
    for key, node in rk.items():
        if node.spec in (SNMP_USER_GROUP, SNMP_USER_AUTH, SNMP_USER_PRIV) and key not in ik:
            d.refuse(node.text.split(" authentication-mode ")[0].split(" privacy-mode ")[0],
                     "no source gives an undo for an SNMPv3 user: remove it on the device")
    return out
