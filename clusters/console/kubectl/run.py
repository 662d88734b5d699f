"""kubectl run NAME --image=IMAGE (kubernetes/kubectl:pkg/cmd/run/run.go, pkg/generate/versioned/run.go).

Builds the Pod the ``run-pod/v1`` generator builds (labels ``run=NAME``
unless ``--labels``, one container named NAME, ``--env``, ``--port``,
``--restart``, ``--command`` turning the arguments after ``--`` into the
command instead of args, ``--overrides``), creates it and prints
``pod/NAME created``; ``--expose --port`` first creates the Service
(``service/NAME created``).

Attaching (``-i``, ``-t``, ``--attach``): the pod is created and started in
virtual time. A shell reading the stdin kept open for it (``kubectl run -ti
--rm busybox --image=busybox -- sh``) gets the terminal: after ``If you don't
see a command prompt, try pressing enter.`` the lines typed go to it, at its
prompt, until ``exit`` or Ctrl-D (kubectl/attaching.py); then, as run.go does,
a pod that restarts (``--restart=Always``) says how to attach again, one that
does not is waited for and its exit code returned, and ``--rm`` deletes it
(``pod "NAME" deleted``). When the command is one this simulation runs to
completion (``nslookup web``, ``wget -qO- web``, ``curl web``, ``echo``,
``env``, ``cat``...), its output is printed as the attached terminal shows
it. A command that loops (the HPA walkthrough's load generator) is followed
for 30 virtual seconds, then runs on as if in a second terminal; with
``--rm`` the note says that ``kubectl delete pod NAME`` stops it, which
Ctrl-C would do there.
"""
from __future__ import annotations

import re

from clusters.apiserver import errors as api_errors, validation
from clusters.console import timing
from clusters.console.kubectl import attaching, base, expose, generators, mutating, visiting

# distribution/reference ReferenceRegexp, simplified: lower-case path components, optional domain, tag, digest.
_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*"
_DOMAIN = r"(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)?"
_REFERENCE = re.compile(rf"^{_DOMAIN}{_COMPONENT}(?:/{_COMPONENT})*(?::[\w][\w.-]{{0,127}})?"
                        r"(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$")
_RESTART = {"Always": "Always", "OnFailure": "OnFailure", "Never": "Never"}
_PULL = ("Always", "IfNotPresent", "Never")
_SHELLS = ("sh", "/bin/sh", "bash", "/bin/bash", "ash", "/bin/ash", "zsh")
# Commands this simulation runs to completion inside a pod (kubectl exec shares them).
RUNNABLE = ("nslookup", "wget", "curl", "echo", "env", "printenv", "cat", "ls", "hostname", "date", "true", "false",
            "whoami", "id", "pwd", "uname", "host", "dig", "ping")


def parse_run_labels(spec: str) -> dict:
    """generate.ParseLabels."""
    out = {}
    for part in spec.split(","):
        kv = part.split("=")
        if len(kv) != 2:
            raise base.KubectlError(f"unexpected label spec: {part}")
        errs = validation.label_value(kv[1])
        if errs:
            raise base.KubectlError(f'invalid label value: "{part}": {";".join(errs)}')
        out[kv[0]] = kv[1]
    return out


def parse_envs(specs: list[str]) -> list[dict]:
    """generate/versioned/run.go parseEnvs."""
    out = []
    for s in specs:
        name, eq, value = s.partition("=")
        if not eq or not name or validation_env_name(name):
            raise base.KubectlError(f"invalid env: {s}")
        out.append({"name": name, "value": value})
    return out


def validation_env_name(name: str) -> bool:
    return not re.fullmatch(r"[-._a-zA-Z][-._a-zA-Z0-9]*", name)


