"""kubernetes.io tasks/access-application-cluster/configure-access-multiple-clusters.md typed unchanged.

``kubectl config --kubeconfig=config-demo ...`` reads and writes a file in the scratch directory,
and ``$KUBECONFIG`` lists files to merge (client-go clientcmd loader.go, config.go ModifyConfig).
Every expected text here is what kubectl 1.32 printed for the same lines, run in a directory
``/root/config-exercise`` with ``$KUBECONFIG=/root/.kube/config`` holding the console's
``kubectl config view --raw``. The page itself shows ``client-key: fake-key-file``; it types
``--client-key=fake-key-seefile``, and kubectl keeps what was typed.
"""
from __future__ import annotations

import pytest

from clusters import Cluster

# The page's framework file: names only, entries empty.
FRAMEWORK = """apiVersion: v1
kind: Config
preferences: {}

clusters:
- cluster:
  name: development
- cluster:
  name: test

users:
- name: developer
- name: experimenter

contexts:
- context:
  name: dev-frontend
- context:
  name: dev-storage
- context:
  name: exp-test
"""

SECOND = """apiVersion: v1
kind: Config
preferences: {}

contexts:
- context:
    cluster: development
    namespace: ramp
    user: developer
  name: dev-ramp-up
"""

STEPS = [
    ("kubectl config --kubeconfig=config-demo set-cluster development --server=https://1.2.3.4 "
     "--certificate-authority=fake-ca-file", 'Cluster "development" set.\n'),
    ("kubectl config --kubeconfig=config-demo set-cluster test --server=https://5.6.7.8 --insecure-skip-tls-verify",
     'Cluster "test" set.\n'),
    ("kubectl config --kubeconfig=config-demo set-credentials developer --client-certificate=fake-cert-file "
     "--client-key=fake-key-seefile", 'User "developer" set.\n'),
    ("kubectl config --kubeconfig=config-demo set-credentials experimenter --username=exp --password=some-password",
     'User "experimenter" set.\n'),
    ("kubectl config --kubeconfig=config-demo set-context dev-frontend --cluster=development --namespace=frontend "
     "--user=developer", 'Context "dev-frontend" modified.\n'),
    ("kubectl config --kubeconfig=config-demo set-context dev-storage --cluster=development --namespace=storage "
     "--user=developer", 'Context "dev-storage" modified.\n'),
    ("kubectl config --kubeconfig=config-demo set-context exp-test --cluster=test --namespace=default "
     "--user=experimenter", 'Context "exp-test" modified.\n'),
]

CLUSTERS = """clusters:
- cluster:
    certificate-authority: fake-ca-file
    server: https://1.2.3.4
  name: development
- cluster:
    insecure-skip-tls-verify: true
    server: https://5.6.7.8
  name: test
"""
CONTEXTS = """contexts:
- context:
    cluster: development
    namespace: frontend
    user: developer
  name: dev-frontend
- context:
    cluster: development
    namespace: storage
    user: developer
  name: dev-storage
- context:
    cluster: test
    namespace: default
    user: experimenter
  name: exp-test
"""
DEVELOPER = """- name: developer
  user:
    client-certificate: fake-cert-file
    client-key: fake-key-seefile
"""
VIEW = ("apiVersion: v1\n" + CLUSTERS + CONTEXTS + 'current-context: ""\nkind: Config\npreferences: {}\nusers:\n'
        + DEVELOPER + "- name: experimenter\n  user:\n    password: REDACTED\n    username: exp\n")
ADMIN_CLUSTER = """- cluster:
    certificate-authority-data: DATA+OMITTED
    server: https://127.0.0.1:6443
  name: kubernetes
"""
ADMIN_CONTEXT = """- context:
    cluster: kubernetes
    user: kubernetes-admin
  name: kubernetes-admin@kubernetes
"""
ADMIN_USER = """- name: kubernetes-admin
  user:
    client-certificate-data: DATA+OMITTED
    client-key-data: DATA+OMITTED
"""


@pytest.fixture
def learner():
    c = Cluster(seed=3)
    assert c.run("mkdir config-exercise && cd config-exercise").text == ""
    assert c.run(f"cat > config-demo <<'EOF'\n{FRAMEWORK}EOF").text == ""
    return c


def _defined(c):
    for line, printed in STEPS:
        out = c.run(line)
        assert (out.text, out.exit_code) == (printed, 0), line
    return c


