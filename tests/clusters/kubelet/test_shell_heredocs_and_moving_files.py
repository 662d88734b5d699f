"""What tutorials type at a pod's prompt: a here-document read from the lines after it (the shell
at its PS2 ``> `` meanwhile), and mv, cp -r, rmdir and chmod in busybox's and GNU coreutils'
words (busybox coreutils/mv.c, cp.c, rmdir.c, chmod.c; GNU mv.c, cp.c, rmdir.c, chmod.c), on the
container's layer, an emptyDir and a hostPath volume. Manifests written here."""
from clusters import Cluster

NGINX_WITH_SCRATCH = """apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  volumes:
  - name: scratch
    emptyDir: {}
  - name: node-dir
    hostPath:
      path: /mnt/data
      type: DirectoryOrCreate
  containers:
  - name: nginx
    image: nginx
    volumeMounts:
    - name: scratch
      mountPath: /scratch
    - name: node-dir
      mountPath: /mnt/data
"""


def _cluster() -> Cluster:
    c = Cluster(seed=5)
    c.run(f"cat <<EOF | kubectl apply -f -\n{NGINX_WITH_SCRATCH}EOF")
    c.run("kubectl run bb --image=busybox -- sleep 3600")
    c.run("sim advance 30s")
    return c


def test_it_reads_a_heredoc_typed_line_by_line_at_the_ps2_prompt():
    c = _cluster()
    assert c.run("kubectl exec -it bb -- sh").prompt == "/ # "
    c.run("mkdir -p /mnt/data")
    seen = [c.run(line) for line in ("cat <<EOF > /mnt/data/nginx.conf", "server {", "  listen 80;", "}")]
    assert [(o.text, o.prompt) for o in seen] == [("", "> ")] * 4
    out = c.run("EOF")
    assert (out.text, out.exit_code, out.prompt) == ("", 0, "/ # ")
    assert c.run("cat /mnt/data/nginx.conf").text == "server {\n  listen 80;\n}\n"
    # an unquoted delimiter expands the body; a quoted one keeps it as typed
    for line in ("X=1; cat <<EOF", "x is $X", "EOF"):
        out = c.run(line)
    assert out.text == "x is 1\n"
    for line in ("cat <<'EOF'", "x is $X", "EOF"):
        out = c.run(line)
    assert out.text == "x is $X\n"


def test_ctrl_d_at_the_ps2_prompt_ends_the_heredoc_not_the_shell_and_bash_warns():
    """bash 5.2 (make_cmd.c) warns with the line the here-document began on, counting the lines the
    shell has read; busybox ash runs the command without a word (both checked on real shells)."""
    c = _cluster()
    c.run("kubectl exec -it web -- bash")
    c.run("echo hi")
    for line in ("cat <<EOF > /tmp/note", "first line"):
        assert c.run(line).prompt == "> "
    out = c.run("\x04")
    assert (out.text, out.exit_code) == ("bash: warning: here-document at line 2 delimited by end-of-file "
                                         "(wanted `EOF')\n", 0)
    assert out.prompt.endswith("# ")
    assert c.run("cat /tmp/note").text == "first line\n"
    assert c.run("exit").prompt is None
    c.run("kubectl exec -it bb -- sh")
    c.run("cat <<END")
    c.run("from ash")
    out = c.run("\x04")
    assert (out.text, out.prompt) == ("from ash\n", "/ # ")
    out = c.run("\x04")  # at the shell's own prompt, end of input ends it
    assert out.prompt is None


def test_it_runs_a_heredoc_inside_sh_c_given_to_kubectl_exec():
    c = _cluster()
    out = c.run("kubectl exec bb -- sh -c 'cat <<EOF > /tmp/f\nhello from $HOSTNAME\nEOF\ncat /tmp/f'")
    assert (out.text, out.exit_code) == ("hello from bb\n", 0)


def test_it_moves_copies_and_removes_directories_in_busybox_words():
    c = _cluster()
    c.run("kubectl exec -it bb -- sh")
    for line in ("mkdir /tmp/x", "cd /tmp/x", "touch a"):
        assert c.run(line).text == ""
    assert c.run("mv a b").text == ""
    out = c.run("mv a b")
    assert (out.text, out.exit_code) == ("mv: can't rename 'a': No such file or directory\n", 1)
    assert c.run("rmdir /tmp/x").text == "rmdir: '/tmp/x': Directory not empty\n"
    assert c.run("rmdir nope").text == "rmdir: 'nope': No such file or directory\n"
    assert c.run("cp /tmp/x /tmp/z").text == "cp: omitting directory '/tmp/x'\n"
    assert c.run("cp -r /tmp/x /tmp/y").text == ""
    assert c.run("ls -R /tmp").text == "/tmp:\nx  y\n\n/tmp/x:\nb\n\n/tmp/y:\nb\n"  # to the terminal: columns
    assert c.run("cp nope /tmp").text == "cp: can't stat 'nope': No such file or directory\n"
    c.run("rm /tmp/x/b")
    assert (c.run("rmdir /tmp/x").exit_code, c.run("ls /tmp").text) == (0, "y\n")
    assert c.run("chmod 600 nope").text == "chmod: nope: No such file or directory\n"
    assert c.run("chmod zz /tmp/y").text == "chmod: invalid mode 'zz'\n"


def test_it_moves_files_between_an_emptydir_and_a_hostpath_in_gnu_words():
    c = _cluster()
    c.run("kubectl exec -it web -- bash")
    c.run("mkdir /scratch/d")
    c.run("echo hi > /scratch/d/f")
    assert c.run("mv /scratch/d /mnt/data").text == ""
    assert c.run("ls /scratch /mnt/data/d").text == "/mnt/data/d:\nf\n\n/scratch:\n"
    assert c.run("cat /mnt/data/d/f").text == "hi\n"
    assert c.run("mv nope x").text == "mv: cannot stat 'nope': No such file or directory\n"
    assert c.run("cp nope x").text == "cp: cannot stat 'nope': No such file or directory\n"
    assert c.run("cp /mnt/data/d /tmp").text == "cp: -r not specified; omitting directory '/mnt/data/d'\n"
    assert c.run("rmdir /mnt/data/d").text == "rmdir: failed to remove '/mnt/data/d': Directory not empty\n"
    assert c.run("chmod 600 nope").text == "chmod: cannot access 'nope': No such file or directory\n"
    # the node's disk keeps the mode chmod gives
    c.run("chmod 600 /mnt/data/d/f")
    assert c.run("ls -l /mnt/data/d").text.splitlines()[1].startswith("-rw------- 1 root root 3 ")
    c.run("rm /mnt/data/d/f")
    assert (c.run("rmdir /mnt/data/d").text, c.run("ls /mnt/data").text) == ("", "")
