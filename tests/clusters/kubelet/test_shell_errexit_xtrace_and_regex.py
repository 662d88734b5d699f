"""bash in the simulated pods' shell as the replicated MySQL page's scripts use it: comments,
``set -e`` (bash's errexit rules), ``set -x`` (print_cmd.c xtrace), ``[[ STRING =~ REGEX ]]`` with
BASH_REMATCH and POSIX classes (cond.c sh_regmatch), ``&&`` inside ``[[ ]]``, backslash-newline,
`` `cmd` `` and ``$(<FILE)``, ``bash -ic SCRIPT``, and a container's command reading its own writes."""
from clusters.kubelet import shell, utilities


class _Files:
    def __init__(self, files: dict | None = None):
        self.files = dict(files or {})

    def exists(self, p):
        return p in self.files

    def read(self, p):
        return self.files.get(p)

    def write(self, p, content):
        self.files[p] = content


def _run(script: str, env: dict | None = None, files: dict | None = None, flag: str = "-c",
         tty: bool = False) -> tuple[int, str]:
    ctx = shell.Env(dict(env or {}), _Files(files), "mysql-2", lambda o: "date", shell="bash",
                    shells={"sh": utilities.BASH, "bash": utilities.BASH})
    ctx.tty = tty
    return shell.run(["bash", flag, script], ctx)


def test_a_regex_match_fills_bash_rematch_with_the_match_and_its_groups():
    script = "[[ $HOSTNAME =~ -([0-9]+)$ ]] || exit 1\nordinal=${BASH_REMATCH[1]}\necho $ordinal ${BASH_REMATCH[0]}"
    assert _run(script, {"HOSTNAME": "mysql-2"}) == (0, "2 -2\n")
    assert _run("[[ web =~ -([0-9]+)$ ]] || exit 1\necho no", {"HOSTNAME": "web"}) == (1, "")


def test_comments_are_dropped_where_a_word_begins_but_not_inside_quotes_or_words():
    script = "# Generate the id.\necho a#b '# kept' # dropped\necho x \"#y\""
    assert _run(script) == (0, "a#b # kept\nx #y\n")


def test_set_e_ends_the_script_at_a_failing_command_but_not_in_a_test_or_an_and_list():
    script = "set -e\nif false; then echo no; fi\nfalse && echo no\n[[ -d /nothing ]] && exit 0\necho on\nfalse\necho never"
    assert _run(script) == (1, "on\n")


def test_set_x_traces_each_command_quoting_as_bash_does_and_cond_operands_as_they_are():
    script = "set -ex\n[[ `hostname` =~ -([0-9]+)$ ]]\nordinal=${BASH_REMATCH[1]}\necho [mysqld] > /tmp/id.cnf\n" \
             "echo server-id=$((100 + $ordinal)) 'a b'"
    assert _run(script) == (0, "++ hostname\n+ [[ mysql-2 =~ -([0-9]+)$ ]]\n+ ordinal=2\n+ echo '[mysqld]'\n"
                               "+ echo server-id=102 'a b'\nserver-id=102 a b\n")


def test_a_file_read_by_dollar_paren_less_than_is_its_content_without_the_final_newline():
    files = {"/var/lib/mysql/xtrabackup_binlog_info": "mysql-0-bin.000001\t154\n"}
    assert _run('echo "x$(</var/lib/mysql/xtrabackup_binlog_info)y"', files=files) == (0, "xmysql-0-bin.000001\t154y\n")


def test_bash_ic_on_a_terminal_runs_its_script_as_bash_c_does():
    # the page's mysql-client-loop: kubectl run -i -t ... -- bash -ic "while sleep 1; do ...; done"
    assert _run("echo $((6 * 7))", flag="-ic", tty=True) == (0, "42\n")


def test_a_backslash_newline_continues_the_line_inside_double_quotes_too():
    # the page's sidecar: echo "CHANGE MASTER TO MASTER_LOG_FILE='...',\<newline>   MASTER_LOG_POS=..."
    assert _run('echo "a,\\\n   b" c \\\nd') == (0, "a,   b c d\n")


def test_and_and_or_inside_double_brackets_belong_to_the_test():
    files = {"/f": "", "/g": ""}
    assert _run("[[ -e /f && -e /g ]] && echo both; [[ -e /f && -e /none ]] || echo not", files=files) == \
        (0, "both\nnot\n")


def test_a_regex_s_posix_classes_match_as_regcomp_s_do():
    files = {"/info": "mysql-0-bin.000001\t154\n"}
    script = "[[ $(</info) =~ ^(.*?)[[:space:]]+([[:digit:]]+)$ ]] && echo ${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"
    assert _run(script, files=files) == (0, "mysql-0-bin.000001 154\n")


def test_a_container_s_own_command_reads_the_files_it_wrote_before():
    ctx = shell.Env({}, _Files(), "pod", lambda o: "date", shell="sh", shells={"sh": utilities.ASH})
    tl = shell.timeline(["sh", "-c", "echo hi > /tmp/f; cat /tmp/f; rm /tmp/f; cat /tmp/f"], ctx)
    assert [line for _, line in tl.lines] == ["hi", "cat: can't open '/tmp/f': No such file or directory"]
    assert [(op, path) for _, op, path, _ in tl.file_ops] == [("write", "/tmp/f"), ("rm", "/tmp/f")]
