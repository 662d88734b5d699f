"""kubectl proxy (kubernetes/kubectl:pkg/cmd/proxy/proxy.go), for the console host's ``curl``.

A real ``kubectl proxy`` prints ``Starting to serve on 127.0.0.1:8001`` and
blocks until Ctrl-C, which is why the tutorials run it in a second terminal.
This console has one terminal and nothing runs between commands, so the
proxy is recorded on the cluster (``cluster.kubectl_proxies``: port ->
address, picklable, replayed with the journal) and keeps serving, as if in a
second terminal: a note on stderr says so, and it is one of the console's jobs
(``jobs.py``: ``kubectl proxy &`` starts it as bash would, ``kill %1`` stops
it). A second proxy on the same port
fails as the real bind does. The console's ``curl http://localhost:8001/...``
is answered here (``answer``), as the API server would answer through it:

- ``/api/v1/namespaces/NS/pods/NAME[:PORT]/proxy/PATH`` and
  ``.../services/NAME[:PORT]/proxy/PATH``: what the pod (or one of the
  Service's endpoints) answers on that port over the modelled network
  (pod/strategy.go ResourceLocation: no port means the first container port,
  else the URL's default, 80); nothing listening is the API server's 503
  ``error trying to reach service: dial tcp IP:PORT: connect: connection refused``;
- every other GET path: ``kubectl get --raw PATH``'s answer (``raw.fetch``),
  indented, because the API server pretty-prints JSON for a ``curl`` user
  agent (apiserver handlers/negotiation/negotiate.go isPrettyPrint);
- POST, PUT, PATCH and DELETE with curl's headers and body: the API server's
  write (``rest.write``), its object or metav1.Status written the same way.

The proxy stops when its job is killed or the console's cluster is reset.
"""
from __future__ import annotations

import json

from clusters.apiserver import errors as api_errors
from clusters.console import jobs
from clusters.console.kubectl import base, raw, rest
from clusters.console.printers import jsonout

RUNNING_NOTE = ("This console is not a terminal: kubectl proxy keeps serving on {addr} in the background, "
                "as it would in a second terminal; curl http://localhost:{port}/... reaches it, and "
                "'kill %{job}' stops it.\n")


def proxies(cluster) -> dict:
    """port -> address of the proxies this console started."""
    found = getattr(cluster, "kubectl_proxies", None)
    if found is None:
        found = cluster.kubectl_proxies = {}
    return found


class Verb(base.Verb):
    name = "proxy"

    def run(self, kc, args):
        if args:
            raise base.KubectlError(f'unknown command "{args[0]}" for "kubectl proxy"')
        opts = kc.opts
        if opts.get("unix-socket"):
            raise base.KubectlError("this console has no file system for a unix socket: use --port")
        address = opts.get("address") or "127.0.0.1"
        try:
            port = int(opts.get("port") if opts.get("port") is not None else 8001)
        except (TypeError, ValueError):
            raise base.KubectlError(f'invalid argument "{opts.get("port")}" for "-p, --port" flag: parse error')
        running = proxies(kc.cluster)
        if port == 0:  # the kernel picks a free ephemeral port
            port = kc.cluster.rand.randint(32768, 60999)
        from clusters.console.kubectl import port_forward

        if port in running or port_forward.bound(kc.cluster, address, port):
            raise base.KubectlError(f"listen tcp {address}:{port}: bind: address already in use")
        running[port] = address
        kc.out(f"Starting to serve on {address}:{port}\n")
        started_with_ampersand = jobs.background(kc.ctx) is not None
        job = jobs.serving(kc.ctx, "proxy", port)
        if not started_with_ampersand:
            kc.err(RUNNING_NOTE.format(addr=f"{address}:{port}", port=port, job=job.number))
        return 0


def serving(cluster, host: str, port: int) -> bool:
    return host in ("localhost", "127.0.0.1") and port in proxies(cluster)


def answer(ctx, method: str, path: str, request=None):
    """The proxy's HTTP answer to ``method path`` (a network.http.Response); ``request`` (a
    network.clients.Request) carries a write's headers and body on to the API server (``rest``)."""
    from clusters.network import clients

    cluster = ctx.cluster
    date = clients.http_date(cluster)
    parts = path.split("?", 1)[0].split("/")
    # /api/v1/namespaces/NS/(pods|services)/NAME[:PORT]/proxy[/...]
    if len(parts) >= 8 and parts[1:3] == ["api", "v1"] and parts[3] == "namespaces" and parts[5] in ("pods", "services") \
            and parts[7] == "proxy":
        return _to_backend(cluster, parts[5], parts[4], parts[6], "/" + "/".join(parts[8:]), method, date)
    return api_answer(ctx, method, path, request)


