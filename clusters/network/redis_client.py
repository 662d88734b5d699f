"""A Redis client in a pod (the guestbook frontend's Predis), over the modelled network.

A command goes where a name routes (``clients.connect``: DNS, then the Service to a pod) and reads or
writes the keys the redis container there holds (its kubelet's ``redis_server``). A replica serves
what its master sent it: replication is taken as immediate while the replica reaches its master
(the guestbook's writes show on its followers within milliseconds), and a replica cut off from its
master keeps what it had. Replicas are read-only (replica-read-only yes), so a write to one fails
with redis's READONLY error.
"""
from __future__ import annotations

from typing import NamedTuple


class Reply(NamedTuple):
    kind: str  # "ok", "bulk", "nil", "integer", "error", "array"; or the connection's failure: "dns", "refused", "timeout"
    value: str | tuple = ""  # an array's elements are Replies


def call(cluster, from_pod: dict | None, host: str, port: int, argv: list) -> Reply:
    """Run one command (``["SET", "k", "v"]``) on the redis server ``host:port`` reaches from ``from_pod``."""
    outcome, server = _server(cluster, from_pod, host, port)
    if server is None:
        return Reply(outcome)
    return execute(server, [str(a) for a in argv])


def _server(cluster, from_pod, host: str, port: int, depth: int = 0):
    """(outcome, the redis server's Program) ``host:port`` reaches, its keys brought up to date from its master."""
    from clusters.network import clients  # clients calls this module; the import waits for the call

    outcome, pod, pod_port = clients.connect(cluster, from_pod, host, port)
    if pod is None:
        return outcome, None
    kubelet = (getattr(cluster, "kubelets", None) or {}).get((pod.get("spec") or {}).get("nodeName"))
    m = pod["metadata"]
    server = kubelet.redis_server(m.get("namespace", "default"), m["name"], pod_port) \
        if kubelet is not None and hasattr(kubelet, "redis_server") else None
    if server is None:
        return "refused", None  # [approximate] a server that does not speak Redis
    if server.replicaof is not None and depth < 3:
        _, master = _server(cluster, pod, server.replicaof[0], server.replicaof[1], depth + 1)
        if master is not None and master.keyspace is not None:
            server.keyspace = dict(master.keyspace)
    return "connect", server


def execute(server, argv: list) -> Reply:
    """The few commands the simulated pages send (t_string.c, db.c, server.c), on ``server.keyspace``."""
    if not argv:
        return Reply("error", "ERR Protocol error: empty command")  # [approximate]
    name, args = argv[0].upper(), argv[1:]
    keys = server.keyspace if server.keyspace is not None else {}
    arity = {"GET": 1, "SET": 2, "DEL": -1, "EXISTS": -1, "PING": 0, "CONFIG": -1}
    if name not in arity:
        shown = " ".join(f"'{a}'" for a in args)
        return Reply("error", f"ERR unknown command `{argv[0]}`, with args beginning with: {shown}" if shown
                     else f"ERR unknown command `{argv[0]}`, with args beginning with: ")
    n = arity[name]
    if (n >= 0 and len(args) != n and not (name == "SET" and len(args) > 2) and not (name == "PING" and len(args) == 1)) \
            or (n < 0 and not args):
        return Reply("error", f"ERR wrong number of arguments for '{argv[0].lower()}' command")
    if name in ("SET", "DEL") and server.replicaof is not None:
        return Reply("error", "READONLY You can't write against a read only replica.")
    if name == "CONFIG":
        return _config(server, argv[0], args)
    if name == "PING":
        return Reply("bulk", args[0]) if args else Reply("ok", "PONG")
    if name == "GET":
        return Reply("bulk", keys[args[0]]) if args[0] in keys else Reply("nil")
    if name == "SET":
        keys[args[0]] = args[1]
        server.keyspace = keys
        return Reply("ok", "OK")
    if name == "EXISTS":
        return Reply("integer", str(sum(1 for k in args if k in keys)))
    gone = [k for k in args if k in keys]
    for k in gone:
        del keys[k]
    return Reply("integer", str(len(gone)))


def _config(server, command: str, args: list) -> Reply:
    """CONFIG GET pattern / CONFIG SET name value on the parameters the server read at its start
    (config.c configCommand at 5.0.4: GET matches names by glob, case-insensitively, in its own order)."""
    import fnmatch

    from clusters.kubelet import redis

    conf = server.config if server.config else dict(redis.DEFAULTS)
    sub = args[0].lower()
    if sub == "get" and len(args) == 2:
        pattern = args[1].lower()
        pairs = [(k, v) for k, v in conf.items() if fnmatch.fnmatchcase(k, pattern)]
        return Reply("array", tuple(Reply("bulk", x) for kv in pairs for x in kv))
    if sub == "set" and len(args) == 3:
        key, value = args[1].lower(), args[2]
        if key not in conf:
            return Reply("error", f"ERR Unsupported CONFIG parameter: {args[1]}")
        if key == "maxmemory-policy" and value.lower() not in redis.POLICIES:
            return Reply("error", f"ERR Invalid argument '{value}' for CONFIG SET '{args[1]}'")
        conf[key] = str(redis.memtoll(value)) if key == "maxmemory" else value
        server.config = conf
        return Reply("ok", "OK")
    return Reply("error", f"ERR Unknown subcommand or wrong number of arguments for '{args[0]}'. "
                          f"Try {command.upper()} HELP.")
