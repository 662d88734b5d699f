"""``kubectl describe`` for policy/v1 PodDisruptionBudget: a port of
kubernetes/kubectl:pkg/describe/describe.go describePodDisruptionBudgetV1.

Only one of minAvailable and maxUnavailable is printed (minAvailable wins),
then the selector as metav1.FormatLabelSelector writes it and the four
counts the disruption controller keeps.
"""
from __future__ import annotations

from clusters import objects
from clusters.console.printers.describe import common as c


def pod_disruption_budget(api, pdb: dict, now: float) -> str:
    w = c.Writer()
    meta, spec, status = pdb.get("metadata") or {}, pdb.get("spec") or {}, pdb.get("status") or {}
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    if spec.get("minAvailable") is not None:
        w.write(0, f"Min available:\t{spec['minAvailable']}\n")
    elif spec.get("maxUnavailable") is not None:
        w.write(0, f"Max unavailable:\t{spec['maxUnavailable']}\n")
    if spec.get("selector") is not None:
        w.write(0, f"Selector:\t{objects.format_label_selector(spec['selector'])}\n")
    else:
        w.write(0, "Selector:\t<unset>\n")
    w.write(0, "Status:\n")
    w.write(2, f"Allowed disruptions:\t{status.get('disruptionsAllowed', 0)}\n")
    w.write(2, f"Current:\t{status.get('currentHealthy', 0)}\n")
    w.write(2, f"Desired:\t{status.get('desiredHealthy', 0)}\n")
    w.write(2, f"Total:\t{status.get('expectedPods', 0)}\n")
    c.events(w, c.find_events(api, pdb), now)
    return w.text()


DESCRIBERS = {"PodDisruptionBudget": pod_disruption_budget}
