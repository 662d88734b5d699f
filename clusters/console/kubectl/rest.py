"""The API server's answer to a write over HTTP: POST, PUT, PATCH and DELETE on a resource path.

``kubectl proxy`` relays the console host's ``curl -X ... -d ...`` here, as
``kubectl get --raw`` reaches ``raw.fetch`` for a GET; both name resources
through ``raw.resource_path``. The handlers follow k8s.io/apiserver
pkg/endpoints/handlers (create.go, update.go, patch.go, delete.go) in 1.32:

- POST on a collection creates (201 and the object); on ``pods/NAME/eviction``
  it evicts through the PodDisruptionBudget check and on ``pods/NAME/binding``
  binds (201 and a Success Status with code 201);
- PUT replaces the object, its ``status`` or its ``scale`` (200);
- PATCH's Content-Type picks the patch: application/json-patch+json,
  merge-patch+json, strategic-merge-patch+json, apply-patch+yaml (server-side
  apply, which needs ``?fieldManager=``); any other type is go-restful's
  ``415: Unsupported Media Type`` (the route Consumes only those four,
  installer.go);
- DELETE takes DeleteOptions from its body (propagationPolicy,
  gracePeriodSeconds, dryRun, preconditions) or, without one, from the
  query; the answer is the object while it lingers (finalizers, a pod's grace
  period), a pod itself once gone (ReturnDeletedObject), else a Success
  Status naming the resource and its UID (store.go finalizeDelete);
- a body whose Content-Type the server cannot decode is negotiation's 415
  ("the body of the request was in an unknown format ...").

Failures are the API server's StatusError, which the proxy writes as a
metav1.Status. Writes are the learner's (actor ``kubectl``, the command as
cause) with ``curl`` as field manager, as the server names a manager from
the User-Agent.
"""
from __future__ import annotations

import json
from urllib.parse import parse_qs

import yaml

from clusters.apiserver import errors as api_errors
from clusters.console.kubectl import raw
from clusters.console.printers import gostructs

# negotiation.NegotiateInputSerializer over the codec factory's media types (CBOR off in 1.32).
BODY_TYPES = ("application/json", "application/yaml", "application/vnd.kubernetes.protobuf")
PATCH_TYPES = {"application/json-patch+json": "json", "application/merge-patch+json": "merge",
               "application/strategic-merge-patch+json": "strategic", "application/apply-patch+yaml": "apply"}
PROPAGATION = ("Foreground", "Background", "Orphan")
# Registries whose DELETE answers the object it removed (genericregistry.Store.ReturnDeletedObject).
RETURNS_DELETED = frozenset({"Pod"})


class Answer:
    """An HTTP status code and the object (or metav1.Status) the server writes, its keys in the order
    encoding/json writes the Go type (an API object through gostructs; a Status or Scale as built)."""

    def __init__(self, code: int, obj: dict):
        self.code = code
        self.obj = gostructs.ordered(obj) if obj.get("kind") not in ("Status", "Scale") else obj


class RouteError(api_errors.StatusError):
    """go-restful's own refusal, before any handler runs (server/handler.go serviceErrorHandler): its
    Status comes from NewGenericServerResponse, whose details are set, if empty."""


def status_of(e: api_errors.StatusError) -> dict:
    """The metav1.Status a failed request writes, in the struct's field order."""
    status = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure"}
    if e.message:
        status["message"] = e.message
    if e.reason:  # StatusReasonUnknown is "", which omitempty leaves out
        status["reason"] = e.reason
    if e.details or isinstance(e, RouteError) or e.code == 403:
        # StatusDetails' fields are omitempty: an empty name or group is left out, and a Forbidden
        # (NewForbidden) always has details, if only "{}" for a path
        status["details"] = {k: v for k, v in e.details.items() if v not in ("", None)}
    status["code"] = e.code
    return status


def _not_found() -> api_errors.StatusError:
    return api_errors.StatusError(404, "NotFound", "the server could not find the requested resource")


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _unsupported(accepted) -> api_errors.StatusError:
    return api_errors.StatusError(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
                                  "accepted media types include: " + ", ".join(accepted))


def _decode(body: str, content_type: str | None, r=None):
    """The request body as the negotiated serializer reads it (no Content-Type: JSON, the first type).
    A body that is not JSON fails as the JSON serializer's Interpret fails: create and update wrap
    that in handlers/rest.go transformDecodeError (400, ``r`` the resource written); a DELETE's
    DeleteOptions pass it on bare, which the server answers as an unknown error (500)."""
    mt = _media_type(content_type) or BODY_TYPES[0]
    if mt not in BODY_TYPES or mt == "application/vnd.kubernetes.protobuf":
        raise _unsupported(BODY_TYPES)
    try:
        return yaml.safe_load(body) if mt == "application/yaml" else json.loads(body)
    except (ValueError, yaml.YAMLError) as e:
        why = f"couldn't get version/kind; json parse error: {_json_error(body, e)}"
        if r is None:
            raise api_errors.StatusError(500, "", why) from None
        raise api_errors.bad_request(f"the object provided is unrecognized (must be of type {r.kind}): {why} "
                                     f"({_summary(body)})") from None


