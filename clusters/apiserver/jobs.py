"""The Job's generated selector, as the API server's job strategy writes it.

pkg/registry/batch/job/strategy.go PrepareForCreate calls generateSelector
unless ``spec.manualSelector`` is true: the pod template is labelled
``batch.kubernetes.io/job-name`` and ``job-name`` with the Job's name and
``batch.kubernetes.io/controller-uid`` and ``controller-uid`` with its UID
(labels already there are kept), and the selector matches
``batch.kubernetes.io/controller-uid``. The Job's own labels default to its
template's (SetDefaults_Job, which upstream runs again whenever the stored
Job is decoded), so ``kubectl describe job`` shows all four.
"""
from __future__ import annotations

JOB_NAME = "batch.kubernetes.io/job-name"
CONTROLLER_UID = "batch.kubernetes.io/controller-uid"
LEGACY_JOB_NAME = "job-name"
LEGACY_CONTROLLER_UID = "controller-uid"


def prepare_for_create(server, obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    meta = obj["metadata"]
    if not spec.get("manualSelector"):
        template = spec.setdefault("template", {})
        tmeta = template.get("metadata")
        if not isinstance(tmeta, dict):
            tmeta = template["metadata"] = {}
        labels = tmeta.get("labels")
        labels = tmeta["labels"] = dict(labels) if isinstance(labels, dict) else {}
        for key in (LEGACY_JOB_NAME, JOB_NAME):
            labels.setdefault(key, meta["name"])
        for key in (LEGACY_CONTROLLER_UID, CONTROLLER_UID):
            labels.setdefault(key, meta["uid"])
        selector = spec.get("selector")
        selector = spec["selector"] = dict(selector) if isinstance(selector, dict) else {}
        match = selector.get("matchLabels")
        match = selector["matchLabels"] = dict(match) if isinstance(match, dict) else {}
        match.setdefault(CONTROLLER_UID, meta["uid"])
    template_labels = ((spec.get("template") or {}).get("metadata") or {}).get("labels")
    if template_labels and not meta.get("labels"):
        meta["labels"] = dict(template_labels)
