"""ZooKeeper 3.4.10 as kubernetes.io's ZooKeeper tutorial runs it: registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10.

The image (kow3ns/kubernetes-zookeeper docker/: Ubuntu 16.04, OpenJDK 8, ZooKeeper 3.4.10 in /opt/zookeeper,
its scripts linked into /usr/bin, a user ``zookeeper`` with uid and gid 1000) is started with
``sh -c "start-zookeeper --servers=3 ..."``. start-zookeeper (docker/scripts/start-zookeeper) parses its
``--name=value`` flags, takes the ordinal from ``hostname -s`` (zk-0 is server 1), writes zoo.cfg (and
echoes it to stderr), java.env and log4j.properties into the conf directory, writes ``myid`` into the
data directory when it is missing and there is more than one server, then execs ``zkServer.sh
start-foreground``, which execs java: PID 1 ends up being the JVM (ps -ef shows it so), and SIGTERM
(``pkill java``) ends the container with the JVM's 143.

What the servers agree on (the znodes, epochs and zxids) is the network's business
(clusters/network/zookeeper_client.py), kept in files on each server's data volume, so it outlives the
pods as the tutorial shows. The log lines are log4j's ConversionPattern from the generated
log4j.properties; which lines QuorumPeerMain prints and their line numbers are [approximate].
"""
from __future__ import annotations

import datetime

VERSION = "3.4.10"
# start-zookeeper's defaults (docker/scripts/start-zookeeper).
DEFAULTS = {"servers": "1", "data_dir": "/var/lib/zookeeper/data", "data_log_dir": "/var/lib/zookeeper/log",
            "log_dir": "/var/log/zookeeper", "conf_dir": "/opt/zookeeper/conf", "client_port": "2181",
            "server_port": "2888", "election_port": "3888", "tick_time": "2000", "init_limit": "10",
            "sync_limit": "5", "heap": "2G", "max_client_cnxns": "60", "snap_retain_count": "3",
            "purge_interval": "0", "log_level": "INFO"}
_FLAGS = set(DEFAULTS) | {"max_session_timeout", "min_session_timeout"}
UP = 1.2  # seconds from the container's start to the JVM listening on the client port [approximate]
JAVA = "/usr/lib/jvm/java-8-openjdk-amd64/bin/java"
# zkEnv.sh's CLASSPATH with ZOOBINDIR=/usr/bin: the jars under /usr/share/zookeeper, prepended one by one.
CLASSPATH = ("/usr/bin/../build/classes:/usr/bin/../build/lib/*.jar:/usr/bin/../share/zookeeper/zookeeper-3.4.10.jar:"
              "/usr/bin/../share/zookeeper/slf4j-log4j12-1.6.1.jar:/usr/bin/../share/zookeeper/slf4j-api-1.6.1.jar:"
              "/usr/bin/../share/zookeeper/netty-3.10.5.Final.jar:/usr/bin/../share/zookeeper/log4j-1.2.16.jar:"
              "/usr/bin/../share/zookeeper/jline-0.9.94.jar:/usr/bin/../src/java/lib/*.jar:/usr/bin/../etc/zookeeper:")
ZOOCFG = "/usr/bin/../etc/zookeeper/zoo.cfg"  # zkEnv.sh finds the conf dir through /usr/etc/zookeeper
CONF_LINK = "/usr/etc/zookeeper/"  # the image's symlink to /opt/zookeeper/conf/
SCRIPTS = ("zookeeper-ready", "zkCli.sh")  # the image's scripts the simulation runs (zookeeper_cli.py)


BIN = "/usr/bin/"  # where the image links ZooKeeper's scripts (ln -s /opt/zookeeper/bin/* /usr/bin)
# zookeeper-ready (docker/scripts/zookeeper-ready, without its license header): what the probes run.
READY = '#!/usr/bin/env bash\nOK=$(echo ruok | nc 127.0.0.1 $1)\nif [ "$OK" == "imok" ]; then\n\texit 0\nelse\n\texit 1\nfi'


def image_file(path: str, read) -> str | None:
    """A file of the image the simulation shows: the scripts in /usr/bin (zkCli.sh's text is ZooKeeper's and
    not reproduced), and the conf directory through the image's /usr/etc/zookeeper symlink, where
    start-zookeeper writes (``read(path)`` reads the container's files)."""
    if path.startswith(CONF_LINK):
        return read("/opt/zookeeper/conf/" + path[len(CONF_LINK):])
    if path == BIN + "zookeeper-ready":
        return READY
    if path == BIN + "zkCli.sh":
        return "#!/usr/bin/env bash\n# zkCli.sh of ZooKeeper 3.4.10: its text is not reproduced here.\n"
    return None


