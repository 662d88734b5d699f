"""kubernetes.io's three "Managing Secrets" tasks, typed unchanged.

- kubernetes/website content/en/docs/tasks/configmap-secret/managing-secret-using-kubectl.md
- kubernetes/website content/en/docs/tasks/configmap-secret/managing-secret-using-config-file.md
- kubernetes/website content/en/docs/tasks/configmap-secret/managing-secret-using-kustomize.md
The console host's shell quotes, echoes and base64-encodes as bash and coreutils do; manifests and
kustomizations are written into files with heredocs, as a learner would paste them. ``kubectl edit``
opens the web console's editor pane, which a test cannot type into: the edit is made here with the
same change through ``kubectl patch``. The generated Secrets' suffixes are the ones kubectl 1.32's
bundled kustomize prints (checked against /usr/bin/kubectl kustomize; the pages show older ones).
"""
from clusters import Cluster

PASSWORD = "S!B\\*d$zDsb="  # the page's password, with its backslash


def test_it_creates_a_secret_from_literals_quoting_special_characters_and_decodes_it():
    c = Cluster(seed=3)
    assert c.run("kubectl create secret generic db-user-pass \\\n    --from-literal=username=admin \\\n"
                 "    --from-literal=password='S!B\\*d$zDsb='").text == "secret/db-user-pass created\n"
    [row] = [line.split() for line in c.run("kubectl get secrets").text.splitlines()[1:]]
    assert row[:3] == ["db-user-pass", "Opaque", "2"]
    described = c.run("kubectl describe secret db-user-pass").text
    assert described == c.run("kubectl describe secrets/db-user-pass").text
    assert described == ("Name:         db-user-pass\nNamespace:    default\nLabels:       <none>\n"
                         "Annotations:  <none>\n\nType:  Opaque\n\nData\n====\npassword:  12 bytes\n"
                         "username:  5 bytes\n")
    assert c.run("kubectl get secret db-user-pass -o jsonpath='{.data}'").text == \
        '{"password":"UyFCXCpkJHpEc2I9","username":"YWRtaW4="}'
    assert c.run("echo 'UyFCXCpkJHpEc2I9' | base64 --decode").text == PASSWORD
    assert c.run("kubectl get secret db-user-pass -o jsonpath='{.data.password}' | base64 --decode").text == PASSWORD
    # Unquoted, the shell eats what the page warns about: $zDsb expands to nothing and \* to *.
    c.run("kubectl create secret generic unquoted --from-literal=password=S!B\\*d$zDsb=")
    assert c.run("kubectl get secret unquoted -o jsonpath='{.data.password}' | base64 --decode").text == "S!B*d="
    assert c.run("kubectl delete secret db-user-pass").text == 'secret "db-user-pass" deleted\n'


def test_it_creates_a_secret_from_files_named_by_default_or_by_key():
    c = Cluster(seed=3)
    c.run("echo -n 'admin' > ./username.txt")
    c.run("echo -n 'S!B\\*d$zDsb=' > ./password.txt")
    assert c.run("kubectl create secret generic db-user-pass \\\n    --from-file=./username.txt \\\n"
                 "    --from-file=./password.txt").text == "secret/db-user-pass created\n"
    assert c.run("kubectl get secret db-user-pass -o jsonpath='{.data}'").text == \
        '{"password.txt":"UyFCXCpkJHpEc2I9","username.txt":"YWRtaW4="}'
    assert c.run("kubectl create secret generic db-user-pass --from-file=username=./username.txt").text == \
        'error: failed to create secret secrets "db-user-pass" already exists\n'
    c.run("kubectl delete secret db-user-pass")
    assert c.run("kubectl create secret generic db-user-pass \\\n    --from-file=username=./username.txt \\\n"
                 "    --from-file=password=./password.txt").text == "secret/db-user-pass created\n"
    assert c.run("kubectl get secret db-user-pass -o jsonpath='{.data.password}' | base64 --decode").text == PASSWORD
    # The page's older revision stored the values base64-encoded in the files: kubectl encodes them again.
    c.run("echo -n 'admin' | base64 > ./username.txt")
    c.run("kubectl create secret generic twice --from-file=username=./username.txt")
    assert c.run("kubectl get secret twice -o jsonpath='{.data.username}' | base64 --decode").text == "YWRtaW4=\n"


