"""``-k DIR``: the kustomization kubectl 1.32 builds with its bundled kustomize (v5.5.0), for apply,
create, delete and the other verbs that read manifests.

What a lab's kustomization uses: ``resources`` (files and directories of manifests), ``namespace``,
``generatorOptions`` and ``configMapGenerator``/``secretGenerator`` entries (``files``, ``literals``,
``envs``, ``options``). A generated object's name ends in the content hash kustomize gives it
(api/hasher/hasher.go: the sha256 of the JSON of its kind, name, data (and a Secret's type), its
first ten hex digits with 0, 1, 3, a, e spelled g, h, k, m, t), so a changed ConfigMap gets a new
name. kustomize v5 looks the name up as one field called ``metadata/name``, finds none and hashes
"" instead, so two generators with the same data get the same suffix (checked against kubectl 1.32;
the pages, built with older kustomize, show other suffixes). References to a generated object by its
given name in the same namespace (a pod template's env, envFrom, volumes, imagePullSecrets) are
renamed to the hashed name, as kustomize's nameReference transformer does, and the objects come out
in kustomize's legacy order (api/resid/gvk.go orderFirst, then group_version_kind, namespace, name),
which is the order ``kubectl apply -k`` prints them in. The transformers (patches, namespace,
namePrefix/nameSuffix, labels, annotations, replicas, images) are in ``kustomizing``; the hash is
appended last, after any suffix, as kustomize does. ``replacements`` and ``vars`` are in
``kustomize_replacements``. Other fields (components, configurations, remote bases) are not modelled:
kustomize would use them; here they are refused in its words for an unknown field.
"""
from __future__ import annotations

import base64
import hashlib
import json

from clusters.console import files
from clusters.console.kubectl import base, generators, kustomize_replacements, kustomizing

FILENAMES = ("kustomization.yaml", "kustomization.yml", "Kustomization")
KNOWN = {"apiVersion", "kind", "resources", "bases", "namespace", "generatorOptions", "configMapGenerator",
         "secretGenerator", "namePrefix", "nameSuffix", "commonLabels", "labels", "commonAnnotations", "images",
         "replicas", "patches", "patchesStrategicMerge", "patchesJson6902", "replacements", "vars"}


def _go_json(value) -> str:
    """encoding/json.Marshal: sorted keys, no spaces, <, > and & escaped for HTML."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def content_hash(obj: dict) -> str:
    """hasher.go encodeConfigMap/encodeSecret, then encodeHash."""
    fields = {"kind": obj["kind"], "name": "", "data": obj.get("data") or {}}
    if obj["kind"] == "Secret":
        fields["type"] = obj.get("type", "")
    elif obj.get("binaryData"):
        fields["binaryData"] = obj["binaryData"]
    digest = hashlib.sha256(_go_json(fields).encode()).hexdigest()[:10]
    return digest.translate(str.maketrans("013ae", "ghkmt"))


def _strip_quotes(v: str) -> str:
    """kv.go removeQuotes: a value quoted on both sides loses its quotes."""
    return v[1:-1] if len(v) >= 2 and v[0] == v[-1] and v[0] in "'\"" else v


def _generated(kc, root: str, entry: dict, kind: str, options: dict, namespace: str | None) -> dict:
    def read(path: str):
        return files.read(kc.cluster, f"{root}/{path}" if root and not path.startswith("/") else path)

    name = entry.get("name", "")
    data: dict = {}
    for lit in entry.get("literals") or ():
        k, v = generators.parse_literal(str(lit))
        data[k] = _strip_quotes(v)
    for src in entry.get("files") or ():
        key, sep, path = str(src).partition("=")
        if not sep:
            key, path = str(src).rsplit("/", 1)[-1], str(src)
        text = read(path)
        if text is None:
            raise base.KubectlError(f"evalsymlink failure on '{files.norm(root + '/' + path)}' : "
                                    f"lstat {files.norm(root + '/' + path)}: no such file or directory")
        data[key] = text
    for path in entry.get("envs") or ():
        data.update(dict(generators._env_file(str(path), read)))
    opts = {**options, **(entry.get("options") or {})}
    meta: dict = {"name": name}
    if entry.get("namespace") or namespace:
        meta["namespace"] = entry.get("namespace") or namespace
    if opts.get("labels"):
        meta["labels"] = dict(opts["labels"])
    if opts.get("annotations"):
        meta["annotations"] = dict(opts["annotations"])
    obj: dict = {"apiVersion": "v1", "kind": kind, "metadata": meta}
    if kind == "Secret":
        obj["type"] = entry.get("type") or "Opaque"
        data = {k: base64.b64encode(v.encode()).decode() for k, v in data.items()}
    if data:
        obj["data"] = data
    if not opts.get("disableNameSuffixHash"):
        obj[kustomizing.HASH] = content_hash(obj)  # appended once every transformer has run
    return obj


# api/resid/gvk.go: kinds kustomize puts first (and last), in this order; the rest sort by group_version_kind.
ORDER_FIRST = ("Namespace", "ResourceQuota", "StorageClass", "CustomResourceDefinition", "ServiceAccount",
               "PodSecurityPolicy", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "ConfigMap", "Secret",
               "Endpoints", "Service", "LimitRange", "PriorityClass", "PersistentVolume", "PersistentVolumeClaim",
               "Deployment", "StatefulSet", "CronJob", "PodDisruptionBudget")
ORDER_LAST = ("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration")


def _legacy_key(obj: dict) -> tuple:
    """SortOrderTransformer's legacy order: kind rank, then gvk, namespace (none sorts last), name."""
    kind = obj.get("kind") or ""
    rank = (ORDER_FIRST.index(kind) - len(ORDER_FIRST) if kind in ORDER_FIRST else
            1 + ORDER_LAST.index(kind) if kind in ORDER_LAST else 0)
    group, _, version = (obj.get("apiVersion") or "").rpartition("/")
    gvk = f"{group or '~G'}_{version or '~V'}_{kind or '~K'}"
    meta = obj.get("metadata") or {}
    return rank, gvk, meta.get("namespace") or "~X", meta.get("name") or ""


