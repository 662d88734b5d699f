"""-o json of objects kubectl builds or decodes into Go types: struct field order (printers/gostructs.py)."""
from __future__ import annotations

import json

from clusters import Cluster
from clusters.console.printers import gostructs

# Printed by kubectl 1.32 itself:
#   kubectl create deployment web --image=nginx --replicas=2 --port=80 --dry-run=client -o json
DEPLOYMENT = """\
{
    "kind": "Deployment",
    "apiVersion": "apps/v1",
    "metadata": {
        "name": "web",
        "creationTimestamp": null,
        "labels": {
            "app": "web"
        }
    },
    "spec": {
        "replicas": 2,
        "selector": {
            "matchLabels": {
                "app": "web"
            }
        },
        "template": {
            "metadata": {
                "creationTimestamp": null,
                "labels": {
                    "app": "web"
                }
            },
            "spec": {
                "containers": [
                    {
                        "name": "nginx",
                        "image": "nginx",
                        "ports": [
                            {
                                "containerPort": 80
                            }
                        ],
                        "resources": {}
                    }
                ]
            }
        },
        "strategy": {}
    },
    "status": {}
}
"""
#   kubectl create service nodeport web --tcp=80:8080 --node-port=30080 --dry-run=client -o json
SERVICE = """\
{
    "kind": "Service",
    "apiVersion": "v1",
    "metadata": {
        "name": "web",
        "creationTimestamp": null,
        "labels": {
            "app": "web"
        }
    },
    "spec": {
        "ports": [
            {
                "name": "80-8080",
                "protocol": "TCP",
                "port": 80,
                "targetPort": 8080,
                "nodePort": 30080
            }
        ],
        "selector": {
            "app": "web"
        },
        "type": "NodePort"
    },
    "status": {
        "loadBalancer": {}
    }
}
"""


def test_create_deployment_dry_run_json_keeps_the_go_field_order_of_kubectl():
    out = Cluster(seed=1).run("kubectl create deployment web --image=nginx --replicas=2 --port=80 --dry-run=client -o json")
    assert (out.text, out.exit_code) == (DEPLOYMENT, 0)


def test_create_service_dry_run_json_keeps_the_go_field_order_of_kubectl():
    out = Cluster(seed=1).run("kubectl create service nodeport web --tcp=80:8080 --node-port=30080 --dry-run=client -o json")
    assert out.text == SERVICE


def test_yaml_stays_sorted_as_sigs_k8s_io_yaml_sorts_maps():
    out = Cluster(seed=1).run("kubectl create deployment web --image=nginx --dry-run=client -o yaml")
    assert out.text.splitlines()[:3] == ["apiVersion: apps/v1", "kind: Deployment", "metadata:"]


def test_get_prints_unstructured_objects_with_sorted_keys():
    c = Cluster(seed=1)
    c.run("kubectl create deployment web --image=nginx")
    assert list(json.loads(c.run("kubectl get deploy web -o json").text)) == ["apiVersion", "kind", "metadata", "spec", "status"]


def test_the_server_s_answer_to_a_typed_create_prints_in_struct_order_too():
    c = Cluster(seed=1)
    keys = list(json.loads(c.run("kubectl create configmap cfg --from-literal=a=b -o json").text))
    assert keys == ["kind", "apiVersion", "metadata", "data"]


def test_a_kind_without_a_listed_type_keeps_sorted_keys():
    assert list(gostructs.ordered({"kind": "Widget", "apiVersion": "example.com/v1", "b": 1, "a": 2})) == [
        "a", "apiVersion", "b", "kind"]


def test_every_type_a_field_names_is_listed():
    for name, fields in gostructs.FIELDS.items():
        for f in fields.split():
            t = f.partition(":")[2]
            while t.startswith(("[]", "map[")):
                t = t[2:] if t.startswith("[]") else t[4:-1]
            assert not t or t in gostructs.FIELDS, (name, f)
