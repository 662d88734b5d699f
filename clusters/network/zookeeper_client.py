"""A ZooKeeper client in a pod (zkCli.sh, zookeeper-ready's ``ruok``), over the modelled network, and the
ensemble it reaches.

A connection goes where the name routes (``clients.connect``) and is served by the zookeeper container
there (its kubelet's ``zookeeper_server``). That server answers ``ruok`` with ``imok`` whether or not it
is in a quorum (ZooKeeper 3.4's four-letter words), logging the connection as NIOServerCnxn does. A
session needs a quorum: the servers of its zoo.cfg (``server.N=host:port:port``) that it reaches on their
election port, itself included, must be a majority. A server that finds no quorum takes no client, so
zkCli.sh keeps trying, as it does.

What an ensemble agrees on lives in files on each member's volumes, where ZooKeeper keeps it
(``dataDir/version-2/currentEpoch`` and ``acceptedEpoch`` hold the epoch as text, as ZooKeeper writes
them; ``dataLogDir/version-2/log.<zxid>`` holds the transactions, one a line, as JSON here rather than
ZooKeeper's binary format). So the znodes outlive the pods while their claims do (the tutorial deletes and
recreates the StatefulSet). Election is taken as done when a request first finds a quorum: the members
adopt the epoch a running member already follows, or elect anew, one past the highest they accepted,
and every member is brought up to the longest log (DIFF/SNAP sync). Each session is a createSession
transaction and each write one more, so the first node made in epoch 1 is 0x100000002, as the page shows.
"""
from __future__ import annotations

import json
from typing import NamedTuple

SESSION_TIMEOUT = 30000  # zkCli.sh's -timeout default, within the servers' min/max session timeouts


class Reply(NamedTuple):
    outcome: str  # "ok", or the connection's failure: "dns", "refused", "timeout", "noquorum"
    results: tuple = ()  # one (status, value) per request: ("ok", ...) or ("nonode" | "exists" | "notempty", path)
    session: str = ""  # the session's id as ZooKeeper prints it (0x...)
    server: str = ""  # "host/ip:port" the client reached


def ruok(cluster, from_pod: dict, host: str, port: int, client_port: int) -> str:
    """``echo ruok | nc HOST PORT``: "imok" from a running server (which logs the connection), else ""."""
    server = _connect(cluster, from_pod, host, port)[1]
    if server is None:
        return ""
    from clusters.kubelet import zookeeper

    cfg = server.program.config
    cfg["threads"] = cfg.get("threads", 0) + 1
    # One connection is handled after another: two probes at one instant log one after the other.
    at = max(server.now, cfg.get("busy_until", 0.0))
    cfg["busy_until"] = at + 0.001
    server.log(zookeeper.ruok_lines(at, _mdc(server), cfg["port"], client_port, cfg["threads"]))
    return "imok"


def session(cluster, from_pod: dict, host: str, port: int, client_port: int, requests: list) -> Reply:
    """A client session on ``host:port`` running ``requests`` ((op, path, data) each: create, get, set,
    delete, ls, stat) in order."""
    outcome, server = _connect(cluster, from_pod, host, port)
    if server is None:
        return Reply(outcome)
    members, size = _members(cluster, server)
    if len(members) * 2 <= size:
        return Reply("noquorum")
    epoch = _elect(members)
    log = _sync(members)
    from clusters.kubelet import zookeeper

    cfg = server.program.config
    cfg["sessions"] = cfg.get("sessions", 0) + 1
    sid = _session_id(server, cfg["sessions"])
    zxid = max([t[0] for t in log] + [epoch << 32])
    now_ms = int(server.now * 1000)

    def commit(kind: str, path: str = "", data: str = "") -> None:
        nonlocal zxid
        zxid = max(zxid + 1, (epoch << 32) + 1)
        txn = [zxid, kind, path, data, now_ms, sid]
        log.append(txn)
        for m in members:
            _append(m, epoch, txn)
    commit("createSession")
    server.log(zookeeper.session_lines(server.now, _mdc(server), cfg["port"], f"/127.0.0.1:{client_port}", sid,
                                       SESSION_TIMEOUT))
    results = []
    for op, path, data in requests:
        tree = _tree(log)
        node = tree.get(path)
        parent = path.rsplit("/", 1)[0] or "/"
        if op == "create":
            if node is not None:
                results.append(("exists", path))
            elif parent not in tree:
                results.append(("nonode", path))
            else:
                commit("create", path, data)
                results.append(("ok", path))
        elif node is None:
            results.append(("nonode", path))
        elif op == "set":
            commit("setData", path, data)
            results.append(("ok", _tree(log)[path]))
        elif op == "delete":
            if node["children"]:
                results.append(("notempty", path))
            else:
                commit("delete", path)
                results.append(("ok", path))
        else:
            results.append(("ok", node))
    return Reply("ok", tuple(results), sid, server.address)


class _Member(NamedTuple):
    """A running server: its Program, its files, the log it writes to, its pod, the time, and its address."""
    program: object
    files: object
    log: object
    pod: dict
    now: float
    address: str


def _connect(cluster, from_pod: dict, host: str, port: int):
    from clusters.network import clients  # clients imports this module's siblings; the import waits for the call

    outcome, pod, pod_port = clients.connect(cluster, from_pod, host, port)
    if pod is None:
        return outcome, None
    server = _server(cluster, pod, pod_port)
    if server is None:
        return "refused", None
    return "connect", server._replace(address=f"{host}/{(pod.get('status') or {}).get('podIP', '')}:{port}")


