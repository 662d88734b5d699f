"""``python -m clusters``: a terminal console on a fresh simulated cluster.

On a terminal it reads lines with editing and history (readline) and follows
real time: virtual time advances with the wall clock between commands, so
pods start while you read. When standard input is not a terminal it reads
one command per line, prints each output, and lets time pass only when a
command says so (``sim advance 30s``), so scripted sessions are repeatable.

``kubectl exec -ti POD -- sh`` (and ``kubectl run -ti``, ``kubectl attach -ti``)
attaches the terminal to a shell in the pod: the prompt becomes that shell's
(``Output.prompt``), the lines typed go to it, and Ctrl-D ends it as a
terminal's would.

This module is a host, like the platform: it is the only place in
``clusters`` that reads the wall clock.
"""
from __future__ import annotations

import argparse
import sys
import time

from clusters import Cluster, ClusterSpec
from clusters.console import EOF


def _parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m clusters", description="A simulated Kubernetes 1.32 cluster in your terminal.")
    p.add_argument("--nodes", type=int, default=3, help="worker nodes besides the control plane (default 3)")
    p.add_argument("--seed", type=int, default=0, help="seed for names, UIDs and jitter (default 0)")
    p.add_argument("--cpu", default="2", help="CPU per node (default 2)")
    p.add_argument("--memory", default="8Gi", help="memory per node (default 8Gi)")
    p.add_argument("--speed", type=float, default=1.0, help="virtual seconds per real second on a terminal (default 1)")
    p.add_argument("-c", "--command", action="append", default=[], help="run this command and exit (repeatable)")
    args = p.parse_args(argv)
    if args.nodes < 0 or args.nodes > 5000:
        p.error("--nodes must be between 0 and 5000")
    return args


def _emit(text: str, raw: bool = False) -> None:
    """Print a command's output; ``raw`` keeps an unfinished line open, as a pod's shell leaves it
    for its prompt (``echo -n hi`` then ``/ # ``)."""
    if text:
        sys.stdout.write(text if raw or text.endswith("\n") else text + "\n")
        sys.stdout.flush()


def _prompt(cluster: Cluster) -> str:
    """The attached shell's prompt in a pod, or the console's own."""
    prompt = cluster.prompt()
    return "kubelab$ " if prompt is None else prompt


def main(argv: list[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    cluster = Cluster(ClusterSpec(nodes=args.nodes, node_cpu=args.cpu, node_memory=args.memory), seed=args.seed)
    if args.command:
        code = 0
        for line in args.command:
            out = cluster.run(line)
            _emit(out.text)
            code = out.exit_code
        return code
    if not sys.stdin.isatty():
        code = 0
        pending: list[str] = []
        for raw in sys.stdin:
            pending.append(raw.rstrip("\n"))
            if cluster.prompt() is None and cluster.incomplete("\n".join(pending)):
                continue  # a loop or heredoc goes on, as bash reads on at its PS2
            out = cluster.run("\n".join(pending))
            pending = []
            _emit(out.text)
            code = out.exit_code
        if pending:
            out = cluster.run("\n".join(pending))
            _emit(out.text)
            code = out.exit_code
        return code
    return _interactive(cluster, args.speed)


def _interactive(cluster: Cluster, speed: float) -> int:
    try:
        import readline  # noqa: F401  (line editing and history for input())

        def completer(text: str, state: int):
            buf = readline.get_line_buffer()
            options = cluster.complete(buf)
            options = [o for o in options if o.startswith(text)] or options
            return options[state] if state < len(options) else None

        readline.set_completer(completer)
        readline.set_completer_delims(" \t\n=")
        readline.parse_and_bind("tab: complete")
    except ImportError:
        pass
    print(f"Kubelab: a simulated Kubernetes {cluster.spec.version} cluster with {cluster.spec.nodes} worker node(s).")
    print("Type kubectl commands; 'sim help' for time and faults; Ctrl-D to leave.")
    base_real = time.monotonic()
    base_virtual = cluster.now
    while True:
        try:
            line = input(_prompt(cluster))
            while cluster.prompt() is None and cluster.incomplete(line):
                try:
                    line += "\n" + input("> ")  # bash's PS2: the command goes on
                except EOFError:
                    print()
                    break  # run what there is: bash's "unexpected end of file"
        except EOFError:
            if cluster.prompt() is None:
                print()
                return 0
            line = EOF  # Ctrl-D ends the attached shell, not this console
        except KeyboardInterrupt:
            print("^C")
            continue
        mode = getattr(cluster, "time_mode", None) or {}
        if not mode.get("paused"):
            s = float(mode.get("speed", speed) or speed)
            target = base_virtual + (time.monotonic() - base_real) * s
            cluster.advance_to(max(cluster.now, target))
        out = cluster.run(line)
        _emit(out.text, raw=out.prompt is not None)
        # Commands that jump time (sim advance, kubectl wait) move the base too.
        base_real = time.monotonic()
        base_virtual = cluster.now


if __name__ == "__main__":
    sys.exit(main())
