"""kubernetes.io's "Example: Deploying WordPress and MySQL with Persistent Volumes", typed unchanged
but for its downloads and minikube.

- kubernetes/website content/en/docs/tutorials/stateful-application/mysql-wordpress-persistent-volume.md
The console host is offline, so the page's ``curl -LO https://k8s.io/examples/...`` fails; a learner
writes the two files instead (written here to describe the same objects). ``kubectl apply -k ./``
builds the kustomization as kubectl 1.32's kustomize does: the Secret's suffix is the one
/usr/bin/kubectl kustomize prints for password=YOUR_PASSWORD (the page's c57bb4t7mf came from an
older kustomize), and both Deployments read the generated Secret by its hashed name. The page's
``minikube service wordpress --url`` has no minikube here: a node's INTERNAL-IP and the Service's
NodePort reach WordPress from the console host, which sends the browser to its installer.
"""
from clusters import Cluster

MYSQL = """apiVersion: v1
kind: Service
metadata:
  name: wordpress-mysql
  labels:
    app: wordpress
spec:
  clusterIP: None
  selector:
    app: wordpress
    tier: mysql
  ports:
  - port: 3306
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: mysql-pv-claim
  labels:
    app: wordpress
spec:
  accessModes: ["ReadWriteOnce"]
  resources:
    requests:
      storage: 20Gi
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: wordpress-mysql
  labels:
    app: wordpress
spec:
  strategy:
    type: Recreate
  selector:
    matchLabels:
      app: wordpress
      tier: mysql
  template:
    metadata:
      labels:
        app: wordpress
        tier: mysql
    spec:
      containers:
      - name: mysql
        image: mysql:8.0
        env:
        - name: MYSQL_ROOT_PASSWORD
          valueFrom:
            secretKeyRef:
              name: mysql-pass
              key: password
        - name: MYSQL_DATABASE
          value: wordpress
        - name: MYSQL_USER
          value: wordpress
        - name: MYSQL_PASSWORD
          valueFrom:
            secretKeyRef:
              name: mysql-pass
              key: password
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
WORDPRESS = """apiVersion: v1
kind: Service
metadata:
  name: wordpress
  labels:
    app: wordpress
spec:
  type: LoadBalancer
  selector:
    app: wordpress
    tier: frontend
  ports:
  - port: 80
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: wp-pv-claim
  labels:
    app: wordpress
spec:
  accessModes: ["ReadWriteOnce"]
  resources:
    requests:
      storage: 20Gi
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: wordpress
  labels:
    app: wordpress
spec:
  strategy:
    type: Recreate
  selector:
    matchLabels:
      app: wordpress
      tier: frontend
  template:
    metadata:
      labels:
        app: wordpress
        tier: frontend
    spec:
      containers:
      - name: wordpress
        image: wordpress:6.2.1-apache
        env:
        - name: WORDPRESS_DB_HOST
          value: wordpress-mysql
        - name: WORDPRESS_DB_PASSWORD
          valueFrom:
            secretKeyRef:
              name: mysql-pass
              key: password
        - name: WORDPRESS_DB_USER
          value: wordpress
        ports:
        - name: wordpress
          containerPort: 80
        volumeMounts:
        - name: wordpress-persistent-storage
          mountPath: /var/www/html
      volumes:
      - name: wordpress-persistent-storage
        persistentVolumeClaim:
          claimName: wp-pv-claim
