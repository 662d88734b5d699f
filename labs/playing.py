"""Play a scripted session (a lab's reference solution or wrong path) on a fresh cluster.

Each line goes through ``Cluster.run`` exactly as if a learner typed it, and
the lab is re-evaluated after every line with the previous progress carried
forward, as the platform does. ``sim advance 2m`` lines let virtual time pass.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from labs.model import Lab, Play
from labs.progress import Progress, evaluate


@dataclass
class Transcript:
    progress: Progress
    cluster: object
    lines: list[tuple[str, str, int]] = field(default_factory=list)  # (command, output, exit code)


def play(lab: Lab, play: Play, cluster=None) -> Transcript:
    cluster = cluster if cluster is not None else lab.new_cluster()
    progress = evaluate(lab, cluster, {}, None)
    lines = []
    for line in play.commands:
        out = cluster.run(line)
        lines.append((line, out.text, out.exit_code))
        progress = evaluate(lab, cluster, {}, progress)
    progress = evaluate(lab, cluster, resolve_answers(lab, cluster, play.answers), progress)
    return Transcript(progress, cluster, lines)


# A scripted answer to a question whose right answer depends on the learner's
# own cluster (which node a pod landed on): "answer with what this cluster
# shows". The solution test still proves the answer can be computed.
FROM_CLUSTER = "@cluster"


def resolve_answers(lab: Lab, cluster, answers: dict) -> dict:
    from labs import checks
    from labs.checks.answers import Unavailable

    out = dict(answers)
    ctx = checks.Context(cluster, {})
    for q in lab.questions:
        if out.get(q.id) == FROM_CLUSTER:
            try:
                out[q.id] = q.check.expected(ctx)[0]
            except (Unavailable, IndexError):
                out[q.id] = None
    return out


def solve(lab: Lab) -> Transcript:
    return play(lab, lab.solution)


def report(progress: Progress) -> str:
    out = []
    for s in progress.steps:
        out.append(f"  {s.status:<8} {s.earned:>5g}/{s.points:<3} {s.id}: {s.message}")
        for h in s.hints:
            out.append(f"           hint: {h}")
    for q in progress.questions:
        out.append(f"  {q.status:<8} {q.earned:>5g}/{q.points:<3} {q.id}: {q.message}")
    out.append(f"  total    {progress.earned:g}/{progress.total} ({progress.score:.0%})")
    return "\n".join(out) + "\n"
