"""ImageLocality (framework/plugins/imagelocality/image_locality.go).

Weight 1. The sum, over the pod's images present on the node, of the image
size scaled by the fraction of nodes that have it, clamped between 23 MB and
1000 MB per container and mapped onto 0–100.
"""
from __future__ import annotations

from clusters.scheduler.framework import MAX_NODE_SCORE, Plugin

MB = 1024 * 1024
MIN_THRESHOLD = 23 * MB
MAX_CONTAINER_THRESHOLD = 1000 * MB


def calculate_priority(sum_scores: int, num_containers: int) -> int:
    max_threshold = MAX_CONTAINER_THRESHOLD * num_containers
    if sum_scores < MIN_THRESHOLD:
        sum_scores = MIN_THRESHOLD
    elif sum_scores > max_threshold:
        sum_scores = max_threshold
    return MAX_NODE_SCORE * (sum_scores - MIN_THRESHOLD) // (max_threshold - MIN_THRESHOLD)


class ImageLocality(Plugin):
    name = "ImageLocality"
    weight = 1

    def pre_score(self, state, pi, nodes):
        return False

    def score(self, state, pi, nodes):
        spread = self.cache.image_nodes
        present = [img for img in pi.images if img in spread]
        n = len(nodes)
        if not present or not pi.n_containers:
            return [0] * n
        total = len(self.cache.order) or 1
        nc = pi.n_containers
        out = []
        for ni in nodes:
            s = 0
            imgs = ni.images
            for img in present:
                size = imgs.get(img)
                if size is not None:
                    s += int(size * (spread[img] / total))
            out.append(calculate_priority(s, nc))
        return out
