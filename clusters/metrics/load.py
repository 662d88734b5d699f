"""Simulated traffic: how many requests per second each Service receives.

Two sources add up:

- ``set_load(cluster, namespace, service, rps)``, which the console's
  ``sim load SERVICE RPS`` calls: a steady stream from outside, like a load
  test a lab turns on and off;
- load-generator pods, recognised the way a learner writes them in the HPA
  walkthrough (``while sleep 0.01; do wget -q -O- http://php-apache; done``): a
  running container whose command loops over ``wget``/``curl`` of
  ``http://NAME`` sends 1/sleep requests per second (at most 100, the rate one
  shell loop keeps up with) to the Service NAME resolves to from that pod.

Each Service's traffic is spread evenly over the endpoints kube-proxy routes
to (``services.routable``), which is what random iptables rules average to.
"""
from __future__ import annotations

import re

from clusters.network import dns, services

# One busybox shell loop of wget: about 100 requests a second at best.
MAX_LOOP_RPS = 100.0
_URL = re.compile(r"https?://([A-Za-z0-9.\-]+)(?::(\d+))?")
_SLEEP = re.compile(r"sleep\s+([0-9.]+)")


def _loads(cluster) -> dict:
    loads = cluster.__dict__.get("sim_load")
    if loads is None:
        loads = cluster.sim_load = {}
    return loads


def set_load(cluster, namespace: str, service: str, rps: float) -> None:
    """Send ``rps`` requests per second to a Service (0 stops it)."""
    loads = _loads(cluster)
    key = f"{namespace}/{service}"
    if rps <= 0:
        loads.pop(key, None)
    else:
        loads[key] = float(rps)


def external_load(cluster) -> dict[str, float]:
    return dict(_loads(cluster))


def generator_target(cluster, pod: dict) -> tuple[str, float] | None:
    """(``ns/service``, rps) if ``pod`` runs a wget/curl loop against a Service."""
    for c in (pod.get("spec") or {}).get("containers") or ():
        text = " ".join(str(x) for x in list(c.get("command") or []) + list(c.get("args") or []))
        if "while" not in text or ("wget" not in text and "curl" not in text):
            continue
        m = _URL.search(text)
        if not m:
            continue
        host = m.group(1)
        ans = dns.resolve(cluster, pod, host)
        if not ans.ok or not ans.addresses:
            continue
        svc = services.service_by_cluster_ip(cluster, ans.addresses[0])
        if svc is None:
            continue
        s = _SLEEP.search(text)
        rps = MAX_LOOP_RPS
        if s:
            try:
                interval = float(s.group(1))
                rps = min(MAX_LOOP_RPS, 1.0 / interval) if interval > 0 else MAX_LOOP_RPS
            except ValueError:
                pass
        return f"{svc['metadata']['namespace']}/{svc['metadata']['name']}", rps
    return None


def _running(pod: dict) -> bool:
    return (pod.get("status") or {}).get("phase") == "Running" and not pod["metadata"].get("deletionTimestamp")


def _loops(pod: dict) -> bool:
    return any("while" in " ".join(str(x) for x in list(c.get("command") or []) + list(c.get("args") or []))
               for c in (pod.get("spec") or {}).get("containers") or ())


class Traffic:
    """One reading of the load model: rps per Service and per backend pod, and which pods generate it."""

    def __init__(self, cluster):
        self.by_service: dict[str, float] = external_load(cluster)
        self.generators: set[tuple[str, str]] = set()
        for pod in cluster.api.list("pods"):
            if not _running(pod) or not _loops(pod):
                continue
            t = generator_target(cluster, pod)
            if t is not None:
                self.by_service[t[0]] = self.by_service.get(t[0], 0.0) + t[1]
                self.generators.add((pod["metadata"]["namespace"], pod["metadata"]["name"]))
        self.by_pod: dict[tuple[str, str], float] = {}
        for key, rps in sorted(self.by_service.items()):
            ns, _, name = key.partition("/")
            svc = cluster.api.try_get("services", name, ns)
            if svc is None:
                continue
            ports = (svc.get("spec") or {}).get("ports") or []
            backends = services.routable(services.service_backends(cluster, svc, ports[0] if ports else None))
            pods = sorted({(b.namespace, b.pod) for b in backends if b.pod})
            if not pods:
                continue
            share = rps / len(pods)
            for p in pods:
                self.by_pod[p] = self.by_pod.get(p, 0.0) + share
