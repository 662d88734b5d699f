"""bash's job control on the console host (bash(1) "JOB CONTROL", jobs.c): ``LIST &``, ``jobs``,
``kill``, ``fg``, ``bg``, ``wait``, ``$!``.

Nothing runs between two lines of this console, so a background job is one
of three things. ``kubectl proxy`` and ``kubectl port-forward`` keep serving
(their modules record the listener on the cluster and ``serving`` ties it to
a job here); ``sleep N &`` is running until N virtual seconds have passed;
anything else runs to its end at once, its output in the line that started
it, and is then reported done. A proxy or port-forward typed without ``&``
keeps running as if in a second terminal and is listed too, so ``kill %1``
can stop it. Jobs are plain data on the console (they pickle with the
cluster); PIDs count up from ``FIRST_PID``, one per program started, as a
kernel hands them out, so they are the same on every replay.

bash reports a job that ended before it prints its next prompt: one that
ended by itself during a line (a port-forward that lost its pod, a sleep
whose time came) after that line's output; one that ``kill`` ended after
the next line's, since the signal lands after ``kill`` returns (jobs.c
notify_of_job_status). ``jobs`` reports and forgets finished jobs itself.
"""
from __future__ import annotations

from clusters.console import timing

FIRST_PID = 4000
# Signals by number: (name, what bash says of a job it killed: strsignal()).
SIGNALS = {1: ("HUP", "Hangup"), 2: ("INT", "Interrupt"), 3: ("QUIT", "Quit"), 4: ("ILL", "Illegal instruction"),
           5: ("TRAP", "Trace/breakpoint trap"), 6: ("ABRT", "Aborted"), 7: ("BUS", "Bus error"),
           8: ("FPE", "Floating point exception"), 9: ("KILL", "Killed"), 10: ("USR1", "User defined signal 1"),
           11: ("SEGV", "Segmentation fault"), 12: ("USR2", "User defined signal 2"), 13: ("PIPE", "Broken pipe"),
           14: ("ALRM", "Alarm clock"), 15: ("TERM", "Terminated"), 16: ("STKFLT", "Stack fault"),
           17: ("CHLD", ""), 18: ("CONT", ""), 19: ("STOP", "Stopped (signal)"), 20: ("TSTP", "Stopped"),
           21: ("TTIN", "Stopped (tty input)"), 22: ("TTOU", "Stopped (tty output)"), 23: ("URG", ""),
           24: ("XCPU", "CPU time limit exceeded"), 25: ("XFSZ", "File size limit exceeded"),
           26: ("VTALRM", "Virtual timer expired"), 27: ("PROF", "Profiling timer expired"), 28: ("WINCH", ""),
           29: ("IO", "I/O possible"), 30: ("PWR", "Power failure"), 31: ("SYS", "Bad system call")}
_IGNORED = {0, 17, 18, 23, 28}  # a process's default for these is to carry on
_STOPPING = {19, 20, 21, 22}
KILL_USAGE = "kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n"


class Job:
    __slots__ = ("number", "pid", "text", "state", "code", "kind", "key", "ends_at", "notify_from")

    def __init__(self, number: int, pid: int, text: str):
        self.number = number
        self.pid = pid
        self.text = text
        self.state = "Running"  # else what bash says of it: Done, Exit N, Terminated...
        self.code = 0
        self.kind = ""  # "proxy" / "port-forward" (serving), "sleep", "" (ran at once)
        self.key = None  # the proxy's port, the port-forward's pid
        self.ends_at = 0.0
        self.notify_from = 0  # the console line after which its end is reported


def table(console) -> list[Job]:
    found = getattr(console, "jobs", None)
    if found is None:
        found = console.jobs = []
    return found


def fork(console) -> int:
    """The PID of a process the console starts."""
    pid = getattr(console, "next_pid", FIRST_PID)
    console.next_pid = pid + 1
    return pid


def _new(console, text: str, pid: int | None = None) -> Job:
    jobs = table(console)
    job = Job(max((j.number for j in jobs), default=0) + 1, fork(console) if pid is None else pid, text)
    jobs.append(job)
    return job


def _next_pid(console) -> int:
    return getattr(console, "next_pid", FIRST_PID)


def _line(console) -> int:
    return getattr(console, "lines", 0)


