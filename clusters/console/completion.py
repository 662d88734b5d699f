"""Tab completion for the console: programs, kubectl verbs and subcommands,
flags, resource types, object names, namespaces, output formats and files.

``complete(console, line)`` returns the candidates for the word being
typed (the text after the last space), already filtered by its prefix and
sorted, so a host can offer them as they are. It reads the cluster but
never changes it.
"""
from __future__ import annotations

import re

from clusters.apiserver import resources
from clusters.console import files, programs

OUTPUT_FORMATS = ["custom-columns=", "custom-columns-file=", "go-template=", "go-template-file=", "json", "jsonpath=",
                  "jsonpath-as-json=", "jsonpath-file=", "name", "wide", "yaml"]
# Verbs whose first argument is a resource type (or TYPE/NAME).
TYPED_VERBS = {"get", "describe", "delete", "edit", "label", "annotate", "patch", "scale", "wait", "explain",
               "autoscale", "expose", "replace", "set", "rollout", "events"}
POD_VERBS = {"logs", "exec", "attach", "port-forward", "cp", "debug"}
NODE_VERBS = {"cordon", "uncordon", "drain", "taint"}


def _segments(line: str) -> list[str]:
    # the last simple command: after the last |, ;, &&, ||
    parts = re.split(r"\|\||&&|[|;\n]", line)
    return parts[-1].lstrip().split(" ") if parts else [""]


def _types() -> list[str]:
    names = set()
    for r in resources.RESOURCES:
        if r.aggregated:
            continue
        names.add(r.plural)
        names.update(r.short_names)
    names.add("all")
    return sorted(names)


def _namespace_in(words: list[str], cluster) -> str:
    for i, w in enumerate(words):
        if w in ("-n", "--namespace") and i + 1 < len(words):
            return words[i + 1]
        if w.startswith("--namespace="):
            return w.split("=", 1)[1]
    from clusters.console.kubectl import base

    return base.context_namespace(cluster) or "default"


def _names(cluster, type_name: str, namespace: str, all_ns: bool = False) -> list[str]:
    r = resources.lookup(type_name)
    if r is None or r.aggregated:
        return []
    try:
        objs = cluster.api.list(r, None if (all_ns or not r.namespaced) else namespace)
    except Exception:
        return []
    return [o["metadata"]["name"] for o in objs[:2000]]


def _files(cluster, prefix: str) -> list[str]:
    head, _, _ = prefix.rpartition("/")
    entries = files.listdir(cluster, head)
    base = head + "/" if head else ""
    return [base + e for e in entries]


def _verb_flags(path: str) -> list[str]:
    from clusters.console.kubectl import flags

    out = []
    for f in list(flags.command_flags(path)) + list(flags.global_flags()):
        out.append("--" + f.name)
        if f.short:
            out.append("-" + f.short)
    return out


def _subcommands(path: str) -> list[str]:
    from clusters.console.kubectl import flags

    text = flags.help_text(path) or ""
    subs = []
    in_cmds = False
    for line in text.splitlines():
        if line.startswith("Available Commands:"):
            in_cmds = True
            continue
        if in_cmds:
            m = re.match(r"^  ([a-z][\w-]*)\s", line)
            if m:
                subs.append(m.group(1))
            elif not line.strip():
                in_cmds = False
    return subs


def complete(console, line: str) -> list[str]:
    cluster = console.cluster
    words = _segments(line)
    current = words[-1] if words else ""
    before = [w for w in words[:-1] if w != ""]
    cands: list[str]
    if not before:
        cands = programs.names() + sorted(console.aliases)
    else:
        prog = before[0]
        if console.aliases.get(prog):
            prog = console.aliases[prog].split()[0]
        if prog in ("kubectl", "k"):
            cands = _kubectl(cluster, before[1:], current)
        elif prog in ("etcdctl", "sim"):
            cands = _program_completions(console, prog, before[1:], current)
        else:
            cands = _files(cluster, current)
    out = sorted({c for c in cands if c.startswith(current)})
    return out


def _program_completions(console, prog: str, args: list[str], current: str) -> list[str]:
    """A program module may offer ``complete(cluster, args, current) -> list[str]``."""
    import importlib

    target = programs.PROGRAMS.get(prog, "")
    module = target.partition(":")[0]
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return []
    fn = getattr(mod, "complete", None)
    if not callable(fn):
        return []
    try:
        return list(fn(console.cluster, args, current))
    except Exception:
        return []


def _kubectl(cluster, args: list[str], current: str) -> list[str]:
    from clusters.console import kubectl

    prev = args[-1] if args else ""
    if prev in ("-n", "--namespace"):
        return _names(cluster, "namespaces", "")
    if prev in ("-o", "--output"):
        return OUTPUT_FORMATS
    if prev in ("-f", "--filename"):
        return _files(cluster, current)
    if current.startswith("--output=") or current.startswith("-o="):
        head = current.split("=", 1)[0] + "="
        return [head + f for f in OUTPUT_FORMATS]
    if current.startswith("--namespace="):
        return ["--namespace=" + n for n in _names(cluster, "namespaces", "")]
    positional = []
    skip = False
    value_flags = {"-n", "--namespace", "-o", "--output", "-f", "--filename", "-l", "--selector", "-c", "--container",
                   "--field-selector", "--sort-by", "--context", "-L", "--label-columns", "--for", "--timeout", "--replicas", "--image"}
    for a in args:
        if skip:
            skip = False
            continue
        if a.startswith("-"):
            if a in value_flags:
                skip = True
            continue
        positional.append(a)
    if not positional:
        if current.startswith("-"):
            return _verb_flags("_options")
        return kubectl.available()
    verb = positional[0]
    path = verb
    rest = positional[1:]
    subs = _subcommands(verb)
    if subs and rest and rest[0] in subs:
        path = f"{verb} {rest[0]}"
        rest = rest[1:]
    elif subs and not rest and not current.startswith("-"):
        if verb not in ("rollout", "set", "top", "create", "config", "apply", "auth", "certificate", "plugin", "cluster-info"):
            pass
        else:
            return subs
    if current.startswith("-"):
        return _verb_flags(path)
    ns = _namespace_in(args, cluster)
    all_ns = "-A" in args or "--all-namespaces" in args
    if verb in POD_VERBS and not rest:
        return _names(cluster, "pods", ns)
    if verb in NODE_VERBS and not rest:
        return _names(cluster, "nodes", "")
    if path in ("top node",) and not rest:
        return _names(cluster, "nodes", "")
    if path in ("top pod",) and not rest:
        return _names(cluster, "pods", ns)
    if path in ("config use-context", "config delete-context", "config rename-context") and not rest:
        from clusters.console.kubectl import base

        return sorted(base.kubeconfig(cluster).get("contexts", {}))
    if verb in TYPED_VERBS or path.startswith("rollout ") or path.startswith("set "):
        if not rest:
            if "/" in current:
                t, _, _ = current.partition("/")
                return [f"{t}/{n}" for n in _names(cluster, t, ns, all_ns)]
            return _types()
        first = rest[0]
        if "/" not in first:
            return _names(cluster, first.split(",")[0], ns, all_ns)
    return []
