"""mysqld as the mysql image runs it, for the statements a tutorial's client sends.

The server is the container's ``images.Program`` (kind "mysql", listening on 3306); what it was
started with lives in ``Program.config``: the root password the entrypoint set from
MYSQL_ROOT_PASSWORD (or an empty one with MYSQL_ALLOW_EMPTY_PASSWORD), its version, and the
options of its conf.d files (server-id, log-bin, super-read-only). What it holds (databases,
tables, rows, its binary log, where it replicates from) is in its data directory
(mysql_data.py), so it outlives the container on a volume; a client reaches it as a
``mysql_data.Server``.

``execute`` answers SHOW DATABASES, SHOW TABLES, USE, CREATE/DROP DATABASE, CREATE TABLE, INSERT
... VALUES, SELECT of a table's columns or of literals, VERSION(), DATABASE(), USER(), NOW() and
a few system variables (@@server_id), CHANGE MASTER TO and START/STOP SLAVE; a replica first
applies what its primary logged (``replicate``), and refuses other writes under
super-read-only (ER_OPTION_PREVENTS_STATEMENT, 1290). Anything else is the parser's ERROR 1064
as mysqld words it (sql_yacc / ER_PARSE_ERROR).
"""
from __future__ import annotations

import datetime
import re

from clusters.kubelet import mysql_data

SYSTEM_SCHEMAS = ("information_schema", "mysql", "performance_schema", "sys")
# The version a tag of the image runs [approximate: the release current in mid-2025].
_VERSIONS = {"9": "9.3.0", "latest": "9.3.0", "innovation": "9.3.0", "8": "8.4.5", "lts": "8.4.5", "8.4": "8.4.5",
             "8.0": "8.0.42", "5.7": "5.7.44", "5.6": "5.6.51", "5": "5.7.44"}


def server_version(config: dict) -> str:
    """What VERSION() and the client's banner show: 5.7 adds "-log" while it writes a binary log
    (mysqld.cc set_server_version; 8.0 dropped the suffix)."""
    version = config.get("version", "9.3.0")
    return version + "-log" if version.startswith("5.") and config.get("log_bin") else version


def version_comment(config: dict) -> str:
    """@@version_comment, which the banner prints after the version: 5.7's words, then 8.0's."""
    return "MySQL Community Server (GPL)" if config.get("version", "").startswith("5.") else "MySQL Community Server - GPL"


def version_of(tag: str) -> str:
    base = tag.split("-", 1)[0]
    if re.fullmatch(r"\d+\.\d+\.\d+", base):
        return base
    if base.startswith("9."):
        return base + ".0" if base.count(".") == 1 else base
    return _VERSIONS.get(base, "9.3.0")


def configure(p, env: dict, tag: str, files=None, hostname: str = "") -> None:
    """What the entrypoint leaves for the server (docker-entrypoint.sh docker_setup_db), and the
    options of its conf.d files (mysql_data.options); an empty data directory is initialised
    (the file operations at its start, on ``p.file_ops``)."""
    opts = mysql_data.options(files) if files is not None else {}
    version = version_of(tag)
    server_id = opts.get("server_id", "")
    p.config = {"root_password": env.get("MYSQL_ROOT_PASSWORD") or "", "version": version, "connections": 7,
                "hostname": hostname,
                # 5.7's server_id defaults to 0, 8.0's to 1 (sys_vars.cc)
                "server_id": int(server_id) if server_id.isdigit() else (0 if version.startswith("5.") else 1),
                "log_bin": opts["log_bin"] or f"{hostname}-bin" if "log_bin" in opts else "",
                "read_only": "super_read_only" in opts or "read_only" in opts}
    if files is None or not mysql_data.initialised(files):
        p.file_ops = p.file_ops + mysql_data.initial_ops([env["MYSQL_DATABASE"]] if env.get("MYSQL_DATABASE") else [])


