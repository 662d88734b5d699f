"""The console's small bash: what tutorials type around kubectl (bash(1) grammar, coreutils messages)."""
from __future__ import annotations

import pytest

from clusters import Cluster


@pytest.fixture
def learner():
    return Cluster(seed=1)


def run(c, line):
    out = c.run(line)
    return out.text, out.exit_code


def test_it_echoes_words_and_joins_them_with_one_space(learner):
    assert run(learner, "echo hello    world") == ("hello world\n", 0)


def test_it_keeps_quoted_spaces_and_escapes(learner):
    assert run(learner, "echo 'a  b' \"c  d\" e\\ f") == ("a  b c  d e f\n", 0)


def test_it_says_command_not_found_in_bashs_words_with_status_127(learner):
    assert run(learner, "foo bar") == ("bash: foo: command not found\n", 127)


def test_it_reports_an_unterminated_quote_as_bash_does(learner):
    text, code = run(learner, "echo 'oops")
    assert text == "bash: unexpected EOF while looking for matching `''\nbash: syntax error: unexpected end of file\n"
    assert code == 2


def test_it_rejects_a_pipe_with_nothing_before_it(learner):
    assert run(learner, "| grep x") == ("bash: syntax error near unexpected token `|'\n", 2)


def test_it_exports_variables_and_expands_all_three_forms(learner):
    assert run(learner, 'export NS=dev; echo $NS ${NS} "$NS" \'$NS\'') == ("dev dev dev $NS\n", 0)
    assert learner.env["NS"] == "dev"


def test_variables_survive_between_commands_and_snapshots(learner):
    learner.run("export APP=web")
    restored = Cluster.restore(learner.snapshot())
    assert restored.run("echo $APP").text == "web\n"


def test_default_value_expansion(learner):
    assert run(learner, "echo ${MISSING:-fallback}") == ("fallback\n", 0)


def test_status_of_the_last_command_is_dollar_question(learner):
    assert run(learner, "false; echo $?") == ("1\n", 0)


def test_and_and_or_short_circuit(learner):
    assert run(learner, "true && echo yes || echo no") == ("yes\n", 0)
    assert run(learner, "false && echo yes || echo no") == ("no\n", 0)


def test_command_substitution_feeds_one_command_into_another(learner):
    assert run(learner, "echo $(echo inner) `echo back`") == ("inner back\n", 0)


def test_unquoted_substitution_is_split_into_words(learner):
    assert run(learner, "echo $(printf 'a\\nb\\n') | wc -w") == ("2\n", 0)


def test_arithmetic_expansion(learner):
    assert run(learner, "echo $((2 + 3 * 4))") == ("14\n", 0)


def test_a_heredoc_becomes_stdin(learner):
    assert run(learner, "cat <<EOF\nname: $USER\nEOF") == ("name: root\n", 0)


def test_a_quoted_heredoc_delimiter_turns_expansion_off(learner):
    assert run(learner, "cat <<'EOF'\nname: $USER\nEOF") == ("name: $USER\n", 0)


def test_a_heredoc_ended_by_end_of_input_runs_after_bashs_warning(learner):
    """Ctrl-D at the heredoc's > (the web console sends the lines read so far): bash 5.2's
    make_cmd.c warning, with the line it began on counted in the lines typed, then the command."""
    run(learner, "echo first")
    assert run(learner, "cat <<EOF\nbody so far") == (
        "bash: warning: here-document at line 2 delimited by end-of-file (wanted `EOF')\nbody so far\n", 0)


def test_heredoc_into_a_file_then_ls_and_cat(learner):
    assert run(learner, "cat <<EOF > web.yaml\nkind: Pod\nEOF\nls; cat web.yaml") == ("web.yaml\nkind: Pod\n", 0)
    assert learner.files["web.yaml"] == "kind: Pod\n"


