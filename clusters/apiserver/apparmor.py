"""The deprecated AppArmor annotations on a new pod: copied to the ``appArmorProfile`` fields, with a warning.

pkg/registry/core/pod/strategy.go applyAppArmorVersionSkew (1.32, run by PrepareForCreate): for each
container with a ``container.apparmor.security.beta.kubernetes.io/<name>`` annotation and no
``securityContext.appArmorProfile`` of its own, the annotation's profile (ApparmorFieldForAnnotation:
``runtime/default``, ``unconfined``, ``localhost/NAME``) becomes the container's field, unless the pod's
field says the same (then nothing is said); otherwise the requester is warned, as warning.AddWarning
does, that the annotation is deprecated. The annotation stays on the pod.

``mismatches`` is pkg/apis/core/validation validateAppArmorAnnotationsAndFieldsMatchOnCreate: a field
(the container's, else the pod's) and an annotation for the same container that disagree are Forbidden.
"""
from __future__ import annotations

from clusters.apiserver import errors

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


def _containers(spec: dict):
    """podshelper.VisitContainersWithPath: (container, its field path), init containers first."""
    for field in ("initContainers", "containers", "ephemeralContainers"):
        for i, ctr in enumerate(spec.get(field) or ()):
            if isinstance(ctr, dict):
                yield ctr, f"spec.{field}[{i}]"


def mismatches(pod: dict) -> list:
    """The field errors of annotations that say otherwise than the fields, on create."""
    annotations = (pod.get("metadata") or {}).get("annotations") or {}
    spec = pod.get("spec") or {}
    if not any(k.startswith(PREFIX) for k in annotations) or (spec.get("os") or {}).get("name") == "windows":
        return []
    pod_profile = (spec.get("securityContext") or {}).get("appArmorProfile")
    errs = []
    for ctr, path in _containers(spec):
        profile = (ctr.get("securityContext") or {}).get("appArmorProfile") or pod_profile
        value = annotations.get(PREFIX + str(ctr.get("name", "")))
        if not profile or value is None:
            continue
        at = f"{path}.securityContext.appArmorProfile"
        kind = profile.get("type")
        if kind == "Unconfined" and value != "unconfined" or kind == "RuntimeDefault" and value != "runtime/default" \
                or kind == "Localhost" and not value.startswith("localhost/"):
            errs.append(errors.forbidden_field(f"{at}.type", "apparmor type in annotation and field must match"))
        elif kind == "Localhost" and value[len("localhost/"):] != profile.get("localhostProfile"):
            errs.append(errors.forbidden_field(f"{at}.localhostProfile",
                                               "apparmor profile in annotation and field must match"))
    return errs
