"""nodetool as the cassandra image ships it (Cassandra 3.11.2 tools/NodeTool.java and tools/nodetool/).

It talks JMX to a node (``-h`` 127.0.0.1, ``-p`` 7199 by default): the node in this pod, or another one
over the modelled network (``Env.net.cassandra``). Commands: ``status`` (Status.java's table, below),
``drain`` (the preStop hook's: it takes the node out of gossip, its peers mark it down, and it takes the
seconds the shutdown announcement waits), ``removenode HOST-ID|status`` (StorageService.removeNode: a down
member leaves the ring, its ranges re-replicated), ``version``. Anything else is airline's parse error. A
failed operation prints NodeTool.err's ``error:`` line and the exception's first line [abridged: the rest
of its stack trace], and exits 2.
"""
from __future__ import annotations

from clusters.kubelet import cassandra

USAGE_HINT = "See 'nodetool help' or 'nodetool help <command>'.\n"
# bin/cqlsh beside nodetool looks for a Python 2.7 to run cqlsh.py; the v13 image installs none (build.sh
# adds python only to the -dev image), so it ends with its own message.
CQLSH_NO_PYTHON = "No appropriate python interpreter found.\n"
USAGE = ("usage: nodetool [(-u <username> | --username <username>)]\n"
         "        [(-pw <password> | --password <password>)]\n"
         "        [(-pwf <passwordFilePath> | --password-file <passwordFilePath>)]\n"
         "        [(-p <port> | --port <port>)] [(-h <host> | --host <host>)] <command>\n"
         "        [<args>]\n\n"
         "See 'nodetool help <command>' for more information on a specific command.\n\n")


def run(args: list, ctx) -> tuple[int, str, float]:
    """(exit code, output, seconds it took) of ``nodetool ARGS`` in the pod ``ctx`` (a shell.Env) runs in."""
    host, port, words, i = "127.0.0.1", cassandra.JMX_PORT, [], 0
    while i < len(args):
        a = args[i]
        if a in ("-h", "--host", "-p", "--port") and i + 1 < len(args):
            if a in ("-h", "--host"):
                host = args[i + 1]
            else:
                port = int(args[i + 1]) if args[i + 1].isdigit() else port
            i += 2
            continue
        words.append(a)
        i += 1
    if not words:
        return 0, USAGE, 0.0  # airline's default command, help [abridged: its list of commands]
    command = words[0]
    if command not in ("status", "drain", "version", "removenode") or (command == "removenode") != (len(words) == 2):
        return 1, f"nodetool: Found unexpected parameters: [{', '.join(words)}]\n" + USAGE_HINT, 0.0
    reach = getattr(ctx.net, "cassandra", None)
    site, c, error = reach(host, port) if reach is not None else (None, None, "refused")
    if c is None:
        cause = {"dns": f"UnknownHostException: '{host}: Name or service not known'"}.get(
            error, "ConnectException: 'Connection refused (Connection refused)'")
        return 1, f"nodetool: Failed to connect to '{host}:{port}' - {cause}.\n", 0.0
    if command == "version":
        return 0, f"ReleaseVersion: {cassandra.VERSION}\n", 0.0
    if command == "drain":
        site.drain(c, 0.0)
        return 0, "", cassandra.DRAIN_SECONDS
    if command == "removenode":
        if words[1] == "status":
            return 0, "RemovalStatus: No removals in process.\n", 0.0
        why = cassandra.remove_node(site, c.program.config.get("host_id", ""), words[1])
        if why:
            return 2, f"error: {why}\n-- StackTrace --\njava.lang.UnsupportedOperationException: {why}\n", 0.0
        return 0, "", cassandra.STREAM_SECONDS
    now = site.cluster.epoch + site.cluster.clock.now
    views = views_of(site.cluster, c.program.config.get("host_id", ""), now, site.is_up) or []
    if not any(not v.joining for v in views):
        # Murmur3Partitioner.describeOwnership with no Normal tokens yet; NodeTool.err prints the root cause
        # and its stack trace [abridged to its first line], and exits 2.
        msg = "No nodes present in the cluster. Has this node finished starting up?"
        return 2, f"error: {msg}\n-- StackTrace --\njava.lang.RuntimeException: {msg}\n", 0.0
    return 0, status_text(views), 0.0


# -- status (tools/nodetool/Status.java, 3.11) ----------------------------------------------------------

class View:
    """One member as ``nodetool status`` prints it."""

    __slots__ = ("member", "up", "joining")

    def __init__(self, member, up: bool, joining: bool):
        self.member = member
        self.up = up
        self.joining = joining


