"""URLs typed on the console host: it has no route to the Internet.

Tutorials load manifests by URL (``kubectl apply -f https://k8s.io/examples/...``)
and fetch files with ``curl``/``wget``. The simulated console host is offline
(``clusters.network.dns``: it resolves only ``localhost`` and the cluster's
own nodes), so every such request fails to resolve its host, in each
client's own words. A learner brings a page's manifest by pasting it:
``cat <<EOF | kubectl apply -f -``. (Shipping kubernetes.io's example files
would mean committing upstream material, which this project does not do.)
"""
from __future__ import annotations

from typing import NamedTuple

# The resolver a Linux host's Go program asks (systemd-resolved's stub), as kubectl's error names it.
HOST_RESOLVER = "127.0.0.53:53"


class Fetched(NamedTuple):
    """One GET. outcome is always "nohost" here: the name could not be resolved."""
    outcome: str
    host: str
    body: str = ""
    location: str = ""

    @property
    def status(self) -> int:
        return 0

    @property
    def reason(self) -> str:
        return ""


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def split_url(url: str) -> tuple[str, str]:
    rest = url.split("://", 1)[1] if "://" in url else url
    hostport, _, path = rest.partition("/")
    host = hostport.rsplit("@", 1)[-1].split(":", 1)[0].lower()
    return host, "/" + path.split("?", 1)[0].split("#", 1)[0]


def get(url: str, follow: bool = True) -> Fetched:
    """GET ``url`` from the console host: its host cannot be resolved."""
    return Fetched("nohost", split_url(url)[0])


def kubectl_read(url: str) -> str:
    """What kubectl's URLVisitor gets: http.Get's own error, a *url.Error.

    cli-runtime resource/visitor.go readHttpWithRetries returns a transport
    failure as it is: ``Get "<url>": dial tcp: lookup <host> on <resolver>:
    no such host``; the honest answer for this sandbox, not a claim that the
    name does not exist on the Internet.
    """
    host = get(url).host
    raise ReadError(f'Get "{url}": dial tcp: lookup {host} on {HOST_RESOLVER}: no such host')


class ReadError(Exception):
    pass
