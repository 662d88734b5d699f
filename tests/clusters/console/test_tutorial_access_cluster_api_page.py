"""kubernetes.io's "Access Clusters Using the Kubernetes API", its curl parts typed unchanged.

kubernetes/website content/en/docs/tasks/administer-cluster/access-cluster-api.md: through
``kubectl proxy --port=8080 &``, then straight to the API server's port with the default service
account's token from a ``kubernetes.io/service-account-token`` Secret (pasted below) and
``--insecure``. The server's answers follow k8s.io/apiserver's filters: authentication.go (a token
it did not sign is 401), authorization.go (nonResourceURLs rules from bootstrappolicy:
system:discovery for the authenticated only), and negotiate.go's pretty JSON for curl. kind's
server address and the cluster's name differ from the page's.
"""
import json

from clusters import Cluster

SECRET = """kubectl apply -f - <<EOF
apiVersion: v1
kind: Secret
metadata:
  name: default-token
  annotations:
    kubernetes.io/service-account.name: default
type: kubernetes.io/service-account-token
EOF"""

WAIT = """while ! kubectl describe secret default-token | grep -E '^token' >/dev/null; do
  echo "waiting for token..." >&2
  sleep 1
done"""

API_VERSIONS = ('{\n  "kind": "APIVersions",\n  "versions": [\n    "v1"\n  ],\n  "serverAddressByClientCIDRs": [\n'
                '    {\n      "clientCIDR": "0.0.0.0/0",\n      "serverAddress": "172.18.0.2:6443"\n    }\n  ]\n}')


def _with_token() -> Cluster:
    c = Cluster(seed=3)
    assert c.run(SECRET).text == "secret/default-token created\n"
    c.run(WAIT)
    c.run("APISERVER=$(kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}')")
    c.run("TOKEN=$(kubectl get secret default-token -o jsonpath='{.data.token}' | base64 --decode)")
    return c


def test_through_kubectl_proxy_curl_gets_the_api_versions():
    c = Cluster(seed=3)
    assert c.run("kubectl proxy --port=8080 &").text == "[1] 4000\nStarting to serve on 127.0.0.1:8080\n"
    assert c.run("curl http://localhost:8080/api/").text == API_VERSIONS


def test_with_the_service_account_token_and_insecure_the_api_server_answers():
    c = _with_token()
    assert c.run("echo $APISERVER").text == "https://127.0.0.1:6443\n"
    out = c.run('curl $APISERVER/api --header "Authorization: Bearer $TOKEN" --insecure')
    assert (out.text, out.exit_code) == (API_VERSIONS, 0)


def test_without_insecure_curl_does_not_trust_kinds_certificate():
    c = _with_token()
    out = c.run('curl $APISERVER/api --header "Authorization: Bearer $TOKEN"')
    assert out.exit_code == 60
    assert out.text.startswith("curl: (60) SSL certificate problem: unable to get local issuer certificate\n"
                               "More details here: https://curl.se/docs/sslcerts.html\n")


def test_without_a_token_the_anonymous_user_may_not_discover_the_api():
    c = _with_token()
    assert c.run("curl -k $APISERVER/api").text == (
        '{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n  "status": "Failure",\n'
        '  "message": "forbidden: User \\"system:anonymous\\" cannot get path \\"/api\\"",\n'
        '  "reason": "Forbidden",\n  "details": {},\n  "code": 403\n}')
    # system:public-info-viewer lets everyone read the version
    assert json.loads(c.run("curl -k $APISERVER/version").text)["gitVersion"] == "v1.32.0"


def test_the_token_is_checked_and_rbac_decides_what_the_service_account_reads():
    c = _with_token()
    out = c.run('curl -k $APISERVER/api/v1/namespaces/default/pods --header "Authorization: Bearer $TOKEN"')
    status = json.loads(out.text)
    assert status["message"] == ('pods is forbidden: User "system:serviceaccount:default:default" cannot list '
                                 'resource "pods" in API group "" in the namespace "default"')
    assert (status["details"], status["code"]) == ({"kind": "pods"}, 403)
    out = c.run('curl -k $APISERVER/apis/apps/v1/namespaces/default/deployments/web --header "Authorization: Bearer $TOKEN"')
    assert json.loads(out.text)["details"] == {"name": "web", "group": "apps", "kind": "deployments"}  # NewForbidden
    out = c.run('curl -k $APISERVER/api --header "Authorization: Bearer not-a-token"')
    assert json.loads(out.text) == {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                                    "message": "Unauthorized", "reason": "Unauthorized", "code": 401}
    out = c.run("curl http://127.0.0.1:6443/api")  # net/http's answer to plain HTTP on a TLS port
    assert out.text == "Client sent an HTTP request to an HTTPS server.\n"


def test_a_write_with_the_token_is_the_service_accounts_once_rbac_allows_it():
    c = _with_token()
    post = ("curl -k -s -w '\\n%{http_code}' -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' "
            """-d '{"metadata":{"name":"cfg"},"data":{"a":"b"}}' $APISERVER/api/v1/namespaces/default/configmaps""")
    assert c.run(post).text.endswith('"code": 403\n}\n403')
    c.run("kubectl create rolebinding sa-edit --clusterrole=edit --serviceaccount=default:default")
    body, code = c.run(post).text.rsplit("\n", 1)
    assert code == "201" and json.loads(body)["metadata"]["managedFields"][0]["manager"] == "curl"
    assert c.run("kubectl get cm cfg -o jsonpath='{.data.a}'").text == "b"
