"""``kubectl edit`` in tests, as the web console runs it (platform/kubelab/hosting/editing.py).

The console language has no editor; the web console turns ``kubectl edit KIND NAME`` into ``kubectl get
KIND NAME -o yaml > FILE`` with the typed line as a comment, opens FILE, and saving it writes the text back
and runs ``kubectl apply -f FILE`` (so the console prints "configured" where kubectl prints "edited").
"""


def edit(c, kind: str, name: str, old: str, new: str) -> str:
    """Edit ``old`` into ``new`` in KIND NAME's YAML and save: what the apply prints."""
    path = f"/tmp/kubectl-edit-{kind}-{name}.yaml"
    c.run(f"kubectl get {kind} {name} -o yaml > {path}  # kubectl edit {kind} {name}")
    text = c.run(f"cat {path}").text
    assert old in text
    return c.run(f"cat > {path} <<'KUBELAB_EOF'\n{text.replace(old, new)}KUBELAB_EOF\n"
                 f"kubectl apply -f {path}  # kubectl edit {kind} {name}").text