def _summary(body: str) -> str:
    """handlers/rest.go summarizeData(body, 30)."""
    data = body.encode()
    if not data:
        return "<empty>"
    if data[:1] == b"{":
        return data.decode(errors="replace") if len(data) <= 30 else data[:30].decode(errors="replace") + " ..."
    return data.hex() if len(data) <= 30 else data[:30].hex() + " ..."


def _parse(body: str, yaml_ok: bool = False):
    try:
        return yaml.safe_load(body) if yaml_ok else json.loads(body)
    except (ValueError, yaml.YAMLError) as e:
        raise api_errors.bad_request(_json_error(body, e)) from None


def _json_error(body: str, e: Exception) -> str:
    """encoding/json's syntax error for the first byte it could not read."""
    pos = getattr(e, "pos", None)
    if pos is None or pos >= len(body):
        return "unexpected end of JSON input"
    ch = body[pos]
    return f"invalid character {_go_quote(ch)} looking for beginning of value"


def _go_quote(ch: str) -> str:
    return "'\\''" if ch == "'" else f"'{ch}'"


def write(kc, method: str, path: str, request) -> Answer:
    located = raw.resource_path(path)
    if located is None:
        raise _not_found()
    r, ns, name, sub = located
    query = parse_qs(path.partition("?")[2], keep_blank_values=True)
    client = kc.api.client("kubectl")
    client.cause = kc.cluster.current_cause() if hasattr(kc.cluster, "current_cause") else None
    client.field_manager = (query.get("fieldManager") or ["curl"])[0]
    dry_run = (query.get("dryRun") or [""])[0] == "All"
    body = request.body or ""
    ctype = request.header("Content-Type")
    if sub and sub not in r.subresources:
        raise _not_found()
    if method == "POST":
        return _post(kc, client, r, ns, name, sub, _decode(body, ctype, r) if body else None, dry_run)
    if name is None:  # PUT, PATCH and DELETE of a whole collection are not modelled
        raise api_errors.method_not_supported(r.qualified, method.lower())
    if method == "PUT":
        return _put(client, r, ns, name, sub, _decode(body, ctype, r) if body else None, dry_run)
    if method == "PATCH":
        return _patch(client, r, ns, name, sub, body, ctype, query, dry_run)
    if method == "DELETE":
        options = _decode(body, ctype) if body else _query_options(query)
        return _delete(kc, client, r, ns, name, options)
    raise api_errors.StatusError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource")


def _body_object(obj, r) -> dict:
    if not isinstance(obj, dict):
        raise api_errors.bad_request(f"Object 'Kind' is missing in '{json.dumps(obj, separators=(',', ':'))}'")
    return obj


def _check_namespace(obj: dict, ns) -> None:
    meta = obj.setdefault("metadata", {})
    given = meta.get("namespace")
    if ns is not None and given and given != ns:
        # rest.EnsureObjectNamespaceMatchesRequestNamespace
        raise api_errors.bad_request("the namespace of the provided object does not match the namespace sent on the request")
    if ns is not None:
        meta["namespace"] = ns


def _post(kc, client, r, ns, name, sub, obj, dry_run: bool) -> Answer:
    if obj is None:
        raise api_errors.bad_request("Object 'Kind' is missing in ''")
    obj = _body_object(obj, r)
    if name is None:
        _check_namespace(obj, ns)
        return Answer(201, client.create(r, obj, ns, dry_run=dry_run))
    if r.kind == "Pod" and sub == "eviction":
        # eviction.go Create: the Eviction names the pod of the URL; its DeleteOptions carry the grace period.
        if (obj.get("metadata") or {}).get("name") != name:
            raise api_errors.bad_request("name in URL does not match name in Eviction object")
        opts = obj.get("deleteOptions") or {}
        status = client.evict(name, ns, grace_period=opts.get("gracePeriodSeconds"),
                              dry_run=dry_run or opts.get("dryRun") == ["All"])
        return Answer(201, dict(status, code=201))
    if r.kind == "Pod" and sub == "binding":
        target = (obj.get("target") or {}).get("name") or ""
        client.bind(client.get(r, name, ns), target)
        return Answer(201, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "code": 201})
    raise api_errors.method_not_supported(r.qualified, "create")


