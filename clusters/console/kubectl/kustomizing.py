"""The transformers a kustomization applies to what its resources and generators made, in the
order kustomize v5.5.0 runs its builtin transformers (api/internal/target/kusttarget_configplugin.go:
patchesStrategicMerge, patches, namespace, namePrefix/nameSuffix, labels and commonLabels,
commonAnnotations, patchesJson6902, replicas, images).

Each overlay runs its own over what its bases built, so a base's prefix comes before the overlay's.
A patch finds its object by the name the object had before this kustomization renamed it, as
kustomize matches a resource's original id. Renames reach the references a pod template holds
(ConfigMaps, Secrets, ServiceAccounts, PVCs), as the nameReference transformer does.
"""
from __future__ import annotations

import yaml

from clusters.apiserver import patching
from clusters.console import files
from clusters.console.kubectl import base

# kustomize's commonLabels fieldspecs (api/konfig/builtinpluginconsts/commonlabels.go): where the
# labels go besides metadata.labels, by kind.
_SELECTOR_KINDS = ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job")
_TEMPLATE_KINDS = _SELECTOR_KINDS + ("ReplicationController",)
_REPLICA_KINDS = ("Deployment", "ReplicaSet", "StatefulSet", "ReplicationController")
# What kustomize v5.5.0 prints for a field it still reads but wants rewritten (api/types/kustomization.go).
DEPRECATED = {"bases": "resources", "commonLabels": "labels", "patchesJson6902": "patches",
              "patchesStrategicMerge": "patches", "vars": "replacements"}


# Bookkeeping kept on an object while it is built, stripped before anyone sees it: the name it came
# with (what patches and replicas match) and a generated object's content hash.
ORIGINAL = "\x00original-name"
HASH = "\x00hash"


def warnings(k: dict) -> list[str]:
    """CheckDeprecatedFields, in its order (which is alphabetical); its fix for vars is experimental."""
    return [f"# Warning: '{field}' is deprecated. Please use '{new}' instead. "
            f"{'[EXPERIMENTAL] ' if field == 'vars' else ''}Run 'kustomize edit fix' to update "
            "your Kustomization automatically.\n" for field, new in sorted(DEPRECATED.items()) if field in k]


def _load(kc, root: str, path: str):
    text = files.read(kc.cluster, f"{root}/{path}" if not path.startswith("/") else path)
    if text is None:
        where = files.absolute(kc.cluster, f"{root}/{path}")
        raise base.KubectlError(f"trouble configuring builtin PatchTransformer with config: `\npath: {path}\n`: "
                                f"evalsymlink failure on '{where}' : lstat {where}: no such file or directory")
    return text


def _meta(obj: dict) -> dict:
    return obj.setdefault("metadata", {})


def _matches(obj: dict, target: dict) -> bool:
    group, _, version = (obj.get("apiVersion") or "").rpartition("/")
    meta = obj.get("metadata") or {}
    if target.get("kind") and target["kind"] != obj.get("kind"):
        return False
    if target.get("group") is not None and target.get("group", "") != group and "group" in target:
        return False
    if target.get("version") and target["version"] != version:
        return False
    if target.get("name") and target["name"] not in (meta.get("name"), obj.get(ORIGINAL)):
        return False
    if target.get("namespace") and target["namespace"] != meta.get("namespace"):
        return False
    for sel in (target.get("labelSelector") or "").split(","):
        key, _, value = sel.partition("=")
        if key.strip() and (meta.get("labels") or {}).get(key.strip()) != value.strip():
            return False
    return True


def _replace(objs: list[dict], old: dict, new: dict) -> None:
    objs[objs.index(old)] = new


def _strategic(objs: list[dict], patch: dict, target: dict | None) -> None:
    target = target or {"kind": patch.get("kind"), "name": (patch.get("metadata") or {}).get("name")}
    hits = [o for o in objs if _matches(o, target)]
    if not hits:
        raise base.KubectlError(f"no resource matches strategic merge patch \"{target.get('kind')}.v1.[noGrp]/"
                                f"{target.get('name')}.[noNs]\": no matches for Id {target.get('kind')}."
                                f"[noVer].[noGrp]/{target.get('name')}.[noNs]; failed to find unique target for patch")
    body = {k: v for k, v in patch.items() if k not in ("apiVersion", "kind")}
    body["metadata"] = {k: v for k, v in (patch.get("metadata") or {}).items() if k not in ("name", "namespace")}
    if not body["metadata"]:
        del body["metadata"]
    for o in hits:
        _replace(objs, o, patching.strategic_merge(o, body, o.get("kind", "")))


def _json6902(objs: list[dict], ops: list, target: dict) -> None:
    for o in [o for o in objs if _matches(o, target)]:
        _replace(objs, o, patching.json_patch(o, ops))


