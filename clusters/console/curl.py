"""``curl`` on the console host: the learner's own machine beside a kind cluster.

It reaches what a host reaches (``clusters.network``): a node's IP and a
Service's NodePort, not ClusterIPs or pod IPs (those time out, as from
outside a kind cluster), and ``localhost`` only where the API server's port
is published (``apiserver_port``) or this console's ``kubectl proxy``
(``clusters.console.kubectl.proxy``) or ``kubectl port-forward``
(``port_forward``) listens; anything else on localhost is refused. Time a request takes passes in virtual time. ``-d @FILE`` reads the
scratch directory (``@-`` standard input) and ``-o FILE`` writes there; a
request's body and headers reach the proxy, which relays writes to the API
server (``kubectl.rest``).
"""
from __future__ import annotations


def main(ctx, argv: list[str]) -> int:
    from clusters import network
    from clusters.console import apiserver_port, files
    from clusters.console.kubectl import port_forward, proxy
    from clusters.network import clients

    cluster = ctx.cluster

    def local(url, method, request):
        if url.host not in ("localhost", "127.0.0.1", "::1"):
            return None  # the Internet is out of reach (clusters.console.offline): the name does not resolve
        if apiserver_port.serves(url):
            return apiserver_port.exchange(ctx, url, method, request)
        forward = port_forward.forward_for(cluster, url.host, url.port)
        if forward is not None:
            return port_forward.connect(ctx, forward, url.port, method, url.path)
        if not proxy.serving(cluster, url.host, url.port):
            return clients.Exchange("refused", ip="127.0.0.1")
        return clients.Exchange("response", ip="127.0.0.1", response=proxy.answer(ctx, method, url.path, request))

    def read_file(path):  # -d @path: a file in the scratch directory, "-" what the pipe gives
        return ctx.stdin if path == "-" else files.read(cluster, path)

    def write_file(path, text):  # -o path
        files.write(cluster, path, text)

    r = network.curl(cluster, None, list(argv), local=local, read_file=read_file, write_file=write_file)
    if r.elapsed > 0:
        saved = cluster.cause
        cluster.cause = None
        try:
            cluster.advance(r.elapsed)
        finally:
            cluster.cause = saved
    for stream, text in getattr(r, "chunks", None) or (("out", r.stdout), ("err", r.stderr)):
        if text:  # in the order curl wrote them: -v's lines before the body they announce
            (ctx.out if stream == "out" else ctx.err)(text)
    return r.exit_code
