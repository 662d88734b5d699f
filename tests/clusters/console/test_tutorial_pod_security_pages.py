"""Three kubernetes.io Pod Security pages typed unchanged on this cluster.

- kubernetes/website content/en/docs/tasks/configure-pod-container/enforce-standards-namespace-labels.md
- kubernetes/website content/en/docs/tutorials/security/ns-level-pss.md (its ``kind create
  cluster`` skipped: the commands run on this cluster)
- kubernetes/website content/en/docs/tutorials/security/cluster-level-pss.md, the commands that
  need no new cluster: the server-side dry runs of each level on every namespace.

The pages' outputs come from a one-node kind cluster; this one has four nodes, so the
DaemonSets' pods are grouped ("and 3 other pods") where the page shows one, and its pod
names differ. Since 1.25 restricted's volume check replaces baseline's hostPath one, so
the restricted dry run no longer lists "hostPath volumes" beside "restricted volume types",
and kubeadm's CoreDNS drops ALL capabilities (policy/check_restrictedVolumes.go;
cmd/kubeadm/app/phases/addons/dns/manifests.go). The example pod the page loads by URL is
written to a file first: the console host is offline.
"""
from __future__ import annotations

import pytest

from clusters import Cluster

BASELINE_POD = """apiVersion: v1
kind: Pod
metadata:
  name: nginx
spec:
  containers:
    - image: nginx
      name: nginx
      ports:
        - containerPort: 80
"""

MY_BASELINE_NAMESPACE = """apiVersion: v1
kind: Namespace
metadata:
  name: my-baseline-namespace
  labels:
    pod-security.kubernetes.io/enforce: baseline
    pod-security.kubernetes.io/enforce-version: v1.32

    # We are setting these to our _desired_ `enforce` level.
    pod-security.kubernetes.io/audit: restricted
    pod-security.kubernetes.io/audit-version: v1.32
    pod-security.kubernetes.io/warn: restricted
    pod-security.kubernetes.io/warn-version: v1.32
"""

RESTRICTED_WARNING = (
    'Warning: would violate PodSecurity "restricted:{version}": allowPrivilegeEscalation != false (container '
    '"nginx" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "nginx" '
    'must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "nginx" must set '
    'securityContext.runAsNonRoot=true), seccompProfile (pod or container "nginx" must set '
    'securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")\n')

NAMESPACES = ("default", "kube-node-lease", "kube-public", "kube-system", "local-path-storage")


@pytest.fixture
def c():
    cluster = Cluster(seed=11)
    yield cluster
    assert cluster.bugs == []


def _pods(c: Cluster, ns: str, prefix: str) -> list[str]:
    return sorted(line.split()[0] for line in c.run(f"kubectl get pods -n {ns} --no-headers").text.splitlines()
                  if line.startswith(prefix))


# -- Apply Pod Security Standards at the Namespace Level ---------------------------------------------

def test_ns_level_pss_warns_in_example_and_not_in_default(c):
    assert c.run("kubectl create ns example").text == "namespace/example created\n"
    out = c.run("kubectl label --overwrite ns example \\\n"
                "   pod-security.kubernetes.io/warn=baseline \\\n"
                "   pod-security.kubernetes.io/warn-version=latest")
    assert out.text == "namespace/example labeled\n"
    out = c.run("kubectl label --overwrite ns example \\\n"
                "  pod-security.kubernetes.io/enforce=baseline \\\n"
                "  pod-security.kubernetes.io/enforce-version=latest \\\n"
                "  pod-security.kubernetes.io/warn=restricted \\\n"
                "  pod-security.kubernetes.io/warn-version=latest \\\n"
                "  pod-security.kubernetes.io/audit=restricted \\\n"
                "  pod-security.kubernetes.io/audit-version=latest")
    assert out.text == "namespace/example labeled\n"
    c.run(f"cat > example-baseline-pod.yaml <<'EOF'\n{BASELINE_POD}EOF")
    out = c.run("kubectl apply -n example -f example-baseline-pod.yaml")
    assert out.text == RESTRICTED_WARNING.format(version="latest") + "pod/nginx created\n"
    assert out.exit_code == 0
    assert c.run("kubectl apply -n default -f example-baseline-pod.yaml").text == "pod/nginx created\n"
    c.run("sim advance 30s")
    assert c.run("kubectl get pod nginx -n example --no-headers").text.split()[2] == "Running"


