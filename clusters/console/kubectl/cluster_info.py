"""kubectl cluster-info (kubernetes/kubectl:pkg/cmd/clusterinfo/clusterinfo.go).

The smallest verb: copy this module to add one. Names and links are
printed in go-colortext's green and yellow, as the real command does.
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import errors as api_errors
from clusters.console.kubectl import base

GREEN, YELLOW, RESET = "\x1b[0;32m", "\x1b[0;33m", "\x1b[0m"


def _service_line(name: str, link: str) -> str:
    return f"{GREEN}{name}{RESET} is running at {YELLOW}{link}{RESET}\n"


class Verb(base.Verb):
    name = "cluster-info"
    subcommands = {"dump": "cluster_info:Dump"}

    def run(self, kc, args):
        if args:
            raise base.KubectlError(f'unknown command "{args[0]}" for "kubectl cluster-info"')
        host = base.SERVER
        sel = objects.parse_selector("kubernetes.io/cluster-service=true")
        try:  # clusterinfo.go: the lines come from the list's visitor, the debug hint after it, then its error
            services = kc.api.list("services", "kube-system", sel)
        except api_errors.StatusError:
            kc.out("\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n")
            raise
        kc.out(_service_line("Kubernetes control plane", host))
        for svc in services:
            meta = svc["metadata"]
            ports = (svc.get("spec") or {}).get("ports") or []
            name = meta["name"]
            if ports:
                p = ports[0]
                scheme = "https" if p.get("name") == "https" or p.get("port") == 443 else ""
                pname = p.get("name", "")
                name = ":".join(x for x in (scheme, meta["name"], pname) if x) if (scheme or pname) else meta["name"]
            link = f"{host}/api/v1/namespaces/{meta['namespace']}/services/{name}/proxy"
            label = (meta.get("labels") or {}).get("kubernetes.io/name") or meta["name"]
            kc.out(_service_line(label, link))
        kc.out("\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n")
        return 0


class Dump(base.Verb):
    name = "cluster-info dump"

    def run(self, kc, args):
        from clusters.console.printers import jsonout

        for plural in ("nodes",):
            items = kc.api.list(plural)
            kc.out(jsonout.dumps({"kind": "NodeList", "apiVersion": "v1", "metadata": {"resourceVersion": str(kc.cluster.store.revision)}, "items": items}))
        for ns in ("kube-system", "default"):
            for plural, kind in (("events", "EventList"), ("replicationcontrollers", "ReplicationControllerList"),
                                 ("services", "ServiceList"), ("daemonsets", "DaemonSetList"),
                                 ("deployments", "DeploymentList"), ("replicasets", "ReplicaSetList"), ("pods", "PodList")):
                items = kc.api.list(plural, ns)
                av = "apps/v1" if plural in ("daemonsets", "deployments", "replicasets") else "v1"
                kc.out(jsonout.dumps({"kind": kind, "apiVersion": av, "metadata": {"resourceVersion": str(kc.cluster.store.revision)}, "items": items}))
        return 0
