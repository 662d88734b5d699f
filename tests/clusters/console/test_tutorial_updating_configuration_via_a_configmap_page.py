"""kubernetes.io's "Updating Configuration via a ConfigMap" typed as the page has it, section by section.

- kubernetes/website content/en/docs/tutorials/configuration/updating-configuration-via-a-configmap.md
The manifests are written here to describe the page's objects (alpine loops that print or write a
ConfigMap's value every 10 s, nginx serving what the helper wrote). Two things are typed differently:
``kubectl edit`` is the web console's editor (it saves the object's YAML with the change, then
``kubectl apply -f`` runs on it, so the console prints "configured" where kubectl prints "edited"),
and the page's ``while true; do curl ...; sleep 10; done`` on the console host is typed one pass at
a time (the console's own shell has no loops). Names, times and IPs differ from the page.
"""
from __future__ import annotations

import re

from clusters import Cluster
from tests.clusters.console.editing import edit


def deployment(name: str, pod_spec: str) -> str:
    return f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  labels:
    app.kubernetes.io/name: {name}
spec:
  replicas: 3
  selector:
    matchLabels:
      app.kubernetes.io/name: {name}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: {name}
    spec:
{pod_spec}"""


def alpine_loop(script: str) -> str:
    return f"""        image: alpine:3
        command: ["/bin/sh", "-c", "while true; do {script}; sleep 10; done;"]
"""


VOLUME = deployment("configmap-volume", """      containers:
      - name: alpine
""" + alpine_loop('echo \\"$(date) My preferred sport is $(cat /etc/config/sport)\\"') + """        ports:
        - containerPort: 80
        volumeMounts:
        - name: config-volume
          mountPath: /etc/config
      volumes:
      - name: config-volume
        configMap:
          name: sport
""")

ENV_VAR = deployment("configmap-env-var", """      containers:
      - name: alpine
""" + alpine_loop('echo \\"$(date) The basket is full of $FRUITS\\"') + """        env:
        - name: FRUITS
          valueFrom:
            configMapKeyRef:
              key: fruits
              name: fruits
        ports:
        - containerPort: 80
""")

WRITER = alpine_loop('echo \\"$(date) My preferred color is $(cat /etc/config/color)\\" > /pod-data/index.html') + \
    """        volumeMounts:
        - name: shared-data
          mountPath: /pod-data
        - name: config-volume
          mountPath: /etc/config
"""
SHARED = """      volumes:
      - name: shared-data
        emptyDir: {}
      - name: config-volume
        configMap:
          name: color
      containers:
      - name: nginx
        image: nginx
        volumeMounts:
        - name: shared-data
          mountPath: /usr/share/nginx/html
"""
TWO_CONTAINERS = deployment("configmap-two-containers", SHARED + "      - name: alpine\n" + WRITER)
SIDECAR = deployment("configmap-sidecar-container", SHARED + """      initContainers:
      - name: alpine
        restartPolicy: Always
""" + WRITER)

IMMUTABLE = """apiVersion: v1
kind: ConfigMap
metadata:
  name: {name}
immutable: true
data:
  company_name: "{company}"
"""
IMMUTABLE_VOLUME = deployment("immutable-configmap-volume", """      containers:
      - name: alpine
""" + alpine_loop('echo \\"$(date) The name of the company is $(cat /etc/config/company_name)\\"') + """        ports:
        - containerPort: 80
        volumeMounts:
        - name: config-volume
          mountPath: /etc/config
      volumes:
      - name: config-volume
        configMap:
          name: company-name-20150801
