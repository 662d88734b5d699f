"""The YAML/JSON printers and the tabwriter against the real kubectl 1.32.

The fixtures were produced by tests/clusters/console/oracle/make_fixtures.py
from /usr/bin/kubectl (client-side commands only): every generated object
must print byte for byte as ``kubectl ... -o yaml`` / ``-o json`` print it,
and every table as ``kubectl config get-contexts`` lays it out.
"""
from __future__ import annotations

import json
import os

import pytest

from clusters.console.printers import jsonout, tabwriter, yamlout

HERE = os.path.join(os.path.dirname(__file__), "oracle")


def _load(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        return json.load(f)


SERIAL = _load("serialization.json")
TABLES = _load("tabwriter.json")


def _labelled(obj: dict) -> dict:
    o = json.loads(json.dumps(obj))
    o["metadata"]["labels"] = {"zzz": "z"}
    return o


@pytest.mark.parametrize("case", SERIAL, ids=[c["object"]["metadata"]["name"] for c in SERIAL])
def test_yaml_is_byte_identical_to_kubectl_sigs_k8s_io_yaml(case):
    assert yamlout.dumps(_labelled(case["object"])) == case["yaml"]


@pytest.mark.parametrize("case", SERIAL, ids=[c["object"]["metadata"]["name"] for c in SERIAL])
def test_json_is_byte_identical_to_kubectl_json_printer(case):
    assert jsonout.dumps(_labelled(case["object"])) == case["json"]


@pytest.mark.parametrize("case", TABLES, ids=[str(i) for i in range(len(TABLES))])
def test_tables_pad_like_cli_runtime_tabwriter(case):
    cfg = case["kubeconfig"]
    rows = [["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"]]
    for c in sorted(cfg["contexts"], key=lambda c: c["name"]):
        ctx = c["context"]
        rows.append(["*" if c["name"] == cfg["current-context"] else "", c["name"], ctx["cluster"], ctx["user"], ctx["namespace"]])
    assert tabwriter.table(rows) == case["output"]
