"""The deprecated AppArmor annotations on a new pod: copied to the ``appArmorProfile`` fields, with a warning.

pkg/registry/core/pod/strategy.go applyAppArmorVersionSkew (1.32, run by PrepareForCreate): for each
container with a ``container.apparmor.security.beta.kubernetes.io/<name>`` annotation and no
``securityContext.appArmorProfile`` of its own, the annotation's profile (ApparmorFieldForAnnotation:
``runtime/default``, ``unconfined``, ``localhost/NAME``) becomes the container's field, unless the pod's
field says the same (then nothing is said); otherwise the requester is warned, as warning.AddWarning
does, that the annotation is deprecated. The annotation stays on the pod.
"""
from __future__ import annotations

PREFIX = "container.apparmor.security.beta.kubernetes.io/"


def _field_for(value: str) -> dict | None:
    """pkg/api/pod/util.go ApparmorFieldForAnnotation, keeping only what ValidateAppArmorProfileField accepts."""
    if value == "runtime/default":
        return {"type": "RuntimeDefault"}
    if value == "unconfined":
        return {"type": "Unconfined"}
    if value.startswith("localhost/") and value[len("localhost/"):].strip() == value[len("localhost/"):] != "":
        return {"type": "Localhost", "localhostProfile": value[len("localhost/"):]}
    return None


def sync_annotations(pod: dict) -> list[str]:
    """Copy the annotations to the fields; the warnings to send back."""
    annotations = (pod.get("metadata") or {}).get("annotations") or {}
    if not any(k.startswith(PREFIX) for k in annotations):
        return []
    spec = pod.get("spec") or {}
    if (spec.get("os") or {}).get("name") == "windows":
        return []
    pod_profile = (spec.get("securityContext") or {}).get("appArmorProfile")
    warnings = []
    # podutil.VisitContainers, AllFeatureEnabledContainers: init containers, containers, ephemeral containers.
    for field in ("initContainers", "containers", "ephemeralContainers"):
        for ctr in spec.get(field) or ():
            key = PREFIX + str(ctr.get("name", ""))
            if key not in annotations or (ctr.get("securityContext") or {}).get("appArmorProfile") is not None:
                continue
            new = _field_for(str(annotations[key]))
            if new is not None and new == pod_profile:
                continue  # the pod's own field says the same: nothing copied, no warning
            if new is not None:
                ctr.setdefault("securityContext", {})["appArmorProfile"] = new
            # field.NewPath("metadata", "annotations").Key(key): the key in brackets
            warnings.append(f'metadata.annotations[{key}]: deprecated since v1.30; '
                            'use the "appArmorProfile" field instead')
    return warnings
