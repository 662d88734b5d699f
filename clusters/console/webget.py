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
    out_doc = None
    urls: list[str] = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("-q", "--quiet"):
            quiet = True
        elif a in ("-O", "--output-document"):
            i += 1
            out_doc = argv[i] if i < len(argv) else None
        elif a.startswith("--output-document="):
            out_doc = a.split("=", 1)[1]
        elif a.startswith("-") and not a.startswith("--") and len(a) > 1:
            flags, _, attached = a[1:].partition("O")
            quiet = quiet or "q" in flags
            if "O" in a[1:]:
                if attached:
                    out_doc = attached
                else:
                    i += 1
                    out_doc = argv[i] if i < len(argv) else None
        elif not a.startswith("-"):
            urls.append(a)
        i += 1
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
