"""Fixtures for the Deployment controller tests."""
import pytest
from deploy_helpers import Readiness

from clusters import Cluster, ClusterSpec


@pytest.fixture
def cluster():
    c = Cluster(ClusterSpec(nodes=3, settle=0), seed=5)
    r = Readiness(c)
    r.start()
    c.readiness = r
    yield c
    assert c.bugs == []
