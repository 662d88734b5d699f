"""kubernetes.io's "Run a Single-Instance Stateful Application" (MySQL with a PersistentVolume), typed unchanged.

- kubernetes/website content/en/docs/tasks/run-application/run-single-instance-stateful-application.md
Its two manifests are pasted (written here to describe the same objects: a manual hostPath PV and its
claim; a headless Service and a Recreate Deployment of mysql:9). What the page shows of describe,
get and delete is asserted, and its client session (kubectl run -it ... -- mysql -h mysql -ppassword)
reaches the server through the headless Service (tests/clusters/console/test_mysql_client.py has the rest).
"""
from clusters import Cluster

PV = """apiVersion: v1
kind: PersistentVolume
metadata:
  name: mysql-pv-volume
  labels:
    type: local
spec:
  storageClassName: manual
  capacity:
    storage: 20Gi
  accessModes:
  - ReadWriteOnce
  hostPath:
    path: "/mnt/data"
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: mysql-pv-claim
spec:
  storageClassName: manual
  accessModes:
  - ReadWriteOnce
  resources:
    requests:
      storage: 20Gi
"""
MYSQL = """apiVersion: v1
kind: Service
metadata:
  name: mysql
spec:
  clusterIP: None
  selector:
    app: mysql
  ports:
  - port: 3306
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: mysql
spec:
  selector:
    matchLabels:
      app: mysql
  strategy:
    type: Recreate
  template:
    metadata:
      labels:
        app: mysql
    spec:
      containers:
      - name: mysql
        image: mysql:9
        env:
        - name: MYSQL_ROOT_PASSWORD
          value: password
        ports:
        - name: mysql
          containerPort: 3306
        volumeMounts:
        - name: mysql-persistent-storage
          mountPath: /var/lib/mysql
      volumes:
      - name: mysql-persistent-storage
        persistentVolumeClaim:
          claimName: mysql-pv-claim
"""


def apply(c, manifest):
    return c.run(f"cat <<EOF | kubectl apply -f -\n{manifest}EOF")


def test_it_deploys_mysql_on_a_persistent_volume_as_the_page_shows():
    c = Cluster(seed=3)
    assert apply(c, PV).text == "persistentvolume/mysql-pv-volume created\npersistentvolumeclaim/mysql-pv-claim created\n"
    assert apply(c, MYSQL).text == "service/mysql created\ndeployment.apps/mysql created\n"
    described = c.run("kubectl describe deployment mysql").text
    for line in ("Selector:           app=mysql\n",
                 "Replicas:           1 desired | 1 updated | 1 total | 0 available | 1 unavailable\n",
                 "StrategyType:       Recreate\n", "    Image:      mysql:9\n", "    Port:       3306/TCP\n",
                 "      MYSQL_ROOT_PASSWORD:  password\n", "      /var/lib/mysql from mysql-persistent-storage (rw)\n",
                 "    Type:          PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n",
                 "    ClaimName:     mysql-pv-claim\n", "  Available      False   MinimumReplicasUnavailable\n",
                 "  Progressing    True    ReplicaSetUpdated\n"):
        assert line in described
    c.run("sim advance 60s")
    pods = c.run("kubectl get pods -l app=mysql").text.splitlines()
    assert len(pods) == 2 and pods[1].split()[1:4] == ["1/1", "Running", "0"]
    pvc = c.run("kubectl describe pvc mysql-pv-claim").text
    for line in ("StorageClass:  manual\n", "Status:        Bound\n", "Volume:        mysql-pv-volume\n",
                 "Annotations:   pv.kubernetes.io/bind-completed: yes\n",
                 "               pv.kubernetes.io/bound-by-controller: yes\n", "Capacity:      20Gi\n",
                 "Access Modes:  RWO\n", f"Used By:       {pods[1].split()[0]}\n", "Events:        <none>\n"):
        assert line in pvc
    assert "ready for connections" in c.run("kubectl logs deployment/mysql").text
    # The headless Service resolves straight to the pod, as the page says clusterIP: None does.
    ip = c.get("pods", pods[1].split()[0])["status"]["podIP"]
    c.run("kubectl run dns --image=busybox:1.28 --restart=Never -- sleep 3600")
    c.run("sim advance 20s")
    assert f"Address 1: {ip} " in c.run("kubectl exec dns -- nslookup mysql").text


def test_the_page_s_mysql_client_reaches_the_server_through_the_service_and_waits_at_its_prompt():
    c = Cluster(seed=3)
    apply(c, PV)
    apply(c, MYSQL)
    c.run("sim advance 60s")
    out = c.run("kubectl run -it --rm --image=mysql:9 --restart=Never mysql-client -- mysql -h mysql -ppassword")
    # The page's transcript: attach.go's hint, then mysql's prompt (its banner went out before kubectl attached)
    assert (out.text, out.exit_code, out.prompt) == ("If you don't see a command prompt, try pressing enter.\n", 0,
                                                     "mysql> ")
    assert "| performance_schema |" in c.run("SHOW DATABASES;").text
    out = c.run("exit")
    assert (out.text, out.prompt) == ('Bye\npod "mysql-client" deleted\n', None)


def test_it_deletes_the_deployment_service_claim_and_volume_by_name():
    c = Cluster(seed=3)
    apply(c, PV)
    apply(c, MYSQL)
    c.run("sim advance 60s")
    assert c.run("kubectl delete deployment,svc mysql").text == 'deployment.apps "mysql" deleted\nservice "mysql" deleted\n'
    assert c.run("kubectl delete pvc mysql-pv-claim").text == 'persistentvolumeclaim "mysql-pv-claim" deleted\n'
    assert c.run("kubectl delete pv mysql-pv-volume").text == 'persistentvolume "mysql-pv-volume" deleted\n'
    assert c.run("kubectl get pv,pvc").text == "No resources found\n"
