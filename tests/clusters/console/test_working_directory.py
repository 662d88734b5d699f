"""The console host's working directory: cd, pwd, ls -R and paths read from where the learner is,
as tutorials type them (mkdir -p my-app/base && cd my-app/base, kubectl apply -k .)."""
from __future__ import annotations

import pickle

import pytest

from clusters import Cluster

CM = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n  a: b\n"


@pytest.fixture
def learner():
    return Cluster(seed=1)


def run(c, line):
    out = c.run(line)
    return out.text, out.exit_code


def test_it_starts_at_home_and_cd_moves_pwd_and_PWD(learner):
    assert run(learner, "pwd") == ("/root\n", 0)
    assert run(learner, "mkdir -p my-app/base && cd my-app/base && pwd && echo $PWD $OLDPWD") == (
        "/root/my-app/base\n/root/my-app/base /root\n", 0)
    assert run(learner, "cd .. && pwd") == ("/root/my-app\n", 0)
    assert run(learner, "cd - ") == ("/root/my-app/base\n", 0)
    assert run(learner, "cd && pwd") == ("/root\n", 0)


def test_cd_complains_in_bashs_words(learner):
    learner.run("touch f")
    assert run(learner, "cd nope") == ("bash: cd: nope: No such file or directory\n", 1)
    assert run(learner, "cd f") == ("bash: cd: f: Not a directory\n", 1)
    assert run(learner, "cd a b") == ("bash: cd: too many arguments\n", 1)
    assert run(learner, "pwd") == ("/root\n", 0)


def test_files_are_written_and_read_where_the_learner_is(learner):
    learner.run("mkdir -p app/base && cd app/base")
    learner.run("cat <<EOF > ./kustomization.yaml\nresources: []\nEOF")
    assert run(learner, "ls") == ("kustomization.yaml\n", 0)
    assert run(learner, "cat ~/app/base/kustomization.yaml /root/app/base/kustomization.yaml") == (
        "resources: []\nresources: []\n", 0)
    learner.run("cd ~")
    assert sorted(learner.files) == ["app/base/", "app/base/kustomization.yaml"]
    assert run(learner, "ls -R") == (".:\napp\n\n./app:\nbase\n\n./app/base:\nkustomization.yaml\n", 0)
    assert run(learner, "ls app/*/k*") == ("app/base/kustomization.yaml\n", 0)


def test_kubectl_reads_files_and_directories_from_the_working_directory(learner):
    learner.run("mkdir -p app/conf && cd app")
    learner.run(f"cat <<EOF > conf/one.yaml\n{CM.format(name='one')}EOF")
    learner.run(f"cat <<EOF > conf/two.yaml\n{CM.format(name='two')}EOF")
    assert run(learner, "kubectl apply -f ./conf/") == (
        "configmap/one created\nconfigmap/two created\n", 0)
    learner.run("cd conf")
    assert run(learner, "kubectl delete -f one.yaml") == ('configmap "one" deleted\n', 0)


def test_the_editor_keys_stay_home_relative_after_cd(learner):
    """platform/kubelab/hosting/editing.py lists cluster.files' keys and saves with `cat > PATH`:
    a save naming the home path lands where the editor lists it whatever the shell's directory."""
    learner.run("mkdir sub && cd sub")
    learner.run("cat > /root/web.yaml <<'KUBELAB_EOF'\nx: 1\nKUBELAB_EOF")
    assert learner.files["web.yaml"] == "x: 1\n"
    assert run(learner, "cat ../web.yaml") == ("x: 1\n", 0)


def test_the_working_directory_survives_a_snapshot(learner):
    learner.run("mkdir -p a/b && cd a/b")
    again = pickle.loads(pickle.dumps(learner))
    assert run(again, "pwd") == ("/root/a/b\n", 0)