def pod(name: str, image: str, *, labels: dict, annotations: dict | None, env: list[dict], port: str,
        restart: str, pull: str, args: list[str], command: bool, stdin: bool, tty: bool, leave_open: bool,
        privileged: bool, namespace: str | None) -> dict:
    """generate/versioned/run.go BasicPod.Generate, marshalled with Go's zero values as kubectl prints them."""
    c: dict = {}
    if args:
        c["command" if command else "args"] = list(args)
    if env:
        c["env"] = env
    c["image"] = image
    if pull:
        c["imagePullPolicy"] = pull
    c["name"] = name
    if port:
        c["ports"] = [{"containerPort": int(port)}]
    c["resources"] = {}
    if privileged:
        c["securityContext"] = {"privileged": True}
    if stdin:
        c["stdin"] = True
        if not leave_open:
            c["stdinOnce"] = True
    if tty:
        c["tty"] = True
    meta: dict = {}
    if annotations:
        meta["annotations"] = annotations
    meta["creationTimestamp"] = None
    meta["labels"] = labels
    meta["name"] = name
    if namespace:
        meta["namespace"] = namespace
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta,
            "spec": {"containers": [c], "dnsPolicy": "ClusterFirst", "restartPolicy": restart}, "status": {}}


class Verb(base.Verb):
    name = "run"
    required = ("image",)  # run.go MarkFlagRequired

    def run(self, kc, args):
        opts = kc.opts
        visiting.check_output(kc)  # run.go Complete builds the printer first
        if not args or kc.dash == 0:
            raise base.UsageError("NAME is required for run\nSee 'kubectl run -h' for help and examples")
        if not opts.changed("image"):
            raise base.KubectlError('required flag(s) "image" not set')
        image = opts.get("image", "") or ""
        if not image:
            raise base.KubectlError("--image is required")
        if not _REFERENCE.match(image):
            raise base.KubectlError(f'Invalid image name "{image}": invalid reference format')
        stdin, tty = bool(opts.get("stdin", False)), bool(opts.get("tty", False))
        if tty and not stdin:
            raise base.UsageError("-i/--stdin is required for containers with -t/--tty=true\n"
                                  "See 'kubectl run -h' for help and examples")
        port = opts.get("port", "") or ""
        expose_ = bool(opts.get("expose", False))
        if expose_ and not port:
            raise base.UsageError("--port must be set when exposing a service\nSee 'kubectl run -h' for help and examples")
        restart = opts.get("restart", "Always") or "Always"
        if restart not in _RESTART:
            raise base.UsageError(f"invalid restart policy: {restart}\nSee 'kubectl run -h' for help and examples")
        attach = bool(opts.get("attach", False)) or stdin
        remove = bool(opts.get("rm", False))
        if remove and not attach:
            raise base.UsageError("--rm should only be used for attached containers\n"
                                  "See 'kubectl run -h' for help and examples")
        dry = mutating.dry_run_mode(kc)
        if attach and dry != "none":
            raise base.UsageError("--dry-run=[server|client] can't be used with attached containers options "
                                  "(--attach, --stdin, or --tty)\nSee 'kubectl run -h' for help and examples")
        pull = opts.get("image-pull-policy", "") or ""
        if pull and pull not in _PULL:
            raise base.UsageError(f"invalid image pull policy: {pull}\nSee 'kubectl run -h' for help and examples")
        name = args[0]
        label_spec = opts.get("labels", "") or ""
        labels = parse_run_labels(label_spec) if label_spec else {"run": name}
        annotations = {}
        for a in opts.get("annotations", []) or []:
            k, eq, v = a.partition("=")
            if not eq:
                raise base.KubectlError(f"invalid annotation format: {a}")
            annotations[k] = v
        env = parse_envs(opts.get("env", []) or [])
        if port:
            try:
                int(port)
            except ValueError:
                raise base.KubectlError(f'strconv.Atoi: parsing "{port}": invalid syntax') from None
        fmt = visiting.output_format(kc)
        ns = kc.namespace if kc.explicit_namespace else None
        obj = pod(name, image, labels=labels, annotations=annotations or None, env=env, port=port, restart=restart,
                  pull=pull, args=args[1:], command=bool(opts.get("command", False)), stdin=stdin, tty=tty,
                  leave_open=bool(opts.get("leave-stdin-open", False)), privileged=bool(opts.get("privileged", False)),
                  namespace=ns)
        obj = expose.apply_overrides(kc, obj, "Pod")
        if expose_:
            svc = expose.service(name, expose.make_labels(labels), [(port, "")], namespace=ns)
            expose.create_or_print(kc, svc, "created", dry, fmt)
            if fmt == "yaml":
                kc.out("---\n---\n")  # run.go's separator, then the YAML printer's own for its second object
        if attach:
            return self.attached(kc, obj, args[1:], remove)
        expose.create_or_print(kc, obj, "created", dry, fmt)
        return 0

    # -- attached runs -----------------------------------------------------------------------
    def attached(self, kc, obj: dict, argv: list[str], remove: bool) -> int:
        r = mutating.resolve_type("pods")
        created = kc.client().create(r, generators.for_server(obj), kc.namespace)
        name, ns = created["metadata"]["name"], created["metadata"]["namespace"]
        timeout = float(kc.opts.get("pod-running-timeout", 60.0) or 60.0)
        live = self.wait_running(kc, name, ns, timeout)
        if live is None:
            raise base.KubectlError("timed out waiting for the condition")
        container = live["spec"]["containers"][0]["name"]
        cmd = argv or list((live["spec"]["containers"][0].get("command") or []) +
                           (live["spec"]["containers"][0].get("args") or []))
        from clusters.console.kubectl import exec as exec_verb

        code = 0
        main_shell = self.main_shell(kc, live, container)
        if main_shell:
            return attaching.attach_main(kc, self, live, container, main_shell)
        net = exec_verb._network_argv(cmd)
        if net is not None:
            # the container's main process is the network tool: show what it prints
            code, out, err = exec_verb.run_network(kc, live, net)
            kc.out(out)
            kc.err(err)
        else:
            # attach streams the main process's output: follow its log until it exits or the window ends
            finished = self.follow_main(kc, live, container)
            if not finished:
                kc.err(f"This console is not a terminal: pod/{name} keeps running after "
                       f"{int(timing.FOLLOW_WINDOW)}s; 'kubectl logs -f {name}' shows more.\n")
                if remove:
                    # As if in a second terminal: Ctrl-C there would end it and --rm delete it.
                    kc.err(f"To stop it, as Ctrl-C would with --rm: 'kubectl delete pod {name}'.\n")
                return 0
            code = finished[1]
        if remove:
            try:
                kc.client().delete(r, name, ns)
                kc.out(f'pod "{name}" deleted\n')
            except api_errors.StatusError:
                pass
        if code:
            # run.go: uexec.CodeExitError{"pod %s/%s terminated (%s)\n%s", exit code}
            raise base.KubectlError(f"pod {ns}/{name} terminated (Error)\n", code=code, raw=True)
        return 0

    def main_shell(self, kc, pod: dict, container: str) -> str | None:
        """The shell the container runs, when it waits on the stdin kubectl run -i keeps open."""
        from clusters.console.kubectl import exec as exec_verb

        kubelet = exec_verb._kubelet(kc, pod)
        if not kc.opts.get("stdin", False) or kubelet is None:
            return None
        try:
            return kubelet.stdin_shell(pod["metadata"]["namespace"], pod["metadata"]["name"], container)
        except api_errors.StatusError:
            return None  # it has already finished

    def detached(self, kc, a, code: int) -> int:
        """The attached shell ended (kubectl/attaching.py): run.go after handleAttachPod. A pod that
        will not restart is waited for and its exit code returned; --rm deletes the pod first."""
        attaching.reattach_message(kc, a)
        try:
            if kc.opts.get("leave-stdin-open", False) or a.restart not in ("Never", "OnFailure"):
                return 0
            timeout = float(kc.opts.get("pod-running-timeout", 60.0) or 60.0)
            phases = ("Succeeded", "Failed") if a.restart == "Never" else ("Succeeded",)
            pod = self.wait_phase(kc, a.pod, a.namespace, timeout, phases)
            if pod is None:  # podCompleted on a Deleted event: NewNotFound with no name
                raise api_errors.not_found("pods", "")
            if pod is False:
                raise base.KubectlError("timed out waiting for the condition")
            if pod["status"].get("phase") == "Succeeded":
                return 0
            terminated = ((pod["status"].get("containerStatuses") or [{}])[0].get("state") or {}).get("terminated")
            rc = int((terminated or {}).get("exitCode", 0))
            if not rc:
                raise base.KubectlError(f"pod {a.namespace}/{a.pod} failed with unknown exit code")
            raise base.KubectlError(f"pod {a.namespace}/{a.pod} terminated ({terminated.get('reason', '')})\n"
                                    f"{terminated.get('message', '')}", code=rc, raw=True)
        finally:
            if kc.opts.get("rm", False):
                try:
                    kc.client().delete(mutating.resolve_type("pods"), a.pod, a.namespace)
                    kc.out(f'pod "{a.pod}" deleted\n')
                except api_errors.StatusError:
                    pass  # run.go's deferred removeCreatedObjects: its error is dropped

    def wait_phase(self, kc, name: str, ns: str, timeout: float, phases: tuple):
        """waitForPod until the pod reaches one of ``phases``: the pod, None once it is gone, False at the timeout."""
        cluster = kc.cluster
        deadline = cluster.clock.now + timeout
        while True:
            cluster.settle()
            p = kc.api.try_get("pods", name, ns)
            if p is None:
                return None
            if (p.get("status") or {}).get("phase") in phases:
                return p
            nxt = cluster.clock.next_time()
            if nxt is None or nxt > deadline:
                timing.advance(cluster, max(0.0, deadline - cluster.clock.now))
                return False
            timing.advance(cluster, max(nxt - cluster.clock.now, 0.001))

    def follow_main(self, kc, pod: dict, container: str, since_now: bool = False):
        """Print the container's log as it grows (``since_now``: only what it writes from now on, as
        kubectl attach shows it); (True, exit code) once it terminated, None if still running."""
        from clusters.console.kubectl import logs as logs_verb

        cluster = kc.cluster
        reader = logs_verb.Verb()
        deadline = cluster.clock.now + timing.FOLLOW_WINDOW
        shown = 0
        if since_now:
            try:
                shown = len(reader.read(kc, pod, container, False))
            except api_errors.StatusError:
                pass
        while True:
            cluster.settle()
            live = kc.api.try_get("pods", pod["metadata"]["name"], pod["metadata"]["namespace"])
            try:
                lines = reader.read(kc, live or pod, container, False)
            except api_errors.StatusError:
                lines = []
            if len(lines) > shown:
                kc.out("".join(line + "\n" for _, line in lines[shown:]))
                shown = len(lines)
            for cs in ((live or {}).get("status") or {}).get("containerStatuses") or ():
                term = (cs.get("state") or {}).get("terminated")
                if cs.get("name") == container and term is not None:
                    return True, int(term.get("exitCode", 0))
            nxt = cluster.clock.next_time()
            if nxt is None or nxt > deadline:
                timing.advance(cluster, max(0.0, deadline - cluster.clock.now))
                return None
            timing.advance(cluster, max(nxt - cluster.clock.now, 0.001))

    def wait_running(self, kc, name: str, ns: str, timeout: float) -> dict | None:
        """GetPodTimeout: poll until the pod runs (or has finished), advancing virtual time."""
        cluster = kc.cluster
        deadline = cluster.clock.now + timeout
        while True:
            cluster.settle()
            p = kc.api.try_get("pods", name, ns)
            if p is not None and (p.get("status") or {}).get("phase") in ("Running", "Succeeded", "Failed"):
                return p
            nxt = cluster.clock.next_time()
            if nxt is None or nxt > deadline:
                return None
            timing.advance(cluster, max(nxt - cluster.clock.now, 0.001))
