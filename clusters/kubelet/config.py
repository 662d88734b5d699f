"""ConfigMaps, Secrets and the downward API, as a container sees them.

Environment (kubelet_pods.go makeEnvironmentVariables): envFrom, then env with
$(VAR) expansion (from those and the service links: ``enableServiceLinks``,
KUBERNETES_* always); a missing ConfigMap or Secret that is not optional fails
the start with CreateContainerConfigError and the upstream message
(``configmap "x" not found``, ``couldn't find key k in ConfigMap ns/x``). The
kubelet collects them in Go maps and hands the runtime the container's variables
in that map's iteration order, then the service links in theirs: the order a
container sees differs from the manifest's and from one start to the next
(``go_map_order`` models Go 1.23's maps, seeded per container start).

Volumes (volume/configmap, volume/secret, volume/downwardapi, projected):
resolved into {path: content} before the sandbox starts; a missing source
fails the mount with ``MountVolume.SetUp failed for volume "v" : configmap
"x" not found`` and is retried with the volume manager's back-off. A
projected serviceAccountToken source (every pod's kube-api-access volume) is a
JWT made when read (``ServiceAccountToken``).
"""
from __future__ import annotations

import base64
import hashlib
import re
import uuid

from clusters import objects
from clusters.apiserver import admission, tokens
from clusters.controllers.volume import helpers as volume_helpers
from clusters.kubelet import host_files

_REF = re.compile(r"\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)|\$\$")


def expand(text: str, env: dict) -> str:
    """third_party/forked/golang/expansion: $(VAR) from env, $$ escapes, unknown refs kept."""
    def sub(m):
        if m.group(0) == "$$":
            return "$"
        name = m.group(1)
        return env[name] if name in env else m.group(0)
    return _REF.sub(sub, text)


def _secret_value(v: str) -> str:
    try:
        return base64.b64decode(v).decode("utf-8", "replace")
    except (ValueError, TypeError):
        return v


def _cm_data(api, ns: str, name: str):
    cm = api.try_get("configmaps", name, ns)
    if cm is None:
        return None
    data = dict(cm.get("data") or {})
    for k, v in (cm.get("binaryData") or {}).items():
        data[k] = _secret_value(v)
    return data


def _secret_data(api, ns: str, name: str):
    s = api.try_get("secrets", name, ns)
    if s is None:
        return None
    data = {k: _secret_value(v) for k, v in (s.get("data") or {}).items()}
    data.update(s.get("stringData") or {})
    return data


def field_value(pod: dict, path: str, pod_ip: str, host_ip: str) -> str:
    m = pod["metadata"]
    if path == "metadata.name":
        return m.get("name", "")
    if path == "metadata.namespace":
        return m.get("namespace", "")
    if path == "metadata.uid":
        return m.get("uid", "")
    if path == "spec.nodeName":
        return pod["spec"].get("nodeName", "")
    if path == "spec.serviceAccountName":
        return pod["spec"].get("serviceAccountName", "")
    if path in ("status.podIP", "status.podIPs"):
        return pod_ip
    if path in ("status.hostIP", "status.hostIPs"):
        return host_ip
    mm = re.match(r"metadata\.(labels|annotations)\['(.+)'\]$", path)
    if mm:
        return (m.get(mm.group(1)) or {}).get(mm.group(2), "")
    if path in ("metadata.labels", "metadata.annotations"):
        # pkg/fieldpath FormatMap: key=%q a line, keys sorted, no newline after the last.
        d = m.get(path.split(".")[1]) or {}
        return "\n".join(f"{k}={go_quote(v)}" for k, v in sorted(d.items()))
    return ""


def go_quote(text: str) -> str:
    """Go's %q (strconv.Quote): double quotes, with \\ \" and non-printable characters escaped."""
    out = ['"']
    for ch in text:
        if ch in ('"', "\\"):
            out.append("\\" + ch)
        elif ch in _GO_ESCAPES:
            out.append(_GO_ESCAPES[ch])
        elif ch.isprintable():
            out.append(ch)
        elif ord(ch) < 0x80:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    out.append('"')
    return "".join(out)


