"""kubectl exec POD [-c CONTAINER] -- COMMAND [args...] (kubernetes/kubectl:pkg/cmd/exec/exec.go).

The command runs in the pod's container through its node's kubelet
(``Kubelet.exec``: env, cat, ls, hostname, echo, date, sh -c ... over the
container's files and environment), except the network tools, which go
through the modelled network as a process in that pod
(``clusters.network``: ``curl``, busybox ``wget``, ``nslookup``). Like
kubectl: ``Defaulted container "a" out of: a, b`` when the pod has several
containers and no ``-c``; a non-zero exit prints ``command terminated with
exit code N`` and exits with N (client-go remotecommand's CodeExitError,
printed by helpers.go checkErr); a finished pod cannot be exec'd into.
Time a command takes (curl's connect timeout) passes in virtual time, and
so does its ``sleep``: a ``sh -c`` script runs in virtual time
(``clusters.kubelet.shell.Session``), so each pass of a loop sees the
cluster as it is by then. A real exec runs until Ctrl-C; here a ``while``
or ``until`` loop, ``sleep infinity`` or ``tail -f`` stops
``timing.FOLLOW_WINDOW`` seconds after it began, with a note on stderr and
status 130, the status a shell gives a command stopped by Ctrl-C.

A shell with no script reads its stdin. ``kubectl exec -ti POD -- bash``
attaches the terminal to it (kubectl/attaching.py): the lines typed next go
to that shell, at its own prompt, until ``exit`` or Ctrl-D; then a non-zero
status prints ``command terminated with exit code N``. ``-i`` alone gives it
the terminal without one (no prompt, as a script); ``-t`` alone gives it no
stdin, so it reads end of input and exits 0. Input from a pipe or a heredoc
is read through at once, and ``-t`` then warns that the input is not a
terminal (exec.go SetupTTY).
"""
from __future__ import annotations

import shlex

from clusters.apiserver import errors as api_errors, resources
from clusters.console import timing
from clusters.console.kubectl import attaching, base, builder, mutating
from clusters.kubelet import redis_cli, shell

NETWORK = ("curl", "wget", "nslookup")
SHELLS = ("sh", "bash", "ash", "zsh")
DEFAULT_CONTAINER = "kubectl.kubernetes.io/default-container"


def all_container_names(pod: dict) -> str:
    """podcmd.go AllContainerNames."""
    spec = pod.get("spec") or {}
    names = [c["name"] for c in spec.get("containers") or ()]
    names += [f"{c['name']} (ephem)" for c in spec.get("ephemeralContainers") or ()]
    names += [f"{c['name']} (init)" for c in spec.get("initContainers") or ()]
    return ", ".join(names)


def default_container(kc, pod: dict, quiet: bool = False) -> str:
    """podcmd.go FindOrDefaultContainerByName with no name: the annotation, else the first container."""
    spec = pod.get("spec") or {}
    containers = spec.get("containers") or []
    if not containers:
        raise base.KubectlError(f"pod {pod['metadata']['namespace']}/{pod['metadata']['name']} does not have any containers")
    wanted = ((pod["metadata"].get("annotations") or {}).get(DEFAULT_CONTAINER) or "")
    if wanted and any(c["name"] == wanted for c in containers + (spec.get("initContainers") or [])):
        return wanted
    name = containers[0]["name"]
    if not quiet and (len(containers) > 1 or spec.get("initContainers") or spec.get("ephemeralContainers")):
        kc.err(f'Defaulted container "{name}" out of: {all_container_names(pod)}\n')
    return name


def _kubelet(kc, pod: dict):
    node = (pod.get("spec") or {}).get("nodeName")
    kubelets = getattr(kc.cluster, "kubelets", None) or {}
    return kubelets.get(node) if node else None


def _network_argv(argv: list[str]) -> list[str] | None:
    """The network tool a command runs, if that is all it runs (also inside ``sh -c '...'``)."""
    if not argv:
        return None
    prog = argv[0].rsplit("/", 1)[-1]
    if prog in NETWORK:
        return argv
    if prog in SHELLS and len(argv) >= 3 and argv[1] == "-c":
        script = argv[2]
        # anything the shell itself must read first (lists, pipes, redirects, $VAR and $(...)) runs in it
        if any(op in script for op in (";", "&&", "||", "|", "\n", ">", "$", "`")):
            return None
        try:
            words = shlex.split(script)
        except ValueError:
            return None
        if words and words[0].rsplit("/", 1)[-1] in NETWORK:
            return words
    return None



def _interactive_shell(argv: list[str]) -> bool:
    """A shell with no script (``bash``, ``sh -l``), or redis-cli with no command: it reads its
    commands from stdin."""
    if argv and argv[0].rsplit("/", 1)[-1] == "redis-cli":
        return not redis_cli.Options(argv[1:]).command
    if argv and argv[0].rsplit("/", 1)[-1] == "mysql":
        from clusters.kubelet import mysql_client

        opts = mysql_client.Options(argv[1:])
        return opts.execute is None and not opts.error
    return bool(argv) and argv[0].rsplit("/", 1)[-1] in SHELLS and "-c" not in argv[1:]


