"""Fixtures for the ReplicaSet controller tests."""
import pytest

from clusters import Cluster, ClusterSpec


@pytest.fixture
def cluster():
    c = Cluster(ClusterSpec(nodes=3, settle=0), seed=11)
    yield c
    assert c.bugs == []