def _pod_spec(obj: dict) -> dict | None:
    spec = obj.get("spec") or {}
    kind = obj.get("kind")
    if kind == "Pod":
        return spec
    if kind == "CronJob":
        spec = ((spec.get("jobTemplate") or {}).get("spec") or {})
    return (spec.get("template") or {}).get("spec") if isinstance(spec.get("template"), dict) else None


def _rename_references(objs: list[dict], renames: dict) -> None:
    """kustomize's nameReference transformer over the fields of a pod template that name a ConfigMap,
    Secret, ServiceAccount or PersistentVolumeClaim (api/konfig/builtinpluginconsts/namereference.go);
    ``renames`` maps (kind, namespace, old name) to the new name."""
    def rename(kind: str, ns: str, ref: dict, field: str) -> None:
        if isinstance(ref, dict) and (kind, ns, ref.get(field)) in renames:
            ref[field] = renames[(kind, ns, ref[field])]

    for obj in objs:
        spec = _pod_spec(obj)
        if not isinstance(spec, dict):
            continue
        ns = (obj.get("metadata") or {}).get("namespace") or ""
        for c in (spec.get("containers") or []) + (spec.get("initContainers") or []):
            for e in c.get("env") or ():
                src = (e or {}).get("valueFrom") or {}
                rename("ConfigMap", ns, src.get("configMapKeyRef"), "name")
                rename("Secret", ns, src.get("secretKeyRef"), "name")
            for e in c.get("envFrom") or ():
                rename("ConfigMap", ns, (e or {}).get("configMapRef"), "name")
                rename("Secret", ns, (e or {}).get("secretRef"), "name")
        for v in spec.get("volumes") or ():
            rename("ConfigMap", ns, (v or {}).get("configMap"), "name")
            rename("Secret", ns, (v or {}).get("secret"), "secretName")
            rename("PersistentVolumeClaim", ns, (v or {}).get("persistentVolumeClaim"), "claimName")
            for source in ((v or {}).get("projected") or {}).get("sources") or ():
                rename("ConfigMap", ns, (source or {}).get("configMap"), "name")
                rename("Secret", ns, (source or {}).get("secret"), "name")
        for ref in spec.get("imagePullSecrets") or ():
            rename("Secret", ns, ref, "name")
        rename("ServiceAccount", ns, spec, "serviceAccountName")


