"""Apache Cassandra 3.11.2 as kubernetes.io's Cassandra tutorial runs it: gcr.io/google-samples/cassandra:v13.

The image (kubernetes/examples cassandra/image at 37aa34b6: VERSION=v13, CASSANDRA_VERSION=3.11.2, on
debian-base with OpenJDK 8) runs /run.sh under dumb-init. run.sh echoes its settings, writes them into
cassandra.yaml (the seeds from CASSANDRA_SEEDS for SimpleSeedProvider; GossipingPropertyFileSnitch with
CASSANDRA_DC and CASSANDRA_RACK when both are set), chowns the data directory and runs ``cassandra -f``,
which logs to stdout with the image's logback.xml pattern ``%-5level %date{HH:mm:ss,SSS} %msg%n``
(logback reads what follows the comma as a time zone, so a stamp is ``INFO  09:01:02``). The log here is
an abridged start-up: the lines a learner looks for, in the order 3.11 writes them.

The ring. A node's identity lives on its data volume: the host ID (a random UUID made at first start) and
its 32 random Murmur3 tokens (CASSANDRA_NUM_TOKENS); here both are derived from the claim's UID (the
pod's, with no claim), so they are the same on every replay and across restarts of the pod. Seeds are
found as SimpleSeedProvider finds them (InetAddress.getByName): the pod's /etc/hosts names its own FQDN,
cluster DNS names a headless Service's pods only once they are Ready. So cassandra-0 is its own seed and
starts the ring; each later pod, started once the one before is Ready, finds cassandra-0 and bootstraps
(UJ for RING_DELAY) before it is Normal (UN). A node that cannot resolve any seed stops with "The seed
provider lists no seeds." (exit 3, as CassandraDaemon exits on a startup exception).

What the nodes know of each other (gossip, system.peers) is one record per ring kept on the cluster
(``cluster.cassandra_rings``), written when a container starts. Whether a member is up is read from the
kubelets: its container still runs and has not drained. A node that stops (scale-down runs the preStop
``nodetool drain``, which announces the shutdown) stays in the ring as DN, its tokens still counted, as
Cassandra keeps it until ``nodetool removenode``; a pod that comes back on the same claim rejoins with
its host ID and tokens (a new IP replaces the old).
"""
from __future__ import annotations

import datetime
import hashlib
import random

VERSION = "3.11.2"
RING_DELAY = 30.0  # run.sh CASSANDRA_RING_DELAY 30000 (-Dcassandra.ring_delay_ms)
NUM_TOKENS = "32"  # run.sh CASSANDRA_NUM_TOKENS default
STORAGE_PORT, JMX_PORT, CQL_PORT = 7000, 7199, 9042
DATA_DIR = "/cassandra_data"  # the image's CASSANDRA_DATA, its VOLUME
EXIT_STARTUP_FAILED = 3  # CassandraDaemon.exitOrFail(3, ...) on a startup exception
# When each phase of a start is reached, in seconds from the container's start [approximate: a 3.11 JVM
# with a 512M heap on a laptop]. Gossip settles (CassandraDaemon.waitToSettle: polls a second apart, at
# least 5 s and three quiet polls) before CQL clients are accepted.
T_JVM, T_JMX, T_GOSSIP, T_NORMAL_SEED, T_TOKENS, T_SETTLE = 1.2, 2.6, 5.4, 0.6, 2.0, 8.2
STREAM_SECONDS = 1.4  # a bootstrap streams the system_auth/system_distributed/system_traces ranges
DRAIN_SECONDS = 2.3  # Gossiper.stop announces the shutdown and sleeps cassandra.shutdown_announce_in_ms (2 s)
SIGTERM_SECONDS = 0.6  # the JVM's shutdown hook, after a drain has already run
EXIT_SIGTERM = 143  # java ends on SIGTERM with 128+15; su, bash (set -e) and dumb-init pass it on
LONG_MIN = -(1 << 63)
# Murmur3Partitioner.describeOwnership's ring size: Long.MAX_VALUE - (Long.MIN_VALUE + 1).
RING = (1 << 64) - 2


