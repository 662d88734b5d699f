"""The kubectl framework: flags from the real --help, pflag parsing, cobra dispatch, helpers.go errors."""
from __future__ import annotations

import pytest

from clusters import Cluster
from clusters.apiserver import errors as api_errors
from clusters.console import kubectl
from clusters.console.kubectl import base, flags


@pytest.fixture(scope="module")
def cluster():
    return Cluster(seed=3)


def test_flags_come_from_the_real_help_text():
    get = {f.name: f for f in flags.command_flags("get")}
    assert get["watch"].short == "w" and get["watch"].kind == "bool"
    assert get["output"].short == "o" and get["output"].kind == "string"
    assert get["chunk-size"].kind == "int" and get["chunk-size"].default == 500
    assert get["label-columns"].kind == "slice"
    wait = {f.name: f for f in flags.command_flags("wait")}
    assert wait["timeout"].kind == "duration" and wait["timeout"].default == 30.0


def test_pflag_accepts_every_spelling_of_a_value():
    fl = flags.command_flags("get") + flags.global_flags()
    for argv in (["-n", "dev"], ["-ndev"], ["-n=dev"], ["--namespace", "dev"], ["--namespace=dev"]):
        assert flags.parse(argv, fl).options.namespace == "dev"


def test_grouped_bool_shorthands_and_interspersed_args():
    p = flags.parse(["pods", "-Aw", "web", "--show-labels"], flags.command_flags("get") + flags.global_flags())
    assert p.args == ["pods", "web"]
    assert p.options.all_namespaces and p.options.watch and p.options.show_labels


def test_double_dash_ends_flags_and_is_remembered():
    p = flags.parse(["pod", "--", "ls", "-l"], flags.command_flags("get") + flags.global_flags())
    assert p.args == ["pod", "ls", "-l"] and p.dash == 1


def test_slices_split_on_commas_and_accumulate():
    p = flags.parse(["-L", "a,b", "-L", "c"], flags.command_flags("get"))
    assert p.options.get("label-columns") == ["a", "b", "c"]


def test_dry_run_takes_a_bare_form():
    fl = flags.command_flags("create")
    if fl:
        assert flags.parse(["--dry-run"], fl).options.get("dry-run") == "unchanged"


def test_global_flags_before_the_verb(cluster):
    out = cluster.run("kubectl -n kube-system --request-timeout=5s get cm coredns -o name")
    assert out.text == "configmap/coredns\n"


def test_underscores_are_accepted_for_dashes_wordsepnormalizefunc(cluster):
    assert cluster.run("kubectl get ns default --show_labels --no-headers").text.startswith("default")


def test_help_prints_the_real_text_and_exits_zero(cluster):
    out = cluster.run("kubectl get -h")
    assert out.exit_code == 0 and out.text == flags.help_text("get")


def test_subcommand_help(cluster):
    assert cluster.run("kubectl config view --help").text == flags.help_text("config view")


def test_unknown_command_suggests_like_cobra(cluster):
    out = cluster.run("kubectl descrbe pods")
    assert out.text.startswith('error: unknown command "descrbe" for "kubectl"\n\nDid you mean this?\n\tdescribe\n')
    assert out.exit_code == 1


def test_api_errors_print_in_standard_error_message_form():
    e = api_errors.not_found("deployments.apps", "web", "apps", "deployments")
    assert base.error_message(e) == 'Error from server (NotFound): deployments.apps "web" not found\n'
    assert base.error_message(api_errors.StatusError(500, "", "boom")) == "Error from server: boom\n"


def test_invalid_with_several_causes_is_a_bullet_list_helpers_go():
    e = api_errors.invalid("Deployment", "apps", "web", [api_errors.required("spec.selector"),
                                                          api_errors.invalid_value("spec.replicas", -1, "must be greater than or equal to 0")])
    assert base.error_message(e) == ('The Deployment "web" is invalid: \n* spec.selector: Required value\n'
                                     '* spec.replicas: Invalid value: -1: must be greater than or equal to 0\n')
    one = api_errors.invalid("Pod", "", "p", [api_errors.required("spec.containers")])
    assert base.error_message(one) == 'The Pod "p" is invalid: spec.containers: Required value\n'


