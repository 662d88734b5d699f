"""The local-path provisioner's configuration and the helper pods it runs (rancher/local-path-provisioner
v0.0.30 provisioner.go, util.go).

Its configuration is kind's ``local-path-config`` ConfigMap: ``config.json`` (where volumes go on
each node, and how long a helper pod may take), the ``setup`` and ``teardown`` scripts, and the
``helperPod.yaml`` template. Upstream reads config.json and the template from the ConfigMap's
mounted files and reloads them every 30 s; here they are read from the ConfigMap when a helper pod
is made, which is what a learner who edits it sees half a minute later.

createHelperPod makes the pod from the template: named ``helper-pod-<create|delete>-<pv name>``, on
the volume's node, tolerating every taint, restartPolicy Never, the volume's parent directory
mounted from the node (hostPath DirectoryOrCreate) and the scripts from the ConfigMap at /script,
and runs ``/bin/sh /script/setup`` (or teardown) with VOL_DIR, VOL_MODE and VOL_SIZE_BYTES in its
environment and as arguments. The kubelet runs it like any pod: the script's mkdir or rm -rf is
what changes the node's disk.
"""
from __future__ import annotations

import copy
import json
import posixpath

import yaml

from clusters import objects

NAMESPACE = "local-path-storage"
CONFIG_MAP = "local-path-config"  # main.go DefaultConfigMapName
SERVICE_ACCOUNT = "local-path-provisioner-service-account"  # main.go DefaultServiceAccount
DEFAULT_NODE = "DEFAULT_PATH_FOR_NON_LISTED_NODES"  # provisioner.go NodeDefaultNonListedNodes
DEFAULT_CMD_TIMEOUT = 120  # provisioner.go defaultCmdTimeoutSeconds
HELPER_POD_NAME_MAX = 128  # provisioner.go HelperPodNameMaxLength
SCRIPT_DIR = "/script"


class ConfigError(Exception):
    """What upstream returns when its configuration does not give what it needs."""


def config_map(api) -> dict:
    cm = api.try_get("configmaps", CONFIG_MAP, NAMESPACE)
    return (cm or {}).get("data") or {}


def config_text(api) -> str | None:
    return config_map(api).get("config.json")


def _config(api) -> dict:
    try:
        data = json.loads(config_text(api) or "")
    except ValueError as e:
        raise ConfigError(f"fail to load config file /etc/config/config.json: {e}") from None
    return data if isinstance(data, dict) else {}


def cmd_timeout(api) -> int:
    try:
        seconds = _config(api).get("cmdTimeoutSeconds")
    except ConfigError:
        return DEFAULT_CMD_TIMEOUT
    return seconds if isinstance(seconds, int) and seconds > 0 else DEFAULT_CMD_TIMEOUT


def path_on_node(api, node: str, class_name: str, requested: str, debug) -> str:
    """getPathOnNode with pickConfig: the base directory for a volume on ``node``; ``debug(text)``
    logs upstream's debug line when the node falls back to the default entry."""
    data = _config(api)
    configs = data.get("storageClassConfigs") or {}
    if configs:
        if class_name not in configs:
            raise ConfigError(f"BUG: Got request for unexpected storage class {class_name}")
        data = configs[class_name] or {}
    node_map = {n.get("node"): n.get("paths") or [] for n in data.get("nodePathMap") or ()}
    if data.get("sharedFileSystemPath") and node_map:
        raise ConfigError("both nodePathMap and sharedFileSystemPath are defined. Please make sure only one is in use")
    if not node_map:
        if data.get("sharedFileSystemPath"):
            return data["sharedFileSystemPath"]
        raise ConfigError("both nodePathMap and sharedFileSystemPath are unconfigured")
    paths = node_map.get(node)
    if paths is None:
        paths = node_map.get(DEFAULT_NODE)
        if paths is None:
            raise ConfigError(f"config doesn't contain node {node}, and no {DEFAULT_NODE} available")
        debug(f"config doesn't contain node {node}, use {DEFAULT_NODE} instead")
    if not paths:
        raise ConfigError(f"no local path available on node {node}")
    if requested:
        if requested not in paths:
            raise ConfigError(f"config doesn't contain path {requested} on node {node}")
        return requested
    return posixpath.normpath(paths[0])  # Go ranges a map in no order: with one path, that one