class Member:
    """One node as the ring knows it: what gossip and system.peers hold of it."""

    __slots__ = ("host_id", "tokens", "dc", "rack", "load", "ip", "pod", "started", "seen_at", "normal_at")

    def __init__(self, host_id: str, tokens: tuple, dc: str, rack: str, load: int):
        self.host_id = host_id
        self.tokens = tokens
        self.dc = dc
        self.rack = rack
        self.load = load  # bytes of its SSTables (LoadBroadcaster's gossiped value)
        self.ip = ""
        self.pod = ("", "")  # (namespace, name) of the pod it ran in last
        self.started = 0.0  # epoch seconds its current (or last) container started
        self.seen_at = 0.0  # epoch seconds its peers first heard it, this start
        self.normal_at: float | None = None  # epoch seconds it became Normal (bootstrapped); None while joining

    def __getstate__(self):
        return {k: getattr(self, k) for k in self.__slots__}

    def __setstate__(self, state):
        for k, v in state.items():
            setattr(self, k, v)


class Ring:
    """The members of one Cassandra cluster, in the order they joined."""

    def __init__(self, name: str):
        self.name = name
        self.members: dict[str, Member] = {}


def rings(cluster) -> list:
    return cluster.__dict__.setdefault("cassandra_rings", [])


def ring_of(cluster, host_id: str):
    for ring in rings(cluster):
        if host_id in ring.members:
            return ring, ring.members[host_id]
    return None, None