""")

DATE = r"\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d UTC \d{4}"


def apply(c, manifest: str) -> str:
    return c.run(f"cat <<'EOF' | kubectl apply -f -\n{manifest}EOF").text


def running(c, selector: str, ready: str = "1/1") -> list[str]:
    rows = c.run(f"kubectl get pods --selector=app.kubernetes.io/name={selector}").text.splitlines()
    assert rows[0].split() == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    assert [r.split()[1:4] for r in rows[1:]] == [[ready, "Running", "0"]] * 3
    return [r.split()[0] for r in rows[1:]]


def test_a_config_map_mounted_as_a_volume_reaches_the_running_pods_after_the_kubelets_sync():
    c = Cluster(seed=3)
    assert c.run("kubectl create configmap sport --from-literal=sport=football").text == "configmap/sport created\n"
    assert apply(c, VOLUME) == "deployment.apps/configmap-volume created\n"
    c.run("sim advance 72s")
    pods = running(c, "configmap-volume")
    logs = c.run("kubectl logs deployments/configmap-volume").text.splitlines()
    assert re.fullmatch(r"Found 3 pods, using pod/configmap-volume-\w+-\w{5}", logs[0])
    assert all(re.fullmatch(f"{DATE} My preferred sport is football", line) for line in logs[1:])
    assert len(logs) == 1 + 8
    assert edit(c, "configmap", "sport", "sport: football", "sport: cricket") == "configmap/sport configured\n"
    # The kubelet projects the new value at each pod's next periodic sync (60-90 s after its last):
    # a learner following the logs sees football for a while, then cricket, and never back.
    seen = ""
    for _ in range(4):
        seen += c.run("kubectl logs deployments/configmap-volume --follow --tail=0").text
    sports = [line.rsplit(" ", 1)[1] for line in seen.splitlines() if " sport is " in line]
    assert sports[0] == "football" and sports[-1] == "cricket"
    assert sports == sorted(sports, key=lambda s: s == "cricket")
    for pod in pods:
        assert c.run(f"kubectl exec {pod} -- cat /etc/config/sport").text == "cricket"
    # What changed in each pod: a new timestamped directory behind ..data.
    listing = c.run(f"kubectl exec {pods[0]} -- ls -la /etc/config").text
    assert re.search(r" \.\.data -> \.\.\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\.\d+\n", listing)
    assert listing.endswith(" sport -> ..data/sport\n")


def test_environment_variables_keep_their_value_until_a_rollout_replaces_the_pods():
    c = Cluster(seed=3)
    c.run("kubectl create configmap fruits --from-literal=fruits=apples")
    assert apply(c, ENV_VAR) == "deployment.apps/configmap-env-var created\n"
    c.run("sim advance 46s")
    running(c, "configmap-env-var")
    logs = c.run("kubectl logs deployment/configmap-env-var").text.splitlines()
    assert logs[1:] and all(line.endswith(" The basket is full of apples") for line in logs[1:])
    assert edit(c, "configmap", "fruits", "fruits: apples", "fruits: mangoes") == "configmap/fruits configured\n"
    followed = c.run("kubectl logs deployments/configmap-env-var --follow").text
    c.run("sim advance 120s")
    followed += c.run("kubectl logs deployments/configmap-env-var --follow --tail=3").text
    assert followed and all(line.endswith(" apples") for line in followed.splitlines() if "basket" in line)
    assert c.run("kubectl rollout restart deployment configmap-env-var").text == \
        "deployment.apps/configmap-env-var restarted\n"
    status = c.run("kubectl rollout status deployment configmap-env-var --watch=true").text
    assert status.endswith('deployment "configmap-env-var" successfully rolled out\n')
    row = c.run("kubectl get deployment configmap-env-var").text.splitlines()[1].split()
    assert row[:4] == ["configmap-env-var", "3/3", "3", "3"]
    c.run("sim advance 40s")  # "wait for the older Pods to fully terminate"
    running(c, "configmap-env-var")
    logs = c.run("kubectl logs deployment/configmap-env-var").text.splitlines()
    assert logs[1:] and all(line.endswith(" The basket is full of mangoes") for line in logs[1:])


def curl_passes(c, port: int, passes: int) -> list[str]:
    """The page's loop over the Service URL, a pass at a time."""
    out = []
    for _ in range(passes):
        text = c.run(f"curl --connect-timeout 7.5 http://localhost:{port}; sleep 10").text
        out += [line for line in text.splitlines() if line != f"Handling connection for {port}"]
    return out


