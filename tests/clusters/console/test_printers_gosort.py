"""Go's sort.Sort (pdqsort) as kubectl runs it, and the Events order describe prints with it."""
from __future__ import annotations

import random

from clusters import Cluster, events
from clusters.console.printers import gosort


def test_it_sorts_like_sorted_on_keys():
    r = random.Random(5)
    for n in list(range(60)) + [500]:
        data = [(r.randint(0, 9), i) for i in range(n)]
        got = list(data)
        gosort.sort(got, lambda a, b: a[0] < b[0])
        assert [k for k, _ in got] == sorted(k for k, _ in data)
        assert sorted(got) == sorted(data)


def test_ties_beyond_twelve_elements_land_where_go_puts_them_describe_go_sortable_events():
    # The lastTimestamps (seconds) of a Deployment's 30 events in the order the API server
    # listed them; the expected order is what kubectl 1.32's describe printed for them
    # (checked against the real binary), which a stable sort would not give.
    keys = [0, 15, 16, 16, 18, 17, 19, 19, 19, 19, 20, 11, 11, 11, 11, 11, 11, 12, 12, 12, 12, 12, 12, 13, 13, 13,
            14, 16, 16, 16]
    order = list(range(len(keys)))
    gosort.sort(order, lambda a, b: keys[a] < keys[b])
    assert order == [0, 11, 16, 15, 14, 13, 12, 21, 17, 22, 20, 19, 18, 23, 25, 24, 26, 1, 3, 2, 29, 28, 27, 5, 4, 6,
                     8, 9, 7, 10]
    assert order != sorted(range(len(keys)), key=lambda i: keys[i])


def test_up_to_twelve_events_keep_the_order_they_were_made_in_within_one_second():
    cluster = Cluster(seed=3)
    cm = cluster.api.create("configmaps", {"metadata": {"name": "cfg"}}, "default")
    rec = events.EventRecorder(cluster, "tester")
    rec.event(cm, "Normal", "First", "made first")
    rec.event(cm, "Normal", "Second", "made second")
    cluster.advance(1.0)
    rec.event(cm, "Normal", "Third", "made third")
    rec.event(cm, "Normal", "First", "made first")  # count 2, last seen with Third
    out = cluster.run("kubectl describe cm cfg").text
    table = out.split("Events:\n")[1].splitlines()[2:]
    assert [line.split()[1] for line in table] == ["Second", "First", "Third"]
    assert "(x2 over 1s)" in table[1]


def test_unbalanced_partitions_scatter_elements_with_go_1_23_xorshift():
    # Two "y" before twelve "x": the first partition is lopsided, so breakPatterns runs;
    # kubectl 1.32 get --sort-by printed exactly this order for it.
    vals = ["y", "y"] + ["x"] * 12
    order = list(range(len(vals)))
    gosort.sort(order, lambda a, b: vals[a] < vals[b])
    assert order == [6, 8, 2, 3, 4, 5, 13, 12, 10, 9, 7, 11, 0, 1]


def test_get_sort_by_orders_ties_as_kubectl_sorter_go_does():
    cluster = Cluster(seed=3)
    for i, v in enumerate(["y", "y"] + ["x"] * 12):
        cluster.api.create("configmaps", {"metadata": {"name": f"p{i:03d}", "labels": {"k": v}}}, "default")
    out = cluster.run("kubectl get cm -l k --sort-by=.metadata.labels.k -o name").text.split()
    assert [n[-2:] for n in out] == ["06", "08", "02", "03", "04", "05", "13", "12", "10", "09", "07", "11", "00", "01"]
