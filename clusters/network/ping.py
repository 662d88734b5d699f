"""busybox ping (networking/ping.c, FEATURE_FANCY_PING) from a pod or the console host.

The name resolves as the process would resolve it (dns.resolve); an echo
request to a running pod, a node or the host itself is answered, with the TTL
less one for each router on the way (kindnet routes pod traffic through the
nodes: 64 from the pod itself, 63 across its own node, 62 to another node);
to anything else (or to a pod a NetworkPolicy isolates from the sender) it
goes unanswered and ping gives up 10 s (MAXWAIT) after its last request.
``-c N`` sends N requests a second apart; ``-q`` prints only the header and
the summary; ``-W N`` waits N seconds instead of 10.
"""
from __future__ import annotations

from clusters.network import dns, policies, services

DATA_BYTES = 56
MAX_WAIT = 10.0
_RTT_US = {64: 31, 63: 71, 62: 412}  # a round trip in microseconds, by TTL [approximate]
USAGE = ("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\n"
         "Usage: ping [OPTIONS] HOST\n")


def ping(cluster, from_pod: dict | None, argv: list[str]) -> tuple[int, str, str, float]:
    """(exit status, stdout, stderr, seconds it ran) of ``ping ARGS``."""
    count, wait, quiet, host = None, MAX_WAIT, False, None
    args = list(argv)
    while args:
        a = args.pop(0)
        if a in ("-c", "-W", "-w", "-s", "-i", "-I", "-t") and args:
            v = args.pop(0)
            if a in ("-c", "-W"):
                if not v.isdigit():
                    return 1, "", f"ping: invalid number '{v}'\n", 0.0
                if a == "-c":
                    count = int(v)
                else:
                    wait = float(v)
        elif a == "-q":
            quiet = True
        elif a.startswith("-") and a != "-":
            continue
        else:
            host = a
    if host is None:
        return 1, "", USAGE, 0.0
    answer = dns.resolve(cluster, from_pod, host)
    if not answer.addresses:
        return 1, "", f"ping: bad address '{host}'\n", 0.0
    ip = answer.addresses[0]
    ttl = _ttl(cluster, from_pod, ip)
    sent = count if count else 1
    out = [f"PING {host} ({ip}): {DATA_BYTES} data bytes\n"]
    if ttl is not None and not quiet:
        rtt = _RTT_US[ttl]
        out += [f"{DATA_BYTES + 8} bytes from {ip}: seq={seq} ttl={ttl} time={rtt // 1000}.{rtt % 1000:03d} ms\n"
                for seq in range(sent)]
    received = sent if ttl is not None else 0
    out.append(f"\n--- {host} ping statistics ---\n"
               f"{sent} packets transmitted, {received} packets received, {(sent - received) * 100 // sent}% packet loss\n")
    if received:
        rtt = f"{_RTT_US[ttl] // 1000}.{_RTT_US[ttl] % 1000:03d}"
        out.append(f"round-trip min/avg/max = {rtt}/{rtt}/{rtt} ms\n")
    elapsed = (sent - 1) + (_RTT_US[ttl] / 1e6 if received else wait)
    return (0 if received else 1), "".join(out), "", elapsed


def _ttl(cluster, from_pod: dict | None, ip: str) -> int | None:
    """The TTL an answer arrives with, or None when nothing answers."""
    own = (from_pod or {}).get("status") or {}
    if ip in ("127.0.0.1", own.get("podIP")):
        return 64
    target = services.pod_by_ip(cluster, ip)
    if target is not None:
        # NetworkPolicy: ICMP passes only a rule that names no ports (policies.py drops the rest)
        if not policies.allows(cluster, from_pod, services.client_ip(from_pod), target, ip, 0, "ICMP"):
            return None
        if from_pod is None:
            return 63  # from the console host (a node) straight to the pod's node and into it
        same = (target.get("spec") or {}).get("nodeName") == (from_pod.get("spec") or {}).get("nodeName")
        return 63 if same else 62
    if services.node_by_ip(cluster, ip) is not None:
        return 63 if from_pod is not None else 64
    return None
