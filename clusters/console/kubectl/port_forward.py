"""kubectl port-forward TYPE/NAME [LOCAL:]REMOTE... (kubernetes/kubectl:pkg/cmd/portforward/portforward.go,
client-go tools/portforward/portforward.go), for the console host's ``curl``.

Complete picks a pod the way kubectl does: a pod name, or TYPE/NAME resolved by
the object's selector (polymorphichelpers AttachablePodForObject, waiting up to
``--pod-running-timeout`` for a pod to exist); a Service's ports are translated
to its target container ports, named ports to numbers (translateServicePortToTargetPort,
convertPodNamedPortToNumber), UDP-only ports refused. The pod must be Running.
Then each local port is bound on each ``--address`` (``localhost`` is 127.0.0.1
and ::1, sorted) with ``Forwarding from 127.0.0.1:7000 -> 6379`` per listener;
``:6379`` or ``0:6379`` takes a free ephemeral port, as the kernel would.

A real port-forward blocks until Ctrl-C, which is why the pages run it in a
second terminal. This console has one terminal and nothing runs between
commands, so, as ``kubectl proxy`` does (proxy.py), the forward is recorded on
the cluster (``cluster.kubectl_port_forwards``: plain data, replayed with the
journal) and keeps forwarding as if in the background; a note on stderr says
so, and it is one of the console's jobs (``jobs.py``: started with ``&`` as
bash starts one, ended by ``kill``, reported ``Exit 1`` when it loses its
pod). Its later output lands in the terminal as a background job's does
(``Context.tty``): ``Handling connection for 7000`` each time the console
host's ``curl`` connects (``connect``), and when the connection to the pod's
port fails (nothing listens there, or the pod's sandbox is gone) the
kubelet's error as client-go logs it, then ``error: lost connection to pod``,
and the forward ends (portforward.go handleConnection closes the stream
connection; ErrLostConnectionToPod). It also ends when its job is killed or
the console's cluster is reset.
"""
from __future__ import annotations

import hashlib
import ipaddress

from clusters import timeutil
from clusters.apiserver import errors as api_errors, resources
from clusters.console import jobs, timing
from clusters.console.kubectl import base, builder, impersonation, logs, mutating, proxy

RUNNING_NOTE = ("This console is not a terminal: kubectl port-forward keeps forwarding in the background, as it "
                "would in a second terminal, and what it prints shows here; curl http://localhost:{port}/ reaches it, "
                "and 'kill %{job}' stops it.\n")
EPHEMERAL = (32768, 60999)  # Linux ip_local_port_range, where a port-0 listener lands
CONSOLE_HOST_IPS = ("172.18.0.1",)  # the console host's address on kind's docker network (clients.py's client IP)
# Go type names in SelectorsForObject's "cannot attach to %T" (polymorphichelpers/helpers.go)
GO_TYPES = {"Pod": "*v1.Pod", "Service": "*v1.Service", "ReplicationController": "*v1.ReplicationController",
            "Deployment": "*v1.Deployment", "ReplicaSet": "*v1.ReplicaSet", "StatefulSet": "*v1.StatefulSet",
            "DaemonSet": "*v1.DaemonSet", "Job": "*v1.Job"}


def forwards(cluster) -> list:
    """The forwards this console started: dicts of pid, namespace, pod, uid, ports [[local, remote]], addresses."""
    found = getattr(cluster, "kubectl_port_forwards", None)
    if found is None:
        found = cluster.kubectl_port_forwards = []
    return found


def _overlap(a: str, b: str) -> bool:
    """Two listen addresses that cannot both hold one port (Linux: a wildcard holds every address of its
    family, and :: is dual-stack)."""
    if a == b or "::" in (a, b):
        return True
    v4 = ("0.0.0.0",)
    return (a in v4 and ":" not in b) or (b in v4 and ":" not in a)


