"""kubectl set image|env|resources|selector (kubernetes/kubectl:pkg/cmd/set/).

Each subcommand changes the pod template of the objects named
(polymorphichelpers/updatepodspec.go: Pod, ReplicationController,
Deployment, DaemonSet, ReplicaSet, StatefulSet, Job, CronJob), then, as
set/helper.go ``CalculatePatches`` does, writes and prints only the objects
that changed: ``deployment.apps/web image updated``, ``env updated``,
``resource requirements updated`` (with `` (dry run)``). An object that did
not change prints nothing. Containers are chosen by name, ``*`` or a glob
(helper.go ``selectContainers``). ``set selector`` replaces a Service's selector
(set_selector.go) and prints ``service/web selector updated`` whether or not it changed.
"""
from __future__ import annotations

import fnmatch
import re

from clusters import objects
from clusters.apiserver import errors as api_errors
from clusters.console.kubectl import base, generators, mutating, visiting


class Verb(base.Verb):
    name = "set"
    subcommands = {"image": "set_:Image", "env": "set_:Env", "resources": "set_:Resources",
                   "selector": "set_:Selector"}

    def run(self, kc, args):
        return parent_command(kc, self, args)


parent_command = base.parent_command


def pod_spec(obj: dict) -> dict | None:
    """updatepodspec.go: where an object keeps its pod spec (None: it has none)."""
    kind = obj.get("kind")
    spec = obj.setdefault("spec", {})
    if kind == "Pod":
        return spec
    if kind in ("ReplicationController", "Deployment", "DaemonSet", "ReplicaSet", "StatefulSet", "Job"):
        return spec.setdefault("template", {}).setdefault("spec", {})
    if kind == "CronJob":
        return (spec.setdefault("jobTemplate", {}).setdefault("spec", {}).setdefault("template", {})
                .setdefault("spec", {}))
    return None


def _go_type(obj: dict) -> str:
    group = (obj.get("apiVersion") or "v1").rpartition("/")
    pkg = (group[0].split(".")[0] if group[0] else "") + group[2]
    return f"*{pkg}.{obj.get('kind', '')}"


def select_containers(containers: list[dict], selector: str) -> list[dict]:
    """helper.go selectContainers (a glob over container names)."""
    return [c for c in containers if fnmatch.fnmatchcase(c.get("name", ""), selector)]


class _SetVerb(base.Verb):
    operation = ""
    pair_word = ""

    def targets(self, kc, resources: list[str]) -> tuple[list[visiting.Info], list[BaseException]]:
        opts = kc.opts
        filenames = opts.get("filename", []) or []
        if opts.get("local", False):
            if resources:
                raise base.KubectlError("error: you must specify resources by --filename when --local is set.\n"
                                        "Example resource specifications include:\n   '-f rsrc.yaml'\n"
                                        "   '--filename=rsrc.json'")
            return [visiting.Info(mutating.resource_of(m), m.obj) for m in mutating.manifests(kc, filenames)], []
        found, errs, _ = visiting.infos(kc, resources, filenames=filenames, selector=opts.get("selector", "") or "",
                                        all_=bool(opts.get("all", False)))
        return found, errs

    def mutate(self, kc, obj: dict, spec: dict, errs: list[BaseException]) -> None:
        raise NotImplementedError

    def apply_all(self, kc, found: list[visiting.Info], errs: list[BaseException]) -> int:
        dry = mutating.dry_run_mode(kc)
        local = bool(kc.opts.get("local", False))
        fmt = visiting.output_format(kc)
        late: list[BaseException] = []
        for info in found:
            new = objects.clone(info.obj)
            spec = pod_spec(new)
            if spec is None:
                late.append(base.KubectlError(f"error: {info.resource.qualified}/{info.name} the object is not a pod "
                                              f"or does not have a pod template: {_go_type(info.obj)}\n"))
                continue
            try:
                self.mutate(kc, new, spec, late)
            except base.KubectlError as e:
                late.append(base.KubectlError(f"error: {info.resource.qualified}/{info.name} {e.message}\n"))
                continue
            if new == info.obj:
                continue
            try:
                out = new if (local or dry == "client") else visiting.write(kc, info, new, dry)
            except api_errors.StatusError as e:
                late.append(base.KubectlError(f"failed to patch {self.pair_word} update to pod template: "
                                              f"{base.standard_error_message(e)}"))
                continue
            visiting.report(kc, out, self.operation, dry, fmt, typed=True)  # the set commands decode with the scheme
        return visiting.finish(kc, errs + late)


