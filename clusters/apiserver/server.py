"""The simulated kube-apiserver: the only way anything changes a cluster.

Every write goes through the same path as upstream's generic registry
(k8s.io/apiserver/pkg/registry/generic/registry/store.go): decode, default,
admit, validate, then a compare-and-swap on the store. Callers reach it
through a ``Client`` that names the component making the write, so the trace
can say who did what and why.

Objects handed out by ``get``/``list`` are the stored dicts themselves, for
speed: callers must treat them as read-only and write through ``update`` or
``patch`` with a copy (``objects.clone``).
"""
from __future__ import annotations

import json
from typing import Any, Callable, Iterable

from clusters import objects, timeutil
from clusters.apiserver import (admission, allocation, apparmor, authorization, defaults, errors, eviction,
                                fieldmanager, rbac_escalation, resources, validation)
from clusters.apiserver.resources import Resource

# Upstream strategies for which a write to the main resource ignores status
# and a write to /status ignores everything else.
_STATUS_SUBRESOURCE = {r.kind for r in resources.RESOURCES if "status" in r.subresources}
# Writes that go through the object's own strategy: the object, and its scale subresource
# (ScaleREST.Update sets spec.replicas and updates the object, bumping its generation).
_SPEC_WRITES = (None, "scale")
# Kinds whose metadata.generation tracks spec changes (rest strategies that
# implement it: workloads, HPAs, Jobs, services do not).
_GENERATION = {"Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob", "HorizontalPodAutoscaler",
               "ReplicationController", "NetworkPolicy", "Ingress", "PodDisruptionBudget"}


# Writers whose objects come from a person, whose size is worth checking.
USER_ACTORS = frozenset({"kubectl"})

_BY_PLURAL = resources.PREFERRED_BY_PLURAL


class Quotas:
    """Per-cluster bounds so a learner's cluster can never exhaust the host."""

    def __init__(self, max_objects: int = 200_000, max_object_bytes: int = 1_572_864, max_pods: int = 150_000):
        self.max_objects = max_objects
        # etcd's default --max-request-bytes is 1.5 MiB; etcd refuses larger requests
        # and the API server reports "etcdserver: request is too large".
        self.max_object_bytes = max_object_bytes
        self.max_pods = max_pods


