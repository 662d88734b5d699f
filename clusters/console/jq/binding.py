"""jq's binding pass (src/compile.c block_bind): the functions and ``$variables`` a program names but
never defines are compile errors ("foo/0 is not defined"), reported before anything runs."""

from __future__ import annotations

from clusters.console.jq import library


def is_named_arg(msg: str, env) -> bool:
    """--arg/--argjson names are bound after parsing, so their $names are defined."""
    if not msg.startswith("$"):
        return False
    try:
        env.var(msg[1:].split(" ", 1)[0])
        return True
    except KeyError:
        return False


def undefined_names(ast, env) -> list[tuple[str, int]]:
    """The functions and variables the program names but never defines (jq's binding pass)."""
    out: list[tuple[str, int]] = []
    natives = library.NATIVES

    def walk(node, funcs: frozenset, vars_: frozenset):
        if not isinstance(node, tuple) or not node:
            return
        kind = node[0]
        if kind == "call":
            key = f"{node[1]}/{len(node[2])}"
            if key not in funcs and key not in natives and env.func(key) is None:
                out.append((f"{key} is not defined", node[3]))
            for a in node[2]:
                walk(a, funcs, vars_)
            return
        if kind == "var":
            name = node[1]
            if name not in vars_ and name not in ("ENV", "__loc__"):
                try:
                    env.var(name)
                except KeyError:
                    out.append((f"${name} is not defined", node[2]))
            return
        if kind == "def":
            name, params, body, rest = node[1], node[2], node[3], node[4]
            inner = funcs | {f"{name}/{len(params)}"} | {f"{p.lstrip('$')}/0" for p in params}
            walk(body, inner, vars_ | {p[1:] for p in params if p.startswith("$")})
            walk(rest, funcs | {f"{name}/{len(params)}"}, vars_)
            return
        if kind == "as":
            walk(node[1], funcs, vars_)
            walk(node[3], funcs, vars_ | _pattern_vars(node[2][0]))
            return
        if kind in ("reduce", "foreach"):
            walk(node[1], funcs, vars_)
            walk(node[3], funcs, vars_)
            bound = vars_ | _pattern_vars(node[2])
            for sub in node[4:]:
                walk(sub, funcs, bound)
            return
        if kind == "label":
            walk(node[2], funcs, vars_ | {"*label*" + node[1]})
            return
        if kind == "break":
            if "*label*" + node[1] not in vars_:
                out.append((f"$*label-{node[1]} is not defined", node[2]))
            return
        if kind == "str":
            for p in node[1]:
                walk(p, funcs, vars_)
            return
        if kind == "object":
            for k, v in node[1]:
                walk(k, funcs, vars_)
                walk(v, funcs, vars_)
            return
        for child in node[1:]:
            if isinstance(child, tuple):
                walk(child, funcs, vars_)
            elif isinstance(child, list):
                for c in child:
                    walk(c, funcs, vars_)

    walk(ast, frozenset(), frozenset())
    return out


def _pattern_vars(p) -> frozenset:
    if p[0] == "pvar":
        return frozenset({p[1]})
    if p[0] == "parray":
        return frozenset().union(*(_pattern_vars(x) for x in p[1]))
    out = set()
    for key, sub in p[1]:
        if key[0] == "var":
            out.add(key[1])
        if sub:
            out |= _pattern_vars(sub)
    return frozenset(out)