class Image(_SetVerb):
    name = "set image"
    operation = "image updated"
    pair_word = "image"

    def run(self, kc, args):
        resources, images = [], {}
        for a in args:
            if "=" in a:
                k, _, v = a.partition("=")
                images[k] = v
            else:
                resources.append(a)
        if kc.opts.get("all", False) and kc.opts.get("selector", ""):
            raise base.KubectlError("cannot set --all and --selector at the same time")
        if not resources and not (kc.opts.get("filename", []) or []):
            raise base.no_resources()  # set_image.go Complete runs the builder before Validate
        if not images:
            raise base.KubectlError("at least one image update is required")
        if len(images) > 1 and "*" in images:
            raise base.KubectlError("all containers are already specified by *, but saw more than one "
                                    "container_name=container_image pairs")
        self.images = images
        found, errs = self.targets(kc, resources)
        return self.apply_all(kc, found, errs)

    def mutate(self, kc, obj, spec, errs):
        for name, image in self.images.items():
            hit = False
            for field in ("initContainers", "containers"):
                for c in spec.get(field) or []:
                    if c.get("name") == name or name == "*":
                        c["image"] = image
                        hit = True
            if not hit:
                errs.append(base.KubectlError(f'error: unable to find container named "{name}"'))


_ENV_ARG = re.compile(r"(?s)^(.+)=(.*)$")
_ENV_NAME = re.compile(r"^[-._a-zA-Z][-._a-zA-Z0-9]*$")
_NOT_ENV_CHAR = re.compile(r"[^a-zA-Z0-9_]")