def _template(api) -> dict:
    """loadHelperPodFile (util.go) on the ConfigMap's helperPod.yaml."""
    text = config_map(api).get("helperPod.yaml") or ""
    try:
        pod = yaml.safe_load(text)
    except yaml.YAMLError:
        raise ConfigError(f"invalid YAMLToJSON the helper pod with helperPodYaml: {text}") from None
    if not isinstance(pod, dict) or not ((pod.get("spec") or {}).get("containers")):
        raise ConfigError("helper pod template does not specify any container")
    return pod


def _add_mount(mounts: list, name: str, path: str) -> dict:
    """addVolumeMount: the template's mount of that name (its path kept when it has one), else a new one."""
    for m in mounts:
        if m.get("name") == name:
            if not m.get("mountPath"):
                m["mountPath"] = path
            return m
    mounts.append({"name": name, "mountPath": path})
    return mounts[-1]


def helper_pod(api, action: str, pv_name: str, path: str, mode: str, size: int, node: str) -> dict:
    """createHelperPod's pod (provisioner.go), or ConfigError with its words."""
    if not pv_name or not path or not node:
        raise ConfigError("invalid empty name or path or node")
    if not path.startswith("/"):
        raise ConfigError(f"volume path {path} is not absolute")
    path = posixpath.normpath(path)
    parent, volume_dir = posixpath.split(path)
    parent = parent.rstrip("/") + "/"  # filepath.Split keeps the separator
    pod = copy.deepcopy(_template(api))
    spec = pod.setdefault("spec", {})
    container = spec["containers"][0]
    mounts = container.setdefault("volumeMounts", [])
    _add_mount(mounts, "script", SCRIPT_DIR)["mountPath"] = SCRIPT_DIR
    parent_dir = _add_mount(mounts, "data", parent)["mountPath"].rstrip("/")
    if not parent_dir or not volume_dir or not parent_dir.startswith("/"):
        raise ConfigError(f"invalid path {action} for {path}: cannot find parent dir or volume dir or parent dir is relative")
    vol_dir = posixpath.join(parent_dir, volume_dir)
    name = f"{(pod.get('metadata') or {}).get('name', '')}-{action}-{pv_name}"[:HELPER_POD_NAME_MAX]
    pod["metadata"] = dict(pod.get("metadata") or {}, name=name, namespace=NAMESPACE)
    pod.setdefault("apiVersion", "v1")
    pod.setdefault("kind", "Pod")
    spec["nodeName"] = node
    spec["serviceAccountName"] = SERVICE_ACCOUNT
    spec["restartPolicy"] = "Never"
    spec["tolerations"] = list(spec.get("tolerations") or []) + [{"operator": "Exists"}]
    spec["volumes"] = list(spec.get("volumes") or []) + [
        {"name": "data", "hostPath": {"path": parent, "type": "DirectoryOrCreate"}},
        {"name": "script", "configMap": {"name": CONFIG_MAP, "items": [{"key": "setup", "path": "setup"},
                                                                      {"key": "teardown", "path": "teardown"}]}}]
    container["command"] = ["/bin/sh", f"{SCRIPT_DIR}/{'setup' if action == 'create' else 'teardown'}"]
    container["env"] = list(container.get("env") or []) + [
        {"name": "VOL_DIR", "value": vol_dir}, {"name": "VOL_MODE", "value": mode},
        {"name": "VOL_SIZE_BYTES", "value": str(size)}]
    container["args"] = ["-p", vol_dir, "-s", str(size), "-m", mode, "-a", action]
    return objects.clone(pod)


def node_of_volume(pv: dict) -> tuple[str, str]:
    """getPathAndNodeForPV: the volume's directory and the node its affinity names, or ConfigError."""
    spec = pv.get("spec") or {}
    host, local = spec.get("hostPath"), spec.get("local")
    if host is not None and local is None:
        path = host.get("path") or ""
    elif local is not None and host is None:
        path = local.get("path") or ""
    else:
        raise ConfigError("no path set")
    affinity = spec.get("nodeAffinity")
    if affinity is None:
        raise ConfigError("no NodeAffinity set")
    required = affinity.get("required")
    if required is None:
        raise ConfigError("no NodeAffinity.Required set")
    for term in required.get("nodeSelectorTerms") or ():
        for expr in term.get("matchExpressions") or ():
            if expr.get("key") == "kubernetes.io/hostname" and expr.get("operator") == "In":
                values = expr.get("values") or []
                if len(values) != 1:
                    raise ConfigError("multiple values for the node affinity")
                return path, values[0]
    raise ConfigError("cannot find affinited node")