class Result:
    """One statement's answer: rows (a header and its values), an OK with rows affected, an error."""

    def __init__(self, kind: str, header: tuple = (), rows: list | None = None, affected: int = 0, text: str = ""):
        self.kind = kind  # "rows", "ok", "changed" (USE), "error"
        self.header = header
        self.rows = rows or []
        self.affected = affected
        self.text = text  # an error's "ERROR 1049 (42000): ..."


def error(code: int, state: str, message: str) -> Result:
    return Result("error", text=f"ERROR {code} ({state}): {message}")


def _parse_error(near: str) -> Result:
    return error(1064, "42000", "You have an error in your SQL syntax; check the manual that corresponds to your "
                                f"MySQL server version for the right syntax to use near '{near}' at line 1")


def connect_id(server) -> int:
    """The connection id the server gives the next client."""
    server.config["connections"] = server.config.get("connections", 7) + 1
    return server.config["connections"]


def authenticate(server, user: str, password: str | None) -> bool:
    return user == "root" and (password or "") == server.config.get("root_password", "")


_READ_ONLY = ("The MySQL server is running with the --super-read-only option so it cannot execute this statement")
_NAME = r"`?(\w+)`?"
_TABLE = rf"(?:{_NAME}\.)?{_NAME}"


def execute(server, session: dict, sql: str, now_text: str) -> Result:
    """One statement (without its terminator) on ``server`` (a mysql_data.Server); ``session`` keeps
    the current database. A replica first applies what its primary logged since it last asked."""
    if session.get("user") != REPLICATION:
        replicate(server)
    state = mysql_data.load(server.files)
    result, changed = _statement(server, state, session, sql.strip(), now_text)
    if changed:
        if server.config.get("log_bin"):
            mysql_data.log_event(state, session.get("database"), sql.strip())
        mysql_data.save(server.files, state)
    return result


REPLICATION = "replication"  # the session of a replica's SQL thread: read-only does not stop it


def _statement(server, state: dict, session: dict, text: str, now_text: str) -> tuple[Result, bool]:
    words = text.split()
    if not words:
        return error(1065, "42000", "Query was empty"), False
    upper = [w.upper() for w in words]
    dbs = sorted(set(SYSTEM_SCHEMAS) | set(state["databases"]))
    writes = upper[0] in ("CREATE", "DROP", "INSERT", "DELETE", "UPDATE")
    if writes and server.config.get("read_only") and session.get("user") != REPLICATION:
        return error(1290, "HY000", _READ_ONLY), False
    if upper[:2] in (["SHOW", "DATABASES"], ["SHOW", "SCHEMAS"]) and len(words) == 2:
        return Result("rows", ("Database",), [(d,) for d in dbs]), False
    if upper[:2] == ["SHOW", "TABLES"] and len(words) == 2:
        db = session.get("database")
        if not db:
            return error(1046, "3D000", "No database selected"), False
        return Result("rows", (f"Tables_in_{db}",), [(t,) for t in sorted(state["databases"].get(db, {}))]), False
    if upper[0] == "USE" and len(words) == 2:
        name = words[1].strip("`")
        if name not in dbs:
            return error(1049, "42000", f"Unknown database '{name}'"), False
        session["database"] = name
        return Result("changed"), False
    m = re.fullmatch(r"(CREATE|DROP)\s+(?:DATABASE|SCHEMA)\s+(IF\s+(?:NOT\s+)?EXISTS\s+)?`?(\w+)`?", text, re.I)
    if m:
        verb, guard, name = m.group(1).upper(), m.group(2), m.group(3)
        if verb == "CREATE":
            if name in dbs:
                return (Result("ok", affected=0) if guard else
                        error(1007, "HY000", f"Can't create database '{name}'; database exists")), False
            state["databases"][name] = {}
            return Result("ok", affected=1), True
        if name not in state["databases"]:
            return (Result("ok", affected=0) if guard else
                    error(1008, "HY000", f"Can't drop database '{name}'; database doesn't exist")), False
        del state["databases"][name]
        if session.get("database") == name:
            session["database"] = None
        return Result("ok", affected=0), True
    m = re.fullmatch(rf"CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?{_TABLE}\s*\((.*)\)", text, re.I | re.S)
    if m:
        return _create_table(state, session, m.group(2), m.group(3), m.group(4), bool(m.group(1)))
    m = re.fullmatch(rf"INSERT\s+INTO\s+{_TABLE}\s*(?:\(([^)]*)\)\s*)?VALUES?\s*(.*)", text, re.I | re.S)
    if m:
        return _insert(state, session, m.group(1), m.group(2), m.group(3), m.group(4))
    m = re.fullmatch(r"CHANGE\s+MASTER\s+TO\s+(.*)", text, re.I | re.S)
    if m:
        return _change_master(server, state, m.group(1)), False
    if upper in (["START", "SLAVE"], ["STOP", "SLAVE"]):
        return Result("ok", affected=0), False  # [simplified: a replica with master.info replicates]
    if upper[0] == "SELECT":
        return _select(server, state, session, text[len(words[0]):].strip(), now_text), False
    return _parse_error(text[:80]), False


