"""A lab as the engine and the platform see it, read from ``labs/<slug>/``.

``Lab.read(folder)`` trusts the data: run ``validation.problems(folder)``
first (``python -m labs validate`` does) to get ``file:line`` messages for
anything wrong. ``labs.load`` does both.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from clusters import Cluster, ClusterSpec, timeutil

from labs import checks, yamlmarks

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SEED = 42
# Authored hints given as plain strings unlock one by one, every this many commands.
HINT_SPACING = 2


@dataclass
class Hint:
    text: str
    after: int  # commands typed on the step before it shows


@dataclass
class Step:
    id: str
    title: str
    instructions: str
    points: int
    checks: list
    hints: list[Hint] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "instructions": self.instructions, "points": self.points,
                "checks": [c.title() for c in self.checks]}


@dataclass
class Question:
    id: str
    prompt: str
    answer_type: str
    points: int
    check: Any
    choices: list = field(default_factory=list)
    explanation: str = ""

    def as_dict(self) -> dict:
        """What the page shows (never the expected answer)."""
        d = {"id": self.id, "prompt": self.prompt, "answer_type": self.answer_type, "points": self.points}
        if self.choices:
            d["choices"] = list(self.choices)
        return d


@dataclass
class Play:
    """A scripted session: console lines and reflection answers."""
    commands: list[str]
    answers: dict
    expect_hint: str = ""
    expect_step: str = ""


@dataclass
class Section:
    file: str
    markdown: str

    def try_this(self) -> list[str]:
        """The "try this" blocks (```console fences): lines the page turns into paste buttons."""
        return console_blocks(self.markdown)


@dataclass
class Lab:
    slug: str
    folder: str
    title: str
    summary: str
    minutes: int
    difficulty: str
    prerequisites: list[str]
    tags: list[str]
    cluster: dict
    seed: int
    background: list[Section]
    steps: list[Step]
    questions: list[Question]
    solution: Play
    wrong_path: Play
    hint_after: int = 1

    @classmethod
    def read(cls, folder: str) -> "Lab":
        folder = os.path.abspath(folder)
        doc = yamlmarks.load_file(os.path.join(folder, "lab.yaml"))
        return cls.from_data(doc.data, folder)

    @classmethod
    def from_data(cls, d: dict, folder: str) -> "Lab":
        bg = d["background"]
        files = [bg] if isinstance(bg, str) else list(bg)
        background = []
        for f in files:
            with open(os.path.join(folder, f), encoding="utf-8") as fh:
                background.append(Section(f, fh.read()))
        steps = [Step(
            id=s["id"], title=s["title"], instructions=s["instructions"], points=int(s["points"]),
            checks=[checks.build(c) for c in s["checks"]],
            hints=[_hint(h, i) for i, h in enumerate(s.get("hints") or ())],
        ) for s in d["steps"]]
        questions = []
        for q in d.get("questions") or ():
            spec = {"type": "answer", "question": q["id"], "answer_type": q["answer_type"],
                    "choices": q.get("choices") or [], **q["expect"]}
            questions.append(Question(q["id"], q["prompt"], q["answer_type"], int(q["points"]),
                                      checks.build(spec), list(q.get("choices") or ()), q.get("explanation", "")))
        cl = dict(d.get("cluster") or {})
        return cls(
            slug=os.path.basename(folder), folder=folder, title=d["title"], summary=d["summary"],
            minutes=int(d["minutes"]), difficulty=d["difficulty"], prerequisites=list(d.get("prerequisites") or ()),
            tags=list(d.get("tags") or ()), cluster=cl, seed=int(cl.get("seed", DEFAULT_SEED)),
            background=background, steps=steps, questions=questions,
            solution=_play(d["solution"]), wrong_path=_play(d["wrong_path"]),
            hint_after=int(d.get("hint_after", 1)),
        )

    # -- the cluster a learner starts with -------------------------------------
    def cluster_spec(self) -> ClusterSpec:
        return ClusterSpec.from_dict(spec_fields(self.cluster, self.folder))

    def new_cluster(self) -> Cluster:
        return Cluster(self.cluster_spec(), seed=self.seed)

    # -- views ------------------------------------------------------------------
    @property
    def points(self) -> int:
        return sum(s.points for s in self.steps) + sum(q.points for q in self.questions)

    def step(self, step_id: str) -> Step:
        return next(s for s in self.steps if s.id == step_id)

    def as_dict(self) -> dict:
        """Everything the page needs to show the lab, as JSON-able data (no expected answers)."""
        return {
            "slug": self.slug, "title": self.title, "summary": self.summary, "minutes": self.minutes,
            "difficulty": self.difficulty, "prerequisites": self.prerequisites, "tags": self.tags,
            "seed": self.seed, "cluster": self.cluster_spec().to_dict(),
            "background": [{"file": s.file, "markdown": s.markdown, "try_this": s.try_this()} for s in self.background],
            "steps": [s.as_dict() for s in self.steps],
            "questions": [q.as_dict() for q in self.questions],
            "points": self.points,
        }


def _hint(h: Any, i: int) -> Hint:
    if isinstance(h, str):
        return Hint(h, HINT_SPACING * (i + 1))
    return Hint(h["text"], int(h.get("after", HINT_SPACING * (i + 1))))


def _play(d: dict) -> Play:
    return Play(list(d["commands"]), dict(d.get("answers") or {}), d.get("expect_hint", ""), d.get("expect_step", ""))


_FENCE = re.compile(r"^```[ \t]*console[ \t]*\n(.*?)^```[ \t]*$", re.M | re.S)


_HEREDOC = re.compile(r"<<(-?)\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\2")


def console_lines(source: str) -> list[str]:
    """The command lines of one ```console block: prompts (``$ ``) and comments dropped,
    blank lines skipped, and a heredoc's body kept exactly as written (its YAML
    indentation is its meaning) up to its delimiter line."""
    out = []
    end = None  # the delimiter that closes the heredoc being read, and whether tabs may precede it
    for raw in source.splitlines():
        if end is not None:
            out.append(raw)
            delimiter, tabs = end
            if (raw.lstrip("\t") if tabs else raw) == delimiter:
                end = None
            continue
        line = raw.strip()
        if line.startswith("$ "):
            line = line[2:]
        if not line or line.startswith("#"):
            continue
        out.append(line)
        m = _HEREDOC.search(line)
        if m:
            end = (m.group(3), m.group(1) == "-")
    return out


def console_blocks(markdown: str) -> list[str]:
    out = []
    for m in _FENCE.finditer(markdown):
        out.extend(console_lines(m.group(1)))
    return out


def load_manifests(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d]


def spec_fields(cluster: dict, folder: str) -> dict:
    """lab.yaml's ``cluster:`` block as ``clusters.ClusterSpec`` fields."""
    out: dict = {}
    for key in ("nodes", "node_cpu", "node_memory", "node_pods", "control_plane", "extra_nodes", "settle"):
        if key in cluster:
            value = cluster[key]
            out[key] = str(value) if key in ("node_cpu", "node_memory") else value
    manifests: list[dict] = []
    for m in cluster.get("manifests") or ():
        manifests.extend(load_manifests(os.path.join(folder, m)) if isinstance(m, str) else [m])
    if manifests:
        out["manifests"] = manifests
    setup = list(cluster.get("setup") or ())
    delayed = []
    for fault in cluster.get("faults") or ():
        after = timeutil.parse_go_duration(fault.get("after", "0s")) if fault.get("after") else 0.0
        if after <= 0:
            setup.append(fault["run"])
        else:
            delayed.append({"after": after, "run": fault["run"]})
    if setup:
        out["setup"] = setup
    if delayed:
        out["faults"] = delayed  # ClusterSpec refuses this field until the simulation schedules faults
    return out
