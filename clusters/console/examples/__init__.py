"""kubernetes.io's example manifests, served offline to ``kubectl -f URL``, ``curl`` and ``wget``.

Tutorials and tasks on kubernetes.io load manifests by URL
(``kubectl apply -f https://k8s.io/examples/application/deployment.yaml``).
The simulated console has no Internet, so the files those pages name ship
here, under their path in kubernetes/website's ``content/en/examples``
(README.md in this folder says which commit each came from, and their
licence). Three URL forms reach them, as they do on the web:

- ``http(s)://k8s.io/examples/<path>``: the k8s.io redirector answers
  301 to ``https://kubernetes.io/examples/<path>`` (Go's http client and
  ``curl -L`` follow it; plain ``curl`` prints nginx's 301 page);
- ``https://kubernetes.io/examples/<path>`` (also ``www.kubernetes.io``);
- ``https://raw.githubusercontent.com/kubernetes/website/<ref>/content/en/examples/<path>``
  (any ref: the mirror holds one version of each file).

A path the mirror lacks on those hosts answers 404 Not Found, as the site
does for a missing file; any other host cannot be resolved, because the
console host has no route to the Internet (``clusters.network.dns``: the
console host resolves only ``localhost``). ``Fetched`` says which of the
three happened, so each client prints it in its own words.
"""
from __future__ import annotations

import os
from typing import NamedTuple

ROOT = os.path.dirname(os.path.abspath(__file__))
# The resolver a Linux host's Go program asks (systemd-resolved's stub), as kubectl's error names it.
HOST_RESOLVER = "127.0.0.53:53"
_HOSTS = ("k8s.io", "kubernetes.io", "www.kubernetes.io", "raw.githubusercontent.com")
_RAW_PREFIX = "/kubernetes/website/"
_RAW_DIR = "/content/en/examples/"
# nginx's own 301 page, what the k8s.io redirector (an nginx) sends with its Location header.
_MOVED = ("<html>\r\n<head><title>301 Moved Permanently</title></head>\r\n<body>\r\n"
          "<center><h1>301 Moved Permanently</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")


class Fetched(NamedTuple):
    """One GET. outcome: "ok" (body is the file), "moved" (location set), "missing" (404) or "nohost"."""
    outcome: str
    host: str
    body: str = ""
    location: str = ""

    @property
    def status(self) -> int:
        return {"ok": 200, "moved": 301, "missing": 404}.get(self.outcome, 0)

    @property
    def reason(self) -> str:
        return {200: "OK", 301: "Moved Permanently", 404: "Not Found"}.get(self.status, "")


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def split_url(url: str) -> tuple[str, str]:
    rest = url.split("://", 1)[1] if "://" in url else url
    hostport, _, path = rest.partition("/")
    host = hostport.rsplit("@", 1)[-1].split(":", 1)[0].lower()
    return host, "/" + path.split("?", 1)[0].split("#", 1)[0]


def example_path(url: str) -> str | None:
    """``application/deployment.yaml`` for any of the three URL forms, else None."""
    host, path = split_url(url)
    if host in ("k8s.io", "kubernetes.io", "www.kubernetes.io") and path.startswith("/examples/"):
        rel = path[len("/examples/"):]
    elif host == "raw.githubusercontent.com" and path.startswith(_RAW_PREFIX) and _RAW_DIR in path[len(_RAW_PREFIX):]:
        ref_and_rest = path[len(_RAW_PREFIX):]
        rel = ref_and_rest.split(_RAW_DIR, 1)[1]
    else:
        return None
    parts = [p for p in rel.split("/") if p]
    if not parts or any(p in (".", "..") or p.startswith(".") for p in parts):
        return None
    return "/".join(parts)


def read(rel: str) -> str | None:
    """The shipped file at ``rel`` (a manifest, not this package's own modules or README)."""
    if not rel.endswith((".yaml", ".yml", ".json")):
        return None
    full = os.path.join(ROOT, *rel.split("/"))
    if not os.path.isfile(full):
        return None
    with open(full, encoding="utf-8") as f:
        return f.read()


def get(url: str, follow: bool = True) -> Fetched:
    """GET ``url`` from the console host, following k8s.io's redirect when ``follow``."""
    host, path = split_url(url)
    if host not in _HOSTS:
        return Fetched("nohost", host)
    if host == "k8s.io" and not follow:
        return Fetched("moved", host, _MOVED, "https://kubernetes.io" + path)
    rel = example_path(url)
    text = read(rel) if rel else None
    if text is None:
        return Fetched("missing", host, "404: Not Found" if host == "raw.githubusercontent.com" else "404 page not found\n")
    return Fetched("ok", host, text)


def kubectl_read(url: str) -> str:
    """The manifest text kubectl's URLVisitor reads, or the error it returns (``ReadError``).

    cli-runtime resource/visitor.go readHttpWithRetries: a status other than 200
    is ``unable to read URL %q, server reported %s, status code=%d``; a transport
    failure is http.Get's own error, a *url.Error: ``Get "<url>": dial tcp:
    lookup <host> on <resolver>: no such host``. Offline, an unknown host is
    a failed lookup: the honest answer for this sandbox, not a claim that the
    name does not exist on the Internet.
    """
    f = get(url)
    if f.outcome == "ok":
        return f.body
    if f.outcome == "missing":
        raise ReadError(f'unable to read URL "{url}", server reported 404 Not Found, status code=404')
    raise ReadError(f'Get "{url}": dial tcp: lookup {f.host} on {HOST_RESOLVER}: no such host')


class ReadError(Exception):
    pass
