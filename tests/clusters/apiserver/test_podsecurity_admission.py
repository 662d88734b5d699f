"""The PodSecurity admission plugin as a learner meets it through kubectl
(kubernetes/kubernetes plugin/pkg/admission/security/podsecurity/admission.go over
k8s.io/pod-security-admission admission/admission.go, v0.32)."""
from __future__ import annotations

import pytest

from clusters import Cluster
from clusters.apiserver import podsecurity
from clusters.apiserver.podsecurity import levels

RESTRICTED_NGINX = (
    'would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "nginx" must set '
    'securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "nginx" must set '
    'securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "nginx" must set '
    'securityContext.runAsNonRoot=true), seccompProfile (pod or container "nginx" must set '
    'securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")')


@pytest.fixture
def learner():
    c = Cluster(seed=5)
    c.run("kubectl create ns example")
    yield c
    assert c.bugs == []


def label(c, *pairs: str):
    return c.run("kubectl label --overwrite ns example " + " ".join(f"pod-security.kubernetes.io/{p}" for p in pairs))


def test_a_namespace_without_labels_admits_anything_as_privileged_defaults_go(learner):
    out = learner.run("kubectl run nginx --image=nginx -n example --overrides='{\"spec\":{\"hostPID\":true}}'")
    assert out.text == "pod/nginx created\n"


def test_warn_mode_warns_and_creates_the_pod_admission_go(learner):
    label(learner, "warn=restricted")
    out = learner.run("kubectl run nginx --image=nginx -n example")
    assert out.text == f"Warning: {RESTRICTED_NGINX}\npod/nginx created\n"
    assert out.exit_code == 0


def test_enforce_mode_refuses_the_pod_with_every_failed_check_admission_go(learner):
    label(learner, "enforce=baseline")
    out = learner.run("kubectl run nginx --image=nginx -n example "
                      "--overrides='{\"spec\":{\"hostNetwork\":true,\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx\","
                      "\"securityContext\":{\"privileged\":true}}]}}'")
    assert out.text == ('Error from server (Forbidden): pods "nginx" is forbidden: violates PodSecurity '
                        '"baseline:latest": host namespaces (hostNetwork=true), privileged (container "nginx" must '
                        'not set securityContext.privileged=true)\n')
    assert out.exit_code == 1
    assert learner.run("kubectl get pods -n example").text == "No resources found in example namespace.\n"


def test_a_refused_pod_gets_no_warning_beside_its_error_admission_go(learner):
    label(learner, "enforce=baseline", "warn=restricted")
    out = learner.run("kubectl run nginx --image=nginx -n example --overrides='{\"spec\":{\"hostIPC\":true}}'")
    assert "Warning" not in out.text
    assert 'violates PodSecurity "baseline:latest": host namespaces (hostIPC=true)' in out.text


def test_warn_follows_a_stricter_enforce_when_not_labelled_helpers_go(learner):
    label(learner, "enforce=restricted", "enforce-version=v1.31")
    out = learner.run("kubectl create deployment nginx --image=nginx -n example")
    assert out.text == f"Warning: {RESTRICTED_NGINX.replace('restricted:latest', 'restricted:v1.31')}\n" \
                       "deployment.apps/nginx created\n"


def test_workloads_get_warnings_for_their_template_but_are_never_refused_admission_go(learner):
    label(learner, "enforce=restricted", "warn=restricted")
    out = learner.run("kubectl create deployment nginx --image=nginx -n example")
    assert out.text == f"Warning: {RESTRICTED_NGINX}\ndeployment.apps/nginx created\n"
    learner.run("sim advance 10s")
    # The ReplicaSet's pods are enforced when its controller creates them.
    events = learner.run("kubectl get events -n example --field-selector reason=FailedCreate -o name").text
    assert events
    rs = learner.run("kubectl describe rs -n example").text
    assert 'is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false' in rs


def test_scaling_a_workload_is_a_subresource_and_is_not_checked_admission_go(learner):
    learner.run("kubectl create deployment nginx --image=nginx -n example")
    label(learner, "warn=baseline")
    learner.run("kubectl patch deployment nginx -n example -p "
                "'{\"spec\":{\"template\":{\"spec\":{\"hostNetwork\":true}}}}'")
    assert learner.run("kubectl scale deployment nginx -n example --replicas=2").text == \
        "deployment.apps/nginx scaled\n"
    out = learner.run("kubectl label deployment nginx -n example tier=web")
    assert out.text == ('Warning: would violate PodSecurity "baseline:latest": host namespaces (hostNetwork=true)\n'
                        "deployment.apps/nginx labeled\n")


def test_the_same_warning_is_printed_once_per_command_warnings_go(learner):
    label(learner, "warn=baseline")
    manifest = "".join(
        f"---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p{i}\nspec:\n  hostPID: true\n"
        f"  containers:\n  - name: c\n    image: nginx\n" for i in range(2))
    out = learner.run(f"kubectl apply -n example -f - <<EOF\n{manifest}EOF")
    assert out.text == ('Warning: would violate PodSecurity "baseline:latest": host namespaces (hostPID=true)\n'
                        "pod/p0 created\npod/p1 created\n")


