"""Kubelab's labs: content in ``labs/<nn-slug>/`` and the engine that scores it.

Pure Python. It imports ``clusters`` and never the platform.

The API the platform calls
==========================

::

    import labs

    labs.slugs()                       # ["01-servers-to-orchestration", …] in order
    labs.all_labs()                    # [Lab, …]
    lab = labs.load("04-deployments")  # or labs.load("deployments"); raises labs.LabNotFound / labs.InvalidLab

    lab.as_dict()       # JSON-able: title, summary, minutes, difficulty, prerequisites, background
                        # sections ({file, markdown, try_this: [console lines]}), steps ({id, title,
                        # instructions, points, checks: [titles]}), questions ({id, prompt,
                        # answer_type, choices?, points}) — never the expected answers
    lab.cluster_spec()  # clusters.ClusterSpec the learner's cluster starts from
    lab.seed            # int: Cluster(lab.cluster_spec(), seed=lab.seed)
    lab.new_cluster()   # both at once

    progress = labs.evaluate(lab, cluster, answers, previous)
    progress.to_dict()  # JSON-able; labs.Progress.from_dict(d) reads it back

``evaluate(lab, cluster, answers=None, previous=None) -> Progress``

- ``cluster`` is the learner's ``clusters.Cluster``; its ``journal`` is what
  they typed. Call ``evaluate`` after every command (and after time passes):
  checks are level-based and cheap, they read the cluster as it is now.
- ``answers`` maps question id to the learner's answer (a string or number;
  for ``choice`` questions the choice's text).
- ``previous`` is the last ``Progress`` (or its ``to_dict()``), stored with
  the attempt. It makes passed steps stay passed and counts the commands
  typed on each step, which unlocks hints. Pass ``None`` the first time.

``Progress``: ``steps`` (per step: ``id``, ``title``, ``status`` one of
passed / partial / failed / pending, ``score`` 0..1, ``points``, ``earned``,
``message``, ``hints`` [strings to show now], ``checks`` [{title, ok,
weight, message}], ``attempts``), ``questions`` (per question: ``id``,
``status`` one of correct / incorrect / unanswered / unavailable, ``points``,
``earned``, ``message``, ``explanation`` once correct), ``earned``,
``total``, ``score`` (0..1), ``complete``, ``current`` (the first step not
passed, in ``to_dict()``).

A step is *pending* until the learner has typed a command while it is their
current step (or some of its checks pass); *failed* when none of its checks
pass; *partial* when some do (each check has a weight); *passed* when all do.
Hints show on failed and partial steps: first the failing checks' own words
("deployment/web: status.readyReplicas is 3; the task asks for at least 5"),
then the author's hints as the learner's commands on the step accumulate.

Command line: ``python -m labs validate [PATH]``, ``python -m labs list``,
``python -m labs solve SLUG [--wrong] [-v]``.

The format is ``labs/schema.json``; the check types are in ``labs/checks/``
(one module each). Writing a lab: copy a folder, keep the ids unique, give
every step checks that fail on a fresh cluster, and ship a reference solution
and a wrong path (``tests/labs`` plays both).
"""
from __future__ import annotations

from labs.catalogue import InvalidLab, LabNotFound, all_labs, load, slugs
from labs.model import Lab, Question, Step
from labs.progress import Progress, QuestionResult, StepResult, evaluate

__all__ = [
    "InvalidLab", "Lab", "LabNotFound", "Progress", "Question", "QuestionResult", "Step", "StepResult",
    "all_labs", "evaluate", "load", "slugs",
]
