"""``kubectl describe`` for networking.k8s.io/v1 Ingress and NetworkPolicy: a port of
kubernetes/kubectl:pkg/describe/describe.go IngressDescriber (describeIngressV1,
describeBackendV1, describeIngressTLSV1, serviceBackendStringer) and
NetworkPolicyDescriber (describeNetworkPolicySpec, printNetworkPolicySpecIngressFrom,
printNetworkPolicySpecEgressTo).

Each backend names its service and port, then the ready endpoints of that
port from the Service's EndpointSlices, or the error of reading the Service.
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import errors as api_errors
from clusters.console.printers.describe import common as c

W = c.Writer


def _service_backend(sb: dict) -> str:
    """serviceBackendStringer: name:number, or name:portName when the number is 0."""
    port = sb.get("port") or {}
    return f"{sb.get('name', '')}:{port.get('number') or port.get('name', '')}"


def _backend(api, ns: str, backend: dict) -> str:
    """describeBackendV1."""
    from clusters.console.printers.describe import kinds

    sb = backend.get("service")
    if sb is not None:
        text = _service_backend(sb)
        try:
            slices = api.list("endpointslices", ns, objects.parse_selector(f"kubernetes.io/service-name={sb.get('name', '')}"))
            svc = api.get("services", sb.get("name", ""), ns)
        except api_errors.StatusError as e:
            return f"{text} (<error: {e.message}>)"
        port = sb.get("port") or {}
        name = ""
        for sp in (svc.get("spec") or {}).get("ports") or []:
            if port.get("number") and port.get("number") == sp.get("port"):
                name = sp.get("name", "")
            elif port.get("name") and port.get("name") == sp.get("name"):
                name = sp.get("name", "")
        return f"{text} ({kinds.format_endpoint_slices(slices, name)})"
    res = backend.get("resource")
    if res is not None:
        group = res.get("apiGroup") if res.get("apiGroup") is not None else "<none>"
        return f"APIGroup: {group}, Kind: {res.get('kind', '')}, Name: {res.get('name', '')}"
    return ""


def _address(ing: dict) -> str:
    """ingressLoadBalancerStatusStringerV1(..., wide=true): the sorted set of IPs, else hostnames."""
    lb = ((ing.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
    return ",".join(sorted({i.get("ip") or i.get("hostname") or "" for i in lb} - {""}))


def ingress(api, ing: dict, now: float) -> str:
    w = W()
    meta, spec = ing.get("metadata") or {}, ing.get("spec") or {}
    ns = meta.get("namespace", "")
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    c.labels_multiline(w, "Labels", meta.get("labels"))
    w.write(0, f"Namespace:\t{ns}\n")
    w.write(0, f"Address:\t{_address(ing)}\n")
    w.write(0, f"Ingress Class:\t{spec.get('ingressClassName') or '<none>'}\n")
    default = _backend(api, ns, spec["defaultBackend"]) if spec.get("defaultBackend") is not None else "<default>"
    w.write(0, f"Default backend:\t{default}\n")
    if spec.get("tls"):
        w.write(0, "TLS:\n")
        for t in spec["tls"]:
            hosts = ",".join(t.get("hosts") or [])
            if not t.get("secretName"):
                w.write(1, f"SNI routes {hosts}\n")
            else:
                w.write(1, f"{t['secretName']} terminates {hosts}\n")
    w.write(0, "Rules:\n  Host\tPath\tBackends\n")
    w.write(1, "----\t----\t--------\n")
    count = 0
    for rule in spec.get("rules") or []:
        if rule.get("http") is None:
            continue
        count += 1
        w.write(1, f"{rule.get('host') or '*'}\t\n")
        for p in (rule.get("http") or {}).get("paths") or []:
            w.write(2, f"\t{p.get('path', '')} \t{_backend(api, ns, p.get('backend') or {})}\n")
    if count == 0:
        w.write(1, f"*\t*\t{default}\n")
    c.annotations_multiline(w, "Annotations", meta.get("annotations"))
    c.events(w, c.find_events(api, ing), now)
    return w.text()


def _go_time(ts: str) -> str:
    """metav1.Time printed with %s: time.Time.String() in the console host's zone, UTC."""
    return f"{ts[0:10]} {ts[11:19]} +0000 UTC" if ts else "0001-01-01 00:00:00 +0000 UTC"


