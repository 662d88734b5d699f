"""kubectl config: what a learner's edits to the kubeconfig do to the commands after them.

Outputs were checked against kubectl 1.32 run on a copy of the console's
``kubectl config view --raw`` (set.go, set_cluster.go, set_credentials.go,
client_config.go); golden/config.golden holds the byte-for-byte cases.
"""
from __future__ import annotations

import pickle

import pytest

from clusters import Cluster

REFUSED = "The connection to the server {} was refused - did you specify the right host or port?\n"


@pytest.fixture
def learner():
    return Cluster(seed=3)


def test_a_context_on_a_cluster_that_does_not_exist_talks_to_localhost_8080_client_config_go(learner):
    learner.run("kubectl config set-context broken --cluster=nope --user=kubernetes-admin")
    learner.run("kubectl config use-context broken")
    out = learner.run("kubectl get pods")
    assert out.exit_code == 1
    assert out.text.endswith(REFUSED.format("localhost:8080"))
    assert 'Get \\"http://localhost:8080/api?timeout=32s\\": dial tcp 127.0.0.1:8080' in out.text
    learner.run("kubectl config use-context kubernetes-admin@kubernetes")
    assert learner.run("kubectl get ns default").exit_code == 0


def test_a_current_context_that_is_gone_is_a_configuration_error(learner):
    assert learner.run("kubectl config set current-context missing").text == 'Property "current-context" set.\n'
    out = learner.run("kubectl get pods")
    assert (out.text, out.exit_code) == ("Error in configuration: context was not found for specified context: missing\n", 1)
    # config commands do not load the client config, so the learner can repair it
    assert learner.run("kubectl config use-context kubernetes-admin@kubernetes").exit_code == 0
    assert learner.run("kubectl get ns default").exit_code == 0


def test_a_server_that_is_not_this_cluster_refuses_the_connection(learner):
    assert learner.run("kubectl config set clusters.kubernetes.server https://127.0.0.1:1").text == \
        'Property "clusters.kubernetes.server" set.\n'
    out = learner.run("kubectl get --raw /healthz")
    assert (out.text, out.exit_code) == (REFUSED.format("127.0.0.1:1"), 1)
    # built on the client, a dry run needs no server
    assert learner.run("kubectl create deployment web --image=nginx --dry-run=client -o name").text == \
        "deployment.apps/web\n"
    learner.run("kubectl config set-cluster kubernetes --server=https://127.0.0.1:6443")
    assert learner.run("kubectl get --raw /healthz").text == "ok"


def test_a_user_with_no_credentials_is_prompted_for_and_the_console_has_no_input(learner):
    learner.run("kubectl config set-credentials nobody")
    learner.run("kubectl config set-context --current --user=nobody")
    out = learner.run("kubectl get pods")
    assert (out.text, out.exit_code) == ("Please enter Username: error: EOF\n", 1)


def test_a_namespace_set_through_a_property_path_is_used_by_later_commands(learner):
    learner.run("kubectl create namespace dev")
    learner.run("kubectl config set contexts.kubernetes-admin@kubernetes.namespace dev")
    assert learner.run("kubectl run web --image=nginx").text == "pod/web created\n"
    assert learner.run("kubectl get pod web -n dev -o name").text == "pod/web\n"
    assert learner.run("kubectl config unset contexts.kubernetes-admin@kubernetes.namespace").exit_code == 0
    assert learner.run("kubectl get pod web").exit_code == 1


def test_a_bad_property_path_leaves_the_kubeconfig_as_it_was(learner):
    before = learner.run("kubectl config view").text
    out = learner.run("kubectl config set clusters.kubernetes.bad.x y")
    assert out.exit_code == 1 and out.text.startswith("error: ")
    out = learner.run("kubectl config set users.kubernetes-admin.act-as-groups x")
    assert (out.text, out.exit_code) == ("error: unrecognized slice type. string\n", 1)
    assert learner.run("kubectl config view").text == before


def test_a_kubeconfig_saved_before_clusters_and_users_were_kept_reads_as_kubeadm_wrote_it(learner):
    learner.kubeconfig = {"current-context": "kubernetes-admin@kubernetes",
                          "contexts": {"kubernetes-admin@kubernetes": {"cluster": "kubernetes", "user": "kubernetes-admin"}}}
    assert learner.run("kubectl config get-clusters").text == "NAME\nkubernetes\n"
    assert learner.run("kubectl config get-users").text == "NAME\nkubernetes-admin\n"


def test_the_kubeconfig_survives_a_snapshot(learner):
    learner.run("kubectl config set-cluster staging --server=https://10.0.0.1:6443")
    copy = pickle.loads(pickle.dumps(learner))
    assert copy.run("kubectl config get-clusters").text == "NAME\nkubernetes\nstaging\n"