def test_the_example_namespace_refuses_what_baseline_forbids(c):
    c.run("kubectl create ns example")
    c.run("kubectl label --overwrite ns example pod-security.kubernetes.io/enforce=baseline "
          "pod-security.kubernetes.io/enforce-version=latest")
    host_network = BASELINE_POD.replace("spec:", "spec:\n  hostNetwork: true")
    c.run(f"cat > example-baseline-pod.yaml <<'EOF'\n{host_network}EOF")
    out = c.run("kubectl apply -n example -f example-baseline-pod.yaml")
    assert out.text == ('Error from server (Forbidden): error when creating "example-baseline-pod.yaml": pods "nginx" '
                        'is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true)\n')
    assert out.exit_code == 1


# -- Enforce Pod Security Standards with Namespace Labels --------------------------------------------

def test_the_baseline_namespace_manifest_pins_v1_32_and_warns_for_restricted(c):
    c.run(f"cat > my-baseline-namespace.yaml <<'EOF'\n{MY_BASELINE_NAMESPACE}EOF")
    assert c.run("kubectl apply -f my-baseline-namespace.yaml").text == "namespace/my-baseline-namespace created\n"
    c.run(f"cat > pod.yaml <<'EOF'\n{BASELINE_POD}EOF")
    out = c.run("kubectl apply -n my-baseline-namespace -f pod.yaml")
    assert out.text == RESTRICTED_WARNING.format(version="v1.32") + "pod/nginx created\n"


def test_labelling_every_namespace_audit_and_warn_then_listing_those_without_enforce(c):
    out = c.run("kubectl label --dry-run=server --overwrite ns --all \\\n    pod-security.kubernetes.io/enforce=baseline")
    assert out.text.startswith("namespace/default labeled (server dry run)\n")
    out = c.run("kubectl label --overwrite ns --all \\\n"
                "  pod-security.kubernetes.io/audit=baseline \\\n"
                "  pod-security.kubernetes.io/warn=baseline")
    # audit and warn do not dry-run existing pods: only enforce does.
    assert out.text == "".join(f"namespace/{ns} labeled\n" for ns in NAMESPACES)
    out = c.run("kubectl get namespaces --selector='!pod-security.kubernetes.io/enforce'")
    assert [line.split()[0] for line in out.text.splitlines()] == ["NAME", *NAMESPACES]
    # A namespace labelled warn=baseline now warns about a pod that shares the host's network.
    out = c.run("kubectl run web --image=nginx --overrides='{\"spec\":{\"hostNetwork\":true}}'")
    assert out.text == ('Warning: would violate PodSecurity "baseline:latest": host namespaces (hostNetwork=true)\n'
                        "pod/web created\n")


def test_enforcing_restricted_on_a_single_namespace(c):
    out = c.run("kubectl label --overwrite ns my-existing-namespace \\\n"
                "  pod-security.kubernetes.io/enforce=restricted \\\n"
                "  pod-security.kubernetes.io/enforce-version=v1.32")
    assert out.text == 'Error from server (NotFound): namespaces "my-existing-namespace" not found\n'
    c.run("kubectl create ns my-existing-namespace")
    c.run("kubectl create deployment web --image=nginx -n my-existing-namespace")
    c.run("sim advance 20s")
    (pod,) = _pods(c, "my-existing-namespace", "web-")
    out = c.run("kubectl label --overwrite ns my-existing-namespace \\\n"
                "  pod-security.kubernetes.io/enforce=restricted \\\n"
                "  pod-security.kubernetes.io/enforce-version=v1.32")
    assert out.text == (
        'Warning: existing pods in namespace "my-existing-namespace" violate the new PodSecurity enforce level '
        '"restricted:v1.32"\n'
        f"Warning: {pod}: allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, "
        "seccompProfile\n"
        "namespace/my-existing-namespace labeled\n")
    # The pod already running stays; a new one is refused when its ReplicaSet makes it.
    c.run(f"kubectl delete pod {pod} -n my-existing-namespace")
    c.run("sim advance 5s")
    assert _pods(c, "my-existing-namespace", "web-") == []
    events = c.run("kubectl get events -n my-existing-namespace --field-selector reason=FailedCreate "
                   "-o jsonpath='{.items[0].message}'").text
    assert events.startswith('Error creating: pods "web-')
    assert 'is forbidden: violates PodSecurity "restricted:v1.32": allowPrivilegeEscalation != false (container ' \
           '"nginx" must set securityContext.allowPrivilegeEscalation=false)' in events


# -- Apply Pod Security Standards at the Cluster Level: the dry runs ---------------------------------

