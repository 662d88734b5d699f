"""The builtins src/builtin.jq defines in jq, written here in jq with the same behaviour, parsed once
per process into the scope every program starts in."""

from __future__ import annotations

import re

from clusters.console.jq import parsing
from clusters.console.jq.evaluating import Closure, Env
from clusters.console.jq.registry import NATIVES, cfunc


PRELUDE = r"""
def values: select(. != null);
def nulls: select(. == null);
def booleans: select(type == "boolean");
def numbers: select(type == "number");
def strings: select(type == "string");
def arrays: select(type == "array");
def objects: select(type == "object");
def iterables: select(type == "array" or type == "object");
def scalars: select(type != "array" and type != "object");
def finites: select(type == "number" and (isinfinite or isnan | not));
def normals: select(isnormal);
def map(f): [.[] | f];
def select(f): if f then . else empty end;
def recurse(f): def r: ., (f | r); r;
def recurse(f; cond): def r: ., (f | select(cond) | r); r;
def recurse_down: recurse;
def map_values(f): .[] |= f;
def from_entries: map({(.key // .Key // .name // .Name): (if has("value") then .value else .Value end)})
  | add | . // {};
def with_entries(f): to_entries | map(f) | from_entries;
def del(f): delpaths([path(f)]);
def paths: path(..) | select(length > 0);
def paths(node_filter): . as $dot | paths | select(. as $p | $dot | getpath($p) | node_filter);
def leaf_paths: paths(scalars);
def any: reduce .[] as $x (false; . or $x);
def all: reduce .[] as $x (true; . and $x);
def any(f): reduce (.[] | f) as $x (false; . or $x);
def all(f): reduce (.[] | f) as $x (true; . and $x);
def any(g; cond): isempty(first(g | cond | select(.))) | not;
def all(g; cond): isempty(first(g | cond | select(. | not)));
def in(xs): . as $x | xs | has($x);
def inside(xs): . as $x | xs | contains($x);
def IN(s): any(s == .; .);
def IN(src; s): any(src == s; .);
def unique_by(f): [group_by(f)[] | .[0]];
def first: .[0];
def last: .[-1];
def nth($n): .[$n];
def nth($n; g): if $n < 0 then error("nth doesn't support negative indices") else last(limit($n + 1; g)) end;
def todate: strftime("%Y-%m-%dT%H:%M:%SZ");
def todateiso8601: todate;
def fromdateiso8601: strptime("%Y-%m-%dT%H:%M:%SZ") | mktime;
def fromdate: fromdateiso8601;
def date: todate;
def dateadd(u; n): . + n;
def datesub(u; n): . - n;
def halt_error: halt_error(5);
def error(msg; ignored): error(msg);
def walk(f): . as $in | if type == "object" then reduce keys_unsorted[] as $k ({}; . + {($k): ($in[$k] | walk(f))}) | f
  elif type == "array" then map(walk(f)) | f else f end;
def transpose: if . == [] then [] else . as $in | (map(length) | max) as $max
  | [range(0; $max) as $j | [range(0; $in | length) as $i | $in[$i][$j]]] end;
def combinations: if length == 0 then [] else .[0][] as $x | (.[1:] | combinations) as $y | [$x] + $y end;
def combinations(n): . as $dot | [range(n) | $dot] | combinations;
def INDEX(stream; idx_expr): reduce stream as $row ({}; .[$row | idx_expr | if type != "string" then tojson else . end] |= $row);
def INDEX(idx_expr): INDEX(.[]; idx_expr);
"""

_prelude_cache: list = []


def _prelude_names() -> list[str]:
    return [f"{m.group(1)}/{len(m.group(2).split(';')) if m.group(2) else 0}"
            for m in re.finditer(r"^def (\w+)(?:\(([^)]*)\))?:", PRELUDE, re.M)]


def root_env() -> Env:
    """The scope every program starts in: the jq-defined builtins, parsed once per process."""
    if not _prelude_cache:
        node = parsing.parse(PRELUDE + " .")
        env = Env()
        while node[0] == "def":
            env.funcs[f"{node[1]}/{len(node[2])}"] = Closure(node[2], node[3], env)
            node = node[4]
        _prelude_cache.append(env)
    return _prelude_cache[0]


@cfunc("builtins")
def _builtins(interp, inp):
    return sorted(set(NATIVES) | set(_prelude_names()))
