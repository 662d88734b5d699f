"""jq 1.6's builtins: importing this module registers every one of them in ``NATIVES``.

The C functions of src/builtin.c are Python (generators, sorting, functions, regexes, dates); the
jq-defined ones of src/builtin.jq are jq again (prelude).
"""
from __future__ import annotations

from clusters.console.jq import dates, functions, generators, regexes, sorting  # noqa: F401 - they register
from clusters.console.jq.prelude import root_env
from clusters.console.jq.registry import NATIVES, Halt

__all__ = ["NATIVES", "Halt", "root_env"]