def bound(cluster, address: str, port: int) -> bool:
    """Whether something of this console already listens on ``address:port`` (a port-forward or a proxy)."""
    for f in forwards(cluster):
        if any(local == port for local, _ in f["ports"]) and any(_overlap(address, a) for a in f["addresses"]):
            return True
    held = proxy.proxies(cluster).get(port)
    return held is not None and _overlap(address, held)


# -- Complete: the pod and the ports -------------------------------------------------------

def _split_port(port: str) -> tuple[str, str]:
    """portforward.go splitPort: [LOCAL:]REMOTE; more than one colon keeps the first part for both."""
    parts = port.split(":")
    if len(parts) == 2:
        return parts[0], parts[1]
    return parts[0], parts[0]


def _container_port_by_name(pod: dict, name: str) -> int:
    """kubectl util.LookupContainerPortNumberByName."""
    for c in (pod.get("spec") or {}).get("containers") or ():
        for p in c.get("ports") or ():
            if p.get("name") == name:
                return int(p["containerPort"])
    raise base.KubectlError(f"Pod '{pod['metadata']['name']}' does not have a named port '{name}'")


def _service_port_by_name(svc: dict, name: str) -> int:
    """kubectl util.LookupServicePortNumberByName."""
    for p in (svc.get("spec") or {}).get("ports") or ():
        if p.get("name") == name:
            return int(p["port"])
    raise base.KubectlError(f"Service '{svc['metadata']['name']}' does not have a named port '{name}'")


def _container_port_for_service_port(svc: dict, pod: dict, port: int) -> int:
    """kubectl util.LookupContainerPortNumberByServicePort: targetPort, by name in the pod when it is a
    name; a headless Service's port is the container's."""
    spec = svc.get("spec") or {}
    if spec.get("clusterIP") == "None":
        return port
    for p in spec.get("ports") or ():
        if int(p.get("port", 0)) != port:
            continue
        target = p.get("targetPort")
        if isinstance(target, str) and not target.isdigit():
            return _container_port_by_name(pod, target)
        return int(target) if target not in (None, "", 0, "0") else port
    raise base.KubectlError(f"Service {svc['metadata']['name']} does not have a service port {port}")


def _udp_only(obj: dict) -> set[int]:
    """checkUDPPortInService / checkUDPPortInPod: ports declared UDP and not also TCP."""
    if obj.get("kind") == "Service":
        ports = [(int(p.get("port", 0)), p.get("protocol", "TCP")) for p in (obj.get("spec") or {}).get("ports") or ()]
    else:
        ports = [(int(p.get("containerPort", 0)), p.get("protocol", "TCP"))
                 for c in (obj.get("spec") or {}).get("containers") or () for p in c.get("ports") or ()]
    return {n for n, proto in ports if proto == "UDP"} - {n for n, proto in ports if proto == "TCP"}


def _check_udp(obj: dict, ports: list[str]) -> None:
    udp = _udp_only(obj)
    for port in ports:
        _, remote = _split_port(port)
        if remote.isdigit():
            num = int(remote)
        elif obj.get("kind") == "Service":
            num = _service_port_by_name(obj, remote)
        else:
            num = _container_port_by_name(obj, remote)
        if num in udp:
            raise base.KubectlError(f"UDP protocol is not supported for {remote}")


def translate_service_ports(ports: list[str], svc: dict, pod: dict) -> list[str]:
    """portforward.go translateServicePortToTargetPort."""
    out = []
    for port in ports:
        local, remote = _split_port(port)
        if remote.isdigit():
            num = int(remote)
        else:
            num = _service_port_by_name(svc, remote)
            if local == remote:
                local = str(num)
        remote = str(_container_port_for_service_port(svc, pod, num))
        out.append(f"{local}:{remote}" if local != remote else remote)
    return out


def convert_named_ports(ports: list[str], pod: dict) -> list[str]:
    """portforward.go convertPodNamedPortToNumber."""
    out = []
    for port in ports:
        local, remote = _split_port(port)
        if remote == "":
            raise base.KubectlError("remote port cannot be empty")
        number = remote if _atoi(remote) is not None else str(_container_port_by_name(pod, remote))
        out.append(f"{local}:{number}" if local != remote else number)
    return out


