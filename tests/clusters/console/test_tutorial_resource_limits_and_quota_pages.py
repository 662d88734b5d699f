"""kubernetes.io's namespace limits and quota tasks, typed unchanged, their manifests pasted.

- kubernetes/website content/en/docs/tasks/administer-cluster/manage-resources/
  memory-default-namespace.md, cpu-default-namespace.md, memory-constraint-namespace.md,
  cpu-constraint-namespace.md, quota-memory-cpu-namespace.md, quota-pod-namespace.md
- kubernetes/website content/en/docs/tasks/administer-cluster/quota-api-object.md

The pages apply their manifests by URL with ``--namespace=NS``; the console host is
offline, so a learner pastes each into ``cat <<EOF | kubectl apply -f - --namespace=NS``.
The manifests below are written here to describe the same objects. What the pages
show is asserted: the LimitRanger's defaults in ``-o yaml``, the LimitRange's own
defaults, the API server's Forbidden messages (plugin/pkg/admission/limitranger,
plugin/pkg/admission/resourcequota), and the quota's status.
"""
import itertools

import pytest

from clusters import Cluster


def apply(c, ns, manifest):
    return c.run(f"cat <<EOF | kubectl apply -f - --namespace={ns}\n{manifest}EOF").text


def pod(name, image="nginx", requests=None, limits=None, container=None):
    res = ""
    if limits or requests:
        res = "    resources:\n"
        for key, values in (("limits", limits), ("requests", requests)):
            if values:
                res += f"      {key}:\n" + "".join(f"        {k}: \"{v}\"\n" for k, v in values.items())
    return (f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  containers:\n"
            f"  - name: {container or name + '-ctr'}\n    image: {image}\n{res}")


def limit_range(name, **items):
    """A LimitRange with one Container item: limit_range("x", max={"cpu": "1"}, min=...)."""
    lines = []
    for i, (key, values) in enumerate(items.items()):
        lines.append(("  - " if i == 0 else "    ") + f"{key}:\n")
        lines.extend(f"      {r}: {v}\n" for r, v in values.items())
    return (f"apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: {name}\nspec:\n  limits:\n"
            + "".join(lines) + "    type: Container\n")


def resources_of(c, name, ns):
    """The container's resources block of ``kubectl get pod NAME --output=yaml``."""
    text = c.run(f"kubectl get pod {name} --output=yaml --namespace={ns}").text
    block = text.split("\n    resources:\n", 1)[1]
    lines = itertools.takewhile(lambda line: line.startswith("      "), block.splitlines())
    return "resources:\n" + "".join(line[4:] + "\n" for line in lines)


def test_it_gives_a_container_the_namespaces_default_memory_request_and_limit():
    c = Cluster(seed=3)
    ns = "default-mem-example"
    assert c.run(f"kubectl create namespace {ns}").text == f"namespace/{ns} created\n"
    lr = limit_range("mem-limit-range", default={"memory": "512Mi"}, defaultRequest={"memory": "256Mi"})
    assert apply(c, ns, lr) == "limitrange/mem-limit-range created\n"
    assert apply(c, ns, pod("default-mem-demo")) == "pod/default-mem-demo created\n"
    assert resources_of(c, "default-mem-demo", ns) == \
        "resources:\n  limits:\n    memory: 512Mi\n  requests:\n    memory: 256Mi\n"
    shown = c.run(f"kubectl get pod default-mem-demo --output=yaml --namespace={ns}").text
    assert "  - image: nginx\n    imagePullPolicy: Always\n    name: default-mem-demo-ctr\n" in shown
    # The plugin says what it set, and the QoS class is computed after it did.
    assert ("    kubernetes.io/limit-ranger: 'LimitRanger plugin set: memory request for container\n"
            "      default-mem-demo-ctr; memory limit for container default-mem-demo-ctr'\n") in shown
    assert "  qosClass: Burstable\n" in shown
    assert c.run(f"kubectl delete pod default-mem-demo --namespace={ns}").text == 'pod "default-mem-demo" deleted\n'
    # A limit but no request: the request is the limit, not the namespace's default.
    apply(c, ns, pod("default-mem-demo-2", limits={"memory": "1Gi"}))
    assert resources_of(c, "default-mem-demo-2", ns) == \
        "resources:\n  limits:\n    memory: 1Gi\n  requests:\n    memory: 1Gi\n"
    # A request but no limit: the limit is the namespace's default.
    apply(c, ns, pod("default-mem-demo-3", requests={"memory": "128Mi"}))
    assert resources_of(c, "default-mem-demo-3", ns) == \
        "resources:\n  limits:\n    memory: 512Mi\n  requests:\n    memory: 128Mi\n"
    assert c.run(f"kubectl describe limitrange mem-limit-range --namespace={ns}").text.splitlines()[-1].split() == \
        ["Container", "memory", "-", "-", "256Mi", "512Mi", "-"]
    assert c.run(f"kubectl delete namespace {ns}").text == f'namespace "{ns}" deleted\n'


