"""A fixed corpus of over 2,000 broken command lines and manifests (issue 4, "Bad input").

Every line is a valid command cut short at every length, a malformed or
hostile manifest fed through a heredoc, a huge or binary line, or a
hand-written trap. Each must come back as a kubectl-, etcdctl-, sim- or
bash-style answer, never a traceback, and afterwards the cluster must still
be consistent: its journal replays to the same state, and every object that
names a namespace names one that exists.
"""
from __future__ import annotations

import random

from clusters import Cluster, ClusterSpec

VALID = [
    "kubectl create deployment web --image=nginx --replicas=3",
    "kubectl scale deployment web --replicas=5",
    "kubectl set image deployment/web nginx=nginx:1.27",
    "kubectl rollout status deployment/web --timeout=30s",
    "kubectl expose deployment web --port=80 --target-port=8080",
    "kubectl get pods -o jsonpath='{.items[*].metadata.name}'",
    "kubectl get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName",
    "kubectl label pod --all tier=front --overwrite",
    "kubectl patch deployment web -p '{\"spec\":{\"replicas\":2}}'",
    "kubectl taint nodes node-1 dedicated=gpu:NoSchedule",
    "kubectl drain node-2 --ignore-daemonsets --delete-emptydir-data --force",
    "kubectl run box --image=busybox --restart=Never -- sh -c 'echo hi; sleep 5'",
    "kubectl logs deployment/web --tail=5",
    "kubectl exec deploy/web -- cat /etc/hostname",
    "kubectl create configmap cfg --from-literal=a=1 --from-literal=b=2",
    "kubectl get events -A --sort-by=.lastTimestamp | tail -3",
    "etcdctl get /registry/pods --prefix --keys-only --limit=3",
    "sim advance 90s",
    "sim node fail node-3",
    "kubectl delete namespace dev --wait=false",
    "export NS=kube-system && kubectl get pods -n $NS | grep -c Running",
    "kubectl get pods -o json | jq -r '.items[] | select(.status.phase==\"Running\") | \"\\(.metadata.name) \\(.status.podIP)\"'",
]

MANIFESTS = [
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: m1\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: m1}\n  template:\n    metadata:\n      labels: {app: m1}\n    spec:\n      containers:\n      - name: c\n        image: nginx\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p1\nspec:\n  containers:\n  - name: c\n    image: busybox\n    command: [sleep, '3600']\n    resources: {requests: {cpu: 100m, memory: 64Mi}}\n",
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: s1\nspec:\n  selector: {app: m1}\n  ports:\n  - port: 80\n",
]