class Options(dict):
    """start-zookeeper's settings, by flag name."""

    @property
    def servers(self) -> int:
        return int(self["servers"]) if self["servers"].isdigit() else 1

    def path(self, name: str) -> str:
        return self[name].rstrip("/") or "/"


def parse(argv: list) -> tuple[Options | None, str]:
    """start-zookeeper's getopts loop: (options, "") or (None, its error line)."""
    opts = Options(DEFAULTS)
    for a in argv[1:]:
        if not a.startswith("--"):
            continue  # getopts stops at the first word that is not an option; the script ignores the rest
        name, eq, value = a[2:].partition("=")
        if not eq or name not in _FLAGS:
            return None, f"Unknown option --{a[2:]}"
        opts[name] = value
    tick = int(opts["tick_time"]) if opts["tick_time"].isdigit() else 2000
    # ${MIN_SESSION_TIMEOUT:- $((TICK_TIME*2))}: the default keeps the space after ":-".
    opts.setdefault("min_session_timeout", f" {tick * 2}")
    opts.setdefault("max_session_timeout", f" {tick * 20}")
    return opts, ""


def ordinal(host: str) -> tuple[str, int] | None:
    """``[[ $HOST =~ (.*)-([0-9]+)$ ]]``: the StatefulSet's name and the pod's ordinal."""
    name, dash, n = host.rpartition("-")
    return (name, int(n)) if dash and n.isdigit() else None


def zoo_cfg(opts: Options, name: str, domain: str) -> str:
    """create_config's zoo.cfg (purgeInterval is written as "autopurge.purgeInteval", as the script spells it)."""
    lines = ["#This file was autogenerated DO NOT EDIT", f"clientPort={opts['client_port']}",
             f"dataDir={opts['data_dir']}", f"dataLogDir={opts['data_log_dir']}", f"tickTime={opts['tick_time']}",
             f"initLimit={opts['init_limit']}", f"syncLimit={opts['sync_limit']}",
             f"maxClientCnxns={opts['max_client_cnxns']}", f"minSessionTimeout={opts['min_session_timeout']}",
             f"maxSessionTimeout={opts['max_session_timeout']}",
             f"autopurge.snapRetainCount={opts['snap_retain_count']}",
             f"autopurge.purgeInteval={opts['purge_interval']}"]
    if opts.servers > 1:
        lines += [f"server.{i}={name}-{i - 1}.{domain}:{opts['server_port']}:{opts['election_port']}"
                  for i in range(1, opts.servers + 1)]
    return "\n".join(lines) + "\n"


def log4j_properties(level: str) -> str:
    """create_log_props: everything to the console, so that kubectl logs has it."""
    return ("zookeeper.root.logger=CONSOLE\n"
            f"zookeeper.console.threshold={level}\n"
            "log4j.rootLogger=${zookeeper.root.logger}\n"
            "log4j.appender.CONSOLE=org.apache.log4j.ConsoleAppender\n"
            "log4j.appender.CONSOLE.Threshold=${zookeeper.console.threshold}\n"
            "log4j.appender.CONSOLE.layout=org.apache.log4j.PatternLayout\n"
            "log4j.appender.CONSOLE.layout.ConversionPattern=%d{ISO8601} [myid:%X{myid}] - %-5p [%t:%C{1}@%L] - %m%n\n")


def read_config(text: str) -> dict:
    """zoo.cfg as QuorumPeerConfig reads it: key=value lines, values trimmed."""
    out = {}
    for line in (text or "").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            k, _, v = line.partition("=")
            out[k.strip()] = v.strip()
    return out


def java_args(heap: str) -> str:
    """The JVM's command line (zkServer.sh start-foreground: exec "$JAVA" ... $JVMFLAGS $ZOOMAIN "$ZOOCFG")."""
    return (f"{JAVA} -Dzookeeper.log.dir=/var/log/zookeeper -Dzookeeper.root.logger=INFO,CONSOLE -cp {CLASSPATH} "
            f"-Xmx{heap} -Xms{heap} -Dcom.sun.management.jmxremote -Dcom.sun.management.jmxremote.local.only=false "
            f"org.apache.zookeeper.server.quorum.QuorumPeerMain {ZOOCFG}")


def stamp(epoch: float) -> str:
    """log4j's %d{ISO8601}: 2016-12-06 19:34:16,236."""
    t = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc)
    return t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}"


