"""kubernetes.io's "API-initiated Eviction": POST an Eviction to pods/NAME/eviction.

kubernetes/website content/en/docs/concepts/scheduling-eviction/api-eviction.md sends the page's
policy/v1 Eviction (pasted below, its pod renamed to one that exists) with
``curl -v -H 'Content-type: application/json' .../pods/quux/eviction -d @eviction.json``. The
page's endpoint is the API server itself; here it is reached through ``kubectl proxy``, which
relays the request unchanged. The answers are pkg/registry/core/pod/storage/eviction.go's: a
Success Status (201, create.go fills its code) and the pod terminating, or 429 while a
PodDisruptionBudget allows no disruption.
"""
import re

from clusters import Cluster

EVICTION = """{
  "apiVersion": "policy/v1",
  "kind": "Eviction",
  "metadata": {
    "name": "quux",
    "namespace": "default"
  }
}
"""

PDB = """apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: quux-pdb
spec:
  minAvailable: 1
  selector:
    matchLabels:
      run: quux
"""

CURL = "curl -v -H 'Content-type: application/json' http://localhost:8001/api/v1/namespaces/default/pods/quux/eviction -d @eviction.json"


def _cluster() -> Cluster:
    c = Cluster(seed=7)
    c.run("kubectl run quux --image=nginx")
    c.run("sim advance 20s")
    c.run(f"cat > eviction.json <<'EOF'\n{EVICTION}EOF")
    c.run("kubectl proxy &")
    return c


def test_an_allowed_eviction_answers_success_and_the_pod_terminates():
    c = _cluster()
    out = c.run(CURL)
    assert out.exit_code == 0
    # -v's lines come first on the terminal, then the body; -d @file drops the file's newlines
    assert re.match(
        r"\*   Trying 127\.0\.0\.1:8001\.\.\.\n\* Connected to localhost \(127\.0\.0\.1\) port 8001\n"
        r"> POST /api/v1/namespaces/default/pods/quux/eviction HTTP/1\.1\n> Host: localhost:8001\n"
        r"> User-Agent: curl/\S+\n> Accept: \*/\*\n> Content-type: application/json\n> Content-Length: 114\n> \n"
        r"< HTTP/1\.1 201 Created\n< Content-Type: application/json\n< Date: .* GMT\n< \n", out.text)
    assert out.text.endswith('{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n'
                             '  "status": "Success",\n  "code": 201\n}')
    assert re.match(r"NAME +READY +STATUS +RESTARTS +AGE\nquux +1/1 +Terminating +0 ", c.run("kubectl get pod quux").text)
    c.run("sim advance 40s")
    assert c.run("kubectl get pod quux").text == 'Error from server (NotFound): pods "quux" not found\n'


def test_a_budget_that_allows_no_disruption_answers_429():
    c = _cluster()
    c.run(f"cat > pdb.yaml <<'EOF'\n{PDB}EOF")
    c.run("kubectl apply -f pdb.yaml")
    c.run("sim advance 5s")
    out = c.run(CURL.replace("-v ", "-i "))
    assert out.text.startswith("HTTP/1.1 429 Too Many Requests\r\n")
    assert '"message": "Cannot evict pod as it would violate the pod\'s disruption budget.",' in out.text
    assert '"reason": "TooManyRequests",' in out.text and out.text.endswith('"code": 429\n}')
    assert "Running" in c.run("kubectl get pod quux").text


def test_an_eviction_naming_another_pod_is_a_bad_request():
    c = _cluster()
    c.run("sed -i 's/quux/other/' eviction.json")
    out = c.run(CURL.replace("-v ", ""))
    assert '"message": "name in URL does not match name in Eviction object",' in out.text
    assert '"code": 400' in out.text
