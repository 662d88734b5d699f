"""``kubectl describe`` text for every kind (see ``kinds``)."""
from clusters.console.printers.describe.kinds import DESCRIBERS, describe

__all__ = ["DESCRIBERS", "describe"]