HOSTILE_MANIFESTS = [
    "apiVersion: v1\nkind: Pod\nmetadata: [1, 2]\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: UPPER_case\nspec: {containers: [{name: c, image: nginx}]}\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers: \"not a list\"\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: c\n    image: nginx\n    resources: {requests: {cpu: lots}}\n",
    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: -3\n  selector: {matchLabels: {a: b}}\n  template: {metadata: {labels: {a: c}}, spec: {containers: [{name: c, image: nginx}]}}\n",
    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: \"three\"\n",
    "apiVersion: v9\nkind: Unicorn\nmetadata: {name: u}\n",
    "kind: Pod\n",
    "apiVersion: v1\n",
    "- just\n- a\n- list\n",
    "a: &a [*a, *a]\n",
    "a: !!python/object/apply:os.system ['echo pwned']\n",
    "{{{{",
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  k: \"" + "x" * 2_000_000 + "\"\n",
    "apiVersion: v1\nkind: Namespace\nmetadata: {name: kube-system}\n---\n---\napiVersion: v1\nkind: Pod\n",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: does-not-exist\nspec: {containers: [{name: c, image: nginx}]}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {\"bad key!\": v}}\nspec: {containers: [{name: c, image: nginx}]}\n",
    "\t\tkind:\tPod",
    "\x00\x01\x02",
]

TRAPS = [
    "", " ", ";", "&&", "||", "|", "| kubectl get pods", "kubectl get pods |", "$(", "$(kubectl", "`kubectl get pods",
    "kubectl get pods > /etc/passwd", "cat /etc/shadow", "rm -rf /", ":(){ :|:& };:", "kubectl get " + "pods," * 500,
    "echo " + "A" * 100_000, "kubectl get pods -o jsonpath='{range .items[*]}{range .spec.containers[*]}'",
    "kubectl get pods -o go-template='{{range .items}}{{.nope.nope}}{{end}}'", "kubectl --namespace", "kubectl -n",
    "kubectl get pods --selector='a in ('", "kubectl get pods --field-selector=status.phase==", "sim advance 99999999h",
    "sim advance -5m", "sim speed -1", "sim node fail", "sim node fail nosuchnode", "etcdctl get", "etcdctl get --rev=-1 /",
    "etcdctl watch / --prefix --rev=999999999", "kubectl scale deploy web --replicas=999999999",
    "kubectl wait --for=condition=Ready pod --all --timeout=99999h", "cat <<EOF", "cat <<EOF\nunterminated",
    "for i in $(seq 1 100000); do echo $i; done | wc -l", "x=$((2**64)); echo $x", "echo $((1/0))",
    "kubectl get pods -o yaml | sed -e 's/a/b/' -e", "awk '{print $1' < /dev/null", "kubectl explain pods.spec.nope.nope",
    "kubectl\x00get pods", "kubectl get pods\x1b[31m", "kubectl get pöds", "kubectl apply -f http://example.com/x.yaml",
    "kubectl apply -f /nonexistent.yaml", "kubectl delete pods --all --grace-period=-7 --force",
    "jq -n '[range(1e9)]'", "jq -n 'repeat(1)'", "jq -n 'def f: f; f'", "jq -n '\"x\" * 1e9'", "jq '.[' /dev/null",
    "echo '" + "[" * 5000 + "' | jq .", "jq -n '" + "(" * 5000 + "'", "jq -n 'input'", "jq --indent 99 .",
    "kubectl get pods -o json | jq '[paths] | reduce range(1e9) as $i (.; . + [$i])'",
    "jq -n 'reduce range(40) as $i (\"x\"; . + .)'", "jq -n '[range(10)] | .[1e9] = 1'",
]


def _truncations(line: str) -> list[str]:
    return [line[:i] for i in range(1, len(line))]


def corpus() -> list[str]:
    rng = random.Random(20261123)
    lines: list[str] = []
    for line in VALID:
        lines.extend(_truncations(line))
    for doc in MANIFESTS:
        for cut in sorted({len(doc) * k // 12 for k in range(1, 12)}):
            lines.append(f"cat <<EOF | kubectl apply -f -\n{doc[:cut]}\nEOF")
    for doc in HOSTILE_MANIFESTS:
        lines.append(f"cat <<EOF | kubectl apply -f -\n{doc}\nEOF")
        lines.append(f"cat <<EOF | kubectl create -f -\n{doc}\nEOF")
    lines.extend(TRAPS)
    alphabet = "kubectl get pods -o yaml |&;$()'\"`\\{}[]<>*?!#~=,.:/\n\t\x00é"
    for _ in range(900):
        lines.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60))))
    return lines


def test_the_corpus_holds_over_2000_lines():
    assert len(corpus()) >= 2000


def test_every_hostile_line_gets_an_answer_and_the_cluster_stays_consistent():
    c = Cluster(ClusterSpec(nodes=3), seed=5)
    for line in corpus():
        out = c.run(line)
        assert isinstance(out.text, str) and isinstance(out.exit_code, int), line
        assert "Traceback (most recent call last)" not in out.text, line
    assert c.bugs == [], c.bugs[:5]
    namespaces = {n["metadata"]["name"] for n in c.list("namespaces")}
    for kv in c.store.range("/registry/"):
        ns = (kv.value.get("metadata") or {}).get("namespace")
        assert ns is None or ns in namespaces, kv.key
    assert Cluster.replay(c.spec, c.seed, c.journal).state_digest() == c.state_digest()
