"""etcdctl against the simulated etcd, in etcdctl v3.5.16's own words and formats.

Expected outputs are written from etcd-io/etcd@v3.5.16 etcdctl/ctlv3/command/
(get_command.go, printer_*.go, util.go printKV, ep_command.go,
member_command.go, compaction_command.go, version_command.go) and
pkg/cobrautl/error.go.
"""
import base64
import json

import pytest

from clusters import Cluster
from clusters.console import etcdctl


@pytest.fixture(scope="module")
def booted():
    return Cluster(seed=3)


def fresh():
    c = Cluster(seed=3)
    c.api.create("configmaps", {"metadata": {"name": "a", "namespace": "default"}, "data": {"k": "v"}}, actor="kubectl")
    c.api.create("configmaps", {"metadata": {"name": "b", "namespace": "default"}, "data": {"x": "<&>"}}, actor="kubectl")
    return c


def run(c, line):
    return etcdctl.run(c, line.split())


def stored(c, key):
    return etcdctl.encode_value(c.store.get(key).value).decode()


def test_get_prints_the_key_then_the_value_util_go_printKV():
    c = fresh()
    out = run(c, "get /registry/configmaps/default/a")
    value = stored(c, "/registry/configmaps/default/a")
    assert out.exit_code == 0
    # The JSON serializer ends each object with a newline, and printKV adds one more.
    assert out.text == "/registry/configmaps/default/a\n" + value + "\n"
    assert value.endswith("}\n")


def test_values_are_json_in_go_field_order_without_resource_version_etcd3_store_go():
    c = fresh()
    value = stored(c, "/registry/configmaps/default/a")
    uid = c.get("configmaps", "a")["metadata"]["uid"]
    # managedFields too, as the API server records them for kubectl's create (ManagedFieldsEntry's order)
    assert value == ('{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"a","namespace":"default",'
                     f'"uid":"{uid}","creationTimestamp":"2025-06-02T09:01:00Z","managedFields":[{{"manager":"kubectl",'
                     '"operation":"Update","apiVersion":"v1","time":"2025-06-02T09:01:00Z","fieldsType":"FieldsV1",'
                     '"fieldsV1":{"f:data":{".":{},"f:k":{}}}}]},"data":{"k":"v"}}\n')


def test_values_escape_html_characters_like_go_encoding_json():
    c = fresh()
    assert '"x":"\\u003c\\u0026\\u003e"' in stored(c, "/registry/configmaps/default/b")


def test_keys_only_prints_each_key_and_an_empty_value_line():
    c = fresh()
    out = run(c, "get /registry/configmaps/default --prefix --keys-only")
    # root-ca-cert-publisher (pkg/controller/certificates/rootcacertpublisher/publisher.go)
    # puts kube-root-ca.crt in every namespace, so a real etcd lists it too.
    assert out.text == ("/registry/configmaps/default/a\n\n/registry/configmaps/default/b\n\n"
                        "/registry/configmaps/default/kube-root-ca.crt\n\n")


def test_print_value_only_leaves_out_the_keys():
    c = fresh()
    out = run(c, "get /registry/configmaps/default/a --print-value-only")
    assert out.text == stored(c, "/registry/configmaps/default/a") + "\n"


def test_print_value_only_needs_the_simple_format_get_command_go():
    c = fresh()
    out = run(c, "get /registry/configmaps/default/a --print-value-only -w json")
    assert (out.text, out.stderr, out.exit_code) == ("", "Error: print-value-only is only for `--write-out=simple`\n", 128)


