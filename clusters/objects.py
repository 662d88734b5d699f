"""Helpers over Kubernetes-shaped dicts: metadata, label selectors, quantities.

Selector syntax and semantics follow k8s.io/apimachinery/pkg/labels/selector.go;
quantities follow k8s.io/apimachinery/pkg/api/resource/quantity.go.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Iterable


def clone(o: Any) -> Any:
    """A deep copy of JSON-shaped data, several times faster than copy.deepcopy."""
    if isinstance(o, dict):
        return {k: clone(v) for k, v in o.items()}
    if isinstance(o, list):
        return [clone(v) for v in o]
    return o


def meta(obj: dict) -> dict:
    return obj.setdefault("metadata", {})


def name_of(obj: dict) -> str:
    return obj.get("metadata", {}).get("name", "")


def namespace_of(obj: dict) -> str:
    return obj.get("metadata", {}).get("namespace", "")


def labels_of(obj: dict) -> dict:
    return obj.get("metadata", {}).get("labels") or {}


def tolerates(toleration: dict, taint: dict) -> bool:
    """k8s.io/api/core/v1 toleration.go ToleratesTaint: effect and key (when set) must
    match; Exists tolerates any value, Equal (or no operator) the same value."""
    eff = toleration.get("effect")
    if eff and eff != taint.get("effect"):
        return False
    key = toleration.get("key")
    if key and key != taint.get("key"):
        return False
    op = toleration.get("operator") or "Equal"
    if op == "Exists":
        return True
    if op == "Equal":
        return (toleration.get("value") or "") == (taint.get("value") or "")
    return False


def tolerated(tolerations: list, taint: dict) -> bool:
    """Whether any of ``tolerations`` tolerates ``taint``."""
    return any(tolerates(t, taint) for t in tolerations)


def controller_of(obj: dict) -> dict | None:
    for ref in obj.get("metadata", {}).get("ownerReferences") or ():
        if ref.get("controller"):
            return ref
    return None


def owner_ref(owner: dict, controller: bool = True) -> dict:
    return {
        "apiVersion": owner["apiVersion"],
        "kind": owner["kind"],
        "name": owner["metadata"]["name"],
        "uid": owner["metadata"]["uid"],
        "controller": controller,
        "blockOwnerDeletion": True,
    }


def get_path(obj: Any, path: str, default: Any = None) -> Any:
    """Read a dotted path (``spec.template.spec``)."""
    cur = obj
    for part in path.split("."):
        if isinstance(cur, dict):
            if part not in cur:
                return default
            cur = cur[part]
        elif isinstance(cur, list):
            try:
                cur = cur[int(part)]
            except (ValueError, IndexError):
                return default
        else:
            return default
    return cur


# -- label selectors ------------------------------------------------------

class Requirement:
    __slots__ = ("key", "op", "values")

    def __init__(self, key: str, op: str, values: tuple[str, ...] = ()):
        self.key = key
        self.op = op  # "=", "!=", "in", "notin", "exists", "!"
        self.values = values

    def matches(self, labels: dict) -> bool:
        op = self.op
        if op == "=":
            return labels.get(self.key) == self.values[0]
        if op == "!=":
            return labels.get(self.key) != self.values[0]
        if op == "in":
            return self.key in labels and labels[self.key] in self.values
        if op == "notin":
            return self.key not in labels or labels[self.key] not in self.values
        if op == "exists":
            return self.key in labels
        if op == "!":
            return self.key not in labels
        if op in ("gt", "lt"):
            try:
                v = int(labels[self.key])
            except (KeyError, ValueError):
                return False
            return v > int(self.values[0]) if op == "gt" else v < int(self.values[0])
        return False

    def __str__(self) -> str:
        if self.op == "exists":
            return self.key
        if self.op == "!":
            return "!" + self.key
        if self.op in ("in", "notin"):
            return f"{self.key} {self.op} ({','.join(self.values)})"
        return f"{self.key}{self.op}{self.values[0]}"


class Selector:
    __slots__ = ("requirements", "nothing")

    def __init__(self, requirements: Iterable[Requirement] = (), nothing: bool = False):
        self.requirements = list(requirements)
        self.nothing = nothing

    def matches(self, labels: dict) -> bool:
        if self.nothing:
            return False
        for r in self.requirements:
            if not r.matches(labels):
                return False
        return True

    def empty(self) -> bool:
        return not self.requirements and not self.nothing

    def __str__(self) -> str:
        return ",".join(str(r) for r in self.requirements)


class SelectorError(ValueError):
    pass


_TOKEN = re.compile(r"\s*(!=|==|=|!|\(|\)|,|[^\s!=(),]+)")


def parse_selector(text: str) -> Selector:
    """Parse the string form (``app=web,tier!=db,env in (a,b),!legacy``)."""
    text = text or ""
    tokens = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            if text[pos:].strip() == "":
                break
            raise SelectorError(f"unable to parse requirement: found '{text[pos:]}'")
        tokens.append(m.group(1))
        pos = m.end()
    reqs: list[Requirement] = []
    i = 0

    def expect_values() -> tuple[str, ...]:
        nonlocal i
        if i >= len(tokens) or tokens[i] != "(":
            raise SelectorError(f"unable to parse requirement: found '{tokens[i] if i < len(tokens) else ''}', expected: '('")
        i += 1
        vals: list[str] = []
        while i < len(tokens) and tokens[i] != ")":
            if tokens[i] != ",":
                vals.append(tokens[i])
            i += 1
        if i >= len(tokens):
            raise SelectorError("unable to parse requirement: found '', expected: ')'")
        i += 1
        return tuple(vals)

    while i < len(tokens):
        t = tokens[i]
        if t == ",":
            i += 1
            continue
        if t == "!":
            i += 1
            if i >= len(tokens):
                raise SelectorError("unable to parse requirement: found '', expected: identifier")
            reqs.append(Requirement(tokens[i], "!"))
            i += 1
            continue
        key = t
        i += 1
        if i >= len(tokens) or tokens[i] == ",":
            reqs.append(Requirement(key, "exists"))
            continue
        op = tokens[i]
        i += 1
        if op in ("=", "=="):
            val = tokens[i] if i < len(tokens) and tokens[i] != "," else ""
            if val:
                i += 1
            reqs.append(Requirement(key, "=", (val,)))
        elif op == "!=":
            val = tokens[i] if i < len(tokens) and tokens[i] != "," else ""
            if val:
                i += 1
            reqs.append(Requirement(key, "!=", (val,)))
        elif op in ("in", "notin"):
            reqs.append(Requirement(key, op, expect_values()))
        elif op in ("gt", "lt"):
            reqs.append(Requirement(key, op, (tokens[i],)))
            i += 1
        else:
            raise SelectorError(f"unable to parse requirement: found '{op}', expected: in, notin, =, ==, !=, gt, lt")
    return Selector(reqs)


def selector_from_label_selector(ls: dict | None) -> Selector:
    """metav1.LabelSelectorAsSelector: nil selects nothing, {} selects everything."""
    if ls is None:
        return Selector(nothing=True)
    reqs = [Requirement(k, "=", (v,)) for k, v in sorted((ls.get("matchLabels") or {}).items())]
    for expr in ls.get("matchExpressions") or ():
        op = expr.get("operator")
        vals = tuple(expr.get("values") or ())
        if op == "In":
            reqs.append(Requirement(expr["key"], "in", vals))
        elif op == "NotIn":
            reqs.append(Requirement(expr["key"], "notin", vals))
        elif op == "Exists":
            reqs.append(Requirement(expr["key"], "exists"))
        elif op == "DoesNotExist":
            reqs.append(Requirement(expr["key"], "!"))
    return Selector(reqs)


def selector_from_map(m: dict | None) -> Selector:
    """labels.SelectorFromSet; Services use this, and an empty map selects nothing there."""
    return Selector([Requirement(k, "=", (v,)) for k, v in sorted((m or {}).items())])


def format_label_selector(ls: dict | None) -> str:
    """metav1.FormatLabelSelector, as the SELECTOR column prints it."""
    if ls is None:
        return "<none>"
    s = str(selector_from_label_selector(ls))
    return s if s else "<none>"


# -- quantities -------------------------------------------------------------

_SUFFIX = {
    "": Decimal(1), "n": Decimal("1e-9"), "u": Decimal("1e-6"), "m": Decimal("1e-3"),
    "k": Decimal(1000), "M": Decimal(1000) ** 2, "G": Decimal(1000) ** 3, "T": Decimal(1000) ** 4,
    "P": Decimal(1000) ** 5, "E": Decimal(1000) ** 6,
    "Ki": Decimal(1024), "Mi": Decimal(1024) ** 2, "Gi": Decimal(1024) ** 3, "Ti": Decimal(1024) ** 4,
    "Pi": Decimal(1024) ** 5, "Ei": Decimal(1024) ** 6,
}
_QTY = re.compile(r"^([+-]?[0-9.]+)([eE][+-]?[0-9]+)?(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$")


class QuantityError(ValueError):
    pass


def parse_quantity(q: Any) -> Decimal:
    if isinstance(q, (int, float)) and not isinstance(q, bool):
        return Decimal(str(q))
    if not isinstance(q, str):
        raise QuantityError("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")
    m = _QTY.match(q.strip())
    if not m or m.group(1) in (".", "+", "-"):
        raise QuantityError("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")
    try:
        v = Decimal(m.group(1))
    except InvalidOperation as e:
        raise QuantityError("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'") from e
    if m.group(2):
        v *= Decimal(10) ** int(m.group(2)[1:])
    return v * _SUFFIX[m.group(3) or ""]


def milli_cpu(q: Any) -> int:
    """CPU in millicores, rounded up as Quantity.MilliValue does."""
    v = parse_quantity(q) * 1000
    iv = int(v)
    return iv if iv == v else iv + 1


def bytes_of(q: Any) -> int:
    v = parse_quantity(q)
    iv = int(v)
    return iv if iv == v else iv + 1


def format_milli_cpu(m: int) -> str:
    return f"{m // 1000}" if m % 1000 == 0 else f"{m}m"


def format_bytes(b: int) -> str:
    """Binary-SI canonical form where exact (128Mi), else plain bytes."""
    for suffix, mult in (("Ei", 1 << 60), ("Pi", 1 << 50), ("Ti", 1 << 40), ("Gi", 1 << 30), ("Mi", 1 << 20), ("Ki", 1 << 10)):
        if b and b % mult == 0:
            return f"{b // mult}{suffix}"
    return str(b)


def sum_requests(pod: dict, resource: str, parse: Callable[[Any], int]) -> int:
    """A pod's effective request: max(sum of containers, any init container), plus overhead.

    k8s.io/component-helpers/resource/helpers.go PodRequests (without sidecars).
    """
    spec = pod.get("spec") or {}
    total = 0
    for c in spec.get("containers") or ():
        v = ((c.get("resources") or {}).get("requests") or {}).get(resource)
        if v is not None:
            total += parse(v)
    for c in spec.get("initContainers") or ():
        v = ((c.get("resources") or {}).get("requests") or {}).get(resource)
        if v is not None:
            total = max(total, parse(v))
    ov = (spec.get("overhead") or {}).get(resource)
    if ov is not None:
        total += parse(ov)
    return total