def test_kubectl_edit_opens_the_editor_and_the_same_edit_made_by_patch_changes_the_data():
    c = Cluster(seed=3)
    c.run("kubectl create secret generic db-user-pass --from-literal=username=admin --from-literal=password='S!B\\*d$zDsb='")
    # In the web console, edit opens the Secret in the editor pane; here there is no editor to type into.
    assert c.run("kubectl edit secrets db-user-pass").text.endswith("Edit cancelled, no changes made.\n")
    new = c.run("echo -n 'birdsarentreal' | base64").text.strip()
    assert c.run(f"""kubectl patch secret db-user-pass -p '{{"data":{{"password":"{new}"}}}}'""").text == \
        "secret/db-user-pass patched\n"
    assert c.run("kubectl get secret db-user-pass -o jsonpath='{.data.password}' | base64 --decode").text == \
        "birdsarentreal"


SECRET = """apiVersion: v1
kind: Secret
metadata:
  name: mysecret
type: Opaque
"""


LITERALS = "secretGenerator:\n- name: {name}\n  literals:\n  - username=admin\n  - password=1f2d1e2e67df\n"


def write(c, name, text):
    assert c.run(f"cat <<'EOF' > {name}\n{text}EOF").text == ""


def test_it_manages_a_secret_from_a_manifest_with_data_then_string_data():
    c = Cluster(seed=3)
    assert c.run("echo -n 'admin' | base64\necho -n '1f2d1e2e67df' | base64").text == "YWRtaW4=\nMWYyZDFlMmU2N2Rm\n"
    write(c, "secret.yaml", SECRET + "data:\n  username: YWRtaW4=\n  password: MWYyZDFlMmU2N2Rm\n")
    assert c.run("kubectl apply -f ./secret.yaml").text == "secret/mysecret created\n"
    assert c.run("kubectl get secret mysecret -o jsonpath='{.data.password}' | base64 --decode").text == "1f2d1e2e67df"
    # stringData is encoded by the API server into data and never stored (Convert_v1_Secret_To_core_Secret);
    # apply's three-way merge drops the keys the last applied manifest had and this one has not.
    write(c, "secret.yaml", SECRET + 'stringData:\n  config.yaml: |\n    apiUrl: "https://my.api.com/api/v1"\n'
          "    username: <user>\n    password: <password>\n")
    assert c.run("kubectl apply -f ./secret.yaml").text == "secret/mysecret configured\n"
    got = c.run("kubectl get secret mysecret -o yaml").text
    assert got.startswith("apiVersion: v1\ndata:\n  config.yaml: YXBpVXJsOiAiaHR0cHM6Ly9teS5hcGkuY29tL2FwaS92MSIKdXNlcm5hbWU6"
                          "IDx1c2VyPgpwYXNzd29yZDogPHBhc3N3b3JkPgo=\nkind: Secret\n")
    assert "\nstringData:" not in got and got.endswith("\ntype: Opaque\n")
    # Both: stringData's value wins; the page creates this one afresh.
    c.run("kubectl delete secret mysecret")
    write(c, "secret.yaml", SECRET + "data:\n  username: YWRtaW4=\nstringData:\n  username: administrator\n")
    assert c.run("kubectl apply -f ./secret.yaml").text == "secret/mysecret created\n"
    assert c.run("kubectl get secret mysecret -o jsonpath='{.data}'").text == '{"username":"YWRtaW5pc3RyYXRvcg=="}'
    assert c.run("echo 'YWRtaW5pc3RyYXRvcg==' | base64 --decode").text == "administrator"


