"""From what the learner typed to the objects a read verb shows.

Follows kubectl's resource builder (k8s.io/cli-runtime/pkg/resource/builder.go):
``TYPE``, ``TYPE NAME...``, ``TYPE1,TYPE2``, ``TYPE/NAME...``, ``all`` (the
"all" category, in discovery order), ``-l``, ``--field-selector``, ``-A``.
Unknown types raise kubectl's NoResourceMatch error; mixing the two forms
raises the builder's own message.
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import errors as api_errors, resources
from clusters.apiserver.resources import Resource
from clusters.console.kubectl import base

# The "all" category in the order discovery lists it (core, apps, autoscaling, batch).
ALL_ORDER = ("pods", "replicationcontrollers", "services", "daemonsets", "deployments", "replicasets", "statefulsets",
             "horizontalpodautoscalers", "cronjobs", "jobs")

# Field selectors each registry supports beyond metadata.name/namespace
# (pkg/registry/*/strategy.go ...ToSelectableFields).
FIELDS = {
    "Pod": {"spec.nodeName": ("spec", "nodeName"), "spec.restartPolicy": ("spec", "restartPolicy"),
            "spec.schedulerName": ("spec", "schedulerName"), "spec.serviceAccountName": ("spec", "serviceAccountName"),
            "spec.hostNetwork": ("spec", "hostNetwork"), "status.phase": ("status", "phase"),
            "status.podIP": ("status", "podIP"), "status.nominatedNodeName": ("status", "nominatedNodeName")},
    "Node": {"spec.unschedulable": ("spec", "unschedulable")},
    "Namespace": {"status.phase": ("status", "phase")},
    "Secret": {"type": ("type",)},
    "Event": {"involvedObject.kind": ("involvedObject", "kind"), "involvedObject.namespace": ("involvedObject", "namespace"),
              "involvedObject.name": ("involvedObject", "name"), "involvedObject.uid": ("involvedObject", "uid"),
              "involvedObject.apiVersion": ("involvedObject", "apiVersion"),
              "involvedObject.resourceVersion": ("involvedObject", "resourceVersion"),
              "involvedObject.fieldPath": ("involvedObject", "fieldPath"), "reason": ("reason",),
              "reportingComponent": ("reportingComponent",), "source": ("source", "component"), "type": ("type",)},
    "ReplicaSet": {"status.replicas": ("status", "replicas")},
    "Job": {"status.successful": ("status", "succeeded")},
}


# Boolean fields the registries print with fmt.Sprint, so a missing one reads "false".
_BOOL_FIELDS = {"unschedulable", "hostNetwork"}


def resolve_type(name: str) -> Resource:
    r = resources.lookup(name)
    if r is None:
        raise base.no_resource_type(name)
    return r


def expand_types(text: str) -> list[Resource]:
    out: list[Resource] = []
    for t in text.split(","):
        if not t:
            continue
        if t == "all":
            for plural in ALL_ORDER:
                r = resources.by_plural(plural)
                if r is not None and r not in out:
                    out.append(r)
            continue
        r = resolve_type(t)
        if r not in out:
            out.append(r)
    return out


class Request:
    """One (resource, names) pair: names empty means list."""

    def __init__(self, resource: Resource, names: list[str]):
        self.resource = resource
        self.names = names


def parse_args(args: list[str], verb: str = "get") -> list[Request]:
    if not args:
        return []
    if any("/" in a for a in args):
        if not all("/" in a for a in args):
            raise base.KubectlError(
                "there is no need to specify a resource type as a separate argument when passing arguments in "
                f"resource/name form (e.g. 'kubectl {verb} resource/<resource_name>' instead of 'kubectl {verb} resource "
                "resource/<resource_name>'")
        reqs: list[Request] = []
        for a in args:
            t, _, name = a.partition("/")
            if not t or not name or "/" in name:
                raise base.KubectlError("arguments in resource/name form must have a single resource and name")
            r = resolve_type(t)
            for q in reqs:
                if q.resource is r:
                    q.names.append(name)
                    break
            else:
                reqs.append(Request(r, [name]))
        return reqs
    types = expand_types(args[0])
    names = args[1:]
    if names and len(types) > 1:
        raise base.KubectlError("you must specify only one resource")
    return [Request(r, list(names)) for r in types]


def field_filter(resource: Resource, text: str):
    """A predicate for --field-selector, or raises the API server's BadRequest."""
    if not text:
        return None
    reqs = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        for op in ("!=", "==", "="):
            if op in part:
                k, _, v = part.partition(op)
                reqs.append((k.strip(), "!=" if op == "!=" else "=", v.strip()))
                break
        else:
            raise api_errors.bad_request(f'invalid selector: \'{text}\'; can\'t understand \'{part}\'')
    known = FIELDS.get(resource.kind, {})
    paths = []
    for k, op, v in reqs:
        if k == "metadata.name":
            paths.append((("metadata", "name"), op, v))
        elif k == "metadata.namespace" and resource.namespaced:
            paths.append((("metadata", "namespace"), op, v))
        elif k in known:
            paths.append((known[k], op, v))
        else:
            # k8s.io/apiserver/pkg/endpoints/handlers: field label conversion failure
            raise api_errors.bad_request(
                f'Unable to find "{resource.group}/{resource.version}, Resource={resource.plural}" that match label selector "", '
                f'field selector "{text}": field label not supported: {k}')

    def pred(obj: dict) -> bool:
        for path, op, v in paths:
            cur = obj
            for p in path:
                cur = cur.get(p) if isinstance(cur, dict) else None
            if cur is None and path[-1] in _BOOL_FIELDS:
                cur = False
            if isinstance(cur, bool):
                cur = "true" if cur else "false"
            elif cur is None:
                cur = ""
            else:
                cur = str(cur)
            if (cur == v) != (op == "="):
                return False
        return True

    return pred


def label_selector(text: str):
    if not text:
        return None
    try:
        return objects.parse_selector(text)
    except objects.SelectorError as e:
        raise api_errors.bad_request(str(e))


def list_objects(kc, r: Resource, selector_text: str = "", field_text: str = "", all_namespaces: bool = False) -> list[dict]:
    sel = label_selector(selector_text)
    pred = field_filter(r, field_text)
    ns = None if (all_namespaces or not r.namespaced) else kc.namespace
    return kc.api.list(r, ns, sel, pred)


def info_get(kc, r: Resource, name: str, namespace: str | None = "") -> dict:
    """One named object as cli-runtime visitor.go Info.Get fetches it (RetrieveLazy, RetrieveLatest):
    an object not found in a namespace other than default sends kubectl to ask for the namespace,
    and when that is missing too its NotFound is the error reported (``namespaces "nosuch" not
    found``). ``namespace`` defaults to the command's; cluster-scoped types have none."""
    ns = (namespace or kc.namespace) if r.namespaced else None
    try:
        return kc.api.get(r, name, ns)
    except api_errors.StatusError as e:
        if e.code == 404 and ns and ns != "default":
            try:
                kc.api.get("namespaces", ns)
            except api_errors.StatusError as missing:
                if missing.code == 404:
                    raise missing from None
        raise


def name_of(r: Resource, name: str) -> str:
    """``pod/web``, ``deployment.apps/web`` (cli-runtime NamePrinter)."""
    kind = r.kind.lower()
    return f"{kind}.{r.group}/{name}" if r.group else f"{kind}/{name}"
