"""mysqld as the mysql image runs it, for the statements a tutorial's client sends.

The server is the container's ``images.Program`` (kind "mysql", listening on 3306); what it knows
lives in ``Program.config``: the root password the entrypoint set from MYSQL_ROOT_PASSWORD (or an
empty one with MYSQL_ALLOW_EMPTY_PASSWORD), its version, and the databases (the four system
schemas, MYSQL_DATABASE, and what CREATE DATABASE made). The databases are kept with the running
server, not written to its data directory [approximate: a restarted server forgets the ones made
with CREATE DATABASE].

``execute`` answers SHOW DATABASES, SHOW TABLES, USE, CREATE/DROP DATABASE and SELECT of
literals, VERSION(), DATABASE(), USER(), NOW(); anything else is the parser's ERROR 1064 as
mysqld words it (sql_yacc / ER_PARSE_ERROR).
"""
from __future__ import annotations

import re

SYSTEM_SCHEMAS = ("information_schema", "mysql", "performance_schema", "sys")
# The version a tag of the image runs [approximate: the release current in mid-2025].
_VERSIONS = {"9": "9.3.0", "latest": "9.3.0", "innovation": "9.3.0", "8": "8.4.5", "lts": "8.4.5", "8.4": "8.4.5",
             "8.0": "8.0.42", "5.7": "5.7.44", "5.6": "5.6.51", "5": "5.7.44"}


def version_of(tag: str) -> str:
    base = tag.split("-", 1)[0]
    if re.fullmatch(r"\d+\.\d+\.\d+", base):
        return base
    if base.startswith("9."):
        return base + ".0" if base.count(".") == 1 else base
    return _VERSIONS.get(base, "9.3.0")


def configure(p, env: dict, tag: str) -> None:
    """What the entrypoint leaves for the server (docker-entrypoint.sh docker_setup_db)."""
    databases = list(SYSTEM_SCHEMAS)
    if env.get("MYSQL_DATABASE"):
        databases.append(env["MYSQL_DATABASE"])
    p.config = {"root_password": env.get("MYSQL_ROOT_PASSWORD") or "", "version": version_of(tag),
                "databases": sorted(databases), "connections": 7}


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


def execute(server, session: dict, sql: str, now_text: str) -> Result:
    """One statement (without its terminator) on ``server``; ``session`` keeps the current database."""
    text = sql.strip()
    words = text.split()
    if not words:
        return error(1065, "42000", "Query was empty")
    upper = [w.upper() for w in words]
    dbs = server.config.setdefault("databases", sorted(SYSTEM_SCHEMAS))
    if upper[:2] in (["SHOW", "DATABASES"], ["SHOW", "SCHEMAS"]) and len(words) == 2:
        return Result("rows", ("Database",), [(d,) for d in dbs])
    if upper[:2] == ["SHOW", "TABLES"] and len(words) == 2:
        db = session.get("database")
        if not db:
            return error(1046, "3D000", "No database selected")
        return Result("rows", (f"Tables_in_{db}",), [])
    if upper[0] == "USE" and len(words) == 2:
        name = words[1].strip("`")
        if name not in dbs:
            return error(1049, "42000", f"Unknown database '{name}'")
        session["database"] = name
        return Result("changed")
    m = re.fullmatch(r"(CREATE|DROP)\s+(?:DATABASE|SCHEMA)\s+(IF\s+(?:NOT\s+)?EXISTS\s+)?`?(\w+)`?", text, re.I)
    if m:
        verb, guard, name = m.group(1).upper(), m.group(2), m.group(3)
        if verb == "CREATE":
            if name in dbs:
                return Result("ok", affected=0) if guard else \
                    error(1007, "HY000", f"Can't create database '{name}'; database exists")
            dbs.append(name)
            dbs.sort()
            return Result("ok", affected=1)
        if name not in dbs:
            return Result("ok", affected=0) if guard else \
                error(1008, "HY000", f"Can't drop database '{name}'; database doesn't exist")
        dbs.remove(name)
        if session.get("database") == name:
            session["database"] = None
        return Result("ok", affected=0)
    if upper[0] == "SELECT":
        return _select(server, session, text[len(words[0]):].strip(), now_text)
    return _parse_error(text[:80])


def _select(server, session: dict, rest: str, now_text: str) -> Result:
    """SELECT of literals and a few functions, one row: each column headed by the expression as typed."""
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
        elif up == "VERSION()":
            values.append(server.config.get("version", "9.3.0"))
        elif up == "DATABASE()":
            values.append(session.get("database") or "NULL")
        elif up in ("USER()", "CURRENT_USER()"):
            values.append(session.get("user", "root@localhost"))
        elif up in ("NOW()", "CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP()"):
            values.append(now_text)
        else:
            return _parse_error(e[:80])
    header = tuple(e[1:-1] if re.fullmatch(r"'[^']*'", e) else e for e in exprs)
    return Result("rows", header, [tuple(values)])
