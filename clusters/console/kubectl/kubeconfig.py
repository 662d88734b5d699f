"""The learner's kubeconfig: its data, its printed form, and the server it points at.

The kubeconfig lives on the cluster (``cluster.kubeconfig``) so it survives
snapshots. It is kept in the shape of client-go's internal
``clientcmdapi.Config`` (k8s.io/client-go/tools/clientcmd/api/types.go):
maps of clusters, users and contexts by name, each entry a dict of the
struct's JSON names (the internal ones: ``act-as``, not v1's ``as``), a key
left out when its value is the zero value. ``[]byte`` fields hold their
base64 text, as the file does.

``kubectl config set``/``unset`` walk that shape as set.go's ``modifyConfig``
walks the Go structs with reflection (navigation_step_parser.go), so their
paths and errors are upstream's. ``view`` converts to v1
(clientcmd/api/v1/conversion.go: maps become lists sorted by name, an empty
map becomes ``null``) and redacts as view.go does (RedactSecrets, then
ShortenConfig).

``endpoint`` says where a command would connect (context, cluster, server),
so that a context that names nothing, a cluster that does not exist or a
server that is not this cluster fail as kubectl fails.
"""
from __future__ import annotations

import base64

# kubeadm's admin.conf names (cmd/kubeadm/app/phases/kubeconfig).
CLUSTER_NAME = "kubernetes"
USER_NAME = "kubernetes-admin"
CONTEXT_NAME = "kubernetes-admin@kubernetes"
SERVER = "https://127.0.0.1:6443"
# The servers that reach this cluster's API server from the learner's terminal.
OUR_SERVERS = ("https://127.0.0.1:6443", "https://localhost:6443")
# The admin.conf credentials, as base64 text (the simulation checks no certificate).
_PEM = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg=="
# The one client certificate kind's CA signed: kubeadm's admin.conf (credentials.py).
ADMIN_CERTIFICATE = _PEM
PATH = "/root/.kube/config"


def initial() -> dict:
    return {
        "preferences": {},
        "clusters": {CLUSTER_NAME: {"server": SERVER, "certificate-authority-data": _PEM}},
        "users": {USER_NAME: {"client-certificate-data": _PEM, "client-key-data": _PEM}},
        "contexts": {CONTEXT_NAME: {"cluster": CLUSTER_NAME, "user": USER_NAME}},
        "current-context": CONTEXT_NAME,
    }


def of(cluster) -> dict:
    """The cluster's kubeconfig, ``~/.kube/config``. It is kept as data (the dict returned), or as the
    text a learner wrote there (read here; text that does not parse reads as empty, as the loader
    reports its error), or not at all once removed (``False``: empty). One saved before clusters and
    users were kept gets kubeadm's."""
    kc = getattr(cluster, "kubeconfig", None)
    if kc is None:
        kc = cluster.kubeconfig = initial()
    elif kc is False:
        return empty()
    elif isinstance(kc, str):
        try:
            return from_document(parse_text(kc))
        except ConfigError:
            return empty()
    elif "clusters" not in kc:
        base = initial()
        kc.setdefault("preferences", {})
        kc["clusters"] = base["clusters"]
        kc["users"] = base["users"]
        kc.setdefault("contexts", {})
        kc.setdefault("current-context", "")
    return kc


# -- the Go types set.go walks -------------------------------------------------------
# A struct is (Go type name, [(json name, type)]) in field order; other types are
# strings naming their reflect kind, or ("map", value type).
STRING, BOOL, BYTES, STRINGS = "string", "bool", "[]uint8", "[]string"
OBJECT = "runtime.Object"        # map[string]runtime.Object: reflect panics on its Elem
_EXTENSIONS = ("extensions", ("map", OBJECT))
_CLUSTER = ("api.Cluster", [("-", STRING), ("server", STRING), ("tls-server-name", STRING),
                            ("insecure-skip-tls-verify", BOOL), ("certificate-authority", STRING),
                            ("certificate-authority-data", BYTES), ("proxy-url", STRING),
                            ("disable-compression", BOOL), _EXTENSIONS])
