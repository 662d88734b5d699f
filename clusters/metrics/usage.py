"""What each container uses: a small model per image, driven by load.

usage = idle + requests/s × cost per request, CPU capped at the container's
limit (CFS throttling does that on a real node; memory is not capped here,
because running out of it is the kubelet's OOMKilled business).

A lab can pin a pod's usage with annotations, which win over the model:
``kubelab.dev/cpu-usage: 300m`` and ``kubelab.dev/memory-usage: 120Mi``
(applied to the first container). The ``kubelab/cpu-burner`` image burns what
its ``CPU_MILLICORES`` env var or ``--millicores=N`` argument says (500 by
default).

Readings wobble by up to ±2 % between scrapes, deterministically: the wobble
is a CRC of the pod's UID and the scrape time, not a random draw, so reading
metrics never disturbs the cluster's seeded generator.
"""
from __future__ import annotations

import zlib
from typing import NamedTuple

from clusters import objects
from clusters.network.http import image_name

CPU_ANNOTATION = "kubelab.dev/cpu-usage"
MEMORY_ANNOTATION = "kubelab.dev/memory-usage"
MI = 1024 * 1024


class Profile(NamedTuple):
    idle_mcpu: float
    idle_mem: int
    mcpu_per_rps: float


# Idle figures are what ``kubectl top`` shows for these images on an idle kind node.
PROFILES: dict[str, Profile] = {
    "nginx": Profile(1, 3 * MI, 0.05),
    "nginx-unprivileged": Profile(1, 3 * MI, 0.05),
    "httpd": Profile(1, 6 * MI, 0.1),
    # The HPA walkthrough's php-apache burns CPU on every request: one busybox
    # wget loop (100 req/s) keeps about 700m busy, which scales it to ~7 pods at 50 %.
    # Idle, Apache uses under 1m: the HPA reads 0% of its 200m request, as the page shows.
    "hpa-example": Profile(0.5, 10 * MI, 7.0),
    "busybox": Profile(0, 400 * 1024, 0),
    "redis": Profile(2, 4 * MI, 0.02),
    "coredns": Profile(2, 14 * MI, 0.05),
    "metrics-server": Profile(4, 20 * MI, 0),
    "kube-apiserver": Profile(45, 260 * MI, 0),
    "etcd": Profile(20, 45 * MI, 0),
    "kube-controller-manager": Profile(15, 50 * MI, 0),
    "kube-scheduler": Profile(3, 22 * MI, 0),
    "kube-proxy": Profile(1, 15 * MI, 0),
    "cpu-burner": Profile(500, 2 * MI, 0),
    "whoami": Profile(0, 3 * MI, 0.05),
    "http-echo": Profile(0, 2 * MI, 0.02),
    "agnhost": Profile(1, 10 * MI, 0.05),
}
DEFAULT = Profile(1, 5 * MI, 0.1)
# A throttled container's share of its CPU limit, on average, before the wobble.
THROTTLED = 0.975
# The shell loop itself costs a little CPU in the generator pod.
GENERATOR_MCPU = 5.0


def profile(image: str) -> Profile:
    name, _ = image_name(image or "")
    return PROFILES.get(name.rsplit("/", 1)[-1], DEFAULT)


def _env(container: dict, name: str) -> str | None:
    for e in container.get("env") or ():
        if e.get("name") == name:
            return e.get("value")
    return None


def _wobble(uid: str, t: float) -> float:
    return 1.0 + ((zlib.crc32(f"{uid}:{int(t)}".encode()) % 401) - 200) / 10000.0


def container_usage(pod: dict, container: dict, index: int, rps: float, t: float, generator: bool = False,
                    own: tuple[float, int] | None = None) -> tuple[int, int]:
    """(nanocores, bytes) one container uses at scrape time ``t``; ``own`` is what the kubelet
    reports of a load generator's (millicores, bytes), which wins over the image's profile."""
    ann = pod["metadata"].get("annotations") or {}
    limits = (container.get("resources") or {}).get("limits") or {}
    if own is not None and not (index == 0 and (CPU_ANNOTATION in ann or MEMORY_ANNOTATION in ann)):
        wobble = _wobble(pod["metadata"].get("uid", ""), t)
        mcpu = own[0] * wobble
        if "cpu" in limits:
            try:
                # CFS quota throttles a container that wants more than its limit to a little under it
                # (assign-cpu-resource.md reads 974m against a limit of 1).
                cap = float(objects.milli_cpu(limits["cpu"]))
                mcpu = min(mcpu, cap * (THROTTLED + wobble - 1.0))
            except objects.QuantityError:
                pass
        return int(round(mcpu * 1_000_000)), int(own[1] * (1 + (wobble - 1.0) / 10))
    if index == 0 and CPU_ANNOTATION in ann:
        try:
            mcpu = float(objects.milli_cpu(ann[CPU_ANNOTATION]))
        except objects.QuantityError:
            mcpu = 0.0
        wobble = 1.0
    else:
        p = profile(container.get("image") or "")
        mcpu = p.idle_mcpu + rps * p.mcpu_per_rps
        name, _ = image_name(container.get("image") or "")
        if name.rsplit("/", 1)[-1] == "cpu-burner":
            v = _env(container, "CPU_MILLICORES")
            for a in container.get("args") or ():
                if isinstance(a, str) and a.startswith("--millicores="):
                    v = a.split("=", 1)[1]
            if v is not None:
                try:
                    mcpu = float(v)
                except ValueError:
                    pass
        if generator:
            mcpu += GENERATOR_MCPU
        wobble = _wobble(pod["metadata"].get("uid", ""), t)
    mcpu *= wobble
    if "cpu" in limits:
        try:
            mcpu = min(mcpu, float(objects.milli_cpu(limits["cpu"])))
        except objects.QuantityError:
            pass
    if index == 0 and MEMORY_ANNOTATION in ann:
        try:
            mem = objects.bytes_of(ann[MEMORY_ANNOTATION])
        except objects.QuantityError:
            mem = 0
    else:
        mem = int(profile(container.get("image") or "").idle_mem * (1 + (rps / 1000.0)) * wobble)
    return int(round(mcpu * 1_000_000)), mem