_GO_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def kubelet_view(pod: dict, seen: str) -> dict:
    """The pod as the kubelet holds it: its config source adds ``kubernetes.io/config.seen`` (when it
    first saw the pod) and ``kubernetes.io/config.source: api`` to the annotations (pkg/kubelet/config
    config.go), and the downward API reads that copy, so a pod's annotations file lists them."""
    m = pod["metadata"]
    annotations = dict(m.get("annotations") or {})
    annotations["kubernetes.io/config.seen"] = seen
    annotations["kubernetes.io/config.source"] = "api"
    return {**pod, "metadata": {**m, "annotations": annotations}}


def resource_value(container: dict, ref: dict, node_cpu_m: int, node_mem: int) -> str:
    """pkg/api/v1/resource ExtractContainerResourceValue: the request or limit (a missing limit is the
    node's allocatable) divided by the divisor, rounded up."""
    res = ref.get("resource", "")
    kind, _, name = res.partition(".")
    q = ((container.get("resources") or {}).get(kind) or {}).get(name)
    div = ref.get("divisor") or "1"
    if name == "cpu":
        m = objects.milli_cpu(q) if q is not None else node_cpu_m
        d = objects.milli_cpu(div) or 1
        return str(-(-m // d))
    b = objects.bytes_of(q) if q is not None else node_mem
    d = objects.bytes_of(div) or 1
    return str(-(-b // d))


def go_map_order(keys: list, seed: str) -> list:
    """The order Go 1.23's ``for k := range m`` visits ``keys`` (inserted in that order) in a map
    whose random hash seed and iteration start come from ``seed`` (runtime/map.go).

    Up to 8 keys share one bucket in insertion order and iteration starts at a random slot, so
    the order is a rotation of the insertion order (``DB_USERNAME`` before ``BACKEND_USERNAME``,
    as distribute-credentials-secure.md shows). Past that the map has 2^B buckets for at most
    6.5 keys each (overLoadFactor); keys go to buckets by hash, and iteration starts at a
    random bucket, visiting every bucket (and its overflow) from the same random slot."""
    n = len(keys)
    if n <= 1:
        return list(keys)
    r = int.from_bytes(hashlib.sha256(f"iter/{seed}".encode()).digest()[:8], "big")
    b = 0
    while n > 8 and n > 13 * (1 << b) // 2:
        b += 1
    buckets: list[list] = [[] for _ in range(1 << b)]
    for k in keys:
        h = int.from_bytes(hashlib.sha256(f"hash/{seed}/{k}".encode()).digest()[:8], "big") if b else 0
        buckets[h & ((1 << b) - 1)].append(k)
    start, offset = r & ((1 << b) - 1), (r >> b) & 7
    out = []
    for i in range(1 << b):
        chain = buckets[(start + i) & ((1 << b) - 1)]
        for j in range(0, len(chain), 8):  # a bucket, then its overflow buckets
            slots = chain[j:j + 8]
            out += [slots[(offset + s) & 7] for s in range(8) if (offset + s) & 7 < len(slots)]
    return out


def _svc_env(api, ns: str, links: bool, seed: str = "") -> list[tuple[str, str]]:
    out = []
    svcs = []
    k = api.try_get("services", "kubernetes", "default")
    if k is not None:
        svcs.append(k)
    if links:
        svcs += [s for s in api.list("services", ns) if not (ns == "default" and s["metadata"]["name"] == "kubernetes")]
    if seed:  # getServiceEnvVarMap collects them in a map by name first
        by_name = {s["metadata"]["name"]: s for s in svcs}
        svcs = [by_name[n] for n in go_map_order(list(by_name), f"{seed}/services")]
    for s in svcs:
        spec = s.get("spec") or {}
        ip = spec.get("clusterIP")
        if not ip or ip == "None":
            continue
        name = s["metadata"]["name"].upper().replace("-", "_")
        ports = spec.get("ports") or []
        if not ports:
            continue
        out.append((f"{name}_SERVICE_HOST", ip))
        out.append((f"{name}_SERVICE_PORT", str(ports[0].get("port"))))
        for p in ports:
            if p.get("name"):
                out.append((f"{name}_SERVICE_PORT_{p['name'].upper().replace('-', '_')}", str(p.get("port"))))
        proto = (ports[0].get("protocol") or "TCP").lower()
        out.append((f"{name}_PORT", f"{proto}://{ip}:{ports[0].get('port')}"))
        for p in ports:
            pr = (p.get("protocol") or "TCP")
            base = f"{name}_PORT_{p.get('port')}_{pr}"
            out.append((base, f"{pr.lower()}://{ip}:{p.get('port')}"))
            out.append((base + "_PROTO", pr.lower()))
            out.append((base + "_PORT", str(p.get("port"))))
            out.append((base + "_ADDR", ip))
    return out


def container_env(api, pod: dict, container: dict, pod_ip: str, host_ip: str, node_cpu_m: int,
                  node_mem: int, seed: str = "") -> tuple[list[tuple[str, str]], str | None]:
    """(ordered (name, value) pairs, error message or None).

    With a ``seed`` (one per container start) the pairs come in the order the kubelet hands them
    to the runtime (the module docstring); without one, service links, envFrom, then env."""
    ns = pod["metadata"]["namespace"]
    spec = pod["spec"]
    services = dict(_svc_env(api, ns, spec.get("enableServiceLinks", True) is not False, seed))
    env: dict[str, str] = {} if seed else dict(services)
    pairs, err = _container_vars(api, pod, container, pod_ip, host_ip, node_cpu_m, node_mem, env, services, seed)
    if err is not None or not seed:
        return pairs, err
    own = go_map_order([k for k, _ in pairs], f"{seed}/env")
    rest = go_map_order([k for k in services if k not in env], f"{seed}/services-env")
    return [(k, env[k]) for k in own] + [(k, services[k]) for k in rest], None


def _container_vars(api, pod: dict, container: dict, pod_ip: str, host_ip: str, node_cpu_m: int, node_mem: int,
                    env: dict, services: dict, seed: str) -> tuple[list[tuple[str, str]], str | None]:
    """envFrom then env into ``env`` (``$(VAR)`` reads it, then the service links)."""
    ns = pod["metadata"]["namespace"]
    for ef in container.get("envFrom") or ():
        prefix = ef.get("prefix") or ""
        if ef.get("configMapRef"):
            ref = ef["configMapRef"]
            data = _cm_data(api, ns, ref.get("name", ""))
            if data is None:
                if ref.get("optional"):
                    continue
                return [], f'configmap "{ref.get("name", "")}" not found'
        elif ef.get("secretRef"):
            ref = ef["secretRef"]
            data = _secret_data(api, ns, ref.get("name", ""))
            if data is None:
                if ref.get("optional"):
                    continue
                return [], f'secret "{ref.get("name", "")}" not found'
        else:
            continue
        # A decoded object's map holds its keys sorted; the kubelet copies them in its iteration order.
        source = "configmap" if ef.get("configMapRef") else "secret"
        for k in (go_map_order(sorted(data), f"{seed}/{source}/{ref.get('name', '')}") if seed else data):
            env[prefix + k] = data[k]
    for e in container.get("env") or ():
        name = e.get("name", "")
        if "value" in e or not e.get("valueFrom"):
            env[name] = expand(str(e.get("value", "")), {**services, **env})
            continue
        vf = e["valueFrom"]
        if vf.get("configMapKeyRef"):
            ref = vf["configMapKeyRef"]
            data = _cm_data(api, ns, ref.get("name", ""))
            if data is None:
                if ref.get("optional"):
                    continue
                return [], f'configmap "{ref.get("name", "")}" not found'
            if ref.get("key") not in data:
                if ref.get("optional"):
                    continue
                return [], f"couldn't find key {ref.get('key')} in ConfigMap {ns}/{ref.get('name')}"
            env[name] = data[ref["key"]]
        elif vf.get("secretKeyRef"):
            ref = vf["secretKeyRef"]
            data = _secret_data(api, ns, ref.get("name", ""))
            if data is None:
                if ref.get("optional"):
                    continue
                return [], f'secret "{ref.get("name", "")}" not found'
            if ref.get("key") not in data:
                if ref.get("optional"):
                    continue
                return [], f"couldn't find key {ref.get('key')} in Secret {ns}/{ref.get('name')}"
            env[name] = data[ref["key"]]
        elif vf.get("fieldRef"):
            env[name] = field_value(pod, vf["fieldRef"].get("fieldPath", ""), pod_ip, host_ip)
        elif vf.get("resourceFieldRef"):
            env[name] = resource_value(container, vf["resourceFieldRef"], node_cpu_m, node_mem)
    return list(env.items()), None


def downward_files(pod: dict, items, pod_ip: str, host_ip: str, node_cpu_m: int, node_mem: int) -> dict:
    """volume/downwardapi CollectData: a file per item, a field's value or a container's resource."""
    out = {}
    containers = {c.get("name"): c for c in pod["spec"].get("containers") or ()}
    for it in items:
        if it.get("fieldRef"):
            out[it.get("path", "")] = field_value(pod, it["fieldRef"].get("fieldPath", ""), pod_ip, host_ip)
        elif it.get("resourceFieldRef"):
            ref = it["resourceFieldRef"]
            container = containers.get(ref.get("containerName"), {})
            out[it.get("path", "")] = resource_value(container, ref, node_cpu_m, node_mem)
    return out


def volume_contents(api, pod: dict, vol: dict, pod_ip: str, host_ip: str, node_cpu_m: int = 0,
                    node_mem: int = 0) -> tuple[dict | None, str | None]:
    """({relative path: content}, error) for one pod volume."""
    ns = pod["metadata"]["namespace"]
    node = (pod.get("spec") or {}).get("nodeName") or ""
    if vol.get("persistentVolumeClaim") is not None:
        pv, err = volume_helpers.claim_volume(api, ns, vol["persistentVolumeClaim"].get("claimName", ""))
        if pv is None:
            return None, err
        path = volume_helpers.node_path(pv)
        if path is None:
            return volume_helpers.volume_files(api.cluster, pv["metadata"]["name"]), None
        # A local volume's path must be there already (local.go SetUpAt); a hostPath's is checked by type.
        type_ = "Directory" if pv["spec"].get("hostPath") is None else pv["spec"]["hostPath"].get("type")
        err = host_files.check_type(api.cluster, node, path, type_)
        if err is not None:
            return None, SetUpFailure(pv["metadata"]["name"], err)
        return host_files.HostDir(api.cluster, node, path), None
    if vol.get("hostPath") is not None:
        err = host_files.check_type(api.cluster, node, vol["hostPath"].get("path", ""), vol["hostPath"].get("type"))
        if err is not None:
            return None, err
        return host_files.HostDir(api.cluster, node, vol["hostPath"].get("path", "")), None
    if vol.get("configMap") is not None or vol.get("secret") is not None:
        is_cm = vol.get("configMap") is not None
        src = vol.get("configMap") if is_cm else vol.get("secret")
        name = src.get("name", "") if is_cm else src.get("secretName", "")
        data = _cm_data(api, ns, name) if is_cm else _secret_data(api, ns, name)
        if data is None:
            if src.get("optional"):
                return {}, None
            return None, f'{"configmap" if is_cm else "secret"} "{name}" not found'
        return _project(data, src.get("items")), None
    if vol.get("downwardAPI") is not None:
        return downward_files(pod, vol["downwardAPI"].get("items") or (), pod_ip, host_ip, node_cpu_m, node_mem), None
    if vol.get("projected") is not None:
        out = {}
        for s in vol["projected"].get("sources") or ():
            if s.get("configMap") is not None:
                data = _cm_data(api, ns, s["configMap"].get("name", ""))
                if data is None:
                    if s["configMap"].get("optional"):
                        continue
                    return None, f'configmap "{s["configMap"].get("name", "")}" not found'
                out.update(_project(data, s["configMap"].get("items")))
            elif s.get("secret") is not None:
                data = _secret_data(api, ns, s["secret"].get("name", ""))
                if data is None:
                    if s["secret"].get("optional"):
                        continue
                    return None, f'secret "{s["secret"].get("name", "")}" not found'
                out.update(_project(data, s["secret"].get("items")))
            elif s.get("serviceAccountToken") is not None:
                sat = s["serviceAccountToken"]
                out[sat.get("path", "token")] = ServiceAccountToken(api, pod, sat.get("expirationSeconds") or 3600,
                                                                    sat.get("audience") or "")
            elif s.get("downwardAPI") is not None:
                out.update(downward_files(pod, s["downwardAPI"].get("items") or (), pod_ip, host_ip, node_cpu_m, node_mem))
        return out, None
    return {}, None


class SetUpFailure(str):
    """A claim's volume that was found but could not be set up: the kubelet names the
    PersistentVolume in its FailedMount event (``MountVolume.SetUp failed for volume "PV"``)."""

    def __new__(cls, volume: str, message: str):
        self = super().__new__(cls, message)
        self.volume = volume
        return self

    def __getnewargs__(self):
        return self.volume, str(self)


class ServiceAccountToken:
    """The token file of a projected serviceAccountToken source.

    The kubelet's token manager (pkg/kubelet/token/token_manager.go) asks the API server's
    TokenRequest for the pod's service account, bound to the pod, when the volume mounts;
    pkg/registry/core/serviceaccount/storage/token.go then stretches a 3607-second request
    with the API server's own audience to a year (ExpirationExtensionSeconds) and records
    the hour in ``warnafter`` (the admission plugin's kube-api-access volume asks exactly
    that). Claims and signing are clusters/apiserver/tokens.py's; the jti is derived from the
    pod's UID rather than drawn, so mounting shifts no later name. The kubelet refreshes only
    after 80 % of the token's life, so within a lab the token never changes.

    The text is made when read: a 30,000-pod cluster keeps this small object per pod, not a
    kilobyte of JWT. ``Files.read`` calls it."""

    # Only the pod's names, not the pod: the kubelet's view of it is a copy a token would keep alive.
    __slots__ = ("api", "bound", "issued", "seconds", "audience")

    def __init__(self, api, pod: dict, seconds: int, audience: str):
        m, spec = pod["metadata"], pod["spec"]
        self.api = api
        self.bound = (m.get("namespace", ""), m.get("name", ""), m.get("uid", ""),
                      spec.get("serviceAccountName") or "default", spec.get("nodeName"))
        self.issued = int(api.cluster.epoch + api.clock.now)
        self.seconds = int(seconds)
        self.audience = audience

    def __call__(self) -> str:
        api = self.api
        ns, pod_name, pod_uid, sa_name, node = self.bound
        sa = api.try_get("serviceaccounts", sa_name, ns) or {"metadata": {}}
        k8s: dict = {"namespace": ns}
        if node:  # ServiceAccountTokenPodNodeInfo
            n = api.try_get("nodes", node) or {"metadata": {}}
            k8s["node"] = {"name": node, "uid": n["metadata"].get("uid", "")}
        k8s["pod"] = {"name": pod_name, "uid": pod_uid}
        k8s["serviceaccount"] = {"name": sa_name, "uid": sa["metadata"].get("uid", "")}
        exp = self.seconds
        if exp == admission.WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS and not self.audience:
            k8s["warnafter"] = self.issued + exp
            exp = EXPIRATION_EXTENSION_SECONDS
        jti = str(uuid.UUID(bytes=hashlib.sha256(f"token/{pod_uid}/{self.issued}".encode()).digest()[:16],
                            version=4))
        claims = {"aud": [self.audience or tokens.ISSUER], "exp": self.issued + exp, "iat": self.issued,
                  "iss": tokens.ISSUER, "jti": jti, "kubernetes.io": k8s, "nbf": self.issued,
                  "sub": f"system:serviceaccount:{ns}:{sa_name}"}
        return tokens.sign(claims, api.cluster.seed)


# pkg/serviceaccount ExpirationExtensionSeconds: how far the API server extends a token asked
# for with the admission plugin's WarnOnlyBoundTokenExpirationSeconds.
EXPIRATION_EXTENSION_SECONDS = 24 * 365 * 60 * 60


def _project(data: dict, items) -> dict:
    if not items:
        return dict(data)
    return {it.get("path", it.get("key", "")): data[it["key"]] for it in items if it.get("key") in data}


def uses(pod: dict, kind: str, name: str) -> bool:
    """Whether a pod refers to a ConfigMap ("configmap") or Secret ("secret") by name."""
    spec = pod.get("spec") or {}
    for v in spec.get("volumes") or ():
        if kind == "configmap" and (v.get("configMap") or {}).get("name") == name:
            return True
        if kind == "secret" and (v.get("secret") or {}).get("secretName") == name:
            return True
        for s in (v.get("projected") or {}).get("sources") or ():
            if kind == "configmap" and (s.get("configMap") or {}).get("name") == name:
                return True
            if kind == "secret" and (s.get("secret") or {}).get("name") == name:
                return True
    for c in (spec.get("containers") or []) + (spec.get("initContainers") or []):
        for ef in c.get("envFrom") or ():
            if kind == "configmap" and (ef.get("configMapRef") or {}).get("name") == name:
                return True
            if kind == "secret" and (ef.get("secretRef") or {}).get("name") == name:
                return True
        for e in c.get("env") or ():
            vf = e.get("valueFrom") or {}
            if kind == "configmap" and (vf.get("configMapKeyRef") or {}).get("name") == name:
                return True
            if kind == "secret" and (vf.get("secretKeyRef") or {}).get("name") == name:
                return True
    return False