def build(kc, path: str) -> list[dict]:
    """The objects ``kubectl kustomize PATH`` would print, in kustomize's legacy order; its
    deprecation warnings go to stderr as kustomize logs them."""
    declared: list[dict] = []
    objs = _build(kc, path, declared)
    renames = {}
    for obj in objs:
        obj.pop(kustomizing.ORIGINAL, None)
        suffix = obj.pop(kustomizing.HASH, None)
        if suffix:
            meta = obj["metadata"]
            renames[(obj["kind"], meta.get("namespace") or "", meta["name"])] = f"{meta['name']}-{suffix}"
            meta["name"] += f"-{suffix}"
    _rename_references(objs, renames)
    kustomize_replacements.resolve_vars(kc, objs, declared)
    for obj in objs:  # annotations come out as strings, a number a replacement put there too (kubectl 1.32)
        notes = (obj.get("metadata") or {}).get("annotations")
        if isinstance(notes, dict):
            notes.update({k: kustomize_replacements.scalar_text(v) for k, v in notes.items()
                          if isinstance(v, (int, float))})
    return sorted(objs, key=_legacy_key)


def _build(kc, path: str, declared: list[dict]) -> list[dict]:
    """One kustomization's objects, transformed; ``declared`` gathers the vars of it and its bases."""
    import yaml

    root = path.rstrip("/") or ("/" if path.startswith("/") else ".")
    if not files.is_dir(kc.cluster, root):
        where = files.absolute(kc.cluster, root)
        raise base.KubectlError(f"must build at directory: not a valid directory: evalsymlink failure on "
                                f"'{where}' : lstat {where}: no such file or directory")
    text = next((t for t in (files.read(kc.cluster, f"{root}/{n}") for n in FILENAMES) if t is not None), None)
    if text is None:
        raise base.KubectlError(f"unable to find one of 'kustomization.yaml', 'kustomization.yml' or "
                                f"'Kustomization' in directory '{files.absolute(kc.cluster, root)}'")
    try:
        k = yaml.safe_load(text) or {}
    except yaml.YAMLError as e:
        raise base.KubectlError(f"{e}") from None
    unknown = sorted(set(k) - KNOWN)
    if unknown:
        raise base.KubectlError(f'invalid Kustomization: json: unknown field "{unknown[0]}"')
    for line in kustomizing.warnings(k):
        kc.err(line)
    namespace = k.get("namespace")
    out: list[dict] = []
    for res in list(k.get("resources") or ()) + list(k.get("bases") or ()):
        full = f"{root}/{res}"
        if files.is_dir(kc.cluster, full):
            out += _build(kc, full, declared)
            continue
        body = files.read(kc.cluster, full)
        if body is None:
            where = files.absolute(kc.cluster, full)
            raise base.KubectlError(f"accumulating resources: accumulation err='accumulating resources from "
                                    f"'{res}': evalsymlink failure on '{where}' : lstat {where}: no such file or "
                                    f"directory': must build at directory: not a valid directory: evalsymlink "
                                    f"failure on '{where}' : lstat {where}: no such file or directory")
        out += [d for d in yaml.safe_load_all(body) if d]
    options = k.get("generatorOptions") or {}
    for kind, field in (("ConfigMap", "configMapGenerator"), ("Secret", "secretGenerator")):
        for entry in k.get(field) or ():
            out.append(_generated(kc, root, entry, kind, options, namespace))
    for o in out:
        o.setdefault(kustomizing.ORIGINAL, (o.get("metadata") or {}).get("name"))
    kustomizing.patches(kc, root, k, out)
    if namespace:
        for obj in out:
            obj.setdefault("metadata", {})["namespace"] = namespace
    _rename_references(out, kustomizing.rename(k, out))
    kustomizing.labels(k, out)
    kustomizing.annotations(k, out)
    kustomizing.json6902(kc, root, k, out)
    kustomizing.replicas(k, out)
    kustomizing.images(k, out)
    kustomize_replacements.replacements(kc, root, k, out, kustomizing.ORIGINAL)
    kustomize_replacements.declare_vars(k, out, declared, kustomizing.ORIGINAL)
    return out