def test_invalid_labels_are_refused_with_upstreams_field_errors_helpers_go(learner):
    out = label(learner, "enforce=strict")
    assert out.text == ('The Namespace "example" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: '
                        'Invalid value: "strict": must be one of privileged, baseline, restricted\n')
    out = label(learner, "warn-version=1.32", "audit=none")
    assert out.text == ('The Namespace "example" is invalid: \n'
                        '* metadata.labels[pod-security.kubernetes.io/audit]: Invalid value: "none": must be one of '
                        'privileged, baseline, restricted\n'
                        '* metadata.labels[pod-security.kubernetes.io/warn-version]: Invalid value: "1.32": must be '
                        '"latest" or "v1.x"\n')
    manifest = ("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: bad\n  labels:\n"
                "    pod-security.kubernetes.io/enforce-version: latest1\n")
    out = learner.run(f"kubectl apply -f - <<EOF\n{manifest}EOF")
    assert out.text == ('The Namespace "bad" is invalid: metadata.labels[pod-security.kubernetes.io/enforce-version]: '
                        'Invalid value: "latest1": must be "latest" or "v1.x"\n')


def test_tightening_enforce_warns_about_existing_pods_grouped_by_reasons_admission_go(learner):
    for name in ("b-host", "a-host"):
        learner.run(f"kubectl run {name} --image=nginx -n example --overrides='{{\"spec\":{{\"hostNetwork\":true}}}}'")
    learner.run("kubectl run plain --image=nginx -n example")
    out = label(learner, "enforce=baseline")
    assert out.text == ('Warning: existing pods in namespace "example" violate the new PodSecurity enforce level '
                        '"baseline:latest"\n'
                        "Warning: a-host (and 1 other pod): host namespaces\n"
                        "namespace/example labeled\n")
    # Relaxing, or keeping the level, checks nothing.
    assert label(learner, "enforce=privileged").text == "namespace/example labeled\n"
    out = label(learner, "enforce=restricted")
    assert out.text.splitlines()[1:3] == [
        "Warning: a-host (and 1 other pod): host namespaces, allowPrivilegeEscalation != false, unrestricted "
        "capabilities, runAsNonRoot != true, seccompProfile",
        "Warning: plain: allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, "
        "seccompProfile"]


def test_status_writes_to_a_violating_pod_are_not_checked_admission_go(learner):
    learner.run("kubectl run web --image=nginx -n example --overrides='{\"spec\":{\"hostNetwork\":true}}'")
    label(learner, "enforce=baseline")
    learner.run("sim advance 30s")
    assert learner.run("kubectl get pod web -n example").text.splitlines()[1].split()[2] == "Running"
    # Changing its image is a significant update, and is refused.
    out = learner.run("kubectl set image pod/web web=nginx:1.27 -n example")
    assert 'pods "web" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true)' in out.text


def test_an_exempt_namespace_says_its_labels_are_ignored_admission_go():
    c = Cluster(seed=5)
    plugin = next(p for p in c.api.admission if p.name == "PodSecurity")
    plugin.config = podsecurity.Configuration(exempt_namespaces=("kube-system",))
    out = c.run("kubectl label ns kube-system pod-security.kubernetes.io/enforce=baseline "
                "pod-security.kubernetes.io/warn=restricted")
    assert out.text == ('Warning: namespace "kube-system" is exempt from Pod Security, and the policy '
                        '(enforce=baseline:latest, warn=restricted:latest) will be ignored\n'
                        "namespace/kube-system labeled\n")
    out = c.run("kubectl run x --image=nginx -n kube-system --overrides='{\"spec\":{\"hostPID\":true}}'")
    assert out.text == "pod/x created\n"


def test_policy_labels_parse_as_upstream_reads_them_helpers_go():
    policy, errs = levels.policy_to_evaluate({"pod-security.kubernetes.io/enforce": "baseline",
                                              "pod-security.kubernetes.io/audit": "nope"})
    assert (str(policy.enforce), str(policy.audit), str(policy.warn)) == \
        ("baseline:latest", "privileged:latest", "baseline:latest")
    assert [str(e) for e in errs] == [
        'metadata.labels[pod-security.kubernetes.io/audit]: Invalid value: "nope": must be one of privileged, '
        'baseline, restricted']
    assert levels.parse_version("v1.0") == (levels.Version(0), None)
    assert levels.parse_version("v1.01")[1] == 'must be "latest" or "v1.x"'


def test_warnings_as_errors_fails_a_command_that_got_a_warning_cmd_go(learner):
    label(learner, "warn=baseline")
    out = learner.run("kubectl run x --image=nginx -n example --warnings-as-errors "
                      "--overrides='{\"spec\":{\"hostPID\":true}}'")
    assert out.text == ('Warning: would violate PodSecurity "baseline:latest": host namespaces (hostPID=true)\n'
                        "pod/x created\nerror: 1 warning received\n")
    assert out.exit_code == 1
    out = learner.run("kubectl run y --image=nginx -n example --warnings-as-errors")
    assert (out.text, out.exit_code) == ("pod/y created\n", 0)