def _end(console, job: Job, state: str, code: int, later: bool = False) -> None:
    job.state, job.code = state, code
    job.notify_from = _line(console) + (1 if later else 0)


# -- what the shell and the servers call -----------------------------------------------

def start(console, ao, inp, out, err) -> int:
    """``LIST &``: print ``[N] PID`` and start it; $? is 0, $! its PID."""
    # the job's PID is its first process's: the next one handed out (a list of builtins is a subshell)
    job = _new(console, ao.text, _next_pid(console))
    err(f"[{job.number}] {job.pid}\n")
    console.last_background = job.pid
    saved = console.background
    console.background = job
    try:
        code = console.run_and_or(ao, inp, out, err)
    finally:
        console.background = saved
        if _next_pid(console) == job.pid:
            fork(console)
    if not job.kind:
        # it ran to its end at once; bash notices after it has shown the next prompt
        _end(console, job, "Done" if code == 0 else f"Exit {code}", code, later=True)
    return 0


def serving(ctx, kind: str, key, pid: int | None = None) -> Job:
    """A kubectl proxy or port-forward now listening: the job it is (one started with ``&``, or a new
    one for a command typed without, which keeps running as if in a second terminal)."""
    console = ctx.console
    job = getattr(console, "background", None)
    if job is None or job.kind:
        job = _new(console, getattr(console, "job_text", "") or f"kubectl {kind}", pid)
    job.kind, job.key = kind, key
    return job


def background(ctx) -> Job | None:
    """The job a program runs in when it was started with ``&``."""
    job = getattr(ctx.console, "background", None)
    return job if job is not None and not job.kind else None


def sleeping(ctx, seconds: float) -> bool:
    """``sleep N &``: the job runs until N virtual seconds from now (True), instead of the clock moving."""
    job = background(ctx)
    if job is None:
        return False
    job.kind = "sleep"
    job.ends_at = ctx.cluster.clock.now + seconds
    return True


def _alive(console, job: Job) -> bool:
    from clusters.console.kubectl import port_forward, proxy

    cluster = console.cluster
    if job.kind == "proxy":
        return job.key in proxy.proxies(cluster)
    if job.kind == "port-forward":
        return any(f["pid"] == job.key for f in port_forward.forwards(cluster))
    if job.kind == "sleep":
        return cluster.clock.now < job.ends_at
    return True


def _reap(console) -> None:
    """Jobs that ended by themselves since bash last looked."""
    for job in table(console):
        if job.state == "Running" and job.kind and not _alive(console, job):
            # a port-forward that lost its pod exits 1 (error: lost connection to pod)
            _end(console, job, "Exit 1" if job.kind == "port-forward" else "Done", 1 if job.kind == "port-forward" else 0)


def _stop_serving(console, job: Job) -> None:
    from clusters.console.kubectl import port_forward, proxy

    cluster = console.cluster
    if job.kind == "proxy":
        proxy.proxies(cluster).pop(job.key, None)
    elif job.kind == "port-forward":
        forwards = port_forward.forwards(cluster)
        forwards[:] = [f for f in forwards if f["pid"] != job.key]


def _marks(console) -> dict:
    """jobs.c: + the current job (the latest started), - the previous one."""
    jobs = table(console)
    marks = {}
    if jobs:
        marks[jobs[-1].number] = "+"
    if len(jobs) > 1:
        marks[jobs[-2].number] = "-"
    return marks


def _shown(job: Job, mark: str, pid: bool = False) -> str:
    """jobs.c pretty_print_job: ``[1]+  Running                 kubectl proxy &``."""
    text = job.text + (" &" if job.state == "Running" else "")
    return f"[{job.number}]{mark or ' '}  {str(job.pid) + ' ' if pid else ''}{job.state:<24}{text}\n"


def notify(console, write) -> None:
    """Before the next prompt: the jobs that ended, once each."""
    _reap(console)
    jobs = table(console)
    marks = _marks(console)
    done = [j for j in jobs if j.state != "Running" and j.notify_from <= _line(console)]
    for job in done:
        write(_shown(job, marks.get(job.number, "")))
        jobs.remove(job)


# -- job specs ------------------------------------------------------------------------

class _NoJob(Exception):
    pass


