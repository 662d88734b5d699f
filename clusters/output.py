"""What running one console line gives back."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Output:
    text: str
    exit_code: int = 0

    def __str__(self) -> str:
        return self.text
