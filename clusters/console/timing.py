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

from clusters import timeutil
from clusters.strings import isdigits

# Virtual seconds a following command (etcdctl watch, kubectl logs -f, a while
# loop) runs before it stops as if the learner had pressed Ctrl-C.
FOLLOW_WINDOW = 30.0
FOREVER = float("inf")
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
    if prog == "sleep":
        from clusters.console import builtins

        seconds = [builtins.parse_interval(w) for w in rest]
        if not seconds or None in seconds:
            return None
        total = sum(seconds)
        return FOLLOW_WINDOW if total == FOREVER else total
    if prog in ("wait", "fg"):
        return FOLLOW_WINDOW
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
    from clusters.console import grammar

    try:
        lst = grammar.parse(line)
    except grammar.ShellSyntaxError:
        return None  # it will not run
    t = _list_bound(lst, max_advance)
    if t is None:
        return None
    return min(t, max_advance) if max_advance is not None else t


def _add(a: float | None, b: float | None) -> float | None:
    return b if a is None else a if b is None else a + b


def _list_bound(lst: list, max_advance: float | None) -> float | None:
    total = None
    for ao in lst:
        if ao.background:
            continue  # a job: the line does not wait for it
        for _, pipeline in ao.items:
            for cmd in pipeline.commands:
                total = _add(total, _command_bound(cmd, max_advance))
    return total


def _command_bound(cmd, max_advance: float | None) -> float | None:
    """A command's most: its own for a simple one, its passes' for a loop (a while loop, the window)."""
    from clusters.console import grammar

    if isinstance(cmd, grammar.Command):
        return _one(["".join(p[1] if p[0] == "lit" else "$" for p in w) for w in cmd.words], max_advance)
    if cmd.kind in ("while", "until", "cfor"):
        return FOLLOW_WINDOW
    if cmd.kind == "for":
        body = _list_bound(cmd.body, max_advance)
        if body is None:
            return None
        items = cmd.items or []
        if any(p[0] != "lit" for w in items for p in w):
            return max(body, FOLLOW_WINDOW)  # $(seq ...) and the like: the number of passes is not known yet
        return body * len(items)
    if cmd.kind == "if":
        bounds = [_add(_list_bound(c, max_advance), _list_bound(b, max_advance)) for c, b in cmd.clauses]
        bounds.append(_list_bound(cmd.otherwise or [], max_advance))
        known = [b for b in bounds if b is not None]
        return max(known) if known else None
    if cmd.kind == "case":
        known = [b for b in (_list_bound(body, max_advance) for _, body in cmd.clauses) if b is not None]
        return max(known) if known else None
    if cmd.kind in ("group", "subshell"):
        return _list_bound(cmd.body, max_advance)
    return None


def advance(cluster, seconds: float) -> None:
    """Move virtual time forward while a command waits: what happens meanwhile is not caused by
    the learner's command (the cluster's cause is cleared for the stretch)."""
    saved = cluster.cause
    cluster.cause = None
    try:
        cluster.advance(seconds)
    finally:
        cluster.cause = saved


def host_session(cluster):
    """The console host's hold on virtual time for one line (kubelet shell.Session, as kubectl exec's):
    ``sleep`` moves the clock through it, a ``while`` loop or ``sleep infinity`` stops FOLLOW_WINDOW
    after it began, a loop that spins without time passing stops at once, and no line runs past the
    spec's max_advance. Its ``elapsed`` is the clock's own, so the time kubectl wait, get -w or curl
    took counts too."""
    from clusters.kubelet import shell

    class HostSession(shell.Session):
        def __init__(self):
            self.start = cluster.clock.now
            super().__init__(self._advance_clock, FOLLOW_WINDOW, float(getattr(cluster.spec, "max_advance", FOREVER)))

        def _advance_clock(self, seconds: float) -> bool:
            advance(cluster, seconds)
            return True

        @property
        def elapsed(self) -> float:
            return cluster.clock.now - self.start

        @elapsed.setter
        def elapsed(self, value: float) -> None:
            pass  # the clock is the measure

    return HostSession()


def stopped_note(session, what: str) -> str:
    """What the console says when a session stopped a command where a learner would press Ctrl-C."""
    from clusters.kubelet import shell

    why = (f"had looped {shell.SPIN_LIMIT} times without time passing" if session.interrupted == "spin" else
           f"was still running after {session.elapsed:g}s of virtual time")
    return f"This console is not a terminal: {what} {why}, so it was stopped as Ctrl-C would stop it.\n"
