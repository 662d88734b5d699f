"""The console host's bash runs the compound commands tutorials type (bash(1) "Compound Commands"):
loops, conditionals, tests and arithmetic, in bash 5.2's words, with a while loop bounded in
virtual time as a pod's exec is (the learner cannot press Ctrl-C in a journaled console)."""
from __future__ import annotations

import pytest

from clusters import Cluster
from clusters.console import grammar

CTRL_C = ("^C\nThis console is not a terminal: the command was still running after 30s of virtual time, "
          "so it was stopped as Ctrl-C would stop it.\n")


@pytest.fixture
def learner():
    return Cluster(seed=1)


def run(c, line):
    out = c.run(line)
    return out.text, out.exit_code


# -- for ------------------------------------------------------------------------------------

def test_a_for_loop_over_words_runs_its_body_once_a_word(learner):
    assert run(learner, "for x in a b c; do echo $x; done") == ("a\nb\nc\n", 0)


def test_a_for_loop_over_a_command_substitution_splits_its_output(learner):
    assert run(learner, "for i in $(seq 1 5); do echo -n $i; done; echo") == ("12345\n", 0)


def test_a_loop_typed_over_several_lines_runs_as_one_command(learner):
    assert run(learner, "for x in a b\ndo\n  echo $x\ndone") == ("a\nb\n", 0)


def test_a_loop_s_output_can_be_piped_and_redirected(learner):
    assert run(learner, "for x in a b c; do echo $x; done | sort -r") == ("c\nb\na\n", 0)
    assert run(learner, "for x in 1 2; do echo $x; done > n.txt; cat n.txt") == ("1\n2\n", 0)


def test_the_c_style_for_loop_counts_with_arithmetic(learner):
    assert run(learner, "for ((i=0; i<3; i++)); do echo $i; done") == ("0\n1\n2\n", 0)


def test_a_for_loop_over_kubectl_names_runs_kubectl_per_name(learner):
    learner.run("kubectl create namespace dev; kubectl create namespace prod")
    text, code = run(learner, "for ns in dev prod; do kubectl get ns $ns -o name; done")
    assert (text, code) == ("namespace/dev\nnamespace/prod\n", 0)


def test_break_and_continue_leave_the_loop_or_its_pass_with_levels(learner):
    assert run(learner, "for x in 1 2 3; do [ $x = 2 ] && break; echo $x; done") == ("1\n", 0)
    assert run(learner, "for x in 1 2 3; do [ $x = 2 ] && continue; echo $x; done") == ("1\n3\n", 0)
    line = "for x in 1 2 3; do for y in a b; do [ $y = b ] && continue 2; echo $x$y; done; done"
    assert run(learner, line) == ("1a\n2a\n3a\n", 0)


def test_break_outside_a_loop_says_so_as_bash_does(learner):
    assert run(learner, "break") == ("bash: break: only meaningful in a `for', `while', or `until' loop\n", 0)
    assert run(learner, "for x in 1; do break 0; done; echo $?") == ("bash: break: 0: loop count out of range\n1\n", 0)


# -- while, until, read ----------------------------------------------------------------------

def test_a_while_loop_with_a_counter_ends_when_its_test_fails(learner):
    assert run(learner, "i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); done") == ("0\n1\n2\n", 0)
    assert run(learner, "i=0; until [ $i -ge 2 ]; do echo $i; ((i++)); done") == ("0\n1\n", 0)


def test_an_endless_loop_prints_each_pass_then_stops_after_30s_as_ctrl_c_with_130(learner):
    before = learner.now
    text, code = run(learner, "while true; do date +%T; sleep 10; done")
    assert (text, code) == ("09:01:00\n09:01:10\n09:01:20\n" + CTRL_C, 130)
    assert learner.now == pytest.approx(before + 30)
    assert run(learner, "echo $?") == ("130\n", 0)


def test_each_pass_of_a_watch_loop_sees_the_cluster_as_it_is_then(learner):
    learner.run("kubectl create deployment web --image=nginx")
    text, code = run(learner, "while true; do kubectl get deploy web --no-headers | awk '{print $2}'; sleep 10; done")
    assert code == 130 and text.splitlines()[0] == "0/1" and text.splitlines()[2] == "1/1"


