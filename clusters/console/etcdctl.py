"""``etcdctl``: look inside the simulated etcd the way an operator looks inside a real one.

Commands and output follow etcd v3.5.16 (the version kubeadm 1.32 runs),
etcd-io/etcd:etcdctl/ctlv3/command/: ``get_command.go`` (flags, checks and
their messages), ``printer_simple.go`` / ``printer_fields.go`` /
``printer_json.go`` / ``printer_table.go`` (the four output formats),
``util.go`` (``printKV``), ``watch_command.go``, ``ep_command.go``,
``member_command.go``, ``compaction_command.go``, ``version_command.go``;
errors are printed by ``pkg/cobrautl/error.go`` ``ExitWithError`` as
``Error: <message>`` with its exit codes.

**Values: JSON, not protobuf.** A real kube-apiserver stores built-in types
as protobuf: the value starts with the magic ``k8s\\x00`` and is unreadable in
a terminal. kube-apiserver has a flag for this, ``--storage-media-type``
(default ``application/vnd.kubernetes.protobuf``); we behave as a cluster
started with ``--storage-media-type=application/json``, the encoding CRDs and
APIServices are always stored in. A learner then sees the object exactly as
the API server wrote it: the JSON serializer's compact form
(k8s.io/apimachinery/pkg/runtime/serializer/json/json.go, which ends each
object with a newline, so ``get`` shows a blank line after each value), keys
in Go struct order at the top level and in ``metadata``, and no
``resourceVersion``, which the etcd3 store clears before writing because the
key's mod_revision is the resourceVersion
(k8s.io/apiserver/pkg/storage/etcd3/store.go, APIObjectVersioner).

**Watches.** ``etcdctl watch --rev=N`` prints the events since revision N from
the store's history (or the compaction error when N is older than the last
compaction). Without ``--rev`` it follows the cluster for
``timing.FOLLOW_WINDOW`` virtual seconds and stops, as if the learner had
pressed Ctrl-C: a journaled console cannot wait for a key press.

Cluster identity (cluster and member IDs, raft term) is derived from the
cluster's seed so it is stable across replays; the raft index tracks the
store revision; the database size estimates bbolt's page-rounded file.
"""
from __future__ import annotations

import base64
import hashlib
import json
from typing import Any, Callable

from clusters import store as store_mod
from clusters.console import timing
from clusters.output import Output
from clusters.strings import isdigits

VERSION = "3.5.16"  # registry.k8s.io/etcd:3.5.16-0, kubeadm's etcd for 1.32 (cmd/kubeadm/app/constants)
API_VERSION = "3.5"
DEFAULT_ENDPOINT = "127.0.0.1:2379"
RAFT_TERM = 2  # a single member that has been elected once after its first start

# pkg/cobrautl/error.go
EXIT_ERROR = 1
EXIT_BAD_FEATURE = 4
EXIT_INTERRUPTED = 5
EXIT_BAD_ARGS = 128

ERR_COMPACTED = "etcdserver: mvcc: required revision has been compacted"
ERR_FUTURE_REV = "etcdserver: mvcc: required revision is a future revision"

_FORMATS = ("fields", "json", "protobuf", "simple", "table")


