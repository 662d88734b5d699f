"""The objects ``kubectl create <type>`` builds on the client, field for field.

Each builder returns the object exactly as kubectl marshals it before
sending it (or printing it for ``--dry-run=client -o yaml``): Go zero values
that lack ``omitempty`` stay, as ``creationTimestamp: null``,
``resources: {}``, ``strategy: {}`` and ``status: {}``. Sources, all under
kubernetes/kubectl:pkg/cmd/create/: create_deployment.go,
create_namespace.go, create_configmap.go, create_secret.go,
create_secret_docker.go, create_secret_tls.go, create_service.go,
create_job.go, create_cronjob.go, create_quota.go,
create_serviceaccount.go. Errors carry kubectl's words; the verb module
prints them as ``error: <message>``.

``for_server`` turns such an object into what the API server decodes: the
nulls and empty status vanish, as they do when Go decodes the JSON.
"""
from __future__ import annotations

import base64
import json
import re
from typing import Any

from clusters import objects
from clusters.console.kubectl import quantities


class GeneratorError(ValueError):
    pass


def _meta(name: str, namespace: str | None, labels: dict | None = None) -> dict:
    m: dict[str, Any] = {"creationTimestamp": None}
    if labels:
        m["labels"] = dict(labels)
    m["name"] = name
    if namespace:
        m["namespace"] = namespace
    return m


def container_name(image: str, rand=None) -> str:
    """create_deployment.go buildPodSpec + sanitizeAndUniquify."""
    name = image.split("/")[-1]
    if ":" in name:
        name = name.split(":")[0]
    if "@" in name:
        name = name.split("@")[0]
    if "_" in name or "." in name:
        name = name.replace("_", "-").replace(".", "-")
        suffix = rand.string(5) if rand is not None else "xxxxx"
        name = f"{name}-{suffix}"
    return name


def deployment(name: str, images: list[str], replicas: int = 1, port: int = -1, command: list[str] | None = None,
               namespace: str | None = None, rand=None) -> dict:
    labels = {"app": name}
    containers = []
    for image in images:
        c: dict[str, Any] = {}
        if command:
            c["command"] = list(command)
        c["image"] = image
        c["name"] = container_name(image, rand)
        c["resources"] = {}
        containers.append(c)
    if port >= 0 and containers:
        containers[0]["ports"] = [{"containerPort": port}]
    return {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": _meta(name, namespace, labels),
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": dict(labels)},
            "strategy": {},
            "template": {"metadata": {"creationTimestamp": None, "labels": dict(labels)},
                         "spec": {"containers": containers}},
        },
        "status": {},
    }


def namespace(name: str) -> dict:
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": _meta(name, None), "spec": {}, "status": {}}