def test_json_output_has_the_header_base64_kvs_and_count_printer_json_go():
    c = fresh()
    out = run(c, "get /registry/configmaps/default/a -w json")
    kv = c.store.get("/registry/configmaps/default/a")
    doc = json.loads(out.text)
    assert list(doc) == ["header", "kvs", "count"]
    assert list(doc["header"]) == ["cluster_id", "member_id", "revision", "raft_term"]
    assert doc["header"]["revision"] == c.store.revision and doc["header"]["raft_term"] == 2
    assert doc["kvs"] == [{
        "key": base64.b64encode(b"/registry/configmaps/default/a").decode(),
        "create_revision": kv.create_revision, "mod_revision": kv.mod_revision, "version": 1,
        "value": base64.b64encode(stored(c, "/registry/configmaps/default/a").encode()).decode(),
    }]
    assert doc["count"] == 1
    assert out.text.endswith("}\n") and " " not in out.text


def test_json_of_a_missing_key_has_only_the_header_because_of_omitempty():
    c = fresh()
    doc = json.loads(run(c, "get /nothing -w json").text)
    assert list(doc) == ["header"]


def test_fields_output_prints_go_quoted_values_printer_fields_go():
    c = fresh()
    out = run(c, "get /registry/configmaps/default/a -w fields")
    kv = c.store.get("/registry/configmaps/default/a")
    h = json.loads(run(c, "get /x -w json").text)["header"]
    value = stored(c, "/registry/configmaps/default/a")
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    assert out.text == (
        f'"ClusterID" : {h["cluster_id"]}\n"MemberID" : {h["member_id"]}\n"Revision" : {c.store.revision}\n"RaftTerm" : 2\n'
        f'"Key" : "/registry/configmaps/default/a"\n"CreateRevision" : {kv.create_revision}\n'
        f'"ModRevision" : {kv.mod_revision}\n"Version" : 1\n"Value" : {quoted}\n"Lease" : 0\n'
        '"More" : false\n"Count" : 1\n')


def test_count_only_counts_every_pod_key_with_the_fields_format():
    c = fresh()
    out = run(c, "get /registry/pods/ --prefix --count-only -w fields")
    assert out.text.endswith(f'"More" : false\n"Count" : {len(c.list("pods"))}\n')
    assert '"Key"' not in out.text


def test_count_only_refuses_other_formats_get_command_go():
    c = fresh()
    out = run(c, "get /registry/pods/ --prefix --count-only")
    assert (out.stderr, out.exit_code) == ("Error: --count-only is only for `--write-out=fields`\n", 128)


@pytest.mark.parametrize("line, message, code", [
    ("get", "get command needs one argument as key and an optional argument as range_end", 128),
    ("get /a --prefix --from-key", "`--prefix` and `--from-key` cannot be set at the same time, choose one", 128),
    ("get /a --keys-only --count-only", "`--keys-only` and `--count-only` cannot be set at the same time, choose one", 128),
    ("get /a /b --prefix", "too many arguments, only accept one argument when `--prefix` or `--from-key` is set", 128),
    ("get /a --order=UP", "bad sort order UP", 4),
    ("get /a --sort-by=SIZE", "bad sort target SIZE", 4),
    ("get /a --consistency=x", 'unknown consistency flag "x"', 4),
    ("get /a --limit=ten", 'invalid argument "ten" for "--limit" flag: strconv.ParseInt: parsing "ten": invalid syntax', 1),
    ("get /a --bogus", "unknown flag: --bogus", 1),
    ("get /a -w table", "table not supported as output format", 4),
])
def test_bad_get_lines_fail_in_etcdctls_words(line, message, code):
    c = fresh()
    out = run(c, line)
    assert (out.text, out.stderr, out.exit_code) == ("", f"Error: {message}\n", code)


def test_limit_cuts_the_list_but_count_stays_the_total_and_more_is_set():
    c = fresh()
    doc = json.loads(run(c, "get /registry/configmaps/ --prefix --keys-only --limit=1 -w json").text)
    assert doc["more"] is True and doc["count"] == len(c.list("configmaps")) and len(doc["kvs"]) == 1
    assert "value" not in doc["kvs"][0]


def test_sort_by_modify_descending_puts_the_newest_write_first():
    c = fresh()
    out = run(c, "get /registry/configmaps/default --prefix --keys-only --sort-by=MODIFY --order=DESCEND")
    # kube-root-ca.crt was published when the namespace was created, before a and b.
    assert out.text.split() == ["/registry/configmaps/default/b", "/registry/configmaps/default/a",
                                "/registry/configmaps/default/kube-root-ca.crt"]


