"""The kube-system add-ons a kubeadm cluster runs: static control-plane pods,
CoreDNS, kube-proxy and metrics-server (with its aggregated APIService), and kind's
default storage: the ``local-path-storage`` namespace, the local-path-provisioner
Deployment with its ServiceAccount, RBAC and ``local-path-config`` ConfigMap, and the
default StorageClass ``standard``.

Manifests follow kubeadm's (cmd/kubeadm/app/phases/addons/dns/manifests.go,
proxy/manifests.go) and metrics-server's components.yaml, trimmed to what a
learner sees in ``kubectl get`` and ``describe``; kind's storage manifest is
kind v0.26.0's (the release whose node image is Kubernetes 1.32.0), whole.
"""
from __future__ import annotations

from clusters.apiserver import resources
from clusters import last_applied

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
# The hostPath volumes kubeadm gives each static pod on kind's node image (phases/etcd/local.go;
# phases/controlplane/volumes.go, with the CA directories that exist there), sorted by name as
# VolumeMapToSlice sorts them: (name, host path, type, mount path, read-only).
_CA = (("ca-certs", "/etc/ssl/certs", "DirectoryOrCreate", "/etc/ssl/certs", True),
       ("etc-ca-certificates", "/etc/ca-certificates", "DirectoryOrCreate", "/etc/ca-certificates", True))
_SHARE_CA = (("usr-local-share-ca-certificates", "/usr/local/share/ca-certificates", "DirectoryOrCreate",
              "/usr/local/share/ca-certificates", True),
             ("usr-share-ca-certificates", "/usr/share/ca-certificates", "DirectoryOrCreate",
              "/usr/share/ca-certificates", True))
_K8S_CERTS = ("k8s-certs", "/etc/kubernetes/pki", "DirectoryOrCreate", "/etc/kubernetes/pki", True)
CONTROL_PLANE_VOLUMES = {
    "etcd": (("etcd-certs", "/etc/kubernetes/pki/etcd", "DirectoryOrCreate", "/etc/kubernetes/pki/etcd", False),
             ("etcd-data", "/var/lib/etcd", "DirectoryOrCreate", "/var/lib/etcd", False)),
    "kube-apiserver": (*_CA, _K8S_CERTS, *_SHARE_CA),
    "kube-controller-manager": (*_CA, ("flexvolume-dir", "/usr/libexec/kubernetes/kubelet-plugins/volume/exec",
                                       "DirectoryOrCreate", "/usr/libexec/kubernetes/kubelet-plugins/volume/exec", False),
                                _K8S_CERTS, ("kubeconfig", "/etc/kubernetes/controller-manager.conf", "FileOrCreate",
                                             "/etc/kubernetes/controller-manager.conf", True), *_SHARE_CA),
    "kube-scheduler": (("kubeconfig", "/etc/kubernetes/scheduler.conf", "FileOrCreate",
                        "/etc/kubernetes/scheduler.conf", True),),
}


def _host_path_volumes(table) -> tuple[list[dict], list[dict]]:
    """staticpodutil.NewVolume and NewVolumeMount: the volumes and the container's mounts."""
    volumes = [{"name": n, "hostPath": {"path": path, "type": kind}} for n, path, kind, _, _ in table]
    mounts = [{"name": n, "mountPath": at, **({"readOnly": True} if ro else {})} for n, _, _, at, ro in table]
    return volumes, mounts


