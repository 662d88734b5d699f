"""ControllerRevisions: the pod-template history the DaemonSet and StatefulSet controllers keep.

After kubernetes/kubernetes:pkg/controller/history/controller_history.go
(NewControllerRevision, ControllerRevisionName, SortControllerRevisions,
EqualRevision, realHistory.CreateControllerRevision / UpdateControllerRevision)
and the getPatch / Match pair that pkg/controller/daemon/update.go and
pkg/controller/statefulset/stateful_set_utils.go each keep (kubectl's
polymorphichelpers duplicate them again for ``rollout history`` and ``undo``).

A revision records its owner's pod template as the strategic-merge patch
``{"spec": {"template": {..., "$patch": "replace"}}}``: applying it to the
owner puts that template back, which is all ``kubectl rollout undo`` sends.
Revisions are numbered 1, 2, 3 …; going back to an older template renumbers
its revision as the newest instead of making a copy. Pods name their
revision in the ``controller-revision-hash`` label: a DaemonSet writes the
template hash there, a StatefulSet the revision's name.

The hashes are ``controller.ComputeHash``-shaped (deployment/util.compute_hash),
not Go's bytes, so names look like a real cluster's but differ from them.
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import errors
from clusters.controllers import controller_utils as cu
from clusters.controllers.deployment import util as dutil

# apps.ControllerRevisionHashLabelKey (= apps.DefaultDaemonSetUniqueLabelKey), on pods and DaemonSet revisions
REVISION_HASH_LABEL = "controller-revision-hash"
# history.ControllerRevisionHashLabel, on StatefulSet revisions
HASH_LABEL = "controller.kubernetes.io/hash"
_PREFIX = "/registry/controllerrevisions/"


def template_patch(owner: dict) -> dict:
    """getPatch: the owner's pod template as a patch that replaces spec.template."""
    tmpl = objects.clone(owner["spec"]["template"])
    tmpl["$patch"] = "replace"
    return {"spec": {"template": tmpl}}


def matches(owner: dict, revision: dict) -> bool:
    """Match / daemonSetMatch / statefulsetMatch: the revision's data is the owner's getPatch.

    Compares in place rather than building the patch, since the DaemonSet
    controller asks this of every revision on every sync.
    """
    data = revision.get("data")
    if not isinstance(data, dict) or len(data) != 1:
        return False
    spec = data.get("spec")
    if not isinstance(spec, dict) or len(spec) != 1:
        return False
    stored = spec.get("template")
    tmpl = owner["spec"]["template"]
    if not isinstance(stored, dict) or stored.get("$patch") != "replace" or len(stored) != len(tmpl) + 1:
        return False
    return all(k in stored and stored[k] == v for k, v in tmpl.items())


def template_of(revision: dict) -> dict:
    """The pod template a revision restores (ApplyRevision on spec.template)."""
    t = objects.clone(((revision.get("data") or {}).get("spec") or {}).get("template") or {})
    t.pop("$patch", None)
    return t


def applied(owner: dict, revision: dict) -> dict:
    """applyDaemonSetHistory / applyRevision: a copy of the owner with the revision's template."""
    out = objects.clone(owner)
    out["spec"]["template"] = template_of(revision)
    return out


def name_for(parent_name: str, h: str) -> str:
    """ControllerRevisionName: the parent's name, cut to 223 characters, then ``-<hash>``."""
    return f"{parent_name[:223]}-{h}"


def labels(revision: dict) -> dict:
    return revision["metadata"].get("labels") or {}


def sort_revisions(revisions: list[dict]) -> list[dict]:
    """SortControllerRevisions: by revision, then creation time, then name."""
    return sorted(revisions, key=lambda r: (r.get("revision", 0), r["metadata"].get("creationTimestamp") or "",
                                            r["metadata"]["name"]))


def max_revision(revisions: list[dict]) -> int:
    """maxRevision (daemon/update.go): 0 when there is none."""
    return max((r.get("revision", 0) for r in revisions), default=0)


def equal(a: dict, b: dict) -> bool:
    """EqualRevision: the same hash label and the same data."""
    return labels(a).get(HASH_LABEL) == labels(b).get(HASH_LABEL) and a.get("data") == b.get("data")


def new_revision(parent: dict, name: str, template_labels: dict, hash_label: tuple[str, str],
                 data: dict, revision: int) -> dict:
    """NewControllerRevision: the template's labels plus the hash label, the parent's annotations
    (both controllers copy them, so a revision keeps the change-cause it was made with), a
    controller reference, and the data."""
    meta = {"name": name, "namespace": parent["metadata"]["namespace"],
            "labels": {**(template_labels or {}), hash_label[0]: hash_label[1]},
            "ownerReferences": [cu.controller_ref(parent)]}
    if parent["metadata"].get("annotations"):
        meta["annotations"] = dict(parent["metadata"]["annotations"])
    return {"apiVersion": "apps/v1", "kind": "ControllerRevision", "metadata": meta, "data": data,
            "revision": revision}


def controlled(informers, parent: dict) -> list[dict]:
    """The revisions the parent controls, from the informers' owner index (controlledHistories
    without adoption: revisions here are only ever made by their controller)."""
    m = parent["metadata"]
    return informers.owned_by(m["uid"], f"{_PREFIX}{m['namespace']}/")


def create(controller, revision: dict) -> dict:
    return controller.client.create("controllerrevisions", revision, revision["metadata"]["namespace"])


def create_with_collisions(controller, parent: dict, revision: dict, collision_count: int,
                           rehash) -> tuple[dict, int]:
    """realHistory.CreateControllerRevision: on a name already taken by other data, count a
    collision and try the name ``rehash(collision_count)`` gives; taken by the same data, use it."""
    ns = parent["metadata"]["namespace"]
    rev = revision
    while True:
        try:
            return create(controller, rev), collision_count
        except errors.StatusError as e:
            if e.code != 409:
                raise
            existing = controller.api.try_get("controllerrevisions", rev["metadata"]["name"], ns)
            if existing is not None and existing.get("data") == rev.get("data"):
                return existing, collision_count
            collision_count += 1
            rev = objects.clone(revision)
            rev["metadata"]["name"] = name_for(parent["metadata"]["name"], rehash(collision_count))


def renumber(controller, revision: dict, number: int) -> dict:
    """UpdateControllerRevision: give an existing revision a new number (a rollback makes it newest)."""
    if revision.get("revision") == number:
        return revision
    new = objects.clone(revision)
    new["revision"] = number
    return controller.client.update("controllerrevisions", new)


def delete(controller, revision: dict) -> None:
    m = revision["metadata"]
    try:
        controller.client.delete("controllerrevisions", m["name"], m["namespace"])
    except errors.StatusError as e:
        if e.code != 404:
            raise


def template_hash(template: dict, collision_count: int | None) -> str:
    """controller.ComputeHash of a pod template (the DaemonSet's revision and pod label)."""
    return dutil.compute_hash(template, collision_count)


def data_hash(data: dict, collision_count: int | None) -> str:
    """HashControllerRevision: the hash of a revision's data (the StatefulSet's revision name)."""
    return dutil.compute_hash(data, collision_count)