class Settings:
    """What run.sh makes of the environment (its defaults; the snitch switch; the seeds line)."""

    def __init__(self, env: dict, hostname: str, fqdn: str = ""):
        self.ip = env.get("POD_IP") or hostname
        # run.sh: CASSANDRA_CLUSTER_NAME="${CASSANDRA_CLUSTER_NAME:='Test Cluster'}" keeps the quotes.
        self.cluster_name = env.get("CASSANDRA_CLUSTER_NAME") or "'Test Cluster'"
        self.num_tokens = env.get("CASSANDRA_NUM_TOKENS") or NUM_TOKENS
        self.dc = env.get("CASSANDRA_DC", "")
        self.rack = env.get("CASSANDRA_RACK", "")
        # run.sh: with no CASSANDRA_SEEDS the node seeds itself, by ``hostname -f``.
        self.seeds = env.get("CASSANDRA_SEEDS") or fqdn or hostname
        self.snitch = env.get("CASSANDRA_ENDPOINT_SNITCH") or "SimpleSnitch"
        self.seed_provider = env.get("CASSANDRA_SEED_PROVIDER") or "org.apache.cassandra.locator.SimpleSeedProvider"

    def echoed(self, env: dict) -> list[str]:
        """run.sh's ``echo NAME ${NAME}`` lines (an empty value leaves the name alone on its line)."""
        values = {"CASSANDRA_CONF_DIR": "/etc/cassandra", "CASSANDRA_CFG": "/etc/cassandra/cassandra.yaml",
                  "CASSANDRA_AUTO_BOOTSTRAP": env.get("CASSANDRA_AUTO_BOOTSTRAP") or "true",
                  "CASSANDRA_BROADCAST_ADDRESS": self.ip, "CASSANDRA_BROADCAST_RPC_ADDRESS": self.ip,
                  "CASSANDRA_CLUSTER_NAME": self.cluster_name, "CASSANDRA_DC": self.dc,
                  "CASSANDRA_DISK_OPTIMIZATION_STRATEGY": env.get("CASSANDRA_DISK_OPTIMIZATION_STRATEGY") or "ssd",
                  "CASSANDRA_ENDPOINT_SNITCH": self.snitch, "CASSANDRA_LISTEN_ADDRESS": self.ip,
                  "CASSANDRA_MIGRATION_WAIT": env.get("CASSANDRA_MIGRATION_WAIT") or "1",
                  "CASSANDRA_NUM_TOKENS": self.num_tokens, "CASSANDRA_RACK": self.rack,
                  "CASSANDRA_RING_DELAY": env.get("CASSANDRA_RING_DELAY") or "30000",
                  "CASSANDRA_RPC_ADDRESS": env.get("CASSANDRA_RPC_ADDRESS") or "0.0.0.0",
                  "CASSANDRA_SEEDS": self.seeds, "CASSANDRA_SEED_PROVIDER": self.seed_provider}
        names = ("CASSANDRA_CONF_DIR", "CASSANDRA_CFG", "CASSANDRA_AUTO_BOOTSTRAP", "CASSANDRA_BROADCAST_ADDRESS",
                 "CASSANDRA_BROADCAST_RPC_ADDRESS", "CASSANDRA_CLUSTER_NAME",
                 "CASSANDRA_COMPACTION_THROUGHPUT_MB_PER_SEC", "CASSANDRA_CONCURRENT_COMPACTORS",
                 "CASSANDRA_CONCURRENT_READS", "CASSANDRA_CONCURRENT_WRITES", "CASSANDRA_COUNTER_CACHE_SIZE_IN_MB",
                 "CASSANDRA_DC", "CASSANDRA_DISK_OPTIMIZATION_STRATEGY", "CASSANDRA_ENDPOINT_SNITCH",
                 "CASSANDRA_GC_WARN_THRESHOLD_IN_MS", "CASSANDRA_INTERNODE_COMPRESSION",
                 "CASSANDRA_KEY_CACHE_SIZE_IN_MB", "CASSANDRA_LISTEN_ADDRESS", "CASSANDRA_LISTEN_INTERFACE",
                 "CASSANDRA_MEMTABLE_ALLOCATION_TYPE", "CASSANDRA_MEMTABLE_CLEANUP_THRESHOLD",
                 "CASSANDRA_MEMTABLE_FLUSH_WRITERS", "CASSANDRA_MIGRATION_WAIT", "CASSANDRA_NUM_TOKENS",
                 "CASSANDRA_RACK", "CASSANDRA_RING_DELAY", "CASSANDRA_RPC_ADDRESS", "CASSANDRA_RPC_INTERFACE",
                 "CASSANDRA_SEEDS", "CASSANDRA_SEED_PROVIDER")
        lines = [f"Starting Cassandra on {self.ip}"]
        for n in names:
            v = values.get(n, env.get(n, ""))
            lines.append(f"{n} {v}" if v else n)
        return lines

    @property
    def gossiping_snitch(self) -> bool:
        return bool(self.dc and self.rack)

    @property
    def location(self) -> tuple[str, str]:
        """(datacenter, rack): cassandra-rackdc.properties, or SimpleSnitch's datacenter1/rack1."""
        return (self.dc, self.rack) if self.gossiping_snitch else ("datacenter1", "rack1")


