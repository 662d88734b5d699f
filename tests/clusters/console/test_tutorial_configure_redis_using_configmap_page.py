"""Configuring Redis using a ConfigMap, typed unchanged, its manifests pasted.

kubernetes/website content/en/docs/tutorials/configuration/configure-redis-using-configmap.md: the
pod runs ``redis-server /redis-master/redis.conf`` from a ConfigMap volume, and ``kubectl exec -it
redis -- redis-cli`` attaches the terminal to redis-cli at its ``127.0.0.1:6379> `` prompt, whose
replies print as redis-cli prints them on a terminal (src/redis-cli.c cliFormatReplyTTY at 5.0.4).
redis-server reads its configuration at start only: the ConfigMap's new values show once the pod
is recreated. The manifests are written here to describe the page's objects.
"""
from __future__ import annotations

import pickle

from clusters import Cluster
from clusters.console import EOF

EMPTY_CONFIG = """apiVersion: v1
kind: ConfigMap
metadata:
  name: example-redis-config
data:
  redis-config: ""
"""

CONFIG = """apiVersion: v1
kind: ConfigMap
metadata:
  name: example-redis-config
data:
  redis-config: |
    maxmemory 2mb
    maxmemory-policy allkeys-lru
"""

REDIS_POD = """apiVersion: v1
kind: Pod
metadata:
  name: redis
spec:
  containers:
  - name: redis
    image: redis:5.0.4
    command:
    - redis-server
    - /redis-master/redis.conf
    env:
    - name: MASTER
      value: "true"
    ports:
    - containerPort: 6379
    resources:
      limits:
        cpu: "0.1"
    volumeMounts:
    - mountPath: /redis-master-data
      name: data
    - mountPath: /redis-master
      name: config
  volumes:
  - name: data
    emptyDir: {}
  - name: config
    configMap:
      name: example-redis-config
      items:
      - key: redis-config
        path: redis.conf
"""


def _write(c: Cluster, manifest: str) -> None:
    assert c.run(f"cat <<EOF >./example-redis-config.yaml\n{manifest}EOF").exit_code == 0


def _config_get(c: Cluster) -> tuple[str, str]:
    """The page's redis-cli session: (maxmemory's reply, maxmemory-policy's reply)."""
    out = c.run("kubectl exec -it redis -- redis-cli")
    assert (out.text, out.exit_code, out.prompt) == ("", 0, "127.0.0.1:6379> ")
    memory = c.run("CONFIG GET maxmemory")
    policy = c.run("CONFIG GET maxmemory-policy")
    assert memory.prompt == policy.prompt == "127.0.0.1:6379> "
    out = c.run("exit")
    assert (out.text, out.exit_code, out.prompt) == ("", 0, None)
    return memory.text, policy.text


def _started(c: Cluster) -> None:
    assert c.run(f"cat <<EOF | kubectl apply -f -\n{REDIS_POD}EOF").text == "pod/redis created\n"
    c.run("sim advance 10s")


def test_it_replays_configuring_redis_using_a_configmap():
    c = Cluster(seed=3)
    _write(c, EMPTY_CONFIG)
    assert c.run("kubectl apply -f example-redis-config.yaml").text == "configmap/example-redis-config created\n"
    _started(c)
    lines = c.run("kubectl get pod/redis configmap/example-redis-config").text.splitlines()
    assert lines[0].split() == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    assert lines[1].split()[:4] == ["pod/redis", "1/1", "Running", "0"]
    assert lines[3].split() == ["NAME", "DATA", "AGE"] and lines[4].split()[:2] == ["configmap/example-redis-config", "1"]
    assert "Data\n====\nredis-config:\n----\n\n" in c.run("kubectl describe configmap/example-redis-config").text
    # the defaults: no maxmemory, noeviction
    assert _config_get(c) == ('1) "maxmemory"\n2) "0"\n', '1) "maxmemory-policy"\n2) "noeviction"\n')

    _write(c, CONFIG)
    assert c.run("kubectl apply -f example-redis-config.yaml").text == "configmap/example-redis-config configured\n"
    assert "redis-config:\n----\nmaxmemory 2mb\nmaxmemory-policy allkeys-lru\n" in \
        c.run("kubectl describe configmap/example-redis-config").text
    c.run("sim advance 2m")  # the volume is refreshed by now; redis-server read its file when it started
    assert c.run("kubectl exec redis -- cat /redis-master/redis.conf").text == "maxmemory 2mb\nmaxmemory-policy allkeys-lru\n"
    assert _config_get(c) == ('1) "maxmemory"\n2) "0"\n', '1) "maxmemory-policy"\n2) "noeviction"\n')

    assert c.run("kubectl delete pod redis").text == 'pod "redis" deleted\n'
    _started(c)
    assert _config_get(c) == ('1) "maxmemory"\n2) "2097152"\n', '1) "maxmemory-policy"\n2) "allkeys-lru"\n')
    assert c.run("kubectl delete pod/redis configmap/example-redis-config").text == \
        'pod "redis" deleted\nconfigmap "example-redis-config" deleted\n'