def _atoi(s: str) -> int | None:
    """strconv.Atoi: an optional sign, then decimal digits."""
    body = s[1:] if s[:1] in "+-" else s
    return int(s) if body.isdigit() and body.isascii() else None


def _selector_pods(kc, obj: dict, timeout: float) -> dict:
    """AttachablePodForObject for a controller or Service: SelectorsForObject, then GetFirstPod, which
    waits (a watch) until a pod exists or the timeout passes."""
    kind = obj.get("kind", "")
    go_type = GO_TYPES.get(kind, f"*{obj.get('apiVersion', 'v1').rsplit('/', 1)[-1]}.{kind}")
    if kind == "Service" and not (obj.get("spec") or {}).get("selector"):
        raise base.KubectlError(f"cannot attach to {go_type}: invalid service '{obj['metadata']['name']}': "
                                f"Service is defined without a selector")
    if kind not in GO_TYPES:
        raise base.KubectlError(f"cannot attach to {go_type}: selector for {go_type} not implemented")
    cluster = kc.cluster
    deadline = cluster.clock.now + timeout
    while True:
        pods = logs.pods_of(kc, obj)
        if pods:
            return pods[0]
        if cluster.clock.now >= deadline:
            raise base.KubectlError("timed out waiting for the condition")
        timing.advance(cluster, min(1.0, deadline - cluster.clock.now))


# -- ForwardPorts: addresses, ports, listeners ------------------------------------------------

def parse_addresses(given: list[str]) -> list[tuple[str, str]]:
    """portforward.go parseAddresses: (address, failure mode), localhost as 127.0.0.1 and ::1 ("all"
    must fail for the port to fail), an IP on its own ("any"), sorted by address."""
    parsed: dict[str, str] = {}
    for a in given:
        if a == "localhost":
            parsed.setdefault("127.0.0.1", "all")
            parsed.setdefault("::1", "all")
            continue
        try:
            ip = ipaddress.ip_address(a)
        except ValueError:
            raise base.KubectlError(f"{a} is not a valid IP") from None
        parsed[str(ip)] = "any"
    if not parsed:
        raise base.KubectlError("you must specify at least 1 address")
    return sorted(parsed.items())


def _parse_uint16(text: str) -> int | None:
    return int(text) if text.isdigit() and text.isascii() and int(text) < 65536 else None


def parse_ports(ports: list[str]) -> list[list[int]]:
    """portforward.go parsePorts: [local, remote] pairs; ":5000" and "0:5000" mean any free local port."""
    out = []
    for spec in ports:
        parts = spec.split(":")
        if len(parts) == 1:
            local, remote = parts[0], parts[0]
        elif len(parts) == 2:
            local, remote = parts[0] or "0", parts[1]
        else:
            raise base.KubectlError(f"invalid port format '{spec}'")
        lp = _parse_uint16(local)
        if lp is None:
            raise base.KubectlError(f"error parsing local port '{local}': {_parse_uint_error(local)}")
        rp = _parse_uint16(remote)
        if rp is None:
            raise base.KubectlError(f"error parsing remote port '{remote}': {_parse_uint_error(remote)}")
        if rp == 0:
            raise base.KubectlError("remote port must be > 0")
        out.append([lp, rp])
    return out


def _parse_uint_error(text: str) -> str:
    """strconv.ParseUint(text, 10, 16)'s error."""
    why = "value out of range" if text.isdigit() and text.isascii() else "invalid syntax"
    return f'strconv.ParseUint: parsing "{text}": {why}'


def _host_port(address: str, port: int) -> str:
    """net.JoinHostPort."""
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


