"""Paths into Kubernetes objects: dotted field paths and a JSONPath subset.

Both spellings a learner already knows work, so a lab author can copy the
path from ``kubectl get -o jsonpath``:

- field path: ``status.readyReplicas``, ``spec.containers[0].image``,
  ``status.conditions[type=Ready].status`` (a filter on a list of objects);
- JSONPath (k8s.io/client-go/util/jsonpath): ``{.status.readyReplicas}``,
  ``$.spec.containers[*].image``, ``{.status.conditions[?(@.type=="Ready")].status}``.

``resolve`` returns every value the path reaches, so wildcards and filters
give lists; a path that reaches nothing gives ``[]``.
"""
from __future__ import annotations

import re
from typing import Any

_FILTER_JSONPATH = re.compile(r"""^\?\(@\.([\w.\-/]+)\s*(==|!=)\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\)$""")
_FILTER_SHORT = re.compile(r"^([\w.\-/]+)\s*(==|=|!=)\s*(.*)$")


class PathError(ValueError):
    pass


def parse(path: str) -> list[tuple]:
    """Split a path into steps: ("key", k), ("index", n), ("all",), ("filter", key, op, value)."""
    text = path.strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1].strip()
    if text.startswith("$"):
        text = text[1:]
    if text.startswith("."):
        text = text[1:]
    if not text:
        return []
    steps: list[tuple] = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == ".":
            i += 1
            continue
        if c == "[":
            j = _closing(text, i)
            inner = text[i + 1:j].strip()
            i = j + 1
            if inner == "*":
                steps.append(("all",))
            elif re.fullmatch(r"-?\d+", inner):
                steps.append(("index", int(inner)))
            elif inner.startswith("?"):
                m = _FILTER_JSONPATH.match(inner)
                if not m:
                    raise PathError(f"cannot read the filter [{inner}]; write it as [?(@.type==\"Ready\")]")
                value = next(v for v in m.group(3, 4, 5) if v is not None)
                steps.append(("filter", m.group(1), m.group(2), value))
            elif inner[:1] in "'\"" and inner[-1:] == inner[:1]:
                steps.append(("key", inner[1:-1]))
            else:
                m = _FILTER_SHORT.match(inner)
                if not m:
                    raise PathError(f"cannot read [{inner}]: expected an index, *, or a filter such as [type=Ready]")
                op = "!=" if m.group(2) == "!=" else "=="
                steps.append(("filter", m.group(1), op, m.group(3).strip().strip("'\"")))
            continue
        j = i
        while j < n and text[j] not in ".[":
            if text[j] == "\\" and j + 1 < n:  # escaped dot inside a key: metadata.labels.app\.kubernetes\.io/name
                j += 2
                continue
            j += 1
        steps.append(("key", text[i:j].replace("\\.", ".")))
        i = j
    return steps


def _closing(text: str, start: int) -> int:
    depth = 0
    quote = ""
    for k in range(start, len(text)):
        ch = text[k]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return k
    raise PathError(f"unclosed [ in {text!r}")


def _get(obj: Any, dotted: str) -> Any:
    cur = obj
    for part in dotted.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return cur


def resolve(obj: Any, path: str | list[tuple]) -> list[Any]:
    steps = parse(path) if isinstance(path, str) else path
    current = [obj]
    for step in steps:
        nxt: list[Any] = []
        kind = step[0]
        for value in current:
            if kind == "key":
                if isinstance(value, dict) and step[1] in value:
                    nxt.append(value[step[1]])
            elif kind == "index":
                if isinstance(value, list) and -len(value) <= step[1] < len(value):
                    nxt.append(value[step[1]])
            elif kind == "all":
                if isinstance(value, list):
                    nxt.extend(value)
                elif isinstance(value, dict):
                    nxt.extend(value.values())
            elif kind == "filter":
                if isinstance(value, list):
                    for item in value:
                        got = _get(item, step[1])
                        same = got is not None and str(got) == step[3]
                        if same == (step[2] == "=="):
                            nxt.append(item)
        current = nxt
    return current


def first(obj: Any, path: str | list[tuple]) -> tuple[bool, Any]:
    """(found, value) for a path meant to reach one value; several values come back as a list."""
    values = resolve(obj, path)
    if not values:
        return False, None
    if len(values) == 1:
        return True, values[0]
    return True, values