def test_redis_cli_without_a_terminal_prints_raw_replies_redis_cli_c():
    c = Cluster(seed=3)
    _write(c, CONFIG)
    c.run("kubectl apply -f example-redis-config.yaml")
    _started(c)
    out = c.run("kubectl exec redis -- redis-cli CONFIG GET maxmemory")
    assert (out.text, out.exit_code) == ("maxmemory\n2097152\n", 0)
    assert c.run("kubectl exec redis -- redis-cli CONFIG GET maxmemory-policy").text == "maxmemory-policy\nallkeys-lru\n"
    # with a terminal the one command's reply is formatted; a pipe's commands are read as a script
    assert c.run("kubectl exec -it redis -- redis-cli GET missing").text == "(nil)\n"
    out = c.run("printf 'SET k v\\nGET k\\n' | kubectl exec -i redis -- redis-cli")
    assert (out.text, out.exit_code) == ("OK\nv\n", 0)
    out = c.run("kubectl exec redis -- redis-cli -h nowhere PING")
    assert out.text == "Could not connect to Redis at nowhere:6379: Name or service not known\n" \
                       "command terminated with exit code 1\n"


def test_the_attached_redis_cli_formats_replies_and_ends_at_ctrl_d():
    c = Cluster(seed=3)
    _write(c, EMPTY_CONFIG)
    c.run("kubectl apply -f example-redis-config.yaml")
    _started(c)
    c.run("kubectl exec -it redis -- redis-cli")
    assert c.run("SET greeting 'hello world'").text == "OK\n"
    assert c.run("GET greeting").text == '"hello world"\n'
    assert c.run("EXISTS greeting nothing").text == "(integer) 1\n"
    assert c.run("CONFIG GET nosuch*").text == "(empty list or set)\n"
    assert c.run("CONFIG SET maxmemory-policy sometimes").text == \
        "(error) ERR Invalid argument 'sometimes' for CONFIG SET 'maxmemory-policy'\n"
    assert c.run('GET "unterminated').text == "Invalid argument(s)\n"
    assert c.run("").text == ""
    c = pickle.loads(pickle.dumps(c))  # the session is data: a snapshot brings it back at its prompt
    assert c.run("CONFIG SET maxmemory 1mb").text == "OK\n"
    assert c.run("CONFIG GET maxmemory").text == '1) "maxmemory"\n2) "1048576"\n'
    out = c.run(EOF)
    assert (out.text, out.exit_code, out.prompt) == ("\n", 0, None)


def test_a_bad_directive_stops_redis_server_with_its_fatal_config_error():
    c = Cluster(seed=3)
    _write(c, CONFIG.replace("allkeys-lru", "sometimes"))
    c.run("kubectl apply -f example-redis-config.yaml")
    _started(c)
    assert c.run("kubectl logs redis").text == (
        "\n*** FATAL CONFIG FILE ERROR ***\nReading the configuration file, at line 2\n"
        ">>> 'maxmemory-policy sometimes'\nInvalid maxmemory policy\n")
    assert c.run("kubectl get pod redis").text.splitlines()[1].split()[2] in ("Error", "CrashLoopBackOff")
