"""``type: state``: a value on one object, read by field path or JSONPath.

    - type: state
      resource: deployments        # plural, singular, kind or short name
      name: web
      namespace: default           # default; ignored for cluster-scoped kinds
      path: status.readyReplicas   # or {.status.conditions[?(@.type=="Available")].status}
      op: ge                       # eq ne gt ge lt le exists contains matches (default eq)
      value: 5

Without ``path`` the check is about the object itself: ``op: exists`` (the
default then) with ``value: false`` asks for it to be gone.
"""
from __future__ import annotations

from clusters.apiserver import resources

from labs.checks import base, paths


def resource_problems(where: tuple, name: str) -> list[tuple[tuple, str]]:
    if resources.lookup(str(name)) is None:
        return [(where, f"unknown resource type {name!r} (use a name kubectl knows, such as pods or deployments)")]
    return []


def label(resource: str, name: str, namespace: str | None) -> str:
    r = resources.lookup(resource)
    kind = r.singular if r is not None else resource
    if r is not None and r.namespaced and namespace and namespace != "default":
        return f"{kind}/{name} in namespace {namespace}"
    return f"{kind}/{name}"


class StateCheck(base.Check):
    type = "state"

    def __init__(self, spec: dict):
        super().__init__(spec)
        self.resource = spec["resource"]
        self.name = spec["name"]
        self.namespace = spec.get("namespace", "default")
        self.path = spec.get("path")
        self.op = spec.get("op", "eq" if self.path else "exists")
        self.value = spec.get("value")

    def problems(self):
        out = resource_problems(("resource",), self.resource)
        if self.path:
            try:
                paths.parse(self.path)
            except paths.PathError as e:
                out.append((("path",), str(e)))
        if self.op == "matches":
            out += base.regex_problems(("value",), self.value)
        if not self.path and self.op != "exists":
            out.append((("op",), "without a path, only op: exists makes sense"))
        if self.op not in ("exists",) and "value" not in self.spec:
            out.append((("value",), f"op: {self.op} needs a value"))
        return out

    def summary(self) -> str:
        what = label(self.resource, self.name, self.namespace)
        if not self.path:
            return f"{what} exists" if self.value in (None, True) else f"{what} is gone"
        return f"{what}: {self.path} is {base.op_phrase(self.op, self.value)}"

    def evaluate(self, ctx: base.Context) -> base.Outcome:
        what = label(self.resource, self.name, self.namespace)
        obj = ctx.get(self.resource, self.name, self.namespace)
        if not self.path:
            ok = base.compare("exists", None, self.value, found=obj is not None)
            if ok:
                return base.Outcome(True, f"{what} {'exists' if obj is not None else 'is gone'}", obj is not None)
            if obj is None:
                return base.Outcome(False, f"there is no {what} yet", False)
            return base.Outcome(False, f"{what} still exists; the task asks for it to be gone", True)
        if obj is None:
            return base.Outcome(False, f"there is no {what} yet", None)
        found, actual = paths.first(obj, self.path)
        ok = base.compare(self.op, actual, self.value, found)
        if ok:
            return base.Outcome(True, f"{what}: {self.path} is {base.show(actual)}", actual)
        if not found:
            return base.Outcome(False, f"{what} has no {self.path} yet; the task asks for {base.op_phrase(self.op, self.value)}", None)
        return base.Outcome(False, f"{what}: {self.path} is {base.show(actual)}; the task asks for {base.op_phrase(self.op, self.value)}", actual)
