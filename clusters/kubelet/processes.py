"""A container's processes, as ``ps`` and ``/proc/PID/status`` show them.

The container's PID namespace numbers its processes in the order they are made: its command is
PID 1, and every process after it (an exec'd shell, each program a shell forks) takes the next
number; the counter lives on the ContainerRuntime, so it starts again with each run. A shell
given ``-c`` execs its last simple command in place of itself (busybox ash and dash evaltree with
EV_EXIT; bash only when the script is that one command), so ``sh -c "sleep 1h"`` is PID 1
``sleep 1h``, as the Security Context page's ``ps`` shows.

The simulation knows the container's command, the shells a learner has open on it through the
Env, and the program running now; a server's own children are modelled only where a page shows
them (nginx's workers, in a shared namespace).

A pod with ``shareProcessNamespace: true`` has one namespace for all its containers (kuberuntime
NamespaceForPod: NamespaceMode_POD, the sandbox's): the sandbox's ``/pause`` is PID 1 and the
containers' processes take the pod's next numbers in the order runc starts them (PidNamespace, kept
by the kubelet for such pods only), so ``ps`` in one container lists the others' and ``kill`` reaches
them. Other pods keep the counter per container run, as before.
"""
from __future__ import annotations

import datetime
import re

from clusters.kubelet import seccomp, security, utilities

# busybox procps/ps.c (DESKTOP): the default -o "pid,user,time,args"; the line is cut at the
# terminal's width, 80 columns when it cannot ask (get_terminal_width).
_WIDTH = 80


# The nginx image's user (docker-nginx's Dockerfile: useradd --uid 101 nginx), which the workers of a
# master started as root switch to (nginx.conf's ``user nginx;``).
NGINX_UID = 101
# The sandbox's process: the pause image's entrypoint, and the user the image runs it as.
PAUSE = "/pause"
PAUSE_UID = 65535
# The signals whose default action ends a process (signal(7): Term and Core), by number.
FATAL = {"HUP": 1, "INT": 2, "QUIT": 3, "KILL": 9, "USR1": 10, "USR2": 12, "PIPE": 13, "ALRM": 14, "TERM": 15}


class PidNamespace:
    """A pod's shared PID namespace: its last PID handed out, and each container's running processes."""

    def __init__(self):
        self.last = 1  # /pause
        self.mains: dict = {}  # container name -> (run, PID of its command, PIDs of its server's workers)

    def take(self) -> int:
        self.last += 1
        return self.last

    def started(self, cname: str, run: int, pid: int, workers: tuple) -> None:
        self.mains[cname] = (run, pid, workers)
        self.last = max((self.last, pid) + tuple(workers))