def test_the_framework_file_views_as_empty_entries_conversion_go(learner):
    assert learner.run("kubectl config --kubeconfig=config-demo view").text == """apiVersion: v1
clusters:
- cluster:
    server: ""
  name: development
- cluster:
    server: ""
  name: test
contexts:
- context:
    cluster: ""
    user: ""
  name: dev-frontend
- context:
    cluster: ""
    user: ""
  name: dev-storage
- context:
    cluster: ""
    user: ""
  name: exp-test
current-context: ""
kind: Config
preferences: {}
users:
- name: developer
  user: {}
- name: experimenter
  user: {}
"""


def test_the_set_commands_write_the_file_with_paths_relative_to_it_and_view_redacts_the_password(learner):
    _defined(learner)
    assert learner.run("kubectl config --kubeconfig=config-demo view").text == VIEW
    # clientcmd.Write: the whole file in v1, the CA path relativized against config-exercise/, nothing redacted
    assert learner.run("cat config-demo").text == VIEW.replace("REDACTED", "some-password")
    # the learner's own kubeconfig is untouched
    assert learner.run("kubectl config get-contexts -o name").text == "kubernetes-admin@kubernetes\n"


def test_use_context_and_view_minify_follow_the_current_context_in_that_file(learner):
    _defined(learner)
    assert learner.run("kubectl config --kubeconfig=config-demo use-context dev-frontend").text == \
        'Switched to context "dev-frontend".\n'
    assert learner.run("kubectl config --kubeconfig=config-demo view --minify").text == (
        "apiVersion: v1\nclusters:\n" + CLUSTERS.split("- cluster:")[1].join(["- cluster:", ""])
        + "contexts:\n- context:\n    cluster: development\n    namespace: frontend\n    user: developer\n"
        "  name: dev-frontend\ncurrent-context: dev-frontend\nkind: Config\npreferences: {}\nusers:\n" + DEVELOPER)
    assert learner.run("kubectl config --kubeconfig=config-demo use-context exp-test").text == \
        'Switched to context "exp-test".\n'
    assert learner.run("kubectl config --kubeconfig=config-demo view --minify").text == """apiVersion: v1
clusters:
- cluster:
    insecure-skip-tls-verify: true
    server: https://5.6.7.8
  name: test
contexts:
- context:
    cluster: test
    namespace: default
    user: experimenter
  name: exp-test
current-context: exp-test
kind: Config
preferences: {}
users:
- name: experimenter
  user:
    password: REDACTED
    username: exp
"""
    learner.run("kubectl config --kubeconfig=config-demo use-context dev-storage")
    assert learner.run("kubectl config --kubeconfig=config-demo get-contexts").text == (
        "CURRENT   NAME           CLUSTER       AUTHINFO       NAMESPACE\n"
        "          dev-frontend   development   developer      frontend\n"
        "*         dev-storage    development   developer      storage\n"
        "          exp-test       test          experimenter   default\n")
    assert "current-context: dev-storage\n" in learner.run("cat config-demo").text


def test_a_command_through_that_file_names_the_fake_certificate_files_validation_go(learner):
    _defined(learner)
    learner.run("kubectl config --kubeconfig=config-demo use-context dev-storage")
    out = learner.run("kubectl --kubeconfig=config-demo get pods")
    assert (out.text, out.exit_code) == (
        "Error in configuration: \n"
        "* unable to read client-cert /root/config-exercise/fake-cert-file for developer due to open "
        "/root/config-exercise/fake-cert-file: no such file or directory\n"
        "* unable to read client-key /root/config-exercise/fake-key-seefile for developer due to open "
        "/root/config-exercise/fake-key-seefile: no such file or directory\n"
        "* unable to read certificate-authority /root/config-exercise/fake-ca-file for development due to open "
        "/root/config-exercise/fake-ca-file: no such file or directory\n", 1)


MERGED = ("apiVersion: v1\nclusters:\n" + CLUSTERS.split("- cluster:")[1].join(["- cluster:", ""]) + ADMIN_CLUSTER
          + "- cluster:" + CLUSTERS.split("- cluster:")[2]
          + "contexts:\n" + CONTEXTS.split("- context:")[1].join(["- context:", ""])
          + "- context:\n    cluster: development\n    namespace: ramp\n    user: developer\n  name: dev-ramp-up\n"
          + "- context:" + CONTEXTS.split("- context:")[2] + "- context:" + CONTEXTS.split("- context:")[3]
          + ADMIN_CONTEXT + "current-context: kubernetes-admin@kubernetes\nkind: Config\npreferences: {}\nusers:\n"
          + DEVELOPER + "- name: experimenter\n  user:\n    password: REDACTED\n    username: exp\n" + ADMIN_USER)