_AUTHINFO = ("api.AuthInfo", [("-", STRING), ("client-certificate", STRING), ("client-certificate-data", BYTES),
                              ("client-key", STRING), ("client-key-data", BYTES), ("token", STRING),
                              ("tokenFile", STRING), ("act-as", STRING), ("act-as-uid", STRING),
                              ("act-as-groups", STRINGS), ("act-as-user-extra", ("map", STRINGS)),
                              ("username", STRING), ("password", STRING), ("auth-provider", "ptr"),
                              ("exec", "ptr"), _EXTENSIONS])
_CONTEXT = ("api.Context", [("-", STRING), ("cluster", STRING), ("user", STRING), ("namespace", STRING), _EXTENSIONS])
_PREFERENCES = ("api.Preferences", [("colors", BOOL), _EXTENSIONS])
CONFIG = ("api.Config", [("kind", STRING), ("apiVersion", STRING), ("preferences", _PREFERENCES),
                         ("clusters", ("map", _CLUSTER)), ("users", ("map", _AUTHINFO)),
                         ("contexts", ("map", _CONTEXT)), ("current-context", STRING), _EXTENSIONS])
# The address of reflect's type descriptor for api.Preferences in kubectl 1.32's
# binary: the one step a failing path can follow (`set preferences.x v`).
_STEP_TYPES = {"preferences": "0x203acc0"}


class ConfigError(Exception):
    """An error set.go returns (printed ``error: ...``)."""


class Panic(Exception):
    """What a Go panic in set.go prints; kubectl exits 2."""


def _is_struct(t) -> bool:
    return isinstance(t, tuple) and len(t) == 2 and isinstance(t[1], list)


def _is_map(t) -> bool:
    return isinstance(t, tuple) and len(t) == 2 and t[0] == "map"


def _options(t) -> dict:
    if not _is_struct(t):
        raise ConfigError(f"{t if isinstance(t, str) else 'map'} is not of type struct")
    return dict(t[1][::-1])  # the first field of a name wins, as a Go map built in order keeps the last


def steps(path: str) -> list[tuple[str, object]]:
    """navigation_step_parser.go newNavigationSteps: map keys may hold dots up to the next known field."""
    parts = path.split(".")
    out: list[tuple[str, object]] = []
    t = CONFIG
    i = 0
    while i < len(parts):
        if _is_map(t):
            value = t[1]
            if value == OBJECT:
                raise Panic("reflect: Elem of invalid type runtime.Object")
            opts = _options(value)
            rest = parts[i + 1:]
            n = next((k for k, p in enumerate(rest) if p in opts), -1) + 1
            name = ".".join(parts[i:i + n] if n else parts[i:])
            out.append((name, value))
            i += len(name.split("."))
            t = value
        elif _is_struct(t):
            opts = dict((n, ft) for n, ft in t[1])
            if parts[i] not in opts:
                done = " ".join("{%s %s}" % (n, _STEP_TYPES.get(n, "0x1f7a3c0")) for n, _ in out)
                raise ConfigError(f"unable to parse {path} after [{done}] at {t[0]}")
            out.append((parts[i], opts[parts[i]]))
            i += 1
            t = opts[parts[i - 1]]
        else:
            raise ConfigError(f"unable to parse one or more field values of {path}")
    return out


def _go_map(m: dict) -> str:
    """fmt's %v of a map of pointers: keys sorted, each pointing somewhere on the heap."""
    return "map[" + " ".join(f"{k}:0xc000{0x4a2c00 + 0x80 * i:06x}" for i, k in enumerate(sorted(m))) + "]"


