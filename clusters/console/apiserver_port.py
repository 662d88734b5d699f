"""The API server's own port as the console host's ``curl`` reaches it: ``https://127.0.0.1:6443``,
and as a pod's reaches it through the ``kubernetes`` Service (``serve``).

kind publishes kube-apiserver's secure port on the host's loopback, and the
kubeconfig names it (``kubectl.kubeconfig.SERVER``), so ``APISERVER=$(kubectl
config view --minify -o jsonpath='{.clusters[0].cluster.server}')`` and ``curl
$APISERVER/api --header "Authorization: Bearer $TOKEN" --insecure`` (kubernetes.io's
"Access Clusters Using the Kubernetes API") reach it. What a request meets, in
order:

- plain HTTP on the TLS port: Go's net/http answers ``Client sent an HTTP
  request to an HTTPS server.`` (server.go);
- a certificate from kind's own CA, which curl does not trust without ``-k``
  or ``--cacert``: curl's error 60;
- authentication (k8s.io/apiserver filters/authentication.go): a bearer token
  this cluster signed (``apiserver.tokens.authenticate``) is its service
  account; a token it did not sign is ``401 Unauthorized``; no token is
  ``system:anonymous`` (kind leaves anonymous auth on);
- authorization (filters/authorization.go): a path that names no resource
  (``/api``, ``/version``, ``/healthz``) needs a nonResourceURLs rule
  (system:discovery for the authenticated, system:public-info-viewer for
  everyone), refused as ``forbidden: User "system:anonymous" cannot get path
  "/api"``; resource requests are checked by RBAC as the API server answers
  them (``kubectl.proxy.api_answer`` as that user).

Inside a pod, ``curl --cacert $CACERT --header "Authorization: Bearer $TOKEN"
https://kubernetes.default.svc/api`` (kubernetes.io's "Access the Kubernetes API
from a Pod") meets the same steps: the Service's ClusterIP leads to the
control-plane node's 6443 (``network.services``), the mounted ca.crt is kind's CA,
and the projected token is the pod's bound service account token
(``kubelet.config.ServiceAccountToken``), which ``tokens.authenticate`` accepts
while the pod exists.

Client certificates (the kubeconfig's admin) are not modelled here: the
admin's way in is ``kubectl`` or ``kubectl proxy``.
"""
from __future__ import annotations

from clusters.apiserver import authorization, errors as api_errors

PORT = 6443
LOOPBACK = ("localhost", "127.0.0.1", "::1")
ANONYMOUS = authorization.User("system:anonymous", (authorization.UNAUTHENTICATED,))


def serves(url) -> bool:
    return url.host in LOOPBACK and url.port == PORT


def exchange(ctx, url, method: str, request):
    """The console host's request to the API server's port (a network.clients.Exchange)."""
    return _answer(ctx, url, method, request, "127.0.0.1")


def serve(cluster, url, method: str, request, ip: str):
    """A request that reached the API server's port at ``ip`` over the cluster network (a pod's curl to
    10.96.0.1:443, the ``kubernetes`` Service, or to the control-plane node's 6443): the same answer as
    the console host's, made outside any console line (its output goes nowhere)."""
    from clusters.console import programs

    def discard(text: str) -> None:
        pass

    return _answer(programs.Context(cluster.console, "", discard, discard), url, method, request, ip)


def _answer(ctx, url, method: str, request, ip: str):
    from clusters.apiserver import tokens
    from clusters.console.kubectl import proxy, raw, rest
    from clusters.network import clients, http

    if url.scheme != "https":
        # net/http server.go: a TLS listener that reads plain HTTP writes this and hangs up
        return clients.Exchange("response", ip=ip, response=http.Response(
            400, "Bad Request", [], "Client sent an HTTP request to an HTTPS server.\n"))
    if not request.trusting:
        return clients.Exchange("untrusted", ip=ip)
    date = clients.http_date(ctx.cluster)
    auth = request.header("Authorization") or ""
    scheme, _, token = auth.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        user = tokens.authenticate(ctx.cluster.api, token.strip())
        if user is None:
            e = api_errors.StatusError(401, "Unauthorized", "Unauthorized")
            return clients.Exchange("response", ip=ip, response=proxy.json_response(401, "Unauthorized", rest.status_of(e), date))
    else:
        user = ANONYMOUS
    path = url.path.partition("?")[0]
    try:
        names_resource = raw.resource_path(path) is not None
    except api_errors.StatusError:  # a resource the server does not serve: its own 404, below
        names_resource = True
    if not names_resource:
        req = authorization.Request(verb=_verb(method), path=path)
        allowed, _ = authorization.authorize(ctx.cluster.api, user, req)
        if not allowed:
            e = api_errors.StatusError(403, "Forbidden", f'forbidden: User "{user.name}" cannot {req.verb} path "{path}"')
            return clients.Exchange("response", ip=ip, response=proxy.json_response(403, "Forbidden", rest.status_of(e), date))
    return clients.Exchange("response", ip=ip, response=proxy.api_answer(ctx, method, url.path, request, user))


def _verb(method: str) -> str:
    """request/requestinfo.go: a non-resource request's verb is the HTTP method, lower case."""
    return method.lower()
