"""What running one console line gives back."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Output:
    text: str
    exit_code: int = 0
    # The prompt to show before the next line: the attached shell's in a pod (``/ # ``,
    # ``root@web:/# ``; "" for one without a terminal), or None for the console's own.
    prompt: str | None = None

    def __str__(self) -> str:
        return self.text
