"""The worker runs Python's cyclic collector itself, after a task's reply is out
(kubelab/hosting/collector.py): a cluster it lets go is freed then, not in the
middle of the next learner's command."""
import gc
import weakref

import pytest

from clusters import Cluster, ClusterSpec
from kubelab.hosting import collector, runtime


@pytest.fixture
def worker_gc():
    saved = gc.get_threshold()
    collector.start()
    yield
    gc.unfreeze()
    gc.set_threshold(*saved)


def test_start_freezes_what_is_imported_and_leaves_full_collections_to_the_worker(worker_gc):
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold()[2] == 1_000_000
    assert gc.isenabled()


def test_a_cluster_let_go_is_freed_after_the_task_not_before(worker_gc):
    registry = runtime.Registry()
    cluster = Cluster(ClusterSpec(nodes=1), seed=5)
    cluster.run("kubectl get nodes")
    alive = weakref.ref(cluster)
    registry.put(runtime.Hosted(attempt_id="a", cluster=cluster, journal_index=0, snapshot_index=0,
                                publisher=None, trace_cursor=None, size=1))
    del cluster
    gc.collect(0)
    registry.drop("a")
    assert alive() is not None, "a cluster is a cycle: refcounting alone does not free it"
    assert collector.after_task() is True
    assert alive() is None


def test_without_garbage_it_collects_every_so_many_tasks(worker_gc):
    while not collector.after_task():  # run up to a collection, whatever earlier tests left
        pass
    results = [collector.after_task() for _ in range(collector.EVERY_TASKS)]
    assert results[:-1] == [False] * (collector.EVERY_TASKS - 1)
    assert results[-1] is True