def test_it_gives_a_container_the_namespaces_default_cpu_request_and_limit():
    c = Cluster(seed=3)
    ns = "default-cpu-example"
    c.run(f"kubectl create namespace {ns}")
    assert apply(c, ns, limit_range("cpu-limit-range", default={"cpu": 1}, defaultRequest={"cpu": 0.5})) == \
        "limitrange/cpu-limit-range created\n"
    apply(c, ns, pod("default-cpu-demo"))
    assert resources_of(c, "default-cpu-demo", ns) == \
        'resources:\n  limits:\n    cpu: "1"\n  requests:\n    cpu: 500m\n'
    apply(c, ns, pod("default-cpu-demo-2", limits={"cpu": "1"}))
    assert resources_of(c, "default-cpu-demo-2", ns) == \
        'resources:\n  limits:\n    cpu: "1"\n  requests:\n    cpu: "1"\n'
    apply(c, ns, pod("default-cpu-demo-3", requests={"cpu": "0.75"}))
    assert resources_of(c, "default-cpu-demo-3", ns) == \
        'resources:\n  limits:\n    cpu: "1"\n  requests:\n    cpu: 750m\n'


# (page, resource, short name, min, max, a pod within them (limit, request), the pages' pod over the
#  max (limit, request, limit as the server prints it), under the min (limit, request))
CONSTRAINT_PAGES = [
    ("memory-constraint-namespace.md", "memory", "mem", "500Mi", "1Gi", ("800Mi", "600Mi"),
     ("1.5Gi", "800Mi", "1536Mi"), ("800Mi", "100Mi")),
    ("cpu-constraint-namespace.md", "cpu", "cpu", "200m", "800m", ("800m", "500m"),
     ("1.5", "500m", "1500m"), ("800m", "100m")),
]


@pytest.mark.parametrize("page,res,short,lo,hi,fits,over,under", CONSTRAINT_PAGES, ids=[p[0] for p in CONSTRAINT_PAGES])
def test_it_enforces_a_namespaces_minimum_and_maximum_per_container(page, res, short, lo, hi, fits, over, under):
    c = Cluster(seed=3)
    ns, demo, lr = f"constraints-{short}-example", f"constraints-{short}-demo", f"{short}-min-max-demo-lr"
    c.run(f"kubectl create namespace {ns}")
    assert apply(c, ns, limit_range(lr, max={res: hi}, min={res: lo})) == f"limitrange/{lr} created\n"
    # Defaults the LimitRange was given although the manifest has none (SetDefaults_LimitRangeItem).
    shown = c.run(f"kubectl get limitrange {lr} --namespace={ns} --output=yaml").text
    assert shown.endswith(f"  limits:\n  - default:\n      {res}: {hi}\n    defaultRequest:\n      {res}: {hi}\n"
                          f"    max:\n      {res}: {hi}\n    min:\n      {res}: {lo}\n    type: Container\n")
    apply(c, ns, pod(demo, limits={res: fits[0]}, requests={res: fits[1]}))
    c.run("sim advance 30s")
    assert c.run(f"kubectl get pod {demo} --namespace={ns}").text.splitlines()[1].split()[:3] == [demo, "1/1", "Running"]
    assert resources_of(c, demo, ns) == f"resources:\n  limits:\n    {res}: {fits[0]}\n  requests:\n    {res}: {fits[1]}\n"
    c.run(f"kubectl delete pod {demo} --namespace={ns}")
    assert apply(c, ns, pod(f"{demo}-2", limits={res: over[0]}, requests={res: over[1]})) == (
        f'Error from server (Forbidden): error when creating "STDIN": pods "{demo}-2" is forbidden: '
        f"maximum {res} usage per Container is {hi}, but limit is {over[2]}\n")
    assert apply(c, ns, pod(f"{demo}-3", limits={res: under[0]}, requests={res: under[1]})) == (
        f'Error from server (Forbidden): error when creating "STDIN": pods "{demo}-3" is forbidden: '
        f"minimum {res} usage per Container is {lo}, but request is {under[1]}\n")
    # No request or limit: the LimitRange's defaults, which are its max.
    assert apply(c, ns, pod(f"{demo}-4")) == f"pod/{demo}-4 created\n"
    assert resources_of(c, f"{demo}-4", ns) == f"resources:\n  limits:\n    {res}: {hi}\n  requests:\n    {res}: {hi}\n"
    assert c.run(f"kubectl delete namespace {ns}").text == f'namespace "{ns}" deleted\n'


