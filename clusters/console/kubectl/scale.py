"""kubectl scale (kubernetes/kubectl:pkg/cmd/scale/scale.go): ``deployment.apps/web scaled``.

The object is read through the builder, then resized through its scale subresource as
kubectl's genericScaler.ScaleSimple does (kubectl/pkg/scale/scale.go): a merge patch of
``/scale`` (RBAC: ``patch`` on ``deployments/scale``), or with --current-replicas a GET of
``/scale`` and an update of it. A Job has no scale subresource; its parallelism is updated.
"""
from __future__ import annotations

from clusters import objects
from clusters.console.kubectl import base, builder, impersonation, mutating, visiting

_SCALABLE = {"Deployment", "ReplicaSet", "StatefulSet", "ReplicationController", "Job"}


class Verb(base.Verb):
    name = "scale"
    required = ("replicas",)  # scale.go MarkFlagRequired

    def run(self, kc, args):
        visiting.check_output(kc)  # scale.go Complete builds the printer before Validate
        replicas = int(kc.opts.get("replicas"))
        if replicas < 0:
            raise base.KubectlError("The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0")
        current = int(kc.opts.get("current-replicas", -1))
        dry = mutating.dry_run_mode(kc)
        if kc.opts.get("filename"):
            pairs = [(mutating.resource_of(m), (m.obj.get("metadata") or {}).get("name", ""))
                     for m in mutating.manifests(kc, kc.opts.get("filename"))]
        elif kc.opts.get("selector") or kc.opts.get("all"):
            r = mutating.resolve_type(args[0]) if args else None
            if r is None:
                raise base.UsageError("error: required resource not specified\nSee 'kubectl scale -h' for help and examples")
            pairs = [(r, o["metadata"]["name"]) for o in mutating.selected(kc, r, kc.opts.get("selector", "") or "")]
        else:
            if not args:
                raise base.no_resources()
            pairs = mutating.targets(kc, args)
            if not pairs:
                raise base.UsageError("error: required resource not specified\nSee 'kubectl scale -h' for help and examples")
        client = kc.client()
        for r, name in pairs:
            if r.kind not in _SCALABLE:
                raise base.KubectlError(f'no scaler has been implemented for {{"{r.group}" "{r.kind}"}}')
            obj = builder.info_get(kc, r, name)  # scale.go's builder: Info.Get
            field = "parallelism" if r.kind == "Job" else "replicas"
            have = (obj.get("spec") or {}).get(field, 1)
            if current >= 0 and current != have:
                raise base.KubectlError(f"Expected replicas to be {current}, was {have}")
            if dry != "client":
                _scale(kc, client, r, obj, field, replicas, current >= 0, dry == "server")
            kc.out(mutating.operation_line(r, name, "scaled", dry))
        return 0


def _scale(kc, client, r, obj: dict, field: str, replicas: int, precondition: bool, server_dry: bool) -> None:
    name, ns = obj["metadata"]["name"], obj["metadata"].get("namespace")
    if r.kind == "Job":
        new = objects.clone(obj)
        new["spec"][field] = replicas
        client.update(r, new, dry_run=server_dry)
    elif precondition:  # ScaleSimple with preconditions: Scales().Get, then Scales().Update
        impersonation.check(kc.api, "get", r, ns, name, "scale")
        new = objects.clone(obj)
        new["spec"][field] = replicas
        client.update(r, new, subresource="scale", dry_run=server_dry)
    else:
        client.patch(r, name, {"spec": {"replicas": replicas}}, ns, patch_type="merge", subresource="scale",
                     dry_run=server_dry)