def test_it_edits_a_manifest_secret_by_applying_the_changed_file():
    c = Cluster(seed=3)
    write(c, "secret.yaml", SECRET + "data:\n  username: YWRtaW4=\n  password: MWYyZDFlMmU2N2Rm\n")
    c.run("kubectl apply -f ./secret.yaml")
    uid = c.get("secrets", "mysecret")["metadata"]["uid"]
    assert c.run("echo -n 'birdsarentreal' | base64").text == "YmlyZHNhcmVudHJlYWw=\n"
    write(c, "secret.yaml", SECRET + "data:\n  username: YWRtaW4=\n  password: YmlyZHNhcmVudHJlYWw=\n")
    assert c.run("kubectl apply -f ./secret.yaml").text == "secret/mysecret configured\n"
    assert c.get("secrets", "mysecret")["metadata"]["uid"] == uid  # the same object, updated
    assert c.run("kubectl get secret mysecret -o jsonpath='{.data.password}' | base64 --decode").text == "birdsarentreal"
    assert c.run("kubectl delete secret mysecret").text == 'secret "mysecret" deleted\n'


def test_it_generates_secrets_with_kustomize_from_literals_files_and_env_files():
    c = Cluster(seed=3)
    c.run("mkdir literals files envs")
    write(c, "literals/kustomization.yaml", LITERALS.format(name="database-creds"))
    assert c.run("kubectl apply -k literals").text == "secret/database-creds-bkbd782d2c created\n"
    # The console's cd does not move (clusters/console/files.py): the files go into the directory by path.
    c.run("echo -n 'admin' > ./files/username.txt && echo -n '1f2d1e2e67df' > ./files/password.txt")
    write(c, "files/kustomization.yaml",
          "secretGenerator:\n- name: database-creds\n  files:\n  - username.txt\n  - password.txt\n")
    assert c.run("kubectl apply -k ./files").text == "secret/database-creds-gd995d5t92 created\n"
    write(c, "envs/.env.secret", "username=admin\npassword=1f2d1e2e67df\n")
    write(c, "envs/kustomization.yaml", "secretGenerator:\n- name: db-user-pass\n  envs:\n  - .env.secret\n")
    assert c.run("kubectl apply -k envs/").text == "secret/db-user-pass-bkbd782d2c created\n"
    assert c.run("kubectl get secret database-creds-gd995d5t92 -o jsonpath='{.data}'").text == \
        '{"password.txt":"MWYyZDFlMmU2N2Rm","username.txt":"YWRtaW4="}'
    described = c.run("kubectl describe secrets/db-user-pass-bkbd782d2c").text
    assert described.endswith("Data\n====\npassword:  12 bytes\nusername:  5 bytes\n")
    assert c.run("kubectl get secret db-user-pass-bkbd782d2c -o jsonpath='{.data.password}' | base64 --decode").text == \
        "1f2d1e2e67df"


def test_editing_a_kustomize_secret_creates_a_new_secret_beside_the_old():
    c = Cluster(seed=3)
    c.run("mkdir creds")
    write(c, "creds/kustomization.yaml", LITERALS.format(name="db-user-pass"))
    assert c.run("kubectl apply -k creds").text == "secret/db-user-pass-bkbd782d2c created\n"
    c.run("sed -i 's/password=1f2d1e2e67df/password=birdsarentreal/' creds/kustomization.yaml")
    created = c.run("kubectl apply -k creds").text
    assert created.startswith("secret/db-user-pass-") and created.endswith(" created\n")
    assert created != "secret/db-user-pass-bkbd782d2c created\n"
    names = [line.split()[0] for line in c.run("kubectl get secrets").text.splitlines()[1:]]
    assert names == sorted(["db-user-pass-bkbd782d2c", created.split("/")[1].split()[0]])
    assert c.run("kubectl delete secret db-user-pass-bkbd782d2c").text == 'secret "db-user-pass-bkbd782d2c" deleted\n'
