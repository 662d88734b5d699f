"""Rollout history and undo, which kubectl computes client-side from a Deployment's ReplicaSets.

Upstream: kubernetes/kubectl pkg/polymorphichelpers/history.go (DeploymentHistoryViewer)
and rollback.go (DeploymentRollbacker). Every ReplicaSet a Deployment owns
keeps its pod template and a ``deployment.kubernetes.io/revision``
annotation (plus ``kubernetes.io/change-cause`` copied from the Deployment),
so history is a listing of them, and undo copies one's template back into the
Deployment (minus the pod-template-hash label) with its annotations.

The console's ``kubectl rollout history|undo`` call these two functions with the API as
kubectl reaches it (as the impersonated user under --as), so their reads are the
requests kubectl makes: a GET of the Deployment and a LIST of the ReplicaSets its
selector matches.

- ``rollout_history(api, name, namespace)`` → list of
  ``{"revision", "change_cause", "template", "replicaset", "object"}`` sorted by revision
  (an empty list prints ``No rollout history found.``); print ``<none>`` for an
  empty change cause.
- ``rollback(api, name, namespace, to_revision=0)`` → ``"rolled back"`` or
  ``"skipped rollback (current template already matches revision N)"``
  (kubectl prints ``deployment.apps/<name> <that>``); raises ``RollbackError``
  with kubectl's message, or ``StatusError`` from the API.
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import errors
from clusters.controllers.deployment import util


class RollbackError(Exception):
    pass


def owned_replica_sets(api, d: dict) -> list[dict]:
    """deploymentutil.GetAllReplicaSets as kubectl does it: the ReplicaSets the Deployment's
    selector lists (listReplicaSets) that it controls."""
    ns = d["metadata"]["namespace"]
    uid = d["metadata"]["uid"]
    selector = objects.selector_from_label_selector(d["spec"].get("selector"))
    return [rs for rs in api.list("replicasets", ns, selector)
            if (objects.controller_of(rs) or {}).get("uid") == uid]


def rollout_history(api, name: str, namespace: str = "default") -> list[dict]:
    d = api.get("deployments", name, namespace)
    by_rev: dict[int, dict] = {}
    for rs in owned_replica_sets(api, d):
        rev = util.revision(rs)
        cause = (rs["metadata"].get("annotations") or {}).get(util.CHANGE_CAUSE, "")
        by_rev[rev] = {"revision": rev, "change_cause": cause, "template": rs["spec"]["template"],
                       "replicaset": rs["metadata"]["name"], "object": rs}
    return [by_rev[r] for r in sorted(by_rev)]


def _revision_rs(d: dict, rss: list[dict], to_revision: int) -> dict:
    """kubectl rollback.go deploymentRevision."""
    latest = previous = None
    latest_rev = previous_rev = -1
    for rs in rss:
        v = util.revision(rs)
        if to_revision == 0:
            if latest_rev < v:
                previous_rev, previous = latest_rev, latest
                latest_rev, latest = v, rs
            elif previous_rev < v:
                previous_rev, previous = v, rs
        elif to_revision == v:
            return rs
    if to_revision > 0:
        raise RollbackError(f"unable to find specified revision {to_revision} in history")
    if previous is None:
        raise RollbackError(f'no rollout history found for deployment "{d["metadata"]["name"]}"')
    return previous


def rollback(api, name: str, namespace: str = "default", to_revision: int = 0, *,
             actor: str = "kubectl", cause=None, dry_run: bool = False) -> str:
    d = api.get("deployments", name, namespace)
    if d["spec"].get("paused"):
        raise RollbackError(f"you cannot rollback a paused deployment; resume it first with "
                            f"'kubectl rollout resume deployment/{name}' and try again")
    rs = _revision_rs(d, owned_replica_sets(api, d), to_revision)
    if util.equal_ignore_hash(rs["spec"]["template"], d["spec"]["template"]):
        return f"skipped rollback (current template already matches revision {util.revision(rs)})"
    template = util.template_without_hash(rs["spec"]["template"])
    annotations = {k: v for k, v in (d["metadata"].get("annotations") or {}).items() if k in util.ANNOTATIONS_TO_SKIP}
    for k, v in (rs["metadata"].get("annotations") or {}).items():
        if k not in util.ANNOTATIONS_TO_SKIP:
            annotations[k] = v
    new = objects.clone(d)
    new["spec"]["template"] = template
    if annotations:
        new["metadata"]["annotations"] = annotations
    else:
        new["metadata"].pop("annotations", None)
    try:
        api.update("deployments", new, actor=actor, cause=cause, dry_run=dry_run)
    except errors.StatusError as e:
        raise RollbackError(f"failed restoring revision {util.revision(rs)}: {e.message}") from e
    return "rolled back"