def test_kubeconfig_lists_files_to_merge_and_the_first_to_name_an_entry_wins_loader_go(learner):
    _defined(learner)
    assert learner.run(f"cat > config-demo-2 <<'EOF'\n{SECOND}EOF").text == ""
    assert learner.run('export KUBECONFIG_SAVED="$KUBECONFIG"').text == ""
    assert learner.run('export KUBECONFIG="${KUBECONFIG}:config-demo:config-demo-2"').text == ""
    assert learner.run("echo $KUBECONFIG").text == "/root/.kube/config:config-demo:config-demo-2\n"
    assert learner.run("kubectl config view").text == MERGED
    assert learner.run("kubectl config get-contexts").text == (
        "CURRENT   NAME                          CLUSTER       AUTHINFO           NAMESPACE\n"
        "          dev-frontend                  development   developer          frontend\n"
        "          dev-ramp-up                   development   developer          ramp\n"
        "          dev-storage                   development   developer          storage\n"
        "          exp-test                      test          experimenter       default\n"
        "*         kubernetes-admin@kubernetes   kubernetes    kubernetes-admin   \n")
    # the current context is still the admin's, so the cluster answers as before
    assert learner.run("kubectl get ns default -o name").text == "namespace/default\n"
    # a file listed twice is read once
    assert learner.run('export KUBECONFIG="${KUBECONFIG}:${HOME}/.kube/config"').text == ""
    assert learner.run("kubectl config view").text == MERGED
    assert learner.run('export KUBECONFIG="$KUBECONFIG_SAVED"').text == ""
    assert learner.run("kubectl config view").text == (
        "apiVersion: v1\nclusters:\n" + ADMIN_CLUSTER + "contexts:\n" + ADMIN_CONTEXT
        + "current-context: kubernetes-admin@kubernetes\nkind: Config\npreferences: {}\nusers:\n" + ADMIN_USER)


def test_changes_through_the_list_go_to_the_file_that_holds_the_entry_or_the_first_that_exists_config_go(learner):
    assert learner.run(f"cat > config-demo-2 <<'EOF'\n{SECOND}EOF").text == ""
    learner.run('export KUBECONFIG="${KUBECONFIG}:config-demo-2:missing"')
    assert learner.run("kubectl config use-context dev-ramp-up").text == 'Switched to context "dev-ramp-up".\n'
    assert learner.run("kubectl config set-context newctx --cluster=kubernetes --namespace=x").text == \
        'Context "newctx" created.\n'
    assert learner.run("kubectl config set-context dev-ramp-up --namespace=ramp2").text == \
        'Context "dev-ramp-up" modified.\n'
    # the entry stayed in its file; the file has no clusters or users of its own
    assert learner.run("cat config-demo-2").text == """apiVersion: v1
clusters: null
contexts:
- context:
    cluster: development
    namespace: ramp2
    user: developer
  name: dev-ramp-up
current-context: ""
kind: Config
preferences: {}
users: null
"""
    assert learner.run("kubectl config view --minify").text == "error: cannot locate cluster development\n"
    assert learner.run("kubectl config delete-context newctx").text == "deleted context newctx from /root/.kube/config\n"
    learner.run("kubectl config use-context kubernetes-admin@kubernetes")
    # with no listed file there, the new entry goes to the last one
    assert learner.run("KUBECONFIG=missing1:missing2 kubectl config set-context other2 --user=u").text == \
        'Context "other2" created.\n'
    assert learner.run("cat missing1; ls missing2").text == "cat: missing1: No such file or directory\nmissing2\n"


def test_the_pages_unset_notes_remove_entries_from_that_file(learner):
    _defined(learner)
    for what in ("users.experimenter", "clusters.test", "contexts.exp-test"):
        assert learner.run(f"kubectl --kubeconfig=config-demo config unset {what}").text == \
            f'Property "{what}" unset.\n'
    assert learner.run("kubectl --kubeconfig=config-demo config get-clusters").text == "NAME\ndevelopment\n"
    assert learner.run("kubectl --kubeconfig=config-demo config delete-cluster development").text == \
        "deleted cluster development from config-demo\n"
    assert learner.run("kubectl --kubeconfig=config-demo config rename-context dev-storage dev-st").text == \
        'Context "dev-storage" renamed to "dev-st".\n'
    assert learner.run("kubectl --kubeconfig=config-demo config get-contexts -o name").text == "dev-frontend\ndev-st\n"


