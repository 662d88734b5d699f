"""The console host's curl writing to the API server through ``kubectl proxy``.

curl's side is curl's (tool_getparam.c, http.c): ``-d`` makes a POST with its own form
Content-Type unless ``-H`` names one, ``-d @FILE`` reads the scratch directory, several ``-d``
join with ``&``, ``--data-raw`` keeps an ``@``, ``-o FILE`` saves the body, ``--fail`` turns a
4xx into exit 22. The server's side is k8s.io/apiserver pkg/endpoints/handlers (create.go,
update.go, patch.go, delete.go) and the metav1.Status of each refusal, pretty-printed for curl.
"""
import json

from clusters import Cluster

POD = '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","labels":{"app":"web"}},' \
      '"spec":{"containers":[{"name":"web","image":"nginx"}]}}'
API = "http://localhost:8001/api/v1/namespaces/default"


def _proxied() -> Cluster:
    c = Cluster(seed=11)
    c.run("kubectl proxy &")
    return c


def _json(text: str) -> dict:
    return json.loads(text)


def test_post_creates_and_a_second_post_is_409_already_exists():
    c = _proxied()
    c.run(f"echo '{POD}' > pod.json")
    out = c.run(f"curl -i -H 'Content-Type: application/json' -d @pod.json {API}/pods")
    assert out.text.startswith("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n")
    assert _json(out.text.split("\r\n\r\n", 1)[1])["metadata"]["name"] == "web"
    assert c.run("kubectl get pod web -o name").text == "pod/web\n"
    out = c.run(f"curl -s -w '\\n%{{http_code}}\\n' -H 'Content-Type: application/json' -d @pod.json {API}/pods")
    body, code = out.text.rsplit("\n", 2)[:2]
    assert code == "409"
    assert _json(body) == {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                           "message": 'pods "web" already exists', "reason": "AlreadyExists",
                           "details": {"name": "web", "kind": "pods"}, "code": 409}


def test_a_dry_run_create_writes_nothing():
    c = _proxied()
    out = c.run(f"curl -s -o /dev/null -w '%{{http_code}}' -H 'Content-Type: application/json' -d '{POD}' "
                f"'{API}/pods?dryRun=All'")
    assert out.text == "201"
    assert c.run("kubectl get pods").text == "No resources found in default namespace.\n"


def test_curl_s_own_form_type_is_refused_by_the_create_handler():
    c = _proxied()
    out = c.run(f"curl -d '{POD}' {API}/pods")
    assert _json(out.text)["code"] == 415
    assert _json(out.text)["message"].startswith("the body of the request was in an unknown format")


def test_patch_types_follow_the_content_type_and_any_other_is_go_restful_s_415():
    c = _proxied()
    c.run(f"curl -s -H 'Content-Type: application/json' -d '{POD}' {API}/pods > /dev/null")
    merge = c.run(f"""curl -s -X PATCH -H 'Content-Type: application/merge-patch+json' """
                  f"""-d '{{"metadata":{{"labels":{{"tier":"front"}}}}}}' {API}/pods/web""")
    assert _json(merge.text)["metadata"]["labels"] == {"app": "web", "tier": "front"}
    jsonp = c.run(f"""curl -s -X PATCH -H 'Content-Type: application/json-patch+json' """
                  f"""-d '[{{"op":"remove","path":"/metadata/labels/tier"}}]' {API}/pods/web""")
    assert _json(jsonp.text)["metadata"]["labels"] == {"app": "web"}
    wrong = c.run(f"""curl -s -X PATCH -H 'Content-Type: application/json' -d '{{}}' {API}/pods/web""")
    assert wrong.text == ('{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n  "status": "Failure",\n'
                          '  "message": "415: Unsupported Media Type",\n  "reason": "UnsupportedMediaType",\n'
                          '  "details": {},\n  "code": 415\n}')


def test_server_side_apply_needs_a_field_manager():
    c = _proxied()
    body = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: one\n"
    c.run(f"cat > cfg.yaml <<'EOF'\n{body}EOF")
    out = c.run(f"curl -s -X PATCH -H 'Content-Type: application/apply-patch+yaml' --data-binary @cfg.yaml "
                f"{API}/configmaps/cfg")
    assert _json(out.text)["message"] == ('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: '
                                          "is required for apply patch")
    out = c.run(f"curl -s -w '\\n%{{http_code}}' -X PATCH -H 'Content-Type: application/apply-patch+yaml' "
                f"--data-binary @cfg.yaml '{API}/configmaps/cfg?fieldManager=me'")
    body, code = out.text.rsplit("\n", 1)
    assert code == "201"  # patch.go: an apply that creates answers 201
    assert _json(body)["data"] == {"a": "one"}
    assert c.run("kubectl get cm cfg -o jsonpath='{.metadata.managedFields[0].manager}'").text == "me"


