"""kubectl version (kubernetes/kubectl:pkg/cmd/version/version.go).

The client and the simulated server are both the cluster's version; the
build fields are those of the upstream release (v1.32.0, built 2024-12-11).
"""
from __future__ import annotations

from clusters.console.kubectl import base
from clusters.console.printers import jsonout, yamlout

KUSTOMIZE = "v5.5.0"  # kustomize bundled with kubectl 1.32
BUILD = {"gitCommit": "70d3cc986aa8221cd1dfb1121852688902d3bf53", "gitTreeState": "clean",
         "buildDate": "2024-12-11T17:59:15Z", "goVersion": "go1.23.3", "compiler": "gc", "platform": "linux/amd64"}


def info(version: str) -> dict:
    major, minor = version.lstrip("v").split(".")[:2]
    d = {"major": major, "minor": minor, "gitVersion": version}
    d.update(BUILD)
    return d


class Verb(base.Verb):
    name = "version"

    def run(self, kc, args):
        if args:
            raise base.KubectlError(f"extra arguments: {base.go_list(args)}")  # version.go Complete
        version = getattr(kc.cluster.spec, "version", "v1.32.0")
        client = bool(kc.opts.get("client"))
        fmt = kc.opts.get("output") or ""
        if fmt and fmt not in ("yaml", "json"):
            raise base.KubectlError("--output must be 'yaml' or 'json'")
        if fmt:
            # version.go marshals a struct: field order, not sorted keys
            d = {"clientVersion": info(version), "kustomizeVersion": KUSTOMIZE}
            if not client:
                d["serverVersion"] = info(version)
            if fmt == "yaml":
                kc.out(yamlout.dumps(d) + "\n")
            else:
                kc.out(_go_json(d) + "\n")
            return 0
        kc.out(f"Client Version: {version}\nKustomize Version: {KUSTOMIZE}\n")
        if not client:
            kc.out(f"Server Version: {version}\n")
        return 0


def _go_json(d: dict) -> str:
    import json

    order = ["major", "minor", "gitVersion", "gitCommit", "gitTreeState", "buildDate", "goVersion", "compiler", "platform"]

    def ordered(v):
        return {k: v[k] for k in order if k in v}

    out = {"clientVersion": ordered(d["clientVersion"]), "kustomizeVersion": d["kustomizeVersion"]}
    if "serverVersion" in d:
        out["serverVersion"] = ordered(d["serverVersion"])
    return json.dumps(out, indent=2)