def _go_bool(s: str) -> bool:
    """strconv.ParseBool."""
    if s in ("1", "t", "T", "TRUE", "true", "True"):
        return True
    if s in ("0", "f", "F", "FALSE", "false", "False"):
        return False
    raise ConfigError(f'strconv.ParseBool: parsing "{s}": invalid syntax')


def go_base64(s: str) -> bytes:
    """base64.StdEncoding.DecodeString, with its CorruptInputError offsets."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    si, n = 0, len(s)
    while si < n:
        j = 0
        while j < 4:
            while si < n and s[si] in "\r\n":
                si += 1
            if si == n:
                if j == 0:
                    break
                raise ConfigError(f"error decoding input value: illegal base64 data at input byte {si - j}")
            c = s[si]
            si += 1
            if c == "=":
                if j < 2:
                    raise ConfigError(f"error decoding input value: illegal base64 data at input byte {si - 1}")
                if j == 2:
                    while si < n and s[si] in "\r\n":
                        si += 1
                    if si == n:
                        raise ConfigError(f"error decoding input value: illegal base64 data at input byte {n}")
                    if s[si] != "=":
                        raise ConfigError(f"error decoding input value: illegal base64 data at input byte {si - 1}")
                    si += 1
                while si < n and s[si] in "\r\n":
                    si += 1
                if si < n:
                    raise ConfigError(f"error decoding input value: illegal base64 data at input byte {si}")
                j = 4
                break
            if c not in alphabet:
                raise ConfigError(f"error decoding input value: illegal base64 data at input byte {si - 1}")
            j += 1
        else:
            continue
        break
    return base64.b64decode("".join(ch for ch in s if ch not in "\r\n"))


def modify(conf: dict, path: str, value: str, unset: bool, raw_bytes: bool = False) -> None:
    """set.go modifyConfig over ``conf`` (the stored dict)."""
    walk = steps(path)
    _modify(conf, CONFIG, walk, 0, value, unset, raw_bytes)


def _modify(holder: dict, t, walk, k: int, value: str, unset: bool, raw: bool, key: str | None = None) -> None:
    """``holder[key]`` has type ``t`` (for the root, ``holder`` itself is the struct)."""
    step = walk[k] if k < len(walk) else ("", None)
    more = k + 1 < len(walk)
    cur = holder if key is None else holder.get(key)
    if _is_map(t):
        m = cur if isinstance(cur, dict) else {}
        if not more and not unset:
            raise ConfigError(f"can't set a map to a value: {_go_map(m)}")
        if not more and unset:
            m.pop(step[0], None)
            return
        if step[0] not in m:
            if unset:
                raise ConfigError(f"current map key `{step[0]}` is invalid")
            m[step[0]] = {}
        if key is not None:
            holder[key] = m
        _modify(m, t[1], walk, k + 1, value, unset, raw, step[0])
        return
    if t == STRING:
        if k < len(walk):
            raise ConfigError("can't have more steps after a string. " + _steps_repr(walk, k))
        _put(holder, key, value or None)
        return
    if t in (BYTES, STRINGS):
        if k < len(walk):
            raise ConfigError("can't have more steps after bytes. " + _steps_repr(walk, k))
        if t == STRINGS:
            if unset:
                _put(holder, key, None)
                return
            raise ConfigError("unrecognized slice type. string")
        if unset:
            _put(holder, key, None)
        elif raw:
            _put(holder, key, base64.b64encode(value.encode()).decode())
        else:
            _put(holder, key, base64.b64encode(go_base64(value)).decode())
        return
    if t == BOOL:
        if k < len(walk):
            raise ConfigError("can't have more steps after a bool. " + _steps_repr(walk, k))
        _put(holder, key, _go_bool(value) or None)
        return
    if _is_struct(t):
        struct = cur if isinstance(cur, dict) else {}
        for name, ft in t[1]:
            if name != step[0]:
                continue
            if not more and unset:
                struct.pop(name, None)
                return
            if key is not None:
                holder[key] = struct
            if _is_map(ft) and name not in struct:
                struct[name] = {}
            _modify(struct, ft, walk, k + 1, value, unset, raw, name)
            return
        colors = "true" if struct.get("colors") else "false"
        raise ConfigError('unable to locate path config.navigationStep{stepValue:"", stepType:reflect.Type(nil)} '
                          f"under {{{colors} map[]}}")
    raise Panic("unrecognized type: <nil>")


def _steps_repr(walk, k) -> str:
    return "&{[" + " ".join("{%s 0x1f7a3c0}" % n for n, _ in walk) + f"] {k}}}"


def _put(holder: dict, key, value) -> None:
    if value is None or value is False:
        holder.pop(key, None)
    else:
        holder[key] = value


# -- view -----------------------------------------------------------------------------------
_V1_NAMES = {"act-as": "as", "act-as-uid": "as-uid", "act-as-groups": "as-groups", "act-as-user-extra": "as-user-extra"}
_OMITTED = "DATA+OMITTED"


def _v1_cluster(c: dict, redact: bool) -> dict:
    out = {"server": c.get("server", "")}
    for k in ("tls-server-name", "insecure-skip-tls-verify", "certificate-authority", "certificate-authority-data",
              "proxy-url", "disable-compression"):
        if c.get(k):
            out[k] = c[k]
    if redact and out.get("certificate-authority-data"):
        out["certificate-authority-data"] = _OMITTED
    return out


def _v1_user(u: dict, redact: bool) -> dict:
    out = {}
    for k, v in u.items():
        if v in (None, "", [], {}):
            continue
        out[_V1_NAMES.get(k, k)] = v
    if "exec" in out:  # v1.ExecConfig: command, args, env and provideClusterInfo have no omitempty
        out["exec"] = {"command": "", "args": None, "env": None, "provideClusterInfo": False, **out["exec"]}
    if "auth-provider" in out:
        out["auth-provider"] = {"name": "", "config": None, **out["auth-provider"]}
    if redact:
        for k in ("client-certificate-data", "client-key-data"):
            if out.get(k):
                out[k] = _OMITTED
        for k in ("token", "password"):
            if out.get(k):
                out[k] = "REDACTED"
    return out


def _v1_context(c: dict) -> dict:
    out = {"cluster": c.get("cluster", ""), "user": c.get("user", "")}
    if c.get("namespace"):
        out["namespace"] = c["namespace"]
    return out


def document(conf: dict, redact: bool = True) -> dict:
    """The v1 Config that ``kubectl config view`` prints (keys in any order: the printers order them)."""
    def listed(m, entry, body):
        return [{"name": n, entry: body(m[n])} for n in sorted(m)] or None

    prefs = {"colors": True} if conf.get("preferences", {}).get("colors") else {}
    return {
        "kind": "Config", "apiVersion": "v1", "preferences": prefs,
        "clusters": listed(conf.get("clusters", {}), "cluster", lambda c: _v1_cluster(c, redact)),
        "users": listed(conf.get("users", {}), "user", lambda u: _v1_user(u, redact)),
        "contexts": listed(conf.get("contexts", {}), "context", _v1_context),
        "current-context": conf.get("current-context", ""),
    }


def parse_text(text: str):
    """A kubeconfig file's YAML (sigs.k8s.io/yaml), its error worded as go-yaml words it."""
    import yaml

    from clusters.console.kubectl import mutating

    try:
        return yaml.safe_load(text) if text.strip() else None
    except yaml.YAMLError as e:
        raise ConfigError(mutating.yaml_error(e)) from None