def run_in_pod(kc, pod: dict, container: str, argv: list[str], stdin: bool = False, tty: bool = False) -> int:
    """Run ``argv`` in ``pod``'s ``container``, print what the terminal shows, return the exit status."""
    net = _network_argv(argv)
    kubelet = _kubelet(kc, pod)
    if kubelet is None or not hasattr(kubelet, "exec"):
        raise base.KubectlError(f'unable to upgrade connection: container not found ("{container}")')
    ns, name = pod["metadata"]["namespace"], pod["metadata"]["name"]
    if stdin and tty and not kc.ctx.stdin_terminal and not kc.opts.get("quiet", False):
        kc.err(attaching.TTY_NOT_TERMINAL)
    if _interactive_shell(argv):
        rt, c = kubelet.exec_target(ns, name, container)
        kubelet.exec_check(c, argv[0], kubelet.shell_env(rt, c).shells)  # no bash in a busybox image
        if not stdin:
            return 0  # without -i the shell's stdin is empty: it reads end-of-file and exits 0
        raw = tty and kc.ctx.stdin_terminal
        state = kubelet.open_shell(ns, name, container, list(argv), raw)
        return attaching.stream(kc, kc.verb, pod, container, state, main=False, tty=raw)
    session = None
    if net is not None:
        # The network tools run in the container too: not before it is running (as the cat path).
        kubelet.exec_target(ns, name, container)
        code, out, err = run_network(kc, pod, net)
    else:
        session = shell.Session(_advancer(kc.cluster, kubelet, ns, name, container), timing.FOLLOW_WINDOW,
                                float(getattr(kc.cluster.spec, "max_advance", shell.FOREVER)))
        result = kubelet.exec(ns, name, container, list(argv), session=session,
                              stdin=kc.stdin if stdin and not kc.ctx.stdin_terminal else "",
                              tty=tty and kc.ctx.stdin_terminal)
        code, out, err = result.exit_code, result.output, ""
    if out:
        kc.out(out)
    if err:
        kc.err(err)
    if session is not None and session.interrupted:
        # A real exec runs until Ctrl-C; the learner's shell then reports 130.
        why = (f"had looped {shell.SPIN_LIMIT} times without time passing" if session.interrupted == "spin" else
               f"was still running after {_seconds(session.elapsed)} of virtual time")
        kc.err(f"This console is not a terminal: the command in pod/{name} {why}, "
               f"so it was stopped as Ctrl-C would stop it.\n")
        return 130
    return _exited(code)


def _exited(code: int) -> int:
    """A non-zero status comes back as client-go's CodeExitError, which checkErr prints."""
    if code:
        raise base.KubectlError(f"command terminated with exit code {code}", code=code, raw=True)
    return 0


def _advancer(cluster, kubelet, ns: str, name: str, container: str):
    """The Session's clock: move virtual time, then say whether the container still runs."""
    def advance(seconds: float) -> bool:
        timing.advance(cluster, seconds)
        try:
            kubelet.exec_target(ns, name, container)
        except api_errors.StatusError:
            return False
        return True
    return advance


def _seconds(s: float) -> str:
    return f"{int(s)}s" if s == int(s) else f"{s:g}s"


def run_network(kc, pod: dict, argv: list[str]) -> tuple[int, str, str]:
    from clusters import network
    from clusters.network import dns

    cluster = kc.cluster
    prog = argv[0].rsplit("/", 1)[-1]
    if prog == "nslookup":
        names = [a for a in argv[1:] if not a.startswith("-")]
        if not names:
            return 1, "", "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nslookup [HOST] [SERVER]\n"
        container = next((c for c in pod["spec"]["containers"]), {})
        code, text = network.nslookup(cluster, pod, names[0], dns.nslookup_flavour(container.get("image", "")))
        return code, text, ""
    fn = network.curl if prog == "curl" else network.wget
    r = fn(cluster, pod, list(argv[1:]))
    timing.advance(cluster, r.elapsed)
    return r.exit_code, r.stdout, r.stderr


class Verb(base.Verb):
    name = "exec"

    def run(self, kc, args):
        opts = kc.opts
        if kc.dash < 0 and len(args) > 1:
            raise base.UsageError("exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\n"
                                  "See 'kubectl exec -h' for help and examples")
        target = args[0] if args and kc.dash != 0 else ""
        command = args[kc.dash:] if kc.dash >= 0 else []
        filenames = opts.get("filename", []) or []
        if not target and not filenames:
            raise base.KubectlError("pod, type/name or --filename must be specified")
        if not command:
            raise base.KubectlError("you must specify at least one command for the container")
        pod = self.find_pod(kc, target, filenames)
        phase = (pod.get("status") or {}).get("phase")
        if phase in ("Succeeded", "Failed"):
            raise base.KubectlError(f"cannot exec into a container in a completed pod; current phase is {phase}")
        container = opts.get("container", "") or ""
        if container:
            names = [c["name"] for c in (pod["spec"].get("containers") or []) + (pod["spec"].get("initContainers") or [])]
            if container not in names:
                raise base.KubectlError(f"container {container} not found in pod {pod['metadata']['name']}")
        else:
            container = default_container(kc, pod, bool(opts.get("quiet", False)))
        return run_in_pod(kc, pod, container, command, bool(opts.get("stdin", False)), bool(opts.get("tty", False)))

    def detached(self, kc, attachment, code: int) -> int:
        """The shell the terminal was attached to ended with ``code`` (kubectl/attaching.py)."""
        return _exited(code)

    def find_pod(self, kc, target: str, filenames: list[str]) -> dict:
        """exec.go: a pod name, or TYPE/NAME resolved to one of its pods (AttachablePodForObject)."""
        if filenames:
            m = mutating.manifests(kc, filenames)[0]
            r = mutating.resource_of(m)
            obj = kc.api.get(r, m.obj["metadata"]["name"], mutating.namespace_for(kc, r, m.obj))
        elif "/" in target:
            t, _, name = target.partition("/")
            r = mutating.resolve_type(t)
            obj = builder.info_get(kc, r, name)
        else:  # exec.go: builder.ResourceNames("pods", name).Do().Object(), so Info.Get
            return builder.info_get(kc, resources.by_plural("pods"), target)
        if obj.get("kind") == "Pod":
            return obj
        from clusters.console.kubectl import logs

        return logs.first_pod(kc, obj)
