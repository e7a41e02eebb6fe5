"""The VRP device simulator: asyncssh servers that netmiko's Huawei drivers talk to, with
configuration state kept through the shared command model (vrpgen.vrp)."""