def test_a_loop_that_spins_without_time_passing_stops_at_once(learner):
    spun = ("^C\nThis console is not a terminal: the command had looped 100 times without time passing, so it was "
            "stopped as Ctrl-C would stop it.\n")
    # what the loop wrote went through sed as it came; Ctrl-C kills tail before its input ends
    assert run(learner, "while true; do echo spin; done | sed s/spin/SPIN/") == ("SPIN\n" * 100 + spun, 130)
    assert run(learner, "while true; do echo spin; done | tail -1") == (spun, 130)


def test_sleep_infinity_is_stopped_as_ctrl_c_would(learner):
    assert run(learner, "sleep infinity") == (CTRL_C, 130)


def test_the_loop_and_its_replay_end_in_the_same_cluster(learner):
    learner.run("while true; do kubectl get pods -A --no-headers | wc -l; sleep 7; done")
    again = Cluster.replay(learner.spec, learner.seed, learner.journal)
    assert again.state_digest() == learner.state_digest()


def test_while_read_takes_a_line_a_pass_from_a_file_a_pipe_or_a_here_string(learner):
    learner.run("printf 'web 3\\napi 2\\n' > apps.txt")
    assert run(learner, 'while read name n; do echo "$name=$n"; done < apps.txt') == ("web=3\napi=2\n", 0)
    assert run(learner, "cat apps.txt | while read line; do echo \"[$line]\"; done") == ("[web 3]\n[api 2]\n", 0)
    assert run(learner, 'read -r a b <<< "one two three"; echo "$a/$b"') == ("one/two three\n", 0)
    assert run(learner, "read x < /dev/null; echo $?") == ("1\n", 0)


def test_read_honours_ifs_and_backslashes_unless_raw(learner):
    assert run(learner, 'IFS=: read u v <<< "p:q:r"; echo $u $v') == ("p q:r\n", 0)
    assert run(learner, "read -r l <<< 'a\\tb'; echo \"$l\"; read l <<< 'a\\tb'; echo \"$l\"") == ("a\\tb\natb\n", 0)


# -- if, case, test, [[ ]] --------------------------------------------------------------------

def test_if_elif_else_picks_the_first_true_branch(learner):
    line = "if [ 1 -gt 2 ]; then echo a; elif [[ abc == a* ]]; then echo b; else echo c; fi"
    assert run(learner, line) == ("b\n", 0)
    assert run(learner, "if false; then echo t; fi; echo $?") == ("0\n", 0)


def test_if_on_kubectl_s_status(learner):
    line = "if kubectl get ns nope >/dev/null 2>&1; then echo found; else echo missing; fi"
    assert run(learner, line) == ("missing\n", 0)


def test_case_matches_glob_patterns_in_order(learner):
    assert run(learner, "case abc in a*) echo A;; *) echo other;; esac") == ("A\n", 0)
    assert run(learner, "case x in (y|x) echo yx ;; esac") == ("yx\n", 0)


def test_test_and_brackets_answer_as_bash_5_2(learner):
    cases = {
        "[ 1 -eq 1 ]; echo $?": "0\n", "[ a = b ]; echo $?": "1\n", "[ ]; echo $?": "1\n",
        '[ -n "" ]; echo $?': "1\n", '[ -z "" ]; echo $?': "0\n", "test -f nosuch; echo $?": "1\n",
        "[ ! -f nosuch ]; echo $?": "0\n", "[ 1 -lt 2 -a 3 -gt 2 ]; echo $?": "0\n", "[ -d / ]; echo $?": "0\n",
        "[ abc -eq 1 ]; echo $?": "bash: [: abc: integer expression expected\n2\n",
        "[ 1 -eq 1; echo $?": "bash: [: missing `]'\n2\n",
        "[ a b c ]; echo $?": "bash: [: b: binary operator expected\n2\n",
        "test 1 -gt; echo $?": "bash: test: 1: unary operator expected\n2\n",
        "[ x = x -o ]; echo $?": "bash: [: argument expected\n2\n",
    }
    for line, want in cases.items():
        assert run(learner, line) == (want, 0), line


def test_a_file_the_learner_wrote_is_a_file_to_test(learner):
    learner.run("echo x > web.yaml")
    assert run(learner, "[ -f web.yaml ] && [ -s web.yaml ] && echo yes") == ("yes\n", 0)


