"""mysqld's data directory and options files, as the replicated MySQL StatefulSet page uses them.

What a server holds lives in its data directory (``/var/lib/mysql``), so that it outlives the
container on a PersistentVolume and moves with a clone:
- ``mysql/``: the system schema's directory, made when the entrypoint initialises an empty data
  directory (the page's clone-mysql skips the clone when it is there);
- ``ibdata1``: the user databases, their tables and rows, and the binary log's events
  [approximate: kept as JSON text, not InnoDB pages or binlog files];
- ``master.info``: where a replica replicates from and how far it has applied (5.7's
  master_info_repository=FILE; CHANGE MASTER TO writes it, and a server that finds it starts
  replicating again on its own).

Options come from the ``[mysqld]`` groups of ``/etc/mysql/conf.d/*.cnf`` (the images'
``!includedir``): server-id, log-bin and super-read-only, read once at start.

Replication is applied when the replica is asked something: it first applies the events of its
primary's binary log past its position (over the pod network: ``Server.net``), so what was
written on the primary is there on the replica from then on [simplified: no lag, no relay log].
"""
from __future__ import annotations

import json
import re

DATADIR = "/var/lib/mysql"
CONF_DIR = "/etc/mysql/conf.d"
STATE = DATADIR + "/ibdata1"
MASTER_INFO = DATADIR + "/master.info"
BINLOG_START = 154  # 5.7's first event position: after the format description and previous-GTIDs events


class Server:
    """A running mysqld as a client reaches it: its Program (``config``), its container's files and
    its pod's network (to reach a primary). Made per connection by the kubelet, never kept."""

    def __init__(self, program, files, net=None):
        self.program = program
        self.files = files
        self.net = net

    @property
    def config(self) -> dict:
        return self.program.config


def options(files) -> dict:
    """The [mysqld] options of the conf.d files, in name order (later files win), names with ``_``."""
    out: dict = {}
    for name in files.listdir(CONF_DIR) or ():
        if not name.endswith(".cnf"):
            continue
        text = files.read(f"{CONF_DIR}/{name}")
        section = ""
        for line in (text if isinstance(text, str) else "").splitlines():
            line = line.split("#", 1)[0].strip()
            if line.startswith("[") and line.endswith("]"):
                section = line[1:-1].strip()
            elif line and section == "mysqld":
                key, _, value = line.partition("=")
                out[key.strip().replace("-", "_")] = value.strip()
    return out


def initialised(files) -> bool:
    return files.listdir(DATADIR + "/mysql") is not None


def initial_ops(databases: list) -> list:
    """The entrypoint's docker_init_database_dir and MYSQL_DATABASE, as file operations at its start."""
    state = {"databases": {name: {} for name in databases}, "binlog": []}
    return [(0.0, "mkdir", DATADIR + "/mysql/", ""), (0.0, "write", STATE, dump(state))]


def dump(state: dict) -> str:
    return json.dumps(state, sort_keys=True) + "\n"


def load(files) -> dict:
    text = files.read(STATE)
    try:
        state = json.loads(text) if isinstance(text, str) and text.strip() else {}
    except ValueError:
        state = {}
    state.setdefault("databases", {})
    state.setdefault("binlog", [])
    return state


def save(files, state: dict) -> None:
    files.write(STATE, dump(state))


def binlog_name(config: dict) -> str:
    """log-bin with no name: the host name's ``-bin`` and the first file (5.7 log_bin basename)."""
    return f"{config.get('log_bin') or config.get('hostname', 'mysql') + '-bin'}.000001"


def binlog_position(state: dict) -> int:
    return state["binlog"][-1][0] if state["binlog"] else BINLOG_START


def log_event(state: dict, database: str | None, sql: str) -> None:
    """One statement event on the binary log [approximate: its size is the statement's plus a header's]."""
    state["binlog"].append([binlog_position(state) + 19 + 13 + len(database or "") + 1 + len(sql), database, sql])


def read_master(files) -> dict | None:
    """master.info's lines: the count, the log file, the position, the host, the user, the password,
    the port, the connect retry."""
    text = files.read(MASTER_INFO)
    if not isinstance(text, str):
        return None
    lines = text.split("\n")
    if len(lines) < 8:
        return None
    try:
        return {"file": lines[1], "pos": int(lines[2]), "host": lines[3], "user": lines[4], "password": lines[5],
                "port": int(lines[6]), "retry": int(lines[7])}
    except ValueError:
        return None


def master_info_text(m: dict) -> str:
    return f"25\n{m['file']}\n{m['pos']}\n{m['host']}\n{m['user']}\n{m['password']}\n{m['port']}\n{m['retry']}\n"


def write_master(files, m: dict) -> None:
    files.write(MASTER_INFO, master_info_text(m))


def parse_change(options: str) -> dict:
    """The ``NAME=value`` options of a CHANGE MASTER TO (quoted strings unquoted), names upper-cased."""
    text = re.sub(r"^\s*CHANGE\s+MASTER\s+TO\s+", "", options, flags=re.I)
    return {k.upper(): (v[1:-1].replace("''", "'") if v.startswith("'") else v)
            for k, v in re.findall(r"(\w+)\s*=\s*('(?:[^']|'')*'|[^,\s;]+)", text)}


def clone_files(files) -> dict:
    """Every file under the data directory (relative paths; a directory as ``name/``), for a backup."""
    out: dict = {}

    def walk(path: str, rel: str) -> None:
        for name in files.listdir(path) or ():
            full, key = f"{path}/{name}", (f"{rel}/{name}" if rel else name)
            content = files.read(full)
            if content is None:
                out[key + "/"] = ""
                walk(full, key)
            elif isinstance(content, str):
                out[key] = content
    walk(DATADIR, "")
    return out