def _find(console, spec: str) -> Job:
    """``%N``, ``%%``, ``%+``, ``%-``, ``%string``, ``%?string`` (jobs.c get_job_spec)."""
    jobs = table(console)
    body = spec[1:] if spec.startswith("%") else spec
    if body in ("", "%", "+"):
        if jobs:
            return jobs[-1]
        raise _NoJob("current")
    if body == "-":
        if len(jobs) > 1:
            return jobs[-2]
        if jobs:
            return jobs[-1]
        raise _NoJob("previous")
    if body.isdigit():
        for job in jobs:
            if job.number == int(body):
                return job
        raise _NoJob(spec)
    contains = body.startswith("?")
    word = body[1:] if contains else body
    found = [j for j in jobs if (word in j.text if contains else j.text.startswith(word))]
    if len(found) > 1:
        raise _NoJob(f"{word}: ambiguous job spec")
    if not found:
        raise _NoJob(spec)
    return found[0]


def _spec_error(name: str, spec: str, e: _NoJob) -> str:
    what = str(e)
    if what.endswith("ambiguous job spec"):
        return f"bash: {name}: {what}\n"
    return f"bash: {name}: {what}: no such job\n"


# -- the builtins -----------------------------------------------------------------------

def jobs_builtin(ctx, argv: list[str]) -> int:
    console = ctx.console
    long = pids = running = stopped = False
    specs = []
    for a in argv:
        if a.startswith("-") and len(a) > 1 and not specs:
            for f in a[1:]:
                if f == "l":
                    long = True
                elif f == "p":
                    pids = True
                elif f == "r":
                    running = True
                elif f == "s":
                    stopped = True
                elif f == "n":
                    pass
                else:
                    ctx.err(f"bash: jobs: -{f}: invalid option\njobs: usage: jobs [-lnprs] [jobspec ...] or jobs -x "
                            "command [args]\n")
                    return 2
            continue
        specs.append(a)
    _reap(console)
    jobs = table(console)
    marks = _marks(console)
    chosen: list[Job] = []
    code = 0
    for spec in specs:
        try:
            chosen.append(_find(console, spec))
        except _NoJob as e:
            ctx.err(_spec_error("jobs", spec, e))
            code = 1
    if not specs:
        chosen = list(jobs)
    for job in chosen:
        if (running and job.state != "Running") or stopped:
            continue
        ctx.out(f"{job.pid}\n" if pids else _shown(job, marks.get(job.number, ""), long))
    for job in chosen:
        if job.state != "Running" and job in jobs:
            jobs.remove(job)  # reported: bash forgets it
    return code


def _signal(text: str) -> int | None:
    t = text.upper()
    if t.isdigit():
        n = int(t)
        return n if n == 0 or n in SIGNALS or 34 <= n <= 64 else None
    t = t[3:] if t.startswith("SIG") else t
    for n, (name, _) in SIGNALS.items():
        if name == t:
            return n
    return None


def kill(ctx, argv: list[str]) -> int:
    console = ctx.console
    if not argv:
        ctx.err(KILL_USAGE)
        return 2
    sig = 15
    args = list(argv)
    if args[0] == "-l" or args[0] == "-L":
        return _list_signals(ctx, args[1:])
    if args[0] in ("-s", "-n"):
        if len(args) < 2:
            ctx.err(f"bash: kill: {args[0]}: option requires an argument\n" + KILL_USAGE)
            return 2
        sig_ = _signal(args[1])
        if sig_ is None:
            ctx.err(f"bash: kill: {args[1]}: invalid signal specification\n")
            return 1
        sig, args = sig_, args[2:]
    elif args[0].startswith("-") and len(args[0]) > 1 and args[0] != "--":
        sig_ = _signal(args[0][1:])
        if sig_ is None:
            ctx.err(f"bash: kill: {args[0][1:]}: invalid signal specification\n")
            return 1
        sig, args = sig_, args[1:]
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        ctx.err(KILL_USAGE)
        return 2
    code = 0
    _reap(console)
    for target in args:
        try:
            job = _target(console, target)
        except _NoJob as e:
            ctx.err(_spec_error("kill", target, e) if target.startswith("%") else str(e))
            code = 1
            continue
        if job is None or job.state != "Running":
            continue  # an ended job's process is gone, but bash has not reported it: kill says nothing
        if sig in _STOPPING:
            ctx.err(f"bash: kill: this console cannot stop a job: {job.text} keeps running ('kill %{job.number}' ends it)\n")
            code = 1
            continue
        if sig in _IGNORED:
            continue
        _stop_serving(console, job)
        if job.kind == "port-forward" and sig == 2:
            _end(console, job, "Done", 0, later=True)  # kubectl port-forward stops cleanly on SIGINT (portforward.go)
        else:
            _end(console, job, SIGNALS.get(sig, ("", f"Real-time signal {sig - 34}"))[1], 128 + sig, later=True)
    return code


