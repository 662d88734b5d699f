"""kubectl: one module per verb, all on ``base.Verb``, registered in ``VERBS``.

``VERBS`` lists every kubectl 1.32 command in the order ``kubectl --help``
lists them (cobra's suggestions keep that order). A command whose module
does not exist yet answers as kubectl answers a command it lacks. Modules
are imported on first use.

``main`` finds the command the way cobra does (global flags may come before
it: ``kubectl -n dev get pods``), descends into subcommands
(``kubectl config view``), parses flags with the verb's real flag set, and
turns every error into kubectl's printed form (helpers.go ``CheckErr``).
"""
from __future__ import annotations

import importlib

from clusters.apiserver import errors as api_errors
from clusters.console.kubectl import base, connection, flags as flagmod, server_warnings

# name -> module (relative), in `kubectl --help` order.
VERBS: dict[str, str] = {
    "create": "create", "expose": "expose", "run": "run", "set": "set_",
    "explain": "explain", "get": "get", "edit": "edit", "delete": "delete",
    "rollout": "rollout", "scale": "scale", "autoscale": "autoscale",
    "certificate": "certificate", "cluster-info": "cluster_info", "top": "top", "cordon": "cordon",
    "uncordon": "uncordon", "drain": "drain", "taint": "taint",
    "describe": "describe", "logs": "logs", "attach": "attach", "exec": "exec", "port-forward": "port_forward",
    "proxy": "proxy", "cp": "cp", "auth": "auth", "debug": "debug", "events": "events",
    "diff": "diff", "apply": "apply", "patch": "patch", "replace": "replace", "wait": "wait", "kustomize": "kustomize",
    "label": "label", "annotate": "annotate", "completion": "completion",
    "api-resources": "api_resources", "api-versions": "api_versions", "config": "config", "plugin": "plugin",
    "version": "version", "options": "options",
}
# Aliases cobra knows (e.g. `kubectl logs` has none; `kubectl api-resources` none).

_loaded: dict[str, type | None] = {}


def load(module: str, cls: str = "Verb") -> type | None:
    key = f"{module}:{cls}"
    if key in _loaded:
        return _loaded[key]
    name = f"clusters.console.kubectl.{module}"
    try:
        mod = importlib.import_module(name)
    except ModuleNotFoundError as e:
        if e.name != name:
            raise
        mod = None
    verb = getattr(mod, cls, None) if mod is not None else None
    _loaded[key] = verb
    return verb


def available() -> list[str]:
    return [n for n, m in VERBS.items() if load(m) is not None]


def _global_value_flags() -> tuple[set[str], set[str]]:
    longs, shorts = set(), set()
    for f in flagmod.global_flags():
        if f.kind != "bool":
            longs.add(f.name)
            if f.short:
                shorts.add(f.short)
    return longs, shorts


def _find_command(argv: list[str]) -> int:
    """Index of the first word that is not a (global) flag or its value, or -1."""
    longs, shorts = _global_value_flags()
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--":
            return -1
        if a.startswith("--"):
            name, eq, _ = a[2:].partition("=")
            if not eq and name in longs:
                i += 2
                continue
            i += 1
            continue
        if a.startswith("-") and len(a) > 1:
            if len(a) == 2 and a[1] in shorts:
                i += 2
                continue
            i += 1
            continue
        return i
    return -1


def _levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca.lower() != cb.lower())))
        prev = cur
    return prev[-1]


def suggestions(word: str, names: list[str]) -> list[str]:
    """cobra SuggestionsFor: Levenshtein distance <= 2 or a prefix match."""
    out = []
    for n in names:
        if _levenshtein(word, n) <= 2 or n.lower().startswith(word.lower()):
            out.append(n)
    return out


def _unknown_command(word: str, parent: str, names: list[str]) -> str:
    msg = f'error: unknown command "{word}" for "{parent}"'
    sug = suggestions(word, names)
    if sug:
        msg += "\n\nDid you mean this?\n" + "".join(f"\t{s}\n" for s in sug)
    else:
        msg += "\n"
    return msg