class EtcdctlError(Exception):
    """What cobrautl.ExitWithError prints to stderr (``Error: <message>``), with its exit code."""

    def __init__(self, message: str, code: int = EXIT_ERROR, stderr: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.stderr = stderr if stderr is not None else f"Error: {message}\n"


# -- values as the API server stores them ---------------------------------------

# metav1.ObjectMeta field order (k8s.io/apimachinery/pkg/apis/meta/v1/types.go).
_META_ORDER = ("name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
               "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations",
               "ownerReferences", "finalizers", "managedFields")
# Top-level field order of the Go types (k8s.io/api/core/v1/types.go and friends).
_TOP_ORDER = {
    "ConfigMap": ("immutable", "data", "binaryData"),
    "Secret": ("immutable", "data", "stringData", "type"),
    "Event": ("involvedObject", "reason", "message", "source", "firstTimestamp", "lastTimestamp", "count", "type",
              "eventTime", "series", "action", "related", "reportingComponent", "reportingInstance"),
    "Endpoints": ("subsets",),
    "EndpointSlice": ("addressType", "endpoints", "ports"),
    "ServiceAccount": ("secrets", "imagePullSecrets", "automountServiceAccountToken"),
    "ControllerRevision": ("data", "revision"),
    "PriorityClass": ("value", "globalDefault", "description", "preemptionPolicy"),
    "StorageClass": ("provisioner", "parameters", "reclaimPolicy", "mountOptions", "allowVolumeExpansion",
                     "volumeBindingMode", "allowedTopologies"),
}


def _ordered(obj: dict) -> dict:
    out: dict[str, Any] = {}
    for k in ("kind", "apiVersion"):
        if k in obj:
            out[k] = obj[k]
    meta = obj.get("metadata")
    if isinstance(meta, dict):
        m = {k: meta[k] for k in _META_ORDER if k in meta and k != "resourceVersion"}
        for k, v in meta.items():
            if k not in m and k != "resourceVersion":
                m[k] = v
        out["metadata"] = m
    for k in _TOP_ORDER.get(obj.get("kind", ""), ("spec", "status")):
        if k in obj:
            out[k] = obj[k]
    for k, v in obj.items():
        if k not in out and k != "metadata":
            out[k] = v
    return out


def _go_json(value: Any) -> str:
    """encoding/json's compact form: HTML-safe escapes, UTF-8 kept."""
    s = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def encode_value(obj: Any) -> bytes:
    """The bytes kube-apiserver with --storage-media-type=application/json writes to etcd."""
    if isinstance(obj, dict):
        obj = _ordered(obj)
    return (_go_json(obj) + "\n").encode()


# -- Go formatting helpers -------------------------------------------------------

def go_quote(b: bytes) -> str:
    """strconv.Quote of a byte string (as %q prints string(bytes))."""
    s = b.decode("utf-8", errors="surrogateescape")
    out = ['"']
    for ch in s:
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:  # an invalid UTF-8 byte
            out.append(f"\\x{o - 0xDC00:02x}")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\a":
            out.append("\\a")
        elif ch == "\b":
            out.append("\\b")
        elif ch == "\f":
            out.append("\\f")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\v":
            out.append("\\v")
        elif o < 0x20 or o == 0x7F:
            out.append(f"\\x{o:02x}")
        elif o >= 0x80 and not ch.isprintable():
            out.append(f"\\u{o:04x}" if o <= 0xFFFF else f"\\U{o:08x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def humanize_bytes(n: int) -> str:
    """github.com/dustin/go-humanize Bytes (SI units), as `endpoint status` prints DB SIZE."""
    if n < 10:
        return f"{n} B"
    sizes = ("B", "kB", "MB", "GB", "TB", "PB", "EB")
    e = 0
    v = float(n)
    while v >= 1000 and e < len(sizes) - 1:
        v /= 1000
        e += 1
    val = int(n / (1000 ** e) * 10 + 0.5) / 10
    return f"{val:.1f} {sizes[e]}" if val < 10 else f"{val:.0f} {sizes[e]}"


def _hex(b: bytes) -> str:
    return "".join(f"\\x{c:02x}" for c in b)


def table(header: list[str], rows: list[list[str]]) -> str:
    """github.com/olekukonko/tablewriter with SetAlignment(ALIGN_RIGHT): centred upper-case header."""
    header = [h.upper() for h in header]
    widths = [len(h) for h in header]
    for r in rows:
        for i, c in enumerate(r):
            widths[i] = max(widths[i], len(c))
    line = "+" + "+".join("-" * (w + 2) for w in widths) + "+\n"

    def centre(s: str, w: int) -> str:
        gap = w - len(s)
        left = gap // 2
        return " " * left + s + " " * (gap - left)

    out = [line, "|" + "|".join(f" {centre(h, widths[i])} " for i, h in enumerate(header)) + "|\n", line]
    for r in rows:
        out.append("|" + "|".join(f" {c.rjust(widths[i])} " for i, c in enumerate(r)) + "|\n")
    if rows:
        out.append(line)
    return "".join(out)


# -- identity ----------------------------------------------------------------------

def _id64(cluster, what: str) -> int:
    h = hashlib.sha256(f"etcd:{what}:{cluster.seed}".encode()).digest()
    return int.from_bytes(h[:8], "big") | (1 << 63)


def cluster_id(cluster) -> int:
    return _id64(cluster, "cluster")


def member_id(cluster) -> int:
    return _id64(cluster, "member")


def _member_name_and_ip(cluster) -> tuple[str, str]:
    names = [n["metadata"]["name"] for n in cluster.api.list("nodes")]
    name = "control-plane" if "control-plane" in names else (names[0] if names else "etcd")
    node = cluster.api.try_get("nodes", name) if names else None
    ip = "172.18.0.2"  # kind's first node address
    for a in ((node or {}).get("status") or {}).get("addresses") or ():
        if a.get("type") == "InternalIP" and a.get("address"):
            ip = a["address"]
            break
    return name, ip


def _header(cluster) -> dict:
    return {"cluster_id": cluster_id(cluster), "member_id": member_id(cluster),
            "revision": cluster.store.revision, "raft_term": RAFT_TERM}


def _raft_index(cluster) -> int:
    # Every revision is one applied proposal; a few more were applied before the
    # first key (membership, cluster version).
    return cluster.store.revision + 3


def _db_size(cluster) -> int:
    st = cluster.store
    live = 0
    for kv in st.range(""):
        live += len(kv.key) + len(encode_value(kv.value)) + 40
    history = st.log_size() * 120
    size = 20480 + live + history  # a fresh bbolt file is 20 kB; pages are 4 KiB
    return (size + 4095) // 4096 * 4096


# -- flags ---------------------------------------------------------------------------

class Flags:
    """pflag-style parsing: --name=value, --name value, -w value, bool flags with optional =true/false."""

    def __init__(self, spec: dict[str, str], short: dict[str, str]):
        self.spec = spec  # name -> "bool" | "int" | "str" | "dur"
        self.short = short
        self.values: dict[str, Any] = {}
        self.args: list[str] = []

    def parse(self, argv: list[str]) -> None:
        i = 0
        while i < len(argv):
            a = argv[i]
            i += 1
            if a == "--":
                self.args.extend(argv[i:])
                return
            if a.startswith("--") and len(a) > 2:
                name, eq, val = a[2:].partition("=")
                kind = self.spec.get(name)
                if kind is None:
                    raise EtcdctlError(f"unknown flag: --{name}", EXIT_ERROR)
            elif a.startswith("-") and len(a) > 1:
                name, eq, val = a[1], "=" if len(a) > 2 else "", a[2:].lstrip("=") if len(a) > 2 else ""
                if name not in self.short:
                    raise EtcdctlError(f"unknown shorthand flag: '{name}' in {a}", EXIT_ERROR)
                name = self.short[name]
                kind = self.spec[name]
            else:
                self.args.append(a)
                continue
            if kind == "bool":
                if eq:
                    if val.lower() not in ("true", "false", "1", "0", "t", "f"):
                        raise EtcdctlError(f'invalid argument "{val}" for "--{name}" flag: strconv.ParseBool: parsing "{val}": invalid syntax')
                    self.values[name] = val.lower() in ("true", "1", "t")
                else:
                    self.values[name] = True
                continue
            if not eq:
                if i >= len(argv):
                    raise EtcdctlError(f"flag needs an argument: --{name}")
                val = argv[i]
                i += 1
            if kind == "int":
                try:
                    self.values[name] = int(val)
                except ValueError:
                    raise EtcdctlError(f'invalid argument "{val}" for "--{name}" flag: strconv.ParseInt: parsing "{val}": invalid syntax') from None
            elif kind == "dur":
                try:
                    self.values[name] = timing.parse_duration(val) if not isdigits(val.replace(".", "")) else float(val)
                except ValueError as e:
                    raise EtcdctlError(f'invalid argument "{val}" for "--{name}" flag: {e}') from None
            else:
                self.values[name] = val

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)


_GLOBAL = {
    "endpoints": "str", "debug": "bool", "write-out": "str", "hex": "bool", "dial-timeout": "dur",
    "command-timeout": "dur", "keepalive-time": "dur", "keepalive-timeout": "dur", "insecure-transport": "bool",
    "insecure-discovery": "bool", "insecure-skip-tls-verify": "bool", "cert": "str", "key": "str", "cacert": "str",
    "user": "str", "password": "str", "discovery-srv": "str", "discovery-srv-name": "str", "help": "bool",
}
_GLOBAL_SHORT = {"w": "write-out", "d": "discovery-srv", "h": "help"}

_COMMANDS: dict[str, tuple[dict[str, str], dict[str, str], str]] = {
    "get": ({"consistency": "str", "order": "str", "sort-by": "str", "limit": "int", "prefix": "bool",
             "from-key": "bool", "rev": "int", "keys-only": "bool", "count-only": "bool", "print-value-only": "bool"},
            {}, "Gets the key or a range of keys"),
    "watch": ({"interactive": "bool", "prefix": "bool", "rev": "int", "prev-kv": "bool", "progress-notify": "bool"},
              {"i": "interactive"}, "Watches events stream on keys or prefixes"),
    "endpoint": ({"cluster": "bool", "rev": "int"}, {}, "Endpoint related commands"),
    "member": ({"peer-urls": "str", "learner": "bool"}, {}, "Membership related commands"),
    "compaction": ({"physical": "bool"}, {}, "Compacts the event history in etcd"),
    "version": ({}, {}, "Prints the version of etcdctl"),
    "put": ({"lease": "str", "prev-kv": "bool", "ignore-value": "bool", "ignore-lease": "bool"}, {}, "Puts the given key into the store"),
    "del": ({"prefix": "bool", "prev-kv": "bool", "from-key": "bool", "range": "bool"}, {}, "Removes the specified key or range of keys [key, range_end)"),
    "help": ({}, {}, "Help about any command"),
}


# -- the command ---------------------------------------------------------------------

def main(ctx, argv: list[str]) -> int:
    """The console program (clusters/console/programs.py): stdout to ctx.out, errors to ctx.err."""
    out = run(ctx.cluster, argv)
    ctx.out(out.text)
    ctx.err(out.stderr)
    return out.exit_code


class Result(Output):
    """Output plus what went to stderr."""

    def __init__(self, text: str = "", exit_code: int = 0, stderr: str = ""):
        super().__init__(text, exit_code)
        self.stderr = stderr


def run(cluster, args: list[str]) -> Result:
    try:
        out = _main(cluster, list(args))
    except EtcdctlError as e:
        return Result("", e.code, e.stderr)
    return out if isinstance(out, Result) else Result(out.text, out.exit_code)


def _resolve(word: str) -> str | None:
    if word in _COMMANDS:
        return word
    # cobra.EnablePrefixMatching = true (etcdctl/ctlv3/ctl.go)
    matches = [c for c in _COMMANDS if c.startswith(word)]
    return matches[0] if len(matches) == 1 else None


def _main(cluster, args: list[str]) -> Output:
    # Find the subcommand: the first word that is not a flag or a flag's value.
    cmd = None
    rest: list[str] = []
    i = 0
    pre: list[str] = []
    while i < len(args):
        a = args[i]
        if a.startswith("-"):
            pre.append(a)
            name = a.lstrip("-").split("=", 1)[0]
            full = _GLOBAL_SHORT.get(name, name) if not a.startswith("--") else name
            if "=" not in a and _GLOBAL.get(full) not in (None, "bool") and len(a.lstrip("-")) == len(name):
                if i + 1 < len(args):
                    pre.append(args[i + 1])
                    i += 1
            i += 1
            continue
        cmd = a
        rest = args[i + 1:]
        break
    if cmd is None:
        flags = Flags(dict(_GLOBAL), dict(_GLOBAL_SHORT))
        flags.parse(pre)
        return Output(usage())
    name = _resolve(cmd)
    if name is None:
        # cobra prints the error and the hint; ctl.go MustStart prints the error again.
        msg = f'unknown command "{cmd}" for "etcdctl"'
        raise EtcdctlError(msg, EXIT_ERROR, f"Error: {msg}\nRun 'etcdctl --help' for usage.\nError: {msg}\n")
    spec, short, _ = _COMMANDS[name]
    flags = Flags({**_GLOBAL, **spec}, {**_GLOBAL_SHORT, **short})
    flags.parse(pre + rest)
    if flags.get("help"):
        return Output(usage())
    fmt = flags.get("write-out", "simple")
    if fmt not in _FORMATS:
        # NewPrinter returns nil for an unknown format; etcdctl's initDisplayFromCmd reports it.
        raise EtcdctlError(f"unsupported output format {fmt}", EXIT_BAD_FEATURE)
    handler: Callable = _HANDLERS[name]
    return handler(cluster, flags, fmt)


def usage() -> str:
    lines = ["NAME:", "\tetcdctl - A simple command line client for etcd3.", "",
             "USAGE:", "\tetcdctl [flags]", "",
             "VERSION:", f"\t{VERSION}", "",
             "API VERSION:", f"\t{API_VERSION}", "",
             "COMMANDS:"]
    width = max(len(c) for c in _COMMANDS)
    for c in sorted(_COMMANDS):
        lines.append(f"\t{c.ljust(width)}\t{_COMMANDS[c][2]}")
    lines += ["", "OPTIONS:",
              "      --cacert=\"\"\t\t\t\tverify certificates of TLS-enabled secure servers using this CA bundle",
              "      --cert=\"\"\t\t\t\t\tidentify secure client using this TLS certificate file",
              "      --endpoints=[127.0.0.1:2379]\t\tgRPC endpoints",
              "  -h, --help[=false]\t\t\t\thelp for etcdctl",
              "      --hex[=false]\t\t\t\tprint byte strings as hex encoded strings",
              "      --key=\"\"\t\t\t\t\tidentify secure client using this TLS key file",
              "  -w, --write-out=\"simple\"\t\t\tset the output format (fields, json, protobuf, simple, table)", ""]
    return "\n".join(lines) + "\n"


def _endpoints(flags: Flags) -> list[str]:
    raw = flags.get("endpoints")
    if not raw:
        return [DEFAULT_ENDPOINT]
    return [e for e in raw.split(",") if e] or [DEFAULT_ENDPOINT]


# -- get -------------------------------------------------------------------------------

def _prefix_end(key: bytes) -> bytes:
    """clientv3.GetPrefixRangeEnd."""
    end = bytearray(key)
    for i in range(len(end) - 1, -1, -1):
        if end[i] < 0xFF:
            end[i] += 1
            return bytes(end[: i + 1])
    return b"\x00"  # every key from `key` on


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return a[:n]


def _range(cluster, key: str, end: str | None, rev: int) -> list:
    """Keys in [key, end), or the single key when end is None, at revision rev (0 = now)."""
    st = cluster.store
    revision = rev or None
    if revision is not None:
        if revision > st.revision:
            raise EtcdctlError(ERR_FUTURE_REV)
        if revision < st.compact_revision:
            raise EtcdctlError(ERR_COMPACTED)
    if end is None:
        kv = st.get(key, revision)
        return [kv] if kv is not None else []
    kb = key.encode()
    if end == "\x00":
        candidates = st.range("", revision)
        return [kv for kv in candidates if kv.key.encode() >= kb]
    eb = end.encode()
    if eb <= kb:
        return []
    candidates = st.range(_common_prefix(key, end), revision)
    return [kv for kv in candidates if kb <= kv.key.encode() < eb]


def _kv_json(kv, keys_only: bool = False) -> dict:
    out: dict[str, Any] = {"key": base64.b64encode(kv.key.encode()).decode()}
    if kv.create_revision:
        out["create_revision"] = kv.create_revision
    if kv.mod_revision:
        out["mod_revision"] = kv.mod_revision
    if kv.version:
        out["version"] = kv.version
    if not keys_only and kv.version:
        out["value"] = base64.b64encode(encode_value(kv.value)).decode()
    return out


def _print_kv(out: list[str], kv, is_hex: bool, value_only: bool, keys_only: bool = False, deleted: bool = False) -> None:
    """util.go printKV: the key, then the value, each on its own line."""
    k = kv.key.encode()
    v = b"" if keys_only or deleted else encode_value(kv.value)
    ks = _hex(k) if is_hex else k.decode()
    vs = _hex(v) if is_hex else v.decode()
    if not value_only:
        out.append(ks + "\n")
    out.append(vs + "\n")


def _fields_header(out: list[str], h: dict) -> None:
    out.append(f'"ClusterID" : {h["cluster_id"]}\n')
    out.append(f'"MemberID" : {h["member_id"]}\n')
    out.append(f'"Revision" : {h["revision"]}\n')
    out.append(f'"RaftTerm" : {h["raft_term"]}\n')


def _fields_kv(out: list[str], kv, prefix: str = "", keys_only: bool = False, deleted: bool = False) -> None:
    v = b"" if keys_only or deleted else encode_value(kv.value)
    out.append(f'"{prefix}Key" : {go_quote(kv.key.encode())}\n')
    out.append(f'"{prefix}CreateRevision" : {kv.create_revision if not deleted else 0}\n')
    out.append(f'"{prefix}ModRevision" : {kv.mod_revision}\n')
    out.append(f'"{prefix}Version" : {kv.version}\n')
    out.append(f'"{prefix}Value" : {go_quote(v)}\n')
    out.append(f'"{prefix}Lease" : 0\n')


def cmd_get(cluster, flags: Flags, fmt: str) -> Output:
    args = flags.args
    prefix, from_key = flags.get("prefix", False), flags.get("from-key", False)
    keys_only, count_only = flags.get("keys-only", False), flags.get("count-only", False)
    # get_command.go getGetOp, in its order.
    if not args:
        raise EtcdctlError("get command needs one argument as key and an optional argument as range_end", EXIT_BAD_ARGS)
    if prefix and from_key:
        raise EtcdctlError("`--prefix` and `--from-key` cannot be set at the same time, choose one", EXIT_BAD_ARGS)
    if keys_only and count_only:
        raise EtcdctlError("`--keys-only` and `--count-only` cannot be set at the same time, choose one", EXIT_BAD_ARGS)
    consistency = flags.get("consistency", "l")
    if consistency not in ("l", "s"):
        raise EtcdctlError(f'unknown consistency flag "{consistency}"', EXIT_BAD_FEATURE)
    key = args[0]
    end: str | None = None
    if len(args) > 1:
        if prefix or from_key:
            raise EtcdctlError("too many arguments, only accept one argument when `--prefix` or `--from-key` is set", EXIT_BAD_ARGS)
        end = args[1]
    limit = flags.get("limit", 0)
    rev = flags.get("rev", 0)
    order_s = (flags.get("order") or "").upper()
    if order_s not in ("", "ASCEND", "DESCEND"):
        raise EtcdctlError(f"bad sort order {flags.get('order')}", EXIT_BAD_FEATURE)
    target = (flags.get("sort-by") or "").upper()
    if target not in ("", "CREATE", "KEY", "MODIFY", "VALUE", "VERSION"):
        raise EtcdctlError(f"bad sort target {flags.get('sort-by')}", EXIT_BAD_FEATURE)
    if prefix:
        if key == "":
            key, end = "\x00", "\x00"
        else:
            end = _prefix_end(key.encode()).decode("latin-1") if key else "\x00"
    if from_key:
        if key == "":
            key = "\x00"
        end = "\x00"
    kvs = _range(cluster, key, end, rev if rev > 0 else 0)

    # etcdserver apply.go Range: sort ASCEND by default when the target is not KEY.
    target = target or "KEY"
    order = order_s or ("ASCEND" if target != "KEY" else "")
    if order:
        keyfn = {
            "KEY": lambda kv: kv.key.encode(),
            "CREATE": lambda kv: kv.create_revision,
            "MODIFY": lambda kv: kv.mod_revision,
            "VERSION": lambda kv: kv.version,
            "VALUE": lambda kv: encode_value(kv.value),
        }[target]
        kvs = sorted(kvs, key=keyfn, reverse=(order == "DESCEND"))
    count = len(kvs)
    more = False
    if limit > 0 and len(kvs) > limit:
        kvs = kvs[:limit]
        more = True
    if count_only:
        kvs = []
    header = _header(cluster)

    if count_only and fmt != "fields":
        raise EtcdctlError("--count-only is only for `--write-out=fields`", EXIT_BAD_ARGS)
    value_only = flags.get("print-value-only", False)
    if value_only and fmt != "simple":
        raise EtcdctlError("print-value-only is only for `--write-out=simple`", EXIT_BAD_ARGS)

    out: list[str] = []
    if fmt == "simple":
        for kv in kvs:
            _print_kv(out, kv, flags.get("hex", False), value_only, keys_only)
    elif fmt == "json":
        resp: dict[str, Any] = {"header": header}
        if kvs:
            resp["kvs"] = [_kv_json(kv, keys_only) for kv in kvs]
        if more:
            resp["more"] = True
        if count:
            resp["count"] = count
        out.append(_go_json(resp) + "\n")
    elif fmt == "fields":
        _fields_header(out, header)
        for kv in kvs:
            _fields_kv(out, kv, keys_only=keys_only)
        out.append(f'"More" : {"true" if more else "false"}\n')
        out.append(f'"Count" : {count}\n')
    else:
        raise EtcdctlError(f"{fmt} not supported as output format", EXIT_BAD_FEATURE)
    return Output("".join(out))


# -- watch -------------------------------------------------------------------------------

class _Collector:
    """Gathers the store's events for one watch while virtual time runs."""

    def __init__(self, key: str, end: str | None):
        self.key = key
        self.end = end
        self.events: list = []

    def matches(self, k: str) -> bool:
        if self.end is None:
            return k == self.key
        kb = k.encode()
        if self.end == "\x00":
            return kb >= self.key.encode()
        return self.key.encode() <= kb < self.end.encode()

    def __call__(self, event) -> None:
        if self.matches(event.kv.key):
            self.events.append(event)


def cmd_watch(cluster, flags: Flags, fmt: str) -> Output:
    if flags.get("interactive"):
        raise EtcdctlError("interactive watch is not available in this console; use `etcdctl watch KEY`", EXIT_BAD_ARGS)
    args = flags.args
    if not args:
        raise EtcdctlError("bad number of arguments", EXIT_BAD_ARGS)
    if "--" in args:
        raise EtcdctlError("running a command for each event is not available in this console", EXIT_BAD_ARGS)
    key = args[0]
    end: str | None = None
    if len(args) == 2:
        if flags.get("prefix"):
            raise EtcdctlError("`range_end` and `--prefix` are mutually exclusive", EXIT_BAD_ARGS)
        end = args[1]
    elif len(args) > 2:
        raise EtcdctlError("bad number of arguments", EXIT_BAD_ARGS)
    if flags.get("prefix"):
        end = _prefix_end(key.encode()).decode("latin-1") if key else "\x00"
        if not key:
            key = "\x00"
    if fmt not in ("simple", "json", "fields"):
        raise EtcdctlError(f"{fmt} not supported as output format", EXIT_BAD_FEATURE)
    prev_kv = flags.get("prev-kv", False)
    collector = _Collector(key, end)
    st = cluster.store
    rev = flags.get("rev", 0)
    out: list[str] = []
    if rev > 0:
        if rev < st.compact_revision:
            # watch_command.go printWatchCh: the server cancels the watch with the compaction error.
            raise EtcdctlError("watch is canceled by the server", EXIT_INTERRUPTED,
                               f"watch was canceled ({ERR_COMPACTED})\nError: watch is canceled by the server\n")
        for event in st.events_since(rev - 1):
            collector(event)
    else:
        cancel = st.watch("", collector)
        saved = cluster.cause
        cluster.cause = None  # what happens while we watch is not caused by this command
        try:
            cluster.advance(timing.FOLLOW_WINDOW)
        finally:
            cluster.cause = saved
            cancel()
    for event in collector.events:
        _print_event(out, cluster, event, fmt, flags.get("hex", False), prev_kv)
    return Output("".join(out))


def _print_event(out: list[str], cluster, event, fmt: str, is_hex: bool, prev_kv: bool) -> None:
    deleted = event.type == "DELETE"
    if fmt == "simple":
        out.append(event.type + "\n")
        if prev_kv and event.prev is not None:
            _print_kv(out, event.prev, is_hex, False)
        _print_kv(out, event.kv, is_hex, False, deleted=deleted)
    elif fmt == "fields":
        _fields_header(out, {**_header(cluster), "revision": event.revision})
        out.append(f'"Type" : {event.type}\n')
        if prev_kv and event.prev is not None:
            _fields_kv(out, event.prev, "Prev")
        _fields_kv(out, event.kv, deleted=deleted)
    else:
        kv = {"key": base64.b64encode(event.kv.key.encode()).decode(), "mod_revision": event.kv.mod_revision}
        if not deleted:
            kv = _kv_json(event.kv)
        ev: dict[str, Any] = {}
        if deleted:
            ev["type"] = 1  # mvccpb.Event_DELETE; PUT is 0 and omitted
        ev["kv"] = kv
        if prev_kv and event.prev is not None:
            ev["prev_kv"] = _kv_json(event.prev)
        resp = {"Header": {**_header(cluster), "revision": event.revision}, "Events": [ev],
                "CompactRevision": 0, "Canceled": False, "Created": False}
        out.append(_go_json(resp) + "\n")


# -- endpoint, member, compaction, version -------------------------------------------------

def _status(cluster, ep: str) -> dict:
    mid = member_id(cluster)
    db = _db_size(cluster)
    idx = _raft_index(cluster)
    return {"header": {**_header(cluster)}, "version": VERSION, "dbSize": db, "leader": mid,
            "raftIndex": idx, "raftTerm": RAFT_TERM, "raftAppliedIndex": idx, "dbSizeInUse": db}


def cmd_endpoint(cluster, flags: Flags, fmt: str) -> Output:
    sub = flags.args[0] if flags.args else ""
    eps = _endpoints(flags)
    if flags.get("cluster"):
        name, ip = _member_name_and_ip(cluster)
        eps = [f"https://{ip}:2379"]
    if sub == "status":
        statuses = [(ep, _status(cluster, ep)) for ep in eps]
        if fmt == "json":
            return Output(_go_json([{"Endpoint": ep, "Status": s} for ep, s in statuses]) + "\n")
        hdr = ["endpoint", "ID", "version", "db size", "is leader", "is learner", "raft term",
               "raft index", "raft applied index", "errors"]
        rows = [[ep, f"{s['header']['member_id']:x}", s["version"], humanize_bytes(s["dbSize"]),
                 "true", "false", str(s["raftTerm"]), str(s["raftIndex"]), str(s["raftAppliedIndex"]), ""]
                for ep, s in statuses]
        if fmt == "table":
            return Output(table(hdr, rows))
        if fmt == "fields":
            out: list[str] = []
            for ep, s in statuses:
                _fields_header(out, s["header"])
                out += [f'"Version" : "{s["version"]}"\n', f'"DBSize" : {s["dbSize"]}\n', f'"Leader" : {s["leader"]}\n',
                        '"IsLearner" : false\n', f'"RaftIndex" : {s["raftIndex"]}\n', f'"RaftTerm" : {s["raftTerm"]}\n',
                        f'"RaftAppliedIndex" : {s["raftAppliedIndex"]}\n', '"Errors" : []\n',
                        f'"Endpoint" : "{ep}"\n', "\n"]
            return Output("".join(out))
        if fmt == "protobuf":
            raise EtcdctlError("protobuf not supported as output format", EXIT_BAD_FEATURE)
        return Output("".join(", ".join(r) + "\n" for r in rows))
    if sub == "health":
        # The time the health proposal took; a real cluster measures it on the wall clock.
        took_s = (1500 + (cluster.store.revision * 7919) % 1500) / 1e6
        took = _go_ms(took_s)
        rows_h = [[ep, "true", took, ""] for ep in eps]
        if fmt == "json":
            return Output(_go_json([{"endpoint": ep, "health": True, "took": took} for ep in eps]) + "\n")
        if fmt == "table":
            return Output(table(["endpoint", "health", "took", "error"], rows_h))
        if fmt == "fields":
            return Output("".join(f'"Endpoint" : "{ep}"\n"Health" : true\n"Took" : {took}\n"Error" : \n\n' for ep in eps))
        if fmt == "protobuf":
            raise EtcdctlError("protobuf not supported as output format", EXIT_BAD_FEATURE)
        return Output("".join(f"{ep} is healthy: successfully committed proposal: took = {took}\n" for ep in eps))
    if sub == "hashkv":
        h = int.from_bytes(hashlib.sha256(str(cluster.store.revision).encode()).digest()[:4], "big")
        if fmt == "json":
            return Output(_go_json([{"Endpoint": ep, "HashKV": {"header": _header(cluster), "hash": h,
                                                                "compact_revision": cluster.store.compact_revision}}
                                    for ep in eps]) + "\n")
        if fmt == "table":
            return Output(table(["endpoint", "hash"], [[ep, str(h)] for ep in eps]))
        return Output("".join(f"{ep}, {h}\n" for ep in eps))
    return Output("NAME:\n\tendpoint - Endpoint related commands\n\nUSAGE:\n\tetcdctl endpoint <subcommand> [flags]\n\n"
                  "API VERSION:\n\t3.5\n\n\nCOMMANDS:\n"
                  "\thashkv\tPrints the KV history hash for each endpoint in --endpoints\n"
                  "\thealth\tChecks the healthiness of endpoints specified in `--endpoints` flag\n"
                  "\tstatus\tPrints out the status of endpoints specified in `--endpoints` flag\n")


def _go_ms(seconds: float) -> str:
    ns = int(round(seconds * 1e9))
    whole, frac = divmod(ns, 1_000_000)
    return (f"{whole}.{frac:06d}".rstrip("0").rstrip(".")) + "ms"


def cmd_member(cluster, flags: Flags, fmt: str) -> Output:
    sub = flags.args[0] if flags.args else ""
    if sub in ("add", "remove", "update", "promote"):
        raise EtcdctlError("this simulated etcd runs one member; membership changes are not simulated", EXIT_BAD_FEATURE)
    if sub != "list":
        return Output("NAME:\n\tmember - Membership related commands\n\nUSAGE:\n\tetcdctl member <subcommand> [flags]\n\n"
                      "API VERSION:\n\t3.5\n\n\nCOMMANDS:\n"
                      "\tadd\tAdds a member into the cluster\n\tlist\tLists all members in the cluster\n"
                      "\tpromote\tPromotes a non-voting member in the cluster\n"
                      "\tremove\tRemoves a member from the cluster\n\tupdate\tUpdates a member in the cluster\n")
    name, ip = _member_name_and_ip(cluster)
    mid = member_id(cluster)
    peer, client = f"https://{ip}:2380", f"https://{ip}:2379"
    if fmt == "json":
        resp = {"header": {"cluster_id": cluster_id(cluster), "member_id": mid, "raft_term": RAFT_TERM},
                "members": [{"ID": mid, "name": name, "peerURLs": [peer], "clientURLs": [client]}]}
        return Output(_go_json(resp) + "\n")
    row = [f"{mid:x}", "started", name, peer, client, "false"]
    if fmt == "table":
        return Output(table(["ID", "Status", "Name", "Peer Addrs", "Client Addrs", "Is Learner"], [row]))
    if fmt == "fields":
        out: list[str] = []
        _fields_header(out, _header(cluster))
        out += [f'"ID" : {mid}\n', f'"Name" : "{name}"\n', f'"PeerURL" : "{peer}"\n', f'"ClientURL" : "{client}"\n',
                '"IsLearner" : false\n', "\n"]
        return Output("".join(out))
    return Output(", ".join(row) + "\n")


def cmd_compaction(cluster, flags: Flags, fmt: str) -> Output:
    if len(flags.args) != 1:
        raise EtcdctlError("compaction command needs 1 argument", EXIT_BAD_ARGS)
    try:
        rev = int(flags.args[0])
    except ValueError:
        raise EtcdctlError(f'strconv.ParseInt: parsing "{flags.args[0]}": invalid syntax') from None
    st = cluster.store
    if rev > st.revision:
        raise EtcdctlError(ERR_FUTURE_REV)
    if rev <= st.compact_revision:
        raise EtcdctlError(ERR_COMPACTED)
    st.compact(rev)
    return Output(f"compacted revision {rev}\n")


def cmd_version(cluster, flags: Flags, fmt: str) -> Output:
    return Output(f"etcdctl version: {VERSION}\nAPI version: {API_VERSION}\n")


def cmd_write(cluster, flags: Flags, fmt: str) -> Output:
    # Writing behind the API server's back corrupts what it caches; the
    # simulation keeps etcd read-only from the console.
    raise EtcdctlError("etcdserver: permission denied (this simulated etcd is read-only from the console; "
                       "change objects through kubectl)")


def cmd_help(cluster, flags: Flags, fmt: str) -> Output:
    return Output(usage())


_HANDLERS: dict[str, Callable] = {
    "get": cmd_get, "watch": cmd_watch, "endpoint": cmd_endpoint, "member": cmd_member,
    "compaction": cmd_compaction, "version": cmd_version, "put": cmd_write, "del": cmd_write, "help": cmd_help,
}

__all__ = ["main", "encode_value", "CompactedError"]
CompactedError = store_mod.CompactedError
