"""The kube-system add-ons a kubeadm cluster runs: static control-plane pods,
CoreDNS, kube-proxy and metrics-server (with its aggregated APIService), and kind's
default StorageClass ``standard``.

Manifests follow kubeadm's (cmd/kubeadm/app/phases/addons/dns/manifests.go,
proxy/manifests.go) and metrics-server's components.yaml, trimmed to what a
learner sees in ``kubectl get`` and ``describe``.
"""
from __future__ import annotations

from clusters.console.kubectl import applying

DNS_IP = "10.96.0.10"
STANDARD_STORAGE_CLASS = {
    "apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
    "metadata": {"name": "standard", "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}},
    "provisioner": "rancher.io/local-path", "volumeBindingMode": "WaitForFirstConsumer", "reclaimPolicy": "Delete",
}
CONTROL_PLANE_COMPONENTS = (
    ("etcd", "registry.k8s.io/etcd:3.5.16-0", "100m", "100Mi"),
    ("kube-apiserver", "registry.k8s.io/kube-apiserver:v1.32.0", "250m", None),
    ("kube-controller-manager", "registry.k8s.io/kube-controller-manager:v1.32.0", "200m", None),
    ("kube-scheduler", "registry.k8s.io/kube-scheduler:v1.32.0", "100m", None),
)


def install(cluster) -> None:
    api = cluster.api
    nodes = [n["metadata"]["name"] for n in api.list("nodes")]
    cp = "control-plane" if "control-plane" in nodes else (nodes[0] if nodes else None)
    if cp is not None:
        for component, image, cpu, mem in CONTROL_PLANE_COMPONENTS:
            requests = {"cpu": cpu}
            if mem:
                requests["memory"] = mem
            api.create("pods", {
                "metadata": {
                    "name": f"{component}-{cp}", "namespace": "kube-system",
                    "labels": {"component": component, "tier": "control-plane"},
                    "annotations": {"kubernetes.io/config.source": "file"},
                    "ownerReferences": [{"apiVersion": "v1", "kind": "Node", "name": cp,
                                         "uid": api.get("nodes", cp)["metadata"]["uid"], "controller": True}],
                },
                "spec": {
                    "nodeName": cp, "priorityClassName": "system-node-critical", "priority": 2000001000,
                    "hostNetwork": True,
                    "tolerations": [{"operator": "Exists", "effect": "NoExecute"}],
                    "containers": [{"name": component, "image": image, "command": [component],
                                    "resources": {"requests": requests}}],
                },
            }, actor="kubelet")
    api.create("serviceaccounts", {"metadata": {"name": "coredns", "namespace": "kube-system"}}, actor="kubeadm")
    api.create("configmaps", {
        "metadata": {"name": "coredns", "namespace": "kube-system"},
        "data": {"Corefile": COREFILE},
    }, actor="kubeadm")
    api.create("deployments", {
        "metadata": {"name": "coredns", "namespace": "kube-system", "labels": {"k8s-app": "kube-dns"}},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"k8s-app": "kube-dns"}},
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1}},
            "template": {
                "metadata": {"labels": {"k8s-app": "kube-dns"}},
                "spec": {
                    "priorityClassName": "system-cluster-critical", "serviceAccountName": "coredns",
                    "dnsPolicy": "Default",
                    "tolerations": [{"key": "CriticalAddonsOnly", "operator": "Exists"},
                                    {"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}],
                    "containers": [{
                        "name": "coredns", "image": "registry.k8s.io/coredns/coredns:v1.11.3",
                        "args": ["-conf", "/etc/coredns/Corefile"],
                        "resources": {"limits": {"memory": "170Mi"}, "requests": {"cpu": "100m", "memory": "70Mi"}},
                        "ports": [{"containerPort": 53, "name": "dns", "protocol": "UDP"},
                                  {"containerPort": 53, "name": "dns-tcp", "protocol": "TCP"},
                                  {"containerPort": 9153, "name": "metrics", "protocol": "TCP"}],
                        "volumeMounts": [{"name": "config-volume", "mountPath": "/etc/coredns", "readOnly": True}],
                    }],
                    "volumes": [{"name": "config-volume", "configMap": {"name": "coredns", "items": [{"key": "Corefile", "path": "Corefile"}]}}],
                },
            },
        },
    }, actor="kubeadm")
    api.create("services", {
        "metadata": {"name": "kube-dns", "namespace": "kube-system",
                     "labels": {"k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true", "kubernetes.io/name": "CoreDNS"}},
        "spec": {"selector": {"k8s-app": "kube-dns"}, "clusterIP": DNS_IP,
                 "ports": [{"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53},
                           {"name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53},
                           {"name": "metrics", "port": 9153, "protocol": "TCP", "targetPort": 9153}]},
    }, actor="kubeadm")
    api.create("daemonsets", {
        "metadata": {"name": "kube-proxy", "namespace": "kube-system", "labels": {"k8s-app": "kube-proxy"}},
        "spec": {
            "selector": {"matchLabels": {"k8s-app": "kube-proxy"}},
            "template": {
                "metadata": {"labels": {"k8s-app": "kube-proxy"}},
                "spec": {
                    "priorityClassName": "system-node-critical", "hostNetwork": True,
                    "tolerations": [{"operator": "Exists"}],
                    "containers": [{"name": "kube-proxy", "image": "registry.k8s.io/kube-proxy:v1.32.0",
                                    "command": ["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf",
                                                "--hostname-override=$(NODE_NAME)"]}],
                },
            },
        },
    }, actor="kubeadm")
    api.create("deployments", {
        "metadata": {"name": "metrics-server", "namespace": "kube-system", "labels": {"k8s-app": "metrics-server"}},
        "spec": {
            "replicas": 1,
            "selector": {"matchLabels": {"k8s-app": "metrics-server"}},
            "template": {
                "metadata": {"labels": {"k8s-app": "metrics-server"}},
                "spec": {
                    "priorityClassName": "system-cluster-critical",
                    "containers": [{"name": "metrics-server", "image": "registry.k8s.io/metrics-server/metrics-server:v0.7.2",
                                    "args": ["--cert-dir=/tmp", "--secure-port=10250", "--kubelet-use-node-status-port",
                                             "--metric-resolution=15s"],
                                    "ports": [{"containerPort": 10250, "name": "https", "protocol": "TCP"}],
                                    "resources": {"requests": {"cpu": "100m", "memory": "200Mi"}}}],
                },
            },
        },
    }, actor="kubectl")
    api.create("services", {
        "metadata": {"name": "metrics-server", "namespace": "kube-system", "labels": {"k8s-app": "metrics-server"}},
        "spec": {"selector": {"k8s-app": "metrics-server"},
                 "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": "https"}]},
    }, actor="kubectl")
    api.create("apiservices", {
        "metadata": {"name": "v1beta1.metrics.k8s.io", "labels": {"k8s-app": "metrics-server"}},
        "spec": {"group": "metrics.k8s.io", "version": "v1beta1", "groupPriorityMinimum": 100, "versionPriority": 100,
                 "insecureSkipTLSVerify": True, "service": {"name": "metrics-server", "namespace": "kube-system", "port": 443}},
        "status": {"conditions": [{"type": "Available", "status": "True", "reason": "Passed",
                                   "message": "all checks passed", "lastTransitionTime": api.timestamp()}]},
    }, actor="kubectl")
    # kind's default storage (pkg/build/nodeimage/const_storage.go), applied with kubectl apply;
    # its local-path provisioner runs in process (clusters.controllers.volume.local_path).
    api.create("storageclasses", applying.with_annotation(STANDARD_STORAGE_CLASS), actor="kubectl")


COREFILE = """.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
"""
