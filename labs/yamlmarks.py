"""YAML that remembers where each value came from.

PyYAML's composer keeps a start mark on every node; we build plain Python
data from the node tree and, beside it, a map from each value's path (a tuple
of keys and indexes) to its 1-based line. Validation errors then read
``labs/04-deployments/lab.yaml:37: steps[2].checks[0].op: 'equals' is not
one of eq, ne, …`` instead of pointing at a JSON path nobody can find.
"""
from __future__ import annotations

from typing import Any

import yaml


class Document:
    """Parsed YAML data plus the line of every value in it."""

    def __init__(self, data: Any, lines: dict[tuple, int], path: str):
        self.data = data
        self.lines = lines
        self.path = path

    def line(self, where: tuple | list) -> int:
        """The line of the value at ``where``, or of its nearest ancestor that has one."""
        where = tuple(where)
        while where not in self.lines and where:
            where = where[:-1]
        return self.lines.get(where, 1)


class _Loader(yaml.SafeLoader):
    pass


def _build(loader: _Loader, node: yaml.Node, where: tuple, lines: dict[tuple, int]) -> Any:
    lines[where] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        out: dict = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if isinstance(key, (list, dict)):
                raise yaml.constructor.ConstructorError(None, None, "a mapping key must be a scalar", key_node.start_mark)
            out[key] = _build(loader, value_node, where + (key,), lines)
            # point at the key's line: it names what is wrong, and a block value starts below it
            lines[where + (key,)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, where + (i,), lines) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def load(text: str, path: str = "<string>") -> Document:
    """Parse one YAML document; raises ``yaml.YAMLError`` (which carries its own mark)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        lines: dict[tuple, int] = {}
        data = _build(loader, node, (), lines) if node is not None else None
    finally:
        loader.dispose()
    return Document(data, lines, path)


def load_file(path: str) -> Document:
    with open(path, encoding="utf-8") as f:
        return load(f.read(), path)