def file_size(value: float) -> str:
    """FileUtils.stringifyFileSize: ``DecimalFormat("#.##")`` (HALF_EVEN) and a binary unit."""
    for unit, size in (("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if value >= size:
            return f"{_decimal(value / size, 2)} {unit}"
    return f"{_decimal(value, 2)} bytes"


def _decimal(x: float, places: int) -> str:
    from decimal import ROUND_HALF_EVEN, Decimal

    d = Decimal(repr(x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    text = format(d, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def effective_ownership(views: list, rf: int) -> dict:
    """StorageService.effectiveOwnership for system_traces (SimpleStrategy, replication_factor 2): each
    token's range (Murmur3Partitioner.describeOwnership, six decimals) counts for the node owning it and the
    next distinct nodes clockwise, over the Normal members' tokens only."""
    ring = sorted((tok, v.member.host_id) for v in views if not v.joining for tok in v.member.tokens)
    if not ring:
        return {}
    share = {}
    if len(ring) == 1:
        share[0] = 1.0
    else:
        for i, (tok, _) in enumerate(ring):
            prev = ring[i - 1][0]
            share[i] = round(((tok - prev) % cassandra.RING) / cassandra.RING, 6)
    owners = {}
    distinct = len({h for _, h in ring})
    for i, (_, host) in enumerate(ring):
        replicas, j = [], i
        while len(replicas) < min(rf, distinct):
            h = ring[j % len(ring)][1]
            if h not in replicas:
                replicas.append(h)
            j += 1
        for h in replicas:
            owners[h] = owners.get(h, 0.0) + share[i]
    return owners


def _percent(x: float) -> str:
    """``new DecimalFormat("##0.0%")``: the value times 100, one decimal, HALF_EVEN."""
    from decimal import ROUND_HALF_EVEN, Decimal

    return f"{Decimal(repr(x * 100)).quantize(Decimal('0.1'), rounding=ROUND_HALF_EVEN)}%"


def _java_hash_order(views: list) -> list:
    """The order Guava 18's ArrayListMultimap (a HashMap of 16 buckets, doubling past 3/4 full) lists the
    nodes in: by Inet4Address.hashCode (the address as an int) spread as HashMap.hash does, then by when
    each was put (in token order, its first token)."""
    def ip_int(ip: str) -> int:
        try:
            a, b, c, d = (int(x) for x in ip.split("."))
        except ValueError:
            return 0
        return ((a << 24) | (b << 16) | (c << 8) | d)
    n = 16
    while len(views) > n * 3 // 4:
        n *= 2
    first = {}
    for tok, v in sorted((tok, v) for v in views for tok in v.member.tokens[:1]):
        first.setdefault(id(v), tok)

    def bucket(v) -> int:
        h = ip_int(v.member.ip)
        return (h ^ (h >> 16)) & (n - 1)
    return sorted(views, key=lambda v: (bucket(v), first.get(id(v), 0)))


def status_text(views: list) -> str:
    """``nodetool status`` with vnodes and effective ownership: one table per datacenter (sorted)."""
    owners = effective_ownership(views, 2)
    width = max((len(v.member.ip) for v in views), default=0)
    fmt = "%s%s  %-" + str(width) + "s  %-9s  %-11s  %-16s  %-36s  %s\n"
    out = []
    for dc in sorted({v.member.dc for v in views}):
        header = f"Datacenter: {dc}"
        out.append(header + "\n" + "=" * len(header) + "\n")
        out.append("Status=Up/Down\n|/ State=Normal/Leaving/Joining/Moving\n")
        out.append(fmt % ("-", "-", "Address", "Load", "Tokens", "Owns (effective)", "Host ID", "Rack"))
        for v in _java_hash_order([v for v in views if v.member.dc == dc]):
            m = v.member
            owns = owners.get(m.host_id)
            out.append(fmt % ("U" if v.up else "D", "J" if v.joining else "N", m.ip, file_size(m.load),
                              len(m.tokens), _percent(owns) if owns is not None else "?", m.host_id, m.rack))
    out.append("\n")
    return "".join(out)


def views_of(cluster, host_id: str, now_epoch: float, is_up) -> list | None:
    """The members the node ``host_id`` lists now, or None when it is in no ring."""
    ring, _ = cassandra.ring_of(cluster, host_id)
    if ring is None:
        return None
    views = []
    for m in ring.members.values():
        up = is_up(m, now_epoch)
        normal = m.normal_at is not None and m.normal_at <= now_epoch
        if normal or (up and m.seen_at <= now_epoch):
            views.append(View(m, up, not normal))
    return views
