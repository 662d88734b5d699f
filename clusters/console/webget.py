"""The console host's web clients for kubernetes.io's examples: answers for ``curl``, and ``wget``.

The console is offline; ``clusters.console.examples`` mirrors the manifests
kubernetes.io's tutorials fetch. ``answer`` gives the console's ``curl`` an
exchange for those hosts (k8s.io's 301 unless ``-L``, the file, or a 404), so
``curl -sL https://k8s.io/examples/pods/simple-pod.yaml | kubectl apply -f -``
works as on the page. ``wget`` is GNU Wget as a Linux host has it: the
mirror's files to stdout (``-qO-``) or into the scratch directory, Wget's exit
status 8 for a server error and 4 for a name that does not resolve; other
URLs (a NodePort, a node IP) go to the modelled network's wget.
"""
from __future__ import annotations

from clusters.console import examples, files

# Addresses the hosts answer from (only ``curl -v`` and ``wget`` print them).
_ADDRESSES = {"k8s.io": "34.107.204.206", "kubernetes.io": "147.75.40.148", "www.kubernetes.io": "147.75.40.148",
              "raw.githubusercontent.com": "185.199.108.133"}
WGET_VERSION = "1.21.4"


def follows_redirects(argv: list[str]) -> bool:
    """curl's ``-L``/``--location``, alone or in a cluster of short flags (``-sL``, ``-fsSL``)."""
    for a in argv:
        if a == "--location" or (a.startswith("-") and not a.startswith("--") and "L" in a.split("o", 1)[0]):
            return True
    return False


def answer(url, method: str, follow: bool):
    """A ``clients.Exchange`` for the console's curl when ``url`` is on an examples host, else None."""
    from clusters.network import clients, http

    if url.host.lower() not in _ADDRESSES:
        return None
    raw = f"{url.scheme}://{url.host}{url.path}"
    f = examples.get(raw, follow=follow)
    headers = [("Content-Type", "text/html" if f.outcome == "moved" else "text/plain; charset=utf-8"),
               ("Content-Length", str(len(f.body.encode())))]
    if f.location:
        headers.append(("Location", f.location))
    body = "" if method == "HEAD" else f.body
    return clients.Exchange("response", ip=_ADDRESSES[url.host.lower()],
                            response=http.Response(f.status, f.reason, headers, body))


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
        url = u if examples.is_url(u) else "http://" + u
        f = examples.get(url)
        host = examples.split_url(url)[0]
        log = [] if quiet else [f"--{_stamp(ctx)}--  {url}"]
        if f.outcome == "nohost":
            log.append(f"Resolving {host} ({host})... failed: Temporary failure in name resolution.")
            log.append(f"wget: unable to resolve host address ‘{host}’")
            if not quiet:
                ctx.err("\n".join(log) + "\n")
            status = 4
            continue
        if not quiet:
            if host == "k8s.io":
                first = examples.get(url, follow=False)
                log += _connect(host) + [f"HTTP request sent, awaiting response... 301 Moved Permanently",
                                         f"Location: {first.location} [following]", f"--{_stamp(ctx)}--  {first.location}"]
                host = "kubernetes.io"
            log += _connect(host) + [f"HTTP request sent, awaiting response... {f.status} {f.reason}"]
        if f.outcome != "ok":
            if not quiet:
                ctx.err("\n".join(log) + f"\n{_stamp(ctx)} ERROR {f.status}: {f.reason}.\n\n")
            status = 8
            continue
        size = len(f.body.encode())
        if out_doc == "-":
            if not quiet:
                ctx.err("\n".join(log + [f"Length: {size} [text/plain]", "Saving to: ‘STDOUT’", ""]) + "\n")
            ctx.out(f.body)
            if not quiet:
                ctx.err(f"\n{_stamp(ctx)} (10.0 MB/s) - written to stdout [{size}/{size}]\n\n")
            continue
        name = out_doc or (url.rstrip("/").rsplit("/", 1)[-1] or "index.html")
        if not out_doc:
            n = 1
            base = name
            while files.exists(ctx.cluster, name):  # Wget never overwrites without -O: file.1, file.2, ...
                name = f"{base}.{n}"
                n += 1
        problem = files.check_writable(ctx.cluster, name)
        if problem:
            ctx.err(f"{name}: {problem}\n")
            status = 3
            continue
        files.write(ctx.cluster, name, f.body)
        if not quiet:
            ctx.err("\n".join(log + [f"Length: {size} [text/plain]", f"Saving to: ‘{name}’", ""]) + "\n"
                    + f"\n{_stamp(ctx)} (10.0 MB/s) - ‘{name}’ saved [{size}/{size}]\n\n")
    return status


def _on_host_network(u: str) -> bool:
    host = examples.split_url(u if examples.is_url(u) else "http://" + u)[0]
    return host == "localhost" or host.replace(".", "").isdigit() or host.startswith("[")


def _connect(host: str) -> list[str]:
    ip = _ADDRESSES[host]
    return [f"Resolving {host} ({host})... {ip}", f"Connecting to {host} ({host})|{ip}|:443... connected."]


def _stamp(ctx) -> str:
    from clusters import timeutil

    ts = timeutil.rfc3339(ctx.cluster.epoch + ctx.cluster.clock.now)
    return f"{ts[:10]} {ts[11:19]}"
