"""NetworkPolicy validation (pkg/apis/networking/validation/validation.go, 1.32).

ValidateNetworkPolicySpec: each rule's ports (ValidateNetworkPolicyPort), each peer
(ValidateNetworkPolicyPeer: at least one of podSelector, namespaceSelector, ipBlock, and ipBlock
alone), each ipBlock (ValidateIPBlock: a CIDR as net.ParseCIDR reads it, and ``except`` entries
strictly inside it), and policyTypes (Ingress, Egress, at most two). The label selectors are
checked where the other kinds check theirs, not here [simplified].
"""
from __future__ import annotations

import ipaddress
import re

from clusters.apiserver.errors import FieldError, forbidden_field, invalid_value, not_supported, required

_PORT_RANGE = "must be between 1 and 65535, inclusive"


def port_name_errors(name: str) -> list[str]:
    """apimachinery validation.IsValidPortName (IANA_SVC_NAME)."""
    msgs = []
    if len(name) > 15:
        msgs.append("must be no more than 15 characters")
    if not re.fullmatch(r"[-a-z0-9]+", name):
        msgs.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    if not re.search(r"[a-z]", name):
        msgs.append("must contain at least one letter (a-z)")
    if "--" in name:
        msgs.append("must not contain consecutive hyphens")
    if name and (name[0] == "-" or name[-1] == "-"):
        msgs.append("must not begin or end with a hyphen")
    return msgs


def _port(p: dict, path: str, errs: list[FieldError]) -> None:
    proto = p.get("protocol")
    if proto is not None and proto not in ("TCP", "UDP", "SCTP"):
        errs.append(not_supported(f"{path}.protocol", proto, ["TCP", "UDP", "SCTP"]))
    port, end = p.get("port"), p.get("endPort")
    if port is None:
        if end is not None:
            errs.append(invalid_value(f"{path}.endPort", end, "may not be specified when `port` is not specified"))
    elif isinstance(port, int):
        if not 1 <= port <= 65535:
            errs.append(invalid_value(f"{path}.port", port, _PORT_RANGE))
        if end is not None:
            if end < port:
                errs.append(invalid_value(f"{path}.endPort", end, "must be greater than or equal to `port`"))
            if not 1 <= end <= 65535:
                errs.append(invalid_value(f"{path}.endPort", end, _PORT_RANGE))
    else:
        if end is not None:
            errs.append(invalid_value(f"{path}.endPort", end, "may not be specified when `port` is non-numeric"))
        errs.extend(invalid_value(f"{path}.port", port, m) for m in port_name_errors(str(port)))


def _cidr(value: str):
    """net.ParseCIDR: an address and a prefix length; host bits may be set."""
    try:
        if "/" not in value:
            raise ValueError(value)
        return ipaddress.ip_network(value, strict=False)
    except ValueError:
        return None


def _ip_block(block: dict, path: str, errs: list[FieldError]) -> None:
    cidr = block.get("cidr") or ""
    if not cidr:
        errs.append(required(f"{path}.cidr", ""))
        return
    net = _cidr(cidr)
    if net is None:
        errs.append(invalid_value(f"{path}.cidr", cidr, "not a valid CIDR"))
        return
    for i, ex in enumerate(block.get("except") or []):
        sub = _cidr(ex)
        if sub is None:
            errs.append(invalid_value(f"{path}.except[{i}]", ex, "not a valid CIDR"))
            return
        if sub.version != net.version or sub.network_address not in net or net.prefixlen >= sub.prefixlen:
            errs.append(invalid_value(f"{path}.except[{i}]", ex, "must be a strict subset of `cidr`"))


def _peer(peer: dict, path: str, errs: list[FieldError]) -> None:
    kinds = [k for k in ("podSelector", "namespaceSelector", "ipBlock") if peer.get(k) is not None]
    if peer.get("ipBlock") is not None:
        _ip_block(peer["ipBlock"], f"{path}.ipBlock", errs)
    if not kinds:
        errs.append(required(path, "must specify a peer"))
    elif len(kinds) > 1 and "ipBlock" in kinds:
        errs.append(forbidden_field(path, "may not specify both ipBlock and another peer"))


def validate(obj: dict, old: dict | None) -> list[FieldError]:
    errs: list[FieldError] = []
    spec = obj.get("spec") or {}
    for kind, peers in (("ingress", "from"), ("egress", "to")):
        for i, rule in enumerate(spec.get(kind) or []):
            rule = rule or {}
            for j, p in enumerate(rule.get("ports") or []):
                _port(p or {}, f"spec.{kind}[{i}].ports[{j}]", errs)
            for j, peer in enumerate(rule.get(peers) or []):
                _peer(peer or {}, f"spec.{kind}[{i}].{peers}[{j}]", errs)
    types = spec.get("policyTypes") or []
    if len(types) > 2:
        errs.append(invalid_value("spec.policyTypes", types, "may not specify more than two policyTypes"))
        return errs
    for i, t in enumerate(types):
        if t not in ("Ingress", "Egress"):
            errs.append(not_supported(f"spec.policyTypes[{i}]", t, ["Ingress", "Egress"]))
    return errs
