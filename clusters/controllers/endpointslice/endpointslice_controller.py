"""The EndpointSlice controller: slices of at most 100 endpoints per Service.

Shaped like kubernetes/kubernetes:pkg/controller/endpointslice/endpointslice_controller.go
(1.32): Service, Pod and EndpointSlice events enqueue Service keys; ``sync``
lists the selected pods (terminating ones included, with their conditions)
and the slices this controller manages for the Service, asks the reconciler
for the smallest change, and applies it. Slices carry the
``endpoints.kubernetes.io/last-change-trigger-time`` annotation, the
``kubernetes.io/service-name`` and ``endpointslice.kubernetes.io/managed-by``
labels, and a controller ownerReference to the Service, so the garbage
collector removes them with it.
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import errors, resources
from clusters.controllers.base import Controller, key_of, split_key
from clusters.controllers.endpointslice import reconciler, util

# --max-endpoints-per-slice default (pkg/controller/endpointslice/config/v1alpha1/defaults.go).
MAX_ENDPOINTS_PER_SLICE = 100


class EndpointSliceController(Controller):
    name = "endpointslice-controller"

    def __init__(self, cluster):
        super().__init__(cluster)
        self.max_endpoints_per_slice = MAX_ENDPOINTS_PER_SLICE
        self.triggers = util.TriggerTimeTracker()
        self._slices = resources.by_plural("endpointslices")
        # endpointslice_tracker.go: this controller's own slice writes must not
        # trigger another sync. Watch events are delivered inside the write, so
        # "an event while we are writing" is exactly "our own write".
        self._writing = False

    def start(self) -> None:
        inf = self.cluster.informers
        inf.on("services", add=self._service_event, update=self._service_updated, delete=self._service_event)
        inf.on("pods", add=self._pod_added, update=self._pod_updated, delete=self._pod_added)
        inf.on("endpointslices", add=self._slice_added, update=self._slice_updated, delete=self._slice_deleted)
        for svc in self.api.list("services"):
            self._service_event(svc)

    # -- handlers -------------------------------------------------------------
    def _service_event(self, svc: dict) -> None:
        self.enqueue(key_of(svc))

    def _service_updated(self, old: dict, new: dict) -> None:
        self.enqueue(key_of(new))

    def _slice_added(self, s: dict) -> None:
        if not self._writing:
            self._slice_event(s)

    def _slice_event(self, s: dict) -> None:
        labels = s["metadata"].get("labels") or {}
        if labels.get(reconciler.LABEL_MANAGED_BY) != reconciler.CONTROLLER_NAME:
            return
        svc = labels.get(reconciler.LABEL_SERVICE_NAME)
        if svc:
            self.enqueue(f"{s['metadata']['namespace']}/{svc}")

    def _slice_updated(self, old: dict, new: dict) -> None:
        if not self._writing:
            self._slice_event(new)

    def _slice_deleted(self, s: dict) -> None:
        if not self._writing:
            self._slice_event(s)

    def _pod_added(self, pod: dict) -> None:
        for key in util.services_selecting(self.cluster, pod["metadata"]["namespace"], pod["metadata"].get("labels") or {}):
            self.enqueue(key)

    def _pod_updated(self, old: dict, new: dict) -> None:
        for key in util.services_to_update_on_pod_change(self.cluster, old, new):
            self.enqueue(key)

    # -- sync -------------------------------------------------------------------
    def managed_slices(self, namespace: str, service_name: str) -> list[dict]:
        out = []
        for kv in sorted(self.cluster.store.bucket(self._slices.directory(namespace)).values(), key=lambda kv: kv.key):
            labels = kv.value["metadata"].get("labels") or {}
            if labels.get(reconciler.LABEL_SERVICE_NAME) == service_name and \
                    labels.get(reconciler.LABEL_MANAGED_BY) == reconciler.CONTROLLER_NAME:
                out.append(kv.value)
        return out

    def sync(self, key: str):
        ns, name = split_key(key)
        service = self.api.try_get("services", name, ns)
        if service is None:
            # The garbage collector deletes the slices through their ownerReference.
            self.triggers.delete(key)
            return None
        spec = service.get("spec") or {}
        if spec.get("type") == "ExternalName" or spec.get("selector") is None:
            return None
        if service["metadata"].get("deletionTimestamp"):
            return None
        pods = self.api.list("pods", ns, objects.selector_from_map(spec["selector"]))
        trigger = self.triggers.compute(key, service, pods)
        existing = [s for s in self.managed_slices(ns, name) if not s["metadata"].get("deletionTimestamp")]
        nodes = {}
        for pod in pods:
            n = (pod.get("spec") or {}).get("nodeName")
            if n and n not in nodes:
                nodes[n] = self.api.try_get("nodes", n)
        plan = reconciler.reconcile(service, pods, existing, nodes, self.max_endpoints_per_slice)
        self._writing = True
        try:
            self._apply(plan, service, ns, name, trigger)
        finally:
            self._writing = False
        return None

    def _apply(self, plan, service: dict, ns: str, name: str, trigger) -> None:
        for s in plan.delete:
            try:
                self.client.delete("endpointslices", s["metadata"]["name"], ns)
            except errors.StatusError as e:
                if e.code != 404:
                    raise
        for s in plan.update:
            _annotate(s, trigger)
            _nil_empty(s)
            self.client.update("endpointslices", s)
        for s in plan.create:
            _annotate(s, trigger)
            _nil_empty(s)
            try:
                self.client.create("endpointslices", s, ns)
            except errors.StatusError as e:
                if e.code == 403:
                    return None  # namespace terminating
                self.recorder.event(service, "Warning", "FailedToUpdateEndpointSlices",
                                    f"Error updating Endpoint Slices for Service {ns}/{name}: {e.message}")
                raise
        return None


def _annotate(s: dict, trigger: float | None) -> None:
    """utils.go addTriggerTimeAnnotation."""
    ann = s["metadata"].setdefault("annotations", {})
    if trigger is not None:
        ann[util.LAST_CHANGE_TRIGGER_TIME] = util.format_trigger_time(trigger)
    else:
        ann.pop(util.LAST_CHANGE_TRIGGER_TIME, None)
        if not ann:  # an empty map is omitted (omitempty), so the stored slice has no annotations
            del s["metadata"]["annotations"]


def _nil_empty(s: dict) -> None:
    """Empty lists come back from etcd's protobuf as nil, which JSON prints as null
    (a placeholder slice reads ``endpoints: null`` and ``ports: null``)."""
    if not s.get("endpoints"):
        s["endpoints"] = None
    if not s.get("ports"):
        s["ports"] = None
