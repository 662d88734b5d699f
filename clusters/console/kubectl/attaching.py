"""A terminal attached to a shell in a pod: ``kubectl exec -ti``, ``kubectl run -ti`` and
``kubectl attach -ti`` (client-go remotecommand streams).

While the console is attached (``Console.attached``), each line the learner types goes to that
shell, which runs it in its container in virtual time (``clusters.kubelet.shell.Interactive``
through ``Kubelet.shell_line``: a ``sleep`` there moves the cluster's clock), and the console's
prompt is the shell's own (``/ # ``, ``root@POD:/# ``, ``# ``). The shell ends with ``exit``
or at end of input: a terminal's Ctrl-D, which the web console sends as the line ``EOF`` (the
byte a terminal sends for it). Then the kubectl command that attached finishes as it would: the
verb's ``detached(kc, attachment, code)`` runs with the flags it was typed with (parsed again
from its arguments): exec reports ``command terminated with exit code N``, run waits for its
pod and deletes it with ``--rm``, attach says how to resume.

A shell whose container stops under it (the pod deleted, the container killed or restarted)
ends the session with 137, SIGKILL's status, when the next line comes; that line then runs at
the console's own prompt, where the learner would have typed it once the terminal showed the
end. ``Console.prompt()`` says so as soon as it happens, for a host that redraws its prompt.

An attachment is plain data on the Console, pickled with the cluster, so a snapshot or a
replay of the journal brings a session back where it was.
"""
from __future__ import annotations

import importlib

from clusters.console import timing
from clusters.kubelet import shell

EOF = "\x04"  # a terminal's Ctrl-D: the attached shell reads end of input
KILLED = 137  # 128 + SIGKILL: a shell whose container went away
TTY_NOT_TERMINAL = "Unable to use a TTY - input is not a terminal or the right kind of file\n"  # exec.go SetupTTY
PROMPT_HINT = "If you don't see a command prompt, try pressing enter.\n"  # attach.go Run


class Attachment:
    """What the console keeps while its terminal is attached to a shell in a pod."""

    def __init__(self, kc, pod: dict, container: str, state: shell.Interactive, *, main: bool, tty: bool):
        verb = type(kc.verb)
        self.verb = (verb.__module__, verb.__qualname__)  # whose detached() ends the command
        self.argv = list(kc.argv)  # the verb's arguments, to parse its flags again then
        self.namespace = pod["metadata"]["namespace"]
        self.pod = pod["metadata"]["name"]
        self.node = (pod.get("spec") or {}).get("nodeName") or ""
        self.restart = (pod.get("spec") or {}).get("restartPolicy") or "Always"
        self.container = container
        self.state = state
        self.main = main  # the container's own process (run, attach), not one exec started
        self.tty = tty

    def kubelet(self, cluster):
        return (getattr(cluster, "kubelets", None) or {}).get(self.node)

    def alive(self, cluster) -> bool:
        k = self.kubelet(cluster)
        return k is not None and k.shell_alive(self.namespace, self.pod, self.state)

    def prompt(self, cluster) -> str | None:
        """The shell's prompt; None (the console's own) once its container is gone."""
        return self.state.prompt() if self.alive(cluster) else None

    def complete(self, cluster, line: str) -> list[str]:
        """File names in the container for the word being typed; nothing for the command word."""
        words = line.split(" ")
        if len(words) < 2:
            return []
        k = self.kubelet(cluster)
        files = k.shell_files(self.namespace, self.pod, self.state) if k is not None else None
        if files is None:
            return []
        current = words[-1]
        head, slash, _ = current.rpartition("/")
        where = (head or "/") if slash else ""
        cwd = self.state.cwd
        path = where if where.startswith("/") else (cwd.rstrip("/") + "/" + where).rstrip("/") or "/"
        names = files.listdir(path) or []
        return sorted(c for c in ((head + "/" if slash else "") + n for n in names) if c.startswith(current))


def stream(kc, verb, pod: dict, container: str, state: shell.Interactive, *, main: bool, tty: bool) -> int:
    """Give ``state``'s shell the command's stdin. The terminal, when the command ends the line
    typed: the console attaches to the shell and the lines typed next go to it. Anything else (a
    pipe, a heredoc, a terminal the rest of the line waits for) is read through at once, then
    end of input, and the command finishes with the shell (``verb.detached``)."""
    a = Attachment(kc, pod, container, state, main=main, tty=tty)
    # What a program prints as it starts (mysql's banner, or its error when it cannot connect and exits)
    kc.ctx.out(getattr(state, "opening", ""))
    if getattr(state, "ended", False):
        return verb.detached(kc, a, state.status)
    if kc.ctx.keeps_terminal:
        kc.ctx.console.attached = a
        return 0
    text = "" if kc.ctx.stdin_terminal else kc.stdin
    code, ended = _line(kc.cluster, a, text.rstrip("\n"), kc.ctx.out) if text.strip() else (0, False)
    if not ended:
        code, _ = _line(kc.cluster, a, EOF, kc.ctx.out)
    return verb.detached(kc, a, code)