def _put(client, r, ns, name, sub, obj, dry_run: bool) -> Answer:
    if obj is None:
        raise api_errors.bad_request("Object 'Kind' is missing in ''")
    obj = _body_object(obj, r)
    meta = obj.setdefault("metadata", {})
    if meta.get("name") != name:
        # update.go: rest.EnsureObjectNamespaceMatchesRequestNamespace, then the name check of the REST update
        raise api_errors.bad_request(f"the name of the object ({meta.get('name', '')}) does not match the name on "
                                     f"the URL ({name})")
    _check_namespace(obj, ns)
    if sub == "scale":
        replicas = (obj.get("spec") or {}).get("replicas", 0)
        updated = client.patch(r, name, {"spec": {"replicas": replicas}}, ns, patch_type="merge", subresource="scale",
                               dry_run=dry_run)
        return Answer(200, raw.scale_of(updated, r))
    return Answer(200, client.update(r, obj, subresource=sub or None, dry_run=dry_run))


def _patch(client, r, ns, name, sub, body: str, ctype, query: dict, dry_run: bool) -> Answer:
    patch_type = PATCH_TYPES.get(_media_type(ctype))
    if patch_type is None:
        # go-restful's route matching, before any handler: server/handler.go serviceErrorHandler turns it
        # into a Status through NewGenericServerResponse, whose empty details still print.
        raise RouteError(415, "UnsupportedMediaType", "415: Unsupported Media Type")
    if patch_type == "apply":
        manager = (query.get("fieldManager") or [""])[0]
        if not manager:
            raise api_errors.StatusError(422, "Invalid", 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: '
                                         "Required value: is required for apply patch",
                                         {"group": "meta.k8s.io", "kind": "PatchOptions",
                                          "causes": [{"reason": "FieldValueRequired",
                                                      "message": "Required value: is required for apply patch",
                                                      "field": "fieldManager"}]})
        config = _body_object(_parse(body, yaml_ok=True), r)
        existed = client.try_get(r, name, ns) is not None
        force = (query.get("force") or ["false"])[0] == "true"
        applied = client.apply(r, name, config, ns, field_manager=manager, force=force, dry_run=dry_run)
        return Answer(200 if existed else 201, applied)  # patch.go: an apply that creates answers 201
    patch = _parse(body)
    updated = client.patch(r, name, patch, ns, patch_type=patch_type, subresource=sub or None, dry_run=dry_run)
    return Answer(200, raw.scale_of(updated, r) if sub == "scale" else updated)


def _query_options(query: dict) -> dict:
    """DeleteOptions from the query string (ParameterCodec.DecodeParameters)."""
    opts: dict = {}
    if query.get("propagationPolicy"):
        opts["propagationPolicy"] = query["propagationPolicy"][0]
    if query.get("gracePeriodSeconds"):
        try:
            opts["gracePeriodSeconds"] = int(query["gracePeriodSeconds"][0])
        except ValueError:
            raise api_errors.bad_request(f'strconv.ParseInt: parsing "{query["gracePeriodSeconds"][0]}": '
                                         "invalid syntax") from None
    if query.get("dryRun"):
        opts["dryRun"] = query["dryRun"]
    return opts


def _delete(kc, client, r, ns, name, options) -> Answer:
    if not isinstance(options, dict):
        raise api_errors.bad_request("decoded object cannot be converted to DeleteOptions")
    policy = options.get("propagationPolicy")
    if policy is not None and policy not in PROPAGATION:
        # validation.ValidateDeleteOptions
        raise api_errors.StatusError(
            422, "Invalid", f'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: '
            f'"{policy}": supported values: "Foreground", "Background", "Orphan", "nil"',
            {"group": "meta.k8s.io", "kind": "DeleteOptions",
             "causes": [{"reason": "FieldValueNotSupported",
                         "message": f'Unsupported value: "{policy}": supported values: "Foreground", "Background", '
                                    '"Orphan", "nil"', "field": "propagationPolicy"}]})
    pre = options.get("preconditions") or {}
    dry_run = options.get("dryRun") == ["All"]
    before = client.get(r, name, ns)
    result = client.delete(r, name, ns, grace_period=options.get("gracePeriodSeconds"), propagation=policy,
                           uid=pre.get("uid"), resource_version=pre.get("resourceVersion"), dry_run=dry_run)
    if dry_run:  # nothing changed: the object would linger while finalizers (or the policy's own) hold it
        lingers = bool(before["metadata"].get("finalizers")) or policy in ("Foreground", "Orphan")
    else:
        lingers = kc.api.try_get(r, name, ns) is not None
    if lingers or r.kind in RETURNS_DELETED:
        return Answer(200, result)
    details = {"name": name}
    if r.group:
        details["group"] = r.group
    details["kind"] = r.plural
    details["uid"] = before["metadata"].get("uid", "")
    return Answer(200, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "details": details})
