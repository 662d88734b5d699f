"""The kubelet: one per node. Registers the Node, renews its Lease, runs the pods bound to it.

The pod lifecycle follows pkg/kubelet (kubelet.go syncPod, kuberuntime_manager.go
SyncPod/computePodActions, kuberuntime_container.go startContainer,
images/image_manager.go EnsureImageExists), in virtual time:

1. A pod bound here is admitted at once: status Pending, containers waiting
   ContainerCreating (PodInitializing with init containers), hostIP, startTime.
2. Volumes mount (a missing ConfigMap/Secret: FailedMount, retried with
   back-off), then the sandbox starts (0.2–0.6 s): PodReadyToStartContainers,
   podIP from the node's 10.244.N.0/24.
3. Init containers run one at a time to completion, then every container in
   turn: the image is pulled if needed (Pulling/Pulled, serialized per node as
   serializeImagePulls does, times from the image size), or "already present";
   an image that does not exist gives ErrImagePull then ImagePullBackOff with
   its own 10 s → 300 s back-off. ConfigMaps/Secrets for env are resolved
   (CreateContainerConfigError, retried every 10 s), then Created and Started.
4. The image's Program (images.py) decides what the container does: logs,
   exit time and code, OOMKilled, listening ports; probes run against it
   (probes.py). The kubelet sees an exit of the container's own at its PLEG's
   next relist (one a second, from its start) and writes the status then. An
   exited container restarts per restartPolicy: a relist later the first
   time, then after the CrashLoopBackOff back-off (10, 20, 40 … 300 s, reset
   after 10 minutes running), measured from when it finished.
5. Deletion: Killing "Stopping container x", SIGTERM handled per image (or
   ignored until deletionGracePeriodSeconds, then exit 137), final status with
   a terminal phase, then the kubelet deletes the pod with grace 0.

Every status change marks the pod dirty; one write per pod per instant
carries all of them, and nothing is written when nothing changed.

Fault hooks for ``sim node``: ``fail()`` stops the kubelet (no lease, no
status, no restarts; containers keep running), ``partition()`` cuts it off
the API server (it keeps managing its containers locally), ``recover()``
reconnects and resynchronises.

Accessors for other components (all read-only, none writes the API):
``logs(ns, pod, container=None, previous=False)`` → [(virtual time, line)],
``exec(ns, pod, container, argv)`` → ExecResult(exit_code, output),
``serve(ns, pod, port, path="/", client_ip=...)`` → (status, body) and an
access-log line, ``pod_metrics(ns, pod)`` / ``cpu_usage(ns, pod)`` (millicores)
/ ``memory_usage(ns, pod)`` (bytes), ``set_cpu_load(ns, pod, millicores)``.
"""
from __future__ import annotations

import hashlib
import math

from clusters import objects, timeutil
from clusters.apiserver import errors
from clusters.clock import LATE
from clusters.controllers.base import Controller, key_of, split_key
from clusters.controllers.volume import helpers as volume_helpers
from clusters.events import EventRecorder
from clusters.kubelet import (atomic_writer, config, images, lifecycle, node_status, probes, processes, redis,
                              redis_cli, security, shell, status, utilities)
from clusters.kubelet import mysql_data, mysql_server, xtrabackup
from clusters.kubelet.backoff import (CONTAINER_BACKOFF_INITIAL, CONTAINER_BACKOFF_MAX, IMAGE_BACKOFF_INITIAL,
                                      IMAGE_BACKOFF_MAX, Backoff)
from clusters.kubelet import zookeeper
from clusters.kubelet.containers import MAX_LOG_LINES, ContainerRuntime, Files, PodRuntime
from clusters.kubelet import pull_secrets
from clusters.kubelet import static_pods
from clusters.kubelet import apparmor, seccomp
from clusters.kubelet import etchosts, sysctls

TERMINAL = ("Succeeded", "Failed")
# pod_workers.go: a sync that failed is retried after backOffPeriod (10 s).
SYNC_RETRY = 10.0
# pleg/generic.go relistPeriod: the PLEG lists the runtime's containers every second, so an exit of the
# container's own is seen at the kubelet's next relist, up to a second later.
PLEG_RELIST = 1.0
# volume manager (nestedpendingoperations exponential back-off): 500 ms doubling to 2m2s.
VOLUME_RETRY_INITIAL = 0.5
VOLUME_RETRY_MAX = 122.0
# pod_workers.go: after a sync the pod worker queues the next one wait.Jitter(resyncInterval, 0.5) later;
# resyncInterval is the KubeletConfiguration's syncFrequency, 1m by default, so 60 to 90 s.
RESYNC_INTERVAL = 60.0
RESYNC_JITTER = 0.5
# volumemanager reconciler.go reconcilerLoopSleepPeriod: a sync's remount happens on the reconciler's next pass.
RECONCILER_PERIOD = 0.1
PULL_BANDWIDTH = 40 * 1024 * 1024  # bytes per virtual second
PULL_LATENCY = 0.4
CREATE_TO_START = 0.1
# kubecontainer's MaxContainerTerminationMessageLength, ...LogLength and ...LogLines (runtime.go).
MAX_TERMINATION_MESSAGE = 4 * 1024
MAX_TERMINATION_LOG_BYTES = 2 * 1024
MAX_TERMINATION_LOG_LINES = 80


class ExecResult:
    __slots__ = ("exit_code", "output")

    def __init__(self, exit_code: int, output: str):
        self.exit_code = exit_code
        self.output = output

    def __repr__(self) -> str:
        return f"ExecResult({self.exit_code}, {self.output!r})"


class PodNet:
    """A pod's shell running wget/curl/nslookup over clusters.network, as a process in that pod."""

    def __init__(self, cluster, rt: PodRuntime):
        self.cluster = cluster
        self.rt = rt

    def __call__(self, argv: list) -> tuple[int, str, str, float]:
        from clusters.network import clients

        r = clients.run_tool(self.cluster, self._pod(), list(argv))
        return r.exit_code, r.stdout, r.stderr, r.elapsed

    def _pod(self) -> dict:
        """The pod as the API serves it now (a request to localhost finds its containers running),
        else the kubelet's copy."""
        live = self.cluster.api.try_get("pods", self.rt.name, self.rt.namespace)
        pod = dict(live if live is not None and live["metadata"].get("uid") == self.rt.uid else self.rt.pod)
        pod["status"] = dict(pod.get("status") or {}, podIP=self.rt.ip)
        return pod

    def now(self) -> float:
        """The time as the pod's programs read it (epoch seconds)."""
        return self.cluster.epoch + self.cluster.clock.now

    def zookeeper_ruok(self, host: str, port: int) -> str:
        """``echo ruok | nc HOST PORT`` from this pod (zookeeper_client.ruok): "imok", or "" when nothing answers."""
        from clusters.network import zookeeper_client

        return zookeeper_client.ruok(self.cluster, self._pod(), host, port, self._ephemeral())

    def zookeeper_session(self, host: str, port: int, requests: list):
        """A ZooKeeper client session from this pod (zookeeper_client.session)."""
        from clusters.network import zookeeper_client

        return zookeeper_client.session(self.cluster, self._pod(), host, port, self._ephemeral(), requests)

    def _ephemeral(self) -> int:
        """The local port a connection from this pod gets (Linux's ip_local_port_range)."""
        return self.cluster.rand.randint(32768, 60999)

    def redis(self, host: str, port: int, argv: list):
        """redis-cli in this pod sending one command to ``host:port`` (redis_client.Reply)."""
        from clusters.network import redis_client

        return redis_client.call(self.cluster, self._pod(), host, port, list(argv))

    def mysql(self, host: str, port: int):
        """The mysql client in this pod connecting to ``host:port``: (clients.connect's outcome, the
        server's Program when a mysqld listens there, this pod's IP as the server sees the client)."""
        from clusters.network import clients

        outcome, target, target_port = clients.connect(self.cluster, self._pod(), host, port)
        if target is None:
            return outcome, None, ""
        m = target["metadata"]
        kubelet = (getattr(self.cluster, "kubelets", None) or {}).get((target.get("spec") or {}).get("nodeName"))
        server = kubelet.mysql_server(m.get("namespace", "default"), m["name"], target_port) \
            if kubelet is not None else None
        if server is None:
            return "refused", None, ""  # [approximate] a server that does not speak MySQL's protocol
        return "connect", server, self.rt.ip

    def backup(self, host: str, port: int) -> tuple[str, str]:
        """ncat --recv-only in this pod to ``host:port``: (clients.connect's outcome, what the server sent)."""
        from clusters.network import clients

        outcome, target, target_port = clients.connect(self.cluster, self._pod(), host, port)
        if target is None:
            return outcome, ""
        kubelet = (getattr(self.cluster, "kubelets", None) or {}).get((target.get("spec") or {}).get("nodeName"))
        m = target["metadata"]
        text = kubelet.backup(m.get("namespace", "default"), m["name"], target_port) if kubelet is not None else None
        return ("refused", "") if text is None else ("connect", text)

    def cassandra_site(self):
        """Where a Cassandra node in this pod runs (cassandra.Site)."""
        from clusters.kubelet import cassandra

        return cassandra.Site(self.cluster, self._pod())

    def cassandra(self, host: str, port: int):
        """nodetool in this pod connecting to JMX at ``host:port``: (the node's cassandra.Site, its running
        container, "") or (None, None, why: "dns", "refused", "timeout"). Whether the port listens is the
        program's own timeline (kubelet.serving), not a list of the image's ports."""
        from clusters.kubelet import cassandra
        from clusters.network import dns, services

        pod = self._pod()
        ans = dns.resolve(self.cluster, pod, host)
        if not ans.ok or not ans.addresses:
            return None, None, "dns"
        r = services.route(self.cluster, pod, ans.addresses[0], port)
        target = r.pod if r.outcome == "connect" else None
        kubelet = (getattr(self.cluster, "kubelets", None) or {}).get(((target or {}).get("spec") or {}).get("nodeName"))
        m = (target or {}).get("metadata") or {}
        c = kubelet.serving(m.get("namespace", "default"), m.get("name", ""), "cassandra", r.port) \
            if kubelet is not None else None
        if c is None:
            return None, None, r.outcome if r.outcome != "connect" else "refused"
        return cassandra.Site(self.cluster, target), c, ""

    def redis_sync(self, host: str, port: int, at: float) -> tuple[str, str, str]:
        """A redis replica in this pod connecting to its master at ``at`` (epoch seconds): the connection's
        outcome (clients.connect's), and the master's version and replication ID when it synced."""
        from clusters.network import clients

        pod = dict(self.rt.pod)
        pod["status"] = dict(pod.get("status") or {}, podIP=self.rt.ip)
        outcome, target, _ = clients.connect(self.cluster, pod, host, port)
        if outcome != "connect":
            return outcome, "", ""
        kubelet = self.cluster.kubelets.get((target.get("spec") or {}).get("nodeName"))
        m = target["metadata"]
        synced = kubelet.redis_master_sync(m.get("namespace", "default"), m["name"], port, f"{self.rt.ip}:6379", at) \
            if kubelet is not None else None
        return ("connect",) + synced if synced is not None else ("refused", "", "")