def _listen_error(cluster, address: str, port: int) -> str | None:
    """Why net.Listen would fail on the console host, or None."""
    proto = "tcp6" if ":" in address else "tcp4"
    ip = ipaddress.ip_address(address)
    if not (ip.is_loopback or ip.is_unspecified or address in CONSOLE_HOST_IPS):
        return f"unable to create listener: Error listen {proto} {_host_port(address, port)}: bind: cannot assign requested address"
    if bound(cluster, address, port):
        return f"unable to create listener: Error listen {proto} {_host_port(address, port)}: bind: address already in use"
    return None


def listen(kc, addresses: list[tuple[str, str]], ports: list[list[int]]) -> list[list[int]]:
    """portforward.go forward/listenOnPort: bind each port on each address, printing each listener; the
    ports that got a listener (a port 0 takes the ephemeral port its first listener got)."""
    cluster = kc.cluster
    ok = []
    for pair in ports:
        errors, failed, succeeded = [], {"all": 0, "any": 0}, {"all": 0, "any": 0}
        for address, mode in addresses:
            if pair[0] == 0:
                while True:
                    candidate = cluster.rand.randint(*EPHEMERAL)
                    if not any(bound(cluster, a, candidate) for a, _ in addresses):
                        break
                pair[0] = candidate
            why = _listen_error(cluster, address, pair[0])
            if why:
                errors.append(why)
                failed[mode] += 1
                continue
            succeeded[mode] += 1
            kc.out(f"Forwarding from {_host_port(address, pair[0])} -> {pair[1]}\n")
        if (succeeded["all"] == 0 and failed["all"] > 0) or failed["any"] > 0:
            kc.err(f"Unable to listen on port {pair[0]}: Listeners failed to create with the following errors: "
                   f"[{' '.join(errors)}]\n")
            continue
        ok.append(pair)
    if not ok:
        raise base.KubectlError("unable to listen on any of the requested ports: "
                                + "[" + " ".join(f"{{{lp} {rp}}}" for lp, rp in ports) + "]")
    return ok


class Verb(base.Verb):
    name = "port-forward"

    def run(self, kc, args):
        if len(args) < 2:
            kc.usage_error("TYPE/NAME and list of ports are required for port-forward")
        timeout = kc.opts.get("pod-running-timeout", 60.0)
        if timeout is None or timeout <= 0:
            kc.usage_error("--pod-running-timeout must be higher than zero")
        target, ports = args[0], args[1:]
        obj = self.object(kc, target)
        pod = obj if obj.get("kind") == "Pod" else _selector_pods(kc, obj, float(timeout))
        _check_udp(obj if obj.get("kind") == "Service" else pod, ports)
        if obj.get("kind") == "Service":
            ports = translate_service_ports(ports, obj, pod)
        else:
            ports = convert_named_ports(ports, pod)
        # RunPortForward: the pod as it is now, which must be running
        ns, name = pod["metadata"]["namespace"], pod["metadata"]["name"]
        pod = kc.api.get("pods", name, ns)
        phase = (pod.get("status") or {}).get("phase", "")
        if phase != "Running":
            raise base.KubectlError(f"unable to forward port because pod is not running. Current status={phase}")
        addresses = parse_addresses(kc.opts.get("address") or [])
        pairs = parse_ports(ports)
        try:  # the upgrade request: POST pods/NAME/portforward
            impersonation.check(kc.api, "create", "pods", ns, name, "portforward")
        except api_errors.StatusError as e:
            raise base.KubectlError(f"error upgrading connection: {e.message}") from None
        pairs = listen(kc, addresses, pairs)
        cluster = kc.cluster
        started = jobs.background(kc.ctx)  # `kubectl port-forward ... &`: the job's PID is its own
        pid = started.pid if started is not None else cluster.rand.randint(2000, 99999)
        forwards(cluster).append({"pid": pid, "namespace": ns, "pod": name,
                                  "uid": pod["metadata"].get("uid", ""), "ports": pairs,
                                  "addresses": [a for a, _ in addresses]})
        job = jobs.serving(kc.ctx, "port-forward", pid, pid)
        if started is None:
            kc.err(RUNNING_NOTE.format(port=pairs[0][0], job=job.number))
        return 0

    def object(self, kc, target: str) -> dict:
        """builder.ResourceNames("pods", target): TYPE/NAME, else a pod name."""
        if "/" in target:
            kind, _, name = target.partition("/")
            if not name:
                raise base.KubectlError("arguments in resource/name form must have a single resource and name")
            return builder.info_get(kc, mutating.resolve_type(kind), name)
        return builder.info_get(kc, resources.by_plural("pods"), target)


