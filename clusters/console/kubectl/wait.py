"""kubectl wait (kubernetes/kubectl:pkg/cmd/wait/wait.go) in virtual time.

``--for=condition=C[=value]``, ``--for=delete``, ``--for=create`` and
``--for=jsonpath='{...}'=value``. Instead of blocking on a watch, the
command runs the cluster's clock forward, timer by timer, until the
condition holds or ``--timeout`` (default 30s) of virtual time has passed;
then it prints ``pod/x condition met`` or wait.go's
``timed out waiting for the condition on pods/x``. The wait reads its object as an
informer does, by list and watch; under --as, a refused list or watch is logged and
retried as the reflector does (reflector.py). A console command waits
at most ``MAX_WAIT`` of virtual time (ten minutes), so that no line keeps the
simulation busy for long; a longer ``--timeout`` times out there.
"""
from __future__ import annotations

from clusters.apiserver import errors as api_errors
from clusters.console.kubectl import base, builder, reflector
from clusters.console.printers import jsonpath

WEEK = 7 * 24 * 3600.0
MAX_WAIT = 600.0


def parse_for(text: str):
    if not text:
        raise base.KubectlError('unrecognized condition: ""')  # wait.go conditionFuncFor
    low = text.lower()
    if low == "delete":
        return ("delete", None, None)
    if low == "create":
        return ("create", None, None)
    if low.startswith("condition="):
        rest = text[len("condition="):]
        ctype, eq, value = rest.partition("=")
        if not ctype:
            raise base.KubectlError(f"unrecognized condition: \"{text}\"")
        return ("condition", ctype, value if eq else "true")
    if low.startswith("jsonpath="):
        rest = text[len("jsonpath="):]
        if rest.startswith("{"):
            end = jsonpath._find_close(rest, 1)
            if end < 0:
                raise base.KubectlError(f"unrecognized condition: \"{text}\"")
            expr, remainder = rest[:end + 1], rest[end + 1:]
        else:
            expr, _, remainder = rest.partition("=")
            expr = "{" + expr + "}"
            remainder = "=" + remainder if _ else ""
        value = remainder[1:] if remainder.startswith("=") else None
        try:
            nodes = jsonpath.parse(expr)
        except jsonpath.JSONPathError as e:
            raise base.KubectlError(f"error parsing jsonpath {expr}, {e}")
        return ("jsonpath", nodes, value)
    raise base.KubectlError(f"unrecognized condition: \"{text}\"")


def _met(obj: dict | None, cond) -> bool:
    kind, a, b = cond
    if kind == "delete":
        return obj is None
    if kind == "create":
        return obj is not None
    if obj is None:
        return False
    if kind == "condition":
        gen = (obj.get("metadata") or {}).get("generation")
        for c in (obj.get("status") or {}).get("conditions") or ():
            if str(c.get("type", "")).lower() == a.lower():
                if c.get("observedGeneration") is not None and gen is not None and c["observedGeneration"] < gen:
                    return False
                return str(c.get("status", "")).lower() == str(b).lower()
        return False
    vals = []
    for node in a:
        if node[0] == "list":
            vals.extend(jsonpath._walk(node[1], [obj], obj))
    if b is None:
        return bool(vals) and vals[0] not in (None, False, "")
    return bool(vals) and jsonpath._text(vals[0]) == b


class Verb(base.Verb):
    name = "wait"

    def run(self, kc, args):
        o = kc.opts
        cond = parse_for(o.get("for") or "")
        timeout = float(o.get("timeout") if o.get("timeout") is not None else 30.0)
        if timeout < 0:
            timeout = WEEK
        timeout = min(timeout, MAX_WAIT)
        selector = o.get("selector") or ""
        targets: list[tuple] = []
        if args:
            reqs = builder.parse_args(args, "wait")
            for q in reqs:
                r = q.resource
                ns = kc.namespace if r.namespaced else None
                if q.names:
                    for n in q.names:
                        targets.append((r, n, ns))
                elif selector or o.get("all"):
                    for obj in builder.list_objects(kc, r, selector, o.get("field-selector") or "", kc.all_namespaces):
                        targets.append((r, obj["metadata"]["name"], obj["metadata"].get("namespace")))
                else:
                    raise base.KubectlError("resource(s) were provided, but no name was specified")
        elif o.get("filename"):
            from clusters.console.kubectl import mutating

            for m in mutating.manifests(kc, o.get("filename"), bool(o.get("recursive", False))):
                r = mutating.resource_of(m)
                meta = m.obj.get("metadata") or {}
                targets.append((r, meta.get("name", ""), (meta.get("namespace") or kc.namespace) if r.namespaced else None))
        else:
            raise base.KubectlError("resource(s) were provided, but no name was specified" if selector else
                                    base.NO_RESOURCES)
        if not targets:
            raise base.KubectlError("no matching resources found")
        cluster = kc.cluster
        code = 0
        # wait.go RunWait: one timeout context bounds the whole command, not each object.
        deadline = cluster.clock.now + timeout
        for r, name, ns in targets:
            obj = kc.api.try_get(r, name, ns)
            if obj is None and cond[0] not in ("delete", "create"):
                try:  # the finder's Info.Get: a missing namespace is the NotFound reported
                    builder.info_get(kc, r, name, ns)
                except api_errors.StatusError as e:
                    kc.err(base.error_message(e))
                    return 1
            if obj is None and cond[0] == "delete":
                continue
            uid = (obj or {}).get("metadata", {}).get("uid")
            refused = reflector.refusal(kc, r, ns, name) if cond[0] != "create" and timeout > 0 else None
            if refused is not None:  # UntilWithSync's informer is refused its list or watch
                if reflector.retry_until(kc, refused, deadline, lambda: _met(_current(kc, r, name, ns, uid, cond), cond)):
                    kc.out(f"{builder.name_of(r, name)} condition met\n")
                    continue
                kc.err(f"error: timed out waiting for the condition on {_qualified(r)}/{name}\n")
                code = 1
                continue
            while True:
                obj = _current(kc, r, name, ns, uid, cond)
                if _met(obj, cond):
                    kc.out(f"{builder.name_of(r, name)} condition met\n")
                    break
                nxt = cluster.next_wakeup()
                if nxt is None or nxt > deadline or cluster.clock.now >= deadline:
                    if cluster.clock.now < deadline:
                        cluster.advance_to(deadline)
                    obj = _current(kc, r, name, ns, uid, cond)
                    if _met(obj, cond):
                        kc.out(f"{builder.name_of(r, name)} condition met\n")
                        break
                    kc.err(f"error: timed out waiting for the condition on {_qualified(r)}/{name}\n")
                    code = 1
                    break
                cluster.advance_to(max(nxt, cluster.clock.now))
                if nxt <= cluster.clock.now:
                    cluster.settle()
        return code


def _qualified(r) -> str:
    return r.plural if not r.group else f"{r.plural}.{r.group}"


def _current(kc, r, name: str, ns: str | None, uid: str | None, cond) -> dict | None:
    """The object as the wait's informer sees it (its list and watch were authorized), None when
    gone; for --for=delete a new object of the same name is not the one waited on."""
    obj = kc.cluster.api.try_get(r, name, ns)
    if cond[0] == "delete" and obj is not None and obj["metadata"].get("uid") != uid:
        return None
    return obj
