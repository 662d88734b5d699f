"""The ZooKeeper image's clients: ``zkCli.sh CMD ARGS`` and ``zookeeper-ready PORT`` (zookeeper.py).

zkCli.sh (ZooKeeper 3.4.10 ZooKeeperMain) prints "Connecting to HOST", then its log4j lines, which the
image's log4j.properties sends to the console (stdout) at INFO: the client's environment and the
session's opening; the watcher's SyncConnected event; then the command's answer. In 3.4 the answer's
stat lines and "Created /path" go to stderr and the program exits 0 whatever happened. The ensemble's
side is clusters/network/zookeeper_client.py. Values of the client's environment (the JDK's build, the
node's kernel) are [approximate].
"""
from __future__ import annotations

import datetime

from clusters.kubelet import utilities, zookeeper

_COMMANDS = {"create": "create [-s] [-e] path data acl", "get": "get path [watch]", "set": "set path data [version]",
             "delete": "delete path [version]", "ls": "ls path [watch]", "stat": "stat path [watch]"}
_ENV = (("zookeeper.version", "3.4.10-39d3a4f269333c922ed3db283be479f9deacaa0f, built on 03/23/2017 10:13 GMT"),
        ("host.name", None), ("java.version", "1.8.0_131"), ("java.vendor", "Oracle Corporation"),
        ("java.home", "/usr/lib/jvm/java-8-openjdk-amd64/jre"), ("java.class.path", None),
        ("java.library.path", "/usr/java/packages/lib/amd64:/usr/lib/x86_64-linux-gnu/jni:/lib/x86_64-linux-gnu:"
                              "/usr/lib/x86_64-linux-gnu:/usr/lib/jni:/lib:/usr/lib"),
        ("java.io.tmpdir", "/tmp"), ("java.compiler", "<NA>"), ("os.name", "Linux"), ("os.arch", "amd64"),
        ("os.version", "6.8.0-51-generic"), ("user.name", None), ("user.home", None), ("user.dir", None))
USERS = {0: "root", 1000: "zookeeper"}  # the image's /etc/passwd


def ready(args: list, ctx) -> int:
    """zookeeper-ready PORT: ``echo ruok | nc 127.0.0.1 $1`` answered "imok"."""
    port = args[0] if args else ""
    if ctx.net is None or not port.isdigit():
        return 1
    return 0 if ctx.net.zookeeper_ruok("127.0.0.1", int(port)) == "imok" else 1


def zkcli(args: list, ctx, now: float) -> tuple[int, str, bool]:
    """zkCli.sh [-server host:port] CMD ARGS: (status, output, whether it is still trying to connect)."""
    server = "localhost:2181"
    if len(args) >= 2 and args[0] == "-server":
        server, args = args[1], args[2:]
    host, _, port = server.partition(":")
    port = port if port.isdigit() else "2181"
    out = [f"Connecting to {server}"]
    if not args:
        return 0, "\n".join(out) + "\n", False  # [approximate] the interactive shell is not modelled
    cmd = args[0]
    request = _request(cmd, args[1:])
    at = now
    out += [_client_line(at, "main:Environment@100", f"Client environment:{k}={v if v is not None else _env(k, ctx)}")
            for k, v in _ENV]
    out.append(_client_line(at + 0.01, "main:ZooKeeper@438",
                            f"Initiating client connection, connectString={server} sessionTimeout=30000 "
                            f"watcher=org.apache.zookeeper.ZooKeeperMain$MyWatcher@{_hash(ctx, now)}"))
    thread = f"main-SendThread({server})"
    addr = f"{host}/{'127.0.0.1' if host in ('localhost', '127.0.0.1') else host}:{port}"
    if request is None:
        return 0, "\n".join(out + [_usage()]) + "\n", False
    reply = ctx.net.zookeeper_session(host, int(port), [request]) if ctx.net is not None else None
    if reply is None or reply.outcome != "ok":
        # ClientCnxn retries for ever: the socket refused, or a server outside a quorum closing it.
        out.append(_client_line(at + 0.02, f"{thread}:ClientCnxn$SendThread@1032",
                                f"Opening socket connection to server {addr}. Will not attempt to authenticate "
                                "using SASL (unknown error)"))
        if reply is not None and reply.outcome == "noquorum":
            out.append(_client_line(at + 0.02, f"{thread}:ClientCnxn$SendThread@876",
                                    f"Socket connection established to {addr}, initiating session"))
            out.append(_client_line(at + 0.03, f"{thread}:ClientCnxn$SendThread@1158",
                                    "Unable to read additional data from server sessionid 0x0, likely server has "
                                    "closed socket, closing socket connection and attempting reconnect"))
        else:
            out.append(_client_line(at + 0.03, f"{thread}:ClientCnxn$SendThread@1162",
                                    "Session 0x0 for server null, unexpected error, closing socket connection and "
                                    "attempting reconnect", "WARN "))
            out.append("java.net.ConnectException: Connection refused")
        return 130, "\n".join(out) + "\n", True
    out.append(_client_line(at + 0.02, f"{thread}:ClientCnxn$SendThread@1032",
                            f"Opening socket connection to server {addr}. Will not attempt to authenticate using SASL "
                            "(unknown error)"))
    out.append(_client_line(at + 0.02, f"{thread}:ClientCnxn$SendThread@876",
                            f"Socket connection established to {addr}, initiating session"))
    out.append(_client_line(at + 0.03, f"{thread}:ClientCnxn$SendThread@1299",
                            f"Session establishment complete on server {addr}, sessionid = {reply.session}, "
                            "negotiated timeout = 30000"))
    out += ["", "WATCHER::", "", "WatchedEvent state:SyncConnected type:None path:null"]
    status, value = reply.results[0]
    op = request[0]
    if status == "nonode":
        out.append(f"Node does not exist: {value}")
    elif status == "exists":
        out.append(f"Node already exists: {value}")
    elif status == "notempty":
        out.append(f"Node not empty: {value}")
    elif op == "create":
        out.append(f"Created {value}")
    elif op == "ls":
        out.append("[" + ", ".join(_hash_order(value["children"])) + "]")
    elif op == "get":
        out.append(value["data"])
        out += _stat(value)
    elif op in ("set", "stat"):
        out += _stat(value)
    return 0, "\n".join(out) + "\n", False


