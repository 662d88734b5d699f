"""sed's substitute command in the pods' shell (clusters/kubelet/sed.py), as GNU and busybox sed run it:
the replicated MySQL page's sidecar strips a trailing semicolon with ``sed -E 's/;$//g'``."""
from clusters.kubelet import shell, utilities


class _Files:
    def __init__(self, files: dict):
        self.files = files

    def exists(self, p):
        return p in self.files

    def read(self, p):
        return self.files.get(p)


def _run(script: str, files: dict | None = None) -> tuple[int, str]:
    ctx = shell.Env({}, _Files(files or {}), "pod", lambda o: "date", shell="bash",
                    shells={"sh": utilities.BASH, "bash": utilities.BASH})
    return shell.run(["bash", "-c", script], ctx)


def test_it_strips_the_trailing_semicolon_of_a_change_master_to():
    files = {"/var/lib/mysql/xtrabackup_slave_info":
             "CHANGE MASTER TO MASTER_LOG_FILE='mysql-0-bin.000001', MASTER_LOG_POS=154;\n"}
    assert _run("cat /var/lib/mysql/xtrabackup_slave_info | sed -E 's/;$//g'", files) == \
        (0, "CHANGE MASTER TO MASTER_LOG_FILE='mysql-0-bin.000001', MASTER_LOG_POS=154\n")


def test_basic_expressions_group_with_backslashes_and_the_replacement_names_groups_and_the_match():
    assert _run("echo 'a=1 b=2' | sed 's/\\([a-z]\\)=\\([0-9]\\)/\\2:\\1/'") == (0, "1:a b=2\n")
    assert _run("echo 'a=1 b=2' | sed -E 's/([a-z])=/<&>/g'") == (0, "<a=>1 <b=>2\n")


def test_it_reads_a_file_and_says_so_when_there_is_none():
    assert _run("sed 's/x/y/' /f", {"/f": "xx\nx\n"}) == (0, "yx\ny\n")
    assert _run("sed 's/x/y/' /none") == (2, "sed: can't read /none: No such file or directory\n")