def test_redirects_truncate_and_append(learner):
    run(learner, "echo one > f.txt; echo two >> f.txt")
    assert run(learner, "cat f.txt") == ("one\ntwo\n", 0)
    run(learner, "echo three > f.txt")
    assert run(learner, "cat f.txt") == ("three\n", 0)


def test_stderr_can_be_redirected_or_merged(learner):
    assert run(learner, "cat nope 2>/dev/null") == ("", 1)
    assert run(learner, "cat nope 2>&1 | wc -l") == ("1\n", 0)
    assert run(learner, "cat nope") == ("cat: nope: No such file or directory\n", 1)


def test_input_redirect_from_a_missing_file(learner):
    assert run(learner, "wc -l < nope.txt") == ("bash: nope.txt: No such file or directory\n", 1)


def test_files_live_in_the_home_directory_under_three_names(learner):
    run(learner, "echo x > ./a.txt")
    assert run(learner, "cat ~/a.txt /root/a.txt") == ("x\nx\n", 0)


def test_rm_cp_mv_touch_mkdir(learner):
    assert run(learner, "touch a; cp a b; mv b c; mkdir d; ls") == ("a  c  d\n", 0)
    assert run(learner, "rm a c; ls") == ("d\n", 0)
    assert run(learner, "rm d") == ("rm: cannot remove 'd': Is a directory\n", 1)
    assert run(learner, "rm zz") == ("rm: cannot remove 'zz': No such file or directory\n", 1)


def test_grep_options_tutorials_use(learner):
    learner.run("printf 'Running\\nPending\\nrunning\\nCrashLoopBackOff\\n' > s.txt")
    assert run(learner, "grep Running s.txt") == ("Running\n", 0)
    assert run(learner, "grep -i running s.txt") == ("Running\nrunning\n", 0)
    assert run(learner, "grep -v -i running s.txt") == ("Pending\nCrashLoopBackOff\n", 0)
    assert run(learner, "grep -E 'Pend|Crash' s.txt") == ("Pending\nCrashLoopBackOff\n", 0)
    assert run(learner, "grep -c ing s.txt") == ("3\n", 0)
    assert run(learner, "grep -o 'Crash[A-Za-z]*' s.txt") == ("CrashLoopBackOff\n", 0)
    assert run(learner, "grep -w run s.txt") == ("", 1)


def test_head_and_tail(learner):
    learner.run("printf '1\\n2\\n3\\n4\\n5\\n' > n.txt")
    assert run(learner, "head -2 n.txt") == ("1\n2\n", 0)
    assert run(learner, "head -n 1 n.txt") == ("1\n", 0)
    assert run(learner, "tail -n 2 n.txt") == ("4\n5\n", 0)
    assert run(learner, "tail -n +4 n.txt") == ("4\n5\n", 0)
    assert run(learner, "tail -1 n.txt") == ("5\n", 0)


def test_wc_counts_like_coreutils(learner):
    learner.run("printf 'a b\\nc\\n' > w.txt")
    assert run(learner, "wc -l w.txt") == ("2 w.txt\n", 0)
    assert run(learner, "cat w.txt | wc -l") == ("2\n", 0)
    assert run(learner, "cat w.txt | wc") == ("      2       3       6\n", 0)


def test_sort_uniq_cut_tr(learner):
    learner.run("printf 'b 2\\na 10\\nc 1\\na 10\\n' > t.txt")
    assert run(learner, "sort t.txt") == ("a 10\na 10\nb 2\nc 1\n", 0)
    assert run(learner, "sort -k2 -n t.txt") == ("c 1\nb 2\na 10\na 10\n", 0)
    assert run(learner, "sort -r -u t.txt") == ("c 1\nb 2\na 10\n", 0)
    assert run(learner, "sort t.txt | uniq -c") == ("      2 a 10\n      1 b 2\n      1 c 1\n", 0)
    assert run(learner, "cut -d' ' -f2 t.txt | head -1") == ("2\n", 0)
    assert run(learner, "echo abc | tr a-z A-Z") == ("ABC\n", 0)


