"""The one seeded generator every random choice in a cluster comes from.

Replaying a journal on a cluster with the same seed must give the same names,
UIDs and jitter, so no module may call ``random`` or ``uuid`` directly.
"""
from __future__ import annotations

import random

# k8s.io/apimachinery/pkg/util/rand/rand.go: alphanums, vowels and
# confusable characters removed so generated names spell no words.
ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789"


class Randomness:
    def __init__(self, seed: int):
        self.seed = seed
        self._rng = random.Random(seed)

    def reseed(self, seed: int) -> None:
        self.seed = seed
        self._rng.seed(seed)

    def string(self, n: int) -> str:
        """utilrand.String(n), used for generateName suffixes (5 chars)."""
        choice = self._rng.choice
        return "".join(choice(ALPHANUMS) for _ in range(n))

    def uid(self) -> str:
        b = self._rng.getrandbits(128)
        h = f"{b:032x}"
        # RFC 4122 version 4 layout, as uuid.NewUUID gives upstream.
        h = h[:12] + "4" + h[13:16] + "89ab"[int(h[16], 16) & 3] + h[17:]
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def uniform(self, a: float, b: float) -> float:
        return self._rng.uniform(a, b)

    def randint(self, a: int, b: int) -> int:
        return self._rng.randint(a, b)

    def random(self) -> float:
        return self._rng.random()

    def choice(self, seq):
        return self._rng.choice(seq)

    def shuffle(self, seq) -> None:
        self._rng.shuffle(seq)

    def getstate(self):
        return self._rng.getstate()
