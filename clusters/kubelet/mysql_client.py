"""mysql, the client the mysql image ships (mysql-server client/mysql.cc, libmysql's client errors).

It reaches a server over the modelled network from its pod (``Env.net.mysql``: DNS, the Service, a
pod listening on 3306; ``localhost`` is the Unix socket of a server in the same container), and
says what the real client says when it cannot: ``ERROR 2005 (HY000): Unknown MySQL server host
'x' (-2)`` (getaddrinfo's EAI_NONAME), ``ERROR 2003 (HY000): Can't connect to MySQL server on
'x:3306' (111)`` (ECONNREFUSED; 110 for a timeout), ``ERROR 2002`` for a missing socket and the
server's ``ERROR 1045 (28000): Access denied ...`` for a wrong password. A password on the command
line first gets ``mysql: [Warning] Using a password on the command line interface can be insecure.``

Three ways it runs, as redis_cli.py's client does:
- ``main_process``: as a container's command (``kubectl run ... -- mysql -h mysql -ppassword``):
  it connects when the container starts; with ``-e`` it runs the statements and exits, with the
  stdin ``kubectl run -i`` keeps open it waits for a learner (``Program.stdin_shell``), else it
  reads end of input and exits 0;
- ``run``: in a shell (``kubectl exec POD -- mysql -ppassword -e 'SHOW DATABASES;'``);
- ``Repl``: reading what a learner types (``kubectl exec -it``, ``kubectl run -it``) at
  ``mysql> `` (``    -> `` while a statement waits for its ``;``), until ``exit``, ``quit``,
  ``\\q`` or Ctrl-D (``Bye``).

Results print as mysql prints them: tables with ``N rows in set (0.00 sec)`` on a terminal,
tab-separated with a header line otherwise (batch mode), tables without the count for ``-e`` on a
terminal. Statements are mysql_server.py's.
"""
from __future__ import annotations

import re

from clusters.kubelet import mysql_server

PORT = 3306
SOCKET = "/var/run/mysqld/mysqld.sock"
WARNING = "mysql: [Warning] Using a password on the command line interface can be insecure.\n"
_BANNER = ("Welcome to the MySQL monitor.  Commands end with ; or \\g.\n"
           "Your MySQL connection id is {id}\n"
           "Server version: {version} {comment}\n\n"
           "Copyright (c) 2000, {year}, Oracle and/or its affiliates.\n\n"
           "Oracle is a registered trademark of Oracle Corporation and/or its\n"
           "affiliates. Other names may be trademarks of their respective\n"
           "owners.\n\n"
           "Type 'help;' or '\\h' for help. Type '\\c' to clear the current input statement.\n\n")


class Options:
    """The command line (my_getopt): -h/--host, -P/--port, -u/--user, -p[PW]/--password[=PW],
    -e/--execute, -D/--database or a database name, -B, -N, -s, -t."""

    def __init__(self, args: list):
        self.host, self.port, self.user = "localhost", PORT, "root"
        self.password: str | None = None  # None: none given; "" after a bare -p, asked for at the terminal
        self.ask = False
        self.execute: str | None = None
        self.database: str | None = None
        self.table: bool | None = None
        self.skip_names = False
        self.error = ""
        i = 0
        while i < len(args):
            a = args[i]
            value_of = None
            for short, long in (("-h", "--host"), ("-P", "--port"), ("-u", "--user"), ("-e", "--execute"),
                                ("-D", "--database")):
                if a == short or a == long:
                    if i + 1 >= len(args):
                        self.error = f"mysql: [ERROR] mysql: option '{a}' requires an argument.\n"
                        return
                    value_of, i = (short, args[i + 1]), i + 1
                elif a.startswith(long + "="):
                    value_of = (short, a[len(long) + 1:])
                elif a.startswith(short) and len(a) > 2 and not a.startswith("--"):
                    value_of = (short, a[2:])
                if value_of:
                    break
            if value_of:
                self._set(*value_of)
            elif a == "-p" or a == "--password":
                self.ask = True
            elif a.startswith("-p") and not a.startswith("--"):
                self.password = a[2:]
            elif a.startswith("--password="):
                self.password = a[len("--password="):]
            elif a in ("-B", "--batch", "-s", "--silent", "-A", "--no-auto-rehash", "-f", "--force"):
                self.table = False if a in ("-B", "--batch") else self.table
            elif a in ("-t", "--table"):
                self.table = True
            elif a in ("-N", "--skip-column-names"):
                self.skip_names = True
            elif a.startswith("-"):
                self.error = f"mysql: [ERROR] unknown option '{a}'.\n"
                return
            elif self.database is None:
                self.database = a
            i += 1

    def _set(self, flag: str, value: str) -> None:
        if flag == "-h":
            self.host = value
        elif flag == "-P":
            self.port = int(value) if value.isdigit() else 0
        elif flag == "-u":
            self.user = value
        elif flag == "-e":
            self.execute = value
        else:
            self.database = value

    @property
    def warns(self) -> bool:
        return self.password is not None


