"""``python3 -c SCRIPT`` in the python images: the small scripts the docs put in a container's command.

The script is parsed with Python's own ``ast`` and walked here, never executed:
imports of os, sys and time; assignments to names; ``if``/``elif``/``else``;
``print``; ``sys.exit``; ``time.sleep``; and the expressions such scripts use
(constants, names, comparisons, ``and``/``or``/``not``, arithmetic, ``int()``,
``str()``, ``os.environ.get``, ``os.environ[...]``, ``os.getenv``). The answer
is what the process writes (stdout is a pipe, so Python buffers it until exit)
and its exit status; a script that uses anything else answers None, and the
caller keeps its older reading of the command.
"""
from __future__ import annotations

import ast

_MODULES = ("os", "sys", "time")


class Unsupported(Exception):
    pass


class _Exit(Exception):
    def __init__(self, code: int, message: str = ""):
        super().__init__(code)
        self.code = code
        self.message = message


class _Raised(Exception):
    """An exception the script raised: Python prints its traceback and exits 1."""

    def __init__(self, line: int, error: Exception):
        super().__init__(error)
        self.line = line
        self.error = error


def run(script: str, env: dict) -> tuple[int, str, float] | None:
    """(exit status, what it printed, seconds it ran), or None when the script is beyond this reader."""
    try:
        tree = ast.parse(script)
    except SyntaxError:
        return None
    state = {"env": env, "names": {}, "out": [], "elapsed": 0.0}
    try:
        _block(tree.body, state)
        code, tail = 0, ""
    except _Exit as e:
        code, tail = e.code, e.message
    except _Raised as e:
        code = 1
        tail = (f'Traceback (most recent call last):\n  File "<string>", line {e.line}, in <module>\n'
                f"{type(e.error).__name__}: {e.error}\n")
    except (Unsupported, RecursionError):
        return None
    return code, "".join(state["out"]) + tail, state["elapsed"]


def _block(body: list, state: dict) -> None:
    for node in body:
        _statement(node, state)


def _statement(node, state: dict) -> None:
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name not in _MODULES or alias.asname:
                raise Unsupported(alias.name)
            state["names"][alias.name] = ("module", alias.name)
    elif isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets):
        value = _expr(node.value, state)
        for t in node.targets:
            state["names"][t.id] = value
    elif isinstance(node, ast.If):
        _block(node.body if _expr(node.test, state) else node.orelse, state)
    elif isinstance(node, ast.Expr):
        _expr(node.value, state)
    elif isinstance(node, ast.Pass):
        pass
    else:
        raise Unsupported(type(node).__name__)


def _expr(node, state: dict):
    try:
        return _value(node, state)
    except (_Exit, _Raised, Unsupported):
        raise
    except (TypeError, ValueError, ZeroDivisionError) as e:
        raise _Raised(node.lineno, e) from None


def _value(node, state: dict):
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, str, type(None), bool)):
        return node.value
    if isinstance(node, ast.Name):
        if node.id in state["names"]:
            return state["names"][node.id]
        if node.id in ("True", "False", "None"):
            return {"True": True, "False": False, "None": None}[node.id]
        raise Unsupported(node.id)
    if isinstance(node, ast.Compare):
        left = _value(node.left, state)
        for op, right_node in zip(node.ops, node.comparators):
            right = _value(right_node, state)
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.BoolOp):
        result = None
        for v in node.values:
            result = _value(v, state)
            if isinstance(node.op, ast.And) != bool(result):
                return result
        return result
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Not, ast.USub)):
        v = _value(node.operand, state)
        return (not v) if isinstance(node.op, ast.Not) else -v
    if isinstance(node, ast.BinOp) and type(node.op) in _ARITHMETIC:
        left, right = _value(node.left, state), _value(node.right, state)
        if not (type(left) is int and type(right) is int) and not (
                isinstance(node.op, ast.Add) and isinstance(left, str) and isinstance(right, str)):
            raise Unsupported("arithmetic")  # integers (and joined strings) only: nothing can grow huge
        return _ARITHMETIC[type(node.op)](left, right)
    if isinstance(node, ast.Subscript) and _dotted(node.value) == "os.environ":
        key = _value(node.slice, state)
        if key not in state["env"]:
            raise Unsupported("KeyError")
        return state["env"][key]
    if isinstance(node, ast.Call) and not node.keywords:
        return _call(_dotted(node.func), [_value(a, state) for a in node.args], state)
    raise Unsupported(type(node).__name__)


def _dotted(node) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    raise Unsupported(type(node).__name__)


def _call(name: str, args: list, state: dict):
    if name.split(".", 1)[0] in _MODULES and state["names"].get(name.split(".", 1)[0]) is None:
        raise Unsupported(name)  # used without its import: a NameError here, not worth telling
    if name in ("os.environ.get", "os.getenv") and 1 <= len(args) <= 2:
        return state["env"].get(args[0], args[1] if len(args) == 2 else None)
    if name == "int" and len(args) == 1:
        return int(args[0])
    if name == "str" and len(args) == 1:
        return "None" if args[0] is None else str(args[0])
    if name == "print":
        state["out"].append(" ".join("None" if a is None else str(a) for a in args) + "\n")
        return None
    if name == "sys.exit" and len(args) <= 1:
        arg = args[0] if args else None
        if arg is None:
            raise _Exit(0)
        if isinstance(arg, int):
            raise _Exit(arg & 0xFF)
        raise _Exit(1, f"{arg}\n")  # sys.exit("message"): the message on stderr, status 1
    if name == "time.sleep" and len(args) == 1 and isinstance(args[0], (int, float)):
        state["elapsed"] += float(args[0])
        return None
    raise Unsupported(name)


_COMPARE = {ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b, ast.Lt: lambda a, b: a < b,
            ast.LtE: lambda a, b: a <= b, ast.Gt: lambda a, b: a > b, ast.GtE: lambda a, b: a >= b}
_ARITHMETIC = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
               ast.FloorDiv: lambda a, b: a // b, ast.Mod: lambda a, b: a % b}
