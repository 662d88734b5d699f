"""``wget`` on the console host: GNU Wget as a Linux host has it.

Node IPs, NodePorts and localhost go to the modelled network's wget; any other
host is on the Internet, out of the offline console's reach
(``clusters.console.offline``): Wget's own resolution failure, exit status 4.
"""
from __future__ import annotations

from clusters.console import offline


def wget(ctx, argv: list[str]) -> int:
    from clusters.network import clients

    quiet = False
    urls: list[str] = []
    args = iter(argv)
    for a in args:
        if a in ("-O", "--output-document"):
            next(args, None)  # where the document would go: nothing arrives here
        elif a.startswith("-") and not a.startswith("--") and len(a) > 1:
            flags, o, attached = a[1:].partition("O")
            quiet = quiet or "q" in flags
            if o and not attached:
                next(args, None)
        elif a in ("-q", "--quiet"):
            quiet = True
        elif not a.startswith("-"):
            urls.append(a)
    if not urls:
        ctx.err("wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n")
        return 1
    if any(_on_host_network(u) for u in urls):  # a node IP, a NodePort, localhost: the modelled network
        r = clients.wget(ctx.cluster, None, list(argv))
        if r.elapsed > 0:
            ctx.cluster.advance(r.elapsed)
        if r.stdout:
            ctx.out(r.stdout)
        if r.stderr:
            ctx.err(r.stderr)
        return r.exit_code
    status = 0
    for u in urls:
        url = u if offline.is_url(u) else "http://" + u
        host = offline.get(url).host
        log = [] if quiet else [f"--{_stamp(ctx)}--  {url}"]
        log.append(f"Resolving {host} ({host})... failed: Temporary failure in name resolution.")
        log.append(f"wget: unable to resolve host address ‘{host}’")
        if not quiet:
            ctx.err("\n".join(log) + "\n")
        status = 4
    return status


def _on_host_network(u: str) -> bool:
    host = offline.split_url(u if offline.is_url(u) else "http://" + u)[0]
    return host == "localhost" or host.replace(".", "").isdigit() or host.startswith("[")


def _stamp(ctx) -> str:
    from clusters import timeutil

    ts = timeutil.rfc3339(ctx.cluster.epoch + ctx.cluster.clock.now)
    return f"{ts[:10]} {ts[11:19]}"
