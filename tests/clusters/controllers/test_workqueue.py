"""The controllers' work queue (k8s.io/client-go/util/workqueue semantics in virtual time),
and our guard against a key that keeps re-queuing itself at one virtual instant."""
from clusters import Cluster, ClusterSpec
from clusters.clock import Clock
from clusters.controllers.base import Controller
from clusters.controllers.workqueue import MAX_SYNCS_PER_DRAIN, WorkQueue


class Recorder:
    """A picklable process/on_runaway pair: counts syncs, re-adds the keys it is told to."""

    def __init__(self, clock, readd=None):
        self.readd = readd or {}
        self.synced: list[tuple[float, str]] = []
        self.runaways: list[tuple[float, str, int]] = []
        self.queue = WorkQueue(clock, self.process, "test", on_runaway=self.runaway)
        self.clock = clock

    def process(self, key):
        self.synced.append((self.clock.now, key))
        for other in self.readd.get(key, ()):
            self.queue.add(other)

    def runaway(self, key, syncs):
        self.runaways.append((self.clock.now, key, syncs))

    def count(self, key, at):
        return sum(1 for t, k in self.synced if k == key and t == at)


def test_a_key_added_while_processing_is_processed_once_more_afterwards_queue_go():
    clock = Clock()
    r = Recorder(clock)
    r.readd = {"a": ["a"]}
    r.queue.add("a")
    r.readd = {}
    clock.run(0)
    assert r.count("a", 0) == 1 and r.runaways == []


def test_a_key_that_requeues_itself_forever_is_synced_100_times_then_deferred_a_second():
    clock = Clock()
    r = Recorder(clock, readd={"spin": ["spin"]})
    r.queue.add("spin")
    clock.run(0)
    assert r.count("spin", 0) == MAX_SYNCS_PER_DRAIN == 100
    assert r.runaways == [(0, "spin", 100)]
    clock.run(1.0)
    assert r.count("spin", 1.0) == 100
    assert r.runaways == [(0, "spin", 100), (1.0, "spin", 100)]


def test_two_keys_adding_each_other_back_stop_when_the_first_is_deferred():
    clock = Clock()
    r = Recorder(clock, readd={"a": ["b"], "b": ["a"]})
    r.queue.add("a")
    clock.run(0)
    assert (r.count("a", 0), r.count("b", 0)) == (100, 100)
    assert r.runaways == [(0, "a", 100)]
    assert len(r.queue) == 0


def test_other_keys_keep_being_processed_while_one_runs_away():
    clock = Clock()
    r = Recorder(clock, readd={"spin": ["spin"]})
    r.queue.add("spin")
    r.queue.add("calm")
    clock.run(0)
    assert r.count("calm", 0) == 1


class SelfEnqueuing(Controller):
    """A buggy controller: every sync enqueues its own key again."""
    name = "spinning-controller"

    def sync(self, key):
        self.enqueue(key)


def test_a_runaway_controller_key_is_a_recorded_bug_and_the_learners_command_returns():
    c = Cluster(ClusterSpec(nodes=1, settle=0), seed=1)
    ctrl = SelfEnqueuing(c)
    ctrl.enqueue("default/web")
    c.advance(1)
    assert c.bugs[0] == ("spinning-controller: default/web: RunawayKey: "
                         "synced 100 times in one drain at virtual second 0; deferred 1s")
    # Deferred, not dropped: it comes back a virtual second later, and is caught again.
    assert len(c.bugs) == 2 and "at virtual second 1;" in c.bugs[1]
    assert c.run("kubectl get ns default -o name").text == "namespace/default\n"