class Processes:
    """The process table of one container run, handed to its shells (Env.procs)."""

    def __init__(self, c, main_args: str, pod_spec: dict, container: dict, ids: tuple):
        self.c = c
        self.main_args = main_args
        self.pod_spec = pod_spec
        self.container = container
        self.ids = ids
        self.times = (0.0, 0.0)  # epoch seconds of the container's start and of now (procps's STIME and TIME)
        # In a shared namespace (PidNamespace): the namespace, and the kubelet's view of the pod's processes:
        # ``table()`` -> (rows, roots), read afresh each time since a signal can change them, where rows are
        # (pid, uid, args) with this container's command among them, and roots say, by pid, whether this
        # container may follow /proc/PID/root (security.ptrace_may_access); ``signal(pid, sig, sender)``.
        self.ns: PidNamespace | None = None
        self.pod = None

    @property
    def rows(self) -> list:
        return self.pod.table()[0] if self.pod is not None else []

    @property
    def main_pid(self) -> int:
        return self.ns.mains.get(self.c.name, (0, 1))[1] if self.ns is not None else 1

    def spawn(self) -> int:
        """A new process's PID."""
        if self.ns is not None:
            return self.ns.take()
        self.c.last_pid = getattr(self.c, "last_pid", 1) + 1
        return self.c.last_pid

    def ps(self, lineage: tuple, own: tuple) -> str:
        """busybox ps: PID 1, the shells the command runs under (``lineage``: (pid, args) each), itself; in a
        shared namespace every process of the pod, by PID, each user named by this image's /etc/passwd."""
        uid = self.ids[0]
        main = self.main_pid
        rows = self.rows if self.ns is not None else [(1, uid, self.main_args)]
        rows = rows + [(pid, uid, args) for pid, args in lineage if pid != main] + [(own[0], uid, own[1])]
        lines = ["PID   USER     TIME  COMMAND"]
        lines += [f"{pid:5d} {utilities.user_name(who)[:8]:<8} {'0:00':>5} {args}"[:_WIDTH]
                  for pid, who, args in sorted(rows)]
        return "\n".join(lines) + "\n"

    def kill(self, pid: int, sig: str, sender: int, lineage: tuple) -> bool:
        """kill(2) from ``sender`` in a shared namespace: False when no process has ``pid``. A container's
        command gets the signal (pod.signal); /pause and the shells take it as nothing [approximate]."""
        if pid in {row[0] for row in self.rows if row[0] != 1}:
            self.pod.signal(pid, sig, sender)
            return True
        return pid == 1 or pid in {row[0] for row in lineage}

    def root_error(self, path: str) -> str | None:
        """Why ``path`` under another process's /proc/PID/root cannot be opened: EACCES when ptrace's access
        check refuses it, else None."""
        parts = path.split("/")
        if self.ns is None or len(parts) < 4 or parts[1] != "proc" or parts[3] != "root" or not parts[2].isdigit():
            return None
        return None if self.pod.table()[1].get(int(parts[2]), True) else "Permission denied"

    def ps_full(self, own: tuple, names: dict, long: bool = False) -> str:
        """procps-ng 3.3's ``ps -ef`` (UID PID PPID C STIME TTY TIME CMD), with ``long`` ``-elf``'s F S ... PRI NI
        ADDR SZ WCHAN too: PID 1, with the CPU time its program used since the container started, and ``own``,
        the exec'd ps (its PPID 0: its parent is outside the namespace). Both began in runc's init as root, so
        both keep F's 4 (PF_SUPERPRIV). ``names``: the image's /etc/passwd; a name longer than 8 is cut to 7
        and "+". SZ, the pages of virtual memory, is a JVM's heap plus 2.4 GiB, or ps's own [approximate]."""
        start, now = self.times
        cpu_m = self.c.program.cpu_m if self.c.program is not None else 0.0
        name = names.get(self.ids[0], str(self.ids[0]))
        user = name if len(name) <= 8 else name[:7] + "+"

        def row(pid: int, since: float, used: float, args: str, state: str) -> str:
            stime = datetime.datetime.fromtimestamp(since, datetime.timezone.utc).strftime("%H:%M")
            secs = int(used)
            time = f"{secs // 3600:02d}:{secs // 60 % 60:02d}:{secs % 60:02d}"
            c = str(int(100 * used / max(1.0, now - since)))
            cells = [(user, 8, False), (str(pid), 5, True), ("0", 5, True), (c, 2, True)]
            if long:
                cells = [("4", 1, True), (state, 1, False)] + cells + [("80", 3, True), ("0", 3, True), ("-", 1, False),
                                                                       (str(_pages(args)), 5, True), ("-", 6, False)]
            return _columns(cells + [(stime, 5, True), ("?", 8, False), (time, 8, True), (args, 0, False)])
        head = "F S UID        PID  PPID  C PRI  NI ADDR SZ WCHAN  STIME TTY          TIME CMD" if long else \
            "UID        PID  PPID  C STIME TTY          TIME CMD"
        lines = [head, row(1, start, cpu_m / 1000.0 * max(0.0, now - start), self.main_args, "S"),
                 row(own[0], now, 0.0, own[1], "R")]
        return "\n".join(lines) + "\n"

    def status(self, pid: int, name: str) -> str:
        """/proc/PID/status (fs/proc/array.c proc_pid_status, Linux 6.8), the lines a page reads."""
        uid, gid, groups = self.ids
        caps = security.capability_sets(self.pod_spec, self.container, uid)
        lines = [f"Name:\t{name[:15]}", "Umask:\t0022", "State:\tS (sleeping)", f"Tgid:\t{pid}", "Ngid:\t0",
                 f"Pid:\t{pid}", f"PPid:\t{0 if pid == 1 else 1}", "TracerPid:\t0",
                 f"Uid:\t{uid}\t{uid}\t{uid}\t{uid}", f"Gid:\t{gid}\t{gid}\t{gid}\t{gid}", "FDSize:\t64",
                 "Groups:\t" + "".join(f"{g} " for g in groups),
                 f"NStgid:\t{pid}", f"NSpid:\t{pid}", f"NSpgid:\t{pid}", f"NSsid:\t{pid}",
                 "Kthread:\t0", "Threads:\t1", "SigQ:\t0/62481", "SigPnd:\t0000000000000000",
                 "ShdPnd:\t0000000000000000", "SigBlk:\t0000000000000000", "SigIgn:\t0000000000000000",
                 "SigCgt:\t0000000000000000"]
        lines += [f"{k}:\t{v:016x}" for k, v in caps.items()]
        lines += [f"NoNewPrivs:\t{int(security.no_new_privs(self.container))}",
                  *seccomp.status_lines(self.pod_spec, self.container), "Speculation_Store_Bypass:\tthread vulnerable",
                  "Cpus_allowed_list:\t0-3", "voluntary_ctxt_switches:\t1", "nonvoluntary_ctxt_switches:\t0"]
        return "\n".join(lines) + "\n"