def service_account(name: str, namespace: str | None = None) -> dict:
    return {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": _meta(name, namespace)}


def parse_literal(source: str) -> tuple[str, str]:
    """util.ParseLiteralSource: key=value, split at the first '='."""
    key, sep, value = source.partition("=")
    if not sep or not key:
        raise GeneratorError(f"invalid literal source {source}, expected key=value")
    return key, value


def _file_sources(sources: list[str], read_file, list_dir=None) -> list[tuple[str, str]]:
    """--from-file sources: FILE (its basename as the key), KEY=FILE, or a directory, whose regular
    files each become a key, in name order (create_configmap.go handleConfigMapFromFileSources)."""
    out = []
    for src in sources:
        key, sep, path = src.partition("=")
        if not sep:
            key, path = src.rstrip("/").rsplit("/", 1)[-1], src
        elif not key:
            raise GeneratorError(f"key name for file path {path} missing")
        names = list_dir(path) if list_dir is not None else None
        if names is not None:
            if sep:
                raise GeneratorError("cannot give a key name for a directory path")  # create_configmap.go
            out += [(n, read_file(path.rstrip("/") + "/" + n) or "") for n in names]
            continue
        text = read_file(path)
        if text is None:
            raise GeneratorError(f"error reading {path}: no such file or directory")
        out.append((key, text))
    return out


CONFIG_KEY_MSG = ("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  "
                  "or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')")


def _go_quote(text: str) -> str:
    """fmt's %q for printable text (JSON's escapes agree with Go's for quotes and backslashes)."""
    return json.dumps(text, ensure_ascii=False)


def config_key_errors(key: str) -> list[str]:
    """apimachinery validation.IsConfigMapKey (the rule for Secret keys too)."""
    errs = []
    if len(key) > 253:
        errs.append("must be no more than 253 characters")
    if not re.fullmatch(r"[-._a-zA-Z0-9]+", key):
        errs.append(CONFIG_KEY_MSG)
    if key == ".":  # hasChDirPrefix
        errs.append("must not be '.'")
    elif key == "..":
        errs.append("must not be '..'")
    elif key.startswith(".."):
        errs.append("must not start with '..'")
    return errs


def _add(data: dict, key: str, value: str, kind: str, name: str) -> None:
    errs = config_key_errors(key)
    if errs and kind == "ConfigMap":  # create_configmap.go validateNewConfigMap
        raise GeneratorError(f"{_go_quote(key)} is not a valid key name for a ConfigMap: {','.join(errs)}")
    if errs:  # create_secret.go addKeyFromLiteralToSecret
        raise GeneratorError(f"{_go_quote(key)} is not valid key name for a Secret {';'.join(errs)}")
    if key in data:
        if kind == "ConfigMap":
            raise GeneratorError(f'cannot add key "{key}", another key by that name already exists in Data for ConfigMap "{name}"')
        raise GeneratorError(f"cannot add key {key}, another key by that name already exists")  # create_secret.go addKeyFromLiteralToSecret
    data[key] = value


def configmap(name: str, literals: list[str] = (), files: list[str] = (), env_files: list[str] = (),
              namespace: str | None = None, read_file=None, list_dir=None) -> dict:
    data: dict[str, str] = {}
    for src in literals:
        k, v = parse_literal(src)
        _add(data, k, v, "ConfigMap", name)
    for k, v in _file_sources(list(files), read_file or (lambda p: None), list_dir):
        _add(data, k, v, "ConfigMap", name)
    for path in env_files:
        for k, v in _env_file(path, read_file):
            _add(data, k, v, "ConfigMap", name)
    obj: dict[str, Any] = {"apiVersion": "v1", "kind": "ConfigMap"}
    if data:
        obj["data"] = data
    obj["metadata"] = _meta(name, namespace)
    return obj


def _env_file(path: str, read_file) -> list[tuple[str, str]]:
    text = read_file(path) if read_file else None
    if text is None:
        raise GeneratorError(f"error reading {path}: no such file or directory")
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        k, sep, v = line.partition("=")
        if not sep:
            raise GeneratorError(f'"{line}" is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, \'_\', \'-\', or \'.\', and must not start with a digit (e.g. \'my.env-name\',  or \'MY_ENV.NAME\',  or \'MyEnvName1\', regex used for validation is \'[-._a-zA-Z][-._a-zA-Z0-9]*\')')
        out.append((k, v))
    return out


def _b64(s: str) -> str:
    return base64.b64encode(s.encode()).decode()


def secret_generic(name: str, literals: list[str] = (), files: list[str] = (), secret_type: str = "",
                   namespace: str | None = None, read_file=None, list_dir=None) -> dict:
    data: dict[str, str] = {}
    for src in literals:
        k, v = parse_literal(src)
        _add(data, k, _b64(v), "Secret", name)
    for k, v in _file_sources(list(files), read_file or (lambda p: None), list_dir):
        _add(data, k, _b64(v), "Secret", name)
    obj: dict[str, Any] = {"apiVersion": "v1"}
    if data:
        obj["data"] = data
    obj["kind"] = "Secret"
    obj["metadata"] = _meta(name, namespace)
    if secret_type:
        obj["type"] = secret_type
    return obj


def secret_docker_registry(name: str, username: str, password: str, server: str = "https://index.docker.io/v1/",
                           email: str = "", namespace: str | None = None) -> dict:
    """create_secret_docker.go: a .dockerconfigjson with the auth field base64(user:password)."""
    if not username or not password or not server:  # Validate (--docker-server has a default)
        raise GeneratorError("either --from-file or the combination of --docker-username, --docker-password and "
                             "--docker-server is required")
    entry: dict[str, str] = {"username": username, "password": password}
    if email:
        entry["email"] = email
    entry["auth"] = _b64(f"{username}:{password}")
    cfg = json.dumps({"auths": {server: entry}}, separators=(",", ":"))
    return {"apiVersion": "v1", "data": {".dockerconfigjson": _b64(cfg)}, "kind": "Secret",
            "metadata": _meta(name, namespace), "type": "kubernetes.io/dockerconfigjson"}


def secret_tls(name: str, cert: str, key: str, namespace: str | None = None) -> dict:
    if "-----BEGIN" not in cert:
        raise GeneratorError("tls: failed to find any PEM data in certificate input")
    if "-----BEGIN" not in key:
        raise GeneratorError("tls: failed to find any PEM data in key input")
    return {"apiVersion": "v1", "data": {"tls.crt": _b64(cert), "tls.key": _b64(key)}, "kind": "Secret",
            "metadata": _meta(name, namespace), "type": "kubernetes.io/tls"}


def _parse_uint16(text: str) -> int:
    """strconv.ParseUint(text, 10, 16) as utilsnet.ParsePort calls it, with its errors."""
    if not re.fullmatch(r"[0-9]+", text or ""):
        raise GeneratorError(f'strconv.ParseUint: parsing "{text}": invalid syntax')
    v = int(text)
    if v > 65535:
        raise GeneratorError(f'strconv.ParseUint: parsing "{text}": value out of range')
    return v


def _port_name_errors(name: str) -> list[str]:
    """validation.IsValidPortName."""
    errs = []
    if len(name) > 15:
        errs.append("must be no more than 15 characters")
    if not re.fullmatch(r"[-a-z0-9]+", name):
        errs.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    if not re.search(r"[a-z]", name):
        errs.append("must contain at least one letter (a-z)")
    if "--" in name:
        errs.append("must not contain consecutive hyphens")
    if name and (name[0] == "-" or name[-1] == "-"):
        errs.append("must not begin or end with a hyphen")
    return errs


def _service_port(spec: str) -> tuple[int, int | str]:
    """create_service.go parsePorts: port[:targetPort] (more parts are ignored)."""
    parts = spec.split(":")
    port = _parse_uint16(parts[0])
    if len(parts) == 1:
        return port, port
    target = parts[1]
    if re.fullmatch(r"[+-]?[0-9]+", target):  # strconv.Atoi
        n = int(target)
        if not 1 <= n <= 65535:
            raise GeneratorError("must be between 1 and 65535, inclusive")
        return port, n
    errs = _port_name_errors(target)
    if errs:
        raise GeneratorError(",".join(errs))
    return port, target


# The create service subcommands and the corev1.ServiceType each makes.
SERVICE_TYPES = {"clusterip": "ClusterIP", "nodeport": "NodePort", "loadbalancer": "LoadBalancer",
                 "externalname": "ExternalName"}


def service(kind: str, name: str, tcp: list[str] = (), node_port: int = 0, cluster_ip: str = "",
            external_name: str = "", namespace: str | None = None) -> dict:
    """create_service.go: ports from --tcp=port[:targetPort], selector and label app=<name>."""
    stype = SERVICE_TYPES[kind]
    spec: dict[str, Any] = {}
    ports = []
    if stype != "ExternalName":
        if not tcp and cluster_ip != "None":
            raise GeneratorError("at least one tcp port specifier must be provided")
        for t in tcp:
            for spec_s in t.split(","):
                port, target = _service_port(spec_s)
                p: dict[str, Any] = {"name": spec_s.replace(":", "-")}
                if node_port and stype == "NodePort":
                    p["nodePort"] = node_port
                p["port"] = port
                p["protocol"] = "TCP"
                p["targetPort"] = target
                ports.append(p)
    if cluster_ip:
        spec["clusterIP"] = cluster_ip
    if external_name:
        spec["externalName"] = external_name
    if ports:
        spec["ports"] = ports
    spec["selector"] = {"app": name}
    spec["type"] = stype
    return {"apiVersion": "v1", "kind": "Service", "metadata": _meta(name, namespace, {"app": name}),
            "spec": spec, "status": {"loadBalancer": {}}}


def job(name: str, image: str, command: list[str] | None = None, namespace: str | None = None) -> dict:
    c: dict[str, Any] = {}
    if command:
        c["command"] = list(command)
    c["image"] = image
    c["name"] = name
    c["resources"] = {}
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": _meta(name, namespace),
            "spec": {"template": {"metadata": {"creationTimestamp": None},
                                  "spec": {"containers": [c], "restartPolicy": "Never"}}},
            "status": {}}


