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

Its ``xtrabackup`` sidecar's script runs literally too: it waits for mysqld (``until mysql -h
127.0.0.1 -e "SELECT 1"; do sleep 1; done``, replayed as the cluster answers: shell.Replay), starts
replication with CHANGE MASTER TO from the clone's position, then ``exec ncat --listen ... 3307 -c
"xtrabackup --backup ..."`` makes the container the server peers clone from (``Serving``).
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


class Serving(Exception):
    """``ncat --listen PORT -c COMMAND``: the process goes on serving ``port``; ``kind`` is what answers
    a peer that connects (the image's backup stream for the page's xtrabackup command)."""

    def __init__(self, port: int, kind: str):
        super().__init__(port)
        self.port, self.kind, self.t = port, kind, 0.0


def _ncat(args: list, ctx) -> tuple[int, str]:
    """``ncat --recv-only HOST PORT``: what the server there sends (nmap's ncat_connect.c words its
    errors); ``ncat --listen ... PORT -c "xtrabackup --backup ..."`` serves backups (Serving)."""
    names, command, i = [], "", 0
    while i < len(args):
        if args[i] in ("-c", "--sh-exec", "-e", "--exec") and i + 1 < len(args):
            command, i = args[i + 1], i + 2
            continue
        if not args[i].startswith("-"):
            names.append(args[i])
        i += 1
    if "--listen" in args or "-l" in args:
        port = int(names[-1]) if names and names[-1].isdigit() else 31337  # ncat's default port
        if "xtrabackup --backup" not in command:
            return 2, "Ncat: only a listener that runs xtrabackup --backup is modelled here. QUITTING.\n"
        raise Serving(port, "xtrabackup")
    if len(names) < 2:
        return 2, "Ncat: You must specify a host to connect to. QUITTING.\n"
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
