"""kubectl attach (POD | TYPE/NAME) -c CONTAINER (kubernetes/kubectl:pkg/cmd/attach/attach.go).

Attaches to the process a container already runs. With ``-i``, to a shell reading the stdin
its pod keeps open (``stdin: true``, as ``kubectl run -i`` sets), the terminal goes to that
shell (kubectl/attaching.py) until ``exit`` or Ctrl-D; a pod that will restart it then says
how to attach again. Otherwise it shows what the process writes from now on, for
``timing.FOLLOW_WINDOW`` virtual seconds, as Ctrl-C would end it. ``-t`` on a container
without a terminal is refused with attach.go's words; a container with one forces it.
"""
from __future__ import annotations

from clusters.apiserver import resources
from clusters.console import timing
from clusters.console.kubectl import attaching, base, builder, exec as exec_verb, mutating, run


class Verb(base.Verb):
    name = "attach"

    def run(self, kc, args):
        opts = kc.opts
        if not args:
            raise base.KubectlError("at least 1 argument is required for attach")
        if len(args) > 2:
            raise base.KubectlError(f"expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw {len(args)}: "
                                    f"{base.go_list(args)}")
        if float(opts.get("pod-running-timeout", 60.0) or 0) <= 0:
            raise base.KubectlError("--pod-running-timeout must be higher than zero")
        pod = self.find_pod(kc, args)
        phase = (pod.get("status") or {}).get("phase")
        if phase in ("Succeeded", "Failed"):
            raise base.KubectlError(f"cannot attach a container in a completed pod; current phase is {phase}")
        quiet = bool(opts.get("quiet", False))
        container = opts.get("container", "") or ""
        specs = (pod["spec"].get("containers") or []) + (pod["spec"].get("initContainers") or [])
        if container:
            if not any(c["name"] == container for c in specs):
                raise base.KubectlError(f"cannot attach to the container: container {container} not found in pod "
                                        f"{pod['metadata']['name']}")
        else:
            container = exec_verb.default_container(kc, pod, quiet)
        cspec = next(c for c in specs if c["name"] == container)
        tty = bool(opts.get("tty", False))
        if tty and not cspec.get("tty"):
            tty = False
            if not quiet:
                kc.err(f"error: Unable to use a TTY - container {container} did not allocate one\n")
        elif not tty and cspec.get("tty"):
            tty = True  # the container has a terminal: the stream must be one
        program = run.Verb.main_shell(self, kc, pod, container) if cspec.get("stdin") else None
        if program:
            return attaching.attach_main(kc, self, pod, container, program, tty)
        if opts.get("stdin", False) and tty and not kc.ctx.stdin_terminal and not quiet:
            kc.err(attaching.TTY_NOT_TERMINAL)
        if not quiet:
            kc.err(attaching.PROMPT_HINT)
        if not run.Verb().follow_main(kc, pod, container, since_now=True):
            kc.err(f"This console is not a terminal: the output of pod/{pod['metadata']['name']} was followed for "
                   f"{int(timing.FOLLOW_WINDOW)}s of virtual time, then stopped as Ctrl-C would stop it.\n")
        return 0

    def detached(self, kc, a, code: int) -> int:
        """The attached shell ended (kubectl/attaching.py): attach returns, saying how to come back."""
        attaching.reattach_message(kc, a)
        return 0

    def find_pod(self, kc, args: list[str]) -> dict:
        """attach.go Run: a pod name, TYPE/NAME or TYPE NAME, resolved to one of its pods."""
        if len(args) == 1 and "/" not in args[0]:
            return builder.info_get(kc, resources.by_plural("pods"), args[0])
        t, name = args if len(args) == 2 else args[0].split("/", 1)
        obj = builder.info_get(kc, mutating.resolve_type(t), name)
        if obj.get("kind") == "Pod":
            return obj
        from clusters.console.kubectl import logs

        return logs.first_pod(kc, obj)
