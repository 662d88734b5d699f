"""Configure a Security Context for a Pod or Container, typed unchanged, its manifest pasted.

kubernetes/website content/en/docs/tasks/configure-pod-container/security-context.md: ``id`` in the
busybox container shows runAsUser, runAsGroup, and fsGroup and supplementalGroups as supplementary
groups (kuberuntime security_context.go determineEffectiveSecurityContext; the kernel keeps them
sorted). Only ``id`` and ``whoami`` follow the security context so far: ``ps``, the fsGroup's
ownership in ``ls -l``, runAsNonRoot's refusal and readOnlyRootFilesystem are not modelled.
The manifest is written here to describe the page's pod.
"""
from __future__ import annotations

from clusters import Cluster

SECURITY_CONTEXT_DEMO = """apiVersion: v1
kind: Pod
metadata:
  name: security-context-demo
spec:
  securityContext:
    runAsUser: 1000
    runAsGroup: 3000
    fsGroup: 2000
  volumes:
  - name: sec-ctx-vol
    emptyDir: {}
  containers:
  - name: sec-ctx-demo
    image: busybox:1.28
    command: ["sh", "-c", "sleep 3600"]  # the page sleeps 1h; suffixes are a colleague's in-flight shell change
    volumeMounts:
    - name: sec-ctx-vol
      mountPath: /data/demo
    securityContext:
      allowPrivilegeEscalation: false
"""


def _started(c: Cluster, manifest: str) -> None:
    c.run(f"cat <<EOF | kubectl apply -f -\n{manifest}EOF")
    c.run("sim advance 30s")


def test_id_in_the_shell_shows_run_as_user_group_and_fs_group():
    c = Cluster(seed=3)
    _started(c, SECURITY_CONTEXT_DEMO)
    assert c.run("kubectl get pod security-context-demo").text.splitlines()[1].split()[:3] == \
        ["security-context-demo", "1/1", "Running"]
    out = c.run("kubectl exec -it security-context-demo -- sh")
    assert out.prompt is not None  # [gap] busybox would show "/ $ " for a non-root uid; the prompt keeps "#"
    assert c.run("id").text == "uid=1000 gid=3000 groups=2000,3000\n"
    out = c.run("whoami")
    assert (out.text, out.exit_code) == ("whoami: unknown uid 1000\n", 1)
    assert c.run("exit").prompt is None


def test_supplemental_groups_join_the_fs_group_in_numeric_order():
    c = Cluster(seed=3)
    _started(c, SECURITY_CONTEXT_DEMO.replace("    fsGroup: 2000\n", "    fsGroup: 2000\n    supplementalGroups: [4000]\n"))
    assert c.run("kubectl exec security-context-demo -- id").text == "uid=1000 gid=3000 groups=2000,3000,4000\n"


def test_without_run_as_group_the_gid_stays_root():
    c = Cluster(seed=3)
    _started(c, SECURITY_CONTEXT_DEMO.replace("    runAsGroup: 3000\n", ""))
    assert c.run("kubectl exec security-context-demo -- id").text == "uid=1000 gid=0(root) groups=0(root),2000\n"
    assert c.run("kubectl run root --image=busybox -- sleep 3600").exit_code == 0
    c.run("sim advance 20s")
    assert c.run("kubectl exec root -- id").text == "uid=0(root) gid=0(root) groups=0(root),10(wheel)\n"
