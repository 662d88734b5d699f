"""kubectl set image|env|resources (pkg/cmd/set/), checked against kubectl 1.32 on a stub API server."""
from clusters import Cluster


def _cluster():
    c = Cluster(seed=6)
    c.run("kubectl create deployment web --image=nginx")
    return c


def _container(c):
    return c.get("deployments", "web")["spec"]["template"]["spec"]["containers"][0]


def test_set_image_updates_the_template_set_image_go():
    c = _cluster()
    out = c.run("kubectl set image deployment/web nginx=nginx:1.27")
    assert (out.text, out.exit_code) == ("deployment.apps/web image updated\n", 0)
    assert _container(c)["image"] == "nginx:1.27"
    assert c.bugs == []


def test_set_image_that_changes_nothing_prints_nothing():
    out = _cluster().run("kubectl set image deployment/web nginx=nginx")
    assert (out.text, out.exit_code) == ("", 0)


def test_set_image_errors():
    c = _cluster()
    assert c.run("kubectl set image deploy/web foo=nginx:2").text == 'error: unable to find container named "foo"\n'
    assert c.run("kubectl set image deploy/web").text == "error: at least one image update is required\n"
    assert c.run("kubectl set image svc/kubernetes a=b").text == (
        "error: services/kubernetes the object is not a pod or does not have a pod template: *v1.Service\n")


def test_set_image_dry_run():
    c = _cluster()
    assert c.run("kubectl set image deploy web nginx=x --dry-run=client").text == \
        "deployment.apps/web image updated (dry run)\n"
    assert _container(c)["image"] == "nginx"


def test_set_env_adds_lists_and_removes_set_env_go():
    c = _cluster()
    assert c.run("kubectl set env deployment/web MODE=prod").text == "deployment.apps/web env updated\n"
    assert _container(c)["env"] == [{"name": "MODE", "value": "prod"}]
    assert c.run("kubectl set env deployment/web --list").text == "# Deployment web, container nginx\nMODE=prod\n"
    assert c.run("kubectl set env deployment/web MODE-").text == "deployment.apps/web env updated\n"
    assert "env" not in _container(c)


def test_set_env_from_a_configmap_warns_about_renamed_keys():
    c = _cluster()
    c.run("kubectl create configmap cfg --from-literal=log-level=debug")
    out = c.run("kubectl set env deploy/web --from=configmap/cfg")
    assert out.text == "Warning: key log-level transferred to LOG_LEVEL\ndeployment.apps/web env updated\n"
    assert _container(c)["env"] == [{"name": "LOG_LEVEL", "valueFrom": {"configMapKeyRef": {"key": "log-level", "name": "cfg"}}}]


def test_set_env_rejects_a_bad_name():
    out = _cluster().run("kubectl set env deploy/web 1A=x")
    assert out.text.startswith('error: "1A" is not a valid key name: a valid environment variable name must consist')


def test_set_resources_sets_limits_and_requests_set_resources_go():
    c = _cluster()
    out = c.run("kubectl set resources deployment web --limits=cpu=200m,memory=512Mi --requests=cpu=100m")
    assert out.text == "deployment.apps/web resource requirements updated\n"
    # the API server defaults the memory request to its limit (core/v1 defaults.go)
    assert _container(c)["resources"] == {"limits": {"cpu": "200m", "memory": "512Mi"},
                                          "requests": {"cpu": "100m", "memory": "512Mi"}}


def test_set_resources_errors():
    c = _cluster()
    assert c.run("kubectl set resources deploy/web").text == (
        "error: you must specify an update to requests or limits (in the form of --requests/--limits)\n")
    assert c.run("kubectl set resources deploy/web --limits=cpu").text == (
        "error: Invalid argument syntax cpu, expected <resource>=<value>\n")
    assert c.run("kubectl set resources deploy/web -c foo --limits=cpu=1").text == (
        "error: unable to find container named foo\n")


def test_set_alone_prints_its_help_and_fails_and_an_unknown_subcommand_is_named():
    c = _cluster()
    out = c.run("kubectl set")
    assert out.exit_code == 1 and out.text.startswith("Configure application resources.\n")
    assert c.run("kubectl set foo").text == 'error: unknown command "foo"\nSee \'kubectl set -h\' for help and examples\n'


SVC_PIPELINE = ("kubectl create service clusterip my-svc --clusterip=\"None\" -o yaml --dry-run=client | "
                "kubectl set selector --local -f - 'environment=qa' -o yaml")


def test_set_selector_local_rewrites_a_piped_service_set_selector_go():
    c = Cluster(seed=1)
    out = c.run(SVC_PIPELINE)
    assert out.text == ("apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n"
                        "    app: my-svc\n  name: my-svc\nspec:\n  clusterIP: None\n  selector:\n    environment: qa\n"
                        "  type: ClusterIP\nstatus:\n  loadBalancer: {}\n")
    assert c.run(SVC_PIPELINE + " | kubectl create -f -").text == "service/my-svc created\n"
    assert c.get("services", "my-svc")["spec"]["selector"] == {"environment": "qa"}
    assert c.run("kubectl set selector svc my-svc 'environment=prod'").text == "service/my-svc selector updated\n"
    assert c.get("services", "my-svc")["spec"]["selector"] == {"environment": "prod"}


def test_set_selector_refuses_what_kubectl_refuses():
    c = Cluster(seed=1)
    c.run("kubectl create deployment web --image=nginx")
    assert c.run("kubectl set selector deployment web app=x").text == \
        "error: setting a selector is only supported for Services\n"
    assert c.run("kubectl set selector svc/x 'a!=b'").text == 'error: "!=" is not a valid label selector operator\n'
    assert c.run("kubectl set selector --local -f x.yaml").text == "error: one selector is required\n"