def _server(cluster, pod: dict, port: int) -> _Member | None:
    kubelet = (getattr(cluster, "kubelets", None) or {}).get((pod.get("spec") or {}).get("nodeName"))
    m = pod["metadata"]
    found = kubelet.zookeeper_server(m.get("namespace", "default"), m["name"], port) if kubelet is not None else None
    if found is None:
        return None
    program, files, log, pod = found
    return _Member(program, files, log, pod, cluster.epoch + cluster.clock.now, "")


def _mdc(server: _Member) -> str:
    """log4j's %X{myid}: the server's id once it runs in an ensemble."""
    return server.program.config["myid"] if _servers(server) else ""


def _servers(server: _Member) -> list:
    from clusters.kubelet import zookeeper

    cfg = zookeeper.read_config(server.program.config["servers"])
    return sorted((int(k[7:]), v) for k, v in cfg.items() if k.startswith("server.") and k[7:].isdigit())


def _members(cluster, server: _Member) -> tuple[list, int]:
    """The servers of ``server``'s ensemble it reaches (itself first), and how many the ensemble has."""
    from clusters.network import clients

    entries = _servers(server)
    if not entries:
        return [server], 1
    members = [server]
    me = server.program.config["myid"]
    for sid, value in entries:
        parts = value.split(":")
        if str(sid) == me or len(parts) < 3 or not parts[2].isdigit():
            continue
        _, peer, peer_port = clients.connect(cluster, server.pod, parts[0], int(parts[2]))
        found = _server(cluster, peer, peer_port) if peer is not None else None
        if found is not None and _servers(found) == entries:
            members.append(found)
    return members, len(entries)


def _epoch_file(m: _Member, name: str) -> str:
    return m.program.config["data_dir"].rstrip("/") + "/version-2/" + name


def _elect(members: list) -> int:
    """The ensemble's epoch: the one its running members follow, or a new one past every accepted epoch."""
    following = {m.program.config.get("epoch") for m in members}
    if len(following) == 1 and None not in following:
        return following.pop()
    accepted = [int((m.files.read(_epoch_file(m, "acceptedEpoch")) or "0").strip() or 0) for m in members]
    epoch = max(accepted) + 1
    for m in members:
        m.program.config["epoch"] = epoch
        m.files.write(_epoch_file(m, "acceptedEpoch"), f"{epoch}")
        m.files.write(_epoch_file(m, "currentEpoch"), f"{epoch}")
    return epoch


def _log_dir(m: _Member) -> str:
    return m.program.config["data_log_dir"].rstrip("/") + "/version-2"


def _read_log(m: _Member) -> dict:
    """A member's transaction log files: name -> transactions."""
    out = {}
    for name in m.files.listdir(_log_dir(m)) or ():
        if name.startswith("log."):
            text = m.files.read(f"{_log_dir(m)}/{name}") or ""
            out[name] = [json.loads(line) for line in text.splitlines() if line.startswith("[")]
    return out


def _sync(members: list) -> list:
    """Every member brought up to the longest log among them; the transactions, in order."""
    logs = [(m, _read_log(m)) for m in members]

    def last(files: dict) -> int:
        return max((t[0] for txns in files.values() for t in txns), default=0)
    _, leader = max(logs, key=lambda x: last(x[1]))
    for m, files in logs:
        for name, txns in leader.items():
            if files.get(name) != txns:
                m.files.write(f"{_log_dir(m)}/{name}", "".join(json.dumps(t) + "\n" for t in txns))
    return sorted((t for txns in leader.values() for t in txns), key=lambda t: t[0])


def _append(m: _Member, epoch: int, txn: list) -> None:
    """Append a transaction to the member's log of that epoch (ZooKeeper rolls a new log for each epoch)."""
    name = f"{_log_dir(m)}/log.{(epoch << 32) + 1:x}"
    m.files.write(name, (m.files.read(name) or "") + json.dumps(txn) + "\n")


def _tree(log: list) -> dict:
    """The znodes the transactions leave, each with its stat (DataTree: / and /zookeeper to begin with)."""
    def node(data: str, zxid: int, ms: int) -> dict:
        return {"data": data, "czxid": zxid, "ctime": ms, "mzxid": zxid, "mtime": ms, "pzxid": zxid, "cversion": 0,
                "version": 0, "children": []}
    tree = {"/": node("", 0, 0), "/zookeeper": node("", 0, 0)}
    tree["/"]["children"] = ["zookeeper"]
    for zxid, kind, path, data, ms, _ in log:
        if not path.startswith("/") or path == "/":
            continue  # createSession, closeSession
        parent = path.rsplit("/", 1)[0] or "/"
        leaf = path.rsplit("/", 1)[1] if path != "/" else ""
        if kind == "create" and path not in tree and parent in tree:
            tree[path] = node(data, zxid, ms)
            tree[parent]["children"] = tree[parent]["children"] + [leaf]
            tree[parent]["cversion"] += 1
            tree[parent]["pzxid"] = zxid
        elif kind == "setData" and path in tree:
            tree[path] = dict(tree[path], data=data, mzxid=zxid, mtime=ms, version=tree[path]["version"] + 1)
        elif kind == "delete" and path in tree:
            del tree[path]
            tree[parent]["children"] = [c for c in tree[parent]["children"] if c != leaf]
            tree[parent]["cversion"] += 1
            tree[parent]["pzxid"] = zxid
    return tree


def _session_id(server: _Member, n: int) -> str:
    """SessionTrackerImpl.initializeNextSession: (now in ms << 24 >>> 8) | (myid << 56), counting up."""
    ms = int(server.program.config.get("started", server.now) * 1000)
    base = ((ms << 24) & 0xFFFFFFFFFFFFFFFF) >> 8
    base |= int(server.program.config["myid"]) << 56
    return f"0x{base + n - 1:x}"