def test_kubectl_get_ns_lists_kinds_namespaces(c):
    assert [line.split()[0] for line in c.run("kubectl get ns").text.splitlines()] == ["NAME", *NAMESPACES]


def test_dry_run_privileged_labels_every_namespace_without_warnings(c):
    out = c.run("kubectl label --dry-run=server --overwrite ns --all \\\n"
                "pod-security.kubernetes.io/enforce=privileged")
    assert out.text == "".join(f"namespace/{ns} labeled (server dry run)\n" for ns in NAMESPACES)
    # A dry run changes nothing.
    assert "pod-security" not in c.run("kubectl get ns --show-labels").text


def test_dry_run_baseline_warns_about_kube_systems_pods(c):
    kindnet = _pods(c, "kube-system", "kindnet-")[0]
    proxy = _pods(c, "kube-system", "kube-proxy-")[0]
    out = c.run("kubectl label --dry-run=server --overwrite ns --all \\\n"
                "pod-security.kubernetes.io/enforce=baseline")
    assert out.text == (
        "namespace/default labeled (server dry run)\n"
        "namespace/kube-node-lease labeled (server dry run)\n"
        "namespace/kube-public labeled (server dry run)\n"
        'Warning: existing pods in namespace "kube-system" violate the new PodSecurity enforce level "baseline:latest"\n'
        "Warning: etcd-control-plane (and 3 other pods): host namespaces, hostPath volumes\n"
        f"Warning: {kindnet} (and 3 other pods): non-default capabilities, host namespaces, hostPath volumes\n"
        f"Warning: {proxy} (and 3 other pods): host namespaces, hostPath volumes, privileged\n"
        "namespace/kube-system labeled (server dry run)\n"
        "namespace/local-path-storage labeled (server dry run)\n")
    assert out.exit_code == 0


def test_dry_run_restricted_warns_in_kube_system_and_local_path_storage(c):
    coredns = _pods(c, "kube-system", "coredns-")[0]
    kindnet = _pods(c, "kube-system", "kindnet-")[0]
    proxy = _pods(c, "kube-system", "kube-proxy-")[0]
    (provisioner,) = _pods(c, "local-path-storage", "local-path-provisioner-")
    out = c.run("kubectl label --dry-run=server --overwrite ns --all \\\n"
                "pod-security.kubernetes.io/enforce=restricted")
    assert out.text == (
        "namespace/default labeled (server dry run)\n"
        "namespace/kube-node-lease labeled (server dry run)\n"
        "namespace/kube-public labeled (server dry run)\n"
        'Warning: existing pods in namespace "kube-system" violate the new PodSecurity enforce level '
        '"restricted:latest"\n'
        f"Warning: {coredns} (and 1 other pod): runAsNonRoot != true, seccompProfile\n"
        "Warning: etcd-control-plane (and 3 other pods): host namespaces, allowPrivilegeEscalation != false, "
        "unrestricted capabilities, restricted volume types, runAsNonRoot != true\n"
        f"Warning: {kindnet} (and 3 other pods): host namespaces, allowPrivilegeEscalation != false, unrestricted "
        "capabilities, restricted volume types, runAsNonRoot != true, seccompProfile\n"
        f"Warning: {proxy} (and 3 other pods): host namespaces, privileged, allowPrivilegeEscalation != false, "
        "unrestricted capabilities, restricted volume types, runAsNonRoot != true, seccompProfile\n"
        "namespace/kube-system labeled (server dry run)\n"
        'Warning: existing pods in namespace "local-path-storage" violate the new PodSecurity enforce level '
        '"restricted:latest"\n'
        f"Warning: {provisioner}: allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, "
        "seccompProfile\n"
        "namespace/local-path-storage labeled (server dry run)\n")


def test_the_minimal_nginx_pod_of_the_cluster_level_page_in_a_namespace_labelled_alike(c):
    # The page sets these levels for every namespace through an AdmissionConfiguration given
    # to a new cluster; on this one the same levels are a namespace's labels.
    c.run("kubectl label --overwrite ns default pod-security.kubernetes.io/enforce=baseline "
          "pod-security.kubernetes.io/audit=restricted pod-security.kubernetes.io/warn=restricted")
    c.run("mkdir -p /tmp/pss")
    c.run(f"cat <<EOF > /tmp/pss/nginx-pod.yaml\n{BASELINE_POD}EOF")
    out = c.run("kubectl apply -f /tmp/pss/nginx-pod.yaml")
    assert out.text == RESTRICTED_WARNING.format(version="latest") + "pod/nginx created\n"
