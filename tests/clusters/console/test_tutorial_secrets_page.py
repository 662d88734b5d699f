"""kubernetes.io's "Distribute Credentials Securely Using Secrets" typed unchanged.

- kubernetes/website content/en/docs/tasks/inject-data-application/distribute-credentials-secure.md
The manifests are written here to describe the same objects. The pods run nginx, whose /bin/sh
is Debian's dash: its echo turns ``\\n`` into newlines, and ``env`` lists the variables in dash's
hash order, so ``env | grep _USERNAME`` shows DB_USERNAME first, as the page does.
"""
from clusters import Cluster

SECRET = """apiVersion: v1
kind: Secret
metadata:
  name: test-secret
data:
  username: bXktYXBw
  password: Mzk1MjgkdmRnN0pi
"""
SECRET_POD = """apiVersion: v1
kind: Pod
metadata:
  name: secret-test-pod
spec:
  containers:
    - name: test-container
      image: nginx
      volumeMounts:
        - name: secret-volume
          mountPath: /etc/secret-volume
          readOnly: true
  volumes:
    - name: secret-volume
      secret:
        secretName: test-secret
"""


def _env_pod(name, env):
    return f"""apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
  containers:
  - name: envars-test-container
    image: nginx
{env}"""


def _secret_ref(var, secret, key):
    return (f"    - name: {var}\n      valueFrom:\n        secretKeyRef:\n          name: {secret}\n"
            f"          key: {key}\n")


def create(c, manifest, verb="create"):
    return c.run(f"cat <<'EOF' | kubectl {verb} -f -\n{manifest}EOF").text


def test_it_encodes_creates_describes_and_mounts_a_secret():
    c = Cluster(seed=3)
    assert c.run("echo -n 'my-app' | base64").text == "bXktYXBw\n"
    assert c.run("echo -n '39528$vdg7Jb' | base64").text == "Mzk1MjgkdmRnN0pi\n"
    assert create(c, SECRET, "apply") == "secret/test-secret created\n"
    assert c.run("kubectl get secret test-secret").text.splitlines()[1].split()[:3] == ["test-secret", "Opaque", "2"]
    assert c.run("kubectl describe secret test-secret").text.endswith(
        "Type:  Opaque\n\nData\n====\npassword:  12 bytes\nusername:  6 bytes\n")  # the page's 13 and 7 counted echo's newline
    assert create(c, SECRET_POD, "apply") == "pod/secret-test-pod created\n"
    c.run("sim advance 20s")
    assert c.run("kubectl get pod secret-test-pod").text.splitlines()[1].split()[:3] == ["secret-test-pod", "1/1", "Running"]
    assert c.run("kubectl exec secret-test-pod -- ls /etc/secret-volume").text == "password\nusername\n"
    shown = c.run("kubectl exec secret-test-pod -- sh -c 'cd /etc/secret-volume; "
                  "echo \"$( cat /etc/secret-volume/username )\"; echo \"$( cat /etc/secret-volume/password )\"'")
    assert shown.text == "my-app\n39528$vdg7Jb\n"


def test_it_sets_environment_variables_from_one_or_several_secrets_and_envfrom():
    c = Cluster(seed=3)
    assert c.run("kubectl create secret generic backend-user --from-literal=backend-username='backend-admin'").text == \
        "secret/backend-user created\n"
    create(c, _env_pod("env-single-secret", "    env:\n" + _secret_ref("SECRET_USERNAME", "backend-user",
                                                                        "backend-username")))
    c.run("kubectl create secret generic db-user --from-literal=db-username='db-admin'")
    create(c, _env_pod("envvars-multiple-secrets", "    env:\n" + _secret_ref("BACKEND_USERNAME", "backend-user",
                                                                                "backend-username")
                       + _secret_ref("DB_USERNAME", "db-user", "db-username")))
    c.run("kubectl create secret generic test-secret --from-literal=username='my-app' --from-literal=password='39528$vdg7Jb'")
    create(c, _env_pod("envfrom-secret", "    envFrom:\n    - secretRef:\n        name: test-secret\n"))
    c.run("sim advance 20s")
    assert c.run("kubectl exec -i -t env-single-secret -- /bin/sh -c 'echo $SECRET_USERNAME'").text == "backend-admin\n"
    assert c.run("kubectl exec -i -t envvars-multiple-secrets -- /bin/sh -c 'env | grep _USERNAME'").text == \
        "DB_USERNAME=db-admin\nBACKEND_USERNAME=backend-admin\n"
    assert c.run("kubectl exec -i -t envfrom-secret -- /bin/sh -c 'echo \"username: $username\\npassword: $password\\n\"'"
                 ).text == "username: my-app\npassword: 39528$vdg7Jb\n\n"


def test_prod_and_test_credentials_with_special_characters_and_a_list_of_pods():
    c = Cluster(seed=3)
    assert c.run("kubectl create secret generic prod-db-secret --from-literal=username=produser "
                 "--from-literal=password=Y4nys7f11").text == "secret/prod-db-secret created\n"
    c.run("kubectl create secret generic test-db-secret --from-literal=username=testuser --from-literal=password=iluvtests")
    c.run("kubectl create secret generic dev-db-secret --from-literal=username=devuser --from-literal=password='S!B\\*d$zDsb='")
    assert c.run("kubectl get secret dev-db-secret -o jsonpath='{.data.password}' | base64 -d").text == "S!B\\*d$zDsb="
    pods = "".join(f"""- kind: Pod
  apiVersion: v1
  metadata:
    name: {env}-db-client-pod
    labels:
      name: {env}-db-client
  spec:
    volumes:
    - name: secret-volume
      secret:
        secretName: {env}-db-secret
    containers:
    - name: db-client-container
      image: myClientImage
      volumeMounts:
      - name: secret-volume
        readOnly: true
        mountPath: "/etc/secret-volume"
""" for env in ("prod", "test"))
    c.run(f"cat <<EOF > pod.yaml\napiVersion: v1\nkind: List\nitems:\n{pods}EOF")
    assert c.run("kubectl create -f pod.yaml").text == "pod/prod-db-client-pod created\npod/test-db-client-pod created\n"
    c.run("sim advance 20s")
    # The page's placeholder image is no image reference: the kubelet cannot pull it.
    assert c.run("kubectl get pod prod-db-client-pod").text.splitlines()[1].split()[2] == "InvalidImageName"