def _table_of(state: dict, session: dict, db: str | None, name: str) -> tuple[dict | None, Result | None]:
    db = db or session.get("database")
    if not db:
        return None, error(1046, "3D000", "No database selected")
    tables = state["databases"].get(db)
    if tables is None or name not in tables:
        return None, error(1146, "42S02", f"Table '{db}.{name}' doesn't exist")
    return tables[name], None


def _create_table(state: dict, session: dict, db: str | None, name: str, body: str, guard: bool):
    db = db or session.get("database")
    if not db:
        return error(1046, "3D000", "No database selected"), False
    if db not in state["databases"]:
        return error(1049, "42000", f"Unknown database '{db}'"), False
    if name in state["databases"][db]:
        return (Result("ok", affected=0) if guard else error(1050, "42S01", f"Table '{name}' already exists")), False
    columns = [c.split()[0].strip("`") for c in _split(body) if c.split() and
               c.split()[0].upper() not in ("PRIMARY", "KEY", "INDEX", "UNIQUE", "CONSTRAINT")]
    state["databases"][db][name] = {"columns": columns, "rows": []}
    return Result("ok", affected=0), True


def _insert(state: dict, session: dict, db: str | None, name: str, cols: str | None, values: str):
    table, err = _table_of(state, session, db, name)
    if err is not None:
        return err, False
    columns = table["columns"]
    named = [c.strip().strip("`") for c in cols.split(",")] if cols else columns
    rows = []
    for group in re.findall(r"\(((?:[^()']|'(?:[^'\\]|\\.|'')*')*)\)", values):
        literals = [_literal(v) for v in _split(group)]
        if len(literals) != len(named):
            return error(1136, "21S01", "Column count doesn't match value count at row 1"), False
        row = dict(zip(named, literals))
        rows.append([row.get(c, "NULL") for c in columns])
    table["rows"].extend(rows)
    return Result("ok", affected=len(rows)), True


def _split(text: str) -> list:
    """Comma-separated parts outside quotes and parentheses."""
    parts, cur, depth, quote = [], [], 0, ""
    for ch in text:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
            continue
        cur.append(ch)
    if "".join(cur).strip():
        parts.append("".join(cur).strip())
    return parts


def _literal(v: str) -> str:
    v = v.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "'\"":
        return v[1:-1].replace(v[0] * 2, v[0])
    return "NULL" if v.upper() == "NULL" else v


def _change_master(server, state: dict, options: str) -> Result:
    """CHANGE MASTER TO: where to replicate from, written to master.info (5.7's FILE repository)."""
    opts = mysql_data.parse_change(options)
    m = mysql_data.read_master(server.files) or {"file": "", "pos": 4, "host": "", "user": "", "password": "",
                                                  "port": 3306, "retry": 60}
    m["file"] = opts.get("MASTER_LOG_FILE", m["file"])
    m["pos"] = int(opts.get("MASTER_LOG_POS", m["pos"]))
    m["host"] = opts.get("MASTER_HOST", m["host"])
    m["user"] = opts.get("MASTER_USER", m["user"])
    m["password"] = opts.get("MASTER_PASSWORD", m["password"])
    m["port"] = int(opts.get("MASTER_PORT", m["port"]))
    m["retry"] = int(opts.get("MASTER_CONNECT_RETRY", m["retry"]))
    mysql_data.write_master(server.files, m)
    return Result("ok", affected=0)


