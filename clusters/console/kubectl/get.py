"""kubectl get (kubernetes/kubectl:pkg/cmd/get/get.go).

Tables come from ``printers.tables`` (the server-side printers); several
kinds print one table each, separated by a blank line, with ``kind/name``
names; ``-A`` adds NAMESPACE; ``-L`` and ``--show-labels`` add label
columns (cli-runtime tableprinter.go decorateTable). With nothing to show,
"No resources found in <ns> namespace." goes to stderr.

``-w`` prints the table, then runs virtual time forward and prints one row
per change to a matching object, the way a watch streams them. The window
is bounded: ``--request-timeout`` when given, else 60 virtual seconds, and
it stops early once the cluster has no timed work left. (A real watch runs
until Ctrl-C; in this console a command must end.) An empty list prints
nothing: the header comes with the first change.
"""
from __future__ import annotations

from clusters.apiserver import errors as api_errors
from clusters.console.kubectl import base, builder, impersonation
from clusters.console.printers import gosort, jsonpath, output, tables, tabwriter
from clusters.strings import isdigits

WATCH_WINDOW = 60.0


_MISSING = object()


def _sort_value(obj: dict, nodes: list):
    vals = []
    for node in nodes:
        if node[0] == "list":
            vals.extend(jsonpath._walk(node[1], [obj], obj))
    return vals[0] if vals else _MISSING


def _quantity(v: str):
    from clusters import objects

    if v != v.strip():
        return None
    try:
        return objects.parse_quantity(v)
    except (objects.QuantityError, ValueError, ArithmeticError):
        return None


def _is_less(a, b) -> bool:
    """sorter.go isLess on two JSON values (unstructured: interface{} holding int64, float64, string)."""
    if a is None or b is None:
        return a is None and b is not None
    if isinstance(a, str) and isinstance(b, str):
        qa, qb = _quantity(a), _quantity(b)
        if qa is not None and qb is not None:
            return qa < qb  # both are quantities: Quantity.Cmp
        return a < b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a < b
    return jsonpath._text(a) < jsonpath._text(b)  # kubectl exits "unsortable type" here


def sort_by(objs: list[dict], expr: str) -> list[dict]:
    """get.go --sort-by (sorter.go): a JSONPath compared by isLess, with Go's unstable sort.Sort.

    A row without the field is Less than any other (even another without it), as
    RuntimeSort.Less and TableSorter.Less answer.
    """
    e = expr if expr.startswith("{") else "{" + (expr if expr.startswith(".") else "." + expr) + "}"
    try:
        nodes = jsonpath.parse(e)
    except jsonpath.JSONPathError as err:
        raise base.KubectlError(f"error parsing jsonpath {e}, {err}")
    keyed = [(_sort_value(o, nodes), o) for o in objs]

    def less(x, y) -> bool:
        if x[0] is _MISSING:
            return True
        if y[0] is _MISSING:
            return False
        return _is_less(x[0], y[0])

    gosort.sort(keyed, less)
    return [o for _, o in keyed]


def label_headers(keys: list[str]) -> list[str]:
    """tableprinter.go: the label column is the key's last path segment, upper-cased."""
    return [k.rsplit("/", 1)[-1].upper() for k in keys]


class TablePrinter:
    """The rows of one kind, with the columns options add."""

    def __init__(self, kc, resource, multi_kind: bool):
        o = kc.opts
        self.kc = kc
        self.resource = resource
        self.wide = (o.get("output") or "") == "wide"
        self.all_ns = kc.all_namespaces and resource.namespaced
        self.with_kind = multi_kind
        self.labels = [l for l in (o.get("label-columns") or []) if l]
        self.show_labels = bool(o.get("show-labels"))
        self.columns, self.handler = tables.columns_for(resource.kind, self.wide)
        self.name_col = 0 if "NAME" in self.columns and self.columns[0] == "NAME" else (self.columns.index("NAME") if "NAME" in self.columns else -1)

    def header(self) -> list[str]:
        h = list(self.columns)
        if self.all_ns:
            h = ["NAMESPACE"] + h
        h += label_headers(self.labels)
        if self.show_labels:
            h.append("LABELS")
        return h

    def row(self, obj: dict, now: float) -> list[str]:
        cells = [str(c) for c in self.handler(obj, now, self.wide)]
        if self.with_kind and self.name_col >= 0:
            cells[self.name_col] = builder.name_of(self.resource, cells[self.name_col])
        meta = obj.get("metadata") or {}
        if self.all_ns:
            cells = [meta.get("namespace", "")] + cells
        lbl = meta.get("labels") or {}
        for k in self.labels:
            cells.append(lbl.get(k, ""))
        if self.show_labels:
            cells.append(tables.format_labels(lbl))
        return cells


