"""What discovery tells kubectl: the group/versions and resources served.

Built from ``apiserver.resources`` plus the APIServices: an aggregated
group whose APIService is missing is not listed; one that is unavailable
(``api.unavailable``) is reported the way client-go's discovery does,
``unable to retrieve the complete list of server APIs: <gv>: <message>``
(k8s.io/client-go/discovery ErrGroupDiscoveryFailed).
"""
from __future__ import annotations

from clusters.apiserver import resources

UNAVAILABLE = "the server is currently unable to handle the request"


def _aggregated_state(cluster, gv: str) -> str:
    """'ok', 'missing' or 'failed'."""
    api = cluster.api
    if gv in api.unavailable:
        return "failed"
    group, _, version = gv.rpartition("/")
    svc = api.try_get("apiservices", f"{version}.{group}")
    if svc is None:
        return "missing"
    for c in (svc.get("status") or {}).get("conditions") or ():
        if c.get("type") == "Available" and c.get("status") != "True":
            return "failed"
    return "ok"


def group_versions(cluster) -> tuple[list[str], list[str]]:
    ok, failed = [], []
    for gv in resources.groups():
        agg = any(r.aggregated for r in resources.RESOURCES if r.group_version == gv)
        if agg:
            state = _aggregated_state(cluster, gv)
            if state == "failed":
                failed.append(gv)
                continue
            if state == "missing":
                continue
        ok.append(gv)
    # the API server always serves apiregistration.k8s.io itself
    return ok, failed


def served_resources(cluster) -> tuple[list[resources.Resource], list[str]]:
    gvs, failed = group_versions(cluster)
    ok = set(gvs)
    return [r for r in resources.RESOURCES if r.group_version in ok], failed


def partial_error(failed: list[str]) -> str:
    return "unable to retrieve the complete list of server APIs: " + ", ".join(f"{gv}: {UNAVAILABLE}" for gv in sorted(failed))
