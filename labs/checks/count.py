"""``type: count``: how many objects match a label selector and field filters.

    - type: count
      resource: pods
      namespace: default           # omit with all_namespaces: true to count everywhere
      selector: app=web            # a label selector as kubectl -l takes it
      where:                       # every filter must hold for an object to count
        - {path: status.phase, op: eq, value: Running}
        - {path: metadata.deletionTimestamp, op: exists, value: false}
      op: eq                       # compared with the number of matching objects
      value: 5

The hint names what was counted: "3 pods with app=web have status.phase
Running; the task asks for 5".
"""
from __future__ import annotations

from clusters.apiserver import resources

from labs.checks import base, paths
from labs.checks.state import resource_problems


class CountCheck(base.Check):
    type = "count"

    def __init__(self, spec: dict):
        super().__init__(spec)
        self.resource = spec["resource"]
        self.all_namespaces = bool(spec.get("all_namespaces"))
        self.namespace = None if self.all_namespaces else spec.get("namespace", "default")
        self.selector = spec.get("selector") or ""
        self.where = list(spec.get("where") or ())
        self.op = spec.get("op", "eq")
        self.value = spec.get("value")

    def problems(self):
        out = resource_problems(("resource",), self.resource)
        if self.selector:
            from clusters import objects
            try:
                objects.parse_selector(self.selector)
            except ValueError as e:
                out.append((("selector",), f"not a label selector: {e}"))
        for i, f in enumerate(self.where):
            try:
                paths.parse(f.get("path", ""))
            except paths.PathError as e:
                out.append((("where", i, "path"), str(e)))
            if f.get("op") == "matches":
                out += base.regex_problems(("where", i, "value"), f.get("value"))
        if self.op in ("exists", "contains", "matches"):
            out.append((("op",), f"a count is a number: use eq, ne, gt, ge, lt or le, not {self.op}"))
        return out

    def _noun(self) -> str:
        r = resources.lookup(self.resource)
        plural = r.plural if r is not None else self.resource
        words = [plural]
        if self.selector:
            words.append(f"with {self.selector}")
        if self.namespace and self.namespace != "default" and (r is None or r.namespaced):
            words.append(f"in namespace {self.namespace}")
        return " ".join(words)

    def _filters(self) -> str:
        parts = []
        for f in self.where:
            op = f.get("op", "eq")
            if op == "exists":
                parts.append(f"{'with' if f.get('value', True) else 'without'} {f['path']}")
            else:
                parts.append(f"whose {f['path']} is {base.op_phrase(op, f.get('value'))}")
        return (" " + " and ".join(parts)) if parts else ""

    def summary(self) -> str:
        return f"{self._noun()}{self._filters()}: {base.op_phrase(self.op, self.value)}"

    def matching(self, ctx: base.Context) -> list[dict]:
        out = []
        compiled = [(paths.parse(f.get("path", "")), f.get("op", "eq"), f.get("value")) for f in self.where]
        for obj in ctx.list(self.resource, self.namespace, self.selector or None):
            keep = True
            for steps, op, value in compiled:
                values = paths.resolve(obj, steps)
                found = bool(values)
                actual = values[0] if len(values) == 1 else values
                if not base.compare(op, actual, value, found):
                    keep = False
                    break
            if keep:
                out.append(obj)
        return out

    def evaluate(self, ctx: base.Context) -> base.Outcome:
        n = len(self.matching(ctx))
        ok = base.compare(self.op, n, self.value)
        text = f"{n} {self._noun()}{self._filters()}"
        if ok:
            return base.Outcome(True, text, n)
        return base.Outcome(False, f"{text}; the task asks for {base.op_phrase(self.op, self.value)}", n)