class APIServer:
    # The request validating admission is deciding (admission.Request), and where its
    # warnings go: the client kubectl runs with sets a handler for as long as it runs.
    # Both are None between requests, so a snapshot never holds them.
    request: admission.Request | None = None
    warning_handler: Callable[[str], None] | None = None

    def __init__(self, cluster):
        self.cluster = cluster
        self.clock = cluster.clock
        self.rand = cluster.rand
        self.store = cluster.store
        self.trace = cluster.trace
        self.quotas = Quotas(max_pods=cluster.spec.pod_bound())
        self.allocators: dict[str, Any] = {}
        # admission plugins in upstream's order (pkg/kubeapiserver/options/plugins.go)
        self.admission = admission.default_chain()
        # APIServices that a lab has broken: group/version -> message
        self.unavailable: dict[str, str] = {}
        self._objects = 0

    # -- time ---------------------------------------------------------------
    def timestamp(self, offset: float = 0.0) -> str:
        return timeutil.rfc3339(self.cluster.epoch + self.clock.now + offset)

    # -- lookups --------------------------------------------------------------
    def resource(self, name: str, group: str | None = None) -> Resource:
        if group is None:
            r = _BY_PLURAL.get(name)  # the components' hot path: a plural, no group
            if r is not None:
                return r
        r = resources.by_plural(name, group)
        if r is None:
            r = resources.lookup(name)
        if r is None:
            raise errors.StatusError(404, "NotFound", f'the server could not find the requested resource ({name})')
        return r

    def _check_available(self, r: Resource) -> None:
        if r.aggregated or r.group_version in self.unavailable:
            msg = self.unavailable.get(r.group_version)
            if msg is not None:
                raise errors.service_unavailable(msg)

    def _ns_required(self, r: Resource, namespace: str | None) -> str | None:
        if r.namespaced:
            if not namespace:
                raise errors.bad_request("the namespace of the provided object does not match the namespace sent on the request")
            return namespace
        return None

    # -- reads ----------------------------------------------------------------
    def get(self, resource: str | Resource, name: str, namespace: str | None = None) -> dict:
        r = resource if isinstance(resource, Resource) else self.resource(resource)
        self._check_available(r)
        kv = self.store.get(r.key(namespace if r.namespaced else None, name))
        if kv is None:
            raise errors.not_found(r.qualified, name, r.group, r.plural)
        return kv.value

    def try_get(self, resource: str | Resource, name: str, namespace: str | None = None) -> dict | None:
        r = resource if isinstance(resource, Resource) else self.resource(resource)
        kv = self.store.get(r.key(namespace if r.namespaced else None, name))
        return kv.value if kv else None

    def list(self, resource: str | Resource, namespace: str | None = None,
             selector: objects.Selector | None = None,
             field_filter: Callable[[dict], bool] | None = None) -> list[dict]:
        """Objects sorted by namespace then name, like the etcd3 store's range."""
        r = resource if isinstance(resource, Resource) else self.resource(resource)
        self._check_available(r)
        if r.namespaced and namespace:
            kvs = sorted(self.store.bucket(r.directory(namespace)).values(), key=lambda kv: kv.key)
        else:
            kvs = self.store.range(r.directory())
        out = [kv.value for kv in kvs]
        if selector is not None and not selector.empty():
            out = [o for o in out if selector.matches(objects.labels_of(o))]
        if field_filter is not None:
            out = [o for o in out if field_filter(o)]
        return out

    # -- writes ---------------------------------------------------------------
    def create(self, resource: str | Resource, obj: dict, namespace: str | None = None, *,
               actor: str = "kubectl", cause: Any = None, dry_run: bool = False, owned: bool = False,
               user: authorization.User | None = None, field_manager: str | None = None,
               managed: list | None = None) -> dict:
        """``owned``: the caller built ``obj`` for this call and never touches it again,
        so it is stored as it is instead of copied (the event recorder's hot path).
        ``user``: who asks, when it is not the cluster's own loopback (RBAC escalation checks).
        ``field_manager``: the request's fieldManager; ``managed``: the managedFields entries
        a server-side apply already worked out."""
        r = resource if isinstance(resource, Resource) else self.resource(resource)
        self._check_available(r)
        if not owned:
            obj = objects.clone(obj)
        _decode(r, obj, actor in USER_ACTORS)
        m = obj.setdefault("metadata", {})
        obj["apiVersion"] = obj.get("apiVersion") or r.api_version
        obj["kind"] = obj.get("kind") or r.kind
        if r.namespaced:
            ns = m.get("namespace") or namespace or "default"
            if namespace and m.get("namespace") and m["namespace"] != namespace:
                raise errors.bad_request("the namespace of the provided object does not match the namespace sent on the request")
            m["namespace"] = ns
        else:
            m.pop("namespace", None)
            ns = None
        if not m.get("name"):
            gen = m.get("generateName")
            if gen:
                # names.SimpleNameGenerator: base truncated to 58 chars + 5 random.
                m["name"] = gen[:58] + self.rand.string(5)
            else:
                raise errors.invalid(r.kind, r.group, "", [errors.required("metadata.name", "name or generateName is required")])
        name = m["name"]
        with _shape_errors(r):
            defaults.apply(r.kind, obj)
            # create.go: the field manager sees the decoded, defaulted request, before admission
            if managed is None and (field_manager is not None or actor in USER_ACTORS):
                managed = fieldmanager.update(
                    fieldmanager.request_entries(obj, None, None), None, obj, kind=r.kind,
                    api_version=r.api_version, manager=field_manager or fieldmanager.manager_of(actor),
                    subresource=None, has_status=r.kind in _STATUS_SUBRESOURCE, now=self.timestamp())
            m.pop("managedFields", None)
            if managed:
                m["managedFields"] = fieldmanager.encode(managed)
            for plugin in self.admission:
                plugin.admit(self, r, "CREATE", obj, None)
            rbac_escalation.check(self, user, r, obj, None)
            # The pod strategy's PrepareForCreate syncs AppArmor annotations before Validate.
            warnings = apparmor.sync_annotations(obj) if r.kind == "Pod" else ()
            errs = validation.validate(r.kind, obj, None)
            mismatched = apparmor.mismatches(obj) if r.kind == "Pod" else ()
            if mismatched:  # ValidatePodCreate's last check, after ValidatePodSpec's
                errs = list(errs or ()) + mismatched
        if warnings and actor in USER_ACTORS and self.warning_handler is not None:
            for text in warnings:
                self.warning_handler(text)
        if errs:
            raise errors.invalid(r.kind, r.group, name, errs)
        self._validate_admission(r, "CREATE", obj, None, actor)
        key = r.key(ns, name)
        if self.store.get(key) is not None:
            raise errors.already_exists(r.qualified, name, r.group, r.plural)
        if self._objects >= self.quotas.max_objects:
            raise errors.too_many(f"this cluster holds its maximum of {self.quotas.max_objects} objects")
        if r.kind == "Pod" and self.store.count(r.directory()) >= self.quotas.max_pods:
            raise errors.too_many(f"this cluster holds its maximum of {self.quotas.max_pods} pods")
        if actor in USER_ACTORS:
            self._check_size(obj)
        m["uid"] = self.rand.uid()
        m["creationTimestamp"] = self.timestamp()
        if r.kind in _GENERATION:
            m["generation"] = 1
        m.pop("resourceVersion", None)
        m.pop("deletionTimestamp", None)
        self._prepare_create(r, obj)
        if dry_run:
            undo = allocation.UNDO_CREATE.get(r.kind)  # a dry run's allocations are never committed
            if undo is not None:
                undo(self, obj)
            return obj
        kv = self.store.put(key, obj)
        m["resourceVersion"] = str(kv.mod_revision)
        self._objects += 1
        self.trace.record(kv.mod_revision, self.clock.now, actor, "create", r, ns, name, cause)
        return obj

    def _validate_admission(self, r: Resource, op: str, obj: dict | None, old: dict | None, actor: str,
                            subresource: str | None = None) -> None:
        """The validating admission plugins, with what some ask of the request beyond its
        objects (admission.Attributes: the subresource, the requester) at hand in ``request``."""
        self.request = admission.Request(actor, subresource)
        try:
            for plugin in self.admission:
                plugin.validate(self, r, op, obj, old)
        finally:
            self.request = None

    def wants_warnings(self) -> bool:
        """Whether the request being admitted comes from a client that prints warnings: kubectl
        does (its WarningWriter); the components only log them, which nothing here shows."""
        return self.warning_handler is not None and self.request is not None and self.request.actor in USER_ACTORS

    def warn(self, text: str) -> None:
        """warning.AddWarning (k8s.io/apiserver/pkg/warning): a ``Warning: 299 - "text"``
        header on the response, which reaches the requester with it (allowed or refused)."""
        if self.wants_warnings():
            self.warning_handler(text)

    def _check_size(self, obj: dict) -> None:
        if len(json.dumps(obj, separators=(",", ":"))) > self.quotas.max_object_bytes:
            raise errors.internal("etcdserver: request is too large")

    def _prepare_create(self, r: Resource, obj: dict) -> None:
        if r.kind in _STATUS_SUBRESOURCE and r.kind not in ("Pod", "Node", "Namespace", "Service", "PersistentVolume", "PersistentVolumeClaim", "APIService"):
            obj["status"] = {}
        hook = defaults.PREPARE_CREATE.get(r.kind)
        if hook:
            hook(self, obj)

    def update(self, resource: str | Resource, obj: dict, *, subresource: str | None = None,
               actor: str = "kubectl", cause: Any = None, dry_run: bool = False, owned: bool = False,
               user: authorization.User | None = None, field_manager: str | None = None,
               managed: list | None = None) -> dict:
        """``owned``, ``user``, ``field_manager`` and ``managed`` as for create: the caller built ``obj``
        (or its status) for this call alone."""
        r = resource if isinstance(resource, Resource) else self.resource(resource)
        self._check_available(r)
        m = obj.get("metadata") or {}
        name = m.get("name", "")
        ns = (m.get("namespace") or "default") if r.namespaced else None
        key = r.key(ns, name)
        kv = self.store.get(key)
        if kv is None:
            raise errors.not_found(r.qualified, name, r.group, r.plural)
        old = kv.value
        rv = m.get("resourceVersion")
        if rv and rv != old["metadata"].get("resourceVersion"):
            raise errors.conflict(r.qualified, name, errors.OBJECT_MODIFIED)
        om = old["metadata"]
        if subresource == "status":
            # A status write changes the status and nothing else. The rest is
            # shared with the stored version (stored objects are never mutated),
            # so a kubelet's status update copies the status, not the pod.
            new = dict(old)
            new["metadata"] = nm = dict(om)
            status = obj.get("status", {})
            new["status"] = status if owned else objects.clone(status)
        elif subresource == "ephemeralcontainers":
            # EphemeralContainersStrategy.PrepareForUpdate: only spec.ephemeralContainers comes from the request.
            new = dict(old)
            new["metadata"] = nm = dict(om)
            new["spec"] = spec = dict(old.get("spec") or {})
            ecs = objects.clone((obj.get("spec") or {}).get("ephemeralContainers") or [])
            if ecs:
                spec["ephemeralContainers"] = ecs
            else:
                spec.pop("ephemeralContainers", None)
        else:
            new = obj if owned else objects.clone(obj)
            _decode(r, new, actor in USER_ACTORS)
            new["apiVersion"] = r.api_version
            new["kind"] = r.kind
            nm = new.setdefault("metadata", {})
            # Immutable metadata is carried over, as ObjectMetaUpdateValidation requires.
            for f in ("uid", "creationTimestamp", "namespace", "deletionTimestamp", "deletionGracePeriodSeconds"):
                if f in om:
                    nm[f] = om[f]
                else:
                    nm.pop(f, None)
            if r.namespaced:
                nm["namespace"] = ns
            if r.kind in _STATUS_SUBRESOURCE and r.kind != "Namespace":
                if "status" in old:
                    new["status"] = objects.clone(old["status"])
                else:
                    new.pop("status", None)
        with _shape_errors(r):
            defaults.apply(r.kind, new)
            self._track_update(r, old, new, subresource, actor, field_manager, managed)
            if r.kind in _GENERATION:
                gen = om.get("generation", 1)
                if subresource in _SPEC_WRITES and new.get("spec") != old.get("spec"):
                    gen += 1
                nm["generation"] = gen
            # The registry's BeginUpdate (allocators) runs before the strategy's PrepareForUpdate.
            begin = allocation.BEGIN_UPDATE.get(r.kind) if subresource in _SPEC_WRITES else None
            commit = begin(self, new, old) if begin is not None else None
            prepare = defaults.PREPARE_UPDATE.get(r.kind) if subresource in _SPEC_WRITES else None
            if prepare is not None:
                prepare(new, old)
            if actor in USER_ACTORS:
                self._check_size(new)
            for plugin in self.admission:
                plugin.admit(self, r, "UPDATE", new, old)
            if subresource is None:
                rbac_escalation.check(self, user, r, new, old)
            # A status write keeps the stored spec and metadata, so only the
            # metadata rules run (ValidatePodStatusUpdate and its kin validate
            # object meta and status, never the spec).
            if subresource == "ephemeralcontainers":
                errs = validation.ephemeral_containers_update(new, old)
            else:
                errs = validation.validate(r.kind, new, old, status_only=subresource == "status")
        if errs:
            raise errors.invalid(r.kind, r.group, name, errs)
        self._validate_admission(r, "UPDATE", new, old, actor, subresource)
        if dry_run:
            return new
        if commit is not None:
            commit()
        # Deleting objects whose last finalizer just went away.
        if om.get("deletionTimestamp") and not nm.get("finalizers") and not (r.kind == "Namespace" and (new.get("spec") or {}).get("finalizers")):
            if r.kind != "Pod" or (new.get("metadata", {}).get("deletionGracePeriodSeconds") in (0, None)):
                self._remove(r, key, ns, name, actor, cause, kv)
                return new
        # etcd3 store GuaranteedUpdate: an update that changes nothing is not
        # written, and the resourceVersion stays (k8s.io/apiserver/pkg/storage/etcd3/store.go).
        nm["resourceVersion"] = om.get("resourceVersion")
        if new == old:
            return old
        nm.pop("resourceVersion", None)
        new_kv = self.store.put(key, new)
        nm["resourceVersion"] = str(new_kv.mod_revision)
        self.trace.record(new_kv.mod_revision, self.clock.now, actor, "update" if subresource is None else f"update/{subresource}", r, ns, name, cause)
        return new

    def _track_update(self, r: Resource, old: dict, new: dict, subresource: str | None, actor: str,
                      field_manager: str | None, managed: list | None) -> None:
        """update.go's fieldManager.UpdateNoErrors, on the defaulted object before admission: for
        kubectl's writes, and every write to an object that already tracks its managers."""
        nm = new["metadata"]
        if managed is None:
            if not (field_manager is not None or actor in USER_ACTORS or old["metadata"].get("managedFields")):
                return
            encoded = fieldmanager.track_update(
                old, new, kind=r.kind, api_version=r.api_version,
                manager=field_manager or fieldmanager.manager_of(actor), subresource=subresource,
                has_status=r.kind in _STATUS_SUBRESOURCE, now=self.timestamp())
        else:
            encoded = fieldmanager.encode(managed)
        if encoded:
            nm["managedFields"] = encoded
        else:
            nm.pop("managedFields", None)

    def apply(self, resource: str | Resource, name: str, config: dict, namespace: str | None = None, *,
              field_manager: str, force: bool = False, subresource: str | None = None,
              actor: str = "kubectl", cause: Any = None, dry_run: bool = False,
              user: authorization.User | None = None) -> dict:
        """PATCH with application/apply-patch+yaml (patch.go applyPatcher): a create when nothing
        is there, else the merge fieldmanager.apply works out, conflicts refused as 409."""
        r = resource if isinstance(resource, Resource) else self.resource(resource)
        self._check_available(r)
        has_status = r.kind in _STATUS_SUBRESOURCE
        current = self.try_get(r, name, namespace)
        try:
            if current is None:
                merged, managed, _ = fieldmanager.apply({}, config, kind=r.kind, manager=field_manager, force=force,
                                                        now=self.timestamp(), has_status=has_status,
                                                        subresource=subresource)
                return self.create(r, merged, namespace, actor=actor, cause=cause, dry_run=dry_run, user=user,
                                   managed=managed)
            merged, managed, _ = fieldmanager.apply(current, config, kind=r.kind, manager=field_manager, force=force,
                                                    now=self.timestamp(), has_status=has_status,
                                                    subresource=subresource)
        except fieldmanager.Conflicts as c:
            raise c.status() from None
        annotation = fieldmanager.last_applied_after(current, config, field_manager)
        if annotation is not None:
            merged.setdefault("metadata", {}).setdefault("annotations", {})[fieldmanager.LAST_APPLIED] = annotation
        merged.setdefault("metadata", {})["resourceVersion"] = current["metadata"].get("resourceVersion")
        return self.update(r, merged, subresource=subresource, actor=actor, cause=cause, dry_run=dry_run, user=user,
                           owned=True, managed=managed)

    def update_status(self, resource: str | Resource, obj: dict, **kw) -> dict:
        return self.update(resource, obj, subresource="status", **kw)

    def delete(self, resource: str | Resource, name: str, namespace: str | None = None, *,
               grace_period: int | None = None, propagation: str | None = None,
               uid: str | None = None, resource_version: str | None = None,
               actor: str = "kubectl", cause: Any = None, dry_run: bool = False) -> dict:
        """Returns the object as it is after the call (gone, or marked for deletion)."""
        r = resource if isinstance(resource, Resource) else self.resource(resource)
        self._check_available(r)
        ns = (namespace or "default") if r.namespaced else None
        key = r.key(ns, name)
        kv = self.store.get(key)
        if kv is None:
            raise errors.not_found(r.qualified, name, r.group, r.plural)
        old = kv.value
        om = old["metadata"]
        if uid is not None and om.get("uid") != uid:
            raise errors.conflict(r.qualified, name, f"Precondition failed: UID in precondition: {uid}, UID in object meta: {om.get('uid')}")
        if resource_version is not None and om.get("resourceVersion") != resource_version:
            raise errors.conflict(r.qualified, name, errors.OBJECT_MODIFIED)
        for plugin in self.admission:
            plugin.validate(self, r, "DELETE", None, old)
        if propagation is None:
            propagation = defaults.DEFAULT_PROPAGATION.get(r.kind, "Background")
        finalizers = list(om.get("finalizers") or [])
        if propagation == "Foreground" and "foregroundDeletion" not in finalizers:
            finalizers.append("foregroundDeletion")
        elif propagation == "Orphan" and "orphan" not in finalizers:
            finalizers.append("orphan")

        grace = 0
        if r.kind == "Pod":
            grace = _pod_grace(old, grace_period)
        if r.kind == "Namespace":
            return self._delete_namespace(r, key, old, actor, cause, dry_run)

        if not finalizers and grace == 0:
            if dry_run:
                return old
            self._remove(r, key, ns, name, actor, cause, kv)
            return old
        if dry_run:
            return old
        new = objects.clone(old)
        nm = new["metadata"]
        if om.get("deletionTimestamp"):
            # Already terminating: a shorter grace period may still shorten it
            # (pod strategy CheckGracefulDelete); otherwise only finalizers change.
            cur = om.get("deletionGracePeriodSeconds")
            if r.kind == "Pod" and cur is not None and grace < cur:
                nm["deletionGracePeriodSeconds"] = grace
                nm["deletionTimestamp"] = self.timestamp(grace)
            elif finalizers == list(om.get("finalizers") or []):
                return old
        else:
            nm["deletionTimestamp"] = self.timestamp(grace)
            nm["deletionGracePeriodSeconds"] = grace
        if finalizers:
            nm["finalizers"] = finalizers
        if r.kind in _GENERATION:
            nm["generation"] = om.get("generation", 1) + 1
        nm.pop("resourceVersion", None)
        new_kv = self.store.put(key, new)
        nm["resourceVersion"] = str(new_kv.mod_revision)
        self.trace.record(new_kv.mod_revision, self.clock.now, actor, "delete", r, ns, name, cause)
        return new

    def _delete_namespace(self, r: Resource, key: str, old: dict, actor: str, cause: Any, dry_run: bool) -> dict:
        # pkg/registry/core/namespace/storage/storage.go: a namespace with the
        # "kubernetes" finalizer goes to Terminating; the namespace controller
        # empties it and removes the finalizer through /finalize.
        if dry_run:
            return old
        new = objects.clone(old)
        nm = new["metadata"]
        if not nm.get("deletionTimestamp"):
            nm["deletionTimestamp"] = self.timestamp()
            nm["deletionGracePeriodSeconds"] = 0
        new.setdefault("status", {})["phase"] = "Terminating"
        if not (new.get("spec") or {}).get("finalizers") and not nm.get("finalizers"):
            kv = self.store.get(key)
            self._remove(r, key, None, nm["name"], actor, cause, kv)
            return new
        nm.pop("resourceVersion", None)
        kv = self.store.put(key, new)
        nm["resourceVersion"] = str(kv.mod_revision)
        self.trace.record(kv.mod_revision, self.clock.now, actor, "delete", r, None, nm["name"], cause)
        return new

    def finalize_namespace(self, name: str, finalizers: list[str], *, actor: str, cause: Any = None) -> dict:
        r = resources.by_plural("namespaces")
        key = r.key(None, name)
        kv = self.store.get(key)
        if kv is None:
            raise errors.not_found(r.qualified, name, r.group, r.plural)
        new = objects.clone(kv.value)
        new.setdefault("spec", {})["finalizers"] = list(finalizers)
        if not finalizers:
            new["spec"].pop("finalizers")
        if new["metadata"].get("deletionTimestamp") and not finalizers and not new["metadata"].get("finalizers"):
            self._remove(r, key, None, name, actor, cause, kv)
            return new
        new["metadata"].pop("resourceVersion", None)
        kv2 = self.store.put(key, new)
        new["metadata"]["resourceVersion"] = str(kv2.mod_revision)
        self.trace.record(kv2.mod_revision, self.clock.now, actor, "update/finalize", r, None, name, cause)
        return new

    def _remove(self, r: Resource, key: str, ns: str | None, name: str, actor: str, cause: Any, kv) -> None:
        self.store.delete(key)
        self._objects -= 1
        self.trace.record(self.store.revision, self.clock.now, actor, "delete", r, ns, name, cause)
        hook = defaults.AFTER_DELETE.get(r.kind)
        if hook:
            hook(self, kv.value)

    def patch(self, resource: str | Resource, name: str, patch: Any, namespace: str | None = None, *,
              patch_type: str = "strategic", subresource: str | None = None,
              actor: str = "kubectl", cause: Any = None, dry_run: bool = False,
              user: authorization.User | None = None, field_manager: str | None = None) -> dict:
        from clusters.apiserver import patching

        r = resource if isinstance(resource, Resource) else self.resource(resource)
        current = self.get(r, name, namespace)
        if subresource == "scale":
            patch, patch_type = _scale_patch(r, patch, patch_type)
        try:
            new = patching.apply_patch(r.kind, current, patch, patch_type)
        except patching.PatchError as e:
            raise errors.StatusError(422 if patch_type == "json" else 400, "Invalid" if patch_type == "json" else "BadRequest", str(e))
        new.setdefault("metadata", {})["resourceVersion"] = current["metadata"].get("resourceVersion")
        return self.update(r, new, subresource=subresource, actor=actor, cause=cause, dry_run=dry_run, user=user,
                           field_manager=field_manager)

    def bind(self, pod: dict, node_name: str, *, actor: str = "default-scheduler", cause: Any = None) -> dict:
        """POST pods/binding: sets spec.nodeName and the PodScheduled condition."""
        m = pod["metadata"]
        current = self.get("pods", m["name"], m["namespace"])
        if current["spec"].get("nodeName"):
            raise errors.conflict("pods", m["name"], f"pod {m['name']} is already assigned to node \"{current['spec']['nodeName']}\"")
        if current["metadata"].get("deletionTimestamp"):
            raise errors.conflict("pods", m["name"], "pod is being deleted, cannot be assigned to a host")
        # Stored objects are never mutated: copy only the parts that change.
        new = dict(current)
        new["metadata"] = dict(current["metadata"])
        new["spec"] = dict(current["spec"])
        new["spec"]["nodeName"] = node_name
        status = new["status"] = dict(current.get("status") or {})
        conds = [c for c in status.get("conditions") or [] if c.get("type") != "PodScheduled"]
        conds.append({"type": "PodScheduled", "status": "True", "lastProbeTime": None, "lastTransitionTime": self.timestamp()})
        status["conditions"] = conds
        key = resources.by_plural("pods").key(m["namespace"], m["name"])
        new["metadata"].pop("resourceVersion", None)
        kv = self.store.put(key, new)
        new["metadata"]["resourceVersion"] = str(kv.mod_revision)
        self.trace.record(kv.mod_revision, self.clock.now, actor, "create/binding", resources.by_plural("pods"), m["namespace"], m["name"], cause, f"bound to {node_name}")
        return new

    def evict(self, name: str, namespace: str, *, grace_period: int | None = None, dry_run: bool = False,
              actor: str = "kubectl", cause: Any = None) -> dict:
        """POST pods/eviction: a delete the pod's PodDisruptionBudget may refuse (eviction.py)."""
        return eviction.evict(self, name, namespace, grace_period=grace_period, dry_run=dry_run, actor=actor, cause=cause)

    def client(self, component: str) -> "Client":
        return Client(self, component)