def test_double_brackets_match_patterns_and_regexes_without_splitting(learner):
    assert run(learner, "[[ 1 -lt 2 && 3 -gt 4 ]]; echo $?") == ("1\n", 0)
    assert run(learner, "[[ -z $unset ]]; echo $?") == ("0\n", 0)
    assert run(learner, 'x="a b"; [[ $x == "a b" ]] && echo same') == ("same\n", 0)
    assert run(learner, '[[ abc == "a*" ]]; echo $?') == ("1\n", 0)
    assert run(learner, "[[ abc =~ ^a(b)c$ ]]; echo $? ${BASH_REMATCH[1]}") == ("0 b\n", 0)
    assert run(learner, "[[ 1 -foo 2 ]]; echo $?") == ("bash: conditional binary operator expected\n2\n", 0)


# -- status and arithmetic --------------------------------------------------------------------

def test_status_chains_and_negation(learner):
    assert run(learner, "true | false; echo $?") == ("1\n", 0)
    assert run(learner, "! true; echo $?") == ("1\n", 0)
    assert run(learner, "x=$(false); echo $?") == ("1\n", 0)
    assert run(learner, "false || { echo recovered; echo twice; }") == ("recovered\ntwice\n", 0)
    assert run(learner, '( x=5 ); echo "[$x]"') == ("[]\n", 0)


def test_arithmetic_as_bash_computes_it(learner):
    assert run(learner, "echo $((-7/2)) $((-7%2)) $((2**10)) $((0x1f)) $((2#101)) $((1<2 ? 10 : 20))") == \
        ("-3 -1 1024 31 5 10\n", 0)
    assert run(learner, "a=3+4; echo $((a*2))") == ("14\n", 0)
    assert run(learner, "x=5; (( x > 3 )) && echo big; let y=x*2; echo $y") == ("big\n10\n", 0)


def test_an_arithmetic_error_ends_the_line_as_at_bash_s_prompt(learner):
    assert run(learner, "echo $((1/0)); echo after") == ('bash: 1/0: division by 0 (error token is "0")\n', 1)
    assert run(learner, "echo $(( 3 @ 4 ))") == \
        ('bash: 3 @ 4 : syntax error: invalid arithmetic operator (error token is "@ 4 ")\n', 1)
    assert run(learner, "(( 1/0 )); echo st=$?") == ('bash: ((: 1/0 : division by 0 (error token is "0 ")\nst=1\n', 0)


# -- syntax -----------------------------------------------------------------------------------

def test_syntax_errors_name_the_token_as_bash_does(learner):
    assert run(learner, "for x in a b; echo; done") == ("bash: syntax error near unexpected token `echo'\n", 2)
    assert run(learner, "done") == ("bash: syntax error near unexpected token `done'\n", 2)
    assert run(learner, "if true; then fi") == ("bash: syntax error near unexpected token `fi'\n", 2)
    assert run(learner, "echo a; ; echo b") == ("bash: syntax error near unexpected token `;'\n", 2)
    assert run(learner, "echo done; echo fi") == ("done\nfi\n", 0)


def test_an_unfinished_compound_command_ends_the_input_as_bash_does_at_eof(learner):
    assert run(learner, "for x in a b; do echo $x") == ("bash: syntax error: unexpected end of file\n", 2)


@pytest.mark.parametrize("text", ["for x in a b; do", "for x in a b; do echo $x", "while true", "if true; then",
                                  "case x in", "{ echo a", "( echo a", "echo a |", "echo a &&", "echo 'a",
                                  "echo $(date", "echo a \\", "cat <<EOF\nbody", "{ echo a; echo b }"])
def test_the_console_asks_for_more_where_bash_prints_ps2(text):
    assert Cluster(seed=1).console.incomplete(text)
    assert grammar.incomplete(text)


@pytest.mark.parametrize("text", ["for x in a b; do echo $x; done", "echo a", "", "done", "echo a; ; echo b",
                                  "cat <<EOF\nbody\nEOF", "while true; do sleep 1; done &"])
def test_a_complete_or_broken_line_runs_at_once(text):
    assert not Cluster(seed=1).console.incomplete(text)


def test_the_terminal_console_reads_on_where_bash_would_from_a_pipe(monkeypatch, capsys):
    import io

    from clusters import __main__ as terminal

    monkeypatch.setattr("sys.stdin", io.StringIO("for x in a b\ndo\n  echo $x\ndone\ncat <<EOF\nhi\nEOF\n"))
    assert terminal.main(["--nodes", "1"]) == 0
    assert capsys.readouterr().out == "a\nb\nhi\n"
    assert Cluster(seed=1).incomplete("while true; do")