def test_awk_prints_fields_with_conditions(learner):
    learner.run("printf 'NAME READY\\nweb-1 1/1\\nweb-2 0/1\\n' > p.txt")
    assert run(learner, "awk '{print $1}' p.txt") == ("NAME\nweb-1\nweb-2\n", 0)
    assert run(learner, "awk 'NR>1 {print $2}' p.txt") == ("1/1\n0/1\n", 0)
    assert run(learner, "awk -F/ 'NR>1 {print $2}' p.txt") == ("1\n1\n", 0)
    assert run(learner, "awk '$2 == \"0/1\" {print $1}' p.txt") == ("web-2\n", 0)
    assert run(learner, "awk 'END {print NR}' p.txt") == ("3\n", 0)


def test_sed_substitutes(learner):
    assert run(learner, "echo nginx:1.25 | sed 's/1.25/1.27/'") == ("nginx:1.27\n", 0)
    assert run(learner, "echo a-a-a | sed 's/a/b/g'") == ("b-b-b\n", 0)


def test_base64_both_ways(learner):
    assert run(learner, "echo -n admin | base64") == ("YWRtaW4=\n", 0)
    assert run(learner, "echo YWRtaW4= | base64 -d") == ("admin", 0)


def test_xargs_runs_a_command_per_batch(learner):
    assert run(learner, "printf 'a\\nb\\n' | xargs echo") == ("a b\n", 0)
    assert run(learner, "printf 'a\\nb\\n' | xargs -n1 echo x") == ("x a\nx b\n", 0)


def test_history_numbers_lines_like_bash(learner):
    learner.run("echo one")
    learner.run("echo two")
    assert learner.run("history").text == "    1  echo one\n    2  echo two\n    3  history\n"


def test_sleep_advances_virtual_time_and_replays(learner):
    before = learner.now
    learner.run("sleep 30")
    assert learner.now == pytest.approx(before + 30)
    again = Cluster.replay(learner.spec, learner.seed, learner.journal)
    assert again.now == learner.now
    assert again.state_digest() == learner.state_digest()


def test_sleep_rejects_a_bad_interval(learner):
    assert run(learner, "sleep soon") == ("sleep: invalid time interval 'soon'\nTry 'sleep --help' for more information.\n", 1)


def test_date_prints_virtual_time(learner):
    assert run(learner, "date") == ("Mon Jun  2 09:01:00 UTC 2025\n", 0)


def test_watch_prints_one_frame_with_procps_header(learner):
    text, code = run(learner, "watch -n 5 echo hi")
    assert text == "Every 5.0s: echo hi    kubelab: Mon Jun  2 09:01:00 2025\n\nhi\n"


def test_pwd_whoami_cd(learner):
    assert run(learner, "pwd; whoami; cd /tmp/nowhere") == ("/root\nroot\nbash: cd: /tmp/nowhere: No such file or directory\n", 1)


def test_clear_sends_the_xterm_clear_sequence(learner):
    assert run(learner, "clear") == ("\x1b[H\x1b[2J\x1b[3J", 0)


def test_alias_k_for_kubectl(learner):
    learner.run("alias k=kubectl")
    assert learner.run("k get ns default -o name").text == "namespace/default\n"


def test_nesting_is_bounded(learner):
    line = "echo " + "$(" * 40 + "echo x" + ")" * 40
    text, code = run(learner, line)
    assert "maximum nesting level" in text or code != 0 or text == "x\n"
    assert learner.bugs == []


def test_arithmetic_exponentiation_wraps_at_64_bits_as_bash_does_so_no_bomb(learner):
    # bash 5.2: echo $((9**9**9)) prints -2123029214124047543 at once (expr.c ipow, intmax_t wraps)
    assert run(learner, "echo $((9**9**9))") == ("-2123029214124047543\n", 0)