class Connection:
    """A connection made: the server's session (its database, the user as it saw the client)."""

    def __init__(self, host: str, port: int, conn_id: int, version: str, session: dict):
        self.host, self.port, self.id, self.version, self.session = host, port, conn_id, version, session


def connect(ctx, opts: Options, password: str | None) -> tuple[Connection | None, str]:
    """(the connection, "") or (None, the client's error line)."""
    local = opts.host in ("localhost", "")
    host = "127.0.0.1" if local else opts.host
    outcome, server, client_ip = ctx.net.mysql(host, opts.port) if ctx.net is not None else ("refused", None, "")
    if server is None:
        if local:
            return None, f"ERROR 2002 (HY000): Can't connect to local MySQL server through socket '{SOCKET}' (2)\n"
        if outcome == "dns":
            return None, f"ERROR 2005 (HY000): Unknown MySQL server host '{opts.host}' (-2)\n"
        errno = 110 if outcome == "timeout" else 111
        return None, f"ERROR 2003 (HY000): Can't connect to MySQL server on '{opts.host}:{opts.port}' ({errno})\n"
    who = "localhost" if local else client_ip
    if not mysql_server.authenticate(server, opts.user, password):
        used = "YES" if password else "NO"
        return None, f"ERROR 1045 (28000): Access denied for user '{opts.user}'@'{who}' (using password: {used})\n"
    session = {"database": None, "user": f"{opts.user}@{who}"}
    if opts.database:
        r = mysql_server.execute(server, session, f"USE {opts.database}", "")
        if r.kind == "error":
            return None, r.text + "\n"
    return Connection(opts.host, opts.port, mysql_server.connect_id(server), mysql_server.server_version(server.config),
                      session), ""


def statements(text: str) -> tuple[list[str], str]:
    """Complete statements (ended by ``;`` or ``\\g`` outside quotes) and what is left waiting."""
    out, cur, quote, i = [], [], "", 0
    while i < len(text):
        c = text[i]
        if quote:
            cur.append(c)
            if c == quote:
                quote = ""
        elif c in "'\"`":
            quote = c
            cur.append(c)
        elif c == ";" or text.startswith("\\g", i):
            out.append("".join(cur).strip())
            cur = []
            i += 1 if c == ";" else 2
            continue
        else:
            cur.append(c)
        i += 1
    return out, "".join(cur)


def _table(header: tuple, rows: list) -> str:
    """mysql's box: columns as wide as their longest value, numbers to the right."""
    widths = [max([len(str(h))] + [len(str(r[k])) for r in rows]) for k, h in enumerate(header)]
    numeric = [bool(rows) and all(re.fullmatch(r"-?\d+(\.\d+)?", str(r[k])) for r in rows) for k in range(len(header))]
    line = "+" + "+".join("-" * (w + 2) for w in widths) + "+\n"

    def row(values, align=True):
        cells = [(str(v).rjust(w) if align and numeric[k] else str(v).ljust(w)) for k, (v, w) in
                 enumerate(zip(values, widths))]
        return "| " + " | ".join(cells) + " |\n"
    return line + row(header, align=False) + line + "".join(row(r) for r in rows) + line