def replicate(server) -> None:
    """A replica's I/O and SQL threads, caught up at once: the primary's events past master.info's
    position are applied here, and the position moves on [simplified: no lag]."""
    m = mysql_data.read_master(server.files) if server.files is not None else None
    if m is None or server.net is None or not m["host"]:
        return
    outcome, primary, _ = server.net.mysql(m["host"], m["port"])
    if primary is None or primary.files is None:
        return
    events = [e for e in mysql_data.load(primary.files)["binlog"] if e[0] > m["pos"]]
    if not events:
        return
    state = mysql_data.load(server.files)
    session = {"database": None, "user": REPLICATION}
    for end, database, sql in events:
        session["database"] = database
        _statement(server, state, session, sql, "")
        if server.config.get("log_bin"):
            mysql_data.log_event(state, database, sql)
        m["pos"] = end
    mysql_data.save(server.files, state)
    mysql_data.write_master(server.files, m)


def _select(server, state: dict, session: dict, rest: str, now_text: str) -> Result:
    """SELECT of literals, a few functions and system variables (one row), or of a table's columns."""
    m = re.fullmatch(rf"(.*?)\s+FROM\s+{_TABLE}", rest, re.I | re.S)
    if m:
        table, err = _table_of(state, session, m.group(2), m.group(3))
        if err is not None:
            return err
        wanted = [c.strip().strip("`") for c in _split(m.group(1))]
        columns = table["columns"]
        if wanted == ["*"]:
            wanted = columns
        for c in wanted:
            if c not in columns:
                return error(1054, "42S22", f"Unknown column '{c}' in 'field list'")
        idx = [columns.index(c) for c in wanted]
        return Result("rows", tuple(wanted), [tuple(r[i] for i in idx) for r in table["rows"]])
    exprs = [e.strip() for e in re.split(r",(?=(?:[^']*'[^']*')*[^']*$)", rest)] if rest else []
    if not exprs or any(not e for e in exprs):
        return _parse_error(rest[:80])
    values = []
    for e in exprs:
        up = e.upper().replace(" ", "")
        if re.fullmatch(r"-?\d+", e):
            values.append(e)
        elif re.fullmatch(r"'[^']*'", e):
            values.append(e[1:-1])
        elif up == "VERSION()" or up == "@@VERSION":
            values.append(server_version(server.config))
        elif up == "DATABASE()":
            values.append(session.get("database") or "NULL")
        elif up in ("USER()", "CURRENT_USER()"):
            values.append(session.get("user", "root@localhost"))
        elif up in ("NOW()", "CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP()"):
            values.append(sql_time(now_text))
        elif up in ("@@SERVER_ID", "@@GLOBAL.SERVER_ID"):
            values.append(str(server.config.get("server_id", 1)))
        elif up in ("@@HOSTNAME", "@@GLOBAL.HOSTNAME"):
            values.append(server.config.get("hostname", ""))
        elif up in ("@@READ_ONLY", "@@SUPER_READ_ONLY", "@@GLOBAL.READ_ONLY", "@@GLOBAL.SUPER_READ_ONLY"):
            values.append("1" if server.config.get("read_only") else "0")
        else:
            return _parse_error(e[:80])
    header = tuple(e[1:-1] if re.fullmatch(r"'[^']*'", e) else e for e in exprs)
    return Result("rows", header, [tuple(values)])


def sql_time(date_text: str) -> str:
    """NOW() as mysqld prints a DATETIME, from the time as ``date`` words it (the shells' clock)."""
    try:
        t = datetime.datetime.strptime(" ".join(date_text.split()), "%a %b %d %H:%M:%S UTC %Y")
    except ValueError:
        return date_text
    return t.strftime("%Y-%m-%d %H:%M:%S")
