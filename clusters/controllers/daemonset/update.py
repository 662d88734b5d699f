"""A DaemonSet's revisions and rolling update, after kubernetes/kubernetes:pkg/controller/daemon/update.go.

- ``construct_history``: the DaemonSet's ControllerRevisions split into the
  one matching its template (made by ``snapshot`` if there is none, renumbered
  as the newest if an older one matches: a rollback) and the old ones.
  Duplicates of the current one are merged (dedupCurHistories). A name clash
  with other data bumps ``status.collisionCount`` and retries next sync.
- ``cleanup_history``: deletes the oldest old revisions beyond
  ``revisionHistoryLimit`` that no pod still carries.
- ``rolling_update``: with maxSurge 0, deletes old pods while fewer than
  maxUnavailable nodes are unavailable (an old pod that is not available goes
  at once), and the manage loop creates the new pod once the old one is gone;
  with maxSurge > 0, starts new pods next to old ones on up to maxSurge nodes
  and deletes each old pod once its replacement is available.

Upstream walks its node-to-pods map in Go's random order; nodes are taken
here in name order so a replay makes the same choices.
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import errors
from clusters.controllers import controller_utils as cu
from clusters.controllers import history
from clusters.controllers.daemonset import util
from clusters.controllers.deployment import util as dutil


def snapshot(controller, ds: dict, revision: int) -> dict:
    """snapshot: a revision for the current template, named ``<ds>-<hash>``."""
    h = history.template_hash(ds["spec"]["template"], (ds.get("status") or {}).get("collisionCount"))
    labels = (ds["spec"]["template"].get("metadata") or {}).get("labels") or {}
    rev = history.new_revision(ds, history.name_for(ds["metadata"]["name"], h), labels,
                               (history.REVISION_HASH_LABEL, h), history.template_patch(ds), revision)
    try:
        return history.create(controller, rev)
    except errors.StatusError as e:
        if e.reason != "AlreadyExists":
            raise
        ns = ds["metadata"]["namespace"]
        existing = controller.api.try_get("controllerrevisions", rev["metadata"]["name"], ns)
        if existing is not None and history.matches(ds, existing):
            return existing
        # A hash collision with another template: count it (on a fresh read, so a stale
        # count is not bumped twice) and retry with the new hash on the next sync.
        fresh = controller.api.try_get("daemonsets", ds["metadata"]["name"], ns)
        if fresh is not None and (fresh.get("status") or {}).get("collisionCount") == \
                (ds.get("status") or {}).get("collisionCount"):
            new = objects.clone(fresh)
            st = new.setdefault("status", {})
            st["collisionCount"] = (st.get("collisionCount") or 0) + 1
            controller.client.update_status("daemonsets", new)
        raise


def construct_history(controller, ds: dict, daemon_pods) -> tuple[dict, list[dict]]:
    """constructHistory: (current revision, old revisions)."""
    current, old = [], []
    for rev in history.controlled(controller.cluster.informers, ds):
        if history.REVISION_HASH_LABEL not in history.labels(rev):
            # a revision made elsewhere: label it by its name, which cannot collide
            new = objects.clone(rev)
            new["metadata"].setdefault("labels", {})[history.REVISION_HASH_LABEL] = rev["metadata"]["name"]
            rev = controller.client.update("controllerrevisions", new)
        (current if history.matches(ds, rev) else old).append(rev)
    number = history.max_revision(old) + 1
    if not current:
        return snapshot(controller, ds, number), old
    cur = _dedup(controller, ds, current, daemon_pods)
    if cur.get("revision", 0) < number:
        history.renumber(controller, cur, number)
    return cur, old


def _dedup(controller, ds: dict, current: list[dict], daemon_pods) -> dict:
    """dedupCurHistories: keep the highest-numbered match, relabel pods onto it, delete the rest."""
    if len(current) == 1:
        return current[0]
    keep = current[0]
    for rev in current:
        if rev.get("revision", 0) >= keep.get("revision", 0):
            keep = rev
    h = history.labels(keep).get(history.REVISION_HASH_LABEL)
    for pod in daemon_pods():
        if objects.labels_of(pod).get(history.REVISION_HASH_LABEL) != h:
            try:
                controller.client.patch("pods", pod["metadata"]["name"], {"metadata": {"labels": {
                    history.REVISION_HASH_LABEL: h}}}, pod["metadata"]["namespace"], patch_type="merge")
            except errors.StatusError as e:
                if e.code != 404:
                    raise
    for rev in current:
        if rev is not keep:
            history.delete(controller, rev)
    return keep


def cleanup_history(controller, ds: dict, old: list[dict], daemon_pods) -> None:
    """cleanupHistory: beyond revisionHistoryLimit, delete the oldest revisions no pod carries
    (``daemon_pods()`` lists the pods, only when there is something to clean)."""
    to_kill = len(old) - ds["spec"].get("revisionHistoryLimit", 10)
    if to_kill <= 0:
        return
    live = {h for h in (objects.labels_of(p).get(history.REVISION_HASH_LABEL) for p in daemon_pods()) if h}
    for rev in sorted(old, key=lambda r: r.get("revision", 0)):
        if to_kill <= 0:
            break
        if history.labels(rev).get(history.REVISION_HASH_LABEL) in live:
            continue
        history.delete(controller, rev)
        to_kill -= 1


def surge_and_unavailable(ds: dict, desired: int) -> tuple[int, int]:
    """updatedDesiredNodeCounts: (maxSurge, maxUnavailable) scaled to the desired node count,
    with unavailable 1 when both come out 0."""
    ru = (ds["spec"].get("updateStrategy") or {}).get("rollingUpdate") or {}
    surge = dutil.scaled_value(ru.get("maxSurge", 0), desired, True) or 0
    unavailable = dutil.scaled_value(ru.get("maxUnavailable", 1), desired, True) or 0
    if desired > 0 and surge == 0 and unavailable == 0:
        unavailable = 1
    return surge, unavailable


def _updated_and_old(pods: list[dict], h: str, generation: str | None):
    """findUpdatedPodsOnNode: (new, old, ok); not ok when a node has two of either."""
    new = old = None
    for pod in pods:
        if pod["metadata"].get("deletionTimestamp"):
            continue
        if util.is_pod_updated(pod, h, generation):
            if new is not None:
                return None, None, False
            new = pod
        else:
            if old is not None:
                return None, None, False
            old = pod
    return new, old, True


def rolling_update(ds: dict, node_pods: dict[str, list[dict]], should_run: set[str], h: str,
                   now: float) -> tuple[list[dict], list[str]]:
    """rollingUpdate: (old pods to delete, nodes to start a new pod on).

    ``node_pods`` maps every node the DaemonSet has pods on or should run on
    to its pods (terminal pods being deleted left out).
    """
    desired = len(should_run)
    max_surge, max_unavailable = surge_and_unavailable(ds, desired)
    mrs = ds["spec"].get("minReadySeconds") or 0
    generation = util.template_generation(ds)

    def available(p):
        return cu.is_pod_available(p, mrs, now)

    if max_surge == 0:
        unavailable = 0
        replacements: list[dict] = []
        candidates: list[dict] = []
        for node in sorted(node_pods):
            new, old, ok = _updated_and_old(node_pods[node], h, generation)
            if not ok or (old is None) == (new is None):
                unavailable += 1  # the manage loop creates or deletes here
            elif new is not None:
                if not available(new):
                    unavailable += 1
            elif not available(old):
                replacements.append(old)  # out of date and not available: replace it now
                unavailable += 1
            elif unavailable < max_unavailable:
                candidates.append(old)
        room = max(0, min(max_unavailable - unavailable, len(candidates)))
        return replacements + candidates[:room], []

    to_delete: list[dict] = []
    should_not_run: list[dict] = []
    new_candidates: list[str] = []
    new_allowed: list[str] = []
    surging = available_count = 0
    for node in sorted(node_pods):
        new, old, ok = _updated_and_old(node_pods[node], h, generation)
        if not ok:
            surging += 1
            continue
        counted = old if old is not None else new  # availability counts every node, even one it leaves
        if counted is not None and available(counted):
            available_count += 1
        if old is None:
            continue
        if new is None:
            if not available(old):
                if node not in should_run:
                    to_delete.append(old)
                    continue
                new_allowed.append(node)
            elif node not in should_run:
                should_not_run.append(old)
            elif surging < max_surge:
                new_candidates.append(node)
        elif not available(new):
            surging += 1
        else:
            to_delete.append(old)
    # keep every node covered: a pod on a node it should leave goes once the others are available
    deletable = min(available_count - desired, len(should_not_run))
    if deletable > 0:
        to_delete.extend(should_not_run[:deletable])
    room = max(0, min(max_surge - surging, len(new_candidates)))
    return to_delete, new_allowed + new_candidates[:room]