def test_it_limits_a_namespaces_total_memory_and_cpu_with_a_quota():
    c = Cluster(seed=3)
    ns = "quota-mem-cpu-example"
    c.run(f"kubectl create namespace {ns}")
    quota = ("apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: mem-cpu-demo\nspec:\n  hard:\n"
             "    requests.cpu: \"1\"\n    requests.memory: 1Gi\n    limits.cpu: \"2\"\n    limits.memory: 2Gi\n")
    assert apply(c, ns, quota) == "resourcequota/mem-cpu-demo created\n"
    # Every container must now say what it needs (pkg/quota/v1/evaluator/core/pods.go Constraints).
    assert apply(c, ns, pod("no-resources", image="nginx")) == (
        'Error from server (Forbidden): error when creating "STDIN": pods "no-resources" is forbidden: '
        "failed quota: mem-cpu-demo: must specify limits.cpu for: no-resources-ctr; limits.memory for: "
        "no-resources-ctr; requests.cpu for: no-resources-ctr; requests.memory for: no-resources-ctr\n")
    assert apply(c, ns, pod("quota-mem-cpu-demo", limits={"memory": "800Mi", "cpu": "800m"},
                            requests={"memory": "600Mi", "cpu": "400m"})) == "pod/quota-mem-cpu-demo created\n"
    c.run("sim advance 30s")
    assert c.run(f"kubectl get pod quota-mem-cpu-demo --namespace={ns}").text.splitlines()[1].split()[2] == "Running"
    shown = c.run(f"kubectl get resourcequota mem-cpu-demo --namespace={ns} --output=yaml").text
    assert shown.endswith('status:\n  hard:\n    limits.cpu: "2"\n    limits.memory: 2Gi\n    requests.cpu: "1"\n'
                          "    requests.memory: 1Gi\n  used:\n    limits.cpu: 800m\n    limits.memory: 800Mi\n"
                          "    requests.cpu: 400m\n    requests.memory: 600Mi\n")
    second = pod("quota-mem-cpu-demo-2", image="redis", limits={"memory": "1Gi", "cpu": "800m"},
                 requests={"memory": "700Mi", "cpu": "400m"})
    assert apply(c, ns, second) == (
        'Error from server (Forbidden): error when creating "STDIN": pods "quota-mem-cpu-demo-2" is forbidden: '
        "exceeded quota: mem-cpu-demo, requested: requests.memory=700Mi, used: requests.memory=600Mi, "
        "limited: requests.memory=1Gi\n")
    assert c.run(f"kubectl describe quota mem-cpu-demo --namespace={ns}").text.splitlines()[2:] == [
        "Resource         Used   Hard", "--------         ----   ----", "limits.cpu       800m   2",
        "limits.memory    800Mi  2Gi", "requests.cpu     400m   1", "requests.memory  600Mi  1Gi"]


