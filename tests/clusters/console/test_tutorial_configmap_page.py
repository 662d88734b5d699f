"""kubernetes.io's "Configure a Pod to Use a ConfigMap" typed unchanged, except its downloads.

- kubernetes/website content/en/docs/tasks/configure-pod-container/configure-pod-configmap.md
The console host is offline, so the page's ``wget https://kubernetes.io/examples/configmap/...``
fails as wget words it; a learner writes the sample files instead (the properties below are the
page's, as its describe output shows them). Its manifests are written here to describe the same objects.
"""
from clusters import Cluster

DIR = "configure-pod-container/configmap"
GAME = ["enemies=aliens", "lives=3", "enemies.cheat=true", "enemies.cheat.level=noGoodRotten",
        "secret.code.passphrase=UUDDLRLRBABAS", "secret.code.allowed=true", "secret.code.lives=30"]
UI = ["color.good=purple", "color.bad=yellow", "allow.textmode=true", "how.nice.to.look=fairlyNice"]


def _write(c, name, lines, final_newline=True):
    body = "\\n".join(lines) + ("\\n" if final_newline else "")
    c.run(f"printf '{body}' > {DIR}/{name}")


def _with_sample_files(final_newline=True):
    c = Cluster(seed=3)
    c.run(f"mkdir -p {DIR}/")
    _write(c, "game.properties", GAME, final_newline)
    _write(c, "ui.properties", UI, final_newline)
    c.run(f"cat <<EOF > {DIR}/game-env-file.properties\nenemies=aliens\nlives=3\nallowed=\"true\"\n\n"
          "# This comment and the empty line above it are ignored\nEOF")
    c.run(f"cat <<EOF > {DIR}/ui-env-file.properties\ncolor=purple\ntextmode=true\nhow=fairlyNice\nEOF")
    return c


def _data(c, name):
    return c.get("configmaps", name)["data"]


def test_the_pages_downloads_fail_offline_in_wgets_words():
    c = Cluster(seed=3)
    out = c.run(f"wget https://kubernetes.io/examples/configmap/game.properties -O {DIR}/game.properties")
    assert "unable to resolve host address ‘kubernetes.io’" in out.text


def test_it_creates_configmaps_from_a_directory_files_keys_and_literals():
    c = _with_sample_files()
    assert c.run(f"kubectl create configmap game-config --from-file={DIR}/").text == "configmap/game-config created\n"
    described = c.run("kubectl describe configmaps game-config").text
    game, ui = "\n".join(GAME) + "\n", "\n".join(UI) + "\n"
    assert described.startswith("Name:         game-config\nNamespace:    default\nLabels:       <none>\n"
                                "Annotations:  <none>\n\nData\n====\n")
    assert f"game.properties:\n----\n{game}\n" in described and f"ui.properties:\n----\n{ui}\n" in described
    assert sorted(_data(c, "game-config")) == ["game-env-file.properties", "game.properties", "ui-env-file.properties",
                                               "ui.properties"]  # every regular file of the directory
    c.run(f"kubectl create configmap game-config-2 --from-file={DIR}/game.properties --from-file={DIR}/ui.properties")
    assert _data(c, "game-config-2") == {"game.properties": game, "ui.properties": ui}
    c.run(f"kubectl create configmap game-config-env-file --from-env-file={DIR}/game-env-file.properties")
    yaml = c.run("kubectl get configmap game-config-env-file -o yaml").text
    assert yaml.startswith("apiVersion: v1\ndata:\n  allowed: '\"true\"'\n  enemies: aliens\n  lives: \"3\"\nkind: ConfigMap\n")
    c.run(f"kubectl create configmap config-multi-env-files --from-env-file={DIR}/game-env-file.properties "
          f"--from-env-file={DIR}/ui-env-file.properties")
    assert _data(c, "config-multi-env-files") == {"allowed": '"true"', "color": "purple", "enemies": "aliens",
                                                  "how": "fairlyNice", "lives": "3", "textmode": "true"}
    c.run(f"kubectl create configmap game-config-3 --from-file=game-special-key={DIR}/game.properties")
    assert "data:\n  game-special-key: |\n    enemies=aliens\n" in c.run("kubectl get configmaps game-config-3 -o yaml").text
    c.run("kubectl create configmap special-config --from-literal=special.how=very --from-literal=special.type=charm")
    assert "data:\n  special.how: very\n  special.type: charm\nkind: ConfigMap\n" in \
        c.run("kubectl get configmaps special-config -o yaml").text


