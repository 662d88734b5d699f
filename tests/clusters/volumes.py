"""Factories for the storage tests: claims and pods that mount them, as YAML a learner would apply."""


def claim(name="data", modes="[ReadWriteOnce]", klass="", size="1Gi", labels=""):
    k = f"  storageClassName: {klass}\n" if klass else ""
    lab = f"  labels: {labels}\n" if labels else ""
    return (f"apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: {name}\n{lab}spec:\n{k}"
            f"  accessModes: {modes}\n  resources: {{requests: {{storage: {size}}}}}\n")


def pod(name="user", claim_name="data", node=""):
    n = f"  nodeName: {node}\n" if node else ""
    return (f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n{n}  containers:\n  - name: app\n"
            f"    image: busybox\n    command: [sleep, \"3600\"]\n    volumeMounts: [{{name: data, mountPath: /data}}]\n"
            f"  volumes:\n  - name: data\n    persistentVolumeClaim: {{claimName: {claim_name}}}\n")


def apply(cluster, *docs):
    out = cluster.run("kubectl apply -f - <<EOF\n" + "---\n".join(docs) + "EOF")
    assert out.exit_code == 0, out.text
    return out
