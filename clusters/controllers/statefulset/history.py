"""ControllerRevisions for a StatefulSet, after kubernetes/kubernetes:pkg/controller/history/controller_history.go
and stateful_set_utils.go (newRevision, ApplyRevision).

A revision stores the pod template as the strategic-merge patch upstream
keeps (``{"spec": {"template": {..., "$patch": "replace"}}}``), is named
``<set>-<hash>`` and carries the label ``controller.kubernetes.io/hash``;
pods carry the revision's name in ``controller-revision-hash``. The hash is
``controller.ComputeHash``-shaped (deployment/util.compute_hash), not Go's bytes.
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import errors
from clusters.controllers import controller_utils as cu
from clusters.controllers.deployment import util as dutil

HASH_LABEL = "controller.kubernetes.io/hash"  # history.ControllerRevisionHashLabel


def patch_data(sts: dict) -> dict:
    """getPatch: the template as a replace patch."""
    tmpl = objects.clone(sts["spec"]["template"])
    tmpl["$patch"] = "replace"
    return {"spec": {"template": tmpl}}


def template_of(revision: dict) -> dict:
    """ApplyRevision: the pod template a revision records."""
    t = objects.clone(((revision.get("data") or {}).get("spec") or {}).get("template") or {})
    t.pop("$patch", None)
    return t


def sort_revisions(revs: list[dict]) -> list[dict]:
    """SortControllerRevisions: by revision, then creation time, then name."""
    return sorted(revs, key=lambda r: (r.get("revision", 0), r["metadata"].get("creationTimestamp") or "",
                                       r["metadata"]["name"]))


def new_revision(sts: dict, revision: int, collision_count: int) -> dict:
    """newRevision / NewControllerRevision."""
    data = patch_data(sts)
    h = dutil.compute_hash(data, collision_count or None)
    labels = dict((sts["spec"]["template"].get("metadata") or {}).get("labels") or {})
    labels[HASH_LABEL] = h
    return {"apiVersion": "apps/v1", "kind": "ControllerRevision",
            "metadata": {"name": f"{sts['metadata']['name']}-{h}", "namespace": sts["metadata"]["namespace"],
                         "labels": labels, "ownerReferences": [cu.controller_ref(sts)]},
            "data": data, "revision": revision}


def equal(a: dict, b: dict) -> bool:
    """EqualRevision: same hash label and same data."""
    return ((a["metadata"].get("labels") or {}).get(HASH_LABEL) == (b["metadata"].get("labels") or {}).get(HASH_LABEL)
            and a.get("data") == b.get("data"))


def create(controller, sts: dict, rev: dict, collision_count: int) -> tuple[dict, int]:
    """CreateControllerRevision: on a name clash with different data, bump collisionCount and rehash."""
    ns = sts["metadata"]["namespace"]
    while True:
        try:
            return controller.client.create("controllerrevisions", rev, ns), collision_count
        except errors.StatusError as e:
            if e.code != 409:
                raise
            existing = controller.api.try_get("controllerrevisions", rev["metadata"]["name"], ns)
            if existing is not None and equal(existing, rev) and \
                    (objects.controller_of(existing) or {}).get("uid") == sts["metadata"]["uid"]:
                return existing, collision_count
            collision_count += 1
            rev = new_revision(sts, rev["revision"], collision_count)


def bump(controller, rev: dict, revision: int) -> dict:
    """UpdateControllerRevision: a rollback to an older template makes it the newest revision."""
    if rev.get("revision") == revision:
        return rev
    new = objects.clone(rev)
    new["revision"] = revision
    return controller.client.update("controllerrevisions", new)
