"""kubernetes.io tasks/administer-cluster/sysctl-cluster.md typed unchanged.

The page's pod sets one safe sysctl and two unsafe ones in its securityContext. The API server takes it
(validation.go validateSysctls checks names, not safety); the kubelet's allowlist (pkg/kubelet/sysctl
allowlist.go, safe_sysctls.go) refuses it at admission and kubelet.go rejectPod fails it: status Failed,
reason SysctlForbidden, "Pod was rejected: forbidden sysctl: ..." and a Warning event. A pod with safe
sysctls only runs and reads its values in /proc/sys. PodSecurity baseline forbids the unsafe ones up front.
"""
from clusters import Cluster

SYSCTL_EXAMPLE = """apiVersion: v1
kind: Pod
metadata:
  name: sysctl-example
spec:
  securityContext:
    sysctls:
    - name: kernel.shm_rmid_forced
      value: "0"
    - name: net.core.somaxconn
      value: "1024"
    - name: kernel.msgmax
      value: "65536"
  containers:
  - name: busybox
    image: busybox:1.28
    command: ["sleep", "3600"]
"""

SAFE_ONLY = SYSCTL_EXAMPLE.replace('''    - name: net.core.somaxconn
      value: "1024"
    - name: kernel.msgmax
      value: "65536"
''', '''    - name: net.ipv4.ip_local_port_range
      value: "1024 65535"
''').replace("name: sysctl-example", "name: sysctl-safe")

REFUSAL = 'forbidden sysctl: "net.core.somaxconn" not allowlisted'


def _apply(c, manifest):
    return c.run(f"cat <<EOF | kubectl apply -f -\n{manifest}EOF")


def test_the_unsafe_sysctls_pod_is_scheduled_but_the_kubelet_rejects_it_allowlist_go():
    c = Cluster(seed=3)
    assert _apply(c, SYSCTL_EXAMPLE).text == "pod/sysctl-example created\n"
    c.run("sim advance 10s")
    row = c.run("kubectl get pod sysctl-example -o wide").text.splitlines()[1].split()
    assert row[:5] == ["sysctl-example", "0/1", "SysctlForbidden", "0", "10s"]
    assert row[5] == "<none>"  # no sandbox, no IP
    assert c.run("kubectl get pod sysctl-example -o jsonpath='{.status.phase} {.status.reason}|{.status.message}'").text == \
        f"Failed SysctlForbidden|Pod was rejected: {REFUSAL}"
    described = c.run("kubectl describe pod sysctl-example").text
    assert "\nStatus:           Failed\n" in described
    assert "\nReason:           SysctlForbidden\n" in described
    assert f"\nMessage:          Pod was rejected: {REFUSAL}\n" in described
    assert f"  Warning  SysctlForbidden  10s   kubelet            {REFUSAL}\n" in described
    events = c.run("kubectl get events --field-selector reason=SysctlForbidden").text
    assert f"Warning   SysctlForbidden   pod/sysctl-example   {REFUSAL}\n" in events
    c.run("sim advance 60s")  # a rejected pod stays as it is: nothing restarts it
    assert "SysctlForbidden" in c.run("kubectl get pod sysctl-example").text
    assert c.run("kubectl delete pod sysctl-example").text == 'pod "sysctl-example" deleted\n'
    assert c.run("kubectl get pods").text == "No resources found in default namespace.\n"


def test_a_pod_with_safe_sysctls_runs_and_reads_its_values():
    c = Cluster(seed=3)
    assert _apply(c, SAFE_ONLY).text == "pod/sysctl-safe created\n"
    c.run("sim advance 20s")
    assert c.run("kubectl get pod sysctl-safe").text.splitlines()[1].split()[:3] == ["sysctl-safe", "1/1", "Running"]
    assert c.run("kubectl exec sysctl-safe -- sysctl kernel.shm_rmid_forced").text == "kernel.shm_rmid_forced = 0\n"
    assert c.run("kubectl exec sysctl-safe -- cat /proc/sys/net/ipv4/ip_local_port_range").text == "1024\t65535\n"
    assert c.run("kubectl exec sysctl-safe -- cat /proc/sys/net/core/somaxconn").text == "4096\n"  # not set: the kernel's
    out = c.run("kubectl exec sysctl-safe -- sysctl -w net.core.somaxconn=1024")
    assert out.text == ("sysctl: error setting key 'net.core.somaxconn': Read-only file system\n"
                        "command terminated with exit code 1\n")
    assert c.run("kubectl exec sysctl-safe -- sysctl no.such.key").text == \
        "sysctl: error: 'no.such.key' is an unknown key\ncommand terminated with exit code 1\n"


def test_sysctl_names_are_validated_by_the_api_server_validation_go():
    c = Cluster(seed=3)
    bad = SYSCTL_EXAMPLE.replace("name: kernel.msgmax", "name: Kernel.MsgMax").replace(
        "name: net.core.somaxconn", "name: kernel.shm_rmid_forced")
    out = _apply(c, bad)
    assert out.exit_code == 1
    assert out.text == (
        'The Pod "sysctl-example" is invalid: \n'
        '* spec.securityContext.sysctls[1].name: Duplicate value: "kernel.shm_rmid_forced"\n'
        '* spec.securityContext.sysctls[2].name: Invalid value: "Kernel.MsgMax": must have at most 253 characters '
        'and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$\n')
    host = SAFE_ONLY.replace("  securityContext:\n", "  hostNetwork: true\n  securityContext:\n")
    out = _apply(c, host)
    assert out.text == ('The Pod "sysctl-safe" is invalid: spec.securityContext.sysctls[1].name: Invalid value: '
                        '"net.ipv4.ip_local_port_range": may not be specified when \'hostNetwork\' is true\n')


def test_pod_security_baseline_forbids_the_unsafe_sysctls_check_sysctls_go():
    c = Cluster(seed=3)
    c.run("kubectl label namespace default pod-security.kubernetes.io/enforce=baseline")
    out = _apply(c, SYSCTL_EXAMPLE)
    assert out.text == ('Error from server (Forbidden): error when creating "STDIN": pods "sysctl-example" is forbidden: '
                        'violates PodSecurity "baseline:latest": forbidden sysctls (net.core.somaxconn, kernel.msgmax)\n')
    assert _apply(c, SAFE_ONLY).text == "pod/sysctl-safe created\n"