class Env(_SetVerb):
    name = "set env"
    operation = "env updated"
    pair_word = "env"

    def run(self, kc, args):
        opts = kc.opts
        if opts.get("all", False) and opts.get("selector", ""):
            raise base.KubectlError("cannot set --all and --selector at the same time")
        resources, env_args = [], []
        first = True
        for s in args:
            is_env = bool(_ENV_ARG.match(s)) or s.endswith("-")
            if is_env:
                first = False
                env_args.append(s)
            elif first:
                resources.append(s)
            else:
                raise base.KubectlError(f"all resources must be specified before environment changes: {' '.join(args)}")
        listing = bool(opts.get("list", False))
        if not resources and not (opts.get("filename", []) or []):
            raise base.KubectlError("one or more resources must be specified as <resource> <name> or <resource>/<name>")
        if listing and visiting.output_format(kc):
            raise base.KubectlError("--list and --output may not be specified together")
        if (opts.get("keys", []) or []) and not opts.get("from", ""):
            raise base.KubectlError("when specifying --keys, a configmap or secret must be provided with --from")
        env, remove = self.parse_env(list(opts.get("env", []) or []) + env_args)
        env += self.env_from(kc)
        self.env, self.remove, self.listing = env, remove, listing
        self.overwrite = bool(opts.get("overwrite", True))
        self.selector = opts.get("containers", "*") or "*"
        found, errs = self.targets(kc, resources)
        if listing:
            for info in found:
                new = objects.clone(info.obj)
                spec = pod_spec(new)
                if spec is not None:
                    self.mutate(kc, new, spec, errs)
            return visiting.finish(kc, errs)
        return self.apply_all(kc, found, errs)

    def parse_env(self, specs: list[str]) -> tuple[list[dict], list[str]]:
        """env/env_parse.go parseIntoEnvVar."""
        env, remove, names = [], [], set()
        for s in specs:
            if "=" in s:
                k, _, v = s.partition("=")
                if not _ENV_NAME.match(k):
                    raise base.KubectlError(
                        f'"{k}" is not a valid key name: a valid environment variable name must consist of alphabetic '
                        "characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  "
                        "or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')")
                names.add(k)
                env.append({"name": k, "value": v})
            elif s.endswith("-"):
                remove.append(s[:-1])
            else:
                raise base.KubectlError(f"unknown environment variable: {s}")
        if any(r in names for r in remove):
            raise base.KubectlError("can not both modify and remove the same environment variable in the same command")
        return env, remove

    def env_from(self, kc) -> list[dict]:
        src = kc.opts.get("from", "") or ""
        if not src:
            return []
        keys = kc.opts.get("keys", []) or []
        prefix = kc.opts.get("prefix", "") or ""
        found, errs, _ = visiting.infos(kc, [src])
        if errs:
            raise errs[0]
        out = []
        for info in found:
            kind = info.obj.get("kind")
            if kind not in ("ConfigMap", "Secret"):
                raise base.KubectlError("unsupported resource specified in --from")
            ref = "configMapKeyRef" if kind == "ConfigMap" else "secretKeyRef"
            # Go ranges over the data map in random order; sorted here.
            for key in sorted(info.obj.get("data") or {}):
                if keys and key not in keys:
                    continue
                name = _NOT_ENV_CHAR.sub("_", key).upper()
                if name != key:
                    kc.err(f"Warning: key {key} transferred to {name}\n")
                out.append({"name": prefix + name, "valueFrom": {ref: {"key": key, "name": info.name}}})
        return out

    def mutate(self, kc, obj, spec, errs):
        containers = select_containers(spec.get("containers") or [], self.selector) + \
            select_containers(spec.get("initContainers") or [], self.selector)
        name = obj["metadata"]["name"]
        if not containers:
            kc.err(f'Warning: {obj.get("kind")}/{name} does not have any containers matching "{self.selector}"\n')
            return
        for c in containers:
            existing = c.get("env") or []
            if not self.overwrite:
                for e in self.env:
                    cur = next((x for x in existing if x.get("name") == e["name"]), None)
                    if cur is not None and cur.get("value", "") != e.get("value", ""):
                        raise base.KubectlError(f"'{cur['name']}' already has a value ({cur.get('value', '')}), "
                                                "and --overwrite is false")
            updated = _update_env(existing, self.env, self.remove)
            if updated:
                c["env"] = updated
            else:
                c.pop("env", None)
            if self.listing:
                kc.out(f"# {obj.get('kind')} {name}, container {c.get('name')}\n")
                for e in updated:
                    if "valueFrom" not in e:
                        kc.out(f"{e['name']}={e.get('value', '')}\n")
                    else:
                        kc.out(f"# {e['name']} from {_ref_string(e['valueFrom'])}\n")


def _update_env(existing: list[dict], env: list[dict], remove: list[str]) -> list[dict]:
    """set/helper.go updateEnv."""
    out = []
    covered = set(remove)
    for e in existing:
        if e.get("name") in covered:
            continue
        newer = next((x for x in env if x["name"] == e.get("name")), None)
        if newer is not None:
            covered.add(e["name"])
            out.append(dict(newer))
            continue
        out.append(e)
    for e in env:
        if e["name"] in covered:
            continue
        covered.add(e["name"])
        out.append(dict(e))
    return out


def _ref_string(src: dict) -> str:
    """env/env_resolve.go GetEnvVarRefString."""
    if "configMapKeyRef" in src:
        r = src["configMapKeyRef"]
        return f"configmap {r.get('name')}, key {r.get('key')}"
    if "secretKeyRef" in src:
        r = src["secretKeyRef"]
        return f"secret {r.get('name')}, key {r.get('key')}"
    if "fieldRef" in src:
        return f"field path {src['fieldRef'].get('fieldPath')}"
    if "resourceFieldRef" in src:
        return f"resource field {src['resourceFieldRef'].get('resource')}"
    return "invalid reference"


