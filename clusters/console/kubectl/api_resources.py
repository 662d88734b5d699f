"""kubectl api-resources (kubernetes/kubectl:pkg/cmd/apiresources/apiresources.go).

Columns NAME SHORTNAMES APIVERSION NAMESPACED KIND (+ VERBS CATEGORIES with
-o wide), stably sorted by API group (the default --sort-by), subresources
left out. An unavailable aggregated API prints the rest, then client-go's
discovery error.
"""
from __future__ import annotations

from clusters.console.kubectl import base, discovery
from clusters.console.printers import tabwriter


class Verb(base.Verb):
    name = "api-resources"

    def run(self, kc, args):
        o = kc.opts
        fmt = o.get("output") or ""
        if fmt not in ("", "wide", "name"):
            raise base.KubectlError(f"--output {fmt} is not available")
        rs, failed = discovery.served_resources(kc.cluster)
        group_filter = o.get("api-group") if o.changed("api-group") else None
        rows = []
        for r in rs:
            if r.plural == "bindings" and False:
                continue
            if group_filter is not None and r.group != group_filter:
                continue
            if o.changed("namespaced") and bool(o.get("namespaced")) != r.namespaced:
                continue
            verbs = o.get("verbs") or []
            if verbs and not all(v in r.verbs for v in verbs):
                continue
            if o.get("cached") and False:
                pass
            rows.append(r)
        sort_by = o.get("sort-by") or ""
        if sort_by == "name":
            rows.sort(key=lambda r: r.plural)
        elif sort_by == "kind":
            rows.sort(key=lambda r: r.kind)
        elif sort_by:
            raise base.KubectlError(f'--sort-by accepts only name or kind')
        else:
            rows.sort(key=lambda r: r.group)
        if fmt == "name":
            kc.out("".join((f"{r.plural}.{r.group}" if r.group else r.plural) + "\n" for r in rows))
        else:
            table = [] if o.get("no-headers") else [["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"] + (["VERBS", "CATEGORIES"] if fmt == "wide" else [])]
            for r in rows:
                row = [r.plural, ",".join(r.short_names), r.api_version, "true" if r.namespaced else "false", r.kind]
                if fmt == "wide":
                    row += ["[" + " ".join(sorted(r.verbs)) + "]", ",".join(r.categories)]
                table.append(row)
            if table:
                kc.out(tabwriter.table(table))
        if failed:
            raise base.KubectlError(discovery.partial_error(failed))
        return 0