def _policy_rules(w: W, rules: list, peers_key: str, isolated: str, any_peer: str) -> None:
    """printNetworkPolicySpecIngressFrom / EgressTo, one function for both as their texts differ
    only in the peers' word."""
    indent = "    "
    if not rules:
        w.write(0, f"{indent}<none> (Selected pods are isolated for {isolated} connectivity)\n")
        return
    title = "From" if peers_key == "from" else "To"
    for i, rule in enumerate(rules):
        rule = rule or {}
        if not rule.get("ports"):
            w.write(0, f"{indent}To Port: <any> (traffic allowed to all ports)\n")
        for port in rule.get("ports") or ():
            number = port.get("port")
            text = "<nil>" if number is None else str(number)
            proto = port.get("protocol") or "TCP"
            if port.get("endPort") is None:
                w.write(0, f"{indent}To Port: {text}/{proto}\n")
            else:
                w.write(0, f"{indent}To Port Range: {text}-{port['endPort']}/{proto}\n")
        if not rule.get(peers_key):
            w.write(0, f"{indent}{title}: <any> ({any_peer})\n")
        for peer in rule.get(peers_key) or ():
            w.write(0, f"{indent}{title}:\n")
            pods, nss = peer.get("podSelector"), peer.get("namespaceSelector")
            if nss is not None:
                w.write(1, f"{indent}NamespaceSelector: {objects.format_label_selector(nss)}\n")
            if pods is not None:
                w.write(1, f"{indent}PodSelector: {objects.format_label_selector(pods)}\n")
            if pods is None and nss is None and peer.get("ipBlock") is not None:
                block = peer["ipBlock"]
                w.write(1, f"{indent}IPBlock:\n")
                w.write(2, f"{indent}CIDR: {block.get('cidr', '')}\n")
                w.write(2, f"{indent}Except: {', '.join(block.get('except') or [])}\n")
        if i != len(rules) - 1:
            w.write(0, f"{indent}----------\n")


def network_policy(api, np: dict, now: float) -> str:
    w = W()
    meta, spec = np.get("metadata") or {}, np.get("spec") or {}
    w.write(0, f"Name:\t{meta.get('name', '')}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    w.write(0, f"Created on:\t{_go_time(meta.get('creationTimestamp') or '')}\n")
    c.labels_multiline(w, "Labels", meta.get("labels"))
    c.annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, "Spec:\n")
    selector = spec.get("podSelector") or {}
    if not selector.get("matchLabels") and not selector.get("matchExpressions"):
        w.write(1, "PodSelector: ")
        w.write(2, "<none> (Allowing the specific traffic to all pods in this namespace)\n")
    else:
        w.write(1, "PodSelector: ")
        w.write(2, f"{objects.format_label_selector(selector)}\n")
    types = spec.get("policyTypes") or []
    if "Ingress" in types:
        w.write(1, "Allowing ingress traffic:\n")
        _policy_rules(w, spec.get("ingress") or [], "from", "ingress", "traffic not restricted by source")
    else:
        w.write(1, "Not affecting ingress traffic\n")
    if "Egress" in types:
        w.write(1, "Allowing egress traffic:\n")
        _policy_rules(w, spec.get("egress") or [], "to", "egress", "traffic not restricted by destination")
    else:
        w.write(1, "Not affecting egress traffic\n")
    w.write(1, f"Policy Types: {', '.join(types) or '<none>'}\n")
    return w.text()


DESCRIBERS = {"Ingress": ingress, "NetworkPolicy": network_policy}
