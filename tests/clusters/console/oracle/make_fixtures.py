"""Regenerate the oracle fixtures from the real kubectl binary (client-side only).

    .venv/bin/python tests/clusters/console/oracle/make_fixtures.py

- serialization.json: generated objects and what ``kubectl label --local -f
  obj.json zzz=z -o yaml|json`` prints for them (sigs.k8s.io/yaml and Go's
  encoding/json as kubectl 1.32 uses them; the label is added so the
  command has something to do).
- tabwriter.json: kubeconfigs with contexts of assorted name lengths and
  what ``kubectl config get-contexts`` prints (k8s.io/cli-runtime's
  tabwriter: minwidth 6, padding 3).
"""
from __future__ import annotations

import json
import os
import random
import subprocess
import tempfile

HERE = os.path.dirname(__file__)
KUBECTL = "/usr/bin/kubectl"

KEYS = ["a", "b", "A", "Z", "_z", "a-b", "a.b", "a/b", "a9", "a10", "a01", "a1", "x0", "x00", "2", "10", "y", "n", "on",
        "off", "yes", "no", "true", "null", "~", "key with space", "k:v", "apiVersion", "kind", "zz", "é", "b2b", "B2B",
        "1a", "-x", "*", "", "metadata2", "camelCaseKey", "ports", "#c"]
STRINGS = ["plain", "", " ", " lead", "trail ", "a: b", "a:b", "#x", "x #y", "x#y", "- x", "-x", "-", "--", "---", "...",
           "*x", "&x", "!x", "%x", "@x", "`x", "|x", ">x", "'q'", '"dq"', "q'uote", "[x]", "{x}", "x,y", "?x", "? x", ":x",
           "multi\nline", "multi\nline\n", "multi\n\n", "\nlead", " \nlead space", "trail \nspace", "tab\there", "é unicode",
           "y", "Y", "n", "yes", "No", "on", "OFF", "true", "False", "null", "Null", "~", "1", "01", "0x1F", "0o17", "0b101",
           "1e3", "1.5", ".5", "+1", "-1", "1_000", "1:20", "80:30080", "2025-06-02", "2025-06-02T09:00:00Z", "2025-13-02",
           "10.96.0.1", "1.2.3", "v1.32.0", "100m", "128Mi", "0.0.0.0/0", "http://x/y", "a=b", "<none>", "a&b", "x>y",
           "nan", ".nan", ".inf", "-.inf", "Infinity",
           "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss tttt uuuu",
           "word " * 30, "x" * 100, "a: b " * 20, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"annotations\":{},\"name\":\"c\",\"namespace\":\"default\"}}",
           "line one\nline two with trailing  \n", "  indented\n  block\n", "a\tb\nc"]


def value(rng: random.Random, depth: int):
    r = rng.random()
    if depth > 3 or r < 0.45:
        return rng.choice(STRINGS)
    if r < 0.55:
        return rng.choice([0, 1, -1, 42, 3000000, 2 ** 40, 1.5, 0.25, 1e-07, 12345.678, True, False, None])
    if r < 0.78:
        return {rng.choice(KEYS): value(rng, depth + 1) for _ in range(rng.randint(0, 5))}
    return [value(rng, depth + 1) for _ in range(rng.randint(0, 4))]


def run(args: list[str]) -> str:
    return subprocess.run([KUBECTL, *args], capture_output=True, text=True, check=True).stdout


def serialization(n: int = 250) -> list[dict]:
    rng = random.Random(1232)
    out = []
    with tempfile.TemporaryDirectory() as d:
        for i in range(n):
            obj = {"apiVersion": "example.com/v1", "kind": "Thing", "metadata": {"name": f"t{i}"},
                   "spec": value(rng, 0), "data": {rng.choice(KEYS): rng.choice(STRINGS) for _ in range(rng.randint(1, 6))}}
            p = os.path.join(d, "o.json")
            with open(p, "w") as f:
                json.dump(obj, f)
            yaml_out = run(["label", "--local", "-f", p, "zzz=z", "-o", "yaml"])
            json_out = run(["label", "--local", "-f", p, "zzz=z", "-o", "json"])
            out.append({"object": obj, "yaml": yaml_out, "json": json_out})
    return out


def tabwriter(n: int = 40) -> list[dict]:
    rng = random.Random(7)
    out = []
    with tempfile.TemporaryDirectory() as d:
        for _ in range(n):
            contexts = []
            for k in range(rng.randint(1, 4)):
                name = "c" * rng.randint(1, 12) + str(k)
                contexts.append({"name": name, "context": {"cluster": "k" * rng.randint(0, 9), "user": "u" * rng.randint(0, 9),
                                                           "namespace": "n" * rng.randint(0, 9)}})
            cfg = {"apiVersion": "v1", "kind": "Config", "clusters": [], "users": [], "contexts": contexts,
                   "current-context": contexts[0]["name"]}
            p = os.path.join(d, "config")
            with open(p, "w") as f:
                json.dump(cfg, f)
            text = subprocess.run([KUBECTL, "config", "get-contexts", "--kubeconfig", p], capture_output=True, text=True).stdout
            out.append({"kubeconfig": cfg, "output": text})
    return out


if __name__ == "__main__":
    with open(os.path.join(HERE, "serialization.json"), "w") as f:
        json.dump(serialization(), f, indent=1, ensure_ascii=False)
    with open(os.path.join(HERE, "tabwriter.json"), "w") as f:
        json.dump(tabwriter(), f, indent=1, ensure_ascii=False)
