"""NodeName (framework/plugins/nodename/node_name.go): spec.nodeName must name the node."""
from __future__ import annotations

from clusters.scheduler.framework import SKIP_STATUS, UNRESOLVABLE, Plugin, Status

ERR_REASON = "node(s) didn't match the requested node name"
_FAIL = Status(UNRESOLVABLE, (ERR_REASON,), "NodeName")


class NodeName(Plugin):
    name = "NodeName"

    def pre_filter(self, state, pi):
        return None if pi.node_name else SKIP_STATUS

    def filter(self, state, pi, ni):
        return None if ni.name == pi.node_name else _FAIL
