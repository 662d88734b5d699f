"""The ServiceAccount admission plugin as a learner meets it
(kubernetes/kubernetes:plugin/pkg/admission/serviceaccount/admission.go, 1.32)."""
from __future__ import annotations

import re

import pytest

from clusters import Cluster

MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount"


@pytest.fixture
def learner():
    c = Cluster(seed=7)
    yield c
    assert c.bugs == []


def apply(cluster, manifest: str):
    return cluster.run(f"kubectl apply -f - <<EOF\n{manifest}\nEOF")


def pod_yaml(name: str, extra_spec: str = "", containers: str = "  - name: app\n    image: nginx") -> str:
    return f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n{extra_spec}  containers:\n{containers}"


def test_every_pod_gets_the_kube_api_access_volume_token_volume_source_admission_go(learner):
    learner.run("kubectl run web --image=nginx")
    pod = learner.get("pods", "web", "default")
    (vol,) = pod["spec"]["volumes"]
    assert re.fullmatch(r"kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}", vol["name"])
    assert vol["projected"] == {
        "sources": [
            {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
            {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
            {"downwardAPI": {"items": [{"path": "namespace",
                                        "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}},
        ],
        "defaultMode": 420,
    }
    assert pod["spec"]["containers"][0]["volumeMounts"] == [
        {"name": vol["name"], "readOnly": True, "mountPath": MOUNT_PATH}]


def test_get_pod_yaml_shows_the_mount_and_projected_volume_as_the_api_server_writes_them(learner):
    learner.run("kubectl run web --image=nginx")
    name = learner.get("pods", "web", "default")["spec"]["volumes"][0]["name"]
    text = learner.run("kubectl get pod web -o yaml").text
    assert (f"    volumeMounts:\n    - mountPath: {MOUNT_PATH}\n      name: {name}\n      readOnly: true\n"
            "  dnsPolicy: ClusterFirst\n") in text
    assert (
        f"  volumes:\n  - name: {name}\n    projected:\n      defaultMode: 420\n      sources:\n"
        "      - serviceAccountToken:\n          expirationSeconds: 3607\n          path: token\n"
        "      - configMap:\n          items:\n          - key: ca.crt\n            path: ca.crt\n"
        "          name: kube-root-ca.crt\n"
        "      - downwardAPI:\n          items:\n          - fieldRef:\n              apiVersion: v1\n"
        "              fieldPath: metadata.namespace\n            path: namespace\nstatus:\n") in text


def test_describe_pod_prints_the_mount_and_print_projected_volume_source_describe_go(learner):
    learner.run("kubectl run web --image=nginx")
    name = learner.get("pods", "web", "default")["spec"]["volumes"][0]["name"]
    text = learner.run("kubectl describe pod web").text
    assert f"    Mounts:\n      {MOUNT_PATH} from {name} (ro)\nConditions:\n" in text
    assert (f"Volumes:\n  {name}:\n"
            "    Type:                    Projected (a volume that contains injected data from multiple sources)\n"
            "    TokenExpirationSeconds:  3607\n"
            "    ConfigMapName:           kube-root-ca.crt\n"
            "    ConfigMapOptional:       <nil>\n"
            "    DownwardAPI:             true\n"
            "QoS Class:                   BestEffort\n") in text


def test_init_containers_are_mounted_too_and_an_existing_mount_at_the_path_is_kept_admission_go(learner):
    out = apply(learner, pod_yaml("mixed", "  initContainers:\n  - name: setup\n    image: busybox\n"
                                  "    command: [\"true\"]\n"
                                  "  volumes:\n  - name: own\n    emptyDir: {}\n",
                                  "  - name: app\n    image: nginx\n"
                                  "  - name: sidecar\n    image: nginx\n    volumeMounts:\n"
                                  f"    - name: own\n      mountPath: {MOUNT_PATH}"))
    assert out.text == "pod/mixed created\n"
    spec = learner.get("pods", "mixed", "default")["spec"]
    token = spec["volumes"][1]["name"]
    assert [v["name"] for v in spec["volumes"]] == ["own", token]
    assert spec["initContainers"][0]["volumeMounts"] == [{"name": token, "readOnly": True, "mountPath": MOUNT_PATH}]
    assert spec["containers"][0]["volumeMounts"] == [{"name": token, "readOnly": True, "mountPath": MOUNT_PATH}]
    assert spec["containers"][1]["volumeMounts"] == [{"name": "own", "mountPath": MOUNT_PATH}]


def test_no_volume_when_every_container_already_mounts_the_path_admission_go(learner):
    apply(learner, pod_yaml("own", "  volumes:\n  - name: own\n    emptyDir: {}\n",
                            f"  - name: app\n    image: nginx\n    volumeMounts:\n    - name: own\n      mountPath: {MOUNT_PATH}"))
    assert [v["name"] for v in learner.get("pods", "own", "default")["spec"]["volumes"]] == ["own"]


def test_automount_false_on_the_pod_or_service_account_skips_the_volume_should_automount_admission_go(learner):
    learner.run("kubectl create serviceaccount quiet")
    learner.run("kubectl patch serviceaccount quiet -p '{\"automountServiceAccountToken\":false}'")
    apply(learner, pod_yaml("pod-says-no", "  automountServiceAccountToken: false\n"))
    apply(learner, pod_yaml("sa-says-no", "  serviceAccountName: quiet\n"))
    apply(learner, pod_yaml("pod-overrides-sa", "  serviceAccountName: quiet\n  automountServiceAccountToken: true\n"))
    for name in ("pod-says-no", "sa-says-no"):
        spec = learner.get("pods", name, "default")["spec"]
        assert "volumes" not in spec and "volumeMounts" not in spec["containers"][0]
        assert "    Mounts:         <none>\n" in learner.run(f"kubectl describe pod {name}").text
    assert learner.get("pods", "pod-overrides-sa", "default")["spec"]["volumes"][0]["name"].startswith("kube-api-access-")


def test_a_missing_service_account_refuses_the_pod_get_service_account_admission_go(learner):
    out = apply(learner, pod_yaml("robot", "  serviceAccountName: robot\n"))
    assert out.text == ('Error from server (Forbidden): error when creating "STDIN": pods "robot" is forbidden: '
                        'error looking up service account default/robot: serviceaccount "robot" not found\n')
    assert learner.run("kubectl run r --image=nginx --overrides='{\"spec\":{\"serviceAccountName\":\"robot\"}}'").text == (
        'Error from server (Forbidden): pods "r" is forbidden: '
        'error looking up service account default/robot: serviceaccount "robot" not found\n')


def test_a_deployment_naming_a_missing_service_account_reports_the_generate_name_new_forbidden(learner):
    # admission.NewForbidden names the object by its generateName: names are made after admission.
    learner.run("kubectl create deployment d --image=nginx")
    learner.run("kubectl patch deployment d -p '{\"spec\":{\"template\":{\"spec\":{\"serviceAccountName\":\"robot\"}}}}'")
    learner.advance(5)
    text = learner.run("kubectl get events --field-selector reason=FailedCreate -o jsonpath='{.items[0].message}'").text
    assert re.fullmatch(r'Error creating: pods "d-[a-z0-9]+-" is forbidden: error looking up service account '
                        r'default/robot: serviceaccount "robot" not found', text)


def test_a_pod_sent_with_its_new_namespace_is_admitted_default_service_account_retries(learner):
    out = apply(learner, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n---\n"
                + pod_yaml("p").replace("  name: p\n", "  name: p\n  namespace: team\n"))
    assert out.text == "namespace/team created\npod/p created\n"
    learner.advance(10)
    assert learner.get("pods", "p", "team")["status"]["phase"] == "Running"


def test_a_missing_namespace_is_reported_before_the_service_account_namespace_lifecycle(learner):
    assert learner.run("kubectl run web --image=nginx -n nope").text == (
        'Error from server (NotFound): namespaces "nope" not found\n')


def test_image_pull_secrets_come_from_the_service_account_admission_go(learner):
    learner.run("kubectl create serviceaccount puller")
    learner.run("kubectl patch serviceaccount puller -p '{\"imagePullSecrets\":[{\"name\":\"regcred\"}]}'")
    apply(learner, pod_yaml("p", "  serviceAccountName: puller\n"))
    assert learner.get("pods", "p", "default")["spec"]["imagePullSecrets"] == [{"name": "regcred"}]


def test_static_control_plane_pods_are_left_alone_mirror_pods_admission_go(learner):
    spec = learner.get("pods", "kube-apiserver-control-plane", "kube-system")["spec"]
    assert "serviceAccountName" not in spec
    # Only kubeadm's hostPath volumes: no token volume was added.
    assert all("hostPath" in v for v in spec["volumes"])


def test_pods_share_one_projected_source_while_each_has_its_own_volume_name(learner):
    learner.run("kubectl create deployment d --image=nginx --replicas=3")
    learner.advance(5)
    vols = [p["spec"]["volumes"][0] for p in learner.list("pods", "default")]
    assert len({v["name"] for v in vols}) == 3
    assert all(v["projected"] is vols[0]["projected"] for v in vols)