def test_it_stops_a_deployment_at_the_namespaces_pod_quota():
    c = Cluster(seed=3)
    ns = "quota-pod-example"
    c.run(f"kubectl create namespace {ns}")
    apply(c, ns, "apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: pod-demo\nspec:\n  hard:\n    pods: \"2\"\n")
    shown = c.run(f"kubectl get resourcequota pod-demo --namespace={ns} --output=yaml").text
    assert shown.endswith('spec:\n  hard:\n    pods: "2"\nstatus:\n  hard:\n    pods: "2"\n  used:\n    pods: "0"\n')
    deployment = ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: pod-quota-demo\nspec:\n  selector:\n"
                  "    matchLabels:\n      purpose: quota-demo\n  replicas: 3\n  template:\n    metadata:\n"
                  "      labels:\n        purpose: quota-demo\n    spec:\n      containers:\n"
                  "      - name: pod-quota-demo\n        image: nginx\n")
    assert apply(c, ns, deployment) == "deployment.apps/pod-quota-demo created\n"
    c.run("sim advance 30s")
    shown = c.run(f"kubectl get deployment pod-quota-demo --namespace={ns} --output=yaml").text
    assert "\n  replicas: 3\n" in shown and "\n  availableReplicas: 2\n" in shown
    message = " ".join(shown.split("reason: FailedCreate")[0].rsplit("message:", 1)[1].split())
    assert message.startswith("'pods \"pod-quota-demo-")
    assert message.endswith("\" is forbidden: exceeded quota: pod-demo, requested: pods=1, used: pods=2, limited: pods=2'")
    assert c.run(f"kubectl delete namespace {ns}").text == f'namespace "{ns}" deleted\n'


def test_it_limits_claims_and_service_types_with_an_object_quota():
    c = Cluster(seed=3)
    ns = "quota-object-example"
    c.run(f"kubectl create namespace {ns}")
    quota = ("apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: object-quota-demo\nspec:\n  hard:\n"
             "    persistentvolumeclaims: \"1\"\n    services.loadbalancers: \"2\"\n    services.nodeports: \"0\"\n")
    assert apply(c, ns, quota) == "resourcequota/object-quota-demo created\n"
    shown = c.run(f"kubectl get resourcequota object-quota-demo --namespace={ns} --output=yaml").text
    assert shown.endswith('status:\n  hard:\n    persistentvolumeclaims: "1"\n    services.loadbalancers: "2"\n'
                          '    services.nodeports: "0"\n  used:\n    persistentvolumeclaims: "0"\n'
                          '    services.loadbalancers: "0"\n    services.nodeports: "0"\n')
    claim = ("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: {name}\nspec:\n"
             "  storageClassName: manual\n  accessModes:\n    - ReadWriteOnce\n  resources:\n"
             "    requests:\n      storage: {size}\n")
    assert apply(c, ns, claim.format(name="pvc-quota-demo", size="3Gi")) == \
        "persistentvolumeclaim/pvc-quota-demo created\n"
    rows = c.run(f"kubectl get persistentvolumeclaims --namespace={ns}").text.splitlines()
    assert rows[1].split()[:2] == ["pvc-quota-demo", "Pending"]
    assert apply(c, ns, claim.format(name="pvc-quota-demo-2", size="4Gi")) == (
        'Error from server (Forbidden): error when creating "STDIN": persistentvolumeclaims "pvc-quota-demo-2" is '
        "forbidden: exceeded quota: object-quota-demo, requested: persistentvolumeclaims=1, "
        "used: persistentvolumeclaims=1, limited: persistentvolumeclaims=1\n")
    # No NodePort Services, and a LoadBalancer uses node ports too (services.go serviceEvaluator.Usage).
    assert c.run(f"kubectl create service nodeport web --tcp=80 --namespace={ns}").text == (
        'error: failed to create NodePort service: services "web" is forbidden: exceeded quota: object-quota-demo, '
        "requested: services.nodeports=1, used: services.nodeports=0, limited: services.nodeports=0\n")
    assert c.run(f"kubectl create service clusterip web --tcp=80 --namespace={ns}").text == "service/web created\n"
    assert c.run(f"kubectl patch service web --namespace={ns} -p '{{\"spec\":{{\"type\":\"LoadBalancer\"}}}}'").text == (
        'Error from server (Forbidden): services "web" is forbidden: exceeded quota: object-quota-demo, '
        "requested: services.nodeports=1, used: services.nodeports=0, limited: services.nodeports=0\n")
