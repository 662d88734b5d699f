"""``curl`` on the console host: the learner's own machine beside a kind cluster.

It reaches what a host reaches (``clusters.network``): a node's IP and a
Service's NodePort, not ClusterIPs or pod IPs (those time out, as from
outside a kind cluster), and ``localhost`` only where this console's
``kubectl proxy`` (``clusters.console.kubectl.proxy``) or ``kubectl
port-forward`` (``port_forward``) listens; anything else on localhost is
refused. Time a request takes passes in virtual time.
"""
from __future__ import annotations


def main(ctx, argv: list[str]) -> int:
    from clusters import network
    from clusters.console.kubectl import port_forward, proxy
    from clusters.network import clients

    cluster = ctx.cluster

    def local(url, method):
        if url.host not in ("localhost", "127.0.0.1", "::1"):
            return None  # the Internet is out of reach (clusters.console.offline): the name does not resolve
        forward = port_forward.forward_for(cluster, url.host, url.port)
        if forward is not None:
            return port_forward.connect(ctx, forward, url.port, method, url.path)
        if not proxy.serving(cluster, url.host, url.port):
            return clients.Exchange("refused", ip="127.0.0.1")
        return clients.Exchange("response", ip="127.0.0.1", response=proxy.answer(ctx, method, url.path))

    r = network.curl(cluster, None, list(argv), local=local)
    if r.elapsed > 0:
        saved = cluster.cause
        cluster.cause = None
        try:
            cluster.advance(r.elapsed)
        finally:
            cluster.cause = saved
    if r.stdout:
        ctx.out(r.stdout)
    if r.stderr:
        ctx.err(r.stderr)
    return r.exit_code
