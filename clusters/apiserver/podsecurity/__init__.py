"""Pod Security Admission, built into kube-apiserver as the ``PodSecurity`` plugin
(k8s.io/pod-security-admission, v0.32): ``levels`` reads namespace labels into a policy,
``baseline`` and ``restricted`` are the Pod Security Standards' checks, ``registry``
orders them by level and version, ``plugin`` enforces, warns, and checks existing pods
when a namespace's enforce level changes."""
from clusters.apiserver.podsecurity.plugin import Configuration, PodSecurity

__all__ = ["Configuration", "PodSecurity"]