def show(result, tty: bool, footer: bool, opts: Options | None = None) -> str:
    """What the client prints for one result (with ``footer``: the counts and timing of a terminal)."""
    if result.kind == "error":
        return result.text + "\n"
    if result.kind == "changed":
        return "Database changed\n" if footer else ""
    if result.kind == "ok":
        if not footer:
            return ""
        rows = "row" if result.affected == 1 else "rows"
        return f"Query OK, {result.affected} {rows} affected (0.01 sec)\n\n"
    skip = opts is not None and opts.skip_names
    table = opts.table if opts is not None and opts.table is not None else tty
    if table:
        if not result.rows:
            return "Empty set (0.00 sec)\n\n" if footer else ""
        text = _table(result.header, result.rows)
        if footer:
            n = len(result.rows)
            text += f"{n} {'row' if n == 1 else 'rows'} in set (0.00 sec)\n\n"
        return text
    lines = ([] if skip else ["\t".join(result.header)]) + ["\t".join(str(v) for v in r) for r in result.rows]
    return "".join(line + "\n" for line in lines) if result.rows or not skip else ""


def _run_statements(ctx, opts: Options, conn: Connection, text: str, tty: bool, footer: bool) -> tuple[int, str]:
    """Batch mode: each statement in turn, the first error ending the run (status 1)."""
    out = []
    done, rest = statements(text)
    if rest.strip():
        done.append(rest.strip())
    for sql in done:
        if not sql:
            continue
        r = _send(ctx, conn, sql)
        if r.kind == "error":
            out.append(_at_line(r.text, 1))
            return 1, "".join(out)
        out.append(show(r, tty, footer, opts))
    return 0, "".join(out)


def _at_line(error: str, line: int) -> str:
    """A batch run's error names the input line (mysql.cc put_error_info: ``ERROR 1064 (42000) at line 1: ...``)."""
    return error.replace("): ", f") at line {line}: ", 1) + "\n"


def _send(ctx, conn: Connection, sql: str):
    _, server, _ = ctx.net.mysql("127.0.0.1" if conn.host in ("localhost", "") else conn.host, conn.port) \
        if ctx.net is not None else (None, None, None)
    if server is None:
        return mysql_server.error(2013, "HY000", "Lost connection to MySQL server during query")
    now = getattr(ctx, "now_text", None) or ctx.date  # a shell's Env, or the container's start (images.Context)
    return mysql_server.execute(server, conn.session, sql, now(0.0))


def run(args: list, ctx, tty: bool) -> tuple[int, str]:
    """``mysql ARGS`` run to its end in a shell: the statements of -e, or those its stdin holds."""
    opts = Options(args)
    if opts.error:
        return 1, opts.error
    out = WARNING if opts.warns else ""
    conn, err = connect(ctx, opts, opts.password)
    if conn is None:
        return 1, out + err
    code, text = _run_statements(ctx, opts, conn, opts.execute if opts.execute is not None else ctx.stdin, tty, False)
    return code, out + text


def admin(args: list, ctx) -> tuple[int, str]:
    """``mysqladmin ping`` (client/mysqladmin.cc): ``mysqld is alive`` when the server answers on the
    socket, else the connect error and the socket hint, status 1."""
    opts = Options([a for a in args if a != "ping"])
    if "ping" not in args:
        return 1, "mysqladmin: [ERROR] only ping is modelled here\n"
    conn, err = connect(ctx, opts, opts.password)
    if conn is not None:
        return 0, "mysqld is alive\n"
    if "(28000)" in err:
        return 0, "mysqld is alive\n"  # access denied: the server is up, and ping says so (mysqladmin.cc)
    where = "localhost" if opts.host in ("localhost", "") else opts.host
    why = err.split("): ", 1)[-1].strip()
    tail = (f"Check that mysqld is running and that the socket: '{SOCKET}' exists!\n"
            if opts.host in ("localhost", "") else f"Check that mysqld is running on {where} and that the port is {opts.port}.\n"
            "You can check this by doing 'telnet " + where + f" {opts.port}'\n")
    return 1, f"mysqladmin: connect to server at '{where}' failed\nerror: '{why}'\n{tail}"