def test_a_file_that_is_not_there_or_not_yaml(learner):
    assert learner.run("kubectl --kubeconfig=nope config view").text == (
        'apiVersion: v1\nclusters: null\ncontexts: null\ncurrent-context: ""\nkind: Config\npreferences: {}\n'
        "users: null\n")
    out = learner.run("kubectl --kubeconfig=nope get pods")  # an empty config: the default server
    assert out.text.endswith("The connection to the server localhost:8080 was refused - did you specify the right "
                             "host or port?\n")
    assert learner.run("kubectl --kubeconfig=nope config set-cluster x --server=https://9.9.9.9").text == \
        'Cluster "x" set.\n'
    assert learner.run("cat nope").text == (
        "apiVersion: v1\nclusters:\n- cluster:\n    server: https://9.9.9.9\n  name: x\ncontexts: null\n"
        'current-context: ""\nkind: Config\npreferences: {}\nusers: null\n')
    learner.run('echo "foo: [" > bad')
    for line in ("kubectl --kubeconfig=bad config view", "kubectl --kubeconfig=bad get pods"):
        out = learner.run(line)
        assert (out.text, out.exit_code) == (
            'error: error loading config file "bad": yaml: line 1: did not find expected node content\n', 1)


def test_paths_are_kept_relative_only_without_backsteps_loader_go_relativize(learner):
    learner.run("kubectl --kubeconfig=c2 config set-cluster c2 --server=https://1.1.1.1 "
                "--certificate-authority=/root/config-exercise/sub/ca.crt")
    learner.run("kubectl --kubeconfig=c2 config set-cluster c3 --server=https://1.1.1.1 --certificate-authority=../ca.crt")
    learner.run("kubectl --kubeconfig=c2 config set-credentials u2 --client-certificate=c.crt --client-key=/tmp/k.key")
    learner.run("kubectl --kubeconfig=c2 config set clusters.c4.certificate-authority ca4.crt")
    assert learner.run("kubectl --kubeconfig=c2 config view --raw -o jsonpath="
                       "'{.clusters[*].cluster.certificate-authority} {.users[0].user}'").text == \
        'sub/ca.crt /root/ca.crt ca4.crt {"client-certificate":"c.crt","client-key":"/tmp/k.key"}'


def test_the_kubeconfig_files_survive_a_snapshot(learner):
    import pickle

    _defined(learner)
    learner.run('export KUBECONFIG="${KUBECONFIG}:config-demo"')
    again = pickle.loads(pickle.dumps(learner))
    assert again.run("kubectl config get-contexts -o name").text == \
        "dev-frontend\ndev-storage\nexp-test\nkubernetes-admin@kubernetes\n"


ADMIN_FILE = """apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
    server: https://127.0.0.1:6443
  name: kubernetes
contexts:
- context:
    cluster: kubernetes
    user: kubernetes-admin
  name: kubernetes-admin@kubernetes
current-context: kubernetes-admin@kubernetes
kind: Config
preferences: {}
users:
- name: kubernetes-admin
  user:
    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
    client-key-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
"""


def test_the_home_kube_directory_holds_the_config_kubectl_uses(learner):
    # "Go to $HOME/.kube, and see what files are there."
    assert learner.run("cd $HOME/.kube").text == ""
    assert learner.run("ls").text == "config\n"
    assert learner.run("cat config").text == ADMIN_FILE
    assert learner.run("ls -a ~").text == ".  ..  .kube  config-exercise\n"
    # kubectl's changes show in the file, and the file's in kubectl
    learner.run("kubectl config set-context --current --namespace=kube-system")
    assert learner.run("grep namespace config").text == "    namespace: kube-system\n"
    learner.run("sed -i 's/namespace: kube-system/namespace: default/' config")
    assert learner.run("kubectl config view --minify -o jsonpath='{..namespace}'").text == "default"


def test_a_home_config_edited_by_hand_is_what_kubectl_reads_loader_go(learner):
    learner.run("cp ~/.kube/config backup")
    learner.run("echo '# a comment' >> ~/.kube/config")
    assert learner.run("tail -1 ~/.kube/config").text == "# a comment\n"  # kept as written
    assert learner.run("kubectl get ns default -o name").text == "namespace/default\n"
    learner.run("echo 'foo: [' > ~/.kube/config")
    out = learner.run("kubectl get pods")
    assert (out.text, out.exit_code) == (
        'error: error loading config file "/root/.kube/config": yaml: line 1: did not find expected node content\n', 1)
    learner.run("rm ~/.kube/config")  # no kubeconfig at all: the default server
    assert learner.run("kubectl get pods").text.endswith(
        "The connection to the server localhost:8080 was refused - did you specify the right host or port?\n")
    learner.run("cp backup ~/.kube/config")
    assert learner.run("kubectl get ns default -o name").text == "namespace/default\n"
    assert learner.run("cat ~/.kube/config").text == ADMIN_FILE
