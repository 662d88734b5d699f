"""JSON exactly as ``kubectl get -o json`` prints it.

cli-runtime's JSONPrinter: ``json.MarshalIndent(obj, "", "    ")`` plus a
newline. Unstructured objects are Go maps, so keys come out sorted; Go's
encoder escapes ``<``, ``>``, ``&``, U+2028 and U+2029 (encoding/json
HTMLEscape), and empty objects and arrays print as ``{}`` and ``[]``.
"""
from __future__ import annotations

import json


def _go_escape(s: str) -> str:
    return (s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def dumps(obj) -> str:
    text = json.dumps(obj, indent=4, sort_keys=True, ensure_ascii=False, separators=(",", ": "))
    if "<" in text or ">" in text or "&" in text or "\u2028" in text or "\u2029" in text:
        text = _go_escape(text)
    return text + "\n"


def compact(obj) -> str:
    return _go_escape(json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":")))