def line(epoch: float, myid: str, level: str, where: str, message: str) -> str:
    """One line in the ConversionPattern: %d{ISO8601} [myid:%X{myid}] - %-5p [%t:%C{1}@%L] - %m."""
    return f"{stamp(epoch)} [myid:{myid}] - {level:<5} [{where}] - {message}"


def startup(start: float, opts: Options, myid: int, cfg: str) -> list[tuple[float, str]]:
    """What the container logs as it starts: the script's stderr (zoo.cfg) and stdout, then QuorumPeerMain's
    first lines."""
    port = opts["client_port"]
    ensemble = opts.servers > 1
    out = [(0.05, text) for text in cfg.splitlines()]
    out += [(0.06, "Creating ZooKeeper log4j configuration"), (0.1, "ZooKeeper JMX enabled by default"),
            (0.1, f"Using config: {ZOOCFG}")]
    at = 0.9
    me = str(myid) if myid else ""

    def add(offset: float, level: str, where: str, message: str, mine: str = me) -> None:
        out.append((offset, line(start + offset, mine, level, where, message)))
    add(at, "INFO", "main:QuorumPeerConfig@124", f"Reading configuration from: {ZOOCFG}", "")
    if ensemble:
        add(at, "INFO", "main:QuorumPeerConfig@352", "Defaulting to majority quorums", "")
    add(at, "INFO", "main:DatadirCleanupManager@78", f"autopurge.snapRetainCount set to {opts['snap_retain_count']}")
    add(at, "INFO", "main:DatadirCleanupManager@79", "autopurge.purgeInterval set to 0")  # the script's typo: not read
    add(at, "INFO", "main:DatadirCleanupManager@101", "Purge task is not scheduled.")
    if ensemble:
        add(UP, "INFO", "main:QuorumPeerMain@127", "Starting quorum peer")
    add(UP, "INFO", "main:NIOServerCnxnFactory@89", f"binding to port 0.0.0.0/0.0.0.0:{port}")
    if ensemble:
        add(UP, "INFO", f"QuorumPeer[myid={myid}]/0.0.0.0:{port}:QuorumPeer@909", "LOOKING")
    return out


def _factory(port: str) -> str:
    """The thread that accepts connections (NIOServerCnxnFactory's, named for its address)."""
    return f"NIOServerCxn.Factory:0.0.0.0/0.0.0.0:{port}"


def ruok_lines(epoch: float, myid: str, port: str, client_port: int, thread: int) -> list[tuple[float, str]]:
    """NIOServerCnxnFactory and NIOServerCnxn on a four-letter word (ruok from zookeeper-ready)."""
    peer = f"/127.0.0.1:{client_port}"
    done = epoch + 0.001
    return [(epoch, line(epoch, myid, "INFO", f"{_factory(port)}:NIOServerCnxnFactory@192",
                         f"Accepted socket connection from {peer}")),
            (epoch, line(epoch, myid, "INFO", f"{_factory(port)}:NIOServerCnxn@827", f"Processing ruok command from {peer}")),
            (done, line(done, myid, "INFO", f"Thread-{thread}:NIOServerCnxn@1008",
                        f"Closed socket connection for client {peer} (no session established for client)"))]


def session_lines(epoch: float, myid: str, port: str, peer: str, session: str, timeout: int) -> list[tuple[float, str]]:
    """A client connecting and getting a session (NIOServerCnxnFactory, ZooKeeperServer), and the session
    expiring after its timeout once the client's JVM has gone without closing it."""
    made, end = epoch + 0.01, epoch + timeout / 1000.0 + 1.0
    return [(epoch, line(epoch, myid, "INFO", f"{_factory(port)}:NIOServerCnxnFactory@192",
                         f"Accepted socket connection from {peer}")),
            (epoch, line(epoch, myid, "INFO", f"{_factory(port)}:ZooKeeperServer@942",
                         f"Client attempting to establish new session at {peer}")),
            (made, line(made, myid, "INFO", f"CommitProcessor:{myid}:ZooKeeperServer@687",
                        f"Established session {session} with negotiated timeout {timeout} for client {peer}")),
            (end, line(end, myid, "INFO", "SessionTracker:ZooKeeperServer@358",
                       f"Expiring session {session}, timeout of {timeout}ms exceeded")),
            (end, line(end, myid, "INFO", f"ProcessThread(sid:{myid} cport:-1)::PrepRequestProcessor@487",
                       f"Processed session termination for sessionid: {session}"))]
