"""kubernetes.io's "Accessing the Kubernetes API from a Pod", its "Without using a proxy" lines typed unchanged.

kubernetes/website content/en/docs/tasks/run-application/access-api-from-pod.md (and the in-pod
half of tasks/administer-cluster/access-cluster-api.md): in a shell in a pod, the ``kubernetes``
Service's name, the mounted service account token, namespace and ca.crt, then curl. kube-proxy
takes 10.96.0.1:443 to the control-plane node's 6443 (the Service's EndpointSlice); the API server
authenticates the projected token as the pod's own service account
(pkg/serviceaccount/claims.go: bound to the pod) and RBAC decides (filters/authorization.go).
kind's server answers with its own address (172.18.0.2:6443), not the page's example.
"""
import json

from clusters import Cluster

PAGE = ("APISERVER=https://kubernetes.default.svc",
        "SERVICEACCOUNT=/var/run/secrets/kubernetes.io/serviceaccount",
        "NAMESPACE=$(cat ${SERVICEACCOUNT}/namespace)",
        "TOKEN=$(cat ${SERVICEACCOUNT}/token)",
        "CACERT=${SERVICEACCOUNT}/ca.crt")
EXPLORE = 'curl --cacert ${CACERT} --header "Authorization: Bearer ${TOKEN}" -X GET ${APISERVER}/api'

API_VERSIONS = ('{\n  "kind": "APIVersions",\n  "versions": [\n    "v1"\n  ],\n  "serverAddressByClientCIDRs": [\n'
                '    {\n      "clientCIDR": "0.0.0.0/0",\n      "serverAddress": "172.18.0.2:6443"\n    }\n  ]\n}')

READER_POD = """kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: reader
spec:
  serviceAccountName: reader
  containers:
  - name: curl
    image: curlimages/curl
    command: ["sleep", "infinity"]
EOF"""


def _in_pod_shell(pod: str = "curl") -> Cluster:
    c = Cluster(seed=3)
    if pod == "curl":
        assert c.run("kubectl run curl --image=curlimages/curl --command -- sleep infinity").text == "pod/curl created\n"
    else:
        c.run("kubectl create serviceaccount reader")
        c.run(READER_POD)
    c.run(f"kubectl wait --for=condition=Ready pod/{pod} --timeout=60s")
    assert c.run(f"kubectl exec -ti {pod} -- sh").prompt == "/ # "
    for line in PAGE:
        assert c.run(line).text == ""
    return c


def test_the_pages_curl_with_the_token_and_ca_gets_the_api_versions():
    c = _in_pod_shell()
    out = c.run(EXPLORE)
    assert (out.text, out.prompt) == (API_VERSIONS, "/ # ")
    assert c.run("echo $NAMESPACE $KUBERNETES_SERVICE_HOST $KUBERNETES_SERVICE_PORT").text == "default 10.96.0.1 443\n"


def test_without_the_ca_curl_does_not_trust_the_api_servers_certificate():
    c = _in_pod_shell()
    out = c.run('curl --header "Authorization: Bearer ${TOKEN}" ${APISERVER}/api')
    # curl 8 tool_operate.c: error 60, then CURL_CA_CERT_ERRORMSG
    assert out.text == ("curl: (60) SSL certificate problem: unable to get local issuer certificate\n"
                        "More details here: https://curl.se/docs/sslcerts.html\n\n"
                        "curl failed to verify the legitimacy of the server and therefore could not\n"
                        "establish a secure connection to it. To learn more about this situation and\n"
                        "how to fix it, please visit the webpage mentioned above.\n")
    assert c.run("echo $?").text == "60\n"
    assert json.loads(c.run('curl -k --header "Authorization: Bearer ${TOKEN}" ${APISERVER}/api').text)["kind"] == "APIVersions"