class Kubelet(Controller):
    name = "kubelet"
    # Where in each second the PLEG relists: 0 for a kubelet started with the cluster; a node added later
    # sets its own (an attribute more on every kubelet would cost each idle cluster kilobytes).
    relist_phase = 0.0

    def __init__(self, cluster, node_spec, index: int = 0):
        super().__init__(cluster)
        self.node_spec = node_spec
        self.node_name = node_spec.name
        self.index = index
        self.recorder = EventRecorder(cluster, "kubelet", host=node_spec.name)
        self.ip = f"172.18.0.{index + 2}"
        self.pod_cidr = f"10.244.{index}.0/24"
        self._ip_next = 2
        self._ips: set[int] = set()
        self.cpu_m = objects.milli_cpu(node_spec.cpu)
        self.mem = objects.bytes_of(node_spec.memory)
        self.images: dict[str, int] = {}
        for ref in images.preloaded_images():
            img = images.lookup(ref)
            self.images[ref.full] = img.size if img else 0
        self.images_changed = False
        self.pods: dict[str, PodRuntime] = {}
        self.by_key: dict[str, str] = {}
        self.running = True
        self.connected = True
        self.ready = True
        self.pull_free_at = 0.0
        self.restarts = Backoff(CONTAINER_BACKOFF_INITIAL, CONTAINER_BACKOFF_MAX)
        self.pulls = Backoff(IMAGE_BACKOFF_INITIAL, IMAGE_BACKOFF_MAX)
        self.last_report = 0.0
        self.deferred: list = []
        self._tick_timer = None
        self.static_pods: dict[str, tuple] = {}  # manifest path -> (hash, mirror name, namespace) (static_pods.py)
        self.renamed: dict[str, str] = {}  # a static pod's earlier mirror UID -> its current one (static_pods.py)

    # -- node ---------------------------------------------------------------------------
    def start(self, ready_after: float = 0.0) -> None:
        """Register the Node and Lease; Ready at once, or after ``ready_after`` seconds (a node added later)."""
        self.ready = ready_after <= 0
        # generic.go Start: wait.Until(relist, relistPeriod) from the kubelet's start, a relist a second.
        if self.cluster.clock.now % PLEG_RELIST:
            self.relist_phase = self.cluster.clock.now % PLEG_RELIST
        node = self.client.create("nodes", node_status.node_object(self))
        self.last_report = self.cluster.clock.now
        self.client.create("leases", node_status.lease_object(self, node["metadata"]["uid"]))
        ref = node_status.node_ref(self.node_name)
        ev = self.recorder.event
        ev(ref, "Normal", "Starting", "Starting kubelet.")
        for reason in ("NodeHasSufficientMemory", "NodeHasNoDiskPressure", "NodeHasSufficientPID"):
            ev(ref, "Normal", reason, f"Node {self.node_name} status is now: {reason}")
        ev(ref, "Normal", "NodeAllocatableEnforced", "Updated Node Allocatable limit across pods")
        if self.ready:
            ev(ref, "Normal", "NodeReady", f"Node {self.node_name} status is now: NodeReady")
        else:
            self.cluster.clock.schedule(ready_after, self._became_ready)
        self._tick_timer = self.cluster.clock.schedule(node_status.STATUS_UPDATE_FREQUENCY, self._tick)

    def _became_ready(self) -> None:
        if not self.running or not self.connected:
            return
        self.ready = True
        self._safe(node_status.update_status, self, True)
        self.recorder.event(node_status.node_ref(self.node_name), "Normal", "NodeReady",
                            f"Node {self.node_name} status is now: NodeReady")

    def _tick(self) -> None:
        """Every 10 s: renew the Lease and update the node status if it changed (or a report is due)."""
        self._tick_timer = self.cluster.clock.schedule(node_status.STATUS_UPDATE_FREQUENCY, self._tick)
        if not self.running or not self.connected:
            return
        self._safe(node_status.renew_lease, self)
        self._safe(node_status.update_status, self)
        self._safe(static_pods.sync, self)

    def _safe(self, fn, *args) -> None:
        try:
            fn(*args)
        except errors.StatusError as e:
            self.cluster.log(self.name, f"{self.node_name}: {e.message}")
        except Exception as e:  # never let a simulation bug reach the learner
            self.cluster.record_bug(f"kubelet/{self.node_name}", getattr(fn, "__name__", "?"), e)

    # -- fault hooks ----------------------------------------------------------------------
    def fail(self) -> None:
        """The kubelet stops: no lease, no status, no restarts; containers keep running as they were."""
        self.running = False
        self.connected = False

    def partition(self) -> None:
        """The node loses the API server: from the control plane's view the same as fail()."""
        self.running = True
        self.connected = False

    def recover(self) -> None:
        was_running = self.running
        self.running = True
        self.connected = True
        if not was_running:
            self.recorder.event(node_status.node_ref(self.node_name), "Normal", "Starting", "Starting kubelet.")
        self._safe(node_status.renew_lease, self)
        self._safe(node_status.update_status, self, True)
        deferred, self.deferred = self.deferred, []
        for uid, cname, run in deferred:
            rt = self.pods.get(uid)
            c = rt.containers.get(cname) if rt is not None else None
            if c is not None:
                self._call(rt, "_relist" if c.unseen else "_after_exit", cname, run)
        keys = set(self.by_key)
        for pod in self.api.list("pods", field_filter=self._mine):
            keys.add(key_of(pod))
        for key in sorted(keys):
            self.enqueue(key)
        for rt in list(self.pods.values()):
            self._mark(rt)

    def _mine(self, pod: dict) -> bool:
        return pod["spec"].get("nodeName") == self.node_name

    # -- informer side (called by the router in __init__.py) ------------------------------
    def pod_event(self, pod: dict) -> None:
        self.enqueue(key_of(pod))

    # -- pod sync ---------------------------------------------------------------------------
    def sync(self, key: str):
        if not self.running or not self.connected:
            return None  # recover() re-lists every pod of the node
        ns, name = split_key(key)
        pod = self.api.try_get("pods", name, ns)
        uid = self.by_key.get(key)
        rt = self.pods.get(uid) if uid else None
        if rt is not None and (pod is None or pod["metadata"].get("uid") != rt.uid
                               or pod["spec"].get("nodeName") != self.node_name):
            self._forget(rt)  # force-deleted (or replaced): the containers go with it
            rt = None
        if pod is None or pod["spec"].get("nodeName") != self.node_name:
            return None
        if rt is None:
            if (pod.get("status") or {}).get("phase") in TERMINAL:
                if pod["metadata"].get("deletionTimestamp"):
                    self._delete_final(pod)
                return None
            refusal = sysctls.admit(pod)
            if refusal:
                self._reject(pod, sysctls.FORBIDDEN_REASON, refusal)
                return None
            rt = self._admit(pod)
        else:
            meta = rt.pod["metadata"]
            rt.pod = pod
            if (meta.get("labels"), meta.get("annotations")) != (pod["metadata"].get("labels"),
                                                                pod["metadata"].get("annotations")):
                rt.stale = True  # the downward API's files follow the pod's new labels and annotations
            self._synced(rt)
        if pod["metadata"].get("deletionTimestamp"):
            if not static_pods.mirror_deleted(self, rt, pod):
                self._stop_pod(rt, delete=True)
            return None
        self._check_spec(rt)
        self._add_ephemeral(rt)
        return None

    def _add_ephemeral(self, rt: PodRuntime) -> None:
        """Ephemeral containers the pods/ephemeralcontainers subresource added: computePodActions
        starts each once, after the pod's containers, and never restarts it (kuberuntime_manager.go)."""
        if rt.deleting or rt.terminal:
            return
        added = False
        for i, ec in enumerate(rt.spec.get("ephemeralContainers") or ()):
            name = ec.get("name")
            if name in rt.containers:
                continue
            rt.containers[name] = ContainerRuntime(name, False, i, ec.get("image", ""), "ContainerCreating")
            rt.ephemeral_names.append(name)
            added = True
        if added:
            self._mark(rt)
            self._at(rt, 0.0, "_start_next")

    def _reject(self, pod: dict, reason: str, message: str) -> None:
        """kubelet.go rejectPod: a pod its admit handlers refuse never starts. The event, then the status
        manager's write: Failed with the reason, the PodScheduled condition kept (mergePodStatus) and a
        startTime (updateStatusInternal), nothing of a container or an IP."""
        if not self.connected:
            return
        self.recorder.event(pod, "Warning", reason, message)
        old = pod.get("status") or {}
        new = {"phase": "Failed", "conditions": [c for c in old.get("conditions") or () if c.get("type") == "PodScheduled"],
               "message": f"Pod was rejected: {message}", "reason": reason,
               "startTime": old.get("startTime") or self.api.timestamp()}
        if "qosClass" in old:
            new["qosClass"] = old["qosClass"]
        m = pod["metadata"]
        self.client.update_status("pods", {"metadata": {"name": m["name"], "namespace": m["namespace"]}, "status": new},
                                  owned=True)

    def _admit(self, pod: dict) -> PodRuntime:
        now = self.cluster.clock.now
        rt = PodRuntime(pod, now, self.api.timestamp())
        self.pods[rt.uid] = rt
        self.by_key[rt.key] = rt.uid
        self._mark(rt)
        ads = pod["spec"].get("activeDeadlineSeconds")
        if ads:
            self._at(rt, float(ads), "_deadline")
        self._at(rt, 0.0, "_mount_volumes")
        return rt

    def _check_spec(self, rt: PodRuntime) -> None:
        """A changed container image (the one mutable container field) restarts that container."""
        if rt.deleting or rt.terminal:
            return
        for c in rt.containers.values():
            cspec = rt.container_spec(c.name) or {}
            image = cspec.get("image", "")
            if image == c.image:
                continue
            c.image = image
            c.pull_error = ""
            if c.state == "running":
                self._kill(rt, c, f"Container {c.name} definition changed, will be restarted", self._grace(rt), restart=True)
            elif c.state == "waiting" and c.reason in ("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull"):
                self.pulls.forget(f"{rt.uid}_")
                c.reason = "ContainerCreating"
                c.message = ""
                self._at(rt, 0.0, "_start_next")

    # -- timers: every one goes through _call so a stale pod, a cause and a bug are handled ---
    def _at(self, rt: PodRuntime, delay: float, method: str, *args):
        return self._at_time(rt, self.cluster.clock.now + delay, method, *args)

    def _at_time(self, rt: PodRuntime, when: float, method: str, *args):
        """Schedule at an absolute virtual time, so back-off ends compare exactly with the clock."""
        t = self.cluster.clock.at(when, self._timer, rt.uid, method, args)
        timers = rt.timers
        if len(timers) > 16:
            rt.timers = timers = [x for x in timers if not x.cancelled and x.when > self.cluster.clock.now]
        timers.append(t)
        return t

    def _runtime(self, uid: str) -> PodRuntime | None:
        """The pod runtime a timer was set for, under the UID it had then (a static pod's mirror may
        have been made again since, with a new UID)."""
        rt = self.pods.get(uid)
        if rt is None and uid in getattr(self, "renamed", ()):
            rt = self.pods.get(self.renamed[uid])
        return rt

    def _timer(self, uid: str, method: str, args: tuple) -> None:
        rt = self._runtime(uid)
        if rt is not None:
            self._call(rt, method, *args)

    def _call(self, rt: PodRuntime, method: str, *args) -> None:
        cluster = self.cluster
        saved = cluster.cause
        cluster.cause = rt.pod["metadata"].get("resourceVersion")
        self.client.cause = cluster.cause
        try:
            getattr(self, method)(rt, *args)
        except errors.StatusError as e:
            cluster.log(self.name, f"{self.node_name}: {rt.key}: {e.message}")
        except Exception as e:
            cluster.record_bug(f"kubelet/{self.node_name}", f"{rt.key} {method}", e)
        finally:
            cluster.cause = saved

    def _event(self, rt: PodRuntime, type_: str, reason: str, message: str, c=None) -> None:
        if not self.connected:
            return
        fp = ""
        if c is not None:
            kind = "initContainers" if c.init else "ephemeralContainers" if c.name in rt.ephemeral_names else "containers"
            fp = f"spec.{kind}{{{c.name}}}"
        self.recorder.event(rt.pod, type_, reason, message, field_path=fp)

    # -- status -------------------------------------------------------------------------------
    def _mark(self, rt: PodRuntime) -> None:
        if not rt.dirty:
            rt.dirty = True
            self.cluster.clock.schedule(0, self._flush_timer, rt.uid, priority=LATE)

    def _flush_timer(self, uid: str) -> None:
        rt = self._runtime(uid)
        if rt is not None:
            self._call(rt, "_flush")

    def _flush(self, rt: PodRuntime) -> None:
        if not rt.dirty or not self.connected:
            return
        rt.dirty = False
        pod = self.api.try_get("pods", rt.name, rt.namespace)
        if pod is None or pod["metadata"].get("uid") != rt.uid:
            return
        new = status.generate(self, rt, pod)
        if new == pod.get("status"):
            return
        # generate() builds a fresh status (sharing only parts of the stored, immutable one).
        self.client.update_status("pods", {"metadata": {"name": rt.name, "namespace": rt.namespace}, "status": new},
                                  owned=True)

    # -- volumes and sandbox ------------------------------------------------------------------
    def _mount_volumes(self, rt: PodRuntime) -> None:
        if rt.deleting or not self.running:
            return
        vols = {}
        view = self.kubelet_view(rt)
        now = self.cluster.epoch + self.cluster.clock.now
        for v in rt.spec.get("volumes") or ():
            data, err = config.volume_contents(self.api, view, v, rt.ip, self.ip, self.cpu_m, self.mem)
            if err is not None:
                self._failed_mount(rt, v, err)
                rt.volume_retry = min(VOLUME_RETRY_MAX, rt.volume_retry * 2) if rt.volume_retry else VOLUME_RETRY_INITIAL
                self._at(rt, rt.volume_retry, "_mount_volumes")
                return
            name = v.get("name")
            kind = atomic_writer.kind_of(v)
            if kind is not None:
                projection = atomic_writer.Projection(kind in atomic_writer.ON_TMPFS, *atomic_writer.modes_of(v, kind))
                projection.write(data, now, f"{rt.uid}/{name}")
                data = projection
            vols[name] = data
            rt.volume_times.setdefault(name, now)
        rt.volumes = vols
        rt.volumes_ready = True
        if not rt.sandbox:
            self._at(rt, 0.2 + 0.4 * self.cluster.rand.random(), "_sandbox_ready")

    def _failed_mount(self, rt: PodRuntime, v: dict, err: str) -> None:
        self._event(rt, "Warning", "FailedMount", volume_helpers.mount_failure(v.get("name"), err)
                    if v.get("persistentVolumeClaim") is not None and not isinstance(err, config.SetUpFailure)
                    else f'MountVolume.SetUp failed for volume "{getattr(err, "volume", v.get("name"))}" : {err}')

    # -- the pod worker's syncs, and the volumes each one remounts ------------------------------------
    def _synced(self, rt: PodRuntime) -> None:
        """A sync of the pod (its update from the API, a container event, the periodic resync): SyncPod's
        WaitForAttachAndMount has the volume manager remount every configMap, secret, downwardAPI and
        projected volume (RequiresRemount), which writes whatever changed since."""
        rt.synced_at = self.cluster.clock.now
        if rt.stale and rt.volumes_ready:
            if rt.resync is not None:
                rt.resync.cancel()
                rt.resync = None
            rt.stale = False
            self._at(rt, RECONCILER_PERIOD, "_remount")

    def source_changed(self, rt: PodRuntime) -> None:
        """A ConfigMap or Secret the pod mounts changed. The kubelet's watch-based cache sees it at once,
        but nothing syncs the pod for it: its volume shows the change at the pod's next periodic sync
        (kubernetes.io: "as long as the kubelet sync period + cache propagation delay")."""
        if not rt.volumes_ready or rt.deleting or rt.terminal:
            return
        rt.stale = True
        if rt.resync is None:
            rt.resync = self._at_time(rt, self._next_resync(rt), "_periodic_sync")

    def _next_resync(self, rt: PodRuntime) -> float:
        """The first periodic sync after now: each comes wait.Jitter(1m, 0.5) after the sync before it."""
        now = self.cluster.clock.now
        t = rt.synced_at
        while t <= now:
            u = int.from_bytes(hashlib.sha256(f"resync/{rt.uid}/{t:.3f}".encode()).digest()[:8], "big") / 2.0 ** 64
            t += RESYNC_INTERVAL * (1 + RESYNC_JITTER * u)
        return t

    def _periodic_sync(self, rt: PodRuntime) -> None:
        rt.resync = None
        self._synced(rt)

    def _remount(self, rt: PodRuntime) -> None:
        """MountVolume of every atomic-writer volume again: a source that is gone fails the mount
        (the files stay as they were); a changed one gets a new ..data."""
        if rt.deleting or rt.terminal or not rt.volumes_ready:
            return
        view = self.kubelet_view(rt)
        now = self.cluster.epoch + self.cluster.clock.now
        changed = False
        for v in rt.spec.get("volumes") or ():
            name = v.get("name")
            projection = rt.volumes.get(name)
            if not isinstance(projection, atomic_writer.Projection):
                continue
            data, err = config.volume_contents(self.api, view, v, rt.ip, self.ip, self.cpu_m, self.mem)
            if err is not None:
                self._failed_mount(rt, v, err)
                self.source_changed(rt)  # every sync tries again
                continue
            if projection.write(data, now, f"{rt.uid}/{name}"):
                changed = True
        if changed:
            for c in rt.containers.values():
                self._loop_changed(rt, c)

    def _loop_changed(self, rt: PodRuntime, c) -> None:
        """A running container whose loop reads files (``$(cat /etc/config/sport)`` each pass) reads the
        new ones from its next pass on: the passes so far keep the body they had."""
        p = c.program
        if c.state != "running" or p is None or p.loop is None or p.loop_src is None:
            return
        again = shell.reread_loop(p.loop_src, self.files(rt, c))
        if again is None:
            return
        body, ops = again
        lstart, period, old = p.loop
        if body == old and not ops:
            return
        now = self.cluster.clock.now - c.started_at
        k = max(0, -int(-(now - lstart) // period))  # the first pass that begins from now on
        nxt = lstart + k * period
        c.history.append((lstart, period, old, nxt))
        p.loop = (nxt, period, body)
        for o, op, path, content in ops:
            if op in ("write", "append") and shell.DATE_MARK in content:
                op, content = "write", shell.Periodic(content, nxt + o, period)
            c.timers.append(self.cluster.clock.at(c.started_at + nxt + o, self._timer, rt.uid, "_file_op",
                                                  (c.name, c.run, op, path, content)))

    def kubelet_view(self, rt: PodRuntime) -> dict:
        """The pod with the annotations the kubelet's config source adds (config.kubelet_view)."""
        seen = timeutil.rfc3339_nano(self.cluster.epoch + rt.admitted_at)
        return config.kubelet_view(rt.pod, seen)

    def _sandbox_ready(self, rt: PodRuntime) -> None:
        if rt.deleting or rt.sandbox:
            return
        rt.sandbox = True
        rt.ip = self.ip if rt.host_network else self._alloc_ip()
        # No write of its own: PodReadyToStartContainers and the IP go out with the next change
        # (the container starting or failing), which saves a status write per pod.
        self._start_next(rt)

    def _alloc_ip(self) -> str:
        # host-local IPAM: addresses handed out in turn from .2, skipping those in use.
        base = self.pod_cidr.split("/")[0].rsplit(".", 1)[0]
        for _ in range(253):
            n = self._ip_next
            self._ip_next = 2 if n >= 254 else n + 1
            if n not in self._ips:
                self._ips.add(n)
                return f"{base}.{n}"
        return f"{base}.254"

    def _free_ip(self, rt: PodRuntime) -> None:
        if rt.ip and not rt.host_network:
            try:
                self._ips.discard(int(rt.ip.rsplit(".", 1)[1]))
            except ValueError:
                pass

    # -- starting containers --------------------------------------------------------------------
    def _start_next(self, rt: PodRuntime) -> None:
        """SyncPod's start step: the next init container, or every container not yet started."""
        if rt.deleting or rt.terminal or rt.busy or not rt.sandbox or not self.running:
            return
        now = self.cluster.clock.now
        for n in rt.init_names[:rt.init_done]:  # a sidecar that exited starts again once its back-off allows
            c = rt.containers[n]
            if c.sidecar and c.state == "waiting" and c.hold_until <= now:
                self._start_container(rt, c)
                if rt.busy:
                    return
        while rt.init_done < len(rt.init_names):
            c = rt.containers[rt.init_names[rt.init_done]]
            if c.sidecar and c.state == "running" and c.started:
                # computeInitContainerActions: a restartable init container counts as initialized once it
                # has started (its startup probe passed), and keeps running beside the next ones.
                rt.init_done += 1
                self._mark(rt)
                continue
            if c.state == "waiting" and c.hold_until <= now:
                self._start_container(rt, c)
            return
        for n in rt.main_names + rt.ephemeral_names:
            if rt.busy:
                return
            c = rt.containers[n]
            if c.state == "waiting" and c.hold_until <= now:
                self._start_container(rt, c)

    def _start_container(self, rt: PodRuntime, c) -> None:
        """EnsureImageExists, then create and start (kuberuntime_container.go startContainer)."""
        now = self.cluster.clock.now
        cspec = rt.container_spec(c.name) or {}
        image = cspec.get("image", c.image)
        ref = images.parse(image)
        if isinstance(ref, str):
            self._waiting(rt, c, "InvalidImageName", ref)
            self._event(rt, "Warning", "InspectFailed", ref, c)
            self._event(rt, "Warning", "Failed", "Error: InvalidImageName", c)
            self._hold(rt, c, SYNC_RETRY)
            return
        policy = cspec.get("imagePullPolicy") or "IfNotPresent"
        present = ref.full in self.images
        if policy == "Never" and not present:
            msg = f'Container image "{image}" is not present with pull policy of Never'
            self._waiting(rt, c, "ErrImageNeverPull", msg)
            self._event(rt, "Warning", "ErrImageNeverPull", msg, c)
            self._event(rt, "Warning", "Failed", "Error: ErrImageNeverPull", c)
            self._hold(rt, c, SYNC_RETRY)
            return
        if present and policy != "Always":
            self._event(rt, "Normal", "Pulled", f'Container image "{image}" already present on machine', c)
            self._create_start(rt, c, ref)
            return
        key = f"{rt.uid}_{image}"
        if self.pulls.in_backoff_since_update(key, now):
            msg = f'Back-off pulling image "{image}"'
            self._event(rt, "Normal", "BackOff", msg, c)
            self._event(rt, "Warning", "Failed", "Error: ImagePullBackOff", c)
            self._waiting(rt, c, "ImagePullBackOff", f"{msg}: {c.pull_error}" if c.pull_error else msg)
            e = self.pulls.entries[key]
            c.hold_until = e[1] + e[0]
            self._at_time(rt, c.hold_until, "_start_next")
            return
        secrets, missing = pull_secrets.pod_secrets(self.api, rt.pod)
        if missing:  # kubelet_pods.go getPullSecretsForPod
            self._event(rt, "Warning", "FailedToRetrieveImagePullSecret",
                        f"Unable to retrieve some image pull secrets ({', '.join(missing)}); "
                        "attempting to pull the image may not succeed.")
        self._event(rt, "Normal", "Pulling", f'Pulling image "{image}"', c)
        img = images.lookup(ref)
        jitter = 0.8 + 0.4 * self.cluster.rand.random()
        if img is None or images.needs_credentials(ref) and not pull_secrets.has_credentials(secrets, ref.repo):
            duration = (0.3 + 0.5 * self.cluster.rand.random())
        elif present:
            duration = 0.3 + 0.3 * self.cluster.rand.random()  # Always: only the manifest is checked
        else:
            duration = (PULL_LATENCY + img.size / PULL_BANDWIDTH) * jitter
        start = max(now, self.pull_free_at)
        end = start + duration
        self.pull_free_at = end
        rt.busy = c.name
        self._at(rt, end - now, "_pulled", c.name, image, start, now)

    def _pulled(self, rt: PodRuntime, cname: str, image: str, started: float, requested: float) -> None:
        c = rt.containers[cname]
        rt.busy = None
        if rt.deleting or c.image != image and (rt.container_spec(cname) or {}).get("image") != image:
            self._start_next(rt)
            return
        now = self.cluster.clock.now
        ref = images.parse(image)
        img = images.lookup(ref)
        err = images.pull_error(ref) if img is None else None
        if images.needs_credentials(ref) and not pull_secrets.has_credentials(
                pull_secrets.pod_secrets(self.api, rt.pod)[0], ref.repo):  # the registry answers 401 first
            err = images.unauthorized_error(ref)
        if err is not None:
            self._event(rt, "Warning", "Failed", f'Failed to pull image "{image}": {err}', c)
            self.pulls.next(f"{rt.uid}_{image}", now)
            c.pull_error = f"ErrImagePull: {err}"
            self._waiting(rt, c, "ErrImagePull", err)
            self._event(rt, "Warning", "Failed", "Error: ErrImagePull", c)
            self._hold(rt, c, PLEG_RELIST)
            self._start_next(rt)
            return
        if ref.full not in self.images:
            self.images[ref.full] = img.size
            self.images_changed = True
        pull = _ms(now - started)
        total = _ms(now - requested)
        self._event(rt, "Normal", "Pulled", f'Successfully pulled image "{image}" in {timeutil.go_duration(pull)} '
                                            f"({timeutil.go_duration(total)} including waiting). Image size: {img.size} bytes.", c)
        self._create_start(rt, c, ref)
        self._start_next(rt)

    def _waiting(self, rt: PodRuntime, c, reason: str, message: str = "") -> None:
        c.state = "waiting"
        c.reason = reason
        c.message = message
        c.ready = False
        self._mark(rt)

    def _hold(self, rt: PodRuntime, c, delay: float) -> None:
        c.hold_until = self.cluster.clock.now + delay
        self._at(rt, delay, "_start_next")

    def _create_start(self, rt: PodRuntime, c, ref) -> None:
        now = self.cluster.clock.now
        cspec = rt.container_spec(c.name) or {}
        env_list, err = config.container_env(self.api, self.kubelet_view(rt), cspec, rt.ip, self.ip, self.cpu_m, self.mem,
                                             seed=f"{rt.uid}/{c.name}/{c.run + 1}")
        if err is None:
            # generateContainerConfig checks runAsNonRoot after the environment (kuberuntime_container.go).
            err = security.run_as_non_root_error(rt.pod, cspec)
        reason = "CreateContainerConfigError"
        if err is None:
            # Then the runtime's CreateContainer, which refuses a profile the node lacks (startContainer:
            # ErrCreateContainer, the gRPC status's message after "Error: ").
            reason = "CreateContainerError"
            err = (apparmor.create_error(self.cluster, self.node_name, rt.pod, cspec)
                   or seccomp.create_error(self.cluster, self.node_name, rt.spec, cspec))
        if err is not None:
            self._waiting(rt, c, reason, err)
            self._event(rt, "Warning", "Failed", f"Error: {err}", c)
            self._hold(rt, c, SYNC_RETRY)
            return
        img = images.lookup(ref)
        if c.program is not None and c.started_at:
            c.previous = c.lines_until(c.finished_at, self.cluster.epoch, _date_text)
        if c.restarting:
            c.restart_count += 1
            c.restarting = False
        c.run += 1
        c.env_list = env_list
        c.container_id = "containerd://" + self.cluster.rand.uid().replace("-", "") + self.cluster.rand.uid().replace("-", "")
        c.image = cspec.get("image", c.image)
        c.image_name = ref.full
        c.image_id = f"{ref.repo}@{images.digest_of(ref)}"
        c.files = {}
        c.mtimes = {}
        c.last_pid = 1  # a new PID namespace: the command is PID 1
        c.history = []
        c.pinned = self._pinned(rt, cspec)
        c.dynamic.clear()
        c.killing = False
        self._event(rt, "Normal", "Created", f"Created container: {c.name}", c)
        # The runtime starts the created container a moment later (CreateContainer, then StartContainer).
        rt.busy = c.name
        self._at(rt, CREATE_TO_START, "_started", c.name, c.run, ref.full)

    def _started(self, rt: PodRuntime, cname: str, run: int, full: str) -> None:
        c = rt.containers.get(cname)
        rt.busy = None
        if c is None or c.run != run or rt.deleting:
            return
        now = self.cluster.clock.now
        cspec = rt.container_spec(c.name) or {}
        ref = images.parse(full)
        img = images.lookup(ref)
        refused = seccomp.start_error(self.cluster, self.node_name, rt.spec, cspec, _program_path(cspec, img))
        if refused is not None:
            self._start_failed(rt, c, refused)
            return
        self._event(rt, "Normal", "Started", f"Started container {c.name}", c)
        c.state = "running"
        c.reason = ""
        c.message = ""
        c.started_at = now
        c.finished_at = 0.0
        c.hold_until = 0.0
        env = self._env_dict(rt, c, img)
        command = [config.expand(str(x), env) for x in cspec.get("command") or []]
        args = [config.expand(str(x), env) for x in cspec.get("args") or []]
        argv = command + args if command else (args or None)
        limits = (cspec.get("resources") or {}).get("limits") or {}
        ctx = images.Context(argv, bool(args and not command), env,
                             objects.bytes_of(limits["memory"]) if limits.get("memory") else None,
                             objects.milli_cpu(limits["cpu"]) if limits.get("cpu") else None,
                             max(1, self.cpu_m // 1000), etchosts.hostname(rt.spec, rt.name), self.cluster.epoch + now,
                             self.files(rt, c),
                             ref.tag or "latest")
        ctx.net = PodNet(self.cluster, rt)
        ctx.stdin = bool(cspec.get("stdin"))
        ctx.tty = bool(cspec.get("tty"))
        ns = self.pid_namespace(rt)
        if ns is not None:
            ctx.pid = ns.take()  # runc starts the command in the sandbox's namespace
        p = images.build(img, ctx)
        c.program = p
        if ns is not None:
            ns.started(c.name, c.run, ctx.pid, p.workers)
        for off, op, path, content in p.file_ops:
            if off <= 0:
                self._file_op(rt, c.name, c.run, op, path, content)
            else:
                c.timers.append(self.cluster.clock.schedule(off, self._timer, rt.uid, "_file_op", (c.name, c.run, op, path, content)))
        if p.exit_at is not None:
            c.timers.append(self.cluster.clock.schedule(p.exit_at, self._timer, rt.uid, "_exit",
                                                        (c.name, c.run, p.exit_code, p.exit_reason)))
        elif p.resume_at is not None:
            c.timers.append(self.cluster.clock.schedule(p.resume_at, self._timer, rt.uid, "_resume", (c.name, c.run)))
        if p.loop is not None and p.loop_live:
            # Each pass runs when it comes (its lines are stored as they are written), not once for all.
            lstart, period, _ = p.loop
            p.loop = None
            p.live_period = period
            c.timers.append(self.cluster.clock.schedule(lstart + p.loop_src[0], self._timer, rt.uid, "_live_pass",
                                                        (c.name, c.run)))
        self._synced(rt)  # the PLEG's ContainerStarted
        probes_spec = [(kind, cspec.get(field)) for kind, field, _ in probes.KINDS if cspec.get(field)]
        c.probes = {kind: probes.ProbeState(kind, spec, rt.admitted_at, now) for kind, spec in probes_spec}
        c.started = "startup" not in c.probes
        c.ready = c.started and "readiness" not in c.probes
        if not c.init or c.sidecar:
            for ps in c.probes.values():
                if ps.kind == "startup" or c.started:
                    self._schedule_probe(rt, c, ps, ps.first_tick())
        post_start = (cspec.get("lifecycle") or {}).get("postStart")
        if post_start and not lifecycle.run(self, rt, c, post_start, now)[0]:
            # kuberuntime_container.go startContainer step 4: a failed hook kills the container.
            self._event(rt, "Warning", "FailedPostStartHook", "PostStartHook failed", c)
            self._kill(rt, c, "FailedPostStartHook", self._grace(rt))
        self._mark(rt)
        self._start_next(rt)

    def _start_failed(self, rt: PodRuntime, c, message: str) -> None:
        """StartContainer failed (startContainer: ErrRunContainer, event "Failed"): the runtime reports the
        container exited with 128 and reason StartError, which restarts under the usual back-off."""
        self._event(rt, "Warning", "Failed", f"Error: {message}", c)
        c.state = "running"
        c.started_at = self.cluster.clock.now
        c.program = None
        self._exit(rt, c.name, c.run, 128, "StartError", noticed=True)
        c.term_message = message
        self._start_next(rt)

    def _resume(self, rt: PodRuntime, cname: str, run: int) -> None:
        """Run a container's script that waits on the network again (images.resume, shell.Replay), now
        that the clock has reached its next call; then its exit, or the call after."""
        c = rt.containers.get(cname)
        if c is None or c.run != run or c.state != "running" or c.killing or c.program is None:
            return
        now = self.cluster.clock.now
        p = c.program
        c.timers = [t for t in c.timers if t.when > now]
        for off, op, path, content in images.resume(p, now - c.started_at):
            c.timers.append(self.cluster.clock.schedule(max(0.0, c.started_at + off - now), self._timer, rt.uid,
                                                        "_file_op", (c.name, c.run, op, path, content)))
        if p.exit_at is not None:
            c.timers.append(self.cluster.clock.schedule(max(0.0, c.started_at + p.exit_at - now), self._timer, rt.uid,
                                                        "_exit", (c.name, c.run, p.exit_code, p.exit_reason)))
        elif p.resume_at is not None:
            c.timers.append(self.cluster.clock.schedule(max(0.0, c.started_at + p.resume_at - now), self._timer,
                                                        rt.uid, "_resume", (c.name, c.run)))

    def _live_pass(self, rt: PodRuntime, cname: str, run: int) -> None:
        """One pass of a container's live loop (shell.live_pass), then the next one a period later."""
        c = rt.containers.get(cname)
        if c is None or c.run != run or c.state != "running" or c.program is None:
            return
        now = self.cluster.clock.now
        for o, line in shell.live_pass(c.program.loop_src, self.files(rt, c), _date_of(self.cluster)):
            c.dynamic.append((now + o, line))
        c.timers = [t for t in c.timers if t.when > now]  # those that fired go: one pass a second adds up
        c.timers.append(self.cluster.clock.schedule(c.program.live_period, self._timer, rt.uid, "_live_pass",
                                                    (cname, run)))

    def _env_dict(self, rt: PodRuntime, c, img) -> dict:
        # containerd's order: the image's PATH, HOSTNAME, the rest of the image's env, the container's, then HOME
        # (as `env` lists them in a kind pod: PATH, HOSTNAME, NPM_CONFIG_LOGLEVEL, KUBERNETES_...).
        image_env = dict(img.env if img else ())
        env = {"PATH": image_env.pop("PATH")} if "PATH" in image_env else {}
        env["HOSTNAME"] = etchosts.hostname(rt.spec, rt.name)
        env.update(image_env)
        for k, v in c.env_list:
            env[k] = v
        env.setdefault("HOME", "/root")
        return env

    def _file_op(self, rt: PodRuntime, cname: str, run: int, op: str, path: str, content: str) -> None:
        c = rt.containers.get(cname)
        if c is None or c.run != run or c.state != "running":
            return
        f = self.files(rt, c)
        if isinstance(content, shell.Periodic) and content.base is None:
            content = content.based(self.cluster.epoch + c.started_at)
        if op == "touch":
            if not f.exists(path):
                f.write(path, "")
        elif op == "rm":
            f.remove_tree(path) if content == "-r" else f.remove(path)
        elif op == "mkdir":
            f.write(path.rstrip("/") + "/", "")
            if content:  # mkdir -m MODE
                f.chmod(path, int(content, 8))
        elif op == "append" and isinstance(content, shell.Periodic):
            f.write(path, content.after(f.read(path) or ""))  # a loop's appends, from what the file held
        elif op == "append":
            f.write(path, (f.read(path) or "") + content)
        else:
            f.write(path, content)
        self._wake_probes(rt, c)

    # -- exits and restarts ------------------------------------------------------------------
    def _exit(self, rt: PodRuntime, cname: str, run: int, code: int, reason, noticed: bool = False) -> None:
        """The container's process ended. The runtime has it exited now; the kubelet learns of an exit of
        its own (not one of its kills, not a failed start) only at the PLEG's next relist."""
        c = rt.containers.get(cname)
        if c is None or c.run != run or c.state != "running":
            return
        now = self.cluster.clock.now
        c.cancel_timers()
        c.state = "terminated"
        c.exit_code = code
        c.term_reason = reason or ("Completed" if code == 0 else "Error")
        c.finished_at = now
        c.term_message = self._termination_message(rt, c)
        if not (noticed or c.killing or rt.deleting):
            # Until the relist the status shows what it showed: running, or, for a container that ended the
            # instant it started (the status is written after, so never showed it running), the container
            # being created, as the kubelet reports a container its relists have not seen.
            c.unseen = "waiting" if now == c.started_at else "running"
            if c.unseen == "waiting":
                c.ready = c.started = False
            self._at_time(rt, _next_relist(self.relist_phase, now), "_relist", cname, run)
            return
        self._exited(rt, c, False)

    def _relist(self, rt: PodRuntime, cname: str, run: int) -> None:
        """pleg/generic.go relist: every container of the pod that exited since the last relist is seen
        (ContainerDied), and the pod worker's syncPod writes the status, with a terminal phase at once."""
        c = rt.containers.get(cname)
        if c is None or c.run != run or not c.unseen:
            return  # seen already, by this relist for another container or by the pod's stopping
        if not self.running:
            self.deferred.append((rt.uid, cname, run))
            return
        died = [x for x in rt.containers.values() if x.unseen]
        for x in died:
            x.unseen = False
        for x in died:
            self._exited(rt, x, True)

    def _exited(self, rt: PodRuntime, c, natural: bool) -> None:
        """The kubelet knows the container exited: not ready, then what computePodActions makes of it."""
        cname, run = c.name, c.run
        c.ready = False
        c.started = False
        restart_requested = c.killing == "restart"
        c.killing = False
        self._mark(rt)
        if rt.deleting:
            self._check_stopped(rt)
            return
        self._synced(rt)  # the PLEG's ContainerDied
        if c.init and c.exit_code == 0 and not c.sidecar:
            rt.init_done += 1
            self._start_next(rt)
            return
        if restart_requested:
            c.last_state = {"terminated": self._terminated_state(c)}
            c.restarting = True
            self._waiting(rt, c, "ContainerCreating")
            self._start_container(rt, c)
            return
        if natural and not self._restarts(rt, c):
            self._after_exit(rt, cname, run)  # getPhase in the same syncPod: Succeeded or Failed with the exit
            return
        # A restart shows the exit for a relist first (the new container is reported running at the next one).
        self._at(rt, PLEG_RELIST, "_after_exit", cname, run)

    def _terminated_state(self, c) -> dict:
        return status.terminated_state(self.cluster, c)

    def _termination_message(self, rt: PodRuntime, c) -> str:
        """What the container left at its terminationMessagePath, the last 4 KiB of it; with
        FallbackToLogsOnError and nothing there after a failure, the tail of its log: 80 lines,
        the last 2 KiB of them (kuberuntime_container.go getTerminationMessage,
        readLastStringFromContainerLogs)."""
        cspec = rt.container_spec(c.name) or {}
        path = cspec.get("terminationMessagePath")
        text = self.files(rt, c).read(path) if path else None
        text = text[-MAX_TERMINATION_MESSAGE:] if isinstance(text, str) else ""
        if not text and c.exit_code != 0 and cspec.get("terminationMessagePolicy") == "FallbackToLogsOnError":
            lines = c.lines_until(c.finished_at, self.cluster.epoch, _date_text)[-MAX_TERMINATION_LOG_LINES:]
            text = "".join(line + "\n" for _, line in lines)[-MAX_TERMINATION_LOG_BYTES:]
        return text

    def _after_exit(self, rt: PodRuntime, cname: str, run: int) -> None:
        """computePodActions + doBackOff for an exited container."""
        c = rt.containers.get(cname)
        if c is None or c.run != run or rt.deleting or rt.terminal:
            return
        if c.state == "waiting" and c.reason == "CrashLoopBackOff":
            return
        if c.state != "terminated":
            return
        if not self.running:
            self.deferred.append((rt.uid, cname, run))
            return
        if cname in rt.ephemeral_names:
            return  # an ephemeral container is never restarted, and the pod's phase does not count it
        if not self._restarts(rt, c):
            self._maybe_terminal(rt)
            return
        now = self.cluster.clock.now
        key = f"{rt.uid}_{cname}"
        if self.restarts.in_backoff_since(key, c.finished_at, now):
            delay = self.restarts.get(key)
            c.last_state = {"terminated": self._terminated_state(c)}
            self._waiting(rt, c, "CrashLoopBackOff",
                          f"back-off {timeutil.go_duration(delay)} restarting failed container={cname} "
                          f"pod={rt.name}_{rt.namespace}({rt.uid})")
            self._event(rt, "Warning", "BackOff",
                        f"Back-off restarting failed container {cname} in pod {rt.name}_{rt.namespace}({rt.uid})", c)
            self._at_time(rt, c.finished_at + delay, "_restart", cname, run)
            return
        self._restart(rt, cname, run)

    def _restarts(self, rt: PodRuntime, c) -> bool:
        """Whether an exited container is started again (kuberuntime_manager.go computePodActions)."""
        if c.name in rt.ephemeral_names:
            return False
        policy = rt.spec.get("restartPolicy") or "Always"
        if c.sidecar:
            return True  # a restartable init container restarts whatever the pod's restartPolicy
        if c.init and policy != "Never":
            return c.exit_code != 0
        return policy == "Always" or (policy == "OnFailure" and c.exit_code != 0)

    def _restart(self, rt: PodRuntime, cname: str, run: int) -> None:
        c = rt.containers.get(cname)
        if c is None or c.run != run or rt.deleting or rt.terminal:
            return
        if not self.running:
            self.deferred.append((rt.uid, cname, run))
            return
        self.restarts.next(f"{rt.uid}_{cname}", self.cluster.clock.now)
        c.last_state = {"terminated": self._terminated_state(c)}
        c.restarting = True
        c.state = "waiting"
        c.reason = "ContainerCreating"
        c.message = ""
        c.hold_until = 0.0
        if c.init:
            self._start_container(rt, c)
        else:
            self._start_container(rt, c)

    def _maybe_terminal(self, rt: PodRuntime) -> None:
        """restartPolicy Never/OnFailure: once no container will run again, the pod is Succeeded or Failed."""
        policy = rt.spec.get("restartPolicy") or "Always"
        if rt.init_done < len(rt.init_names):
            c = rt.containers[rt.init_names[rt.init_done]]
            if c.state == "terminated" and c.exit_code != 0 and policy == "Never":
                self._make_terminal(rt, "Failed")
            return
        for n in rt.main_names:
            c = rt.containers[n]
            if c.state != "terminated":
                return
            if policy == "OnFailure" and c.exit_code != 0:
                return
        ok = all(rt.containers[n].exit_code == 0 for n in rt.main_names)
        self._make_terminal(rt, "Succeeded" if ok else "Failed")

    def _make_terminal(self, rt: PodRuntime, phase: str) -> None:
        rt.terminal = True
        rt.phase = phase
        rt.sandbox = False
        for c in rt.containers.values():
            c.cancel_timers()
            c.ready = False
        for t in rt.timers:
            t.cancel()
        rt.timers = []
        self._mark(rt)

    # -- killing, deletion, deadlines ------------------------------------------------------------
    def _grace(self, rt: PodRuntime, probe: dict | None = None) -> float:
        if probe and probe.get("terminationGracePeriodSeconds") is not None:
            return float(probe["terminationGracePeriodSeconds"])
        g = rt.pod["metadata"].get("deletionGracePeriodSeconds")
        if g is None:
            g = rt.spec.get("terminationGracePeriodSeconds", 30)
        return float(g)

    def _kill(self, rt: PodRuntime, c, message: str, grace: float, restart: bool = False,
              keep_ready: bool = False) -> None:
        """killContainer: Killing event, SIGTERM as the image handles it, SIGKILL at the grace period.

        ``keep_ready``: a pod being deleted keeps the readiness its containers had until they
        exit (prober_manager.go UpdatePodStatus: a running container without a failed readiness
        result is ready), so ``get pods`` shows 1/1 Terminating through the grace period. A
        container killed for failing its liveness probe keeps it too: SyncPod blocks in
        killContainer (kuberuntime_manager.go), so the pod reads 1/1 Running until it exits."""
        if c.state != "running" or c.killing:
            return
        c.cancel_timers()
        c.killing = "restart" if restart else True
        if not keep_ready:
            c.ready = False
        self._event(rt, "Normal", "Killing", message, c)
        p = c.program
        now = self.cluster.clock.now
        hook = 0.0  # seconds the preStop hook runs before SIGTERM
        pre_stop = ((rt.container_spec(c.name) or {}).get("lifecycle") or {}).get("preStop")
        if pre_stop and grace > 0:
            ok, took = lifecycle.run(self, rt, c, pre_stop, now)
            if not ok:
                self._event(rt, "Warning", "FailedPreStopHook", "PreStopHook failed", c)
            hook, grace = lifecycle.grace_after_pre_stop(grace, took)
        natural = c.started_at + p.exit_at - now - hook if p is not None and p.exit_at is not None else None
        if p is not None and p.sigterm is None and self.pid_namespace(rt) is not None:
            # Not its namespace's init in a shared one: SIGTERM's default action ends it at once (signal(7)).
            delay, code, reason = 0.0, 128 + processes.FATAL["TERM"], "Error"
        elif p is not None and p.sigterm is None and natural is not None and natural < grace:
            # PID 1 has no SIGTERM handler, so the signal changes nothing: a process that ends by
            # itself within the grace period (a Job's ``sleep 30 && exit 42``) ends then, with its code.
            delay, code = max(0.0, natural), p.exit_code
            reason = p.exit_reason or ("Completed" if code == 0 else "Error")
        elif p is None or p.sigterm is None or p.sigterm > grace:
            delay, code, reason = grace, 137, "Error"
        else:
            delay, code = p.sigterm, p.sigterm_exit
            reason = "Completed" if code == 0 else "Error"
            for line in images.shutdown_lines(p, self.cluster.epoch + now + hook):
                c.dynamic.append((now + hook, line))
        c.timers.append(self.cluster.clock.schedule(hook + delay, self._timer, rt.uid, "_exit",
                                                    (c.name, c.run, code, reason)))
        self._mark(rt)

    def _stop_pod(self, rt: PodRuntime, delete: bool, reason: str = "", message: str = "") -> None:
        """Deletion (delete=True) or an active deadline: stop every container, then finish."""
        if not rt.deleting:
            rt.deleting = True
            rt.finished = "delete" if delete else "stop"
            if reason:
                rt.reason = reason
                rt.message = message
            for t in rt.timers:
                t.cancel()
            rt.timers = []
            rt.busy = None
        elif delete and rt.finished == "stop":
            rt.finished = "delete"
        if not self.running or rt.finished == "done":
            return
        grace = self._grace(rt)
        for c in rt.containers.values():
            if c.unseen:  # killPod's runtime status has every exit, relisted or not
                c.unseen = False
                c.ready = c.started = False
                self._mark(rt)
            if c.state == "running" and not c.killing:
                self._kill(rt, c, f"Stopping container {c.name}", grace, keep_ready=delete)
        self._check_stopped(rt)

    def _deadline(self, rt: PodRuntime) -> None:
        if rt.terminal or rt.deleting:
            return
        self._event(rt, "Normal", "DeadlineExceeded", "Pod was active on the node longer than the specified deadline")
        self._stop_pod(rt, delete=False, reason="DeadlineExceeded",
                       message="Pod was active on the node longer than the specified deadline")

    def _check_stopped(self, rt: PodRuntime) -> None:
        for c in rt.containers.values():
            if c.state == "running":
                return
        if rt.finished in ("done",):
            return
        delete = rt.finished == "delete"
        rt.finished = "done"
        ok = not rt.reason and all(rt.containers[n].state == "terminated" and rt.containers[n].exit_code == 0
                                   for n in rt.main_names)
        rt.terminal = True
        rt.phase = "Succeeded" if ok else "Failed"
        rt.sandbox = False
        rt.dirty = True
        self._flush(rt)
        if delete:
            try:
                self.client.delete("pods", rt.name, rt.namespace, grace_period=0, uid=rt.uid)
            except errors.StatusError:
                pass
            self._forget(rt)

    def _delete_final(self, pod: dict) -> None:
        m = pod["metadata"]
        try:
            self.client.delete("pods", m["name"], m["namespace"], grace_period=0, uid=m.get("uid"))
        except errors.StatusError:
            pass

    def _forget(self, rt: PodRuntime) -> None:
        rt.cancel_timers()
        self._free_ip(rt)
        self.pods.pop(rt.uid, None)
        getattr(self, "pid_namespaces", {}).pop(rt.uid, None)
        if self.by_key.get(rt.key) == rt.uid:
            del self.by_key[rt.key]
        for old in [o for o, new in getattr(self, "renamed", {}).items() if new == rt.uid]:
            del self.renamed[old]
        self.pulls.forget(f"{rt.uid}_")
        self.restarts.forget(f"{rt.uid}_")

    # -- probes ------------------------------------------------------------------------------
    def _schedule_probe(self, rt: PodRuntime, c, ps, when: float) -> None:
        if ps.timer is not None:
            ps.timer.cancel()
        ps.parked = False
        ps.timer = self.cluster.clock.at(when, self._timer, rt.uid, "_probe", (c.name, c.run, ps.kind))

    def _probe(self, rt: PodRuntime, cname: str, run: int, kind: str) -> None:
        c = rt.containers.get(cname)
        if c is None or c.run != run or c.state != "running" or c.killing:
            return
        ps = c.probes.get(kind)
        if ps is None:
            return
        ps.timer = None
        now = self.cluster.clock.now
        if not self.running:
            ps.timer = self.cluster.clock.at(ps.next_tick_after(now), self._timer, rt.uid, "_probe", (cname, run, kind))
            return
        ok, output = probes.evaluate(self, rt, c, ps.spec, now)
        label = {"liveness": "Liveness", "readiness": "Readiness", "startup": "Startup"}[kind]
        if ok:
            ps.failures = 0
            ps.successes += 1
            if ps.successes >= int(ps.spec.get("successThreshold") or 1) and ps.result is not True:
                ps.result = True
                if kind == "readiness":
                    c.ready = c.started
                    self._mark(rt)
                elif kind == "startup":
                    c.started = True
                    c.ready = "readiness" not in c.probes
                    self._mark(rt)
                    for other in c.probes.values():
                        if other.kind != "startup":
                            self._schedule_probe(rt, c, other, other.next_tick_after(now))
                    if c.sidecar:
                        self._start_next(rt)  # the next init container waited for this one to start
                    return  # a startup probe stops once it succeeds
        else:
            ps.successes = 0
            ps.failures += 1
            self._event(rt, "Warning", "Unhealthy", f"{label} probe failed: {output.strip()}" if output.strip()
                        else f"{label} probe failed: ", c)
            if ps.failures >= int(ps.spec.get("failureThreshold") or 3) and ps.result is not False:
                ps.result = False
                if kind == "readiness":
                    c.ready = False
                    self._mark(rt)
                else:
                    policy = rt.spec.get("restartPolicy") or "Always"
                    suffix = "will be restarted" if policy != "Never" else "will not be restarted"
                    self._kill(rt, c, f"Container {cname} failed {kind} probe, {suffix}", self._grace(rt, ps.spec),
                               keep_ready=True)
                    return
        if kind == "startup" and c.started:
            return
        if ok and ps.result is True and not probes.can_change(c, now):
            ps.parked = True  # nothing can change the answer until something wakes it
            return
        ps.timer = self.cluster.clock.at(ps.next_tick_after(now), self._timer, rt.uid, "_probe", (cname, run, kind))

    def _wake_probes(self, rt: PodRuntime, c) -> None:
        now = self.cluster.clock.now
        for ps in c.probes.values():
            if ps.parked and (ps.kind != "startup" or not c.started):
                self._schedule_probe(rt, c, ps, ps.next_tick_after(now))

    # -- what other components read ------------------------------------------------------------
    def files(self, rt: PodRuntime, c) -> Files:
        cspec = rt.container_spec(c.name) or {}
        mounts = sorted(((m.get("mountPath", ""), m.get("name", ""), m.get("subPath", ""), bool(m.get("readOnly")))
                         for m in cspec.get("volumeMounts") or ()), key=lambda m: -len(m[0]))
        epoch = self.cluster.epoch
        files = Files(rt, c, mounts, _BaseFiles(self, rt, c), epoch + self.cluster.clock.now,
                      epoch + (c.started_at or rt.admitted_at))
        files.ids = utilities.process_ids(rt.spec, cspec, volume_helpers.extra_supplemental_groups(self.api, rt.pod))
        files.fs_group = (rt.spec.get("securityContext") or {}).get("fsGroup")
        files.read_only_root = security.read_only_root(cspec)
        files.denied_writes = apparmor.write_denials(self.cluster, self.node_name, rt.pod, cspec)
        return files

    def _pinned(self, rt: PodRuntime, cspec: dict) -> dict:
        """The files a container's subPath mounts into configMap, secret, downwardAPI or projected volumes
        bind when it is created (kubelet_pods.go makeMounts: the path with its symlinks evaluated):
        mountPath -> content, fixed for the container's life."""
        out = {}
        for m in cspec.get("volumeMounts") or ():
            projection = rt.volumes.get(m.get("name", ""))
            if m.get("subPath") and isinstance(projection, atomic_writer.Projection):
                v = projection.get(projection.resolve(m["subPath"]) or "")
                if v is not None:
                    out[(m.get("mountPath", "").rstrip("/") or "/")] = v() if callable(v) else v
        return out

    def shell_env(self, rt: PodRuntime, c) -> shell.Env:
        img = images.lookup(images.parse(c.image)) if not isinstance(images.parse(c.image), str) else None
        env = shell.Env(self._env_dict(rt, c, img), self.files(rt, c), etchosts.hostname(rt.spec, rt.name),
                        _date_of(self.cluster),
                        net=PodNet(self.cluster, rt), tools=img.tools if img else (), shells=images.shells_of(img))
        env.signal = _MainSignal(self, rt.uid, c.name, c.run)
        env.ids = env.files.ids
        env.procs = self.processes(rt, c, img, env.ids)
        return env

    def processes(self, rt: PodRuntime, c, img, ids: tuple) -> processes.Processes:
        """The container's process table: its command as PID 1 (processes.main_args), or, in a shared
        namespace, every running process of the pod."""
        cspec = rt.container_spec(c.name) or {}
        procs = processes.Processes(c, self._main_args(c, cspec, img), rt.spec, cspec, ids)
        procs.times = (self.cluster.epoch + c.started_at, self.cluster.epoch + self.cluster.clock.now)
        ns = self.pid_namespace(rt)
        if ns is not None:
            procs.ns, procs.pod = ns, _PodProcesses(self, rt.uid, c.name, ids)
        return procs

    def _main_args(self, c, cspec: dict, img) -> str:
        command, args = cspec.get("command") or [], cspec.get("args") or []
        argv = [str(x) for x in (command + args if command else args)] or list(img.cmd if img else ())
        return (c.program.pid1 if c.program is not None else "") or \
            processes.main_args(argv, images.shells_of(img), shell.statements)

    def pid_namespace(self, rt: PodRuntime) -> processes.PidNamespace | None:
        """The pod's shared PID namespace (spec.shareProcessNamespace), None for a pod without one: only
        such pods keep one (in ``pid_namespaces``, by pod UID, until the pod is forgotten)."""
        if not rt.spec.get("shareProcessNamespace"):
            return None
        spaces = self.__dict__.setdefault("pid_namespaces", {})
        return spaces.setdefault(rt.uid, processes.PidNamespace())

    def pod_processes(self, uid: str, cname: str, ids: tuple) -> tuple:
        """(pid, uid, args) of /pause and of each running container's command and workers, and for each PID
        whether the container ``cname`` (running as ``ids``) may follow its /proc/PID/root. The pause image runs
        as 65535 (build/pause/Dockerfile USER 65535:65535) unless the pod's runAsUser says otherwise
        (kuberuntime_sandbox.go). nginx retitles its processes (ngx_setproctitle): ``nginx: master process`` and
        its command line, and ``nginx: worker process`` under nginx.conf's ``user``, with no capabilities."""
        rt = self.pods.get(uid)
        ns = self.pid_namespace(rt) if rt is not None else None
        if ns is None:
            return [], {}
        caps = security.capability_sets(rt.spec, rt.container_spec(cname) or {}, ids[0])
        sandbox = (rt.spec.get("securityContext") or {}).get("runAsUser")
        pause = processes.PAUSE_UID if sandbox is None else int(sandbox)
        rows, roots = [(1, pause, processes.PAUSE)], {1: ids[0] == pause}
        for name, (run, pid, workers) in ns.mains.items():
            other = rt.containers.get(name)
            if other is None or other.run != run or other.state != "running":
                continue
            ospec = rt.container_spec(name) or {}
            target = utilities.process_ids(rt.spec, ospec)
            args = self._main_args(other, ospec, self._image(other))
            if other.program is not None and other.program.kind == "nginx":
                args = "nginx: master process " + args
                worker = (processes.NGINX_UID,) * 2 if target[0] == 0 else target
                for w in workers:
                    rows.append((w, worker[0], "nginx: worker process"))
                    roots[w] = security.ptrace_may_access(ids, caps, worker, {"CapPrm": 0})
            rows.append((pid, target[0], args))
            roots[pid] = security.ptrace_may_access(ids, caps, target,
                                                    security.capability_sets(rt.spec, ospec, target[0]))
        return rows, roots

    def proc_root(self, rt: PodRuntime, c, path: str):
        """A file of another container of a shared namespace, read through /proc/PID/root (its root file
        system as that process sees it), when the reader may follow the link (Processes.root_error)."""
        pid, rest = path.split("/")[2], "/" + "/".join(path.split("/")[4:])
        procs = self.shell_env(rt, c).procs
        if not pid.isdigit() or procs.root_error(path) is not None:
            return None
        for name, (run, main, workers) in procs.ns.mains.items():
            other = rt.containers.get(name)
            if (int(pid) == main or int(pid) in workers) and other is not None and other.run == run:
                return self.files(rt, other).read(rest)
        return None

    def signal_pid(self, uid: str, pid: int, sig: str, sender: int) -> None:
        """A signal sent from one container of a shared namespace to a container's command (``kill -HUP 8``).
        SIGHUP makes nginx reload; SIGTERM and SIGINT reach a handler as the kubelet's SIGTERM does. The
        command is not its namespace's init here, so a signal it has no handler for does its default action
        (signal(7)): it ends the process, and the container exits with 128 + the signal's number."""
        rt = self.pods.get(uid)
        ns = self.pid_namespace(rt) if rt is not None else None
        for name, (run, main, _) in (ns.mains.items() if ns is not None else ()):
            c = rt.containers.get(name)
            if main != pid or c is None or c.run != run or c.state != "running":
                continue
            p = c.program
            if sig == "HUP" and p is not None and p.kind == "nginx":
                workers = tuple(ns.take() for _ in p.workers)
                now = self.cluster.clock.now
                stamp = _nginx_stamp(self.cluster.epoch + now)
                c.dynamic.extend((now, f"{stamp} {line}") for line in images.nginx_reload(p, pid, sender, workers))
                ns.started(name, run, pid, workers)
            elif sig == "KILL" or (p is not None and p.sigterm is None and sig in processes.FATAL):
                c.cancel_timers()
                c.timers.append(self.cluster.clock.schedule(0.0, self._timer, uid, "_exit",
                                                            (name, run, 128 + processes.FATAL[sig], "Error")))
            else:
                self.signal_main(uid, name, run, sig)

    def signal_main(self, uid: str, cname: str, run: int, sig: str) -> None:
        """A signal sent to the container's PID 1 from inside it (``kill 1`` in kubectl exec). In its own
        PID namespace init gets only the signals it handles (pid_namespaces(7)): SIGKILL, and SIGTERM
        to a process with no handler (sh, sleep), do nothing; an image that handles SIGTERM exits as
        it would when the kubelet stops it (redis-server saves and exits 0, so the container is
        Completed and restarted), without a Killing event."""
        rt = self.pods.get(uid)
        c = rt.containers.get(cname) if rt is not None else None
        if c is None or c.run != run or c.state != "running" or c.killing or sig not in ("TERM", "INT"):
            return
        p = c.program
        if p is None or p.sigterm is None:
            return
        c.cancel_timers()
        c.killing = True
        c.timers.append(self.cluster.clock.schedule(p.sigterm, self._timer, uid, "_exit",
                                                    (c.name, c.run, p.sigterm_exit,
                                                     "Completed" if p.sigterm_exit == 0 else "Error")))

    def _find(self, namespace: str, pod: str) -> PodRuntime:
        uid = self.by_key.get(f"{namespace}/{pod}")
        rt = self.pods.get(uid) if uid else None
        if rt is None:
            raise errors.not_found("pods", pod)
        return rt

    def _container(self, rt: PodRuntime, container: str | None):
        if container is None:
            if len(rt.main_names) == 1:
                return rt.containers[rt.main_names[0]]
            msg = f"a container name must be specified for pod {rt.name}, choose one of: [{' '.join(rt.main_names)}]"
            if rt.init_names:
                msg += f" or one of the init containers: [{' '.join(rt.init_names)}]"
            raise errors.bad_request(msg)
        c = rt.containers.get(container)
        if c is None:
            raise errors.bad_request(f"container {container} is not valid for pod {rt.name}")
        return c

    def logs(self, namespace: str, pod: str, container: str | None = None, previous: bool = False) -> list[tuple[float, str]]:
        """A container's log lines as (virtual time, text), oldest first (``kubectl logs [-p]``).

        Raises StatusError with the API server's words when there is nothing to show
        (waiting to start, no previous container, ambiguous container name).
        """
        rt = self._find(namespace, pod)
        c = self._container(rt, container)
        now = self.cluster.clock.now
        if previous:
            if not c.last_state:
                raise errors.bad_request(f'previous terminated container "{c.name}" in pod "{rt.name}" not found')
            if c.state == "running" or (c.state == "terminated" and c.previous):
                return list(c.previous)
            return c.lines_until(c.finished_at, self.cluster.epoch, _date_text)
        if c.program is None or (c.state == "waiting" and not c.last_state):
            why = c.reason
            if c.reason in ("ErrImagePull", "ImagePullBackOff"):
                why = "trying and failing to pull image"
            raise errors.bad_request(f'container "{c.name}" in pod "{rt.name}" is waiting to start: {why}')
        lines = c.lines_until(now, self.cluster.epoch, _date_text)
        if c.program.follow is not None and c.state == "running":
            lines = sorted(lines + self.followed(rt, c, now), key=lambda x: x[0])[-MAX_LOG_LINES:]
        return lines

    def followed(self, rt: PodRuntime, c, now: float) -> list[tuple[float, str]]:
        """What a container's ``tail -f FILE`` has printed by ``now``: the lines it started with (the
        last N, or from line +N), then each line as the file grew. A file a loop appends to grows by
        one pass a period (shell.Periodic); one that is not there is busybox tail's error."""
        path, first, last = c.program.follow
        start, epoch = c.started_at, self.cluster.epoch
        entry = self.files(rt, c).entry(path)
        if entry is None:
            return [(start, f"tail: can't open '{path}': No such file or directory")]
        if not isinstance(entry, shell.Periodic) or entry.prefix is None:
            text = entry.at(epoch + start) if isinstance(entry, shell.Periodic) else entry
            text = text() if callable(text) else text
            return [(start, line) for line in utilities.tail_text(text, first, last).splitlines()]
        seen = entry.passes(epoch + start)
        out = [(start, line) for line in utilities.tail_text(entry.at(epoch + start), first, last).splitlines()]
        for k in range(max(seen, entry.passes(epoch + now) - MAX_LOG_LINES), entry.passes(epoch + now)):
            t, text = entry.written(k)
            out.extend((t - epoch, line) for line in text.splitlines())
        return out

    def exec_target(self, namespace: str, pod: str, container: str | None):
        """(runtime, container) an exec reaches; StatusError as the API server words it when not running."""
        rt = self._find(namespace, pod)
        c = self._container(rt, container)
        if c.state != "running":
            raise errors.bad_request(f'unable to upgrade connection: container not found ("{c.name}")')
        return rt, c

    EXECUTABLES = ("echo", "printf", "sleep", "true", "false", "cat", "ls", "env", "printenv", "hostname", "date",
                   "touch", "rm", "mkdir", "test", "[", "whoami", "id", "pwd", "uname", "tail", "head", "kill", "seq",
                   "grep", "wc", "sort", "base64", "mv", "cp", "rmdir", "chmod")

    def exec_check(self, c, program: str, shells: dict, files=None) -> None:
        """The runtime's error for a program the image does not have (runc's exec: stat, or the $PATH search)."""
        missing = self.missing_program(c, program, shells, files)
        if missing:
            raise errors.internal(f'error executing command in container: failed to exec in container: failed to start '
                                  f'exec "{c.container_id.split("//")[-1][:64]}": {missing}')

    def missing_program(self, c, program: str, shells: dict, files=None) -> str:
        """runc's words for a program it cannot start in the container (its stat, or the $PATH search),
        or "" when the image has it where it looks."""
        base = program.rsplit("/", 1)[-1]
        if base in shells or shells and base in self.EXECUTABLES:  # an image with no shell has no coreutils
            return ""
        if base in self._tools(c) and (files is None or shell.on_path(files, base)):
            return ""
        if base in ("ps", "sysctl") and shells.get("sh") == utilities.ASH:
            return ""  # busybox applets; Debian's slim images ship no procps
        why = f"stat {program}: no such file or directory" if "/" in program else "executable file not found in $PATH"
        return f'OCI runtime exec failed: exec failed: unable to start container process: exec: "{program}": {why}: unknown'


    def _tools(self, c) -> tuple:
        img = self._image(c)
        return img.tools if img is not None else ()

    def exec(self, namespace: str, pod: str, container: str | None, argv: list[str], session=None,
             stdin: str = "", tty: bool = False) -> ExecResult:
        """Run a command in a running container of a catalogue image (``kubectl exec``); with a
        shell.Session it runs in virtual time (its sleeps move the clock). ``stdin`` is what
        ``kubectl exec -i`` hands it from a pipe (``cat`` reads it)."""
        rt, c = self.exec_target(namespace, pod, container)
        if not argv:
            raise errors.bad_request("you must specify at least one command for the container")
        env = self.shell_env(rt, c)
        self.exec_check(c, argv[0], env.shells, env.files)
        env.session = session
        env.stdin = stdin
        env.tty = tty
        env.reserved_pid = env.procs.spawn()  # the exec'd process (runc exec's init joins the PID namespace)
        code, out = shell.run(list(argv), env)
        self._wake_probes(rt, c)
        return ExecResult(code, out)

    # -- shells a learner types to (kubectl exec -ti, kubectl run -ti, kubectl attach -ti) ------------
    def open_shell(self, namespace: str, pod: str, container: str | None, argv: list[str], tty: bool,
                   attach: bool = False) -> shell.Interactive:
        """Start the shell ``argv`` names in the container for a learner to type to, or, with
        ``attach``, take over the container's main process, a shell waiting on its stdin. Raises
        StatusError as the API server words it when the container is not running, or the
        runtime's error when the image has no such shell."""
        rt, c = self.exec_target(namespace, pod, container)
        env = self.shell_env(rt, c)
        if not attach:
            self.exec_check(c, argv[0], env.shells)
        if tty:
            env.env["TERM"] = "xterm"  # containerd gives a process with a terminal TERM=xterm (oci.WithTTY)
        env.cwd = (rt.container_spec(c.name) or {}).get("workingDir") or "/"
        if argv[0].rsplit("/", 1)[-1] == "redis-cli":
            state = redis_cli.Repl(list(argv[1:]), tty)
            state.pod = (rt.uid, c.name, c.run)
            return state
        if argv[0].rsplit("/", 1)[-1] == "mysql":
            from clusters.kubelet import mysql_client

            if attach:  # the container's own command line: kubectl run ... -- mysql -h mysql -ppassword
                cspec = rt.container_spec(c.name) or {}
                argv = [str(x) for x in (cspec.get("command") or []) + (cspec.get("args") or [])] or list(argv)
            state = mysql_client.Repl(list(argv[1:]), tty)
            state.pod = (rt.uid, c.name, c.run)
            state.opening = state.open(env, shown=not attach)  # kubectl run -it attaches after it started
            return state
        flavour = env.shells.get(argv[0].rsplit("/", 1)[-1], "ash")
        state = shell.start_interactive(list(argv), env, tty, *images.prompt_of(self._image(c), flavour, env.ids[0] == 0))
        state.pod = (rt.uid, c.name, c.run)
        # An attached terminal talks to the container's own command; an exec'd shell is a new process.
        state.pid, state.args = (env.procs.main_pid if attach else env.procs.spawn()), " ".join(argv)
        return state

    def shell_line(self, namespace: str, pod: str, state: shell.Interactive, line: str, session=None,
                   eof: bool = False):
        """Run a line typed to ``state``'s shell (or, with ``eof``, the lines it holds for an open
        here-document): (status, output, exited). StatusError when its container is gone (stopped,
        restarted, or the pod deleted): the shell went with it."""
        rt, c = self._shell_target(namespace, pod, state)
        env = self.shell_env(rt, c)
        env.session = session
        result = state.interact(line, env, eof=True) if eof else state.interact(line, env)
        self._wake_probes(rt, c)
        return result

    def shell_alive(self, namespace: str, pod: str, state: shell.Interactive) -> bool:
        try:
            self._shell_target(namespace, pod, state)
        except errors.StatusError:
            return False
        return True

    def shell_files(self, namespace: str, pod: str, state: shell.Interactive):
        """The files the shell sees (for completing names), or None when it is gone."""
        try:
            rt, c = self._shell_target(namespace, pod, state)
        except errors.StatusError:
            return None
        return self.files(rt, c)

    def _shell_target(self, namespace: str, pod: str, state: shell.Interactive):
        uid, cname, run = state.pod
        rt, c = self.exec_target(namespace, pod, cname)
        if rt.uid != uid or c.run != run:
            raise errors.bad_request(f'unable to upgrade connection: container not found ("{cname}")')
        return rt, c

    def stdin_shell(self, namespace: str, pod: str, container: str | None) -> str | None:
        """The shell the container's main process is, when it reads the stdin kept open for it."""
        rt, c = self.exec_target(namespace, pod, container)
        return c.program.stdin_shell if c.program is not None else None

    def main_exited(self, namespace: str, pod: str, state: shell.Interactive, code: int) -> None:
        """The attached main process (a shell) exited with ``code``: the container terminates."""
        try:
            rt, c = self._shell_target(namespace, pod, state)
        except errors.StatusError:
            return
        self._exit(rt, c.name, c.run, code, None)

    def record_terminal(self, namespace: str, pod: str, state: shell.Interactive, text: str) -> None:
        """What a container with a terminal writes to it is its log (the runtime logs the tty's output)."""
        try:
            rt, c = self._shell_target(namespace, pod, state)
        except errors.StatusError:
            return
        now = self.cluster.clock.now
        for line in text.splitlines():
            c.dynamic.append((now, line))

    def _image(self, c):
        ref = images.parse(c.image)
        return images.lookup(ref) if not isinstance(ref, str) else None

    def serve(self, namespace: str, pod: str, port: int, path: str = "/", client_ip: str = "10.244.0.1",
              method: str = "GET", user_agent: str = "curl/8.5.0") -> tuple[int, str]:
        """An HTTP request reaching a pod's port; logs it as the image would. Raises ConnectionError if refused."""
        rt = self._find(namespace, pod)
        for n in rt.main_names:
            c = rt.containers[n]
            if probes.listening(c, port, self.cluster.clock.now):
                code, body = images.http_get(c.program, path, self.files(rt, c), self.cluster.clock.now - c.started_at)
                self._log_request(c, method, path, code, len(body), client_ip, user_agent)
                return code, body
        raise ConnectionError(f"connect to {rt.ip or self.ip} port {port} failed: Connection refused")

    def file_reader(self, namespace: str, pod: str, container: str):
        """``read(path)`` of the files as the running container sees them (its volumes, writable
        layer and image; None for a file that is absent), for the modelled network's servers;
        None when this kubelet runs no such container."""
        uid = self.by_key.get(f"{namespace}/{pod}")
        rt = self.pods.get(uid) if uid else None
        c = rt.containers.get(container) if rt is not None else None
        if c is None or c.program is None:
            return None
        files = self.files(rt, c)

        def read(path: str) -> str | None:
            v = files.read(path)
            return v if isinstance(v, str) else None
        return read

    def record_request(self, namespace: str, pod: str, port: int, method: str, path: str, status: int, size: int,
                       client_ip: str, user_agent: str = "curl/8.5.0") -> None:
        """A request the modelled network delivered to a pod's port: the container logs it as its image would
        (nginx's access log, the bootcamp app's request line)."""
        uid = self.by_key.get(f"{namespace}/{pod}")
        rt = self.pods.get(uid) if uid else None
        if rt is None:
            return
        for n in rt.main_names:
            c = rt.containers[n]
            if c.program is not None and probes.listening(c, port, self.cluster.clock.now):
                self._log_request(c, method, path, status, size, client_ip, user_agent)
                return

    def serving(self, namespace: str, pod: str, kind: str, port: int | None = None):
        """The running container here whose program is of ``kind`` (listening on ``port`` when one is given)."""
        uid = self.by_key.get(f"{namespace}/{pod}")
        rt = self.pods.get(uid) if uid else None
        for n in (rt.main_names if rt is not None else ()):
            c = rt.containers[n]
            if c.program is not None and c.program.kind == kind and c.state == "running" and \
                    (port is None or probes.listening(c, port, self.cluster.clock.now)):
                return c
        return None

    def redis_server(self, namespace: str, pod: str, port: int):
        """The running redis server listening on ``port`` in a pod here (its images.Program), else None."""
        uid = self.by_key.get(f"{namespace}/{pod}")
        rt = self.pods.get(uid) if uid else None
        for n in (rt.main_names if rt is not None else ()):
            c = rt.containers[n]
            if c.program is not None and c.program.kind == "redis" and probes.listening(c, port, self.cluster.clock.now):
                return c.program
        return None

    def mysql_server(self, namespace: str, pod: str, port: int):
        """The running mysqld listening on ``port`` in a pod here (its images.Program), else None."""
        uid = self.by_key.get(f"{namespace}/{pod}")
        rt = self.pods.get(uid) if uid else None
        for n in (rt.main_names if rt is not None else ()):
            c = rt.containers[n]
            if c.program is not None and c.program.kind == "mysql" and c.program.config and \
                    probes.listening(c, port, self.cluster.clock.now):
                return mysql_data.Server(c.program, self.files(rt, c), PodNet(self.cluster, rt))
        return None

    def backup(self, namespace: str, pod: str, port: int) -> str | None:
        """What the pod's xtrabackup sidecar listening on ``port`` streams to a peer that connects
        (xtrabackup.backup of its data directory, after its mysqld caught up), else None."""
        uid = self.by_key.get(f"{namespace}/{pod}")
        rt = self.pods.get(uid) if uid else None
        for n in (rt.main_names if rt is not None else ()):
            c = rt.containers[n]
            if c.program is not None and c.program.kind == "xtrabackup" and probes.listening(c, port, self.cluster.clock.now):
                server = self.mysql_server(namespace, pod, 3306)
                if server is not None:
                    mysql_server.replicate(server)
                return xtrabackup.backup(self.files(rt, c), server)
        return None

    def running_log(self, namespace: str, pod: str, container: str):
        """For a program whose doings another part of the simulation carries out (kind's local-path
        provisioner): (when the running ``container`` of a pod here started, in virtual seconds, which
        start of it this is, ``log(lines)`` to write (virtual time, text) lines to its log), else None."""
        uid = self.by_key.get(f"{namespace}/{pod}")
        rt = self.pods.get(uid) if uid else None
        c = rt.containers.get(container) if rt is not None else None
        if c is None or c.state != "running" or c.program is None:
            return None
        return c.started_at, c.run, c.dynamic.extend  # a bounded deque

    def zookeeper_server(self, namespace: str, pod: str, port: int):
        """The running ZooKeeper server listening on ``port`` in a pod here, as (its images.Program, its files,
        ``log(lines)`` to write (epoch seconds, text) lines to its log, the pod with its IP), else None."""
        uid = self.by_key.get(f"{namespace}/{pod}")
        rt = self.pods.get(uid) if uid else None
        for n in (rt.main_names if rt is not None else ()):
            c = rt.containers[n]
            if c.program is not None and c.program.kind == "zookeeper" and probes.listening(c, port, self.cluster.clock.now):
                def log(lines, c=c):
                    c.dynamic.extend((t - self.cluster.epoch, text) for t, text in lines)  # a bounded deque
                return c.program, self.files(rt, c), log, dict(rt.pod, status=dict(rt.pod.get("status") or {}, podIP=rt.ip))
        return None

    def redis_master_sync(self, namespace: str, pod: str, port: int, replica: str, at: float) -> tuple[str, str] | None:
        """A replica's full resync with the redis server on ``port`` here, at ``at`` (epoch seconds): the
        master logs it (redis.master_sync); (its version, its replication ID), or None when none listens."""
        uid = self.by_key.get(f"{namespace}/{pod}")
        rt = self.pods.get(uid) if uid else None
        p = self.redis_server(namespace, pod, port)
        if p is None:
            return None
        c = next(rt.containers[n] for n in rt.main_names if rt.containers[n].program is p)
        new = not p.replid
        if new:
            p.replid = redis.replication_id(f"{rt.uid}/{c.run}/{c.started_at}")
        p.forks += 1
        t0 = at - self.cluster.epoch

        def stamp_at(dt: float) -> tuple[float, str]:
            return t0 + dt, redis.stamp_epoch(at + dt)
        # The BGSAVE child's pid: the next free pid in the container [approximate].
        for line in redis.master_sync(stamp_at, p, replica, new, 18 + p.forks):
            c.dynamic.append(line)
        return p.version, p.replid

    def _log_request(self, c, method: str, path: str, status: int, size: int, client_ip: str, user_agent: str) -> None:
        now = self.cluster.clock.now
        for line in images.request_log(c.program, now - c.started_at, self.cluster.epoch + now, method, path, status, size,
                                       client_ip, user_agent, _clf_time(self.cluster.epoch + now)):
            c.dynamic.append((now, line))

    def _usage(self, rt: PodRuntime, c) -> tuple[float, int]:
        if c.state != "running" or c.program is None:
            return 0.0, 0
        p = c.program
        cpu = c.cpu_override if c.cpu_override is not None else p.cpu_m
        lim = ((rt.container_spec(c.name) or {}).get("resources") or {}).get("limits") or {}
        if lim.get("cpu"):
            cpu = min(cpu, objects.milli_cpu(lim["cpu"]))
        mem = p.mem
        if p.mem_rate:
            mem = max(mem, min(p.mem_target, int(p.mem_rate * (self.cluster.clock.now - c.started_at))))
        return float(cpu), int(mem)

    def own_usage(self, namespace: str, pod: str, container: str) -> tuple[float, int] | None:
        """(millicores, bytes) a running container of a load-generating image uses by its own
        doing (stress's hogs), which metrics-server reads off this kubelet; None for the others,
        whose use metrics-server models from their traffic. No container uses more CPU than
        the node has."""
        uid = self.by_key.get(f"{namespace}/{pod}")
        rt = self.pods.get(uid) if uid else None
        c = rt.containers.get(container) if rt is not None else None
        if c is None or c.program is None or not c.program.own_usage or c.state != "running":
            return None
        cpu, mem = self._usage(rt, c)
        return min(cpu, float(self.cpu_m)), mem

    def pod_metrics(self, namespace: str, pod: str) -> dict:
        """{"containers": {name: {"cpu": millicores, "memory": bytes}}} as metrics-server would report."""
        rt = self._find(namespace, pod)
        out = {}
        for n in rt.main_names:
            cpu, mem = self._usage(rt, rt.containers[n])
            out[n] = {"cpu": cpu, "memory": mem}
        return {"containers": out}

    def cpu_usage(self, namespace: str, pod: str) -> float:
        """The pod's CPU usage in millicores (sum over its running containers)."""
        return sum(v["cpu"] for v in self.pod_metrics(namespace, pod)["containers"].values())

    def memory_usage(self, namespace: str, pod: str) -> int:
        return sum(v["memory"] for v in self.pod_metrics(namespace, pod)["containers"].values())

    def set_cpu_load(self, namespace: str, pod: str, millicores: float | None, container: str | None = None) -> None:
        """Make a pod's containers use this much CPU (None: back to the image's own)."""
        rt = self._find(namespace, pod)
        for n in ([container] if container else rt.main_names):
            rt.containers[n].cpu_override = millicores

    def node_usage(self) -> tuple[float, int]:
        cpu = 0.0
        mem = 0
        for rt in self.pods.values():
            for n in rt.main_names:
                a, b = self._usage(rt, rt.containers[n])
                cpu += a
                mem += b
        return cpu, mem


class _MainSignal:
    """shell.Env.signal for a container: a picklable callable, as the clock's callbacks are."""

    def __init__(self, k: Kubelet, uid: str, cname: str, run: int):
        self.k, self.uid, self.cname, self.run = k, uid, cname, run

    def __call__(self, sig: str) -> None:
        self.k.signal_main(self.uid, self.cname, self.run, sig)


class _PodProcesses:
    """processes.Processes.pod for a container of a pod with a shared PID namespace (picklable, as
    _MainSignal): the pod's processes as that container sees them, and signals to them."""

    def __init__(self, k: Kubelet, uid: str, cname: str, ids: tuple):
        self.k, self.uid, self.cname, self.ids = k, uid, cname, ids

    def table(self) -> tuple:
        return self.k.pod_processes(self.uid, self.cname, self.ids)

    def signal(self, pid: int, sig: str, sender: int) -> None:
        self.k.signal_pid(self.uid, pid, sig, sender)


def _nginx_stamp(epoch_seconds: float) -> str:
    import datetime

    return datetime.datetime.fromtimestamp(epoch_seconds, datetime.timezone.utc).strftime("%Y/%m/%d %H:%M:%S")


class _BaseFiles:
    """The image's own files, computed when read rather than stored per container."""

    def __init__(self, k: Kubelet, rt: PodRuntime, c):
        self.k = k
        self.rt = rt
        self.c = c

    def __call__(self, path: str):
        rt = self.rt
        if path == "/etc/hostname":
            return etchosts.hostname(rt.spec, rt.name) + "\n"
        if path == "/etc/hosts":
            return etchosts.managed_hosts_file(rt.spec, rt.name, rt.namespace, rt.ip)
        if path.startswith("/proc/sys/"):
            return sysctls.proc_value(rt.spec, path)
        if path == "/etc/resolv.conf":
            return (f"search {rt.namespace}.svc.cluster.local svc.cluster.local cluster.local\n"
                    f"nameserver 10.96.0.10\noptions ndots:5\n")
        if path == "/proc/1/attr/current":
            return apparmor.label(self.k.cluster, self.k.node_name, rt.pod, rt.container_spec(self.c.name) or {})
        if path.startswith("/proc/") and path.split("/")[3:4] == ["root"] and self.k.pid_namespace(rt) is not None:
            return self.k.proc_root(rt, self.c, path)
        if path == "/proc/1/cmdline" and self.k.pid_namespace(rt) is not None:
            return processes.PAUSE + "\0"  # the sandbox's process
        if path in ("/proc/1/status", "/proc/1/cmdline"):
            env = self.k.shell_env(rt, self.c)
            args = env.procs.main_args
            if path.endswith("cmdline"):
                return args.replace(" ", "\0") + "\0"
            return env.procs.status(1, args.split(" ", 1)[0].rsplit("/", 1)[-1])
        if path.startswith(shell.TOOL_DIR):
            img = self.k._image(self.c)
            if img is not None and path[len(shell.TOOL_DIR):] in img.tools:
                return images.EXECUTABLE  # the tool's binary, so that mv can take it away
        p = self.c.program
        if p is not None and p.kind == "zookeeper":
            return zookeeper.image_file(path, self.k.files(rt, self.c).read)
        if p is not None and p.kind == "cassandra" and path in images.CASSANDRA_FILES:
            return images.CASSANDRA_FILES[path]
        if p is not None and p.kind == "bootcamp" and path == "/server.js":
            return images.BOOTCAMP_SERVER_JS % images.bootcamp_version(p)
        if p is not None and p.kind == "nginx":
            if path == "/usr/share/nginx/html/index.html":
                return images.NGINX_INDEX
            if path == "/etc/nginx/nginx.conf":
                return images.NGINX_CONF
            if path == "/etc/nginx/conf.d/default.conf":
                return "server {\n    listen       80;\n    listen  [::]:80;\n    server_name  localhost;\n\n    location / {\n        root   /usr/share/nginx/html;\n        index  index.html index.htm;\n    }\n}\n"
        return None


def _program_path(cspec: dict, img) -> str:
    """The file runc executes: the command's (else the image's entrypoint's) first word, found on PATH
    when it names no directory (/bin for the images here) [approximate]."""
    argv = cspec.get("command") or (list(img.cmd) if img is not None else [])
    first = str(argv[0]) if argv else "sh"
    return first if "/" in first else "/bin/" + first


def _next_relist(phase: float, now: float) -> float:
    """The first relist after ``now`` of a kubelet whose relists fall ``phase`` seconds into each period."""
    return phase + math.floor((now - phase) / PLEG_RELIST + 1) * PLEG_RELIST


def _ms(seconds: float) -> float:
    """Duration.Truncate(time.Millisecond)."""
    return int(seconds * 1000) / 1000.0


def _date_text(epoch_seconds: float) -> str:
    import datetime

    return datetime.datetime.fromtimestamp(epoch_seconds, datetime.timezone.utc).strftime("%a %b %e %H:%M:%S UTC %Y")


class _date_of:
    """date(1) output at the cluster's current time (a callable object, so it pickles)."""

    def __init__(self, cluster):
        self.cluster = cluster

    def __call__(self, offset: float = 0.0) -> str:
        return _date_text(self.cluster.epoch + self.cluster.clock.now + offset)


def _clf_time(epoch_seconds: float) -> str:
    import datetime

    return datetime.datetime.fromtimestamp(epoch_seconds, datetime.timezone.utc).strftime("%d/%b/%Y:%H:%M:%S +0000")
