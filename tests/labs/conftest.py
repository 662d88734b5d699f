"""Fixtures for the labs tests (factories live in lab_factories.py)."""
from tests.labs.lab_factories import base_cluster, cluster  # noqa: F401  (fixtures)