# -- a connection from the console host --------------------------------------------------------

def forward_for(cluster, host: str, port: int) -> dict | None:
    """The forward listening where the console host's ``host:port`` connects, if any."""
    address = {"localhost": "127.0.0.1", "[::1]": "::1"}.get(host, host)
    for f in forwards(cluster):
        if any(local == port for local, _ in f["ports"]) and any(
                a == address or a == "::" or (a == "0.0.0.0" and ":" not in address) for a in f["addresses"]):
            return f
    return None


def sandbox_id(uid: str) -> str:
    """The pod sandbox's containerd id: 64 hex digits, stable for the pod (made up from its uid)."""
    return hashlib.sha256(f"sandbox:{uid}".encode()).hexdigest()


def _netns(uid: str) -> str:
    h = hashlib.sha256(f"netns:{uid}".encode()).hexdigest()
    return f"/var/run/netns/cni-{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def _klog_error(cluster, pid: int, message: str) -> str:
    """klog's header and client-go 1.32's utilruntime.HandleError line (portforward.go:413)."""
    now = cluster.epoch + cluster.clock.now
    ts = timeutil.rfc3339(float(int(now)))  # 2025-06-02T09:00:00Z
    micros = int(round((now - int(now)) * 1e6)) % 1_000_000
    quoted = message.replace("\\", "\\\\").replace('"', '\\"')
    return (f"E{ts[5:7]}{ts[8:10]} {ts[11:19]}.{micros:06d} {pid:>7} portforward.go:413] "
            f"\"Unhandled Error\" err=\"{quoted}\"\n")


def connect(ctx, forward: dict, port: int, method: str, path: str):
    """One connection from the console host to a forwarded port: a clients.Exchange for curl. What the
    port-forward prints goes to the terminal; a failed connection ends the forward."""
    from clusters.network import clients, http

    cluster = ctx.cluster
    remote = next(r for local, r in forward["ports"] if local == port)
    ctx.tty(f"Handling connection for {port}\n")
    pod = cluster.api.try_get("pods", forward["pod"], forward["namespace"])
    sandbox = sandbox_id(forward["uid"])
    why = None
    container = None
    if pod is None or pod["metadata"].get("uid") != forward["uid"] or \
            (pod.get("status") or {}).get("phase") not in ("Running", "Pending"):
        why = f'failed to find sandbox "{sandbox}" in store: not found'
    else:
        container = http.container_on_port(pod, remote)
        if container is None:
            why = (f'failed to execute portforward in network namespace "{_netns(forward["uid"])}": failed to connect '
                   f'to localhost:{remote} inside namespace "{sandbox}", IPv4: dial tcp4 127.0.0.1:{remote}: connect: '
                   f'connection refused IPv6 dial tcp6 [::1]:{remote}: connect: connection refused ')
    if why is not None:
        ctx.tty(_klog_error(cluster, forward["pid"], f"an error occurred forwarding {port} -> {remote}: error "
                                                     f"forwarding port {remote} to pod {sandbox}, uid : {why}"))
        ctx.tty("error: lost connection to pod\n")
        forwards(cluster).remove(forward)
        return clients.Exchange("empty", ip="127.0.0.1")
    return clients.exchange_with(cluster, pod, container, remote, clients.URL("http", "localhost", port, path),
                                 method, client_ip="127.0.0.1")
