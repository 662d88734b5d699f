"""redis-server as the redis image runs it: its log, by version, and its replication handshake.

The lines are redis's own (serverLog's "pid:role dd Mon yyyy hh:mm:ss.mmm level message", level
one of ".-*#" for debug, verbose, notice and warning), read in redis/redis at the tags named:

- 6.0.5 (src/server.c main, redisAsciiArt, linuxMemoryWarnings; src/replication.c; src/rdb.c):
  the start-up lines are warnings ('#'), "Server initialized" too; the role is 'C' before
  initServer sets server.pid, then 'M' for a master and 'S' for a replica. Without a terminal
  there is no ASCII logo, only "Running mode=standalone, port=6379.". A kind node leaves
  vm.overcommit_memory at the host's 0, so the overcommit warning shows; the THP warning needs
  THP "always", which Debian and Ubuntu hosts do not set ("madvise").
- 7.2 and later: the start-up lines are notices ('*') and "Ready to accept connections tcp".

A replica (``--replicaof HOST PORT``, as the guestbook's gb-redis-follower runs it) syncs with
its master when it starts: both sides log the full resync of 6.0's disk-target replication. What
the keyspace holds is the network's business (clusters/network/redis_client.py); the Program
keeps it (``keyspace``) for the life of the container, as redis keeps it in memory.
"""
from __future__ import annotations

import datetime
import hashlib
import re

DEFAULT_VERSION = "7.4.1"
# The newest release of each line a tag like "6" or "6.0" points at [approximate: as of late 2024].
_LATEST = {"5": "5.0.14", "5.0": "5.0.14", "6": "6.2.16", "6.0": "6.0.20", "6.2": "6.2.16",
           "7": "7.4.1", "7.0": "7.0.15", "7.2": "7.2.6", "7.4": "7.4.1"}
OVERCOMMIT_WARNING = ("WARNING overcommit_memory is set to 0! Background save may fail under low memory condition. "
                      "To fix this issue add 'vm.overcommit_memory = 1' to /etc/sysctl.conf and then reboot or run "
                      "the command 'sysctl vm.overcommit_memory=1' for this to take effect.")
UP = 0.02  # seconds from exec to "Ready to accept connections"
SYNC = 0.03  # a replica's connection to its master, after it is ready
NO_ID = "0" * 40


def version_of(tag: str) -> str:
    base = tag.split("-", 1)[0]
    if re.fullmatch(r"\d+\.\d+\.\d+", base):
        return base
    return _LATEST.get(base, DEFAULT_VERSION)


def _older(version: str, than: tuple) -> bool:
    parts = tuple(int(x) for x in version.split(".")[:2] if x.isdigit())
    return parts < than


def stamp(ctx, offset: float) -> str:
    """serverLogRaw's time: strftime("%d %b %Y %H:%M:%S.") and the milliseconds."""
    return ctx.stamp(offset, "%d %b %Y %H:%M:%S.") + ctx.stamp(offset, "%f")[:3]


def stamp_epoch(epoch: float) -> str:
    t = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc)
    return t.strftime("%d %b %Y %H:%M:%S.") + t.strftime("%f")[:3]


def replicaof(argv: list) -> tuple[str, int] | None:
    """The master a command line names (--replicaof HOST PORT, or 6.0's older --slaveof)."""
    for i, a in enumerate(argv):
        if a in ("--replicaof", "--slaveof") and i + 2 < len(argv) and argv[i + 2].isdigit():
            return argv[i + 1], int(argv[i + 2])
    return None