def test_the_default_service_account_may_not_list_pods_until_a_rolebinding_grants_it():
    c = _in_pod_shell()
    pods = 'curl -s -w "\\n%{http_code}\\n" --cacert ${CACERT} -H "Authorization: Bearer ${TOKEN}" ${APISERVER}/api/v1/namespaces/${NAMESPACE}/pods'
    assert c.run(pods).text == (
        '{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n  "status": "Failure",\n'
        '  "message": "pods is forbidden: User \\"system:serviceaccount:default:default\\" cannot list resource '
        '\\"pods\\" in API group \\"\\" in the namespace \\"default\\"",\n'
        '  "reason": "Forbidden",\n  "details": {\n    "kind": "pods"\n  },\n  "code": 403\n}\n403\n')
    assert c.run("exit").prompt is None
    assert c.run("kubectl create rolebinding default-view --clusterrole=view --serviceaccount=default:default").text == \
        "rolebinding.rbac.authorization.k8s.io/default-view created\n"
    c.run("kubectl exec -ti curl -- sh")
    for line in PAGE:
        c.run(line)
    body, code = c.run(pods).text.rstrip("\n").rsplit("\n", 1)
    listed = json.loads(body)
    assert (code, listed["kind"], [p["metadata"]["name"] for p in listed["items"]]) == ("200", "PodList", ["curl"])


def test_the_token_is_the_pods_own_service_account():
    c = _in_pod_shell("reader")
    out = c.run('curl -s --cacert ${CACERT} -H "Authorization: Bearer ${TOKEN}" ${APISERVER}/api/v1/namespaces/default/secrets')
    assert json.loads(out.text)["message"] == ('secrets is forbidden: User "system:serviceaccount:default:reader" cannot '
                                               'list resource "secrets" in API group "" in the namespace "default"')


def test_a_token_bound_to_a_deleted_pod_is_refused():
    c = Cluster(seed=3)
    c.run("kubectl run curl --image=curlimages/curl --command -- sleep infinity")
    c.run("kubectl wait --for=condition=Ready pod/curl --timeout=60s")
    c.run("TOKEN=$(kubectl exec curl -- cat /var/run/secrets/kubernetes.io/serviceaccount/token)")
    api = 'curl -sk -H "Authorization: Bearer $TOKEN" https://127.0.0.1:6443/api'
    assert json.loads(c.run(api).text)["kind"] == "APIVersions"
    c.run("kubectl delete pod curl --grace-period=0 --force")
    assert json.loads(c.run(api).text) == {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                                           "message": "Unauthorized", "reason": "Unauthorized", "code": 401}


def test_other_images_reach_it_by_the_services_environment_and_the_node_address():
    c = Cluster(seed=3)
    c.run("kubectl run web --image=nginx")
    c.run("kubectl run bb --image=busybox:1.36 --command -- sleep 3600")
    c.run("kubectl wait --for=condition=Ready pod/web pod/bb --timeout=60s")
    out = c.run("kubectl exec web -- sh -c 'curl -sk https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT_HTTPS/version'")
    assert json.loads(out.text)["gitVersion"] == "v1.32.0"  # system:public-info-viewer: anyone may read it
    # kube-apiserver listens on the control-plane node itself; a worker has nothing on 6443
    assert json.loads(c.run("kubectl exec web -- curl -sk https://172.18.0.2:6443/version").text)["minor"] == "32"
    out = c.run("kubectl exec web -- curl -k https://172.18.0.3:6443/version")
    assert out.text.startswith("curl: (7) Failed to connect to 172.18.0.3 port 6443 after ")
    # busybox wget checks no certificate (wget.c spawn_ssl_client) and sends no token: anonymous is refused /api
    out = c.run("kubectl exec bb -- wget -qO- https://kubernetes.default.svc/api")
    assert out.text == ("wget: note: TLS certificate validation not implemented\n"
                        "wget: server returned error: HTTP/1.1 403 Forbidden\ncommand terminated with exit code 1\n")


def test_a_pod_whose_egress_is_isolated_reaches_the_api_server_only_where_a_policy_allows_it():
    c = Cluster(seed=3)
    c.run("kubectl run web --image=nginx")
    c.run("kubectl wait --for=condition=Ready pod/web --timeout=60s")
    c.run("""kubectl apply -f - <<EOF
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-egress
spec:
  podSelector: {}
  policyTypes:
  - Egress
EOF""")
    # kindnet drops the packet after kube-proxy's DNAT to 172.18.0.2:6443: the client times out
    out = c.run("kubectl exec web -- curl -k -m 5 https://10.96.0.1/version")
    assert out.text.startswith("curl: (28) Connection timed out after 500")
    c.run("""kubectl apply -f - <<EOF
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-apiserver
spec:
  podSelector: {}
  policyTypes:
  - Egress
  egress:
  - to:
    - ipBlock:
        cidr: 172.18.0.2/32
    ports:
    - port: 6443
EOF""")
    assert json.loads(c.run("kubectl exec web -- curl -sk -m 5 https://10.96.0.1/version").text)["minor"] == "32"
