"""kubectl apply --server-side: the apply patch, its conflicts, and the move from client-side apply.

kubernetes/kubectl v0.32 pkg/cmd/apply/apply.go applyOneObject: the whole
manifest is sent as an apply patch under the field manager (``kubectl`` unless
``--field-manager``), ``--force-conflicts`` sets force, and a conflict comes
back with kubectl's advice appended. After a successful apply under the
default manager kubectl migrates what client-side apply owned
(saveLastApplyAnnotationIfNecessary, then migrateToSSAIfNecessary with
client-go's csaupgrade, then the apply once more), so a learner moving from
``kubectl apply`` to ``kubectl apply --server-side`` sees the same managers
as on a real cluster.
"""
from __future__ import annotations

from clusters.apiserver import errors as api_errors
from clusters.console.kubectl import base
from clusters.last_applied import LAST_APPLIED

# apply.go
SERVER_SIDE_MANAGER = "kubectl"
LAST_APPLIED_MANAGER = "kubectl-last-applied"
_ANNOTATION_PATH = ("f:metadata", "f:annotations", "f:" + LAST_APPLIED)
CONFLICT_ADVICE = """
Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the `--force-conflicts` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts"""


def apply_one(kc, client, r, name: str, ns: str | None, config: dict, *, manager: str, force: bool,
              dry_run: bool, subresource: str | None) -> dict:
    def send(cfg: dict, field_manager: str, force_: bool) -> dict:
        return client.apply(r, name, cfg, ns, field_manager=field_manager, force=force_, dry_run=dry_run,
                            subresource=subresource)

    try:
        obj = send(config, manager, force)
    except api_errors.StatusError as e:
        if e.code == 409:  # errors.IsConflict: the advice follows the server's message
            raise base.KubectlError(e.message + CONFLICT_ADVICE) from None
        raise
    if manager != SERVER_SIDE_MANAGER or dry_run:
        return obj
    obj = _save_last_applied(kc, obj, r, name, ns, send)
    migrated = _migrated_entries(obj)
    if migrated is not None:
        obj = client.patch(r, name, [{"op": "replace", "path": "/metadata/managedFields", "value": migrated},
                                     {"op": "replace", "path": "/metadata/resourceVersion",
                                      "value": obj["metadata"].get("resourceVersion")}],
                           ns, patch_type="json", field_manager=manager)
        # re-send the apply, so what client-side apply owned and the manifest dropped goes
        obj = send(config, manager, force)
    return obj


def warn_if_deleting(kc, obj: dict) -> None:
    """apply.go WarnIfDeleting (warningChangesOnDeletingResource)."""
    m = obj.get("metadata") or {}
    if m.get("deletionTimestamp"):
        kc.err(f"Warning: Detected changes to resource {m.get('name', '')} which is currently being deleted.\n")


def _owners(obj: dict, operation: str) -> list[dict]:
    """csaupgrade.FindFieldsOwners of the last-applied annotation."""
    out = []
    for e in (obj.get("metadata") or {}).get("managedFields") or []:
        if e.get("operation") != operation:
            continue
        node = e.get("fieldsV1") or {}
        for step in _ANNOTATION_PATH:
            node = node.get(step) if isinstance(node, dict) else None
        if node is not None:
            out.append(e)
    return out


def _save_last_applied(kc, obj: dict, r, name: str, ns: str | None, send) -> dict:
    """saveLastApplyAnnotationIfNecessary: an apply of just the annotation under its own manager,
    so later server-side applies that leave it out do not drop it."""
    value = ((obj.get("metadata") or {}).get("annotations") or {}).get(LAST_APPLIED)
    if value is None or _owners(obj, "Apply"):
        return obj
    meta = {"annotations": {LAST_APPLIED: value}, "name": name}
    if ns:
        meta["namespace"] = ns
    return send({"apiVersion": r.api_version, "kind": r.kind, "metadata": meta}, LAST_APPLIED_MANAGER, False)


def _migrated_entries(obj: dict) -> list[dict] | None:
    """csaupgrade.UpgradeManagedFieldsPatch: the client-side managers' Update entries folded into
    kubectl's Apply entry; None when there is nothing to move."""
    from clusters.apiserver import fieldpaths

    entries = [dict(e) for e in (obj.get("metadata") or {}).get("managedFields") or []]
    before = [dict(e) for e in entries]
    for csa in dict.fromkeys(e.get("manager") for e in _owners(obj, "Update")):
        target = next((i for i, e in enumerate(entries) if e.get("manager") == SERVER_SIDE_MANAGER
                       and e.get("operation") == "Apply" and not e.get("subresource")), None)
        if target is None:
            target = next((i for i, e in enumerate(entries) if e.get("manager") == csa
                           and e.get("operation") == "Update" and not e.get("subresource")), None)
            if target is None:
                continue
            entries[target] = {**entries[target], "operation": "Apply", "manager": SERVER_SIDE_MANAGER}
        ssa = entries[target]
        source = next((e for e in entries if e.get("manager") == csa and e.get("operation") == "Update"
                       and not e.get("subresource") and e.get("apiVersion") == ssa.get("apiVersion")), None)
        fields = fieldpaths.from_fields(ssa.get("fieldsV1") or {})
        if source is not None:
            fields = fieldpaths.union(fields, fieldpaths.from_fields(source.get("fieldsV1") or {}))
        entries[target] = {**ssa, "fieldsV1": fieldpaths.to_fields(fields)}
        entries = [e for e in entries if not (e.get("manager") == csa and e.get("operation") == "Update"
                                              and not e.get("subresource"))]
    return None if entries == before else entries
