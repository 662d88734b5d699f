"""kube-proxy and DNS, modelled: which backends a Service routes to and which names resolve.

- ``services``: kube-proxy's view, from EndpointSlices (``route``, ``service_backends``);
- ``dns``: CoreDNS's answers and a pod's resolver (``resolve``, ``nslookup``);
- ``http``: what each simulated image serves, on which port;
- ``clients``: ``curl`` and busybox ``wget`` over all of the above (``http_get``).

The console wires ``kubectl exec POD -- curl/wget/nslookup`` to these; nothing
here writes to the API.
"""
from clusters.network.clients import curl, http_get, wget
from clusters.network.dns import nslookup, resolve
from clusters.network.services import route

__all__ = ["curl", "http_get", "nslookup", "resolve", "route", "wget"]
