"""The tools of gcr.io/google-samples/xtrabackup:1.0 that the replicated MySQL page's scripts run.

kubernetes.io's "Run a Replicated Stateful Application" (tasks/run-application/
run-replicated-stateful-application.md) clones a new replica's data from the pod before it:
its ``clone-mysql`` init container runs, through the pods' shell (shell.py), literally

    ncat --recv-only mysql-$(($ordinal-1)).mysql 3307 | xbstream -x -C /var/lib/mysql
    xtrabackup --prepare --target-dir=/var/lib/mysql

and the peer's ``xtrabackup`` container answers on port 3307 with a backup of its data directory
(``xtrabackup --backup --slave-info --stream=xbstream``). The stream here is the data
directory's files after a header [approximate: Percona's xbstream chunks are binary], with
``xtrabackup_binlog_info`` (a primary's binary log position) or ``xtrabackup_slave_info`` (the
``CHANGE MASTER TO`` a replica's position makes) beside them.

That container's own script (wait for mysqld, CHANGE MASTER TO from the clone's position, then
``exec ncat --listen ... 3307 -c "xtrabackup --backup ..."``) is not run line by line: ``sidecar``
plays it as a program of the image, with the same log lines and effects (replication set up in
mysqld's master.info, the port open once it is done).
"""
from __future__ import annotations

import json

from clusters.kubelet import mysql_data

TOOLS = ("ncat", "xbstream", "xtrabackup")
PORT = 3307
MAGIC = "XBSTCK01"  # xbstream's chunk magic (percona-xtrabackup storage/innobase/xtrabackup/src/xbstream.h)
VERSION = "xtrabackup version 2.4.4 based on MySQL server 5.7.13 Linux (x86_64) (revision id: df58cf2)"
BINLOG_INFO = mysql_data.DATADIR + "/xtrabackup_binlog_info"
SLAVE_INFO = mysql_data.DATADIR + "/xtrabackup_slave_info"
CHANGE_IN = mysql_data.DATADIR + "/change_master_to.sql.in"
CHANGE_DONE = mysql_data.DATADIR + "/change_master_to.sql.orig"
# What a backup copies: the data files, not a replica's own replication state or the sidecar's notes.
_NOT_COPIED = ("master.info", "relay-log.info", "change_master_to.sql.in", "change_master_to.sql.orig",
               "xtrabackup_binlog_info", "xtrabackup_slave_info")


def run(tool: str, args: list, ctx, files) -> tuple[int, str]:
    """One of the image's tools in a shell: (status, what it writes)."""
    if tool == "ncat":
        return _ncat(args, ctx)
    if tool == "xbstream":
        return _xbstream(args, ctx, files)
    return _xtrabackup(args)


def _ncat(args: list, ctx) -> tuple[int, str]:
    """``ncat --recv-only HOST PORT``: what the server there sends (nmap's ncat_connect.c words its errors)."""
    names = [a for a in args if not a.startswith("-")]
    if "--listen" in args or "-l" in args or len(names) < 2:
        return 2, "Ncat: only --recv-only HOST PORT is modelled here. QUITTING.\n"
    host, port = names[0], int(names[1]) if names[1].isdigit() else 0
    stream = getattr(ctx.net, "backup", None)
    outcome, text = stream(host, port) if stream is not None else ("refused", "")
    if outcome == "dns":
        return 2, f'Ncat: Could not resolve hostname "{host}": Name or service not known. QUITTING.\n'
    if outcome != "connect":
        return 1, "Ncat: Connection refused.\n" if outcome == "refused" else "Ncat: TIMEOUT.\n"
    return 0, text


def _xbstream(args: list, ctx, files) -> tuple[int, str]:
    """``xbstream -x -C DIR``: the files of the stream on stdin, written under DIR."""
    target = args[args.index("-C") + 1] if "-C" in args[:-1] else "."
    text = ctx.stdin or ""
    if not text.startswith(MAGIC):
        return 1, "xbstream: incorrect chunk magic.\n" if text else ""
    for rel, content in sorted(json.loads(text[len(MAGIC):]).items()):
        files.write(ctx.path(target) + "/" + rel, content)
    return 0, ""


def _xtrabackup(args: list) -> tuple[int, str]:
    """``xtrabackup --prepare``: the crash recovery of the copied files; its first and last lines."""
    if "--prepare" in args:
        return 0, f"{VERSION}\nxtrabackup: cd to /var/lib/mysql/\nInnoDB: Shutdown completed; log sequence number " \
                  f"2554394\n{_completed()}"
    return 1, f"{VERSION}\nxtrabackup: Error: Please set parameter 'datadir'\n"