def api_answer(ctx, method: str, path: str, request=None, user=None):
    """The API server's own answer to a request (``rest`` for writes, ``raw.fetch`` for reads), made
    as the kubeconfig's admin (what kubectl proxy authenticates as) or as ``user``, whom RBAC
    checks (``impersonation.ImpersonatingAPI``)."""
    from clusters.console.kubectl import flags as flagmod, impersonation
    from clusters.network import clients, http

    date = clients.http_date(ctx.cluster)
    verb = Verb()
    kc = base.Invocation(ctx, verb, flagmod.parse([], verb.flags()))
    if user is not None:
        kc.api = impersonation.api_for(ctx.cluster.api, kc.opts, user)
    if method not in ("GET", "HEAD"):
        try:
            written = rest.write(kc, method, path, request or clients.Request())
        except api_errors.StatusError as e:
            return json_response(e.code, _REASONS.get(e.code, e.reason), rest.status_of(e), date)
        return json_response(written.code, _REASONS.get(written.code, ""), written.obj, date)
    try:
        body = raw.fetch(kc, path)
    except api_errors.StatusError as e:
        return json_response(e.code, _REASONS.get(e.code, e.reason), rest.status_of(e), date)
    ctype = "application/json"
    try:
        body = _pretty(json.loads(body, object_pairs_hook=dict))
    except ValueError:
        ctype = "text/plain; charset=utf-8"
    return http.Response(200, "OK", [("Content-Type", ctype), ("Date", date)], body)


def _pretty(obj) -> str:
    """What the API server writes for a ``curl`` User-Agent (negotiate.go isPrettyPrint): json.MarshalIndent
    with two spaces, Go's HTML escaping, and no newline after the closing brace (serializer/json/json.go
    doEncode), so the shell's prompt follows it on the same line."""
    return jsonout._go_escape(json.dumps(obj, indent=2, ensure_ascii=False))


def json_response(code: int, reason: str, obj: dict, date: str):
    """The API server's JSON answer, as it writes one for curl."""
    from clusters.network import http

    return http.Response(code, reason, [("Content-Type", "application/json"), ("Date", date)], _pretty(obj))


def _status(code: int, reason: str, message: str, date: str, details: dict | None = None):
    return json_response(code, _REASONS.get(code, reason), rest.status_of(api_errors.StatusError(code, reason, message, details)),
                 date)


# net/http's StatusText for the codes a request here can meet
_REASONS = {200: "OK", 201: "Created", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
            405: "Method Not Allowed", 409: "Conflict", 415: "Unsupported Media Type", 422: "Unprocessable Entity",
            429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable"}


def _to_backend(cluster, kind: str, ns: str, name_port: str, rest: str, method: str, date: str):
    from clusters.network import clients, http, services

    name, _, port_text = name_port.partition(":")
    if port_text.startswith(("http:", "https:")) or port_text in ("http", "https"):
        port_text = port_text.split(":", 1)[-1] if ":" in port_text else ""
    obj = cluster.api.try_get(kind, name, ns)
    if obj is None:
        return _status(404, "NotFound", f'{kind} "{name}" not found', date, {"name": name, "kind": kind})
    if kind == "services":
        ports = (obj.get("spec") or {}).get("ports") or []
        sp = next((p for p in ports if port_text in ("", str(p.get("port")), p.get("name"))), None)
        if sp is None:
            return _status(503, "ServiceUnavailable", f'no endpoints available for service "{name_port}"', date)
        backends = services.routable(services.service_backends(cluster, obj, sp))
        if not backends:
            return _status(503, "ServiceUnavailable", f'no endpoints available for service "{name}"', date)
        b = backends[cluster.rand.randint(0, len(backends) - 1)] if len(backends) > 1 else backends[0]
        pod = cluster.api.try_get("pods", b.pod, b.namespace) if b.pod else None
        port = b.port
        if pod is None:
            return _status(503, "ServiceUnavailable", f'no endpoints available for service "{name}"', date)
    else:
        pod = obj
        port = int(port_text) if port_text.isdigit() else None
        if port is None:
            for c in (pod.get("spec") or {}).get("containers") or ():
                if c.get("ports"):
                    port = int(c["ports"][0].get("containerPort"))
                    break
        port = port or 80
    ip = (pod.get("status") or {}).get("podIP") or ""
    if not ip:
        return _status(400, "BadRequest", f"address not allowed", date)
    url = clients.URL("http", ip, port, rest or "/")
    # The API server dials the pod from its own (host-network) pod on the control-plane node.
    apiserver = next((p for p in cluster.api.list("pods", "kube-system") if p["metadata"]["name"].startswith("kube-apiserver-")),
                     None)
    ex = clients.exchange(cluster, apiserver or pod, url, method)
    if ex.outcome != "response":
        return _status(503, "ServiceUnavailable",
                       f"error trying to reach service: dial tcp {ip}:{port}: connect: connection refused", date)
    return ex.response
