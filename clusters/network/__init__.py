"""kube-proxy and DNS, modelled: which backends a Service routes to and which names resolve."""