def empty() -> dict:
    """clientcmdapi.NewConfig: what a missing or empty file loads as."""
    return {"preferences": {}, "clusters": {}, "users": {}, "contexts": {}, "current-context": ""}


_INTERNAL_NAMES = {v: k for k, v in _V1_NAMES.items()}


def _entries(items, entry: str, body) -> dict:
    """conversion.go's slice-to-map conversions: each named entry by its name, zero values left out."""
    out = {}
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        fields = item.get(entry) if isinstance(item.get(entry), dict) else {}
        out[str(item.get("name") or "")] = body(fields)
    return out


def from_document(doc) -> dict:
    """A v1 Config as read from a file (latest.Codec.Decode, then conversion.go), in the internal shape."""
    if not isinstance(doc, dict):
        return empty()

    def kept(fields: dict, names: dict | None = None) -> dict:
        return {(names or {}).get(k, k): v for k, v in fields.items() if v not in (None, "", False, [], {})}

    prefs = doc.get("preferences") if isinstance(doc.get("preferences"), dict) else {}
    return {
        "preferences": {"colors": True} if prefs.get("colors") else {},
        "clusters": _entries(doc.get("clusters"), "cluster", kept),
        "users": _entries(doc.get("users"), "user", lambda u: kept(u, _INTERNAL_NAMES)),
        "contexts": _entries(doc.get("contexts"), "context", kept),
        "current-context": str(doc.get("current-context") or ""),
    }