def job_from_cronjob(name: str, cronjob: dict, namespace: str | None = None) -> dict:
    """create_job.go createJobFromCronJob: the template, an owner reference and the instantiate annotation."""
    tmpl = cronjob["spec"]["jobTemplate"]
    labels = dict((tmpl.get("metadata") or {}).get("labels") or {})
    annotations = {"cronjob.kubernetes.io/instantiate": "manual"}
    annotations.update((tmpl.get("metadata") or {}).get("annotations") or {})
    m = {"annotations": annotations, "creationTimestamp": None}
    if labels:
        m["labels"] = labels
    m["name"] = name
    if namespace:
        m["namespace"] = namespace
    cm = cronjob["metadata"]
    m["ownerReferences"] = [{"apiVersion": "batch/v1", "controller": True, "kind": "CronJob",
                             "name": cm["name"], "uid": cm.get("uid", "")}]
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": m, "spec": objects.clone(tmpl.get("spec") or {}),
            "status": {}}


def cronjob(name: str, image: str, schedule: str, command: list[str] | None = None, restart: str = "OnFailure",
            namespace: str | None = None) -> dict:
    if not schedule:
        raise GeneratorError("--schedule must be specified")
    c: dict[str, Any] = {}
    if command:
        c["command"] = list(command)
    c["image"] = image
    c["name"] = name
    c["resources"] = {}
    jt_meta: dict[str, Any] = {"creationTimestamp": None, "name": name}
    if namespace:
        jt_meta["namespace"] = namespace
    return {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": _meta(name, namespace),
            "spec": {"jobTemplate": {"metadata": jt_meta,
                                     "spec": {"template": {"metadata": {"creationTimestamp": None},
                                                           "spec": {"containers": [c], "restartPolicy": restart}}}},
                     "schedule": schedule},
            "status": {}}