_JSON_TYPES = {str: "string", int: "number", float: "number", bool: "bool", list: "array", dict: "object"}


def _drop_nulls(value: Any) -> None:
    # encoding/json: a null for a struct, map or slice field leaves its zero value.
    if isinstance(value, dict):
        for k in [k for k, v in value.items() if v is None and k != "creationTimestamp"]:
            del value[k]
        for v in value.values():
            _drop_nulls(v)
    elif isinstance(value, list):
        for v in value:
            _drop_nulls(v)


def _decode(r: Resource, obj: dict, from_user: bool) -> None:
    """What decoding into the typed object does to a request body, in its words.

    k8s.io/apimachinery runtime decoding: "<Kind> in version "<v>" cannot be
    handled as a <Kind>: json: cannot unmarshal <type> into Go struct field ...".
    """
    if from_user:
        _drop_nulls(obj)
    for section, go_type in (("metadata", "v1.ObjectMeta"), ("spec", f"{r.version}.{r.kind}Spec"),
                             ("status", f"{r.version}.{r.kind}Status")):
        v = obj.get(section)
        if v is not None and not isinstance(v, dict):
            raise errors.bad_request(
                f'{r.kind} in version "{r.version}" cannot be handled as a {r.kind}: json: cannot unmarshal '
                f'{_JSON_TYPES.get(type(v), "value")} into Go struct field {r.kind}.{section} of type {go_type}')
    convert = defaults.DECODE.get(r.kind)
    if convert is not None:
        convert(r, obj)