def install(cluster) -> None:
    api = cluster.api
    nodes = [n["metadata"]["name"] for n in api.list("nodes")]
    cp = "control-plane" if "control-plane" in nodes else (nodes[0] if nodes else None)
    if cp is not None:
        for component, image, cpu, mem in CONTROL_PLANE_COMPONENTS:
            requests = {"cpu": cpu}
            if mem:
                requests["memory"] = mem
            volumes, mounts = _host_path_volumes(CONTROL_PLANE_VOLUMES[component])
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
                    # staticpodutil.ComponentPod: every static pod runs with the runtime's seccomp profile.
                    "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
                    "tolerations": [{"operator": "Exists", "effect": "NoExecute"}],
                    "containers": [{"name": component, "image": image, "command": [component],
                                    "resources": {"requests": requests}, "volumeMounts": mounts}],
                    "volumes": volumes,
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
                        "securityContext": {"allowPrivilegeEscalation": False,
                                            "capabilities": {"add": ["NET_BIND_SERVICE"], "drop": ["ALL"]},
                                            "readOnlyRootFilesystem": True},
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
    # kubeadm's proxy add-on (cmd/kubeadm/app/phases/addons/proxy/manifests.go), with its
    # hostPath volumes; its ConfigMap and the config volume are not modelled.
    api.create("serviceaccounts", {"metadata": {"name": "kube-proxy", "namespace": "kube-system"}}, actor="kubeadm")
    api.create("daemonsets", {
        "metadata": {"name": "kube-proxy", "namespace": "kube-system", "labels": {"k8s-app": "kube-proxy"}},
        "spec": {
            "selector": {"matchLabels": {"k8s-app": "kube-proxy"}},
            "template": {
                "metadata": {"labels": {"k8s-app": "kube-proxy"}},
                "spec": {
                    "priorityClassName": "system-node-critical", "hostNetwork": True,
                    "serviceAccountName": "kube-proxy",
                    "nodeSelector": {"kubernetes.io/os": "linux"},
                    "tolerations": [{"operator": "Exists"}],
                    "containers": [{"name": "kube-proxy", "image": "registry.k8s.io/kube-proxy:v1.32.0",
                                    "command": ["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf",
                                                "--hostname-override=$(NODE_NAME)"],
                                    "env": [{"name": "NODE_NAME",
                                             "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "spec.nodeName"}}}],
                                    "securityContext": {"privileged": True},
                                    "volumeMounts": [{"name": "xtables-lock", "mountPath": "/run/xtables.lock"},
                                                     {"name": "lib-modules", "mountPath": "/lib/modules",
                                                      "readOnly": True}]}],
                    "volumes": [{"name": "xtables-lock", "hostPath": {"path": "/run/xtables.lock", "type": "FileOrCreate"}},
                                {"name": "lib-modules", "hostPath": {"path": "/lib/modules"}}],
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
                                    "resources": {"requests": {"cpu": "100m", "memory": "200Mi"}},
                                    # components.yaml's, which restricted admits; its tmp-dir emptyDir
                                    # is left out, as kind has no metrics-server for drain to refuse.
                                    "securityContext": {"allowPrivilegeEscalation": False,
                                                        "capabilities": {"drop": ["ALL"]},
                                                        "readOnlyRootFilesystem": True, "runAsNonRoot": True,
                                                        "runAsUser": 1000,
                                                        "seccompProfile": {"type": "RuntimeDefault"}}}],
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
    install_kindnet(api)
    install_local_path_storage(api)


KINDNETD_IMAGE = "docker.io/kindest/kindnetd:v20241212-9f82dd49"
POD_SUBNET = "10.244.0.0/16"  # kind's default networking.podSubnet


def install_kindnet(api) -> None:
    """kind's default CNI (pkg/build/nodeimage/const_cni.go defaultCNIManifest), created with
    ``kubectl create`` (installcni/cni.go), so no last-applied annotation. Pod networking
    itself is modelled by the kubelets and clusters.network; these pods are what a learner
    sees of it, one per node. RBAC objects are made only where the API server serves RBAC."""
    for manifest in kindnet_manifest():
        r = resources.by_kind(manifest["kind"], manifest["apiVersion"])
        if r is not None:
            api.create(r, manifest, manifest["metadata"].get("namespace"), actor="kubectl")


def kindnet_manifest() -> list[dict]:
    """kind v0.26.0's kindnet manifest, object by object, in its order."""
    labels = {"tier": "node", "app": "kindnet", "k8s-app": "kindnet"}
    return [
        {"kind": "ClusterRole", "apiVersion": "rbac.authorization.k8s.io/v1", "metadata": {"name": "kindnet"},
         "rules": [{"apiGroups": ["policy"], "resources": ["podsecuritypolicies"], "verbs": ["use"],
                    "resourceNames": ["kindnet"]},
                   {"apiGroups": [""], "resources": ["nodes", "pods", "namespaces"], "verbs": ["list", "watch"]},
                   {"apiGroups": ["networking.k8s.io"], "resources": ["networkpolicies"], "verbs": ["list", "watch"]}]},
        {"kind": "ClusterRoleBinding", "apiVersion": "rbac.authorization.k8s.io/v1", "metadata": {"name": "kindnet"},
         "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "kindnet"},
         "subjects": [{"kind": "ServiceAccount", "name": "kindnet", "namespace": "kube-system"}]},
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "kindnet", "namespace": "kube-system"}},
        {"apiVersion": "apps/v1", "kind": "DaemonSet",
         "metadata": {"name": "kindnet", "namespace": "kube-system", "labels": dict(labels)},
         "spec": {
             "selector": {"matchLabels": {"app": "kindnet"}},
             "template": {
                 "metadata": {"labels": dict(labels)},
                 "spec": {
                     "hostNetwork": True,
                     "nodeSelector": {"kubernetes.io/os": "linux"},
                     "tolerations": [{"operator": "Exists"}],
                     "serviceAccountName": "kindnet",
                     "containers": [{
                         "name": "kindnet-cni", "image": KINDNETD_IMAGE,
                         "env": [{"name": "HOST_IP", "valueFrom": {"fieldRef": {"fieldPath": "status.hostIP"}}},
                                 {"name": "POD_IP", "valueFrom": {"fieldRef": {"fieldPath": "status.podIP"}}},
                                 {"name": "POD_SUBNET", "value": POD_SUBNET}],
                         "volumeMounts": [{"name": "cni-cfg", "mountPath": "/etc/cni/net.d"},
                                          {"name": "xtables-lock", "mountPath": "/run/xtables.lock", "readOnly": False},
                                          {"name": "lib-modules", "mountPath": "/lib/modules", "readOnly": True}],
                         "resources": {"requests": {"cpu": "100m", "memory": "50Mi"},
                                       "limits": {"cpu": "100m", "memory": "50Mi"}},
                         "securityContext": {"privileged": False, "capabilities": {"add": ["NET_RAW", "NET_ADMIN"]}},
                     }],
                     "volumes": [{"name": "cni-cfg", "hostPath": {"path": "/etc/cni/net.d"}},
                                 {"name": "xtables-lock", "hostPath": {"path": "/run/xtables.lock", "type": "FileOrCreate"}},
                                 {"name": "lib-modules", "hostPath": {"path": "/lib/modules"}}],
                 },
             },
         }},
    ]


def install_local_path_storage(api) -> None:
    """kind's default storage (pkg/build/nodeimage/const_storage.go defaultStorageManifest), applied
    with ``kubectl apply`` in the manifest's order (installstorage/storage.go). The provisioner's
    program runs in process (clusters.controllers.volume.local_path) while this Deployment has a
    Ready pod, logging to that pod and doing its work through helper pods made from this
    ConfigMap; RBAC objects are made only where the API server serves RBAC."""
    for manifest in local_path_storage_manifest():
        r = resources.by_kind(manifest["kind"], manifest["apiVersion"])
        if r is None:
            continue
        api.create(r, last_applied.with_annotation(manifest), manifest["metadata"].get("namespace"), actor="kubectl")


LOCAL_PATH_NAMESPACE = "local-path-storage"
LOCAL_PATH_PROVISIONER_IMAGE = "docker.io/kindest/local-path-provisioner:v20241212-8ac705d0"
LOCAL_PATH_HELPER_IMAGE = "docker.io/kindest/local-path-helper:v20241212-8ac705d0"
_LP_SA = "local-path-provisioner-service-account"
_LP_ROLE = "local-path-provisioner-role"
_LP_BIND = "local-path-provisioner-bind"


def local_path_storage_manifest() -> list[dict]:
    """kind v0.26.0's default-storage.yaml, object by object, in its order."""
    ns = LOCAL_PATH_NAMESPACE
    subjects = [{"kind": "ServiceAccount", "name": _LP_SA, "namespace": ns}]
    return [
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}},
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": _LP_SA, "namespace": ns}},
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": _LP_ROLE, "namespace": ns},
         "rules": [{"apiGroups": [""], "resources": ["pods"],
                    "verbs": ["get", "list", "watch", "create", "patch", "update", "delete"]}]},
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": _LP_ROLE},
         "rules": [{"apiGroups": [""], "resources": ["nodes", "persistentvolumeclaims", "configmaps", "pods", "pods/log"],
                    "verbs": ["get", "list", "watch"]},
                   {"apiGroups": [""], "resources": ["persistentvolumes"],
                    "verbs": ["get", "list", "watch", "create", "patch", "update", "delete"]},
                   {"apiGroups": [""], "resources": ["events"], "verbs": ["create", "patch"]},
                   {"apiGroups": ["storage.k8s.io"], "resources": ["storageclasses"], "verbs": ["get", "list", "watch"]}]},
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": _LP_BIND, "namespace": ns},
         "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": _LP_ROLE}, "subjects": subjects},
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": _LP_BIND},
         "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": _LP_ROLE}, "subjects": subjects},
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "local-path-provisioner", "namespace": ns},
         "spec": {
             "replicas": 1,
             "selector": {"matchLabels": {"app": "local-path-provisioner"}},
             "template": {
                 "metadata": {"labels": {"app": "local-path-provisioner"}},
                 "spec": {
                     "nodeSelector": {"kubernetes.io/os": "linux"},
                     "tolerations": [{"key": "node-role.kubernetes.io/control-plane", "operator": "Equal", "effect": "NoSchedule"},
                                     {"key": "node-role.kubernetes.io/master", "operator": "Equal", "effect": "NoSchedule"}],
                     "serviceAccountName": _LP_SA,
                     "containers": [{
                         "name": "local-path-provisioner", "image": LOCAL_PATH_PROVISIONER_IMAGE,
                         "imagePullPolicy": "IfNotPresent",
                         "command": ["local-path-provisioner", "--debug", "start", "--helper-image", LOCAL_PATH_HELPER_IMAGE,
                                     "--config", "/etc/config/config.json"],
                         "volumeMounts": [{"name": "config-volume", "mountPath": "/etc/config/"}],
                         "env": [{"name": "POD_NAMESPACE", "valueFrom": {"fieldRef": {"fieldPath": "metadata.namespace"}}},
                                 {"name": "CONFIG_MOUNT_PATH", "value": "/etc/config/"}],
                     }],
                     "volumes": [{"name": "config-volume", "configMap": {"name": "local-path-config"}}],
                 },
             },
         }},
        STANDARD_STORAGE_CLASS,
        {"kind": "ConfigMap", "apiVersion": "v1", "metadata": {"name": "local-path-config", "namespace": ns},
         "data": {"config.json": LOCAL_PATH_CONFIG_JSON, "setup": LOCAL_PATH_SETUP, "teardown": LOCAL_PATH_TEARDOWN,
                  "helperPod.yaml": LOCAL_PATH_HELPER_POD}},
    ]


LOCAL_PATH_CONFIG_JSON = """{
        "nodePathMap":[
        {
                "node":"DEFAULT_PATH_FOR_NON_LISTED_NODES",
                "paths":["/var/local-path-provisioner"]
        }
        ]
}"""
LOCAL_PATH_SETUP = '#!/bin/sh\nset -eu\nmkdir -m 0777 -p "$VOL_DIR"'
LOCAL_PATH_TEARDOWN = '#!/bin/sh\nset -eu\nrm -rf "$VOL_DIR"'
LOCAL_PATH_HELPER_POD = f"""apiVersion: v1
kind: Pod
metadata:
  name: helper-pod
spec:
  priorityClassName: system-node-critical
  tolerations:
    - key: node.kubernetes.io/disk-pressure
      operator: Exists
      effect: NoSchedule
  containers:
  - name: helper-pod
    image: {LOCAL_PATH_HELPER_IMAGE}
    imagePullPolicy: IfNotPresent"""

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