def _completed() -> str:
    return "completed OK!\n"


def backup(files, server) -> str:
    """The stream ``xtrabackup --backup --slave-info --stream=xbstream`` sends of ``files``' data
    directory; ``server`` is the mysqld beside it (mysql_data.Server), asked for its positions."""
    out = {k: v for k, v in mysql_data.clone_files(files).items() if k.rstrip("/") not in _NOT_COPIED}
    if "ibdata1" in out:
        state = mysql_data.load(files)
        state["binlog"] = []  # the binary log files are not part of the copy
        out["ibdata1"] = mysql_data.dump(state)
    if server is not None and server.config.get("log_bin"):
        state = mysql_data.load(files)
        out["xtrabackup_binlog_info"] = f"{mysql_data.binlog_name(server.config)}\t{mysql_data.binlog_position(state)}\n"
    master = mysql_data.read_master(files)
    if master is not None:
        out["xtrabackup_slave_info"] = f"CHANGE MASTER TO MASTER_LOG_FILE='{master['file']}', " \
                                       f"MASTER_LOG_POS={master['pos']};\n"
    return MAGIC + json.dumps(out, sort_keys=True)


def serves(argv: list) -> bool:
    """Whether a container's command is the page's sidecar script (it ends serving backups on 3307)."""
    return len(argv) >= 3 and "ncat --listen" in argv[-1] and "xtrabackup --backup" in argv[-1]


def sidecar(files, mysqld_up_in) -> tuple[list, list, float]:
    """The page's xtrabackup sidecar played as a program: (log lines, file operations, when port 3307
    opens), as offsets from its start. ``mysqld_up_in`` is how long until mysqld beside it accepts
    connections (None: never).

    As the script does: a clone's ``xtrabackup_slave_info`` (cloned from a replica) or
    ``xtrabackup_binlog_info`` (from the primary) becomes change_master_to.sql.in; when there is
    one, it waits for mysqld (``until mysql -h 127.0.0.1 -e "SELECT 1"; do sleep 1; done``),
    starts replication from mysql-0.mysql at that position (written to master.info, as mysqld's
    CHANGE MASTER TO does) and keeps the file as change_master_to.sql.orig; then it listens."""
    lines: list = []
    ops: list = []
    change = None
    slave = files.read(SLAVE_INFO)
    binlog = files.read(BINLOG_INFO)
    if isinstance(slave, str) and slave.strip():
        change = slave.strip().rstrip(";")
        ops += [(0.0, "write", CHANGE_IN, change + "\n"), (0.0, "rm", SLAVE_INFO, ""), (0.0, "rm", BINLOG_INFO, "")]
    elif isinstance(binlog, str):
        parts = binlog.split()
        if len(parts) < 2:
            return ["+ exit 1"], [], -1.0
        change = f"CHANGE MASTER TO MASTER_LOG_FILE='{parts[0]}',        MASTER_LOG_POS={parts[1]}"
        ops += [(0.0, "rm", BINLOG_INFO, ""), (0.0, "rm", SLAVE_INFO, ""), (0.0, "write", CHANGE_IN, change + "\n")]
    elif isinstance(files.read(CHANGE_IN), str):
        change = files.read(CHANGE_IN).strip()  # a restart before the last one finished
    if change is None:
        return lines, ops, 0.0
    lines.append((0.0, "Waiting for mysqld to be ready (accepting connections)"))
    if mysqld_up_in is None:
        return lines, ops, -1.0
    t = 0.0
    while t < mysqld_up_in:
        lines.append((t, "ERROR 2003 (HY000): Can't connect to MySQL server on '127.0.0.1' (111)"))
        t += 1.0
    lines.append((t, "Initializing replication from clone position"))
    position = mysql_data.parse_change(change)
    master = {"file": position.get("MASTER_LOG_FILE", ""), "pos": int(position.get("MASTER_LOG_POS", 4) or 4),
              "host": "mysql-0.mysql", "user": "root", "password": "", "port": 3306, "retry": 10}
    ops += [(t, "write", mysql_data.MASTER_INFO, mysql_data.master_info_text(master)),
            (t, "write", CHANGE_DONE, change + "\n"), (t, "rm", CHANGE_IN, "")]
    return lines, ops, t
