"""kubernetes.io's "Connecting Applications with Services", typed unchanged into the simulated cluster.

kubernetes/website content/en/docs/tutorials/services/connect-applications-service.md. The
console host is offline, so the page's run-my-nginx.yaml is pasted into a heredoc; the manifest
below is written here to describe the same Deployment. Names, ages and addresses differ from the
page; what it shows otherwise is asserted. Where the page's output is older than Kubernetes 1.32
(a Service that copies the Deployment's labels, ``No resources found.`` before a NotFound) the
1.32 output is asserted.

Out of reach: "Securing the Service" needs a key pair from ``make keys`` or ``openssl req``, and
the console has neither, so the nginxhttps pods, ``curl -k https://...`` and the curl pod's
``--cacert`` request are not replayed; the ConfigMap and Secret steps are. The page's
``nslookup`` is typed at the prompt of the shell ``kubectl run -i --tty ... --rm`` opens.
"""
import re

from clusters import Cluster

MY_NGINX = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-nginx
spec:
  replicas: 2
  selector:
    matchLabels:
      run: my-nginx
  template:
    metadata:
      labels:
        run: my-nginx
    spec:
      containers:
      - name: my-nginx
        image: nginx
        ports:
        - containerPort: 80
"""


def _pods(c: Cluster) -> list[list[str]]:
    return [row.split() for row in c.run("kubectl get pods -l run=my-nginx -o wide").text.splitlines()[1:]]


def _running(c: Cluster) -> Cluster:
    assert c.run(f"cat <<EOF | kubectl apply -f -\n{MY_NGINX}EOF").text == "deployment.apps/my-nginx created\n"
    c.run("sim advance 30s")
    return c


def test_it_shows_the_pods_ips_as_the_page_does_and_exposes_them_through_a_service():
    c = _running(Cluster(seed=3))
    pods = _pods(c)
    assert [p[2] for p in pods] == ["Running", "Running"]
    ips = [p[5] for p in pods]
    # customcolumn.go prints each value with fmt.Sprint: a list of maps, as Go prints one.
    assert c.run("kubectl get pods -l run=my-nginx -o custom-columns=POD_IP:.status.podIPs").text == \
        "POD_IP\n" + "".join(f"[map[ip:{ip}]]\n" for ip in ips)

    assert c.run("kubectl expose deployment/my-nginx").text == "service/my-nginx exposed\n"
    row = c.run("kubectl get svc my-nginx").text.splitlines()[1].split()
    assert row[:2] == ["my-nginx", "ClusterIP"] and row[3:5] == ["<none>", "80/TCP"]
    cluster_ip = row[2]
    described = c.run("kubectl describe svc my-nginx").text
    for line in ("Selector:                 run=my-nginx\n", f"IP:                       {cluster_ip}\n",
                 "Port:                     <unset>  80/TCP\n", "TargetPort:               80/TCP\n",
                 "Endpoints:                " + ",".join(f"{ip}:80" for ip in sorted(ips)) + "\n",
                 "Session Affinity:         None\n"):
        assert line in described
    slices = c.run("kubectl get endpointslices -l kubernetes.io/service-name=my-nginx").text.splitlines()
    assert slices[0].split() == ["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"]
    assert re.fullmatch(r"my-nginx-[a-z0-9]{5}", slices[1].split()[0])
    assert slices[1].split()[1:4] == ["IPv4", "80", ",".join(sorted(ips))]


def test_it_adds_the_service_variables_only_to_pods_started_after_the_service():
    c = _running(Cluster(seed=3))
    c.run("kubectl expose deployment/my-nginx")
    first = _pods(c)[0][0]
    assert c.run(f"kubectl exec {first} -- printenv | grep SERVICE").text == \
        "KUBERNETES_SERVICE_HOST=10.96.0.1\nKUBERNETES_SERVICE_PORT=443\nKUBERNETES_SERVICE_PORT_HTTPS=443\n"
    # Two commands on one line are two round trips: the ReplicaSet sees 0 before it sees 2,
    # so the pods are replaced and the new ones get the Service's variables.
    assert c.run("kubectl scale deployment my-nginx --replicas=0; kubectl scale deployment my-nginx --replicas=2;").text \
        == "deployment.apps/my-nginx scaled\ndeployment.apps/my-nginx scaled\n"
    c.run("sim advance 30s")
    pods = _pods(c)
    assert len(pods) == 2 and first not in [p[0] for p in pods]
    cluster_ip = c.get("services", "my-nginx")["spec"]["clusterIP"]
    env = c.run(f"kubectl exec {pods[0][0]} -- printenv | grep SERVICE").text
    assert f"MY_NGINX_SERVICE_HOST={cluster_ip}\n" in env and "MY_NGINX_SERVICE_PORT=80\n" in env
    assert "KUBERNETES_SERVICE_HOST=10.96.0.1\n" in env


def test_it_finds_the_service_by_dns_from_a_busybox_pod():
    c = _running(Cluster(seed=3))
    c.run("kubectl expose deployment/my-nginx")
    row = c.run("kubectl get services kube-dns --namespace=kube-system").text.splitlines()[1].split()
    assert row[:5] == ["kube-dns", "ClusterIP", "10.96.0.10", "<none>", "53/UDP,53/TCP,9153/TCP"]
    out = c.run("kubectl run -i --tty --image busybox:1.37 dns-test --restart=Never --rm")
    assert (out.text, out.prompt) == ("If you don't see a command prompt, try pressing enter.\n", "/ # ")
    # busybox's sh, the image's command, reads the terminal: the page's nslookup is typed at its prompt
    cluster_ip = c.get("services", "my-nginx")["spec"]["clusterIP"]
    answer = c.run("nslookup my-nginx").text
    assert answer.startswith("Server:\t\t10.96.0.10\n")
    assert f"Name:\tmy-nginx.default.svc.cluster.local\nAddress: {cluster_ip}\n" in answer
    # and the Service answers by that name, from inside the cluster
    assert "<h1>Welcome to nginx!</h1>" in c.run("wget -qO- my-nginx").text
    out = c.run("exit")
    assert (out.text, out.exit_code, out.prompt) == ('pod "dns-test" deleted\n', 0, None)
    assert c.run("kubectl get pod dns-test").text == 'Error from server (NotFound): pods "dns-test" not found\n'


def test_it_keeps_the_config_and_secret_steps_of_securing_the_service():
    c = Cluster(seed=3)
    assert c.run("make keys KEY=/tmp/nginx.key CERT=/tmp/nginx.crt").text == "bash: make: command not found\n"
    c.run("cat <<'EOF' > default.conf\nserver {\n        listen 80 default_server;\n        listen 443 ssl;\n"
          "        location / {\n                try_files $uri $uri/ =404;\n        }\n}\nEOF")
    assert c.run("kubectl create configmap nginxconfigmap --from-file=default.conf").text == \
        "configmap/nginxconfigmap created\n"
    assert [r.split()[:2] for r in c.run("kubectl get configmaps").text.splitlines()] == \
        [["NAME", "DATA"], ["kube-root-ca.crt", "1"], ["nginxconfigmap", "1"]]
    described = c.run("kubectl describe configmap  nginxconfigmap").text
    assert "Data\n====\ndefault.conf:\n----\nserver {\n" in described and "try_files $uri $uri/ =404;" in described
    c.run('cat <<EOF > nginxsecrets.yaml\napiVersion: "v1"\nkind: "Secret"\nmetadata:\n  name: "nginxsecret"\n'
          '  namespace: "default"\ntype: kubernetes.io/tls\ndata:\n  tls.crt: "Y2VydA=="\n  tls.key: "a2V5"\nEOF')
    assert c.run("kubectl apply -f nginxsecrets.yaml").text == "secret/nginxsecret created\n"
    assert c.run("kubectl get secrets").text.splitlines()[1].split()[:3] == ["nginxsecret", "kubernetes.io/tls", "2"]
    # kind's nodes have no ExternalIP: the page's grep finds nothing
    assert c.run("kubectl get nodes -o yaml | grep ExternalIP -C 1").text == ""
