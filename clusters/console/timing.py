"""How much virtual time a console line will move the clock.

The web console shows a progress bar while a line that jumps time runs
(``sim advance 1h``), so it needs to know, before running the line, how far
the clock may move. ``time_effect`` answers with the most virtual seconds a
line can advance, or ``None`` when the line does not move time by design (a
``get``, a ``create``; the cluster settles reactions due at the same instant,
which costs no virtual time).

The bounded windows below are ours: a real ``etcdctl watch`` or ``kubectl
logs -f`` runs until the learner presses Ctrl-C, which a journaled,
replayable console cannot wait for, so they follow the cluster for a fixed
stretch of virtual time and stop.
"""
from __future__ import annotations

import shlex

from clusters import timeutil
from clusters.strings import isdigits

# Virtual seconds a following command (etcdctl watch, kubectl logs -f) runs
# before it stops as if the learner had pressed Ctrl-C.
FOLLOW_WINDOW = 30.0
# kubectl's own defaults for commands that wait: rollout status and delete
# --wait have no timeout (we bound them), wait --for defaults to 30s
# (staging/src/k8s.io/kubectl/pkg/cmd/wait/wait.go: --timeout default 30s).
WAIT_BOUND = 600.0
# rollout status waits as long, and then for a Deployment's default progressDeadlineSeconds
# (600, pkg/apis/apps/v1/defaults.go) to pass and the deployment controller to flip
# Progressing to ProgressDeadlineExceeded just after it: a rollout stalled from the start ends
# as kubectl's does (rollout_status.go: 'deployment "web" exceeded its progress deadline'),
# not with our bound's "timed out waiting for the condition".
ROLLOUT_WAIT_BOUND = WAIT_BOUND + 60.0
KUBECTL_WAIT_DEFAULT = 30.0


def parse_duration(text: str) -> float:
    """A Go duration (``1h30m``, ``90s``) or a bare number of seconds; ValueError otherwise."""
    t = text.strip()
    try:
        value = float(t)
    except ValueError:
        # Days are not a Go duration unit, but learners type them ("sim advance 2d").
        if t.endswith("d") and isdigits(t[:-1].replace(".", "", 1)):
            return float(t[:-1]) * 86400
        return timeutil.parse_go_duration(t)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f'time: invalid duration "{text}"')
    return value


def _split_commands(line: str) -> list[list[str]]:
    try:
        lex = shlex.shlex(line, posix=True, punctuation_chars=";&|")
        lex.whitespace_split = True
        tokens = list(lex)
    except ValueError:
        return []
    out: list[list[str]] = [[]]
    for tok in tokens:
        if tok and set(tok) <= set(";&|"):
            out.append([])
        else:
            out[-1].append(tok)
    return [c for c in out if c]


def _flag(words: list[str], *names: str) -> str | None:
    for i, w in enumerate(words):
        for n in names:
            if w == n and i + 1 < len(words):
                return words[i + 1]
            if w.startswith(n + "="):
                return w[len(n) + 1:]
    return None


def _one(words: list[str], max_advance: float | None) -> float | None:
    # Leading VAR=value assignments (ETCDCTL_API=3 etcdctl ...) and `watch -n 2` wrappers.
    while words and "=" in words[0] and not words[0].startswith("-") and words[0].split("=", 1)[0].isidentifier():
        words = words[1:]
    if not words:
        return None
    prog, rest = words[0], words[1:]
    if prog == "sim":
        if rest[:1] == ["advance"] and len(rest) >= 2:
            try:
                seconds = parse_duration(rest[1])
            except ValueError:
                return None
            if seconds <= 0:
                return None
            return min(seconds, max_advance) if max_advance is not None else seconds
        if rest[:1] == ["events"] and ("--follow" in rest or "-f" in rest):
            return FOLLOW_WINDOW
        return None
    if prog == "etcdctl":
        if "watch" in rest and _flag(rest, "--rev") is None:
            return FOLLOW_WINDOW
        return None
    if prog == "kubectl":
        verbs = [w for w in rest if not w.startswith("-")]
        verb = verbs[0] if verbs else ""
        if verb == "logs" and any(w in ("-f", "--follow") or w.startswith("--follow=t") for w in rest):
            return FOLLOW_WINDOW
        if verb == "get" and any(w in ("-w", "--watch", "--watch-only") for w in rest):
            return FOLLOW_WINDOW
        if verb == "wait":
            t = _flag(rest, "--timeout")
            try:
                return parse_duration(t) if t is not None else KUBECTL_WAIT_DEFAULT
            except ValueError:
                return None
        if verb == "rollout" and len(verbs) > 1 and verbs[1] == "status":
            t = _flag(rest, "--timeout")
            try:
                return parse_duration(t) if t not in (None, "0", "0s") else ROLLOUT_WAIT_BOUND
            except ValueError:
                return None
        if verb == "exec" and "--" in rest:
            return _exec_bound(rest[rest.index("--") + 1:], max_advance)
        if verb in ("delete", "drain"):
            if _flag(rest, "--wait") == "false":
                return None
            t = _flag(rest, "--timeout")
            try:
                return parse_duration(t) if t not in (None, "0", "0s") else WAIT_BOUND
            except ValueError:
                return None
        return None
    return None


def _exec_bound(argv: list[str], max_advance: float | None) -> float | None:
    """How long an exec'd command may run: its sleeps, a for loop's passes, and FOLLOW_WINDOW for a
    while/until loop, ``sleep infinity`` or ``tail -f`` (kubectl/exec.py stops those there)."""
    from clusters.kubelet import shell

    def words_bound(words: list[str]) -> float:
        prog = words[0].rsplit("/", 1)[-1] if words else ""
        if prog == "sleep":
            s = shell._sleep_seconds(words[1:])
            return 0.0 if s is None else (FOLLOW_WINDOW if s == shell.FOREVER else s)
        if prog == "tail" and "-f" in words:
            return FOLLOW_WINDOW
        if prog in ("sh", "bash", "ash") and len(words) >= 3 and words[1] == "-c":
            return bound(shell._statements(shell.split_script(words[2])))
        return 0.0

    def bound(stmts: list) -> float:
        total = 0.0
        for _, words, _ in stmts:
            if isinstance(words, tuple) and words[0] == "if":
                total += max([bound(c) + bound(b) for c, b in words[1]] + [bound(words[2] or [])])
            elif isinstance(words, tuple) and words[1] == "for":
                head = words[2]
                items = head[2:] if len(head) >= 2 and head[1] == "in" else []
                if any("$" in i for i in items):  # $(seq ...) and the like: unknown length
                    total += FOLLOW_WINDOW
                else:
                    total += len(items) * bound(words[3])
            elif isinstance(words, tuple):
                total += FOLLOW_WINDOW
            else:
                total += words_bound(words)
        return total

    t = words_bound(argv)
    if t <= 0:
        return None
    return min(t, max_advance) if max_advance is not None else t


def time_effect(line: str, max_advance: float | None = None) -> float | None:
    """The most virtual seconds ``line`` may advance the clock, or None if it does not move time."""
    total = 0.0
    moved = False
    for words in _split_commands(line):
        t = _one(words, max_advance)
        if t is not None:
            total += t
            moved = True
    return total if moved else None


def advance(cluster, seconds: float) -> None:
    """Move virtual time forward while a command waits: what happens meanwhile is not caused by
    the learner's command (the cluster's cause is cleared for the stretch)."""
    saved = cluster.cause
    cluster.cause = None
    try:
        cluster.advance(seconds)
    finally:
        cluster.cause = saved
