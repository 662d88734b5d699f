"""A container's processes, as ``ps`` and ``/proc/PID/status`` show them.

The container's PID namespace numbers its processes in the order they are made: its command is
PID 1, and every process after it (an exec'd shell, each program a shell forks) takes the next
number; the counter lives on the ContainerRuntime, so it starts again with each run. A shell
given ``-c`` execs its last simple command in place of itself (busybox ash and dash evaltree with
EV_EXIT; bash only when the script is that one command), so ``sh -c "sleep 1h"`` is PID 1
``sleep 1h``, as the Security Context page's ``ps`` shows.

The simulation knows the container's command, the shells a learner has open on it through the
Env, and the program running now; a server's own children (nginx's workers) are not modelled.
"""
from __future__ import annotations

from clusters.kubelet import security, utilities

# busybox procps/ps.c (DESKTOP): the default -o "pid,user,time,args"; the line is cut at the
# terminal's width, 80 columns when it cannot ask (get_terminal_width).
_WIDTH = 80


class Processes:
    """The process table of one container run, handed to its shells (Env.procs)."""

    def __init__(self, c, main_args: str, pod_spec: dict, container: dict, ids: tuple):
        self.c = c
        self.main_args = main_args
        self.pod_spec = pod_spec
        self.container = container
        self.ids = ids

    def spawn(self) -> int:
        """A new process's PID."""
        self.c.last_pid = getattr(self.c, "last_pid", 1) + 1
        return self.c.last_pid

    def ps(self, lineage: tuple, own: tuple) -> str:
        """busybox ps: PID 1, the shells the command runs under (``lineage``: (pid, args) each), itself."""
        user = utilities.user_name(self.ids[0])
        rows = [(1, self.main_args)] + [row for row in lineage if row[0] != 1] + [own]
        lines = ["PID   USER     TIME  COMMAND"]
        lines += [f"{pid:5d} {user[:8]:<8} {'0:00':>5} {args}"[:_WIDTH] for pid, args in rows]
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
        lines += [f"NoNewPrivs:\t{int(security.no_new_privs(self.container))}", "Seccomp:\t0",
                  "Seccomp_filters:\t0", "Speculation_Store_Bypass:\tthread vulnerable",
                  "Cpus_allowed_list:\t0-3", "voluntary_ctxt_switches:\t1", "nonvoluntary_ctxt_switches:\t0"]
        return "\n".join(lines) + "\n"


def main_args(argv: list, shells: dict, statements) -> str:
    """What /proc/1/cmdline shows for a container started with ``argv``: a shell's ``-c`` script
    leaves its last simple command in its place (``statements(script)``: shell._statements of it)."""
    base = argv[0].rsplit("/", 1)[-1] if argv else ""
    if base in shells and len(argv) >= 3 and argv[1] == "-c":
        stmts = statements(argv[2])
        last = stmts[-1] if stmts else None
        single = len(stmts) == 1
        if last is not None and isinstance(last[1], list) and last[2] is None and last[0] in (";", "&&", "||") \
                and (single or shells[base] != utilities.BASH):
            return " ".join(last[1])
    return " ".join(argv)
