"""resource.Quantity as kubectl parses and prints it: the shared implementation
lives in ``clusters.quantity`` (the API server canonicalises with it too)."""
from __future__ import annotations

from clusters.quantity import FORMAT_WRONG, SUFFIX_WRONG, Quantity, QuantityError, canonical, parse, string

__all__ = ["FORMAT_WRONG", "SUFFIX_WRONG", "Quantity", "QuantityError", "canonical", "parse", "string"]