def test_kustomize_generators_name_configmaps_by_their_content_as_kubectl_1_32_does():
    # The page's suffixes (m9dm2f92bt, m67dt67794, c92b5mmcf2) came from an older kustomize that hashed
    # the generator's name too; kubectl 1.32's kustomize v5.5.0 hashes "" for it (api/hasher/hasher.go
    # looks up "metadata/name" as one field), and these are the suffixes /usr/bin/kubectl kustomize prints.
    c = _with_sample_files(final_newline=False)  # kubernetes.io's game.properties ends without a newline
    c.run(f"cat <<EOF >./kustomization.yaml\nconfigMapGenerator:\n- name: game-config-4\n  options:\n    labels:\n"
          f"      game-config: config-4\n  files:\n  - {DIR}/game.properties\nEOF")
    assert c.run("kubectl apply -k .").text == "configmap/game-config-4-tbg7c4gc77 created\n"
    assert c.run("kubectl get configmap game-config-4-tbg7c4gc77").text.splitlines()[1].split()[:2] == \
        ["game-config-4-tbg7c4gc77", "1"]
    described = c.run("kubectl describe configmaps/game-config-4-tbg7c4gc77").text
    assert "Labels:       game-config=config-4\n" in described
    # The page shows the last-applied annotation; kubectl 1.32's describe skips it (describe.go skipAnnotations).
    assert "Annotations:  <none>\n" in described and "game.properties:\n----\nenemies=aliens\n" in described
    assert c.get("configmaps", "game-config-4-tbg7c4gc77")["metadata"]["annotations"][
        "kubectl.kubernetes.io/last-applied-configuration"].startswith('{"apiVersion":"v1","data":')
    c.run(f"cat <<EOF >./kustomization.yaml\nconfigMapGenerator:\n- name: game-config-5\n  options:\n    labels:\n"
          f"      game-config: config-5\n  files:\n  - game-special-key={DIR}/game.properties\nEOF")
    assert c.run("kubectl apply -k .").text == "configmap/game-config-5-tfhf8f4fkf created\n"
    c.run("cat <<EOF >./kustomization.yaml\n---\nconfigMapGenerator:\n- name: special-config-2\n  literals:\n"
          "  - special.how=very\n  - special.type=charm\nEOF")
    assert c.run("kubectl apply -k .").text == "configmap/special-config-2-2b86tk8fhm created\n"
    assert c.run("kubectl delete configmap -l 'game-config in (config-4,config-5)'").text == \
        'configmap "game-config-4-tbg7c4gc77" deleted\nconfigmap "game-config-5-tfhf8f4fkf" deleted\n'


POD = """apiVersion: v1
kind: Pod
metadata:
  name: dapi-test-pod
spec:
  containers:
    - name: test-container
      image: registry.k8s.io/busybox
      command: {command}
{extra}  restartPolicy: Never
"""
CONFIGMAPS = """apiVersion: v1
kind: ConfigMap
metadata:
  name: special-config
  namespace: default
data:
  special.how: very
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: env-config
  namespace: default
data:
  log_level: INFO
"""
MULTIKEYS = """apiVersion: v1
kind: ConfigMap
metadata:
  name: special-config
  namespace: default
data:
  SPECIAL_LEVEL: very
  SPECIAL_TYPE: charm
"""


def _pod_logs(c, command, extra):
    assert c.run(f"cat <<'EOF' | kubectl create -f -\n{POD.format(command=command, extra=extra)}EOF").text == \
        "pod/dapi-test-pod created\n"
    c.run("sim advance 20s")
    logs = c.run("kubectl logs dapi-test-pod").text
    assert c.run("kubectl delete pod dapi-test-pod --now").text == 'pod "dapi-test-pod" deleted\n'
    return logs


def _key_ref(var, cm, key):
    return (f"        - name: {var}\n          valueFrom:\n            configMapKeyRef:\n"
            f"              name: {cm}\n              key: {key}\n")


def test_pods_read_configmaps_as_environment_command_arguments_and_volumes():
    c = Cluster(seed=3)
    c.run("kubectl create configmap special-config --from-literal=special.how=very")
    env = _pod_logs(c, '[ "/bin/sh", "-c", "env" ]', "      env:\n" + _key_ref("SPECIAL_LEVEL_KEY", "special-config",
                                                                              "special.how"))
    assert "SPECIAL_LEVEL_KEY=very\n" in env and env.endswith("PWD=/\n")  # sh lists its exports by var.c's hash
    c.run("kubectl delete configmap special-config")
    assert c.run(f"cat <<'EOF' | kubectl create -f -\n{CONFIGMAPS}EOF").text == \
        "configmap/special-config created\nconfigmap/env-config created\n"
    env = _pod_logs(c, '[ "/bin/sh", "-c", "env" ]', "      env:\n" + _key_ref("SPECIAL_LEVEL_KEY", "special-config",
                                                                              "special.how")
                    + _key_ref("LOG_LEVEL", "env-config", "log_level"))
    assert "SPECIAL_LEVEL_KEY=very\n" in env and "LOG_LEVEL=INFO\n" in env
    c.run("kubectl delete configmap special-config env-config")
    c.run(f"cat <<'EOF' | kubectl create -f -\n{MULTIKEYS}EOF")
    env = _pod_logs(c, '[ "/bin/sh", "-c", "env" ]', "      envFrom:\n      - configMapRef:\n          name: special-config\n")
    assert "SPECIAL_LEVEL=very\n" in env and "SPECIAL_TYPE=charm\n" in env
    args = _pod_logs(c, '[ "/bin/echo", "$(SPECIAL_LEVEL_KEY) $(SPECIAL_TYPE_KEY)" ]', "      env:\n"
                     + _key_ref("SPECIAL_LEVEL_KEY", "special-config", "SPECIAL_LEVEL")
                     + _key_ref("SPECIAL_TYPE_KEY", "special-config", "SPECIAL_TYPE"))
    assert args == "very charm\n"
    volume = ("      volumeMounts:\n      - name: config-volume\n        mountPath: /etc/config\n  volumes:\n"
              "    - name: config-volume\n      configMap:\n        name: special-config\n")
    assert _pod_logs(c, '[ "/bin/sh", "-c", "ls /etc/config/" ]', volume) == "SPECIAL_LEVEL\nSPECIAL_TYPE\n"
    keys = volume + "        items:\n        - key: SPECIAL_LEVEL\n          path: keys\n"
    assert _pod_logs(c, '[ "/bin/sh","-c","cat /etc/config/keys" ]', keys) == "very\n"  # flushed when it exits