"""
SECRET = "mysql-pass-5m26tmdb5k"  # /usr/bin/kubectl kustomize (1.32, kustomize v5.5.0) for password=YOUR_PASSWORD


def _kustomized():
    c = Cluster(seed=3)
    c.run("cat <<EOF >./kustomization.yaml\nsecretGenerator:\n- name: mysql-pass\n  literals:\n"
          "  - password=YOUR_PASSWORD\nEOF")
    c.run(f"cat <<'EOF' > mysql-deployment.yaml\n{MYSQL}EOF")
    c.run(f"cat <<'EOF' > wordpress-deployment.yaml\n{WORDPRESS}EOF")
    c.run("cat <<EOF >>./kustomization.yaml\nresources:\n  - mysql-deployment.yaml\n  - wordpress-deployment.yaml\nEOF")
    return c


def test_the_pages_downloads_fail_offline():
    c = Cluster(seed=3)
    out = c.run("curl -LO https://k8s.io/examples/application/wordpress/mysql-deployment.yaml")
    assert (out.text, out.exit_code) == ("curl: (6) Could not resolve host: k8s.io\n", 6)


def test_apply_k_creates_the_secret_and_both_tiers_in_kustomizes_order():
    c = _kustomized()
    assert c.run("kubectl apply -k ./").text == (
        f"secret/{SECRET} created\nservice/wordpress created\nservice/wordpress-mysql created\n"
        "persistentvolumeclaim/mysql-pv-claim created\npersistentvolumeclaim/wp-pv-claim created\n"
        "deployment.apps/wordpress created\ndeployment.apps/wordpress-mysql created\n")
    assert c.run("kubectl get secrets").text.splitlines()[1].split()[:3] == [SECRET, "Opaque", "1"]
    # kustomize renamed the references to the generated Secret
    env = c.get("deployments", "wordpress-mysql")["spec"]["template"]["spec"]["containers"][0]["env"]
    assert [e["valueFrom"]["secretKeyRef"]["name"] for e in env if "valueFrom" in e] == [SECRET, SECRET]


def test_the_claims_bind_the_pods_run_and_wordpress_answers_on_a_node_port():
    c = _kustomized()
    c.run("kubectl apply -k ./")
    c.run("sim advance 90s")
    claims = [row.split() for row in c.run("kubectl get pvc").text.splitlines()[1:]]
    assert [(r[0], r[1], r[3], r[4], r[5]) for r in claims] == [
        ("mysql-pv-claim", "Bound", "20Gi", "RWO", "standard"), ("wp-pv-claim", "Bound", "20Gi", "RWO", "standard")]
    assert all(r[2].startswith("pvc-") for r in claims)
    pods = [row.split() for row in c.run("kubectl get pods").text.splitlines()[1:]]
    assert [(p[0].rsplit("-", 2)[0], p[1], p[2]) for p in pods] == [("wordpress", "1/1", "Running"),
                                                                      ("wordpress-mysql", "1/1", "Running")]
    svc = c.run("kubectl get services wordpress").text.splitlines()[1].split()
    assert svc[:2] == ["wordpress", "LoadBalancer"] and svc[3] == "<pending>" and svc[4].startswith("80:")
    assert c.run("kubectl logs deployment/wordpress").text.startswith(
        "WordPress not found in /var/www/html - copying now...\n"
        "Complete! WordPress has been successfully copied to /var/www/html\n")
    # Instead of `minikube service wordpress --url`: a node's address and the NodePort.
    node_ip = c.run("kubectl get nodes -o jsonpath='{.items[0].status.addresses[0].address}'").text
    node_port = svc[4].split(":")[1].split("/")[0]
    head = c.run(f"curl -sI http://{node_ip}:{node_port}/").text
    assert head.startswith("HTTP/1.1 302 Found\r\n") and \
        f"Location: http://{node_ip}:{node_port}/wp-admin/install.php\r\n" in head
    assert "<title>WordPress &rsaquo; Installation</title>" in \
        c.run(f"curl -sL http://{node_ip}:{node_port}/wp-admin/install.php").text


def test_wordpress_without_its_database_shows_the_database_error():
    c = _kustomized()
    c.run("kubectl apply -k ./")
    c.run("sim advance 90s")
    c.run("kubectl scale deployment wordpress-mysql --replicas=0")
    c.run("sim advance 60s")
    c.run("kubectl port-forward svc/wordpress 8080:80")
    out = c.run("curl -s localhost:8080").text
    assert out.startswith("Handling connection for 8080\n") and "<h1>Error establishing a database connection</h1>" in out


def test_delete_k_removes_what_apply_k_made():
    c = _kustomized()
    c.run("kubectl apply -k ./")
    assert c.run("kubectl delete -k ./").text == (
        f'secret "{SECRET}" deleted\nservice "wordpress" deleted\nservice "wordpress-mysql" deleted\n'
        'persistentvolumeclaim "mysql-pv-claim" deleted\npersistentvolumeclaim "wp-pv-claim" deleted\n'
        'deployment.apps "wordpress" deleted\ndeployment.apps "wordpress-mysql" deleted\n')
