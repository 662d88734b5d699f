"""kubectl debug (POD | TYPE/NAME) [-- COMMAND] (kubernetes/kubectl:pkg/cmd/debug/debug.go at 1.32).

Three ways to debug, as debug.go's visitPod and visitNode choose them:

- a pod, without ``--copy-to``: an ephemeral container is added through the pods/ephemeralcontainers
  subresource (a strategic merge patch, as debugByEphemeralContainer sends it); the pod's kubelet
  starts it beside the others and reports it in ``status.ephemeralContainerStatuses``;
- a pod with ``--copy-to=NAME``: a copy of it is created, with ``--set-image``, ``--share-processes``,
  a debug container added or, with ``--container`` naming one of its containers, that container's
  command (``-- sh``) or image changed;
- ``node/NAME``: a pod ``node-debugger-NAME-xxxxx`` pinned to that node, restartPolicy Never,
  tolerating every taint, with host namespaces and the node's / at /host under the legacy and general
  profiles.

``--profile`` changes the debugging container or pod as debug_profiles.py says. With ``-i`` (and
``-t``), kubectl waits for the container to run and attaches the terminal to it as ``kubectl attach``
does (kubectl/attaching.py); when the shell ends, the ephemeral container has ended with it.
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import errors as api_errors, resources
from clusters.console import timing
from clusters.console.kubectl import attaching, base, builder, debug_profiles, mutating, run

# debug.go Validate: the deprecation note the default profile prints (stderr).
LEGACY_WARNING = ('--profile=legacy is deprecated and will be removed in the future. It is recommended to explicitly '
                  'specify a profile, for example "--profile=general".\n')
WAIT_LIMIT = 300.0  # waitForContainer has no timeout; a container that never starts stops the wait here


def _pairs(kc, flag: str) -> dict[str, str]:
    """pflag StringToString: ``k=v`` pairs, read as one CSV record."""
    out: dict[str, str] = {}
    for item in kc.opts.get(flag) or []:
        k, eq, v = item.partition("=")
        if not eq:
            raise base.KubectlError(f'invalid argument "{item}" for "--{flag}" flag: {item} must be formatted as key=value')
        out[k] = v
    return out


class Verb(base.Verb):
    name = "debug"

    def run(self, kc, args):
        o = kc.opts
        names, command = (args[:kc.dash], args[kc.dash:]) if kc.dash >= 0 else (args, [])
        env = _pairs(kc, "env")
        set_images = _pairs(kc, "set-image")
        profile = o.get("profile") or "legacy"
        if profile not in debug_profiles.PROFILES:
            raise base.KubectlError(f"unknown profile: {profile}")
        self._validate(kc, names, command, set_images)
        if profile == "legacy":
            kc.err(LEGACY_WARNING)
        # Go ranges over the --env map in random order; sorted here, so a replay gives the same pod.
        env_list = [{"name": k, "value": env[k]} for k in sorted(env)]
        attach = bool(o.get("attach", False)) if o.changed("attach") else bool(o.get("stdin", False))
        targets = [self._target(kc, n) for n in names] if names else [self._from_file(kc)]
        for obj in targets:
            if obj.get("kind") == "Node":
                pod, container = self._node(kc, obj, command, env_list, profile)
            elif o.get("copy-to"):
                pod, container = self._copy(kc, obj, command, env_list, set_images, profile)
            else:
                pod, container = self._ephemeral(kc, obj, command, env_list, profile)
            if attach and container:
                code = self._attach(kc, pod, container)
                if kc.ctx.console.attached is not None:
                    return code  # the terminal is the debug container's now
        return 0

    # -- Validate ---------------------------------------------------------------------------------
    def _validate(self, kc, names, command, set_images) -> None:
        o = kc.opts
        image, container, copy_to = o.get("image") or "", o.get("container") or "", o.get("copy-to") or ""
        if o.changed("attach") and o.get("attach") and not image and not container:
            raise base.KubectlError("you must specify --container or create a new container using --image in order to attach.")
        if copy_to:
            if not image and not set_images and not command:
                raise base.KubectlError("you must specify --image, --set-image or command arguments.")
            if command and not container and not image:
                raise base.KubectlError("you must specify an existing container or a new image when specifying args.")
        elif o.get("replace"):
            raise base.KubectlError("--replace may only be used with --copy-to.")
        elif o.get("same-node"):
            raise base.KubectlError("--same-node may only be used with --copy-to.")
        elif set_images:
            raise base.KubectlError("--set-image may only be used with --copy-to.")
        elif not image:
            raise base.KubectlError("you must specify --image when not using --copy-to.")
        if image and not run._REFERENCE.match(image):
            raise base.KubectlError(f'invalid image name "{image}": invalid reference format')
        if not names and not (o.get("filename") or []):
            raise base.KubectlError("NAME or filename is required for debug")
        policy = o.get("image-pull-policy") or ""
        if policy not in ("", "Always", "IfNotPresent", "Never"):
            raise base.KubectlError(f"invalid image pull policy: {policy}")
        for cname in sorted(set_images):
            if not run._REFERENCE.match(set_images[cname]):
                raise base.KubectlError(f'invalid image name "{set_images[cname]}" for container "{cname}": '
                                        "invalid reference format")
        target = o.get("target") or ""
        if target:
            if copy_to:
                raise base.KubectlError("--target is incompatible with --copy-to. Use --share-processes instead.")
            if not o.get("quiet", False):
                kc.out(f'Targeting container "{target}". If you don\'t see processes from this container it may be '
                       "because the container runtime doesn't support this feature.\n")
        if o.get("tty", False) and not o.get("stdin", False):
            raise base.KubectlError("-i/--stdin is required for containers with -t/--tty=true")
        if o.get("custom"):
            raise base.KubectlError("--custom profiles are not supported by this console")

    # -- targets --------------------------------------------------------------------------------
    def _target(self, kc, name: str) -> dict:
        """builder.ResourceNames("pods", names...): a bare name is a pod; TYPE/NAME any type."""
        if "/" not in name:
            return builder.info_get(kc, resources.by_plural("pods"), name)
        t, _, n = name.partition("/")
        r = mutating.resolve_type(t)
        obj = builder.info_get(kc, r, n)
        if obj.get("kind") not in ("Pod", "Node"):
            raise base.KubectlError(f'"{r.group}/{r.version}, Kind={r.kind}" not supported by debug')
        return obj

    def _from_file(self, kc) -> dict:
        m = mutating.manifests(kc, kc.opts.get("filename") or [])[0]
        r = mutating.resource_of(m)
        return kc.api.get(r, m.obj["metadata"]["name"], mutating.namespace_for(kc, r, m.obj))

    def _container_name(self, kc, pod: dict) -> str:
        """computeDebugContainerName: -c, else debugger-xxxxx not yet taken in the pod."""
        if kc.opts.get("container"):
            return kc.opts.get("container")
        spec = pod.get("spec") or {}
        taken = {c.get("name") for f in ("containers", "initContainers", "ephemeralContainers") for c in spec.get(f) or ()}
        name = ""
        while not name or name in taken:
            name = f"debugger-{kc.cluster.rand.string(5)}"
        if not kc.opts.get("quiet", False):
            kc.out(f"Defaulting debug container name to {name}.\n")
        return name

    def _common(self, kc, c: dict, command: list, env_list: list) -> None:
        o = kc.opts
        if env_list:
            c["env"] = env_list
        if o.get("image-pull-policy"):
            c["imagePullPolicy"] = o.get("image-pull-policy")
        if command:
            c["args" if o.get("arguments-only", False) else "command"] = list(command)
        if o.get("stdin", False):
            c["stdin"] = True
        if o.get("tty", False):
            c["tty"] = True

    # -- the three ways ---------------------------------------------------------------------------
    def _ephemeral(self, kc, pod: dict, command, env_list, profile):
        """debugByEphemeralContainer."""
        name = self._container_name(kc, pod)
        ec = {"name": name, "image": kc.opts.get("image"), "resources": {}, "terminationMessagePolicy": "File"}
        self._common(kc, ec, command, env_list)
        if kc.opts.get("target"):
            ec["targetContainerName"] = kc.opts.get("target")
        copied = objects.clone(pod)
        copied["spec"].setdefault("ephemeralContainers", []).append(ec)
        debug_profiles.apply(profile, copied, name, debug_profiles.EPHEMERAL, debug_profiles.Keep(kc.opts))
        patch = {"spec": {"ephemeralContainers": [copied["spec"]["ephemeralContainers"][-1]]}}
        m = pod["metadata"]
        result = kc.client().patch(resources.by_plural("pods"), m["name"], patch, m["namespace"],
                                   patch_type="strategic", subresource="ephemeralcontainers")
        return result, name

    def _copy(self, kc, pod: dict, command, env_list, set_images, profile):
        """debugByCopy / generatePodCopyWithDebugContainer."""
        o = kc.opts
        m = pod["metadata"]
        meta = {"name": o.get("copy-to"), "namespace": m["namespace"]}
        for k in ("labels", "annotations"):
            if m.get(k):
                meta[k] = dict(m[k])
        spec = objects.clone(pod["spec"])
        spec.pop("ephemeralContainers", None)
        if o.changed("share-processes"):
            spec["shareProcessNamespace"] = bool(o.get("share-processes", True))
        if not o.get("same-node", False):
            spec.pop("nodeName", None)
        for c in spec.get("containers") or ():
            image = set_images.get(c["name"], set_images.get("*", ""))
            if image:
                c["image"] = image
        copied = {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec}
        name = o.get("container") or ""
        c = next((x for f in ("containers", "initContainers") for x in spec.get(f) or () if x["name"] == name), None)
        if c is None:
            if not o.get("image"):
                if set_images:
                    return self._create_copy(kc, pod, copied), ""  # a --set-image only copy
                raise base.KubectlError("you must specify image when creating new container")
            name = self._container_name(kc, copied)
            c = {"name": name, "terminationMessagePolicy": "File", "resources": {}}
            spec["containers"].append(c)
        if command and not o.get("arguments-only", False):
            c.pop("args", None)
        if o.get("image"):
            c["image"] = o.get("image")
        c.pop("stdin", None)
        c.pop("tty", None)
        self._common(kc, c, command, env_list)
        debug_profiles.apply(profile, copied, name, debug_profiles.COPY, debug_profiles.Keep(o))
        return self._create_copy(kc, pod, copied), name

    def _create_copy(self, kc, pod: dict, copied: dict) -> dict:
        r = resources.by_plural("pods")
        created = kc.client().create(r, copied, copied["metadata"]["namespace"])
        if kc.opts.get("replace", False):
            kc.client().delete(r, pod["metadata"]["name"], pod["metadata"]["namespace"], grace_period=0)
        return created

    def _node(self, kc, node: dict, command, env_list, profile):
        """visitNode / generateNodeDebugPod."""
        node_name = node["metadata"]["name"]
        cname = kc.opts.get("container") or "debugger"
        pname = f"node-debugger-{node_name}-{kc.cluster.rand.string(5)}"
        if not kc.opts.get("quiet", False):
            kc.out(f"Creating debugging pod {pname} with container {cname} on node {node_name}.\n")
        c = {"name": cname, "image": kc.opts.get("image"), "resources": {}, "terminationMessagePolicy": "File"}
        self._common(kc, c, command, env_list)
        pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": pname},
               "spec": {"containers": [c], "nodeName": node_name, "restartPolicy": "Never",
                        "tolerations": [{"operator": "Exists"}]}}
        debug_profiles.apply(profile, pod, cname, debug_profiles.NODE, debug_profiles.Keep(kc.opts))
        created = kc.client().create(resources.by_plural("pods"), pod, kc.namespace)
        return created, cname

    # -- attaching ------------------------------------------------------------------------------
    def _attach(self, kc, pod: dict, container: str) -> int:
        """handleAttachPod: wait for the container to run, then attach; a container that already
        ended shows its logs instead."""
        live = self._wait_for_container(kc, pod, container)
        status = _status(live, container) or {}
        state = status.get("state") or {}
        if "terminated" in state:
            from clusters.console.kubectl import logs

            kc.out("".join(line + "\n" for _, line in logs.Verb().read(kc, live, container, False)))
            return 0
        shell = run.Verb.main_shell(self, kc, live, container)
        if shell:
            return attaching.attach_main(kc, self, live, container, shell)
        if not kc.opts.get("quiet", False):
            kc.err(attaching.PROMPT_HINT)
        run.Verb().follow_main(kc, live, container, since_now=True)
        return 0

    def _wait_for_container(self, kc, pod: dict, container: str) -> dict:
        """waitForContainer: until the container runs or has terminated; a waiting message is warned about."""
        cluster = kc.cluster
        ns, name = pod["metadata"]["namespace"], pod["metadata"]["name"]
        deadline = cluster.clock.now + WAIT_LIMIT
        said = ""
        while True:
            cluster.settle()
            live = kc.api.try_get("pods", name, ns)
            if live is None:
                raise api_errors.not_found("pods", name)
            s = _status(live, container)
            if s is not None:
                state = s.get("state") or {}
                if "running" in state or "terminated" in state:
                    return live
                msg = (state.get("waiting") or {}).get("message") or ""
                if msg and msg != said and not kc.opts.get("quiet", False):
                    kc.err(f"Warning: container {container}: {msg}\n")
                    said = msg
            nxt = cluster.clock.next_time()
            if nxt is None or nxt > deadline:
                raise base.KubectlError("timed out waiting for the condition")
            timing.advance(cluster, max(nxt - cluster.clock.now, 0.001))

    def detached(self, kc, a, code: int) -> int:
        """The shell ended (kubectl/attaching.py): attach.go's reattachMessage, then debug returns."""
        pod = kc.api.try_get("pods", a.pod, a.namespace) or {}
        ephemeral = any(c.get("name") == a.container for c in (pod.get("spec") or {}).get("ephemeralContainers") or ())
        if ephemeral and not kc.opts.get("quiet", False) and a.tty and a.restart == "Always":
            kc.out(f"Session ended, the ephemeral container will not be restarted but may be reattached using "
                   f"'kubectl attach {a.pod} -c {a.container} -i -t' if it is still running\n")
        elif not ephemeral:
            attaching.reattach_message(kc, a)
        return 0


def _status(pod: dict, container: str) -> dict | None:
    """getContainerStatusByName: among every kind of container status."""
    st = pod.get("status") or {}
    for f in ("containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses"):
        for s in st.get(f) or ():
            if s.get("name") == container:
                return s
    return None