def test_put_replaces_and_checks_the_name_against_the_url():
    c = _proxied()
    c.run("kubectl create configmap cfg --from-literal=a=one")
    c.run("kubectl get cm cfg -o json > cfg.json")
    c.run("sed -i 's/\"one\"/\"two\"/' cfg.json")
    out = c.run(f"curl -s -X PUT -H 'Content-Type: application/json' --data-binary @cfg.json {API}/configmaps/cfg")
    assert _json(out.text)["data"] == {"a": "two"}
    out = c.run(f"curl -s -X PUT -H 'Content-Type: application/json' --data-binary @cfg.json {API}/configmaps/other")
    assert _json(out.text)["message"] == "the name of the object (cfg) does not match the name on the URL (other)"


def test_the_scale_subresource_answers_a_scale():
    c = _proxied()
    c.run("kubectl create deployment web --image=nginx")
    out = c.run("""curl -s -X PATCH -H 'Content-Type: application/merge-patch+json' -d '{"spec":{"replicas":3}}' """
                "http://localhost:8001/apis/apps/v1/namespaces/default/deployments/web/scale")
    scale = _json(out.text)
    assert (scale["kind"], scale["apiVersion"], scale["spec"]) == ("Scale", "autoscaling/v1", {"replicas": 3})
    assert c.run("kubectl get deploy web -o jsonpath='{.spec.replicas}'").text == "3"


def test_deleting_a_running_pod_answers_the_pod_with_its_grace_period():
    c = _proxied()
    c.run("kubectl run web --image=nginx")
    c.run("sim advance 20s")
    out = c.run(f"curl -s -X DELETE {API}/pods/web")
    pod = _json(out.text)
    assert pod["kind"] == "Pod" and pod["metadata"]["deletionGracePeriodSeconds"] == 30
    out = c.run(f"curl -s -X DELETE '{API}/pods/nope'")
    assert _json(out.text)["message"] == 'pods "nope" not found'


def test_fail_turns_a_404_into_exit_22_and_o_saves_the_body():
    c = _proxied()
    out = c.run(f"curl -s --fail -X DELETE {API}/pods/nope")
    assert (out.text, out.exit_code) == ("", 22)
    c.run(f"curl -s -o status.json -X DELETE {API}/pods/nope")
    assert _json(c.run("cat status.json").text)["code"] == 404


def test_data_options_as_curl_parses_them():
    c = _proxied()
    # -d @missing: curl warns and sends an empty body; --data-raw keeps the @; several -d join with & ("&a=b&@c")
    out = c.run(f"curl -v -d @missing.json -d a=b --data-raw @c {API}/pods")
    assert out.text.startswith('Warning: Couldn\'t read data from file "missing.json", this makes an empty POST.\n')
    assert "> Content-Length: 7\n> Content-Type: application/x-www-form-urlencoded\n> \n" in out.text
    assert "< HTTP/1.1 415 Unsupported Media Type\n" in out.text


def test_a_binding_assigns_a_pod_no_scheduler_picks_up():
    c = _proxied()
    c.run("""kubectl run manual --image=nginx --overrides='{"spec":{"schedulerName":"my-scheduler"}}'""")
    c.run("sim advance 5s")
    assert "Pending" in c.run("kubectl get pod manual").text
    out = c.run("""curl -s -H 'Content-Type: application/json' """
                """-d '{"apiVersion":"v1","kind":"Binding","metadata":{"name":"manual"},"target":{"apiVersion":"v1","""
                """"kind":"Node","name":"node-2"}}' """ + f"{API}/pods/manual/binding")
    assert _json(out.text) == {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "code": 201}
    c.run("sim advance 20s")
    assert c.run("kubectl get pod manual -o jsonpath='{.spec.nodeName} {.status.phase}'").text == "node-2 Running"
    out = c.run("""curl -s -H 'Content-Type: application/json' -d '{"target":{"name":"node-3"}}' """
                + f"{API}/pods/manual/binding")
    assert _json(out.text)["code"] == 409
