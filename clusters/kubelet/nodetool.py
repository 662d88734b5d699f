"""nodetool as the cassandra image ships it (Cassandra 3.11.2 tools/NodeTool.java and tools/nodetool/).

It talks JMX to a node (``-h`` 127.0.0.1, ``-p`` 7199 by default): the node in this pod, or another one
over the modelled network (``Env.net.cassandra``). Commands: ``status`` (cassandra.status_text),
``drain`` (the preStop hook's: it takes the node out of gossip, its peers mark it down, and it takes the
seconds the shutdown announcement waits), ``removenode HOST-ID|status`` (StorageService.removeNode: a down
member leaves the ring, its ranges re-replicated), ``version``. Anything else is airline's parse error. A
failed operation prints NodeTool.err's ``error:`` line and the exception's first line [abridged: the rest
of its stack trace], and exits 2.
"""
from __future__ import annotations

from clusters.kubelet import cassandra

USAGE_HINT = "See 'nodetool help' or 'nodetool help <command>'.\n"
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
    views = cassandra.views_of(site.cluster, c.program.config.get("host_id", ""), now, site.is_up) or []
    if not any(not v.joining for v in views):
        # Murmur3Partitioner.describeOwnership with no Normal tokens yet; NodeTool.err prints the root cause
        # and its stack trace [abridged to its first line], and exits 2.
        msg = "No nodes present in the cluster. Has this node finished starting up?"
        return 2, f"error: {msg}\n-- StackTrace --\njava.lang.RuntimeException: {msg}\n", 0.0
    return 0, cassandra.status_text(views), 0.0
