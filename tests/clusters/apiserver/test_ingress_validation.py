"""Ingress validation as kube-apiserver 1.32 words it
(pkg/apis/networking/validation/validation.go ValidateIngressCreate/Update, validateHTTPIngressPath,
validateIngressBackend, validateIngressRules, validateIngressTLS)."""
from clusters import Cluster, ClusterSpec


def _apply(c, spec, name="web", annotations=""):
    return c.run(f"""kubectl apply -f - <<EOF
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {name}
{annotations}spec:
{spec}
EOF""").text


_RULE = """  rules:
  - host: {host}
    http:
      paths:
      - path: {path}
{path_type}        backend:
          service:
            name: {svc}
            port:
{port}
"""


def _rule(host="shop.example.com", path="/", path_type="Prefix", svc="web", port="              number: 80"):
    pt = f"        pathType: {path_type}\n" if path_type else ""
    return _RULE.format(host=host, path=path, path_type=pt, svc=svc, port=port)


def test_a_path_without_path_type_is_refused():
    c = Cluster(ClusterSpec(nodes=1), seed=1)
    assert _apply(c, _rule(path_type="")) == (
        'The Ingress "web" is invalid: spec.rules[0].http.paths[0].pathType: Required value: '
        "pathType must be specified\n")


def test_an_unknown_path_type_and_a_relative_path():
    c = Cluster(ClusterSpec(nodes=1), seed=1)
    assert _apply(c, _rule(path_type="Regex")) == (
        'The Ingress "web" is invalid: spec.rules[0].http.paths[0].pathType: Unsupported value: "Regex": '
        'supported values: "Exact", "ImplementationSpecific", "Prefix"\n')
    assert _apply(c, _rule(path="api//v1", path_type="Exact")) == (
        'The Ingress "web" is invalid: \n'
        '* spec.rules[0].http.paths[0].path: Invalid value: "api//v1": must be an absolute path\n'
        "* spec.rules[0].http.paths[0].path: Invalid value: \"api//v1\": must not contain '//'\n")


def test_backend_service_name_and_port():
    c = Cluster(ClusterSpec(nodes=1), seed=1)
    assert _apply(c, _rule(svc="1web", port="              number: 70000")) == (
        'The Ingress "web" is invalid: \n* spec.rules[0].http.paths[0].backend.service.name: Invalid value: "1web": '
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
        "character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for "
        "validation is '[a-z]([-a-z0-9]*[a-z0-9])?')\n* spec.rules[0].http.paths[0].backend.service.port.number: "
        "Invalid value: 70000: must be between 1 and 65535, inclusive\n")
    assert _apply(c, _rule(port="              name: http\n              number: 80")) == (
        'The Ingress "web" is invalid: spec.rules[0].http.paths[0].backend: Invalid value: "": '
        "cannot set both port name & port number\n")
    assert _apply(c, _rule(port="              name: \"\"")) == (
        'The Ingress "web" is invalid: spec.rules[0].http.paths[0].backend: Required value: '
        "port name or number is required\n")


def test_hosts_are_dns_names_with_an_optional_wildcard():
    c = Cluster(ClusterSpec(nodes=1), seed=1)
    assert _apply(c, _rule(host="10.0.0.1")) == (
        'The Ingress "web" is invalid: spec.rules[0].host: Invalid value: "10.0.0.1": '
        "must be a DNS name, not an IP address\n")
    assert _apply(c, _rule(host="'foo.*.com'")) == (
        'The Ingress "web" is invalid: spec.rules[0].host: Invalid value: "foo.*.com": a wildcard DNS-1123 '
        "subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case "
        "alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex "
        "used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n")
    assert _apply(c, _rule(host="'*.example.com'")) == "ingress.networking.k8s.io/web created\n"


def test_rules_or_a_default_backend_and_tls_hosts():
    c = Cluster(ClusterSpec(nodes=1), seed=1)
    assert _apply(c, "  ingressClassName: nginx") == (
        'The Ingress "web" is invalid: spec: Invalid value: []networking.IngressRule(nil): '
        "either `defaultBackend` or `rules` must be specified\n")
    assert _apply(c, "  defaultBackend: {service: {name: web, port: {number: 80}}}\n"
                     "  tls: [{hosts: [Shop.example.com], secretName: shop-tls}]") == (
        'The Ingress "web" is invalid: spec.tls[0].hosts[0]: Invalid value: "Shop.example.com": a lowercase RFC '
        "1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end "
        "with an alphanumeric character (e.g. 'example.com', regex used for validation is "
        "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n")


def test_the_class_annotation_must_agree_on_create():
    c = Cluster(ClusterSpec(nodes=1), seed=1)
    assert _apply(c, "  ingressClassName: nginx\n" + _rule(),
                  annotations="  annotations: {kubernetes.io/ingress.class: traefik}\n") == (
        'The Ingress "web" is invalid: annotations.kubernetes.io/ingress.class: Invalid value: "traefik": '
        "must match `ingressClassName` when both are specified\n")


def test_an_update_is_validated_too():
    c = Cluster(ClusterSpec(nodes=1), seed=1)
    assert _apply(c, _rule()) == "ingress.networking.k8s.io/web created\n"
    assert _apply(c, _rule(path_type="")) == (
        'The Ingress "web" is invalid: spec.rules[0].http.paths[0].pathType: Required value: '
        "pathType must be specified\n")
