"""kubectl events (kubernetes/kubectl:pkg/cmd/events/events.go, event_printer.go).

Events sorted by when they last happened (series, lastTimestamp, eventTime),
OBJECT as ``Kind/name`` (not lower-cased, unlike ``get events``),
``--for TYPE/NAME``, ``--types Normal,Warning``, ``-A``, ``-o``, and ``-w``
(the listing, then new events as virtual time runs, bounded as for get -w).
"""
from __future__ import annotations

from clusters import timeutil
from clusters.console.kubectl import base, builder
from clusters.console.kubectl.get import WATCH_WINDOW, _event_server_order, _parse_timeout
from clusters.console.printers import gosort, output, tables, tabwriter


def _event_time(e: dict) -> float:
    s = (e.get("series") or {}).get("lastObservedTime") or e.get("lastTimestamp") or e.get("eventTime")
    try:
        return timeutil.parse_rfc3339(s) if s else 0.0
    except ValueError:
        return 0.0


def interval(e: dict, now: float) -> str:
    first = tables.since(e.get("eventTime"), now) if e.get("eventTime") else tables.since(e.get("firstTimestamp"), now)
    if e.get("series"):
        return f"{tables.since(e['series'].get('lastObservedTime'), now)} (x{e['series'].get('count')} over {first})"
    if (e.get("count") or 0) > 1:
        return f"{tables.since(e.get('lastTimestamp'), now)} (x{e['count']} over {first})"
    return first


class Verb(base.Verb):
    name = "events"

    def run(self, kc, args):
        o = kc.opts
        types = [t for t in (o.get("types") or []) if t]
        for t in types:
            if t.lower() not in ("normal", "warning"):
                raise base.KubectlError("valid --types are Normal or Warning")
        for_obj = o.get("for") or ""
        kind = name = None
        if for_obj:
            if "/" not in for_obj:
                raise base.KubectlError("--for must be in resource/name form")
            if for_obj.count("/") > 1:
                raise base.KubectlError("arguments in resource/name form may not have more than one slash")
            t, _, name = for_obj.partition("/")
            kind = builder.resolve_type(t).kind
        ns = None if kc.all_namespaces else kc.namespace

        def wanted(e: dict) -> bool:
            io = e.get("involvedObject") or {}
            if kind and (io.get("kind") != kind or io.get("name") != name):
                return False
            return not types or any(t.lower() == (e.get("type") or "").lower() for t in types)

        evs = [e for e in kc.api.list("events", ns) if wanted(e)]
        evs.sort(key=_event_server_order)
        stamps = {id(e): _event_time(e) for e in evs}
        gosort.sort(evs, lambda a, b: stamps[id(a)] < stamps[id(b)])  # events.go: sort.Sort(SortableEvents)
        fmt = o.get("output") or ""
        if not evs and not o.get("watch"):
            kc.err("No events found.\n" if kc.all_namespaces else f"No events found in {kc.namespace} namespace.\n")
            return 0
        if fmt:
            try:
                output.check_format(fmt)
                kc.out(output.render(kc.cluster, fmt, evs, False, [builder.name_of(builder.resolve_type("events"), e["metadata"]["name"]) for e in evs]))
            except output.PrintError as e:
                raise base.KubectlError(str(e))
            return 0
        rows = [] if o.get("no-headers") else [(["NAMESPACE"] if kc.all_namespaces else []) + ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]]
        rows += [self._row(kc, e) for e in evs]
        if rows:
            kc.out(tabwriter.table(rows))
        if o.get("watch"):
            cluster = kc.cluster
            end = cluster.clock.now + (_parse_timeout(o.get("request-timeout")) or WATCH_WINDOW)
            rev = cluster.store.revision
            prefix = "/registry/events/" + (f"{ns}/" if ns else "")
            while cluster.clock.now < end:
                nxt = cluster.next_wakeup()
                if nxt is None:
                    break
                cluster.advance_to(min(end, max(cluster.clock.now + 1.0, nxt)))
                try:
                    changes = cluster.store.events_since(rev, prefix)
                except Exception:
                    changes = []
                rev = cluster.store.revision
                for ch in changes:
                    if ch.type == "DELETE" or not wanted(ch.kv.value):
                        continue
                    kc.out(tabwriter.table([self._row(kc, ch.kv.value)]))
        return 0

    def _row(self, kc, e: dict) -> list[str]:
        io = e.get("involvedObject") or {}
        row = [interval(e, kc.now), e.get("type", ""), e.get("reason", ""), f"{io.get('kind', '')}/{io.get('name', '')}",
               (e.get("message") or "").strip()]
        return ([e["metadata"].get("namespace", "")] if kc.all_namespaces else []) + row