def main(ctx, argv: list[str]) -> int:
    """The ``kubectl`` program (programs.PROGRAMS)."""
    idx = _find_command(argv)
    if idx < 0:
        if any(a in ("-h", "--help") for a in argv) or not argv or all(a.startswith("-") for a in argv):
            if "-h" not in argv and "--help" not in argv:
                try:  # the root command parses its (global) flags before it shows its help
                    flagmod.parse(argv, flagmod.global_flags())
                except flagmod.FlagError as e:
                    ctx.err(f"error: {e}\nSee 'kubectl --help' for usage.\n")
                    return 1
                except flagmod.HelpRequested:
                    pass
            ctx.out(flagmod.help_text("kubectl") or "")
            return 0
        idx = -1
    word = argv[idx]
    module = VERBS.get(word)
    verb_cls = load(module) if module else None
    if verb_cls is None:
        ctx.err(_unknown_command(word, "kubectl", available()))
        return 1
    rest = argv[:idx] + argv[idx + 1:]
    verb = verb_cls()
    path = word
    # descend into subcommands: the first positional that names one
    while verb.subcommands:
        j = _first_positional(rest, verb)
        if j < 0:
            break
        sub = rest[j]
        target = verb.subcommands.get(sub)
        if target is None:
            break
        mod, _, cls = target.partition(":")
        sub_cls = load(mod, cls or "Verb")
        if sub_cls is None:
            break
        verb = sub_cls()
        path = f"{path} {sub}"
        rest = rest[:j] + rest[j + 1:]
    return run_verb(ctx, verb, rest)


def _first_positional(argv: list[str], verb: base.Verb) -> int:
    value_longs = {f.name for f in verb.flags() if f.kind != "bool" and f.no_opt is None}
    value_shorts = {f.short for f in verb.flags() if f.short and f.kind != "bool" and f.no_opt is None}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--":
            return -1
        if a.startswith("--"):
            name, eq, _ = a[2:].partition("=")
            i += 2 if (not eq and name in value_longs) else 1
            continue
        if a.startswith("-") and len(a) > 1:
            i += 2 if (len(a) == 2 and a[1] in value_shorts) else 1
            continue
        return i
    return -1


def run_verb(ctx, verb: base.Verb, argv: list[str], call=None) -> int:
    """Parse ``argv`` with the verb's flags and run it (or ``call(kc, args)``: the end of a command
    that attached to a shell, kubectl/attaching.py), printing errors as kubectl does."""
    try:
        parsed = flagmod.parse(argv, verb.flags())
    except flagmod.HelpRequested:
        ctx.out(verb.help())
        return 0
    except flagmod.FlagError as e:
        ctx.err(verb.flag_error(str(e)))
        return 1 + verb.error_exit_offset
    missing = [n for n in sorted(verb.required) if not parsed.options.changed(n)]
    if missing:  # cobra ValidateRequiredFlags, after parsing and before Run
        ctx.err("error: required flag(s) " + ", ".join(f'"{n}"' for n in missing) + " not set\n")
        return base.DEFAULT_ERROR_EXIT_CODE
    kc = base.Invocation(ctx, verb, parsed)
    kc.argv = list(argv)
    try:
        connection.check(kc)  # the kubeconfig may point elsewhere (kubectl config set-cluster ...)
        with server_warnings.printing(ctx.cluster.api, ctx.err) as warnings_written:
            code = (call or verb.run)(kc, parsed.args)
        if not code and parsed.options.get("warnings-as-errors", False):
            warnings_written.as_errors()
    except api_errors.StatusError as e:
        ctx.err(base.error_message(e))
        return base.DEFAULT_ERROR_EXIT_CODE + verb.error_exit_offset
    except base.KubectlError as e:
        ctx.err(base.error_message(e))
        return e.code + verb.error_exit_offset
    return 0 if code is None else int(code)