def test_a_helper_container_rewrites_the_page_nginx_serves_from_the_config_map():
    c = Cluster(seed=3)
    c.run("kubectl create configmap color --from-literal=color=red")
    assert apply(c, TWO_CONTAINERS) == "deployment.apps/configmap-two-containers created\n"
    c.run("sim advance 20s")
    running(c, "configmap-two-containers", "2/2")
    assert c.run("kubectl expose deployment configmap-two-containers --name=configmap-service --port=8080 "
                 "--target-port=80").text == "service/configmap-service exposed\n"
    forwarding = c.run("kubectl port-forward service/configmap-service 8080:8080 &").text
    # bash starts the page's background job as job 1 (its PID), then the port-forward prints
    assert re.fullmatch(r"\[1\] \d+\nForwarding from 127\.0\.0\.1:8080 -> 80\nForwarding from \[::1\]:8080 -> 80\n",
                        forwarding)
    page = c.run("curl http://localhost:8080").text
    assert re.fullmatch(f"Handling connection for 8080\n{DATE} My preferred color is red\n", page)
    edit(c, "configmap", "color", "color: red", "color: blue")
    colors = [line.rsplit(" ", 1)[1] for line in curl_passes(c, 8080, 11)]
    assert colors[0] == "red" and colors[-1] == "blue"
    assert colors == sorted(colors, key=lambda s: s == "blue")


def test_a_sidecar_writes_the_page_before_nginx_starts_and_follows_the_config_map():
    c = Cluster(seed=3)
    c.run("kubectl create configmap color --from-literal=color=blue")
    assert apply(c, SIDECAR) == "deployment.apps/configmap-sidecar-container created\n"
    c.run("sim advance 94s")
    pods = running(c, "configmap-sidecar-container", "2/2")
    described = c.run(f"kubectl describe pod {pods[0]}").text
    assert "Init Containers:\n  alpine:\n" in described
    assert re.search(r"Init Containers:.*?    State:          Running\n.*?    Ready:          True\n", described, re.S)
    c.run("kubectl expose deployment configmap-sidecar-container --name=configmap-sidecar-service --port=8081 "
          "--target-port=80")
    c.run("kubectl port-forward service/configmap-sidecar-service 8081:8081 &")
    assert re.fullmatch(f"Handling connection for 8081\n{DATE} My preferred color is blue\n",
                        c.run("curl http://localhost:8081").text)
    edit(c, "configmap", "color", "color: blue", "color: green")
    colors = [line.rsplit(" ", 1)[1] for line in curl_passes(c, 8081, 11)]
    assert colors[0] == "blue" and colors[-1] == "green"


def test_an_immutable_config_map_is_replaced_by_a_new_one_and_a_rollout():
    c = Cluster(seed=3)
    assert apply(c, IMMUTABLE.format(name="company-name-20150801", company="ACME, Inc.")) == \
        "configmap/company-name-20150801 created\n"
    assert apply(c, IMMUTABLE_VOLUME) == "deployment.apps/immutable-configmap-volume created\n"
    c.run("sim advance 62s")
    running(c, "immutable-configmap-volume")
    logs = c.run("kubectl logs deployments/immutable-configmap-volume").text.splitlines()
    assert logs[1:] and all(line.endswith(" The name of the company is ACME, Inc.") for line in logs[1:])
    # "it is not possible to ... mutate the contents of the data"
    refused = edit(c, "configmap", "company-name-20150801", "ACME, Inc.", "ACME, Ltd.")
    assert refused.endswith('The ConfigMap "company-name-20150801" is invalid: data: Forbidden: field is immutable '
                            "when `immutable` is set\n")
    assert apply(c, IMMUTABLE.format(name="company-name-20240312", company="Fiktivesunternehmen GmbH")) == \
        "configmap/company-name-20240312 created\n"
    names = [row.split()[:2] for row in c.run("kubectl get configmap").text.splitlines()[1:]]
    assert ["company-name-20150801", "1"] in names and ["company-name-20240312", "1"] in names
    assert edit(c, "deployment", "immutable-configmap-volume", "name: company-name-20150801",
                "name: company-name-20240312") == "deployment.apps/immutable-configmap-volume configured\n"
    c.run("sim advance 15s")
    rows = c.run("kubectl get pods --selector=app.kubernetes.io/name=immutable-configmap-volume").text.splitlines()[1:]
    assert sorted(r.split()[2] for r in rows) == ["Running"] * 3 + ["Terminating"] * 3  # sh ignores SIGTERM
    c.run("sim advance 30s")
    running(c, "immutable-configmap-volume")
    logs = c.run("kubectl logs deployment/immutable-configmap-volume").text.splitlines()
    assert logs[1:] and all(line.endswith(" The name of the company is Fiktivesunternehmen GmbH") for line in logs[1:])
    assert c.run("kubectl delete configmap company-name-20150801").text == \
        'configmap "company-name-20150801" deleted\n'
