"""kubectl autoscale (kubernetes/kubectl:pkg/cmd/autoscale/autoscale.go).

kubectl 1.32 builds an ``autoscaling/v1`` HorizontalPodAutoscaler (its
``createHorizontalPodAutoscaler``: scaleTargetRef, maxReplicas, minReplicas
when ``--min`` > 0, targetCPUUtilizationPercentage when ``--cpu-percent`` >= 0)
and POSTs it; ``--dry-run=client -o yaml`` prints that v1 object. The API
server stores it as ``autoscaling/v2`` (the v1→v2 conversion in
pkg/apis/autoscaling/v1/conversion.go turns the CPU percentage into a
Resource metric; v2 defaulting supplies minReplicas 1 and, with no metric,
80% CPU). Prints ``horizontalpodautoscaler.autoscaling/web autoscaled``.
"""
from __future__ import annotations

from clusters.apiserver import errors as api_errors
from clusters.console.kubectl import base, mutating, visiting

SCALABLE = ("Deployment", "ReplicaSet", "StatefulSet", "ReplicationController")


def v1_hpa(name: str, target: dict, max_: int, min_: int, cpu: int, namespace: str | None) -> dict:
    spec: dict = {"maxReplicas": max_}
    if min_ > 0:
        spec["minReplicas"] = min_
    spec["scaleTargetRef"] = {"apiVersion": target.get("apiVersion"), "kind": target.get("kind"),
                              "name": target["metadata"]["name"]}
    if cpu >= 0:
        spec["targetCPUUtilizationPercentage"] = cpu
    meta: dict = {"creationTimestamp": None, "name": name}
    if namespace:
        meta["namespace"] = namespace
    return {"apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler", "metadata": meta, "spec": spec,
            "status": {"currentReplicas": 0, "desiredReplicas": 0}}


def to_v2(hpa: dict) -> dict:
    """autoscaling v1 → v2 as the API server converts a v1 request."""
    s = hpa["spec"]
    spec: dict = {"maxReplicas": s["maxReplicas"], "scaleTargetRef": dict(s["scaleTargetRef"])}
    if "minReplicas" in s:
        spec["minReplicas"] = s["minReplicas"]
    if "targetCPUUtilizationPercentage" in s:
        spec["metrics"] = [{"type": "Resource", "resource": {"name": "cpu", "target": {
            "type": "Utilization", "averageUtilization": s["targetCPUUtilizationPercentage"]}}}]
    meta = {k: v for k, v in hpa["metadata"].items() if v is not None}
    return {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": meta, "spec": spec}


class Verb(base.Verb):
    name = "autoscale"
    required = ("max",)  # autoscale.go MarkFlagRequired

    def run(self, kc, args):
        opts = kc.opts
        if not opts.changed("max"):
            raise base.KubectlError('required flag(s) "max" not set')
        max_ = int(opts.get("max", -1))
        min_ = int(opts.get("min", -1))
        cpu = int(opts.get("cpu-percent", -1))
        if max_ < 1:
            raise base.KubectlError(f"--max=MAXPODS is required and must be at least 1, max: {max_}")
        if max_ < min_:
            raise base.KubectlError(f"--max=MAXPODS must be larger or equal to --min=MINPODS, max: {max_}, min: {min_}")
        filenames = opts.get("filename", []) or []
        if not args and not filenames:
            raise base.no_resources()
        dry = mutating.dry_run_mode(kc)
        fmt = visiting.output_format(kc)
        found, errs, _ = visiting.infos(kc, args, filenames=filenames, latest=False)
        count = 0
        r = mutating.resolve_type("horizontalpodautoscalers")
        for info in found:
            kind = info.obj.get("kind")
            if kind not in SCALABLE:
                # scale.ScaleKindResolver's error names the GroupVersionResource (schema.GroupVersionResource.String)
                gvr = f"{info.resource.group}/{info.resource.version}, Resource={info.resource.plural}"
                errs.append(base.KubectlError(f"cannot autoscale a {kind}: could not find scale subresource for "
                                              f"{gvr} in discovery information"))
                continue
            name = opts.get("name", "") or info.name
            hpa = v1_hpa(name, info.obj, max_, min_, cpu, kc.namespace if kc.explicit_namespace else None)
            count += 1
            if dry == "client":
                visiting.report(kc, hpa, "created", dry, fmt, typed=True)
                continue
            try:
                out = kc.client().create(r, to_v2(hpa), kc.namespace, dry_run=(dry == "server"))
            except api_errors.StatusError as e:
                errs.append(e)
                continue
            visiting.report(kc, out, "autoscaled", dry, fmt, typed=True)
        if not count and not errs:
            errs.append(base.KubectlError("no objects passed to autoscale"))
        return visiting.finish(kc, errs)
