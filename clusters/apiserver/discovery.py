"""Server-side discovery and the health of aggregated APIServices.

kube-apiserver's aggregator (k8s.io/kube-aggregator/pkg/controllers/status/
available_controller.go) keeps each APIService's ``Available`` condition;
when an aggregated API's backend stops answering, the condition goes False
and every request for its group/version fails with 503 "the server is
currently unable to handle the request". Controllers that discover every
resource (the namespace deleter, the garbage collector) then see a partial
discovery failure, which client-go reports as ErrGroupDiscoveryFailed. Since
1.26 kube-controller-manager uses aggregated discovery, where the failing
group/version is reported as ``stale GroupVersion discovery: <gv>``
(client-go discovery/aggregated_discovery.go StaleGroupVersionError), which
is the text namespaces stuck in Terminating show.

``break_apiservice`` / ``fix_apiservice`` are what ``sim apiservice break|fix``
calls; ``server_resources`` is what controllers discover.
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import resources

UNAVAILABLE = "the server is currently unable to handle the request"
ACTOR = "kube-apiserver"

# available_controller.go reasons
FAILED_DISCOVERY_CHECK = "FailedDiscoveryCheck"
MISSING_ENDPOINTS = "MissingEndpoints"
SERVICE_NOT_FOUND = "ServiceNotFound"


def group_version_of(name: str) -> str:
    """APIService name ``v1beta1.metrics.k8s.io`` → group/version ``metrics.k8s.io/v1beta1`` (``v1.`` → ``v1``)."""
    version, _, group = name.partition(".")
    return f"{group}/{version}" if group else version


def apiservice_name(gv: str) -> str:
    """The APIService of a group/version: ``<version>.<group>``, so the core ``v1`` is ``v1.``
    (kube-aggregator's apiregistration validation requires exactly that name)."""
    group, _, version = gv.rpartition("/")
    return f"{version}.{group}"


def _endpoint(cluster, svc_ref: dict) -> tuple[str, int] | None:
    """The first ready backend of the APIService's Service, as the aggregator's proxy would pick it."""
    api = cluster.api
    svc = api.try_get("services", svc_ref.get("name", ""), svc_ref.get("namespace", "default"))
    if svc is None:
        return None
    port_name = None
    target = None
    for p in (svc.get("spec") or {}).get("ports") or ():
        if p.get("port") == svc_ref.get("port", 443):
            port_name = p.get("name")
            target = p.get("targetPort")
    sel = objects.selector_from_map((svc.get("spec") or {}).get("selector"))
    for pod in api.list("pods", svc["metadata"]["namespace"], sel):
        ip = (pod.get("status") or {}).get("podIP")
        if not ip:
            continue
        port = target if isinstance(target, int) else None
        for c in pod["spec"].get("containers") or ():
            for cp in c.get("ports") or ():
                if cp.get("name") == target or (port_name and cp.get("name") == port_name):
                    port = cp.get("containerPort")
        return ip, port or 443
    return None


def failure_message(cluster, apiservice: dict, reason: str) -> str:
    """The Available=False message available_controller.go writes for ``reason``."""
    spec = apiservice.get("spec") or {}
    svc = spec.get("service") or {}
    name, ns = svc.get("name", ""), svc.get("namespace", "")
    if reason == SERVICE_NOT_FOUND:
        return f'service/{name} in "{ns}" is not present'
    if reason == MISSING_ENDPOINTS:
        return f'endpoints for service/{name} in "{ns}" have no addresses with port name "https"'
    ep = _endpoint(cluster, svc)
    path = f"/apis/{spec.get('group')}/{spec.get('version')}"
    host = f"{ep[0]}:{ep[1]}" if ep else f"{name}.{ns}.svc:{svc.get('port', 443)}"
    url = f"https://{host}{path}"
    return f'failing or missing response from {url}: Get "{url}": dial tcp {host}: connect: connection refused'


def _set_available(cluster, name: str, status: str, reason: str, message: str) -> dict:
    api = cluster.api
    svc = objects.clone(api.get("apiservices", name))
    conds = [c for c in (svc.get("status") or {}).get("conditions") or () if c.get("type") != "Available"]
    old = next((c for c in (svc.get("status") or {}).get("conditions") or () if c.get("type") == "Available"), None)
    ts = api.timestamp()
    if old is not None and old.get("status") == status:
        ts = old.get("lastTransitionTime") or ts
    conds.append({"type": "Available", "status": status, "lastTransitionTime": ts, "reason": reason, "message": message})
    svc.setdefault("status", {})["conditions"] = conds
    return api.update_status("apiservices", svc, actor=ACTOR, cause=cluster.cause)


def break_apiservice(cluster, name: str, reason: str = FAILED_DISCOVERY_CHECK, message: str | None = None) -> dict:
    """Make an aggregated APIService unavailable: Available=False, and 503 for its group/version."""
    svc = cluster.api.get("apiservices", name)
    msg = message if message is not None else failure_message(cluster, svc, reason)
    out = _set_available(cluster, name, "False", reason, msg)
    cluster.api.unavailable[group_version_of(name)] = UNAVAILABLE
    return out


def fix_apiservice(cluster, name: str) -> dict:
    """Its backend answers again: Available=True "all checks passed", and requests are served."""
    cluster.api.unavailable.pop(group_version_of(name), None)
    return _set_available(cluster, name, "True", "Passed", "all checks passed")


def repair_apiservice(cluster, name: str) -> dict:
    return fix_apiservice(cluster, name)


def stale_error(gv: str) -> str:
    """aggregated_discovery.go StaleGroupVersionError."""
    return f"stale GroupVersion discovery: {gv}"


def group_discovery_failed(failed: dict[str, str]) -> str:
    """discovery.ErrGroupDiscoveryFailed.Error(): "gv: err" entries sorted and joined by ", "."""
    return "unable to retrieve the complete list of server APIs: " + ", ".join(
        f"{gv}: {err}" for gv, err in sorted(failed.items()))


def _gv_available(cluster, gv: str) -> bool:
    if gv in cluster.api.unavailable:
        return False
    svc = cluster.api.try_get("apiservices", apiservice_name(gv))
    if svc is None:
        return False
    for c in (svc.get("status") or {}).get("conditions") or ():
        if c.get("type") == "Available":
            return c.get("status") == "True"
    return True


def server_resources(cluster) -> tuple[list[resources.Resource], dict[str, str]]:
    """ServerPreferredResources as a controller's aggregated-discovery client sees them.

    Returns the resources served and, per failing group/version, the error
    (``stale GroupVersion discovery: <gv>``). An aggregated group/version
    without an APIService is simply absent.
    """
    served: list[resources.Resource] = []
    failed: dict[str, str] = {}
    state: dict[str, bool | None] = {}
    for r in resources.RESOURCES:
        gv = r.group_version
        if gv not in state:
            agg = r.aggregated or gv in cluster.api.unavailable
            if not agg:
                state[gv] = True
            else:
                present = cluster.api.try_get("apiservices", apiservice_name(gv)) is not None
                state[gv] = _gv_available(cluster, gv) if present else None
                if present and not state[gv]:
                    failed[gv] = stale_error(gv)
        if state[gv]:
            served.append(r)
    return served, failed
