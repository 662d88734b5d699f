"""The mysql image's client (mysql-server client/mysql.cc and libmysql's messages), run in pods the
learner starts: over the modelled network to a Service's mysqld, as a container's command (kubectl run),
in a shell (kubectl exec ... -e) and at its own prompt (kubectl exec -it, kubectl run -it)."""
from __future__ import annotations

import pytest

from clusters import Cluster

SERVER = """apiVersion: v1
kind: Service
metadata:
  name: mysql
spec:
  clusterIP: None
  selector: {app: mysql}
  ports:
  - port: 3306
---
apiVersion: v1
kind: Service
metadata:
  name: nodb
spec:
  selector: {app: nothing-here}
  ports:
  - port: 3306
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: mysql
spec:
  selector:
    matchLabels: {app: mysql}
  template:
    metadata:
      labels: {app: mysql}
    spec:
      containers:
      - name: mysql
        image: mysql:9
        env:
        - name: MYSQL_ROOT_PASSWORD
          value: password
        ports:
        - containerPort: 3306
"""
WARNING = "mysql: [Warning] Using a password on the command line interface can be insecure.\n"
SYSTEM = "Database\ninformation_schema\nmysql\nperformance_schema\nsys\n"


@pytest.fixture(scope="module")
def served():
    c = Cluster(seed=3)
    c.run(f"cat <<EOF | kubectl apply -f -\n{SERVER}EOF")
    c.run("sim advance 60s")
    return c


def fresh(served) -> Cluster:
    return Cluster.restore(served.snapshot())


def run(c, line):
    out = c.run(line)
    return out.text, out.exit_code


def test_a_client_pod_runs_a_statement_against_the_service_and_exits(served):
    c = fresh(served)
    text, code = run(c, "kubectl run -i --rm --image=mysql:9 --restart=Never client -- "
                        "mysql -h mysql -ppassword -e 'SHOW DATABASES;'")
    assert (text, code) == (WARNING + SYSTEM + 'pod "client" deleted\n', 0)


def test_an_unknown_host_is_getaddrinfo_s_error_and_the_client_exits_1(served):
    c = fresh(served)
    text, code = run(c, "kubectl run -it --rm --image=mysql:9 --restart=Never client -- mysql -h nosuch -ppassword")
    assert code == 1
    assert text.startswith(WARNING + "ERROR 2005 (HY000): Unknown MySQL server host 'nosuch' (-2)\n")
    assert text.endswith("pod default/client terminated (Error)\n")


def test_a_service_with_nothing_behind_it_refuses_the_connection(served):
    c = fresh(served)
    c.run("kubectl run tools --image=mysql:9 --env=MYSQL_ALLOW_EMPTY_PASSWORD=yes --restart=Never")
    c.run("sim advance 30s")
    text, code = run(c, "kubectl exec tools -- mysql -h nodb -ppassword -e 'SELECT 1'")
    assert text == WARNING + "ERROR 2003 (HY000): Can't connect to MySQL server on 'nodb:3306' (111)\n" \
                             "command terminated with exit code 1\n"
    assert code == 1


def test_a_wrong_password_is_the_server_s_access_denied_naming_the_client_s_address(served):
    c = fresh(served)
    c.run("kubectl run tools --image=mysql:9 --env=MYSQL_ALLOW_EMPTY_PASSWORD=yes --restart=Never")
    c.run("sim advance 30s")
    ip = c.get("pods", "tools")["status"]["podIP"]
    text, _ = run(c, "kubectl exec tools -- mysql -h mysql -pnope -e 'SELECT 1'")
    assert f"ERROR 1045 (28000): Access denied for user 'root'@'{ip}' (using password: YES)\n" in text


def test_exec_in_the_server_pod_uses_the_local_socket(served):
    c = fresh(served)
    pod = c.run("kubectl get pods -l app=mysql -o name").text.strip()
    assert run(c, f"kubectl exec {pod} -- mysql -ppassword -e 'SHOW DATABASES;'") == (WARNING + SYSTEM, 0)
    text, code = run(c, f"kubectl exec {pod} -- mysql -ppassword -e 'USE nope'")
    assert text == WARNING + "ERROR 1049 (42000) at line 1: Unknown database 'nope'\ncommand terminated with exit code 1\n"


def test_at_the_prompt_statements_end_with_a_semicolon_and_print_tables(served):
    c = fresh(served)
    pod = c.run("kubectl get pods -l app=mysql -o name").text.strip()
    out = c.run(f"kubectl exec -it {pod} -- mysql -ppassword")
    assert out.text.startswith(WARNING + "Welcome to the MySQL monitor.  Commands end with ; or \\g.\n")
    assert "Server version: 9.3.0 MySQL Community Server - GPL\n" in out.text
    assert out.prompt == "mysql> "
    assert c.run("CREATE DATABASE shop;").text == "Query OK, 1 row affected (0.01 sec)\n\n"
    out = c.run("SHOW DATABASES")
    assert (out.text, out.prompt) == ("", "    -> ")
    assert c.run(";").text == ("+--------------------+\n| Database           |\n+--------------------+\n"
                               "| information_schema |\n| mysql              |\n| performance_schema |\n"
                               "| shop               |\n| sys                |\n+--------------------+\n"
                               "5 rows in set (0.00 sec)\n\n")
    assert c.run("USE shop;").text == "Database changed\n"
    assert c.run("SHOW TABLES;").text == "Empty set (0.00 sec)\n\n"
    assert c.run("SELEC 1;").text == ("ERROR 1064 (42000): You have an error in your SQL syntax; check the manual "
                                      "that corresponds to your MySQL server version for the right syntax to use "
                                      "near 'SELEC 1' at line 1\n")
    out = c.run("exit")
    assert (out.text, out.prompt) == ("Bye\n", None)


def test_the_page_s_client_session_keeps_its_prompt_until_exit_and_ctrl_d_says_bye(served):
    from clusters.console import EOF

    c = fresh(served)
    out = c.run("kubectl run -it --rm --image=mysql:9 --restart=Never mysql-client -- mysql -h mysql -ppassword")
    assert (out.text, out.prompt) == ("If you don't see a command prompt, try pressing enter.\n", "mysql> ")
    assert c.run("SELECT 1;").text == "+---+\n| 1 |\n+---+\n| 1 |\n+---+\n1 row in set (0.00 sec)\n\n"
    out = c.run(EOF)
    assert (out.text, out.prompt) == ('Bye\npod "mysql-client" deleted\n', None)
    assert c.run("kubectl get pod mysql-client").exit_code == 1


def test_the_session_replays_to_the_same_cluster(served):
    c = fresh(served)
    c.run("kubectl run -it --rm --image=mysql:9 --restart=Never mysql-client -- mysql -h mysql -ppassword")
    c.run("CREATE DATABASE shop;")
    again = Cluster.replay(c.spec, c.seed, c.journal)
    assert again.state_digest() == c.state_digest()
    assert again.prompt() == "mysql> "