class Verb(base.Verb):
    name = "get"

    def run(self, kc, args):
        o = kc.opts
        fmt = o.get("output") or ""
        if not fmt and o.get("template"):  # print_flags.go ToPrinter: --template alone means -o go-template
            fmt = "go-template"
        try:
            output.check_format(fmt)
        except output.PrintError as e:
            raise base.KubectlError(str(e))
        # -k DIR counts as a filename (FilenameOptions.IsEmpty); manifests() builds it
        filenames = o.get("filename") or []
        has_files = bool(filenames or o.get("kustomize"))
        if o.get("raw"):
            from clusters.console.kubectl import raw

            if args or has_files:
                raise base.KubectlError("arguments may not be passed when --raw is specified")
            kc.out(raw.fetch(kc, o.get("raw")))
            return 0
        if not args and not has_files:
            kc.err('You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n')
            raise base.KubectlError(
                "Required resource not specified.\n"
                "Use \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\n"
                "See 'kubectl get -h' for help and examples")
        if o.get("all-namespaces") and o.changed("namespace") and False:
            pass
        groups, errs, single = self.collect(kc, args, filenames, has_files)
        if o.get("watch") or o.get("watch-only"):
            return self.watch(kc, groups, errs, fmt)
        self._errors = bool(errs)
        self.print(kc, groups, fmt, single)
        if errs:
            kc.err(base.multiple_errors(errs))
            return 1
        return 0

    # -- gathering -------------------------------------------------------------
    def collect(self, kc, args, filenames, has_files=False):
        """[(resource, [objects])], errors, single-named-object?"""
        o = kc.opts
        selector = o.get("selector") or ""
        fields = o.get("field-selector") or ""
        groups: list[tuple] = []
        errs: list[BaseException] = []
        single = False
        if filenames or has_files:
            from clusters.console.kubectl import mutating

            mans = mutating.manifests(kc, filenames, bool(o.get("recursive", False)))
            for m in mans:
                r = mutating.resource_of(m)
                meta = m.obj.get("metadata") or {}
                ns = (meta.get("namespace") or kc.namespace) if r.namespaced else None
                try:
                    obj = builder.info_get(kc, r, meta.get("name", ""), ns)  # get.go builds with Latest()
                    _append(groups, r, obj)
                except api_errors.StatusError as e:
                    errs.append(e)
            single = len(mans) == 1
            return groups, errs, single
        reqs = builder.parse_args(args, "get")
        if selector and any(q.names for q in reqs):
            raise base.KubectlError("selectors and the all flag cannot be used when passing resource/name arguments")
        for q in reqs:
            r = q.resource
            if q.names:
                for name in q.names:
                    try:
                        _append(groups, r, builder.info_get(kc, r, name))
                    except api_errors.StatusError as e:
                        errs.append(e)
            else:
                try:
                    objs = builder.list_objects(kc, r, selector, fields, kc.all_namespaces)
                except api_errors.StatusError as e:
                    errs.append(e)
                    continue
                if r.kind == "Event":
                    objs = sorted(objs, key=_event_server_order)
                groups.append((r, list(objs)))
        single = len(reqs) == 1 and len(reqs[0].names) == 1
        return groups, errs, single

    # -- printing ----------------------------------------------------------------
    def print(self, kc, groups, fmt, single) -> None:
        o = kc.opts
        sort_expr = o.get("sort-by") or ""
        if sort_expr:
            groups = [(r, sort_by(objs, sort_expr)) for r, objs in groups]
        all_objs = [obj for _, objs in groups for obj in objs]
        kind, _ = output.split_format(fmt)
        if kind and kind != "wide":
            if single and not all_objs and getattr(self, "_errors", False):
                return  # printGeneric: one named object that failed returns its error alone (no empty List)
            if kind == "name":
                names = [builder.name_of(r, obj["metadata"]["name"]) for r, objs in groups for obj in objs]
                if not names:
                    self.no_resources(kc, groups)
                kc.out("".join(n + "\n" for n in names))
                return
            if kind in ("custom-columns", "custom-columns-file"):
                if not all_objs:
                    self.no_resources(kc, groups)
                    return
            try:
                text = output.render(kc.cluster, fmt, all_objs, single, template=o.get("template") or "",
                                     show_managed=bool(o.get("show-managed-fields")))
                if kind in ("custom-columns", "custom-columns-file") and o.get("no-headers"):
                    text = text.split("\n", 1)[1] if "\n" in text else ""
            except output.PrintError as e:
                raise base.KubectlError(str(e))
            kc.out(text)
            return
        multi_kind = bool(o.get("show-kind")) or len({id(r) for r, _ in groups}) > 1 or (len(groups) == 1 and len(kc.args) > 0 and "," in (kc.args[0] if kc.args else "")) or any(a == "all" or a.startswith("all,") for a in kc.args[:1])
        now = kc.now
        blocks: list[str] = []
        for r, objs in groups:
            if not objs:
                continue
            tp = TablePrinter(kc, r, multi_kind)
            rows = [] if o.get("no-headers") else [tp.header()]
            rows.extend(tp.row(obj, now) for obj in objs)
            blocks.append(tabwriter.table(rows))
        if not blocks:
            self.no_resources(kc, groups)
            return
        sep = "\n" if not o.get("no-headers") else ""
        kc.out(sep.join(blocks))

    def no_resources(self, kc, groups) -> None:
        if getattr(self, "_errors", False):
            return
        namespaced = bool(groups) and all(r.namespaced for r, _ in groups)
        if kc.opts.get("ignore-not-found"):
            return
        if namespaced and not kc.all_namespaces:
            kc.err(f"No resources found in {kc.namespace} namespace.\n")
        else:
            kc.err("No resources found\n")

    # -- watching ------------------------------------------------------------------
    def watch(self, kc, groups, errs, fmt) -> int:
        """Print the listing, then one row per change while virtual time runs (see module doc)."""
        o = kc.opts
        if errs:
            kc.err(base.multiple_errors(errs))
            return 1
        cluster = kc.cluster
        kind, _ = output.split_format(fmt)
        table = not kind or kind == "wide"
        events_col = bool(o.get("output-watch-events"))
        multi = len(groups) > 1
        printers = {r: TablePrinter(kc, r, multi) for r, _ in groups}
        names = {r: {ob["metadata"]["name"] for ob in objs} for r, objs in groups}
        by_name = bool(kc.args) and (any("/" in a for a in kc.args) or len(kc.args) > 1)
        rows: list[list[str]] = []
        if table and groups and not o.get("no-headers"):
            header = printers[groups[0][0]].header()
            rows.append((["EVENT"] if events_col else []) + header)
        if not o.get("watch-only"):
            for r, objs in groups:
                for ob in objs:
                    if table:
                        rows.append((["ADDED"] if events_col else []) + printers[r].row(ob, kc.now))
                    else:
                        kc.out(self._render_one(kc, r, ob, fmt))
        # An empty list prints nothing, not even "No resources found" (get.go watch); the table
        # printer holds its header back until a row comes (tableprinter.go printedHeaders).
        held = rows if table and len(rows) == 1 and not o.get("watch-only") else []
        if held:
            rows = []
        # kubectl keeps the first table's column widths for the rows it streams
        widths = _widths(rows)
        if rows:
            kc.out(_pad(rows, widths))
        for r, _ in groups:  # get.go: the list printed, then Result.Watch from its resourceVersion
            single = next(iter(names[r])) if by_name and len(names[r]) == 1 else ""  # WatchSingle's field selector
            try:
                impersonation.check(kc.api, "watch", r, None if kc.all_namespaces else kc.namespace, single)
            except api_errors.StatusError as e:
                kc.err(base.error_message(e))
                return 1
        window = _parse_timeout(o.get("request-timeout")) or WATCH_WINDOW
        selector = builder.label_selector(o.get("selector") or "")
        preds = {r: builder.field_filter(r, o.get("field-selector") or "") for r, _ in groups}
        dirs = {r: r.directory(None if (kc.all_namespaces or not r.namespaced) else kc.namespace) for r, _ in groups}
        store = cluster.store
        end = cluster.clock.now + window
        rev = store.revision
        while cluster.clock.now < end:
            nxt = cluster.next_wakeup()
            if nxt is None:
                break
            cluster.advance_to(min(end, max(cluster.clock.now + 1.0, nxt)))
            try:
                events = store.events_since(rev)
            except Exception:  # compacted under us: a real watch would re-list; carry on from now
                events = []
            rev = store.revision
            for ev in events:
                for r, _ in groups:
                    if not ev.kv.key.startswith(dirs[r]):
                        continue
                    obj = ev.kv.value
                    meta = obj.get("metadata") or {}
                    if by_name and meta.get("name") not in names[r]:
                        continue
                    if selector is not None and not selector.matches(meta.get("labels") or {}):
                        continue
                    if preds[r] is not None and not preds[r](obj):
                        continue
                    etype = "DELETED" if ev.type == "DELETE" else ("ADDED" if ev.prev is None else "MODIFIED")
                    if table:
                        row = ([etype] if events_col else []) + printers[r].row(obj, kc.now)
                        if held:
                            widths = _widths(held + [row])
                            kc.out(_pad(held, widths))
                            held = []
                        kc.out(_pad([row], widths))
                    else:
                        kc.out(self._render_one(kc, r, obj, fmt))
        return 0

    def _render_one(self, kc, r, obj, fmt) -> str:
        kind, _ = output.split_format(fmt)
        if kind == "name":
            return builder.name_of(r, obj["metadata"]["name"]) + "\n"
        try:
            text = output.render(kc.cluster, fmt, [obj], True, template=kc.opts.get("template") or "",
                                 show_managed=bool(kc.opts.get("show-managed-fields")))
        except output.PrintError as e:
            raise base.KubectlError(str(e))
        if kind == "yaml":
            return "---\n" + text if False else text + "---\n"
        return text