def main_args(argv: list, shells: dict, statements) -> str:
    """What /proc/1/cmdline shows for a container started with ``argv``: a shell's ``-c`` script
    leaves its last simple command in its place (``statements(script)``: shell._statements of it)."""
    return " ".join(exec_argv(argv, shells, statements) or argv)


def exec_argv(argv: list, shells: dict, statements) -> list | None:
    """The words of the command a shell's ``-c`` script execs in place of the shell, or None."""
    base = argv[0].rsplit("/", 1)[-1] if argv else ""
    if base in shells and len(argv) >= 3 and argv[1] == "-c":
        stmts = statements(argv[2])
        last = stmts[-1] if stmts else None
        single = len(stmts) == 1
        if last is not None and isinstance(last[1], list) and last[2] is None and last[0] in (";", "&&", "||") \
                and (single or shells[base] != utilities.BASH):
            return list(last[1])
    return None


def _columns(cells: list) -> str:
    """procps's row: (text, width, right-aligned) cells one space apart; a cell wider than its column takes the
    room it needs from the padding of the cells after it (procps output.c's space stealing)."""
    out, debt = [], 0
    for text, width, right in cells:
        pad = max(0, width - len(text))
        take = min(pad, debt)
        pad, debt = pad - take, debt - take + max(0, len(text) - width)
        out.append(" " * pad + text if right else text + " " * pad)
    return " ".join(out).rstrip()


def _pages(args: str) -> int:
    """SZ of a process: a JVM's -Xmx heap plus 2.4 GiB of the rest of its address space, else ps's 8948."""
    m = re.search(r" -Xmx(\d+)([KMG])", args)
    if not m:
        return 8948
    heap = int(m.group(1)) << {"K": 10, "M": 20, "G": 30}[m.group(2)]
    return (heap + int(2.4 * (1 << 30))) // 4096


def pkill(args: list, main: str, signal) -> tuple[int, str]:
    """procps-ng pkill [-SIGNAL] PATTERN: signals the processes whose name (comm, 15 characters) matches;
    here PID 1, the one process besides pkill itself. 0 when one matched, else 1."""
    sig, pattern = "TERM", None
    for a in args:
        if a.startswith("-") and len(a) > 1 and pattern is None:
            name = a[1:].upper()
            sig = {"9": "KILL", "15": "TERM", "2": "INT", "1": "HUP"}.get(name, name.removeprefix("SIG"))
        else:
            pattern = a
    if pattern is None:
        return 2, "pkill: no matching criteria specified\nTry `pkill --help' for more information.\n"
    comm = main.split(" ", 1)[0].rsplit("/", 1)[-1][:15]
    try:
        matched = re.search(pattern, comm) is not None
    except re.error:
        return 2, f"pkill: cannot compile regular expression '{pattern}'\n"
    if matched and signal is not None:
        signal(sig)
    return (0 if matched else 1), ""