def identity(key: str, num_tokens: int) -> tuple[str, tuple]:
    """The host ID (a version 4 UUID) and the random tokens a node keeps on its data volume."""
    digest = bytearray(hashlib.sha256(f"cassandra/{key}".encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x40
    digest[8] = (digest[8] & 0x3F) | 0x80
    h = digest.hex()
    host_id = f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"
    rng = random.Random(host_id)
    tokens = set()
    while len(tokens) < num_tokens:
        t = rng.getrandbits(64) + LONG_MIN  # Murmur3Partitioner.getRandomToken: any long but Long.MIN_VALUE
        if t != LONG_MIN:
            tokens.add(t)
    return host_id, tuple(sorted(tokens))


def _load_of(host_id: str) -> int:
    """A fresh node's SSTables (the system keyspaces): 62 to 108 KiB."""
    return 63_000 + int(host_id.replace("-", "")[:8], 16) % 47_000


def stamp(epoch: float) -> str:
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%H:%M:%S")


class Start:
    """What a container of the image does when it starts: log lines, when its ports open, its exit."""

    def __init__(self):
        self.lines: list[tuple[float, str]] = []
        self.ports: dict[int, float] = {}
        self.exit_at: float | None = None
        self.host_id = ""
        self.mode = ""  # "seed", "join", "rejoin", or "" when it fails


def start(site, env: dict, hostname: str, epoch: float) -> Start:
    """A start at ``epoch`` in the pod ``site`` describes (kubelet.PodNet: the cluster, the pod, how a
    name resolves from it, the data volume's claim): resolve the seeds, find or found the ring, and
    record this node in it."""
    s = Settings(env, hostname, site.fqdn())
    out = Start()
    t = [0.0]

    def log(dt: float, text: str, level: str = "INFO") -> None:
        t[0] = max(t[0], dt)
        out.lines.append((t[0], f"{level:<5} {stamp(epoch + t[0])} {text}"))

    out.lines = [(0.0, line) for line in s.echoed(env)]
    out.lines += [(0.05, f"changed ownership of '{DATA_DIR}' from root to cassandra"),
                  (0.05, "changed ownership of '/etc/cassandra/jvm.options' from root to cassandra"),
                  (0.05, "changed ownership of '/etc/cassandra/cassandra.yaml' from root to cassandra")]
    log(T_JVM, "Configuration location: file:/etc/cassandra/cassandra.yaml")
    log(T_JVM + 0.5, "DiskAccessMode 'auto' determined to be mmap, indexAccessMode is mmap")
    log(T_JVM + 0.5, "Back-pressure is disabled with strategy null.")
    if s.gossiping_snitch:
        log(T_JVM + 0.6, "Unable to load cassandra-topology.properties; compatibility mode disabled")
    seeds, warnings = site.resolve_all([h.strip() for h in s.seeds.split(",") if h.strip()])
    for host in warnings:
        log(T_JVM + 0.6, f"Seed provider couldn't lookup host {host}", "WARN")
    if not seeds:
        msg = "The seed provider lists no seeds."
        out.lines.append((t[0], f"Exception (org.apache.cassandra.exceptions.ConfigurationException) "
                                f"encountered during startup: {msg}"))
        log(t[0], f"Exception encountered during startup: {msg}", "ERROR")
        out.exit_at = t[0] + 0.1
        return out
    out.ports[JMX_PORT] = T_JMX
    log(T_JMX, "Configured JMX server at: service:jmx:rmi://0.0.0.0/jndi/rmi://0.0.0.0:7199/jmxrmi")
    log(T_JMX, f"Hostname: {site.fqdn() or hostname}")
    log(T_JMX, "JVM vendor/version: OpenJDK 64-Bit Server VM/1.8.0_162")
    log(T_JMX + 0.1, f"Heap size: {heap_text(env)}")
    log(T_JMX + 1.4, "Initializing system.local")
    log(T_GOSSIP - 0.3, f"Cassandra version: {VERSION}")
    log(T_GOSSIP - 0.3, "Thrift API version: 20.1.0")
    log(T_GOSSIP - 0.3, "CQL supported versions: 3.4.4 (default: 3.4.4)")
    log(T_GOSSIP - 0.3, "Native protocol supported versions: 3/v3, 4/v4, 5/v5-beta (default: 4/v4)")
    ip = site.ip() or s.ip  # the listen address (POD_IP, else the hostname) as it resolves: the pod's IP
    out.ports[STORAGE_PORT] = T_GOSSIP
    log(T_GOSSIP, f"Starting Messaging Service on /{ip}:{STORAGE_PORT} (eth0)")

    cluster = site.cluster
    host_id, tokens = identity(site.data_key(epoch), int(s.num_tokens) if s.num_tokens.isdigit() else 32)
    out.host_id = host_id
    dc, rack = s.location
    ring, member = ring_of(cluster, host_id)
    bootstrapped = member is not None and member.normal_at is not None and member.normal_at <= epoch
    peer = None if ip in seeds else site.live_peer(seeds, s.cluster_name)
    if bootstrapped:
        out.mode = "rejoin"
    elif peer is not None:
        out.mode = "join"
        ring = peer[0]
    elif ip in seeds:
        out.mode = "seed"
    else:
        # Gossiper.doShadowRound finds no seed that answers within RING_DELAY (StorageService.prepareToJoin).
        log(T_GOSSIP + RING_DELAY, "Exception encountered during startup", "ERROR")
        out.lines.append((t[0], "java.lang.RuntimeException: Unable to gossip with any seeds"))
        out.exit_at = t[0] + 0.1
        return out
    if ring is None:
        ring = Ring(s.cluster_name)
        rings(cluster).append(ring)
    if member is None:
        member = Member(host_id, tokens, dc, rack, _load_of(host_id))
    else:  # a node that never finished bootstrapping joins afresh, maybe another ring
        for r in rings(cluster):
            r.members.pop(host_id, None)
    ring.members[host_id] = member
    member.ip, member.pod, member.started = ip, site.pod_key(), epoch
    peers = [m for m in ring.members.values() if m is not member and m.ip]
    if ip in seeds:
        log(T_GOSSIP, "Unable to gossip with any peers but continuing anyway since node is in its own seed list")
    log(T_GOSSIP, "Loading persisted ring state")
    log(T_GOSSIP, "Starting up server gossip")
    if out.mode == "join":
        for m in peers:
            if site.is_up(m, epoch + T_GOSSIP):
                log(T_GOSSIP + 0.1, f"Handshaking version with /{m.ip}")
        log(T_GOSSIP + 0.2, "JOINING: waiting for ring information")
        for m in peers:
            log(T_GOSSIP + 0.3, f"Node /{m.ip} is now part of the cluster")
        for m in peers:
            if site.is_up(m, epoch + T_GOSSIP):
                log(T_GOSSIP + 0.4, f"InetAddress /{m.ip} is now UP")
        log(T_GOSSIP + 1.2, "JOINING: schema complete, ready to bootstrap")
        log(T_GOSSIP + 1.2, "JOINING: waiting for pending range calculation")
        log(T_GOSSIP + 1.3, "JOINING: calculation complete, ready to bootstrap")
        log(T_GOSSIP + 1.3, "JOINING: getting bootstrap token")
        log(T_GOSSIP + T_TOKENS, f"JOINING: sleeping {int(RING_DELAY * 1000)} ms for pending range setup")
        member.seen_at = epoch + T_GOSSIP + T_TOKENS
        member.normal_at = None
        log(T_GOSSIP + T_TOKENS + RING_DELAY, "JOINING: Starting to bootstrap...")
        normal = T_GOSSIP + T_TOKENS + RING_DELAY + STREAM_SECONDS
        log(normal, "Bootstrap completed! for the tokens " + _tokens_text(member.tokens))
        site.tell_peers(peers, epoch, member, T_GOSSIP + 0.1, normal)
    elif out.mode == "seed":
        log(T_GOSSIP + 0.2, "This node will not auto bootstrap because it is configured to be a seed node.")
        log(T_GOSSIP + 0.3, "Generated random tokens. tokens are " + _tokens_text(member.tokens))
        normal = T_GOSSIP + T_NORMAL_SEED
        member.seen_at = epoch + T_GOSSIP
    else:
        log(T_GOSSIP + 0.2, "Using saved tokens " + _tokens_text(member.tokens))
        normal = T_GOSSIP + T_NORMAL_SEED
        member.seen_at = epoch + T_GOSSIP
        site.tell_peers(peers, epoch, member, T_GOSSIP + 0.1, None)
    if member.normal_at is None:
        member.normal_at = epoch + normal
    log(normal, f"Node /{ip} state jump to NORMAL")
    log(normal + 0.1, "Waiting for gossip to settle before accepting client requests...")
    log(normal + T_SETTLE, "No gossip backlog; proceeding")
    log(normal + T_SETTLE + 0.1, "Netty using native Epoll event loop")
    out.ports[CQL_PORT] = normal + T_SETTLE + 0.2
    log(normal + T_SETTLE + 0.2, f"Starting listening for CQL clients on /0.0.0.0:{CQL_PORT} (unencrypted)...")
    log(normal + T_SETTLE + 0.2, "Not starting RPC server as requested. Use JMX (StorageService->startRPCServer()) "
                                 "or nodetool (enablethrift) to start it")
    return out


def peer_lines(member: Member, joined: bool) -> list[tuple[float, str]]:
    """What a running node logs, ``(seconds after the newcomer's gossip start, text)``, when ``member``
    starts gossiping with it (Gossiper.handleMajorStateChange, markAlive)."""
    lines = [(0.0, f"Handshaking version with /{member.ip}")]
    if joined:
        lines.append((0.1, f"Node /{member.ip} is now part of the cluster"))
    lines.append((0.2, f"InetAddress /{member.ip} is now UP"))
    return lines


def _tokens_text(tokens: tuple) -> str:
    return "[" + ", ".join(str(x) for x in tokens) + "]"


def heap_text(env: dict) -> str:
    """``Heap size: total/max`` as CassandraDaemon logs it (FBUtilities.prettyPrintMemory, three decimals): the
    heap less one survivor space (cassandra-env.sh's -Xmn HEAP_NEWSIZE, jvm.options' SurvivorRatio=8)."""
    def mib(name: str, default: int) -> int:
        raw = (env.get(name) or "").upper()
        if raw[:-1].isdigit() and raw[-1:] in ("M", "G"):
            return int(raw[:-1]) * (1024 if raw.endswith("G") else 1)
        return default
    usable = mib("MAX_HEAP_SIZE", 1024) - mib("HEAP_NEWSIZE", 200) / 10
    return f"{usable:.3f}MiB/{usable:.3f}MiB"


def drain_lines(ip: str) -> list[tuple[float, str]]:
    """StorageService.drain's log, ``(seconds after it began, text)``."""
    return [(0.0, "DRAINING: starting drain process"), (0.0, "Paused hints dispatch"),
            (0.1, "Stop listening for CQL clients"), (0.1, "Announcing shutdown"),
            (0.1, f"Node /{ip} state jump to shutdown"), (2.1, "Waiting for messaging service to quiesce"),
            (2.2, "MessagingService has terminated the accept() thread"), (2.3, "DRAINED")]


def remove_node(site, own_host_id: str, host_id: str) -> str:
    """StorageService.removeNode(hostIdString) run on the node ``own_host_id``: the message of the
    UnsupportedOperationException it throws, or "" once the member is out of the ring."""
    ring, me = ring_of(site.cluster, own_host_id)
    member = ring.members.get(host_id) if ring is not None else None
    if member is None:
        return "Host ID not found."
    if member is me:
        return "Cannot remove self"
    if site.is_up(member, site.cluster.epoch + site.cluster.clock.now):
        return f"Node /{member.ip} is alive and owns this ID. Use decommission command to remove it from the ring"
    ring.members.pop(host_id)
    return ""


# -- the node's view of the cluster around it --------------------------------------------------------

class Site:
    """Where a node runs, as its start and nodetool need it: names resolved from its pod, the claim
    behind its data directory, and its peers' containers through their kubelets."""

    def __init__(self, cluster, pod: dict):
        self.cluster = cluster
        self.pod = pod

    def ip(self) -> str:
        return (self.pod.get("status") or {}).get("podIP") or ""

    def pod_key(self) -> tuple[str, str]:
        m = self.pod["metadata"]
        return m.get("namespace", "default"), m["name"]

    def fqdn(self) -> str:
        """The name kubelet_pods.go's managed /etc/hosts gives a pod with a hostname and subdomain."""
        spec = self.pod.get("spec") or {}
        ns, name = self.pod_key()
        if spec.get("subdomain"):
            return f"{spec.get('hostname') or name}.{spec['subdomain']}.{ns}.svc.cluster.local"
        return ""

    def resolve_all(self, hosts: list) -> tuple[list, list]:
        """SimpleSeedProvider.getSeeds: each name through /etc/hosts, then DNS; (addresses, names that failed)."""
        from clusters.network import dns

        ip = (self.pod.get("status") or {}).get("podIP") or ""
        found, failed = [], []
        for host in hosts:
            if ip and host.rstrip(".") in (self.fqdn(), self.pod_key()[1]):
                found.append(ip)
                continue
            ans = dns.resolve(self.cluster, self.pod, host)
            if ans.ok and ans.addresses:
                found.append(ans.addresses[0])
            else:
                failed.append(host)
        return found, failed

    def data_key(self, epoch: float) -> str:
        """What the node's identity is kept with: the claim mounted at /cassandra_data, else the pod's
        own (the image's anonymous VOLUME lives as long as the container)."""
        spec = self.pod.get("spec") or {}
        ns, name = self.pod_key()
        mounted = set()
        for c in spec.get("containers") or ():
            for m in c.get("volumeMounts") or ():
                if (m.get("mountPath") or "").rstrip("/") == DATA_DIR:
                    mounted.add(m.get("name"))
        for v in spec.get("volumes") or ():
            claim = (v.get("persistentVolumeClaim") or {}).get("claimName")
            if v.get("name") in mounted and claim:
                pvc = self.cluster.api.try_get("persistentvolumeclaims", claim, ns)
                if pvc is not None:
                    return "pvc/" + pvc["metadata"]["uid"]
            if v.get("name") in mounted and "emptyDir" in v:
                return "pod/" + self.pod["metadata"].get("uid", name)
        return f"container/{self.pod['metadata'].get('uid', name)}/{epoch}"

    def container(self, member: Member):
        """The running container of ``member``'s current start, or None."""
        ns, name = member.pod
        pod = self.cluster.api.try_get("pods", name, ns) if name else None
        kubelet = (getattr(self.cluster, "kubelets", None) or {}).get(((pod or {}).get("spec") or {}).get("nodeName"))
        c = kubelet.serving(ns, name, "cassandra") if kubelet is not None else None
        return c if c is not None and c.program.config.get("started") == member.started else None

    def is_up(self, member: Member, epoch: float) -> bool:
        c = self.container(member)
        if c is None or epoch < member.seen_at:
            return False
        drained = c.program.config.get("drained_at")
        return drained is None or drained > epoch

    def live_peer(self, seeds: list, cluster_name: str):
        """(ring, member) of a node that is up at one of ``seeds`` in a ring named ``cluster_name``."""
        now = self.cluster.epoch + self.cluster.clock.now
        for ring in rings(self.cluster):
            if ring.name != cluster_name:
                continue
            for m in ring.members.values():
                if m.ip in seeds and self.is_up(m, now):
                    return ring, m
        return None

    def tell_peers(self, peers: list, epoch: float, member: Member, dt: float, joined_normal) -> None:
        """The running peers log the newcomer's handshake (Gossiper.markAlive)."""
        t0 = epoch - self.cluster.epoch + dt
        for m in peers:
            c = self.container(m)
            if c is None or not self.is_up(m, epoch + dt):
                continue
            for off, text in peer_lines(member, joined_normal is not None):
                c.dynamic.append((t0 + off, f"INFO  {stamp(epoch + dt + off)} {text}"))

    def drain(self, c, dt: float) -> None:
        """``nodetool drain`` on the node in container ``c``: it stops gossip ``dt`` seconds from now and
        its peers mark it down (the GOSSIP_SHUTDOWN message)."""
        now = self.cluster.clock.now
        epoch = self.cluster.epoch + now
        p = c.program
        if p.config.get("drained_at") is not None:
            return
        p.config["drained_at"] = epoch + dt + 0.1
        ip = (self.pod.get("status") or {}).get("podIP") or ""
        for off, text in drain_lines(ip):
            c.dynamic.append((now + dt + off, f"INFO  {stamp(epoch + dt + off)} {text}"))
        ring, me = ring_of(self.cluster, p.config.get("host_id", ""))
        for m in (ring.members.values() if ring is not None else ()):
            peer = self.container(m) if m is not me else None
            if peer is not None and self.is_up(m, epoch):
                peer.dynamic.append((now + dt + 0.1, f"INFO  {stamp(epoch + dt + 0.1)} InetAddress /{ip} is now DOWN"))