def minify(conf: dict, context: str = "") -> dict:
    """helpers.go MinifyConfig."""
    cur = context or conf.get("current-context", "")
    if not cur:
        raise ConfigError("current-context must exist in order to minify")
    ctx = conf.get("contexts", {}).get(cur)
    if ctx is None:
        raise ConfigError(f"cannot locate context {cur}")
    out = dict(conf, **{"current-context": cur, "contexts": {cur: ctx}, "clusters": {}, "users": {}})
    if ctx.get("cluster"):
        if ctx["cluster"] not in conf.get("clusters", {}):
            raise ConfigError(f"cannot locate cluster {ctx['cluster']}")
        out["clusters"] = {ctx["cluster"]: conf["clusters"][ctx["cluster"]]}
    if ctx.get("user"):
        if ctx["user"] not in conf.get("users", {}):
            raise ConfigError(f"cannot locate user {ctx['user']}")
        out["users"] = {ctx["user"]: conf["users"][ctx["user"]]}
    return out


# -- where a command connects -----------------------------------------------------------
class Unreachable(Exception):
    """The kubeconfig sends the request somewhere this cluster does not answer."""

    def __init__(self, url: str, host: str, dial: str, secure: bool):
        super().__init__(host)
        self.secure = secure  # the server was written https://, so client-go reads the user's credentials
        self.url = url      # scheme://host[:port], as the request URL starts
        self.host = host    # what "The connection to the server HOST was refused" names
        self.dial = dial    # host:port dialled


class ConfigurationError(Exception):
    """clientcmd's validation error: ``Error in configuration: ...`` (no ``error:`` prefix)."""


def endpoint(conf: dict, context: str = "", cluster: str = "", server: str = "") -> str:
    """The server URL a command would use (client_config.go), raising when it is not this cluster.

    A context that is named but absent is a configuration error; no cluster
    (or one the kubeconfig lacks) means the default http://localhost:8080.
    """
    name = context or conf.get("current-context", "")
    contexts = conf.get("contexts", {})
    if name and name not in contexts:
        raise ConfigurationError(f"context was not found for specified context: {name}")
    ctx = contexts.get(name, {})
    cname = cluster or ctx.get("cluster", "")
    c = conf.get("clusters", {}).get(cname, {})
    url = server or c.get("server", "") or "http://localhost:8080"
    if url.rstrip("/") in OUR_SERVERS:
        return url
    raise unreachable(url)


def unreachable(url: str) -> Unreachable:
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "https", url
    hostport = rest.split("/", 1)[0]
    host, colon, port = hostport.rpartition(":") if ":" in hostport.lstrip("[") else (hostport, "", "")
    if not colon:
        host, port = hostport, ("443" if scheme == "https" else "80")
    ip = "127.0.0.1" if host == "localhost" else host
    return Unreachable(f"{scheme}://{hostport}", hostport, f"{ip}:{port}", url.startswith("https://"))