def startup(ctx, version: str, argv: list, replica: bool) -> list[tuple[float, str]]:
    """The lines of redis-server ``argv`` (argv[0] the program) up to "Ready to accept connections"."""
    t0, t1 = 0.01, UP
    role = "S" if replica else "M"
    configured = len(argv) > 1
    if _older(version, (7, 2)):
        warn = "#"
        out = [(t0, f"1:C {stamp(ctx, t0)} # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo"),
               (t0, f"1:C {stamp(ctx, t0)} # Redis version={version}, bits=64, commit=00000000, modified=0, pid=1, "
                    "just started"),
               (t0, f"1:C {stamp(ctx, t0)} # Configuration loaded" if configured else
                f"1:C {stamp(ctx, t0)} # Warning: no config file specified, using the default config. In order to "
                f"specify a config file use {argv[0]} /path/to/redis.conf")]
        if not _older(version, (6, 2)):
            out.append((t1, f"1:{role} {stamp(ctx, t1)} * monotonic clock: POSIX clock_gettime"))
        out += [(t1, f"1:{role} {stamp(ctx, t1)} * Running mode=standalone, port=6379."),
                (t1, f"1:{role} {stamp(ctx, t1)} {warn} Server initialized"),
                (t1, f"1:{role} {stamp(ctx, t1)} {warn} {OVERCOMMIT_WARNING}"),
                (t1, f"1:{role} {stamp(ctx, t1)} * Ready to accept connections")]
        return out
    return [
        (t0, f"1:C {stamp(ctx, t0)} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo"),
        (t0, f"1:C {stamp(ctx, t0)} * Redis version={version}, bits=64, commit=00000000, modified=0, pid=1, just started"),
        (t0, f"1:C {stamp(ctx, t0)} * Configuration loaded" if configured else
         f"1:C {stamp(ctx, t0)} # Warning: no config file specified, using the default config. In order to specify a "
         f"config file use {argv[0]} /path/to/redis.conf"),
        (t1, f"1:{role} {stamp(ctx, t1)} * monotonic clock: POSIX clock_gettime"),
        (t1, f"1:{role} {stamp(ctx, t1)} * Running mode=standalone, port=6379."),
        (t1, f"1:{role} {stamp(ctx, t1)} * Server initialized"),
        (t1, f"1:{role} {stamp(ctx, t1)} * Ready to accept connections tcp"),
    ]


def replication_id(seed: str) -> str:
    """A 40-hex replication ID (redis draws it from /dev/urandom; here it comes from the server's name and start)."""
    return hashlib.sha1(seed.encode()).hexdigest()


# What an empty 6.0 dataset's RDB takes on the wire and the memory it reports [approximate].
EMPTY_RDB_BYTES = 175
EMPTY_USED_MEM_MB = 1.83


def replica_sync(ctx, at: float, master: str, outcome: str, master_version: str = "", replid: str = "") -> list:
    """A replica's lines from "Connecting to MASTER" on: a full resync when its master answered
    (replication.c syncWithMaster, readSyncBulkPayload), else the failed connect it retries every second
    (only the first attempt is logged here [approximate])."""
    def line(dt, level, msg):
        return (at + dt, f"1:S {stamp(ctx, at + dt)} {level} {msg}")
    out = [line(0, "*", f"Connecting to MASTER {master}"), line(0, "*", "MASTER <-> REPLICA sync started")]
    if outcome != "connect":
        why = "Connection refused" if outcome == "refused" else "Connection timed out"
        if outcome == "dns":
            return out[:1] + [line(0, "#", "Unable to connect to MASTER: Name or service not known")]  # [approximate]
        return out + [line(0.001, "#", f"Error condition on socket for SYNC: {why}")]
    return out + [
        line(0.001, "*", "Non blocking connect for SYNC fired the event."),
        line(0.001, "*", "Master replied to PING, replication can continue..."),
        line(0.002, "*", "Partial resynchronization not possible (no cached master)"),
        line(0.002, "*", f"Full resync from master: {replid}:0"),
        line(0.1, "*", f"MASTER <-> REPLICA sync: receiving {EMPTY_RDB_BYTES} bytes from master to disk"),
        line(0.1, "*", "MASTER <-> REPLICA sync: Flushing old data"),
        line(0.1, "*", "MASTER <-> REPLICA sync: Loading DB in memory"),
        line(0.1, "*", f"Loading RDB produced by version {master_version}"),
        line(0.1, "*", "RDB age 0 seconds"),
        line(0.1, "*", f"RDB memory usage when created {EMPTY_USED_MEM_MB:.2f} Mb"),
        line(0.1, "*", "MASTER <-> REPLICA sync: Finished with success"),
    ]


def master_sync(stamp_at, p, replica: str, new_backlog: bool, child_pid: int) -> list[tuple[float, str]]:
    """A master's lines for a replica's full resync (replication.c syncCommand, startBgsaveForReplication;
    rdb.c rdbSaveBackground): a fork writes the RDB to disk, then the master sends it. ``stamp_at(dt)``
    gives (virtual time, log time) ``dt`` seconds after the replica's PSYNC."""
    def line(dt, who, level, msg):
        t, ts = stamp_at(dt)
        return (t, f"{who} {ts} {level} {msg}")
    out = [line(0, "1:M", "*", f"Replica {replica} asks for synchronization"),
           line(0, "1:M", "*", f"Full resync requested by replica {replica}")]
    if new_backlog:
        out.append(line(0, "1:M", "*", f"Replication backlog created, my new replication IDs are '{p.replid}' and "
                                       f"'{NO_ID}'"))
    return out + [
        line(0, "1:M", "*", "Starting BGSAVE for SYNC with target: disk"),
        line(0.001, "1:M", "*", f"Background saving started by pid {child_pid}"),
        line(0.05, f"{child_pid}:C", "*", "DB saved on disk"),
        line(0.05, f"{child_pid}:C", "*", "RDB: 0 MB of memory used by copy-on-write"),
        line(0.1, "1:M", "*", "Background saving terminated with success"),
        line(0.1, "1:M", "*", f"Synchronization with replica {replica} succeeded"),
    ]