def test_plain_errors_get_the_error_prefix_once():
    assert base.error_message(base.KubectlError("x")) == "error: x\n"
    assert base.error_message(base.KubectlError("error: y")) == "error: y\n"


def test_every_registered_verb_module_has_a_verb_class():
    for name in kubectl.available():
        assert kubectl.load(kubectl.VERBS[name]) is not None


def test_context_namespace_becomes_the_default(cluster):
    cluster.run("kubectl config set-context --current --namespace=kube-system")
    try:
        assert "coredns" in cluster.run("kubectl get deploy -o name").text
        assert cluster.run("kubectl get deploy -n default").text == "No resources found in default namespace.\n"
    finally:
        cluster.run("kubectl config set-context --current --namespace=")
    assert cluster.run("kubectl get deploy").text == "No resources found in default namespace.\n"


def test_kubeconfig_survives_a_snapshot(cluster):
    cluster.run("kubectl config set-context --current --namespace=dev")
    again = Cluster.restore(cluster.snapshot())
    assert "dev" in again.run("kubectl config view --minify -o jsonpath={..namespace}").text
    cluster.run("kubectl config set-context --current --namespace=")


def test_hostile_lines_never_raise(cluster):
    lines = ["kubectl", "kubectl get " + "a" * 10000, "kubectl get pods -o jsonpath='{'", "kubectl get pods -o jsonpath='{.a[?(@.b==}'",
             "kubectl get pods --sort-by='{{'", "kubectl get pods -o go-template='{{range}}'", "kubectl get pods -o custom-columns=",
             "kubectl get pods -l '((('", "kubectl get pods --field-selector '=='", "kubectl explain pods.spec." + "x." * 50,
             "kubectl wait --for=jsonpath='{' pod/x", "kubectl describe " + "/" * 20, "kubectl get ,,,", "kubectl top",
             "kubectl config set-context", "kubectl get pods -L ''", "kubectl get -o yaml", "kubectl -n"]
    for line in lines:
        out = cluster.run(line)
        assert isinstance(out.text, str)
    assert cluster.bugs == []


# -- cobra's own checks, and the commands that only group others (checked against kubectl 1.32) -------------

def test_a_required_flag_is_checked_before_the_command_runs_cobra_validate_required_flags():
    c = Cluster(seed=2)
    assert c.run("kubectl create deployment").text == 'error: required flag(s) "image" not set\n'
    assert c.run("kubectl create cronjob c").text == 'error: required flag(s) "image", "schedule" not set\n'
    assert c.run("kubectl run").exit_code == 1


def test_a_grouping_command_prints_its_help_on_stderr_and_exits_1_default_sub_command_run():
    c = Cluster(seed=2)
    out = c.run("kubectl create secret")
    assert out.exit_code == 1 and out.text.startswith("Create a secret with specified type.")
    out = c.run("kubectl config bogus")
    assert (out.text, out.exit_code) == ('error: unknown command "bogus"\nSee \'kubectl config -h\' for help and examples\n', 1)


def test_an_unknown_global_flag_fails_before_the_root_help():
    out = Cluster(seed=2).run("kubectl --bogus")
    assert (out.text, out.exit_code) == ("error: unknown flag: --bogus\nSee 'kubectl --help' for usage.\n", 1)


def test_config_subcommands_with_the_wrong_arguments_print_their_help_then_the_error_config_go_help_errorf():
    out = Cluster(seed=2).run("kubectl config rename-context a")
    assert out.text.startswith("Renames a context from the kubeconfig file.")
    assert out.text.endswith("error: Unexpected args: [a]\n") and out.exit_code == 1
    out = Cluster(seed=2).run("kubectl config delete-context")
    assert out.exit_code == 0 and out.text.startswith("Delete the specified context from the kubeconfig.")


def test_create_refuses_an_unknown_output_format_before_creating_anything():
    c = Cluster(seed=2)
    out = c.run("kubectl create configmap cfg -o bogus")
    assert out.exit_code == 1 and out.text.startswith('error: unable to match a printer suitable for the output format "bogus"')
    assert c.run("kubectl get cm cfg").exit_code == 1
