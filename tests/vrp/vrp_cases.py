"""Remediation table: (name, platform, running, intended, expected commands).

Configs are written as display text with `|` for line breaks inside a section; `#` separators
are added by `cfg()`. Every expected list is the exact command sequence.
"""

from __future__ import annotations

from typing import NamedTuple


class Case(NamedTuple):
    name: str
    running: str
    intended: str
    expected: list[str]
    platform: str = "vrp5"


def cfg(*sections: str) -> str:
    body = "\n#\n".join(s.replace("|", "\n") for s in sections)
    return f"#\n{body}\n#\nreturn\n"


GE1 = "interface GigabitEthernet0/0/1"
ET1 = "interface Eth-Trunk1"
VLANIF10 = "interface Vlanif10| ip address 10.0.10.2 255.255.255.0"
TRUNK = f"{GE1}| port link-type trunk"
BGP_R = "bgp 100| router-id 1.1.1.1| peer 10.0.0.2 as-number 200| #| ipv4-family unicast|" \
    "  undo synchronization|  peer 10.0.0.2 enable"
OSPF_R = (
    "ospf 1 router-id 1.1.1.1| area 0.0.0.0|  network 10.0.0.0 0.0.0.3|  network 1.1.1.1 0.0.0.0"
)
BGP_V = "bgp 100| peer 3.3.3.3 as-number 100| peer 3.3.3.3 connect-interface LoopBack0| #|" \
    " ipv4-family unicast|  undo synchronization|  peer 3.3.3.3 enable"
QPEER = "Warning: All the configurations related to the BGP peer will be deleted. Continue? [Y/N]:"