class _shape_errors:
    """A body whose nested fields have the wrong types is refused as decoding would refuse it.

    Defaulting and validation assume the typed shape that decoding guarantees
    upstream; a wrong type deeper than ``_decode`` checks surfaces here.
    """

    def __init__(self, r: Resource):
        self.r = r

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type in (AttributeError, TypeError, KeyError, ValueError, IndexError):
            r = self.r
            raise errors.bad_request(
                f'{r.kind} in version "{r.version}" cannot be handled as a {r.kind}: json: cannot unmarshal '
                f"a field of the wrong type into Go value of type {r.version}.{r.kind}") from exc
        return False


def _pod_grace(pod: dict, requested: int | None) -> int:
    """pkg/registry/core/pod/strategy.go CheckGracefulDelete."""
    spec = pod.get("spec") or {}
    if requested is None:
        grace = spec.get("terminationGracePeriodSeconds", 30)
    else:
        grace = requested
    if not spec.get("nodeName"):
        return 0
    phase = (pod.get("status") or {}).get("phase")
    if phase in ("Failed", "Succeeded"):
        return 0
    return max(0, int(grace))


class Client:
    """A component's handle on the API server. ``cause`` links its writes to what triggered them."""

    def __init__(self, api: APIServer, component: str, field_manager: str | None = None):
        self.api = api
        self.component = component
        self.cause: Any = None
        self.field_manager = field_manager  # the fieldManager its writes name (kubectl's --field-manager)

    def get(self, resource, name, namespace=None):
        return self.api.get(resource, name, namespace)

    def try_get(self, resource, name, namespace=None):
        return self.api.try_get(resource, name, namespace)

    def list(self, resource, namespace=None, selector=None, field_filter=None):
        return self.api.list(resource, namespace, selector, field_filter)

    def _managed(self, kw: dict) -> dict:
        if self.field_manager is not None:
            kw.setdefault("field_manager", self.field_manager)
        return kw

    def create(self, resource, obj, namespace=None, **kw):
        return self.api.create(resource, obj, namespace, actor=self.component, cause=self.cause, **self._managed(kw))

    def update(self, resource, obj, **kw):
        return self.api.update(resource, obj, actor=self.component, cause=self.cause, **self._managed(kw))

    def update_status(self, resource, obj, **kw):
        return self.api.update(resource, obj, subresource="status", actor=self.component, cause=self.cause,
                               **self._managed(kw))

    def patch(self, resource, name, patch, namespace=None, **kw):
        return self.api.patch(resource, name, patch, namespace, actor=self.component, cause=self.cause,
                              **self._managed(kw))

    def apply(self, resource, name, config, namespace=None, **kw):
        kw.setdefault("field_manager", self.field_manager)
        return self.api.apply(resource, name, config, namespace, actor=self.component, cause=self.cause, **kw)

    def delete(self, resource, name, namespace=None, **kw):
        return self.api.delete(resource, name, namespace, actor=self.component, cause=self.cause, **kw)

    def bind(self, pod, node_name):
        return self.api.bind(pod, node_name, actor=self.component, cause=self.cause)

    def evict(self, name, namespace, **kw):
        return self.api.evict(name, namespace, actor=self.component, cause=self.cause, **kw)


def _scale_patch(r: Resource, patch: Any, patch_type: str) -> tuple[Any, str]:
    """A merge patch of an autoscaling/v1 Scale as the patch of its object: only spec.replicas
    reaches it (ScaleREST's scaleUpdatedObjectInfo copies Spec.Replicas and nothing else)."""
    if "scale" not in r.subresources:
        raise errors.StatusError(404, "NotFound", "the server could not find the requested resource")
    if not isinstance(patch, dict):  # kubectl scale sends a merge patch; a JSON patch of a Scale is not modelled
        raise errors.StatusError(400, "BadRequest", "a patch of the scale subresource must be a JSON object")
    replicas = (patch.get("spec") or {}).get("replicas") if isinstance(patch.get("spec"), dict) else None
    return ({"spec": {"replicas": replicas}} if replicas is not None else {}), "merge"