def test_a_range_end_is_exclusive():
    c = fresh()
    out = run(c, "get /registry/configmaps/default/a /registry/configmaps/default/b --keys-only")
    assert out.text.split() == ["/registry/configmaps/default/a"]


def test_from_key_reads_every_key_at_or_after_the_key():
    c = fresh()
    keys = run(c, "get /registry/services --from-key --keys-only").text.split()
    assert keys[0].startswith("/registry/services/") and keys == sorted(keys)
    assert all(k >= "/registry/services" for k in keys)


def test_rev_reads_an_older_value():
    c = fresh()
    before = c.store.revision
    cm = dict(c.get("configmaps", "a"))
    cm["data"] = {"k": "changed"}
    c.api.update("configmaps", cm)
    old = run(c, f"get /registry/configmaps/default/a --rev={before} --print-value-only").text
    assert '"k":"v"' in old
    assert '"k":"changed"' in run(c, "get /registry/configmaps/default/a --print-value-only").text


def test_a_compacted_revision_is_refused_with_the_mvcc_error():
    c = fresh()
    rev = c.store.revision
    out = run(c, f"compaction {rev}")
    assert out.text == f"compacted revision {rev}\n"
    out = run(c, f"get /registry/configmaps/default/a --rev={rev - 1}")
    assert (out.stderr, out.exit_code) == ("Error: etcdserver: mvcc: required revision has been compacted\n", 1)
    out = run(c, f"compaction {rev}")
    assert out.stderr == "Error: etcdserver: mvcc: required revision has been compacted\n"


def test_a_future_revision_is_refused():
    c = fresh()
    out = run(c, f"get /a --rev={c.store.revision + 10}")
    assert out.stderr == "Error: etcdserver: mvcc: required revision is a future revision\n"


def test_compaction_needs_one_argument_compaction_command_go():
    c = fresh()
    assert run(c, "compaction").stderr == "Error: compaction command needs 1 argument\n"


def test_watch_with_rev_prints_put_and_delete_events_printer_simple_go():
    c = fresh()
    rev = c.store.revision + 1
    c.api.delete("configmaps", "a", "default")
    out = run(c, f"watch /registry/configmaps/default/a --rev={rev}")
    assert out.text == "DELETE\n/registry/configmaps/default/a\n\n"
    out = run(c, f"watch /registry/configmaps/default/ --prefix --rev=2")
    lines = out.text.split("\n")
    events = [(line, lines[i + 1]) for i, line in enumerate(lines) if line in ("PUT", "DELETE")]
    # From revision 2 the watch replays root-ca-cert-publisher's kube-root-ca.crt first.
    assert events == [("PUT", "/registry/configmaps/default/kube-root-ca.crt"),
                      ("PUT", "/registry/configmaps/default/a"),
                      ("PUT", "/registry/configmaps/default/b"),
                      ("DELETE", "/registry/configmaps/default/a")]
    assert out.text.startswith("PUT\n/registry/configmaps/default/kube-root-ca.crt\n{")
    assert out.text.endswith("DELETE\n/registry/configmaps/default/a\n\n")


def test_watch_json_prints_one_response_per_revision():
    c = fresh()
    rev = c.store.revision + 1
    c.api.delete("configmaps", "b", "default")
    line = run(c, f"watch /registry/configmaps/default/b --rev={rev} -w json").text
    doc = json.loads(line)
    assert list(doc) == ["Header", "Events", "CompactRevision", "Canceled", "Created"]
    assert doc["Events"] == [{"type": 1, "kv": {"key": base64.b64encode(b"/registry/configmaps/default/b").decode(),
                                                "mod_revision": rev}}]


