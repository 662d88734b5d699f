"""A lab's "try this" blocks paste into the console as a learner would type them:
a heredoc's body keeps its indentation (YAML means it), and every block runs on
the lab's own cluster without a shell or YAML error."""
import pytest

import labs
from labs.model import console_blocks, console_lines


def test_console_lines_keep_heredoc_bodies_as_written():
    block = """$ kubectl get pods   # look first
# a comment
cat <<'EOF' | kubectl apply -f -
apiVersion: v1
kind: ConfigMap
metadata:
  name: x
data:
  # kept: inside the heredoc this is YAML, not a shell comment
  k: v
EOF
$ kubectl get cm x
"""
    assert console_lines(block) == [
        "kubectl get pods   # look first",
        "cat <<'EOF' | kubectl apply -f -",
        "apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: x", "data:",
        "  # kept: inside the heredoc this is YAML, not a shell comment", "  k: v", "EOF",
        "kubectl get cm x",
    ]


def _commands(lines):
    """Lines as the console assembles them: a heredoc's body joins its command."""
    out, i = [], 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if "<<" in line:
            body = [line]
            delim = line.split("<<", 1)[1].strip().split()[0].strip("'\"-")
            while i < len(lines):
                body.append(lines[i])
                i += 1
                if lines[i - 1].strip() == delim:
                    break
            line = "\n".join(body)
        out.append(line)
    return out


BROKEN = ("error parsing", "error converting YAML", "did not find expected", "command not found",
          "unexpected EOF", "mapping values are not allowed")


@pytest.mark.parametrize("slug", labs.slugs())
def test_every_try_this_block_runs_on_the_labs_cluster(slug):
    lab = labs.load(slug)
    cluster = lab.new_cluster()
    blocks = [(s.file, s.try_this()) for s in lab.background]
    blocks += [(f"lab.yaml step {st.id}", console_blocks(st.instructions)) for st in lab.steps]
    for where, lines in blocks:
        for command in _commands(lines):
            text = cluster.run(command).text
            assert not any(b in text for b in BROKEN), f"{where}: {command!r} printed {text!r}"
            if "<<" in command:  # a manifest the lab hands over must apply cleanly
                assert "error" not in text.lower(), f"{where}: {command!r} printed {text!r}"