def _parse_timeout(v) -> float:
    from clusters import timeutil

    if not v or str(v) == "0":
        return 0.0
    s = str(v)
    try:
        return float(s) if isdigits(s) else timeutil.parse_go_duration(s)
    except ValueError:
        return 0.0


def _widths(rows: list[list[str]]) -> list[int]:
    widths: list[int] = []
    for r in rows:
        for i, c in enumerate(r[:-1]):
            w = max(len(c) + 3, 6)
            if i >= len(widths):
                widths.append(w)
            elif w > widths[i]:
                widths[i] = w
    return widths


def _pad(rows: list[list[str]], widths: list[int]) -> str:
    out = []
    for r in rows:
        parts = []
        for i, c in enumerate(r):
            if i < len(r) - 1:
                w = widths[i] if i < len(widths) else max(len(c) + 3, 6)
                parts.append(c + " " * max(w - len(c), 3 if len(c) >= w else 0))
            else:
                parts.append(c)
        out.append("".join(parts))
    return "\n".join(out) + "\n"


def _event_server_order(e: dict):
    """Real event names are <object>.<hex unix nanos>, so the API server lists an object's events
    in the order they happened; the simulation's names carry jitter, so order ties by creation."""
    meta = e.get("metadata") or {}
    prefix = (meta.get("name") or "").rpartition(".")[0]
    try:
        rv = int(meta.get("resourceVersion") or 0)
    except ValueError:
        rv = 0
    # "web-x.<hex>" lists before "web.<hex>" ('-' < '.'): compare the prefix with its dot.
    return (meta.get("namespace") or "", prefix + ".", e.get("firstTimestamp") or "", rv)


def _append(groups: list, r, obj) -> None:
    if groups and groups[-1][0] is r:
        groups[-1][1].append(obj)
    else:
        groups.append((r, [obj]))