def _target(console, target: str) -> Job | None:
    if target.startswith("%"):
        return _find(console, target)
    pid = target[1:] if target.startswith("-") else target
    if not pid.isdigit():
        raise _NoJob(f"bash: kill: {target}: arguments must be process or job IDs\n")
    for job in table(console):
        if job.pid == int(pid):
            return job
    raise _NoJob(f"bash: kill: ({pid}) - No such process\n")


def _list_signals(ctx, args: list[str]) -> int:
    if args:
        code = 0
        for a in args:
            if a.isdigit():
                n = int(a)
                n = n - 128 if n > 128 else n
                if n in SIGNALS:
                    ctx.out(SIGNALS[n][0] + "\n")
                    continue
            elif _signal(a) is not None:
                ctx.out(f"{_signal(a)}\n")
                continue
            ctx.err(f"bash: kill: {a}: invalid signal specification\n")
            code = 1
        return code
    names = [f"{n:2d}) SIG{name}" for n, (name, _) in SIGNALS.items()]
    names += [f"{n:2d}) SIG{'RTMIN+' + str(n - 34) if n < 50 else 'RTMAX-' + str(64 - n)}".replace("RTMIN+0", "RTMIN")
              .replace("RTMAX-0", "RTMAX") for n in range(34, 65)]
    lines = ["\t".join(names[i:i + 5]) for i in range(0, len(names), 5)]
    ctx.out("\n".join(lines) + "\t\n")
    return 0


def fg(ctx, argv: list[str]) -> int:
    """Bring a job back to the terminal: a sleep finishes its time; a server runs until Ctrl-C, which
    this console cannot wait for, so it is stopped as a foreground command is (timing.FOLLOW_WINDOW)."""
    console = ctx.console
    job = _running(ctx, "fg", argv)
    if job is None:
        return 1
    ctx.out(job.text + "\n")
    table(console).remove(job)
    if job.kind == "sleep":
        console.sleep(max(0.0, job.ends_at - ctx.cluster.clock.now))
        return 0
    try:
        console.sleep(timing.FOREVER)
    finally:
        _stop_serving(console, job)  # Ctrl-C: the foreground job ends, and bash reports nothing of it
    return 0


def _running(ctx, name: str, argv: list[str]) -> Job | None:
    """The running job ``fg``/``bg`` name (the current one by default), or None once said why not."""
    _reap(ctx.console)
    spec = argv[0] if argv else "%+"
    try:
        job = _find(ctx.console, spec)
    except _NoJob as e:
        ctx.err(_spec_error(name, spec, e))
        return None
    if job.state != "Running":
        ctx.err(f"bash: {name}: job has terminated\n")
        return None
    return job


def bg(ctx, argv: list[str]) -> int:
    job = _running(ctx, "bg", argv)
    if job is None:
        return 1
    ctx.err(f"bash: bg: job {job.number} already in background\n")
    return 0


def wait(ctx, argv: list[str]) -> int:
    """``wait [%N|PID]``: sleeps run out their time; a server never ends, so the wait is stopped as
    Ctrl-C would stop it."""
    console = ctx.console
    _reap(console)
    chosen: list[Job] = []
    for a in argv:
        try:
            job = _target(console, a)
        except _NoJob as e:
            ctx.err(_spec_error("wait", a, e) if a.startswith("%") else f"bash: wait: pid {a} is not a child of this shell\n")
            return 127
        if job is not None:
            chosen.append(job)
    if not argv:
        chosen = list(table(console))
    running = [j for j in chosen if j.state == "Running"]
    sleeps = [j.ends_at for j in running if j.kind == "sleep"]
    if sleeps:
        console.sleep(max(0.0, max(sleeps) - ctx.cluster.clock.now))
        _reap(console)
    if any(j.kind in ("proxy", "port-forward") and j.state == "Running" for j in chosen):
        console.sleep(timing.FOREVER)
    return chosen[-1].code if argv and chosen else 0
