"""``python -m labs validate``: every problem in a lab as ``file:line: what is wrong``.

Three passes, each pointing at the line the author must change:

1. YAML syntax (PyYAML's own mark);
2. shape, against ``labs/schema.json`` (JSON Schema 2020-12, checked with the
   ``jsonschema`` package); an unexpected key is reported on its own line;
3. meaning: unique ids, files that exist, regular expressions and paths that
   compile, resources the API server serves, a cluster spec that
   ``clusters.ClusterSpec`` accepts, answers that name real questions.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass

import jsonschema
import yaml

from clusters import ClusterSpec, timeutil

from labs import checks, model, yamlmarks

SCHEMA_PATH = os.path.join(model.HERE, "schema.json")
_schema = None


def schema() -> dict:
    global _schema
    if _schema is None:
        with open(SCHEMA_PATH, encoding="utf-8") as f:
            _schema = json.load(f)
    return _schema


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


def where_text(path: tuple | list) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "(top level)"


def lab_folders(root: str | None = None) -> list[str]:
    """Lab folders under ``root`` (default: this package), sorted by number."""
    root = root or model.HERE
    if os.path.isfile(os.path.join(root, "lab.yaml")):
        return [root]
    return sorted(os.path.join(root, d) for d in os.listdir(root)
                  if os.path.isfile(os.path.join(root, d, "lab.yaml")))


def problems(folder: str, known_slugs: set[str] | None = None) -> list[Problem]:
    folder = os.path.abspath(folder)
    path = os.path.join(folder, "lab.yaml")
    shown = os.path.relpath(path)
    if not os.path.isfile(path):
        return [Problem(shown, 1, "lab.yaml is missing")]
    try:
        doc = yamlmarks.load_file(path)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        what = getattr(e, "problem", None) or str(e)
        return [Problem(shown, (mark.line + 1) if mark else 1, f"YAML: {what}")]
    if not isinstance(doc.data, dict):
        return [Problem(shown, 1, "lab.yaml must be a mapping of title, summary, cluster, steps …")]
    out = _schema_problems(doc, shown)
    if out:
        return out  # meaning checks assume the shape is right
    return _meaning_problems(doc, shown, folder, known_slugs)


def _schema_problems(doc: yamlmarks.Document, shown: str) -> list[Problem]:
    validator = jsonschema.Draft202012Validator(schema())
    out: list[Problem] = []
    for err in sorted(validator.iter_errors(doc.data), key=lambda e: (doc.line(e.absolute_path), list(map(str, e.absolute_path)))):
        where = tuple(err.absolute_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = set((err.schema.get("properties") or {}).keys())
            for key in sorted(k for k in err.instance if k not in allowed):
                out.append(Problem(shown, doc.line(where + (key,)), f"{where_text(where + (key,))}: unknown field {key!r}"))
            continue
        if err.validator == "oneOf" and err.context:
            best = jsonschema.exceptions.best_match(err.context)
            out.append(Problem(shown, doc.line(where), f"{where_text(where)}: {best.message}"))
            continue
        out.append(Problem(shown, doc.line(where), f"{where_text(where)}: {err.message}"))
    return _dedupe(out)


def _dedupe(items: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in items:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


def _meaning_problems(doc: yamlmarks.Document, shown: str, folder: str, known_slugs: set[str] | None) -> list[Problem]:
    d = doc.data
    out: list[Problem] = []

    def bad(where: tuple, message: str) -> None:
        out.append(Problem(shown, doc.line(where), f"{where_text(where)}: {message}"))

    slug = os.path.basename(folder)
    if not re.fullmatch(r"[0-9]{2}-[a-z0-9]+(-[a-z0-9]+)*", slug):
        bad((), f"the folder name {slug!r} must look like 04-deployments")
    for i, p in enumerate(d.get("prerequisites") or ()):
        if known_slugs is not None and p not in known_slugs:
            bad(("prerequisites", i), f"no lab named {p!r}")
        if p == slug:
            bad(("prerequisites", i), "a lab cannot require itself")

    # background files, with their fences
    bg = d["background"]
    for i, f in enumerate([bg] if isinstance(bg, str) else bg):
        where = ("background",) if isinstance(bg, str) else ("background", i)
        fp = os.path.join(folder, f)
        if not os.path.isfile(fp):
            bad(where, f"background file {f} does not exist")
            continue
        with open(fp, encoding="utf-8") as fh:
            text = fh.read()
        fences = [n + 1 for n, line in enumerate(text.splitlines()) if line.lstrip().startswith("```")]
        if len(fences) % 2:
            out.append(Problem(os.path.relpath(fp), fences[-1], "a ``` fence is opened and never closed"))

    # the cluster
    cl = d.get("cluster") or {}
    for i, m in enumerate(cl.get("manifests") or ()):
        if isinstance(m, str):
            mp = os.path.join(folder, m)
            if not os.path.isfile(mp):
                bad(("cluster", "manifests", i), f"manifest file {m} does not exist")
                continue
            try:
                docs = model.load_manifests(mp)
            except yaml.YAMLError as e:
                mark = getattr(e, "problem_mark", None)
                out.append(Problem(os.path.relpath(mp), (mark.line + 1) if mark else 1, f"YAML: {getattr(e, 'problem', e)}"))
                continue
            for k, obj in enumerate(docs):
                if not isinstance(obj, dict) or not obj.get("kind") or not obj.get("apiVersion"):
                    bad(("cluster", "manifests", i), f"document {k + 1} of {m} needs apiVersion and kind")
    for i, fault in enumerate(cl.get("faults") or ()):
        if fault.get("after"):
            try:
                timeutil.parse_go_duration(fault["after"])
            except ValueError as e:
                bad(("cluster", "faults", i, "after"), str(e))
    if not any(p.message.startswith("cluster") for p in out):
        try:
            spec = ClusterSpec.from_dict(model.spec_fields(cl, folder))
            if not spec.nodes and not spec.extra_nodes:
                bad(("cluster", "nodes"), "the cluster needs at least one worker node")
        except (TypeError, ValueError, OSError, yaml.YAMLError) as e:
            if "faults" in str(e):
                bad(("cluster", "faults"), "faults with after > 0s need a simulation that schedules faults; use after: 0s or setup")
            else:
                bad(("cluster",), f"not a cluster the simulation can build: {e}")

    # steps and their checks
    ids: dict[str, int] = {}
    for i, s in enumerate(d["steps"]):
        if s["id"] in ids:
            bad(("steps", i, "id"), f"step id {s['id']!r} is already used by steps[{ids[s['id']]}]")
        ids.setdefault(s["id"], i)
        for j, c in enumerate(s["checks"]):
            for rel, message in checks.build(c).problems():
                bad(("steps", i, "checks", j) + tuple(rel), message)
    qids: dict[str, int] = {}
    for i, q in enumerate(d.get("questions") or ()):
        if q["id"] in qids:
            bad(("questions", i, "id"), f"question id {q['id']!r} is already used by questions[{qids[q['id']]}]")
        qids.setdefault(q["id"], i)
        if q["answer_type"] != "choice" and q.get("choices"):
            bad(("questions", i, "choices"), "only answer_type: choice takes choices")
        spec = {"type": "answer", "question": q["id"], "answer_type": q["answer_type"],
                "choices": q.get("choices") or [], **q["expect"]}
        for rel, message in checks.build(spec).problems():
            bad(("questions", i, "expect") + tuple(rel), message)

    # the scripted plays
    for key in ("solution", "wrong_path"):
        play = d[key]
        for qid, value in (play.get("answers") or {}).items():
            if qid not in qids:
                bad((key, "answers", qid), f"no question with id {qid!r}")
            elif value == "@cluster" and "from" not in d["questions"][qids[qid]]["expect"]:
                bad((key, "answers", qid), "@cluster answers only questions whose expect has from")
    if d["wrong_path"].get("expect_step") and d["wrong_path"]["expect_step"] not in ids:
        bad(("wrong_path", "expect_step"), f"no step with id {d['wrong_path']['expect_step']!r}")
    missing = [q for q in qids if q not in (d["solution"].get("answers") or {})]
    if missing:
        bad(("solution",), f"the reference solution does not answer {', '.join(missing)}")
    return out


def validate(path: str | None = None) -> list[Problem]:
    """Problems in one lab folder, or in every lab under a folder (default: all labs)."""
    folders = lab_folders(path)
    if not folders:
        target = path or model.HERE
        return [Problem(os.path.relpath(target), 1, "no lab.yaml here")]
    known = {os.path.basename(f) for f in lab_folders()} | {os.path.basename(f) for f in folders}
    out: list[Problem] = []
    for f in folders:
        out += problems(f, known)
    return out