def _request(cmd: str, args: list) -> tuple | None:
    """(op, path, data) for a command ZooKeeperMain knows with enough arguments, else None."""
    words = [a for a in args if a not in ("-s", "-e")] if cmd == "create" else args
    need = {"create": 2, "set": 2}.get(cmd, 1)
    if cmd not in _COMMANDS or len(words) < need or not words[0].startswith("/"):
        return None
    return cmd, words[0].rstrip("/") or "/", words[1] if need == 2 else ""


def _hash_order(names: list) -> list:
    """The order a DataNode's children come out of its java.util.HashSet (new HashSet<String>(8), doubled past
    three quarters full): by bucket of String.hashCode spread as HashMap.hash does, then as added."""
    size = 8
    while len(names) > size * 3 // 4:
        size *= 2

    def bucket(name: str) -> int:
        h = 0
        units = name.encode("utf-16-be")  # Java's chars are UTF-16 code units
        for i in range(0, len(units), 2):
            h = (h * 31 + int.from_bytes(units[i:i + 2], "big")) & 0xFFFFFFFF
        return (h ^ (h >> 16)) & (size - 1)
    return sorted(names, key=bucket)  # sorted() is stable: a bucket keeps the order its names were added in


def _usage() -> str:
    """ZooKeeperMain.usage(), the commands this simulation answers among them."""
    return "ZooKeeper -server host:port cmd args\n" + "\n".join(f"\t{v}" for v in _COMMANDS.values())


def _stat(node: dict) -> list[str]:
    """ZooKeeperMain.printStat."""
    def date(ms: int) -> str:  # java.util.Date.toString in the container's UTC
        return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime("%a %b %d %H:%M:%S UTC %Y")
    return [f"cZxid = 0x{node['czxid']:x}", f"ctime = {date(node['ctime'])}", f"mZxid = 0x{node['mzxid']:x}",
            f"mtime = {date(node['mtime'])}", f"pZxid = 0x{node['pzxid']:x}", f"cversion = {node['cversion']}",
            f"dataVersion = {node['version']}", "aclVersion = 0", "ephemeralOwner = 0x0",
            f"dataLength = {len(node['data'].encode())}", f"numChildren = {len(node['children'])}"]


def _client_line(at: float, where: str, message: str, level: str = "INFO ") -> str:
    return f"{zookeeper.stamp(at)} [myid:] - {level} [{where}] - {message}"


def _env(key: str, ctx) -> str:
    uid = ctx.ids[0]
    if key == "host.name":
        hosts = ctx.files.read("/etc/hosts") or ""
        return utilities.hostname_(["-f"], ctx.hostname, hosts)[1].strip()
    if key == "java.class.path":
        return zookeeper.CLASSPATH
    if key == "user.name":
        return USERS.get(uid, "?")
    if key == "user.home":
        return "/root" if uid == 0 else f"/home/{USERS.get(uid, '?')}" if uid in USERS else "?"
    return ctx.cwd


def _hash(ctx, now: float) -> str:
    """Object.hashCode of the watcher, as Java prints it: some 31-bit number in hex [approximate]."""
    return f"{int(now * 1000) * 2654435761 % 0x7fffffff:x}"