class Resources(_SetVerb):
    name = "set resources"
    operation = "resource requirements updated"
    pair_word = "resources"

    def run(self, kc, args):
        opts = kc.opts
        dry = mutating.dry_run_mode(kc)
        if opts.get("local", False) and dry == "server":
            raise base.KubectlError("cannot specify --local and --dry-run=server - did you mean --dry-run=client?")
        if opts.get("all", False) and opts.get("selector", ""):
            raise base.KubectlError("cannot set --all and --selector at the same time")
        if not args and not (opts.get("filename", []) or []):
            raise base.no_resources()  # set_resources.go Complete runs the builder before Validate
        limits, requests = opts.get("limits", "") or "", opts.get("requests", "") or ""
        if not limits and not requests:
            raise base.KubectlError("you must specify an update to requests or limits (in the form of --requests/--limits)")
        self.limits = self.resource_list(limits)
        self.requests = self.resource_list(requests)
        self.selector = opts.get("containers", "*") or "*"
        found, errs = self.targets(kc, args)
        return self.apply_all(kc, found, errs)

    def resource_list(self, spec: str) -> dict:
        """generate/versioned/run.go populateResourceListV1: values become Quantities (printed as kubectl would)."""
        try:
            return generators.resource_list(spec)
        except generators.GeneratorError as e:
            raise base.KubectlError(str(e)) from None

    def mutate(self, kc, obj, spec, errs):
        containers = select_containers(spec.get("containers") or [], self.selector) + \
            select_containers(spec.get("initContainers") or [], self.selector)
        if not containers:
            errs.append(base.KubectlError(f"error: unable to find container named {self.selector}"))
            return
        for c in containers:
            res = c.setdefault("resources", {})
            if self.limits:
                res.setdefault("limits", {}).update(self.limits)
            if self.requests:
                res.setdefault("requests", {}).update(self.requests)


_EXPRESSION_OPS = {"in": "In", "notin": "NotIn", "exists": "Exists", "!": "DoesNotExist"}


def label_selector(text: str) -> dict:
    """metav1.ParseToLabelSelector: ``k=v`` into matchLabels, set-based requirements into
    matchExpressions (sorted by key, as labels.Parse sorts them); ``!=``, ``gt`` and ``lt`` refused."""
    try:
        parsed = objects.parse_selector(text)
    except objects.SelectorError as e:
        raise base.KubectlError(f'couldn\'t parse the selector string "{text}": {e}') from None
    match_labels: dict[str, str] = {}
    expressions: list[dict] = []
    for req in sorted(parsed.requirements, key=lambda r: r.key):
        if req.op == "=":
            match_labels[req.key] = req.values[0] if req.values else ""
        elif req.op in _EXPRESSION_OPS:
            expressions.append({"key": req.key, "operator": _EXPRESSION_OPS[req.op], "values": list(req.values)})
        else:
            raise base.KubectlError(f'"{req.op}" is not a valid label selector operator')
    return {"matchLabels": match_labels, "matchExpressions": expressions}


class Selector(_SetVerb):
    name = "set selector"
    operation = "selector updated"

    def run(self, kc, args):
        # set_selector.go Complete (dry-run strategy, then the last argument as the selector), Validate
        dry = mutating.dry_run_mode(kc)
        fmt = visiting.check_output(kc)
        if not args:
            raise base.KubectlError("one selector is required")
        resources, selector = args[:-1], label_selector(args[-1])
        found, errs = self.targets(kc, resources)
        if errs:
            return visiting.finish(kc, errs)
        local = bool(kc.opts.get("local", False))
        version = kc.opts.get("resource-version", "") or ""
        for info in found:
            new = objects.clone(info.obj)
            if version:
                new.setdefault("metadata", {})["resourceVersion"] = version
            if new.get("kind") != "Service":  # updateSelectorForObject
                raise base.KubectlError("setting a selector is only supported for Services")
            if selector["matchExpressions"]:
                shown = " ".join(f"{{{e['key']} {e['operator']} [{' '.join(e['values'])}]}}"
                                 for e in selector["matchExpressions"])
                raise base.KubectlError(f"match expression [{shown}] not supported on this object")
            spec = new.setdefault("spec", {})
            if selector["matchLabels"]:
                spec["selector"] = dict(selector["matchLabels"])
            else:
                spec.pop("selector", None)  # an empty map is omitted (omitempty)
            if local or dry == "client":
                out = new
            else:  # a strategic merge patch of the whole change: the new selector replaces the old
                out = visiting.write(kc, info, new, dry)
            visiting.report(kc, out, self.operation, dry, fmt, typed=True)
        return 0