def main_process(args: list, ctx) -> tuple[list[str], int | None, bool]:
    """mysql as a container's command: (what it writes at its start, its exit code or None while it
    runs, whether it waits on its stdin for a learner)."""
    opts = Options(args)
    if opts.error:
        return opts.error.splitlines(), 1, False
    lines = WARNING.splitlines() if opts.warns else []
    if opts.ask and ctx.stdin:
        return lines, None, True  # it asks for the password on the terminal kubectl run -it attaches
    conn, err = connect(ctx, opts, opts.password)
    if conn is None:
        return lines + err.splitlines(), 1, False
    if opts.execute is not None:
        # kubectl run -t gives it a terminal: the results are tables, as the replicated MySQL page shows
        code, text = _run_statements(ctx, opts, conn, opts.execute, bool(getattr(ctx, "tty", False)), False)
        return lines + text.splitlines(), code, False
    if ctx.stdin:
        return lines, None, True
    return lines, 0, False  # no statements and no input: end of input at once


class Repl:
    """mysql reading the lines a learner types: plain data that pickles with the cluster, with the
    surface attaching.py uses of a shell's state (prompt, interact, hang_up, opening)."""

    def __init__(self, args: list, tty: bool):
        self.args = list(args)
        self.opts = Options(args)
        self.interactive = tty
        self.status = 0
        self.cwd = "/"
        self.lines = 0
        self.pod: tuple = ()  # (pod uid, container, its run), as shell.Interactive keeps it
        self.pending = ""  # a statement waiting for its ;
        self.conn: Connection | None = None
        self.asking = self.opts.ask  # reading the password the terminal is asked for
        self.ended = False  # it exited before reading anything (a bad option, no connection)

    def open(self, ctx, shown: bool = True) -> str:
        """Start: the warning, then the connection's banner or error (``shown``: the terminal sees it
        start; kubectl run -it attaches after it has)."""
        out = ""
        if self.opts.error:
            self.ended, self.status = True, 1
            return self.opts.error
        if self.opts.warns:
            out += WARNING
        if self.asking:
            return out if shown else ""
        out += self._connect(ctx, self.opts.password)
        return out if shown else ""

    def _connect(self, ctx, password: str | None) -> str:
        self.conn, err = connect(ctx, self.opts, password)
        if self.conn is None:
            self.ended, self.status = True, 1
            return err
        if not self.interactive:
            return ""
        # [approximate] the copyright year is the client's; it is taken as that of a client of the
        # server's release (5.7.44 says 2023)
        five = self.conn.version.startswith("5.")
        return _BANNER.format(id=self.conn.id, version=self.conn.version,
                              comment=mysql_server.version_comment({"version": self.conn.version}),
                              year=2023 if five else 2025)

    def prompt(self) -> str:
        if not self.interactive or self.ended:
            return ""
        if self.asking:
            return "Enter password: "
        return "    -> " if self.pending.strip() else "mysql> "

    def interact(self, line: str, ctx) -> tuple[int, str, bool]:
        """Run what was typed: (status, output, whether it exited)."""
        if self.ended:
            return self.status, "", True
        out = []
        for one in line.split("\n"):
            self.lines += 1
            if self.asking:
                self.asking = False
                out.append(self._connect(ctx, one))
                if self.ended:
                    return self.status, "".join(out), True
                continue
            word = one.strip().rstrip(";").strip()
            if not self.pending.strip() and word.lower() in ("exit", "quit", "\\q"):
                out.append("Bye\n")
                return 0, "".join(out), True
            if one.strip() == "\\c" or one.strip().endswith("\\c"):
                self.pending = ""
                continue
            done, self.pending = statements(self.pending + one + "\n")
            for sql in done:
                if not sql:
                    out.append("ERROR: \nNo query specified\n\n" if self.interactive else "")
                    continue
                r = _send(ctx, self.conn, sql)
                if not self.interactive and r.kind == "error":
                    self.status = 1  # batch mode stops at the first error
                    out.append(_at_line(r.text, self.lines))
                    return 1, "".join(out), True
                out.append(show(r, self.interactive, self.interactive, self.opts))
        return 0, "".join(out), False

    def hang_up(self, eof: bool = True) -> str:
        """Ctrl-D at the prompt: the client says Bye as it leaves (mysql.cc mysql_end)."""
        return "Bye\n" if self.interactive and not self.ended else ""
