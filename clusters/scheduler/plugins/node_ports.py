"""NodePorts (framework/plugins/nodeports/node_ports.go): a hostPort already used on the node
(same protocol and port, overlapping hostIP) fails the node."""
from __future__ import annotations

from clusters.scheduler.framework import SKIP_STATUS, UNSCHEDULABLE, Plugin, Status

ERR_REASON = "node(s) didn't have free ports for the requested pod ports"
_FAIL = Status(UNSCHEDULABLE, (ERR_REASON,), "NodePorts")


def _conflicts(want: tuple, used: dict) -> bool:
    proto, ip, port = want
    for (uproto, uip, uport) in used:
        if uproto == proto and uport == port and (ip == uip or ip == "0.0.0.0" or uip == "0.0.0.0"):
            return True
    return False


class NodePorts(Plugin):
    name = "NodePorts"

    def pre_filter(self, state, pi):
        return None if pi.ports else SKIP_STATUS

    def filter(self, state, pi, ni):
        if not ni.ports:
            return None
        for p in pi.ports:
            if _conflicts(p, ni.ports):
                return _FAIL
        return None
