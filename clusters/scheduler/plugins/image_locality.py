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

    def memo_key(self, state, pi):
        spread = self.cache.image_nodes
        present = tuple(img for img in pi.images if img in spread)
        if not present or not pi.n_containers:
            return None
        # The spread and the node count scale every node's sum: part of the key.
        key = state["image_locality"] = (present, tuple(spread[img] for img in present),
                                         len(self.cache.order) or 1, pi.n_containers)
        return key

    def score_node(self, state, pi, ni):
        present, counts, total, nc = state["image_locality"]
        s = 0
        imgs = ni.images
        for img, n in zip(present, counts):
            size = imgs.get(img)
            if size is not None:
                s += int(size * (n / total))
        return calculate_priority(s, nc)

    def score(self, state, pi, nodes):
        return [0] * len(nodes)  # no image of the pod is on any node (memo_key None)
