"""Factories for the networking tests: pods that are Running with an IP, Services.

Until the kubelet gives pods IPs and readiness on its own, ``run_pod`` writes
the status a kubelet would (phase Running, podIP, Ready), as
``update_status`` from the kubelet would.
"""
from __future__ import annotations

from clusters import Cluster, ClusterSpec, objects

_KUBELET = "kubelet"


def make_cluster(nodes: int = 2, seed: int = 1, **kw) -> Cluster:
    return Cluster(ClusterSpec(nodes=nodes, settle=0, **kw), seed=seed)


def _next_ip(c: Cluster, node: str) -> str:
    counters = c.__dict__.setdefault("_test_pod_ips", {})
    n = counters.get(node, 1) + 1
    counters[node] = n
    idx = int(node.rsplit("-", 1)[-1]) if node[-1].isdigit() else 0
    return f"10.244.{idx}.{n}"


def run_pod(c: Cluster, name: str, labels: dict, ns: str = "default", *, ready: bool = True, node: str = "node-1",
            image: str = "nginx:1.27", ports: list | None = None, requests: dict | None = None,
            hostname: str | None = None, subdomain: str | None = None, ip: str | None = None,
            annotations: dict | None = None, command: list | None = None, container_name: str | None = None,
            limits: dict | None = None) -> dict:
    container = {"name": container_name or name.split("-")[0] or "app", "image": image}
    if ports is not None:
        container["ports"] = ports
    if requests is not None or limits is not None:
        container["resources"] = {}
        if requests:
            container["resources"]["requests"] = requests
        if limits:
            container["resources"]["limits"] = limits
    if command is not None:
        container["command"] = command
    spec = {"nodeName": node, "containers": [container]}
    if hostname:
        spec["hostname"] = hostname
    if subdomain:
        spec["subdomain"] = subdomain
    meta = {"name": name, "namespace": ns, "labels": labels}
    if annotations:
        meta["annotations"] = annotations
    c.api.create("pods", {"metadata": meta, "spec": spec}, ns, actor="kubectl")
    c.settle()
    return set_status(c, name, ns, ready=ready, ip=ip or _next_ip(c, node))


def set_status(c: Cluster, name: str, ns: str = "default", *, ready: bool, ip: str | None = None) -> dict:
    pod = objects.clone(c.api.get("pods", name, ns))
    st = pod.setdefault("status", {})
    now = c.api.timestamp()
    ip = ip or st.get("podIP")
    st["phase"] = "Running"
    st["podIP"] = ip
    st["podIPs"] = [{"ip": ip}]
    st.setdefault("startTime", now)
    conds = {x["type"]: x for x in st.get("conditions") or []}
    old = conds.get("Ready")
    status = "True" if ready else "False"
    if old is None or old.get("status") != status:
        conds["Ready"] = {"type": "Ready", "status": status, "lastProbeTime": None, "lastTransitionTime": now}
        conds["ContainersReady"] = {"type": "ContainersReady", "status": status, "lastProbeTime": None, "lastTransitionTime": now}
    st["conditions"] = list(conds.values())
    st["containerStatuses"] = [{"name": ct["name"], "image": ct["image"], "ready": ready, "restartCount": 0, "started": True,
                                "state": {"running": {"startedAt": st["startTime"]}}} for ct in pod["spec"]["containers"]]
    out = c.api.update_status("pods", pod, actor=_KUBELET)
    c.settle()
    return out


def make_service(c: Cluster, name: str, selector: dict | None, ns: str = "default", *, ports=None, **spec) -> dict:
    body = {"ports": ports if ports is not None else [{"port": 80, "targetPort": 80}]}
    if selector is not None:
        body["selector"] = selector
    body.update(spec)
    if body["ports"] == [] :
        body.pop("ports")
    svc = c.api.create("services", {"metadata": {"name": name, "namespace": ns}, "spec": body}, ns, actor="kubectl")
    c.settle()
    return svc


def ensure_dns(c: Cluster) -> None:
    """Make sure kube-dns has a ready CoreDNS endpoint, as a booted kind cluster has."""
    from clusters.network import services
    if services.ready_backends(c, "kube-system", "kube-dns"):
        return
    run_pod(c, "coredns-test-1", {"k8s-app": "kube-dns"}, "kube-system", node="node-1",
            image="registry.k8s.io/coredns/coredns:v1.11.3",
            ports=[{"containerPort": 53, "name": "dns", "protocol": "UDP"},
                   {"containerPort": 53, "name": "dns-tcp", "protocol": "TCP"}])