CASES: list[Case] = [
    Case("trunk-set-difference",
         cfg("vlan batch 10 20 30 40", f"{TRUNK}| port trunk allow-pass vlan 10 20 30"),
         cfg("vlan batch 10 20 30 40", f"{TRUNK}| port trunk allow-pass vlan 10 20 40"),
         [GE1, "undo port trunk allow-pass vlan 30", "port trunk allow-pass vlan 40", "quit"]),
    Case("vlan-batch-add-one", cfg("vlan batch 10 20"), cfg("vlan batch 10 20 40"),
         ["vlan batch 40"]),
    Case("vlan-created-before-port-allows-it",
         cfg("vlan batch 10", f"{TRUNK}| port trunk allow-pass vlan 10"),
         cfg("vlan batch 10 50", f"{TRUNK}| port trunk allow-pass vlan 10 50"),
         ["vlan batch 50", GE1, "port trunk allow-pass vlan 50", "quit"]),
    Case("vlan-removed-from-port-before-undo-batch",
         cfg("vlan batch 10 30", f"{TRUNK}| port trunk allow-pass vlan 10 30"),
         cfg("vlan batch 10", f"{TRUNK}| port trunk allow-pass vlan 10"),
         [GE1, "undo port trunk allow-pass vlan 30", "quit", "undo vlan batch 30"]),
    Case("vlan-batch-range-removal",
         cfg("vlan batch 10 to 15 20"), cfg("vlan batch 10 20"), ["undo vlan batch 11 to 15"]),
    Case("description-replaced-without-undo",
         cfg(f"{GE1}| description old link"), cfg(f"{GE1}| description new link"),
         [GE1, "description new link", "quit"]),
    Case("description-removed", cfg(f"{GE1}| description old"), cfg(GE1),
         [GE1, "undo description", "quit"]),
    Case("primary-address-replaced",
         cfg(f"{GE1}| undo portswitch| ip address 10.0.0.1 255.255.255.252"),
         cfg(f"{GE1}| undo portswitch| ip address 10.0.0.5 255.255.255.252"),
         [GE1, "ip address 10.0.0.5 255.255.255.252", "quit"]),
    Case("mask-length-equals-dotted",
         cfg("interface LoopBack0| ip address 1.1.1.1 255.255.255.255"),
         cfg("interface loopback 0| ip address 1.1.1.1 32"), []),
    Case("interface-abbreviation", cfg("interface LoopBack0| description lo"),
         cfg("interface l0| description lo"), []),
    Case("bgp-router-id-replaced", cfg(BGP_R),
         cfg(BGP_R.replace("router-id 1.1.1.1", "router-id 9.9.9.9")),
         ["bgp 100", "router-id 9.9.9.9", "quit"]),
    Case("peer-removed-is-undo-peer-alone",
         cfg(BGP_R.replace("| #", "| peer 10.0.0.2 description x| #")),
         cfg("bgp 100| router-id 1.1.1.1| #| ipv4-family unicast|  undo synchronization"),
         ["bgp 100", "undo peer 10.0.0.2", "quit"]),
    Case("peer-as-change-recreates-peer",
         cfg("bgp 100| peer 10.0.0.2 as-number 200| peer 10.0.0.2 description d| #|"
             " ipv4-family unicast|  peer 10.0.0.2 enable|  peer 10.0.0.2 reflect-client"),
         cfg("bgp 100| peer 10.0.0.2 as-number 300| peer 10.0.0.2 description d| #|"
             " ipv4-family unicast|  peer 10.0.0.2 enable|  peer 10.0.0.2 reflect-client"),
         ["bgp 100", "undo peer 10.0.0.2", "peer 10.0.0.2 as-number 300",
          "peer 10.0.0.2 description d", "ipv4-family unicast", "peer 10.0.0.2 reflect-client",
          "quit", "quit"]),
    Case("new-ebgp-multihop-peer",
         cfg("bgp 100| router-id 1.1.1.1"),
         cfg("bgp 100| router-id 1.1.1.1| peer 2.2.2.2 as-number 63400|"
             " peer 2.2.2.2 ebgp-max-hop 2| peer 2.2.2.2 connect-interface LoopBack0| #|"
             " ipv4-family unicast|  peer 2.2.2.2 enable"),
         ["bgp 100", "peer 2.2.2.2 as-number 63400", "peer 2.2.2.2 ebgp-max-hop 2",
          "peer 2.2.2.2 connect-interface LoopBack0", "quit"]),
    Case("new-rr-client-enable-implied",
         cfg(BGP_R),
         cfg(BGP_R.replace("| #", "| peer 10.0.0.5 as-number 100| #")
             + "|  peer 10.0.0.5 enable|  peer 10.0.0.5 reflect-client"),
         ["bgp 100", "peer 10.0.0.5 as-number 100", "ipv4-family unicast",
          "peer 10.0.0.5 reflect-client", "quit", "quit"]),
    Case("reflect-client-typed-in-bgp-view-is-af-line",
         cfg(BGP_R + "|  peer 10.0.0.2 reflect-client"),
         cfg("bgp 100| router-id 1.1.1.1| peer 10.0.0.2 as-number 200|"
             " peer 10.0.0.2 reflect-client| #| ipv4-family unicast|  undo synchronization|"
             "  peer 10.0.0.2 enable"), []),
    Case("peer-enable-restored-with-dialog",
         cfg("bgp 100| peer 10.0.0.2 as-number 200| #| ipv4-family unicast|  undo synchronization|"
             "  undo peer 10.0.0.2 enable"),
         cfg(BGP_R.replace("| router-id 1.1.1.1", "")),
         ["bgp 100", "ipv4-family unicast", "peer 10.0.0.2 enable", "quit", "quit"]),
    Case("peer-option-removed",
         cfg(BGP_R.replace("| #", "| peer 10.0.0.2 description x| #")), cfg(BGP_R),
         ["bgp 100", "undo peer 10.0.0.2 description", "quit"]),
    Case("peer-route-policy-import-after-policy",
         cfg(BGP_R),
         cfg("ip ip-prefix K8S index 10 permit 10.244.0.0 16 greater-equal 24 less-equal 32",
             "route-policy K8S-IN permit node 10| if-match ip-prefix K8S",
             BGP_R + "|  peer 10.0.0.2 route-policy K8S-IN import"),
         ["ip ip-prefix K8S index 10 permit 10.244.0.0 16 greater-equal 24 less-equal 32",
          "route-policy K8S-IN permit node 10", "if-match ip-prefix K8S", "quit",
          "bgp 100", "ipv4-family unicast", "peer 10.0.0.2 route-policy K8S-IN import", "quit",
          "quit"]),
    Case("bgp-as-change-is-undo-bgp",
         cfg("bgp 100| router-id 1.1.1.1"), cfg("bgp 200| router-id 1.1.1.1"),
         ["undo bgp", "bgp 200", "router-id 1.1.1.1", "quit"]),
    Case("asdot-equals-plain", cfg("bgp 65546| router-id 1.1.1.1"),
         cfg("bgp 1.10| router-id 1.1.1.1"), []),
    Case("ospf-undo-network-inside-area", cfg(OSPF_R),
         cfg("ospf 1 router-id 1.1.1.1| area 0.0.0.0|  network 1.1.1.1 0.0.0.0"),
         ["ospf 1", "area 0.0.0.0", "undo network 10.0.0.0 0.0.0.3", "quit", "quit"]),
    Case("ospf-network-in-new-area", cfg(OSPF_R),
         cfg(OSPF_R + "| area 0.0.0.1|  network 10.1.0.0 0.0.0.255"),
         ["ospf 1", "area 0.0.0.1", "network 10.1.0.0 0.0.0.255", "quit", "quit"]),
    Case("area-0-equals-dotted", cfg(OSPF_R),
         cfg("ospf 1 router-id 1.1.1.1| area 0|  network 1.1.1.1 0.0.0.0|"
             "  network 10.0.0.0 0.0.0.3"), []),
    Case("ospf-router-id-change", cfg(OSPF_R),
         cfg(OSPF_R.replace("router-id 1.1.1.1", "router-id 2.2.2.2")),
         ["ospf 1 router-id 2.2.2.2", "quit"]),
    Case("ospf-silent-interface-added", cfg(OSPF_R),
         cfg(OSPF_R.replace("| area", "| silent-interface LoopBack0| area", 1)),
         ["ospf 1", "silent-interface LoopBack0", "quit"]),
    Case("ospf-second-process-removed", cfg(OSPF_R, "ospf 2| area 0.0.0.1"), cfg(OSPF_R),
         ["undo ospf 2"]),
    Case("trunk-to-access-safe-sequence",
         cfg("vlan batch 10 20", f"{TRUNK}| port trunk pvid vlan 10|"
             " port trunk allow-pass vlan 10 20"),
         cfg("vlan batch 10 20", f"{GE1}| port link-type access| port default vlan 20"),
         [GE1, "undo port trunk allow-pass vlan 10 20", "undo port trunk pvid vlan",
          "port link-type access", "port default vlan 20", "quit"]),
    Case("access-to-trunk-safe-sequence",
         cfg("vlan batch 10 20", f"{GE1}| port link-type access| port default vlan 20"),
         cfg("vlan batch 10 20", f"{TRUNK}| port trunk allow-pass vlan 10 20"),
         [GE1, "undo port default vlan", "port link-type trunk",
          "port trunk allow-pass vlan 10 20", "quit"]),
    Case("trunk-drops-vlan-1",
         cfg("vlan batch 10", f"{TRUNK}| port trunk allow-pass vlan 10"),
         cfg("vlan batch 10", f"{TRUNK}| undo port trunk allow-pass vlan 1|"
             " port trunk allow-pass vlan 10"),
         [GE1, "undo port trunk allow-pass vlan 1", "quit"]),
    Case("trunk-restores-vlan-1",
         cfg("vlan batch 10", f"{TRUNK}| undo port trunk allow-pass vlan 1|"
             " port trunk allow-pass vlan 10"),
         cfg("vlan batch 10", f"{TRUNK}| port trunk allow-pass vlan 10"),
         [GE1, "port trunk allow-pass vlan 1", "quit"]),
    Case("trunk-list-chunked-at-10",
         cfg("vlan batch 2 to 40", TRUNK),
         cfg("vlan batch 2 to 40", f"{TRUNK}| port trunk allow-pass vlan 2 4 6 8 10 12 14 16"
             " 18 20 22 24"),
         [GE1, "port trunk allow-pass vlan 2 4 6 8 10 12 14 16 18 20",
          "port trunk allow-pass vlan 22 24", "quit"]),
    Case("continuation-lines-merged",
         cfg("vlan batch 2 to 40", f"{TRUNK}| port trunk allow-pass vlan 2 4 6 8 10 12 14 16"
             " 18 20| port trunk allow-pass vlan 22 24"),
         cfg("vlan batch 2 to 40", f"{TRUNK}| port trunk allow-pass vlan 2 4 6 8 10 12 14 16"
             " 18 20 22 24"), []),
    Case("vlan-block-and-batch-one-set",
         cfg("vlan batch 10", "vlan 20| description users"),
         cfg("vlan batch 10 20", "vlan 20| description users"), []),
    Case("vlan-block-description-changed",
         cfg("vlan batch 10 20", "vlan 20| description users"),
         cfg("vlan batch 10 20", "vlan 20| description staff"),
         ["vlan 20", "description staff", "quit"]),
    Case("shutdown-added", cfg(f"{GE1}| description x"), cfg(f"{GE1}| description x| shutdown"),
         [GE1, "shutdown", "quit"]),
    Case("shutdown-removed-vrp5", cfg(f"{GE1}| shutdown"), cfg(GE1),
         [GE1, "undo shutdown", "quit"]),
    Case("undo-shutdown-is-default-on-vrp5", cfg(GE1), cfg(f"{GE1}| undo shutdown"), []),
    Case("undo-shutdown-vrp8",
         cfg("interface GigabitEthernet0/1/0| shutdown"),
         cfg("interface GigabitEthernet0/1/0| undo shutdown"),
         ["interface GigabitEthernet0/1/0", "undo shutdown", "quit"], "vrp8"),
    Case("l2-trunk-to-routed",
         cfg("vlan batch 10", f"{TRUNK}| port trunk allow-pass vlan 10"),
         cfg("vlan batch 10", f"{GE1}| undo portswitch| ip address 10.0.0.1 255.255.255.252"),
         [GE1, "undo port trunk allow-pass vlan 10", "undo port link-type", "undo portswitch",
          "ip address 10.0.0.1 255.255.255.252", "quit"]),
    Case("routed-to-l2-trunk",
         cfg("vlan batch 10", f"{GE1}| undo portswitch| ip address 10.0.0.1 255.255.255.252"),
         cfg("vlan batch 10", f"{TRUNK}| port trunk allow-pass vlan 10"),
         [GE1, "undo ip address", "portswitch", "port link-type trunk",
          "port trunk allow-pass vlan 10", "quit"]),
    Case("ne-portswitch-on-l3-default-port",
         cfg("vlan batch 10", "interface GigabitEthernet0/1/1| undo shutdown"),
         cfg("vlan batch 10", "interface GigabitEthernet0/1/1| undo shutdown| portswitch|"
             " port link-type trunk| port trunk allow-pass vlan 10"),
         ["interface GigabitEthernet0/1/1", "portswitch", "port link-type trunk",
          "port trunk allow-pass vlan 10", "quit"], "vrp8"),
    Case("unmanaged-interface-untouched",
         cfg(f"{GE1}| description a", "interface GigabitEthernet0/0/2| description b"),
         cfg(f"{GE1}| description c"), [GE1, "description c", "quit"]),
    Case("unmanaged-sections-untouched",
         cfg("aaa| local-user admin password cipher xyz", "sysname R1"), cfg("sysname R1"), []),
    Case("unknown-line-in-managed-interface-kept",
         cfg(f"{GE1}| undo portswitch| arp broadcast enable| ip address 10.0.0.1 255.0.0.0"),
         cfg(f"{GE1}| undo portswitch| ip address 10.0.0.1 255.0.0.0"), []),
    Case("ip-prefix-entry-replaced",
         cfg("ip ip-prefix P index 10 permit 10.0.0.0 8"),
         cfg("ip ip-prefix P index 10 permit 10.0.0.0 8 greater-equal 24 less-equal 32"),
         ["ip ip-prefix P index 10 permit 10.0.0.0 8 greater-equal 24 less-equal 32"]),
    Case("ip-prefix-entry-removed-last",
         cfg("ip ip-prefix P index 10 permit 10.0.0.0 8", "ip ip-prefix P index 20 permit"
             " 172.16.0.0 12", "route-policy RP permit node 10| if-match ip-prefix P"),
         cfg("ip ip-prefix P index 10 permit 10.0.0.0 8", "ip ip-prefix P index 30 permit"
             " 192.168.0.0 16", "route-policy RP permit node 10| if-match ip-prefix P"),
         ["ip ip-prefix P index 30 permit 192.168.0.0 16", "undo ip ip-prefix P index 20"]),
    Case("ip-prefix-index-implied",
         cfg("ip ip-prefix P index 10 permit 10.0.0.0 8"),
         cfg("ip ip-prefix P permit 10.0.0.0 255.0.0.0"), []),
    Case("route-policy-action-change",
         cfg("route-policy RP permit node 10| if-match ip-prefix P"),
         cfg("route-policy RP deny node 10| if-match ip-prefix P"),
         ["undo route-policy RP node 10", "route-policy RP deny node 10",
          "if-match ip-prefix P", "quit"]),
    Case("route-policy-node-removed",
         cfg("route-policy RP permit node 10| if-match ip-prefix P", "route-policy RP permit"
             " node 20"),
         cfg("route-policy RP permit node 10| if-match ip-prefix P"),
         ["undo route-policy RP node 20"]),
    Case("sysname-last", cfg("sysname OLD", f"{GE1}| description a"),
         cfg("sysname NEW", f"{GE1}| description b"),
         [GE1, "description b", "quit", "sysname NEW"]),
    Case("ospf-cost-replaced",
         cfg(f"{GE1}| undo portswitch| ospf cost 10"), cfg(f"{GE1}| undo portswitch| ospf cost 20"),
         [GE1, "ospf cost 20", "quit"]),
    Case("ospf-cost-removed", cfg(f"{GE1}| ospf cost 10"), cfg(GE1),
         [GE1, "undo ospf cost", "quit"]),
    Case("default-vlan-replaced",
         cfg("vlan batch 10 20", f"{GE1}| port link-type access| port default vlan 10"),
         cfg("vlan batch 10 20", f"{GE1}| port link-type access| port default vlan 20"),
         [GE1, "port default vlan 20", "quit"]),
    Case("trunk-pvid-replaced",
         cfg("vlan batch 10 20", f"{TRUNK}| port trunk pvid vlan 10|"
             " port trunk allow-pass vlan 10 20"),
         cfg("vlan batch 10 20", f"{TRUNK}| port trunk pvid vlan 20|"
             " port trunk allow-pass vlan 10 20"),
         [GE1, "port trunk pvid vlan 20", "quit"]),
    Case("new-interface-full",
         cfg("sysname R1"),
         cfg("sysname R1", "interface LoopBack0| description rid| ip address 1.1.1.1 32"),
         ["interface LoopBack0", "description rid", "ip address 1.1.1.1 255.255.255.255",
          "quit"]),
    Case("new-bgp-process-full",
         cfg("sysname R1"),
         cfg("sysname R1", "bgp 64512| router-id 1.1.1.1| peer 10.0.0.5 as-number 64512| #|"
             " ipv4-family unicast|  undo synchronization|  peer 10.0.0.5 enable|"
             "  peer 10.0.0.5 reflect-client"),
         ["bgp 64512", "router-id 1.1.1.1", "peer 10.0.0.5 as-number 64512",
          "ipv4-family unicast", "undo synchronization", "peer 10.0.0.5 reflect-client",
          "quit", "quit"]),
    Case("peer-password-value-never-diffed",
         cfg("bgp 100| peer 10.0.0.2 as-number 200| peer 10.0.0.2 password cipher %^%#x%^%#"),
         cfg("bgp 100| peer 10.0.0.2 as-number 200| peer 10.0.0.2 password cipher S3cret"), []),
    Case("peer-password-added",
         cfg("bgp 100| peer 10.0.0.2 as-number 200"),
         cfg("bgp 100| peer 10.0.0.2 as-number 200| peer 10.0.0.2 password cipher S3cret"),
         ["bgp 100", "peer 10.0.0.2 password cipher S3cret", "quit"]),
    Case("new-trunk-on-default-port",
         cfg("vlan batch 10", f"{GE1}| description new"),
         cfg("vlan batch 10", f"{GE1}| description new| port link-type trunk|"
             " undo port trunk allow-pass vlan 1| port trunk allow-pass vlan 10"),
         [GE1, "port link-type trunk", "undo port trunk allow-pass vlan 1",
          "port trunk allow-pass vlan 10", "quit"]),
    Case("peer-disabled",
         cfg(BGP_R),
         cfg(BGP_R.replace("  peer 10.0.0.2 enable", "  undo peer 10.0.0.2 enable")),
         ["bgp 100", "ipv4-family unicast", "undo peer 10.0.0.2 enable", "quit", "quit"]),
    Case("hand-written-intended-enable-implied",
         cfg(BGP_R + "|  peer 10.0.0.2 reflect-client"),
         cfg("bgp 100| router-id 1.1.1.1| peer 10.0.0.2 as-number 200|"
             " peer 10.0.0.2 reflect-client"), []),
    Case("disabled-peer-as-change-recreated-disabled",
         cfg("bgp 100| peer 10.0.0.2 as-number 200| #| ipv4-family unicast|"
             "  undo peer 10.0.0.2 enable"),
         cfg("bgp 100| peer 10.0.0.2 as-number 300| #| ipv4-family unicast|"
             "  undo peer 10.0.0.2 enable"),
         ["bgp 100", "undo peer 10.0.0.2", "peer 10.0.0.2 as-number 300", "ipv4-family unicast",
          "undo peer 10.0.0.2 enable", "quit", "quit"]),
    Case("peer-removed-from-every-family",
         cfg("bgp 100| peer 3.3.3.3 as-number 100| #| ipv4-family unicast|  peer 3.3.3.3 enable|"
             " #| ipv4-family vpnv4|  policy vpn-target|  peer 3.3.3.3 enable"),
         cfg("bgp 100| peer 3.3.3.3 as-number 200| #| ipv4-family unicast|  peer 3.3.3.3 enable|"
             " #| ipv4-family vpnv4|  policy vpn-target|  peer 3.3.3.3 enable"),
         ["bgp 100", "undo peer 3.3.3.3", "peer 3.3.3.3 as-number 200", "ipv4-family vpnv4",
          "peer 3.3.3.3 enable", "quit", "quit"]),
    # -- issue 8: every remediated spec of the table has a case (test_vrp_completeness.py) --
    Case("vlan-name-changed-and-removed",
         cfg("vlan batch 10 20", "vlan 10| name OLD", "vlan 20| name X"),
         cfg("vlan batch 10 20", "vlan 10| name NEW", "vlan 20"),
         ["vlan 10", "name NEW", "quit", "vlan 20", "undo name", "quit"]),
    # issue 10: a member leaves its old trunk before joining another (REFERENCE §4.6)
    Case("eth-trunk-member-moved", cfg(f"{GE1}| eth-trunk 1"), cfg(f"{GE1}| eth-trunk 2"),
         [GE1, "undo eth-trunk", "eth-trunk 2", "quit"]),
    Case("eth-trunk-member-released", cfg(f"{GE1}| eth-trunk 1"), cfg(GE1),
         [GE1, "undo eth-trunk", "quit"]),
    Case("secondary-address-added",
         cfg("interface Vlanif10| ip address 10.0.0.1 255.255.255.0"),
         cfg("interface Vlanif10| ip address 10.0.0.1 255.255.255.0|"
             " ip address 10.1.0.1 255.255.255.0 sub"),
         ["interface Vlanif10", "ip address 10.1.0.1 255.255.255.0 sub", "quit"]),
    Case("ospf-area-silent-interface-import-route",
         cfg("ospf 1| silent-interface GigabitEthernet0/0/2| import-route static|"
             " area 0.0.0.0|  network 10.0.0.0 0.0.0.3| area 0.0.0.1|"
             "  network 10.1.0.0 0.0.0.255"),
         cfg("ospf 1| silent-interface all| import-route direct| area 0.0.0.0|"
             "  network 10.0.0.0 0.0.0.3"),
         ["ospf 1", "undo silent-interface GigabitEthernet0/0/2", "undo import-route static",
          "undo area 0.0.0.1", "silent-interface all", "import-route direct", "quit"]),
    Case("bgp-group-and-af-options",
         cfg(BGP_R + "|  peer 10.0.0.2 route-policy RP-IN import|  network 10.8.0.0 255.255.0.0"),
         cfg("bgp 100| router-id 1.1.1.1| group RR internal| peer 10.0.0.2 as-number 200|"
             " peer 10.0.0.2 group RR| #| ipv4-family unicast|  undo synchronization|"
             "  undo reflect between-clients|  reflector cluster-id 1.1.1.1|"
             "  network 10.9.0.0 255.255.0.0|  import-route direct|  peer 10.0.0.2 enable|"
             "  peer 10.0.0.2 next-hop-local|  peer 10.0.0.2 advertise-community"),
         ["bgp 100", "group RR internal", "peer 10.0.0.2 group RR", "ipv4-family unicast",
          "undo peer 10.0.0.2 route-policy RP-IN import", "undo network 10.8.0.0 255.255.0.0",
          "undo reflect between-clients", "reflector cluster-id 1.1.1.1",
          "network 10.9.0.0 255.255.0.0", "import-route direct",
          "peer 10.0.0.2 next-hop-local", "peer 10.0.0.2 advertise-community", "quit",
          "quit"]),
    Case("peer-leaves-group",
         cfg("bgp 100| group RR internal| peer 10.0.0.2 as-number 100| peer 10.0.0.2 group RR|"
             " #| ipv4-family unicast|  peer 10.0.0.2 enable"),
         cfg("bgp 100| group RR internal| peer 10.0.0.2 as-number 100| #|"
             " ipv4-family unicast|  peer 10.0.0.2 enable"),
         ["bgp 100", "undo peer 10.0.0.2 group RR", "quit"]),
    Case("route-policy-clauses-replaced",
         cfg("route-policy RP permit node 10| if-match ip-prefix A| apply cost 10"),
         cfg("route-policy RP permit node 10| if-match ip-prefix B| apply cost 20|"
             " apply local-preference 200"),
         ["route-policy RP permit node 10", "if-match ip-prefix B", "apply cost 20",
          "apply local-preference 200", "undo if-match ip-prefix A", "quit"]),
    # -- community and AS-path filters (vrp/families/policy.py): entries keyed by text, added
    # before the old ones go, removed after the policies that matched them
    Case("route-policy-matches-filters-added",
         cfg("sysname R1"),
         cfg("sysname R1", "ip community-filter basic C permit 65000:1 no-export",
             "ip as-path-filter A permit ^65001_",
             "route-policy RP permit node 10| if-match community-filter C|"
             " if-match as-path-filter A"),
         ["ip community-filter basic C permit 65000:1 no-export",
          "ip as-path-filter A permit ^65001_", "route-policy RP permit node 10",
          "if-match community-filter C", "if-match as-path-filter A", "quit"]),
    Case("community-filter-in-use-changed-in-place",
         cfg("ip community-filter basic C permit 65000:1",
             "route-policy RP permit node 10| if-match community-filter C"),
         cfg("ip community-filter basic C permit 65000:2",
             "route-policy RP permit node 10| if-match community-filter C"),
         ["ip community-filter basic C permit 65000:2",
          "undo ip community-filter basic C permit 65000:1"]),
    Case("as-path-filter-entry-dropped",
         cfg("ip as-path-filter A permit ^65001$", "ip as-path-filter A permit ^65002$"),
         cfg("ip as-path-filter A permit ^65001$"),
         ["undo ip as-path-filter A permit ^65002$"]),
    Case("route-policy-filter-matches-replaced",
         cfg("route-policy RP permit node 10| if-match community-filter C1|"
             " if-match as-path-filter A1"),
         cfg("route-policy RP permit node 10| if-match community-filter C2|"
             " if-match as-path-filter A2"),
         ["route-policy RP permit node 10", "if-match community-filter C2",
          "if-match as-path-filter A2", "undo if-match community-filter C1",
          "undo if-match as-path-filter A1", "quit"]),
    # -- issue 10: brownfield-correct families (static, vpn-instance, binding, BGP families) --
    Case("static-route-added",
         cfg("ip route-static 0.0.0.0 0.0.0.0 192.0.2.1"),
         cfg("ip route-static 0.0.0.0 0.0.0.0 192.0.2.1",
             "ip route-static 10.1.0.0 16 GigabitEthernet0/0/1 192.0.2.5 description to lab"),
         ["ip route-static 10.1.0.0 255.255.0.0 GigabitEthernet0/0/1 192.0.2.5 description "
          "to lab"]),
    Case("static-route-attributes-in-place",  # §4.7: re-entering modifies the route
         cfg("ip route-static 10.1.0.0 255.255.0.0 192.0.2.1 preference 100"),
         cfg("ip route-static 10.1.0.0 255.255.0.0 192.0.2.1 preference 70 tag 5"),
         ["ip route-static 10.1.0.0 255.255.0.0 192.0.2.1 preference 70 tag 5"]),
    Case("static-route-attribute-dropped",  # no in-place clear in §4.7: undo, re-add
         cfg("ip route-static 10.1.0.0 255.255.0.0 192.0.2.1 description old"),
         cfg("ip route-static 10.1.0.0 255.255.0.0 192.0.2.1"),
         ["undo ip route-static 10.1.0.0 255.255.0.0 192.0.2.1",
          "ip route-static 10.1.0.0 255.255.0.0 192.0.2.1"]),
    Case("static-vrf-routes",
         cfg("ip route-static vpn-instance A 10.5.5.0 255.255.255.0 NULL0 tag 7"),
         cfg("ip route-static vpn-instance A 10.5.5.0 24 NULL0",
             "ip route-static vpn-instance A 10.6.0.0 255.255.0.0 GigabitEthernet0/0/1.50"
             " 5.5.5.2 description SGBS SIEGE"),
         ["undo ip route-static vpn-instance A 10.5.5.0 255.255.255.0 NULL0",
          "ip route-static vpn-instance A 10.5.5.0 255.255.255.0 NULL0",
          "ip route-static vpn-instance A 10.6.0.0 255.255.0.0 GigabitEthernet0/0/1.50 5.5.5.2"
          " description SGBS SIEGE"]),
    Case("vpn-instance-created",
         cfg("sysname R1"),
         cfg("sysname R1", "ip vpn-instance A| ipv4-family|  route-distinguisher 100:1|"
             "  vpn-target 100:1 export-extcommunity|  vpn-target 100:1 import-extcommunity"),
         ["ip vpn-instance A", "ipv4-family", "route-distinguisher 100:1",
          "vpn-target 100:1 export-extcommunity", "vpn-target 100:1 import-extcommunity",
          "quit", "quit"]),
    Case("vpn-target-and-first-rd-added",
         cfg("ip vpn-instance A| ipv4-family|  vpn-target 100:1 export-extcommunity"),
         cfg("ip vpn-instance A| ipv4-family|  route-distinguisher 100:1|"
             "  vpn-target 100:1 export-extcommunity|  vpn-target 200:1 import-extcommunity"),
         ["ip vpn-instance A", "ipv4-family", "route-distinguisher 100:1",
          "vpn-target 200:1 import-extcommunity", "quit", "quit"]),
    Case("binding-changed-readds-addresses",  # §4.5, §6.7: the binding wipes the IP
         cfg(f"{GE1}| undo portswitch| ip binding vpn-instance A|"
             " ip address 10.0.0.1 255.255.255.0| ip address 10.1.0.1 255.255.255.0 sub"),
         cfg(f"{GE1}| undo portswitch| ip binding vpn-instance B|"
             " ip address 10.0.0.1 255.255.255.0| ip address 10.1.0.1 255.255.255.0 sub"),
         [GE1, "ip binding vpn-instance B", "ip address 10.0.0.1 255.255.255.0",
          "ip address 10.1.0.1 255.255.255.0 sub", "quit"]),
    Case("binding-added-on-addressed-port",
         cfg("interface LoopBack1| ip address 1.1.1.2 255.255.255.255"),
         cfg("interface LoopBack1| ip binding vpn-instance A| ip address 1.1.1.3 32"),
         ["interface LoopBack1", "ip binding vpn-instance A",
          "ip address 1.1.1.3 255.255.255.255", "quit"]),
    Case("eth-trunk-member-joins-after-l2-cleared",  # §4.6: a member has default config
         cfg("vlan batch 10", f"{TRUNK}| port trunk allow-pass vlan 10"),
         cfg("vlan batch 10", f"{GE1}| eth-trunk 1"),
         [GE1, "undo port trunk allow-pass vlan 10", "undo port link-type", "eth-trunk 1",
          "quit"]),
    Case("eth-trunk-member-leaves-before-l2",
         cfg("vlan batch 10", f"{GE1}| eth-trunk 1"),
         cfg("vlan batch 10", f"{GE1}| port link-type access| port default vlan 10"),
         [GE1, "undo eth-trunk", "port link-type access", "port default vlan 10", "quit"]),
    Case("vpnv4-peer-enabled-with-dialog",  # §2.5: peer X enable asks the reset question
         cfg(BGP_V + "| #| ipv4-family vpnv4|  policy vpn-target"),
         cfg(BGP_V + "| #| ipv4-family vpnv4|  policy vpn-target|  peer 3.3.3.3 enable|"
             "  peer 3.3.3.3 reflect-client|  peer 3.3.3.3 route-policy RP export"),
         ["bgp 100", "ipv4-family vpnv4", "peer 3.3.3.3 enable", "peer 3.3.3.3 reflect-client",
          "peer 3.3.3.3 route-policy RP export", "quit", "quit"]),
    Case("vpnv4-peer-options-removed",
         cfg(BGP_V + "| #| ipv4-family vpnv4|  peer 3.3.3.3 enable|  peer 3.3.3.3 reflect-client|"
             "  peer 3.3.3.3 next-hop-local|  peer 3.3.3.3 advertise-community|"
             "  peer 3.3.3.3 route-policy RP export"),
         cfg(BGP_V + "| #| ipv4-family vpnv4"),
         ["bgp 100", "ipv4-family vpnv4", "undo peer 3.3.3.3 reflect-client",
          "undo peer 3.3.3.3 next-hop-local", "undo peer 3.3.3.3 advertise-community",
          "undo peer 3.3.3.3 route-policy RP export", "undo peer 3.3.3.3 enable", "quit",
          "quit"]),
    Case("vpn-instance-family-peer-as-change",  # §4.9: undo peer first, in the instance
         cfg(BGP_V + "| #| ipv4-family vpn-instance A|  router-id 9.9.9.9|"
             "  peer 66.0.0.7 as-number 312|  peer 66.0.0.7 ebgp-max-hop 2|"
             "  peer 66.0.0.7 connect-interface LoopBack1|  peer 66.0.0.7 route-policy RP import|"
             "  peer 66.0.0.8 as-number 313|  import-route static"),
         cfg(BGP_V + "| #| ipv4-family vpn-instance A|  router-id 9.9.9.9|"
             "  peer 66.0.0.7 as-number 400|  peer 66.0.0.7 ebgp-max-hop 2|"
             "  peer 66.0.0.7 connect-interface LoopBack1|  peer 66.0.0.7 route-policy RP import|"
             "  import-route direct"),
         ["bgp 100", "ipv4-family vpn-instance A", "undo peer 66.0.0.7", "undo peer 66.0.0.8",
          "import-route direct", "peer 66.0.0.7 as-number 400", "peer 66.0.0.7 ebgp-max-hop 2",
          "peer 66.0.0.7 connect-interface LoopBack1", "peer 66.0.0.7 route-policy RP import",
          "undo import-route static", "quit", "quit"]),
    Case("vpn-instance-family-created",
         cfg(BGP_V),
         cfg(BGP_V + "| #| ipv4-family vpn-instance A|  import-route direct|"
             "  network 10.9.0.0 255.255.0.0|  peer 66.0.0.7 as-number 312|"
             "  peer 66.0.0.7 description ce|  peer 66.0.0.7 password cipher S3cret"),
         ["bgp 100", "ipv4-family vpn-instance A", "import-route direct",
          "network 10.9.0.0 255.255.0.0", "peer 66.0.0.7 as-number 312",
          "peer 66.0.0.7 description ce", "peer 66.0.0.7 password cipher S3cret", "quit",
          "quit"]),
    Case("peer-connect-interface-changed", cfg(BGP_V),
         cfg(BGP_V.replace("LoopBack0", "LoopBack1")),
         ["bgp 100", "peer 3.3.3.3 connect-interface LoopBack1", "quit"]),
    # -- issue 12: Eth-Trunk/LACP (§4.6), STP and VRRP (corpus, families/stp.py, vrrp.py) ----
    Case("eth-trunk-lacp-created-before-members-join",
         cfg("vlan batch 10", GE1),
         cfg("vlan batch 10", "lacp priority 100",
             f"{ET1}| port link-type trunk| undo port trunk allow-pass vlan 1|"
             " port trunk allow-pass vlan 10| mode lacp-static",
             f"{GE1}| eth-trunk 1| lacp priority 100"),
         [ET1, "port link-type trunk", "undo port trunk allow-pass vlan 1",
          "port trunk allow-pass vlan 10", "mode lacp-static", "quit",
          GE1, "eth-trunk 1", "lacp priority 100", "quit", "lacp priority 100"]),
    Case("eth-trunk-created-first-whatever-the-order",  # §4.6: the trunk exists first
         cfg(GE1), cfg(f"{GE1}| eth-trunk 1", f"{ET1}| mode lacp-static"),
         [ET1, "mode lacp-static", "quit", GE1, "eth-trunk 1", "quit"]),
    Case("eth-trunk-back-to-manual-mode",  # §4.6: `undo mode`, manual is not displayed
         cfg("lacp priority 100", f"{ET1}| mode lacp-static", f"{GE1}| eth-trunk 1|"
             " lacp priority 100"),
         cfg("lacp priority 200", ET1, f"{GE1}| eth-trunk 1"),
         [ET1, "undo mode", "quit", GE1, "undo lacp priority", "quit", "lacp priority 200"]),
    Case("ce-lacp-max-active-links-changed",  # corpus ce6800-ethtrunk-lacp-static
         cfg(f"{ET1}| mode lacp-static| lacp max active-linknumber 2"),
         cfg(f"{ET1}| mode lacp-static| lacp max active-linknumber 4"),
         [ET1, "lacp max active-linknumber 4", "quit"], "vrp8"),
    Case("ne-max-active-links-added", cfg(f"{ET1}| mode lacp-static"),  # §4.6 NE example
         cfg(f"{ET1}| mode lacp-static| max active-linknumber 2"),
         [ET1, "max active-linknumber 2", "quit"], "vrp8"),
    Case("ne-max-active-links-removed",
         cfg(f"{ET1}| mode lacp-static| max active-linknumber 1"), cfg(f"{ET1}| mode lacp-static"),
         [ET1, "undo max active-linknumber", "quit"], "vrp8"),
    Case("ce-lacp-max-active-links-removed",
         cfg(f"{ET1}| lacp max active-linknumber 2"), cfg(ET1),
         [ET1, "undo lacp max active-linknumber", "quit"], "vrp8"),
    Case("stp-mode-root-and-bpdu-protection-added", cfg("sysname S"),
         cfg("sysname S", "stp mode rstp|stp instance 0 root primary|stp bpdu-protection"),
         ["stp instance 0 root primary", "stp mode rstp", "stp bpdu-protection"]),
    Case("stp-root-replaced-by-priority",  # a root's priority cannot be set: undo it first
         cfg("stp mode stp|stp instance 0 root primary|stp bpdu-protection"),
         cfg("stp mode rstp|stp instance 0 priority 4096|stp bpdu-protection"),
         ["undo stp instance 0 root", "stp instance 0 priority 4096", "stp mode rstp"]),
    Case("stp-priority-replaced-by-root", cfg("stp instance 0 priority 4096"),
         cfg("stp instance 0 root secondary"),
         ["undo stp instance 0 priority", "stp instance 0 root secondary"]),
    Case("stp-root-primary-to-secondary", cfg("stp instance 0 root primary"),
         cfg("stp instance 0 root secondary"), ["stp instance 0 root secondary"]),
    Case("stp-lines-intended-lacks-are-left-alone",  # out of the managed scope (scope.py)
         cfg("stp mode stp|stp bpdu-protection"), cfg("sysname S"), ["sysname S"]),
    Case("stp-enabled-on-ne", cfg("sysname N"), cfg("sysname N", "stp enable"), ["stp enable"],
         "vrp8"),
    Case("stp-edge-and-loop-protection-added",
         cfg("vlan batch 10", f"{GE1}| port link-type access| port default vlan 10|"
             " stp root-protection"),
         cfg("vlan batch 10", f"{GE1}| port link-type access| port default vlan 10|"
             " stp edged-port enable| stp loop-protection"),
         [GE1, "undo stp root-protection", "stp edged-port enable", "stp loop-protection",
          "quit"]),
    Case("stp-edge-and-loop-protection-removed",
         cfg("vlan batch 10", f"{GE1}| port link-type access| port default vlan 10|"
             " stp edged-port enable| stp loop-protection"),
         cfg("vlan batch 10", f"{GE1}| port link-type access| port default vlan 10|"
             " stp root-protection"),
         [GE1, "undo stp edged-port", "undo stp loop-protection", "stp root-protection",
          "quit"]),
    Case("vrrp-group-added",
         cfg(VLANIF10),
         cfg(f"{VLANIF10}| vrrp vrid 10 virtual-ip 10.0.10.1| vrrp vrid 10 priority 120|"
             " vrrp vrid 10 preempt timer delay 20|"
             " vrrp vrid 10 track interface GigabitEthernet0/0/1 reduced 30"),
         ["interface Vlanif10", "vrrp vrid 10 virtual-ip 10.0.10.1", "vrrp vrid 10 priority 120",
          "vrrp vrid 10 preempt timer delay 20",
          "vrrp vrid 10 track interface GigabitEthernet0/0/1 reduced 30", "quit"]),
    Case("vrrp-virtual-ip-added-before-old-removed",  # the group never becomes empty
         cfg(f"{VLANIF10}| vrrp vrid 10 virtual-ip 10.0.10.1| vrrp vrid 10 priority 120"),
         cfg(f"{VLANIF10}| vrrp vrid 10 virtual-ip 10.0.10.254| vrrp vrid 10 priority 120"),
         ["interface Vlanif10", "vrrp vrid 10 virtual-ip 10.0.10.254",
          "undo vrrp vrid 10 virtual-ip 10.0.10.1", "quit"]),
    Case("vrrp-group-removed-address-last",
         cfg(f"{VLANIF10}| vrrp vrid 10 virtual-ip 10.0.10.1| vrrp vrid 10 priority 120|"
             " vrrp vrid 10 preempt timer delay 20|"
             " vrrp vrid 10 track interface GigabitEthernet0/0/1 reduced 30"),
         cfg(VLANIF10),
         ["interface Vlanif10", "undo vrrp vrid 10 priority",
          "undo vrrp vrid 10 preempt timer delay",
          "undo vrrp vrid 10 track interface GigabitEthernet0/0/1",
          "undo vrrp vrid 10 virtual-ip 10.0.10.1", "quit"]),
    Case("vrrp-priority-changed",
         cfg(f"{VLANIF10}| vrrp vrid 10 virtual-ip 10.0.10.1| vrrp vrid 10 priority 120"),
         cfg(f"{VLANIF10}| vrrp vrid 10 virtual-ip 10.0.10.1| vrrp vrid 10 priority 90"),
         ["interface Vlanif10", "vrrp vrid 10 priority 90", "quit"]),
    # -- issue 13: routing policy objects and edge BGP options --
    Case("route-policy-node-inserted",
         cfg("route-policy RP permit node 10| if-match ip-prefix A",
             "route-policy RP deny node 20"),
         cfg("route-policy RP permit node 10| if-match ip-prefix A",
             "route-policy RP permit node 15| if-match ip-prefix B| apply local-preference 50",
             "route-policy RP deny node 20"),
         ["route-policy RP permit node 15", "if-match ip-prefix B", "apply local-preference 50",
          "quit"]),
    Case("route-policy-in-use-changed-in-place",  # never removed while a peer uses it
         cfg("route-policy RP permit node 10| if-match ip-prefix A| apply local-preference 100",
             BGP_R + "|  peer 10.0.0.2 route-policy RP import"),
         cfg("route-policy RP permit node 10| if-match ip-prefix A| apply local-preference 200|"
             " apply community 65000:10 additive",
             BGP_R + "|  peer 10.0.0.2 route-policy RP import"),
         ["route-policy RP permit node 10", "apply local-preference 200",
          "apply community 65000:10 additive", "quit"]),
    Case("route-policy-node-removed-after-peer-moves-off-it",
         cfg("route-policy OLD permit node 10| if-match ip-prefix A",
             "route-policy OLD permit node 20| apply cost 5",
             BGP_R + "|  peer 10.0.0.2 route-policy OLD import"),
         cfg("route-policy OLD permit node 10| if-match ip-prefix A",
             "route-policy NEW permit node 10| apply as-path 65000 65000 additive",
             BGP_R + "|  peer 10.0.0.2 route-policy NEW import"),
         ["route-policy NEW permit node 10", "apply as-path 65000 65000 additive", "quit",
          "bgp 100", "ipv4-family unicast", "peer 10.0.0.2 route-policy NEW import", "quit",
          "quit", "undo route-policy OLD node 20"]),
    Case("route-policy-apply-clauses-removed",
         cfg("route-policy RP permit node 10| apply cost 10| apply local-preference 200|"
             " apply community no-export| apply as-path 65000 additive"),
         cfg("route-policy RP permit node 10"),
         ["route-policy RP permit node 10", "undo apply cost", "undo apply local-preference",
          "undo apply community", "undo apply as-path", "quit"]),
    Case("ip-prefix-ge-le-changed-in-place",
         cfg("ip ip-prefix P index 10 permit 10.0.0.0 8 less-equal 24"),
         cfg("ip ip-prefix P index 10 permit 10.0.0.0 8 greater-equal 16 less-equal 24",
             "ip ip-prefix P index 20 deny 0.0.0.0 0 less-equal 32"),
         ["ip ip-prefix P index 10 permit 10.0.0.0 8 greater-equal 16 less-equal 24",
          "ip ip-prefix P index 20 deny 0.0.0.0 0 less-equal 32"]),
    Case("edge-peer-options-added",
         cfg(BGP_R),
         cfg("bfd", BGP_R.replace("| #", "| peer 10.0.0.2 password cipher ${ISP1}|"
                                        " peer 10.0.0.2 bfd enable| #")
             + "|  network 192.0.2.0 255.255.255.0 route-policy ANNOUNCE|"
               "  import-route ospf 1 route-policy OSPF-TO-BGP|"
               "  peer 10.0.0.2 route-limit 1000|  peer 10.0.0.2 allow-as-loop 1"),
         ["bfd", "quit", "bgp 100", "peer 10.0.0.2 password cipher ${ISP1}",
          "peer 10.0.0.2 bfd enable", "ipv4-family unicast",
          "network 192.0.2.0 255.255.255.0 route-policy ANNOUNCE",
          "import-route ospf 1 route-policy OSPF-TO-BGP", "peer 10.0.0.2 route-limit 1000",
          "peer 10.0.0.2 allow-as-loop 1", "quit", "quit"]),
    Case("edge-peer-options-changed-without-undo",
         cfg(BGP_R + "|  peer 10.0.0.2 route-limit 1000|  peer 10.0.0.2 allow-as-loop 1"),
         cfg(BGP_R + "|  peer 10.0.0.2 route-limit 5000 80|  peer 10.0.0.2 allow-as-loop 2"),
         ["bgp 100", "ipv4-family unicast", "peer 10.0.0.2 route-limit 5000 80",
          "peer 10.0.0.2 allow-as-loop 2", "quit", "quit"]),
    Case("edge-peer-options-removed",
         cfg("bfd", BGP_R.replace("| #", "| peer 10.0.0.2 bfd enable| #")
             + "|  peer 10.0.0.2 route-limit 1000 alert-only|  peer 10.0.0.2 allow-as-loop 1"),
         cfg("bfd", BGP_R),
         ["bgp 100", "undo peer 10.0.0.2 bfd enable", "ipv4-family unicast",
          "undo peer 10.0.0.2 route-limit", "undo peer 10.0.0.2 allow-as-loop", "quit",
          "quit"]),
    # -- issue 13: management plane families --
    Case("management-plane-created",
         cfg("sysname R1"),
         cfg("sysname R1", "clock timezone UTC add 00:00:00",
             "aaa| local-user ops password irreversible-cipher ${OPS_PW}|"
             " local-user ops privilege level 15| local-user ops service-type ssh",
             "ntp-service unicast-server 192.0.2.123", "info-center loghost 192.0.2.14",
             "stelnet server enable",
             "user-interface vty 0 4| authentication-mode aaa| protocol inbound ssh"),
         ["aaa", "local-user ops password irreversible-cipher ${OPS_PW}",
          "local-user ops privilege level 15", "local-user ops service-type ssh", "quit",
          "clock timezone UTC add 00:00:00", "ntp-service unicast-server 192.0.2.123",
          "info-center loghost 192.0.2.14", "stelnet server enable",
          "user-interface vty 0 4", "authentication-mode aaa", "protocol inbound ssh",
          "quit"]),
    Case("ntp-server-and-loghost-replaced-not-added-beside",  # owned as a family
         cfg("ntp-service unicast-server 10.0.0.1", "ntp-service unicast-server 10.0.0.3",
             "info-center loghost 10.0.0.9"),
         cfg("ntp-service unicast-server 10.0.0.2", "ntp-service unicast-server 10.0.0.3",
             "info-center loghost 10.0.0.10"),
         ["ntp-service unicast-server 10.0.0.2", "info-center loghost 10.0.0.10",
          "undo ntp-service unicast-server 10.0.0.1", "undo info-center loghost 10.0.0.9"]),
    Case("local-user-removed-whole-and-another-changed",
         cfg("aaa| authentication-scheme default| local-user admin password cipher %$%$a%$%$|"
             " local-user admin service-type http| local-user old password cipher %$%$b%$%$|"
             " local-user old privilege level 15| local-user old service-type telnet ssh"),
         cfg("aaa| authentication-scheme default|"
             " local-user admin password cipher %$%$a%$%$| local-user admin service-type ssh"),
         ["aaa", "local-user admin service-type ssh", "undo local-user old", "quit"]),
    # AAA authentication schemes and domains (vrp/families/management.py): a scheme before the
    # domain that uses it; removed domains before schemes; built-in ones never removed
    Case("aaa-scheme-and-domain-added",
         cfg("aaa| authentication-scheme default| domain default| domain default_admin"),
         cfg("aaa| authentication-scheme default| authentication-scheme LOCAL|"
             "  authentication-mode local| domain default| domain default_admin| domain ops|"
             "  authentication-scheme LOCAL"),
         ["aaa", "authentication-scheme LOCAL", "authentication-mode local", "quit",
          "domain ops", "authentication-scheme LOCAL", "quit", "quit"]),
    Case("aaa-domain-removed-before-its-scheme-built-ins-kept",
         cfg("aaa| authentication-scheme default| authentication-scheme radius|"
             "  authentication-mode radius| authentication-scheme LOCAL|"
             "  authentication-mode local| domain default| domain ops|"
             "  authentication-scheme LOCAL"),
         cfg("aaa| authentication-scheme default| domain default"),
         ["aaa", "undo domain ops", "undo authentication-scheme LOCAL", "quit"]),
    Case("aaa-scheme-modes-changed-and-domain-scheme-dropped",
         cfg("aaa| authentication-scheme S|  authentication-mode local|"
             " authentication-scheme T|  authentication-mode radius| domain ops|"
             "  authentication-scheme S"),
         cfg("aaa| authentication-scheme S|  authentication-mode local radius|"
             " authentication-scheme T| domain ops"),
         ["aaa", "authentication-scheme S", "authentication-mode local radius", "quit",
          "authentication-scheme T", "undo authentication-mode", "quit",
          "domain ops", "undo authentication-scheme", "quit", "quit"]),
    # login banner and SNMPv3 (vrp/families/management.py)
    Case("banner-and-snmp-v3-added",
         cfg(" sysname R1"),
         cfg(" sysname R1", 'header login information "Authorized access only"',
             " snmp-agent", "snmp-agent sys-info version v3",
             "snmp-agent group v3 NMS privacy notify-view iso read-view iso",
             "snmp-agent usm-user v3 nms group NMS",
             "snmp-agent usm-user v3 nms authentication-mode sha ${SNMP_AUTH}",
             "snmp-agent usm-user v3 nms privacy-mode aes128 ${SNMP_PRIV}",
             "snmp-agent target-host trap address udp-domain 192.0.2.60 params securityname"
             " nms v3 privacy"),
         ['header login information "Authorized access only"', "snmp-agent",
          "snmp-agent sys-info version v3",
          "snmp-agent group v3 NMS privacy notify-view iso read-view iso",
          "snmp-agent usm-user v3 nms group NMS",
          "snmp-agent usm-user v3 nms authentication-mode sha ${SNMP_AUTH}",
          "snmp-agent usm-user v3 nms privacy-mode aes128 ${SNMP_PRIV}",
          "snmp-agent target-host trap address udp-domain 192.0.2.60 params securityname"
          " nms v3 privacy"]),
    Case("banner-changed-is-undo-then-new",
         cfg('header login information "old"'), cfg('header login information "new text"'),
         ["undo header login", 'header login information "new text"']),
    Case("snmp-group-views-and-trap-hosts-changed",
         cfg("snmp-agent group v3 NMS privacy read-view iso",
             "snmp-agent target-host trap address udp-domain 192.0.2.60 params securityname"
             " nms v3 authentication",
             "snmp-agent target-host trap address udp-domain 192.0.2.61 params securityname"
             " nms v3 privacy"),
         cfg("snmp-agent group v3 NMS privacy notify-view iso read-view iso",
             "snmp-agent target-host trap address udp-domain 192.0.2.60 params securityname"
             " nms v3 privacy",
             "snmp-agent target-host trap address udp-domain 192.0.2.62 params securityname"
             " nms v3 privacy"),
         ["undo snmp-agent group v3 NMS privacy",
          "snmp-agent group v3 NMS privacy notify-view iso read-view iso",
          "undo snmp-agent target-host trap address udp-domain 192.0.2.60 params securityname"
          " nms",
          "snmp-agent target-host trap address udp-domain 192.0.2.60 params securityname"
          " nms v3 privacy",
          "snmp-agent target-host trap address udp-domain 192.0.2.62 params securityname"
          " nms v3 privacy",
          "undo snmp-agent target-host trap address udp-domain 192.0.2.61 params securityname"
          " nms"]),
    Case("vty-login-moved-to-aaa-over-ssh-and-timezone-changed",
         cfg("clock timezone China-Standard-Time minus 08:00:00",
             "user-interface vty 0 4| authentication-mode password| protocol inbound all"),
         cfg("clock timezone UTC add 00:00:00",
             "user-interface vty 0 4| authentication-mode aaa| protocol inbound ssh"),
         ["clock timezone UTC add 00:00:00", "user-interface vty 0 4",
          "authentication-mode aaa", "protocol inbound ssh", "quit"]),
    Case("peer-group-with-shared-options-and-a-member",
         cfg(BGP_R),
         cfg("bgp 100| router-id 1.1.1.1| peer 10.0.0.2 as-number 200| group ISP external|"
             " peer ISP password cipher ${ISP_PW}| peer 10.0.0.3 as-number 300|"
             " peer 10.0.0.3 group ISP| #| ipv4-family unicast|  undo synchronization|"
             "  peer 10.0.0.2 enable|  peer ISP enable|  peer ISP route-policy ISP-IN import|"
             "  peer ISP route-limit 500|  peer 10.0.0.3 enable"),
         ["bgp 100", "group ISP external", "peer ISP password cipher ${ISP_PW}",
          "peer 10.0.0.3 as-number 300", "peer 10.0.0.3 group ISP", "ipv4-family unicast",
          "peer ISP enable", "peer ISP route-policy ISP-IN import", "peer ISP route-limit 500",
          "quit", "quit"]),
]
