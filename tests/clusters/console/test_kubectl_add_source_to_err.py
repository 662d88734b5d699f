"""cmdutil.AddSourceToErr (kubectl/pkg/cmd/util/helpers.go): create, and apply when it
creates, prefix any API error with `error when creating "<source>": `."""
from clusters import Cluster

CM = """apiVersion: v1
kind: ConfigMap
metadata:
  name: a
  namespace: nope
"""


def test_create_and_apply_name_the_source_of_a_not_found_namespace():
    c = Cluster(seed=1)
    for verb in ("create", "apply"):
        out = c.run(f"cat <<X | kubectl {verb} -f -\n{CM}X")
        assert out.text == 'Error from server (NotFound): error when creating "STDIN": namespaces "nope" not found\n'
        assert out.exit_code == 1