def test_watch_from_a_compacted_revision_is_canceled_by_the_server_watch_command_go():
    c = fresh()
    c.store.compact(c.store.revision)
    out = run(c, "watch /registry --prefix --rev=2")
    assert out.stderr == ("watch was canceled (etcdserver: mvcc: required revision has been compacted)\n"
                          "Error: watch is canceled by the server\n")
    assert out.exit_code == 5


def test_watch_without_rev_follows_the_cluster_for_a_bounded_window():
    c = fresh()
    start = c.now
    c.clock.schedule(5.0, c.api.create, "configmaps", {"metadata": {"name": "later", "namespace": "default"}}, "default")
    out = run(c, "watch /registry/configmaps/default/ --prefix")
    assert c.now == start + etcdctl.timing.FOLLOW_WINDOW
    assert out.text.startswith("PUT\n/registry/configmaps/default/later\n{")
    assert c.bugs == []


def test_endpoint_status_table_is_drawn_like_tablewriter(booted):
    out = run(booted, "endpoint status -w table")
    lines = out.text.splitlines()
    border = ("+----------------+------------------+---------+---------+-----------+------------+-----------+"
              "------------+--------------------+--------+")
    assert lines[0] == border and lines[2] == border and lines[4] == border
    assert lines[1] == ("|    ENDPOINT    |        ID        | VERSION | DB SIZE | IS LEADER | IS LEARNER | RAFT TERM |"
                        " RAFT INDEX | RAFT APPLIED INDEX | ERRORS |")
    cells = [x.strip() for x in lines[3].split("|")[1:-1]]
    assert cells[0] == "127.0.0.1:2379" and cells[2] == "3.5.16" and cells[4:7] == ["true", "false", "2"]
    assert cells[1] == f"{etcdctl.member_id(booted):x}" and len(cells[1]) == 16
    assert lines[3].startswith("| 127.0.0.1:2379 | ") and lines[3].endswith(" |        |")


def test_endpoint_status_simple_is_comma_separated_with_a_trailing_empty_errors_field(booted):
    out = run(booted, "endpoint status")
    fields = out.text.rstrip("\n").split(", ")
    assert len(fields) == 10 and fields[-1] == "" and out.text.endswith(", \n")
    assert fields[3].endswith(" kB")


def test_endpoint_health_reports_the_committed_proposal(booted):
    out = run(booted, "--endpoints=https://127.0.0.1:2379 endpoint health")
    assert out.text.startswith("https://127.0.0.1:2379 is healthy: successfully committed proposal: took = ")
    assert out.text.endswith("ms\n")


def test_member_list_names_the_control_plane_member(booted):
    out = run(booted, "member list")
    mid = f"{etcdctl.member_id(booted):x}"
    assert out.text == f"{mid}, started, control-plane, https://172.18.0.2:2380, https://172.18.0.2:2379, false\n"


def test_version_prints_etcdctl_and_api_versions():
    c = fresh()
    assert run(c, "version").text == "etcdctl version: 3.5.16\nAPI version: 3.5\n"


def test_an_unknown_command_is_reported_twice_like_cobra_and_ctl_go():
    c = fresh()
    out = run(c, "frobnicate")
    assert out.stderr == ('Error: unknown command "frobnicate" for "etcdctl"\n'
                          "Run 'etcdctl --help' for usage.\n"
                          'Error: unknown command "frobnicate" for "etcdctl"\n')


def test_global_tls_flags_learners_copy_from_kubeadm_docs_are_accepted():
    c = fresh()
    out = run(c, "--endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt "
                 "--cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key "
                 "get /registry/configmaps/default/a --keys-only")
    assert out.text == "/registry/configmaps/default/a\n\n"


def test_same_seed_same_identity():
    assert etcdctl.member_id(Cluster(seed=3)) == etcdctl.member_id(Cluster(seed=3))


def test_humanize_bytes_matches_go_humanize():
    assert [etcdctl.humanize_bytes(n) for n in (5, 20480, 1_234_567, 999)] == ["5 B", "20 kB", "1.2 MB", "999 B"]