def patches(kc, root: str, k: dict, objs: list[dict]) -> None:
    for path in k.get("patchesStrategicMerge") or ():
        for doc in yaml.safe_load_all(_load(kc, root, str(path))):
            if doc:
                _strategic(objs, doc, None)
    for entry in k.get("patches") or ():
        body = entry.get("patch")
        doc = yaml.safe_load(body if body is not None else _load(kc, root, str(entry.get("path", ""))))
        if isinstance(doc, list):
            _json6902(objs, doc, entry.get("target") or {})
        elif isinstance(doc, dict):
            _strategic(objs, doc, entry.get("target"))


def json6902(kc, root: str, k: dict, objs: list[dict]) -> None:
    for entry in k.get("patchesJson6902") or ():
        body = entry.get("patch")
        ops = yaml.safe_load(body if body is not None else _load(kc, root, str(entry.get("path", ""))))
        _json6902(objs, ops or [], entry.get("target") or {})


def rename(k: dict, objs: list[dict]) -> dict:
    """namePrefix/nameSuffix on every object but a Namespace (a generated object's hash comes later);
    returns {(kind, namespace, old name): new name} for the references."""
    prefix, suffix = k.get("namePrefix") or "", k.get("nameSuffix") or ""
    renames: dict = {}
    if not prefix and not suffix:
        return renames
    for o in objs:
        if o.get("kind") in ("Namespace", "CustomResourceDefinition"):
            continue
        meta = _meta(o)
        old = meta.get("name", "")
        meta["name"] = f"{prefix}{old}{suffix}"
        renames[(o.get("kind"), meta.get("namespace") or "", old)] = meta["name"]
    return renames


def _templates(o: dict) -> list[dict]:
    spec = o.get("spec") or {}
    if o.get("kind") in _TEMPLATE_KINDS and isinstance(spec.get("template"), dict):
        return [spec["template"]]
    if o.get("kind") == "CronJob":
        job = ((spec.get("jobTemplate") or {}).get("spec") or {})
        return [t for t in (spec.get("jobTemplate"), job.get("template")) if isinstance(t, dict)]
    return []


def labels(k: dict, objs: list[dict]) -> None:
    """commonLabels go everywhere, selectors included; ``labels`` entries where they say."""
    sets = [(dict(p.get("pairs") or {}), bool(p.get("includeSelectors")), bool(p.get("includeTemplates")))
            for p in k.get("labels") or ()]
    if k.get("commonLabels"):
        sets.append(({str(a): str(b) for a, b in k["commonLabels"].items()}, True, True))
    for pairs, selectors, templates in sets:
        for o in objs:
            _meta(o).setdefault("labels", {}).update(pairs)
            spec = o.get("spec") if isinstance(o.get("spec"), dict) else None
            if selectors and spec is not None:
                if o.get("kind") in ("Service", "ReplicationController"):
                    spec.setdefault("selector", {}).update(pairs)
                elif o.get("kind") in _SELECTOR_KINDS:
                    spec.setdefault("selector", {}).setdefault("matchLabels", {}).update(pairs)
            if selectors or templates:
                for t in _templates(o):
                    t.setdefault("metadata", {}).setdefault("labels", {}).update(pairs)


def annotations(k: dict, objs: list[dict]) -> None:
    pairs = {str(a): str(b) for a, b in (k.get("commonAnnotations") or {}).items()}
    if not pairs:
        return
    for o in objs:
        _meta(o).setdefault("annotations", {}).update(pairs)
        for t in _templates(o):
            t.setdefault("metadata", {}).setdefault("annotations", {}).update(pairs)


def replicas(k: dict, objs: list[dict]) -> None:
    for entry in k.get("replicas") or ():
        for o in objs:
            if o.get("kind") in _REPLICA_KINDS and entry.get("name") in (_meta(o).get("name"), o.get(ORIGINAL)):
                o.setdefault("spec", {})["replicas"] = entry.get("count")


def _split_image(image: str) -> tuple[str, str]:
    """The image's name and what follows it (``:tag``, ``@digest``), as image.Split does."""
    at = image.find("@")
    head, digest = (image[:at], image[at:]) if at >= 0 else (image, "")
    colon = head.rfind(":")
    if colon > head.rfind("/"):
        return head[:colon], head[colon:] + digest
    return head, digest


def images(k: dict, objs: list[dict]) -> None:
    from clusters.console.kubectl.kustomization import _pod_spec

    for entry in k.get("images") or ():
        for o in objs:
            spec = _pod_spec(o)
            if not isinstance(spec, dict):
                continue
            for c in (spec.get("initContainers") or []) + (spec.get("containers") or []):
                name, tail = _split_image(str(c.get("image") or ""))
                if name != entry.get("name"):
                    continue
                if entry.get("digest"):
                    tail = "@" + entry["digest"]
                elif entry.get("newTag") is not None:
                    tail = f":{entry['newTag']}"
                c["image"] = f"{entry.get('newName') or name}{tail}"
