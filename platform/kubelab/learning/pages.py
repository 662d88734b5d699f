"""What the learning pages show, assembled from the catalogue, the rendered labs and the learner's records.

Kept out of the views so they stay one call each, and so the page's first
paint and the live `progress` messages describe steps the same way.
"""
from __future__ import annotations

from kubelab.learning import catalogue, rendering, selectors


def for_catalogue(*, user) -> dict:
    standing = selectors.lab_standing(user=user)
    titles = catalogue.titles()
    labs = []
    for entry in catalogue.labs_only():
        mine = standing.get(entry.slug)
        labs.append(
            {
                "entry": entry,
                "prerequisites": [{"slug": p, "title": titles.get(p, p), "done": bool(standing.get(p, {}).get("complete"))}
                                  for p in entry.prerequisites],
                "best": round(100 * mine["best"]) if mine else None,
                "complete": bool(mine and mine["complete"]),
                "resume": mine["latest"] if mine else None,
            }
        )
    return {
        "sandbox": catalogue.SANDBOX,
        "sandbox_resume": standing.get(catalogue.SANDBOX_SLUG, {}).get("latest"),
        "labs": labs,
        "attempts": selectors.attempts_of(user=user),
    }


def for_attempt(*, attempt) -> dict:
    entry = catalogue.entry(attempt.lab_slug)
    context = {"attempt": attempt, "lab": entry, "progress": None}
    if entry is None or not entry.is_lab:
        return context
    html = rendering.lab_html(entry.slug)
    progress = selectors.progress_of(attempt=attempt) or {}
    step_results = {s["id"]: s for s in progress.get("steps", [])}
    question_results = {q["id"]: q for q in progress.get("questions", [])}
    answers = selectors.answers_of(attempt_id=attempt.id)
    lab = entry.lab
    titles = catalogue.titles()
    context.update(
        progress=progress,
        score=_score(progress, lab),
        background=html["background"],
        prerequisites=[{"slug": p, "title": titles.get(p, p)} for p in lab.prerequisites],
        steps=[
            {
                "id": step.id,
                "number": i,
                "title": step.title,
                "points": step.points,
                "html": html["steps"][step.id],
                "result": step_results.get(step.id, {"status": "pending", "earned": 0, "message": "", "hints": []}),
                "current": progress.get("current", lab.steps[0].id if lab.steps else None) == step.id,
            }
            for i, step in enumerate(lab.steps, 1)
        ],
        questions=[
            {
                "id": q.id,
                "html": html["questions"][q.id],
                "answer_type": q.answer_type,
                "choices": [str(c) for c in q.choices],
                "points": q.points,
                "answer": answers.get(q.id, ""),
                "result": question_results.get(q.id, {"status": "unanswered", "earned": 0, "message": "", "explanation": ""}),
            }
            for q in lab.questions
        ],
    )
    return context


def _score(progress: dict, lab) -> dict:
    total = progress.get("total") or lab.points
    earned = progress.get("earned") or 0
    return {"earned": _points(earned), "total": total, "percent": round(100 * earned / total) if total else 0}


def _points(value) -> str:
    value = float(value or 0)
    return str(int(value)) if value == int(value) else f"{value:.1f}"