def attach_main(kc, verb, pod: dict, container: str, program: str, tty: bool | None = None) -> int:
    """kubectl run -i and attach -i to a container whose main process is a shell reading its stdin
    (attach.go Run): the terminal warnings, the hint, then the shell has the stdin."""
    quiet = bool(kc.opts.get("quiet", False))
    tty = bool(kc.opts.get("tty", False)) if tty is None else tty
    raw = tty and kc.ctx.stdin_terminal
    if tty and not raw and not quiet:
        kc.err(TTY_NOT_TERMINAL)
    if not quiet:
        kc.err(PROMPT_HINT)
    ns, name = pod["metadata"]["namespace"], pod["metadata"]["name"]
    k = kc.cluster.kubelets[pod["spec"]["nodeName"]]
    state = k.open_shell(ns, name, container, [program], raw, attach=True)
    return stream(kc, verb, pod, container, state, main=True, tty=raw)


def feed(console, line: str, write) -> int:
    """Run a line typed while attached; the status of what it ran (the kubectl command's once the shell ended)."""
    a = console.attached
    cluster = console.cluster
    if not a.alive(cluster):
        end(console, a, KILLED, write)
        return console.run_line(line, "", write, write)
    code, ended = _line(cluster, a, line, write)
    if ended:
        code = end(console, a, code, write)
    return code


def _line(cluster, a: Attachment, line: str, write) -> tuple[int, bool]:
    """(status, whether the shell ended): the line run by the shell, or its end of input."""
    k = a.kubelet(cluster)
    heredoc = isinstance(a.state, shell.Interactive) and bool(a.state.pending)  # a shell's open here-document
    if line == EOF and not heredoc:
        write(a.state.hang_up())
        status, ended, killed = a.state.status, True, False
    else:
        session = shell.Session(_Clock(cluster, a), timing.FOLLOW_WINDOW,
                                float(getattr(cluster.spec, "max_advance", shell.FOREVER)))
        prompt = a.state.prompt()
        status, text, ended = k.shell_line(a.namespace, a.pod, a.state, line, session, eof=line == EOF)
        killed = session.killed
        write(text)
        if a.main and a.tty:
            k.record_terminal(a.namespace, a.pod, a.state, f"{prompt}{text}" if line == EOF else f"{prompt}{line}\n{text}")
        if session.interrupted:
            # A real terminal's Ctrl-C would stop it and leave the shell at its prompt.
            why = (f"had looped {shell.SPIN_LIMIT} times without time passing" if session.interrupted == "spin" else
                   f"was still running after {session.elapsed:g}s of virtual time")
            write(f"This console is not a terminal: the command in pod/{a.pod} {why}, "
                  f"so it was stopped as Ctrl-C would stop it.\n")
    if ended and a.main and not killed:
        k.main_exited(a.namespace, a.pod, a.state, status)
    return (KILLED if killed else status), ended


class _Clock:
    """The shell's hold on virtual time (shell.Session): move the clock, then say whether it still runs."""

    def __init__(self, cluster, a: Attachment):
        self.cluster = cluster
        self.a = a

    def __call__(self, seconds: float) -> bool:
        timing.advance(self.cluster, seconds)
        return self.a.alive(self.cluster)


def end(console, a: Attachment, code: int, write) -> int:
    """The shell ended with ``code``: detach, and let the kubectl command that attached finish."""
    from clusters.console import kubectl, programs

    console.attached = None
    module, qualname = a.verb
    verb = getattr(importlib.import_module(module), qualname)()
    code = kubectl.run_verb(programs.Context(console, "", write, write), verb, a.argv,
                            lambda kc, args: verb.detached(kc, a, code))
    console.status = code
    return code


def reattach_message(kc, a: Attachment) -> None:
    """attach.go reattachMessage: how to come back to a main process that will be restarted."""
    if kc.opts.get("quiet", False) or not a.tty or a.restart != "Always":
        return
    kc.out(f"Session ended, resume using 'kubectl attach {a.pod} -c {a.container} -i -t' command when the pod is running\n")