def resource_list(spec: str) -> dict:
    """populateResourceListV1 (create_quota.go, generate/versioned): ``name=quantity,...`` with each
    value as resource.Quantity prints it."""
    out: dict[str, str] = {}
    if not spec:
        return out
    for stmt in spec.split(","):
        parts = stmt.split("=")
        if len(parts) != 2:
            raise GeneratorError(f"Invalid argument syntax {stmt}, expected <resource>=<value>")
        try:
            out[parts[0]] = quantities.string(parts[1])
        except quantities.QuantityError as e:
            raise GeneratorError(str(e)) from None
    return out


def quota(name: str, hard: str = "", scopes: str = "", namespace: str | None = None) -> dict:
    spec: dict[str, Any] = {}
    if hard:
        spec["hard"] = resource_list(hard)
    if scopes:
        for s in scopes.split(","):
            if not s:  # create_quota.go parseScopes
                raise GeneratorError('invalid resource quota scope ""')
        spec["scopes"] = scopes.split(",")
    return {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": _meta(name, namespace), "spec": spec, "status": {}}


def label_selector(text: str) -> dict:
    """metav1.ParseToLabelSelector: equality into matchLabels, the rest into matchExpressions."""
    try:
        reqs = sorted(objects.parse_selector(text).requirements, key=lambda r: r.key)  # labels.ParseToRequirements sorts by key
    except objects.SelectorError as e:
        raise GeneratorError(f'couldn\'t parse the selector string "{text}": {e}') from None
    ops = {"in": "In", "notin": "NotIn", "exists": "Exists", "!": "DoesNotExist"}
    labels: dict[str, str] = {}
    exprs: list[dict] = []
    for r in reqs:
        if r.op == "=":
            labels[r.key] = r.values[0]
        elif r.op in ops:
            e: dict[str, Any] = {"key": r.key, "operator": ops[r.op]}
            if r.values:
                e["values"] = sorted(r.values)
            exprs.append(e)
        elif r.op in ("gt", "lt"):
            raise GeneratorError(f'"{r.op}" isn\'t supported in label selectors')
        else:
            raise GeneratorError(f'"{r.op}" is not a valid label selector operator')
    out: dict[str, Any] = {}
    if labels:
        out["matchLabels"] = labels
    if exprs:
        out["matchExpressions"] = exprs
    return out


def pod_disruption_budget(name: str, selector: str, min_available: str, max_unavailable: str,
                          namespace: str | None = None) -> dict:
    """create_pdb.go: Validate, then a policy/v1 PodDisruptionBudget (intstr values, a zero status)."""
    if not selector:
        raise GeneratorError("a selector must be specified")
    if not min_available and not max_unavailable:
        raise GeneratorError("one of min-available or max-unavailable must be specified")
    if min_available and max_unavailable:
        raise GeneratorError("min-available and max-unavailable cannot be both specified")
    for flag, v in (("min-available", min_available), ("max-unavailable", max_unavailable)):
        if v and not re.fullmatch(r"[0-9]+%?", v):
            raise GeneratorError(f"invalid format specified for {flag}")
    spec: dict[str, Any] = {}
    key, value = ("minAvailable", min_available) if min_available else ("maxUnavailable", max_unavailable)
    spec[key] = value if value.endswith("%") else int(value)  # intstr.Parse
    spec["selector"] = label_selector(selector)
    return {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": _meta(name, namespace), "spec": spec,
            "status": {"currentHealthy": 0, "desiredHealthy": 0, "disruptionsAllowed": 0, "expectedPods": 0}}


def priority_class(name: str, value: int, global_default: bool, description: str, preemption_policy: str) -> dict:
    """create_priorityclass.go."""
    obj: dict[str, Any] = {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": _meta(name, None),
                           "value": value}
    if global_default:
        obj["globalDefault"] = True
    if description:
        obj["description"] = description
    obj["preemptionPolicy"] = preemption_policy
    return obj


def for_server(obj: dict) -> dict:
    """Drop the nulls and the empty top-level status a Go decode would not keep."""
    out = _drop_nulls(obj)
    if out.get("status") in ({}, {"loadBalancer": {}}) or (out.get("kind") == "PodDisruptionBudget"
                                                            and not any((out.get("status") or {}).values())):
        out.pop("status", None)
    return out


def _drop_nulls(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _drop_nulls(v) for k, v in obj.items() if v is not None}
    if isinstance(obj, list):
        return [_drop_nulls(v) for v in obj]
    return obj