def shutdown(version: str, epoch: float, ts: str, role: str = "M") -> list[str]:
    """What SIGTERM makes redis log (sigShutdownHandler's unstamped line, then prepareForShutdown)."""
    warn = "#" if _older(version, (7, 2)) else "*"
    return [f"1:signal-handler ({int(epoch)}) Received SIGTERM scheduling shutdown...",
            f"1:{role} {ts} {warn} User requested shutdown...",
            f"1:{role} {ts} * Saving the final RDB snapshot before exiting.",
            f"1:{role} {ts} * DB saved on disk",
            f"1:{role} {ts} # Redis is now ready to exit, bye bye..."]


# -- the configuration a server reads at start (config.c loadServerConfig, at 5.0.4) -----------------
# The parameters CONFIG GET answers, with redis-server's defaults, in the order configGetCommand
# lists them (strings, then numbers, then booleans and enums): a glob pattern's matches come out so.
# [simplified: the parameters pages use, not all ~150]
DEFAULTS = (
    ("dbfilename", "dump.rdb"), ("requirepass", ""), ("masterauth", ""), ("logfile", ""), ("pidfile", ""),
    ("maxmemory", "0"), ("maxmemory-samples", "5"), ("timeout", "0"), ("databases", "16"), ("port", "6379"),
    ("maxclients", "10000"), ("appendonly", "no"), ("protected-mode", "yes"), ("dir", "/data"),
    ("maxmemory-policy", "noeviction"), ("loglevel", "notice"), ("save", "900 1 300 10 60 10000"),
    ("bind", ""),
)
POLICIES = ("volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl", "allkeys-lru", "allkeys-lfu",
            "allkeys-random", "noeviction")
_UNITS = {"": 1, "b": 1, "k": 1000, "kb": 1024, "m": 1000 ** 2, "mb": 1024 ** 2, "g": 1000 ** 3, "gb": 1024 ** 3}


def memtoll(text: str) -> int:
    """util.c memtoll: "2mb" is 2 MiB, "2m" 2 million bytes; an unknown unit reads as 0."""
    m = re.fullmatch(r"(-?\d+)([a-zA-Z]*)", text.strip())
    if not m or m.group(2).lower() not in _UNITS:
        return 0
    return int(m.group(1)) * _UNITS[m.group(2).lower()]


class ConfigError(Exception):
    """What loadServerConfigFromString prints on stderr before exit(1)."""


def config_of(text: str, overrides: list) -> dict:
    """The parameters a server runs with: its defaults, then the file's directives, then the command
    line's ``--name value`` pairs (appended to the file's text, as main() does). Memory sizes read
    as bytes; names are case-insensitive. Raises ConfigError with redis's own report."""
    conf = dict(DEFAULTS)
    extra = []
    i = 0
    while i < len(overrides):
        if overrides[i].startswith("--"):
            words = [overrides[i][2:]]
            i += 1
            while i < len(overrides) and not overrides[i].startswith("--"):
                words.append(overrides[i])
                i += 1
            extra.append(" ".join(words))
        else:
            i += 1
    lines = text.split("\n") + extra
    for n, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        words = line.split()
        name, args = words[0].lower(), words[1:]
        why = ""
        if not args and name not in ("save", "bind"):
            why = "Bad directive or wrong number of arguments"
        elif name == "maxmemory":
            conf[name] = str(memtoll(args[0]))
        elif name == "maxmemory-policy" and args[0].lower() not in POLICIES:
            why = "Invalid maxmemory policy"
        else:
            conf[name] = " ".join(args).lower() if name == "maxmemory-policy" else " ".join(args)
        if why:
            raise ConfigError(f"\n*** FATAL CONFIG FILE ERROR ***\nReading the configuration file, at line {n}\n"
                              f">>> '{line}'\n{why}\n")
    return conf


def config_file(argv: list) -> str | None:
    """The file a command line names (its first argument, when that is not an option)."""
    return argv[1] if len(argv) > 1 and not argv[1].startswith("-") else None
