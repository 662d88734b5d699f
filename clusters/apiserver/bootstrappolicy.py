"""The RBAC objects a fresh kind 1.32 cluster holds before anyone writes one.

kube-apiserver's RBAC post-start hook reconciles the bootstrap policy
(kubernetes/kubernetes:plugin/pkg/auth/authorizer/rbac/bootstrappolicy:
policy.go, controller_policy.go, namespace_policy.go; their testdata/*.yaml
dump it with the default feature gates), kubeadm adds its own
(cmd/kubeadm/app/phases/bootstraptoken/clusterinfo, .../node, .../kubelet,
the addons' dns and proxy manifests), and the add-ons bring theirs (CoreDNS,
metrics-server's components.yaml). Roles gated behind 1.32's disabled
features (DRA, SELinuxChangePolicy, VolumeAttributesClass, MultiCIDRServiceAllocator)
are left out.

The policy is written as a compact table rather than YAML: one role per
header line, one rule per indented line of whitespace-separated columns
``verbs groups resources [resourceNames]`` (lists comma-joined, ``~`` the
core group, ``-`` an empty column) or ``verbs @ urls`` for non-resource
URLs. ``admin``, ``edit`` and ``view`` carry aggregation rules; their rules
are filled as the clusterrole-aggregation controller fills them
(pkg/controller/clusterroleaggregation: the selected roles sorted by name,
each rule once).
"""
from __future__ import annotations

from clusters import randomness
from clusters.apiserver import resources

GROUP = "rbac.authorization.k8s.io"
BOOTSTRAP_LABEL = {"kubernetes.io/bootstrapping": "rbac-defaults"}
AUTOUPDATE = {"rbac.authorization.kubernetes.io/autoupdate": "true"}
ACTOR = "kube-apiserver"
_AGG = "rbac.authorization.k8s.io/aggregate-to-"

_EVENTS = "create,patch,update ~,events.k8s.io events"
_RW = "create,delete,deletecollection,patch,update"
_RWALL = "create,delete,deletecollection,get,list,patch,update,watch"
_R = "get,list,watch"

# name [+aggregate-to-label ...] [^aggregated-by-label]
CLUSTER_ROLES = f"""
admin ^admin
cluster-admin
  * * *
  * @ *
edit +admin ^edit
system:aggregate-to-admin +admin
  create authorization.k8s.io localsubjectaccessreviews
  {_RWALL} {GROUP} rolebindings,roles
system:aggregate-to-edit +edit
  {_R} ~ pods/attach,pods/exec,pods/portforward,pods/proxy,secrets,services/proxy
  impersonate ~ serviceaccounts
  {_RW} ~ pods,pods/attach,pods/exec,pods/portforward,pods/proxy
  create ~ pods/eviction
  {_RW} ~ configmaps,events,persistentvolumeclaims,replicationcontrollers,replicationcontrollers/scale,secrets,serviceaccounts,services,services/proxy
  create ~ serviceaccounts/token
  {_RW} apps daemonsets,deployments,deployments/rollback,deployments/scale,replicasets,replicasets/scale,statefulsets,statefulsets/scale
  {_RW} autoscaling horizontalpodautoscalers
  {_RW} batch cronjobs,jobs
  {_RW} extensions daemonsets,deployments,deployments/rollback,deployments/scale,ingresses,networkpolicies,replicasets,replicasets/scale,replicationcontrollers/scale
  {_RW} policy poddisruptionbudgets
  {_RW} networking.k8s.io ingresses,networkpolicies
  {_RWALL} coordination.k8s.io leases
system:aggregate-to-view +view
  {_R} ~ configmaps,endpoints,persistentvolumeclaims,persistentvolumeclaims/status,pods,replicationcontrollers,replicationcontrollers/scale,serviceaccounts,services,services/status
  {_R} ~ bindings,events,limitranges,namespaces/status,pods/log,pods/status,replicationcontrollers/status,resourcequotas,resourcequotas/status
  {_R} ~ namespaces
  {_R} discovery.k8s.io endpointslices
  {_R} apps controllerrevisions,daemonsets,daemonsets/status,deployments,deployments/scale,deployments/status,replicasets,replicasets/scale,replicasets/status,statefulsets,statefulsets/scale,statefulsets/status
  {_R} autoscaling horizontalpodautoscalers,horizontalpodautoscalers/status
  {_R} batch cronjobs,cronjobs/status,jobs,jobs/status
  {_R} extensions daemonsets,daemonsets/status,deployments,deployments/scale,deployments/status,ingresses,ingresses/status,networkpolicies,replicasets,replicasets/scale,replicasets/status,replicationcontrollers/scale
  {_R} policy poddisruptionbudgets,poddisruptionbudgets/status
  {_R} networking.k8s.io ingresses,ingresses/status,networkpolicies
system:auth-delegator
  create authentication.k8s.io tokenreviews
  create authorization.k8s.io subjectaccessreviews
system:basic-user
  create authorization.k8s.io selfsubjectaccessreviews,selfsubjectrulesreviews
  create authentication.k8s.io selfsubjectreviews
system:certificates.k8s.io:certificatesigningrequests:nodeclient
  create certificates.k8s.io certificatesigningrequests/nodeclient
system:certificates.k8s.io:certificatesigningrequests:selfnodeclient
  create certificates.k8s.io certificatesigningrequests/selfnodeclient
system:certificates.k8s.io:kube-apiserver-client-approver
  approve certificates.k8s.io signers kubernetes.io/kube-apiserver-client
system:certificates.k8s.io:kube-apiserver-client-kubelet-approver
  approve certificates.k8s.io signers kubernetes.io/kube-apiserver-client-kubelet
system:certificates.k8s.io:kubelet-serving-approver
  approve certificates.k8s.io signers kubernetes.io/kubelet-serving
system:certificates.k8s.io:legacy-unknown-approver
  approve certificates.k8s.io signers kubernetes.io/legacy-unknown
system:discovery
  get @ /api,/api/*,/apis,/apis/*,/healthz,/livez,/openapi,/openapi/*,/readyz,/version,/version/
system:heapster
  {_R} ~ events,namespaces,nodes,pods
  {_R} extensions deployments
system:kube-aggregator
  {_R} ~ endpoints,services
system:kube-controller-manager
  {_EVENTS}
  create coordination.k8s.io leases
  get,update coordination.k8s.io leases kube-controller-manager
  create ~ secrets,serviceaccounts
  delete ~ secrets
  get ~ configmaps,namespaces,secrets,serviceaccounts
  update ~ secrets,serviceaccounts
  create authentication.k8s.io tokenreviews
  create authorization.k8s.io subjectaccessreviews
  list,watch * *
  create ~ serviceaccounts/token
system:kube-dns
  list,watch ~ endpoints,services
system:kube-scheduler
  {_EVENTS}
  create coordination.k8s.io leases
  get,update coordination.k8s.io leases kube-scheduler
  {_R} ~ nodes
  delete,get,list,watch ~ pods
  create ~ bindings,pods/binding
  patch,update ~ pods/status
  {_R} ~ replicationcontrollers,services
  {_R} apps,extensions replicasets
  {_R} apps statefulsets
  {_R} policy poddisruptionbudgets
  {_R} ~ persistentvolumeclaims,persistentvolumes
  create authentication.k8s.io tokenreviews
  create authorization.k8s.io subjectaccessreviews
  {_R} storage.k8s.io csinodes
  {_R} ~ namespaces
  {_R} storage.k8s.io csidrivers
  {_R} storage.k8s.io csistoragecapacities
system:kubelet-api-admin
  {_R} ~ nodes
  proxy ~ nodes
  * ~ nodes/log,nodes/metrics,nodes/proxy,nodes/stats
system:monitoring
  get @ /healthz,/healthz/*,/livez,/livez/*,/metrics,/metrics/slis,/readyz,/readyz/*
system:node
  create authentication.k8s.io tokenreviews
  create authorization.k8s.io localsubjectaccessreviews,subjectaccessreviews
  {_R} ~ services
  create,get,list,watch ~ nodes
  patch,update ~ nodes/status
  patch,update ~ nodes
  create,patch,update ~ events
  {_R} ~ pods
  create,delete ~ pods
  patch,update ~ pods/status
  create ~ pods/eviction
  {_R} ~ configmaps,secrets
  get ~ persistentvolumeclaims,persistentvolumes
  get ~ endpoints
  create,get,list,watch certificates.k8s.io certificatesigningrequests
  create,delete,get,patch,update coordination.k8s.io leases
  get storage.k8s.io volumeattachments
  create ~ serviceaccounts/token
  get,patch,update ~ persistentvolumeclaims/status
  {_R} storage.k8s.io csidrivers
  create,delete,get,patch,update storage.k8s.io csinodes
  {_R} node.k8s.io runtimeclasses
system:node-bootstrapper
  create,get,list,watch certificates.k8s.io certificatesigningrequests
system:node-problem-detector
  get ~ nodes
  patch ~ nodes/status
  {_EVENTS}
system:node-proxier
  list,watch ~ endpoints,services
  {_R} ~ nodes
  {_EVENTS}
  list,watch discovery.k8s.io endpointslices
system:persistent-volume-provisioner
  create,delete,get,list,watch ~ persistentvolumes
  get,list,update,watch ~ persistentvolumeclaims
  {_R} storage.k8s.io storageclasses
  watch ~ events
  {_EVENTS}
system:public-info-viewer
  get @ /healthz,/livez,/readyz,/version,/version/
system:service-account-issuer-discovery
  get @ /.well-known/openid-configuration,/openid/v1/jwks
system:volume-scheduler
  get,list,patch,update,watch ~ persistentvolumes
  {_R} storage.k8s.io storageclasses
  get,list,patch,update,watch ~ persistentvolumeclaims
view +edit ^view
"""

# controller_policy.go: system:controller:<name>, each bound to kube-system/<name>.
CONTROLLER_ROLES = f"""
attachdetach-controller
  list,watch ~ persistentvolumeclaims,persistentvolumes
  {_R} ~ nodes
  patch,update ~ nodes/status
  list,watch ~ pods
  {_EVENTS}
  create,delete,get,list,watch storage.k8s.io volumeattachments
  {_R} storage.k8s.io csidrivers
  {_R} storage.k8s.io csinodes
certificate-controller
  delete,get,list,watch certificates.k8s.io certificatesigningrequests
  update certificates.k8s.io certificatesigningrequests/approval,certificatesigningrequests/status
  approve certificates.k8s.io signers kubernetes.io/kube-apiserver-client-kubelet
  sign certificates.k8s.io signers kubernetes.io/kube-apiserver-client,kubernetes.io/kube-apiserver-client-kubelet,kubernetes.io/kubelet-serving,kubernetes.io/legacy-unknown
  create authorization.k8s.io subjectaccessreviews
  {_EVENTS}
clusterrole-aggregation-controller
  escalate,get,list,patch,update,watch {GROUP} clusterroles
cronjob-controller
  get,list,update,watch batch cronjobs
  create,delete,get,list,patch,update,watch batch jobs
  update batch cronjobs/status
  update batch cronjobs/finalizers
  delete,list,watch ~ pods
  {_EVENTS}
daemon-set-controller
  {_R} apps,extensions daemonsets
  update apps,extensions daemonsets/status
  update apps,extensions daemonsets/finalizers
  list,watch ~ nodes
  create,delete,list,patch,watch ~ pods
  create ~ pods/binding
  create,delete,get,list,patch,update,watch apps controllerrevisions
  {_EVENTS}
deployment-controller
  get,list,update,watch apps,extensions deployments
  update apps,extensions deployments/status
  update apps,extensions deployments/finalizers
  create,delete,get,list,patch,update,watch apps,extensions replicasets
  get,list,update,watch ~ pods
  {_EVENTS}
disruption-controller
  {_R} apps,extensions deployments
  {_R} apps,extensions replicasets
  {_R} ~ replicationcontrollers
  {_R} policy poddisruptionbudgets
  {_R} apps statefulsets
  update policy poddisruptionbudgets/status
  patch,update ~ pods/status
  get * */scale
  {_EVENTS}
endpoint-controller
  {_R} ~ pods,services
  create,delete,get,list,update,watch ~ endpoints
  create ~ endpoints/restricted
  {_EVENTS}
endpointslice-controller
  {_R} ~ nodes,pods,services
  update ~ services/finalizers
  create,delete,get,list,update,watch discovery.k8s.io endpointslices
  {_EVENTS}
endpointslicemirroring-controller
  {_R} ~ endpoints,services
  update ~ services/finalizers
  update ~ endpoints/finalizers
  create,delete,get,list,update,watch discovery.k8s.io endpointslices
  {_EVENTS}
ephemeral-volume-controller
  {_R} ~ pods
  update ~ pods/finalizers
  create,get,list,watch ~ persistentvolumeclaims
  {_EVENTS}
expand-controller
  get,list,patch,update,watch ~ persistentvolumes
  patch,update ~ persistentvolumeclaims/status
  {_R} ~ persistentvolumeclaims
  {_EVENTS}
generic-garbage-collector
  delete,get,list,patch,update,watch * *
  {_EVENTS}
horizontal-pod-autoscaler
  {_R} autoscaling horizontalpodautoscalers
  update autoscaling horizontalpodautoscalers/status
  get,update * */scale
  list,watch ~ pods
  list,watch metrics.k8s.io pods
  {_R} custom.metrics.k8s.io *
  {_R} external.metrics.k8s.io *
  {_EVENTS}
job-controller
  get,list,patch,update,watch batch jobs
  update batch jobs/status
  update batch jobs/finalizers
  create,delete,list,patch,watch ~ pods
  {_EVENTS}
legacy-service-account-token-cleaner
  get ~ configmaps kube-apiserver-legacy-service-account-token-tracking
  delete,patch ~ secrets
namespace-controller
  delete,get,list,watch ~ namespaces
  update ~ namespaces/finalize,namespaces/status
  delete,deletecollection,get,list,watch * *
node-controller
  delete,get,list,patch,update,watch ~ nodes
  patch,update ~ nodes/status
  patch,update ~ pods/status
  delete,get,list,watch ~ pods
  {_EVENTS}
persistent-volume-binder
  create,delete,get,list,update,watch ~ persistentvolumes
  update ~ persistentvolumes/status
  get,list,update,watch ~ persistentvolumeclaims
  update ~ persistentvolumeclaims/status
  create,delete,get,list,watch ~ pods
  {_R} storage.k8s.io storageclasses
  list,watch ~ nodes
  {_EVENTS}
  watch ~ events
pod-garbage-collector
  delete,list,watch ~ pods
  {_R} ~ nodes
  patch ~ pods/status
pv-protection-controller
  get,list,update,watch ~ persistentvolumes
  {_EVENTS}
pvc-protection-controller
  get,list,update,watch ~ persistentvolumeclaims
  update ~ persistentvolumeclaims/status
  {_R} ~ pods
  {_EVENTS}
replicaset-controller
  get,list,update,watch apps,extensions replicasets
  update apps,extensions replicasets/status
  update apps,extensions replicasets/finalizers
  create,delete,list,patch,watch ~ pods
  {_EVENTS}
replication-controller
  get,list,update,watch ~ replicationcontrollers
  update ~ replicationcontrollers/status
  update ~ replicationcontrollers/finalizers
  create,delete,list,patch,watch ~ pods
  {_EVENTS}
resourcequota-controller
  list,watch * *
  update ~ resourcequotas/status
  {_EVENTS}
root-ca-cert-publisher
  create,update ~ configmaps
  {_EVENTS}
route-controller
  list,watch ~ nodes
  patch ~ nodes/status
  {_EVENTS}
service-account-controller
  create ~ serviceaccounts
  {_EVENTS}
service-controller
  {_R} ~ services
  patch,update ~ services/status
  list,watch ~ nodes
  {_EVENTS}
statefulset-controller
  list,watch ~ pods
  {_R} apps statefulsets
  update apps statefulsets/status
  update apps statefulsets/finalizers
  create,delete,get,patch,update ~ pods
  create,delete,get,list,patch,update,watch apps controllerrevisions
  create,get,list,watch ~ persistentvolumeclaims
  delete,update ~ persistentvolumeclaims
  update ~ pods/finalizers
  {_EVENTS}
ttl-after-finished-controller
  delete,get,list,watch batch jobs
  {_EVENTS}
ttl-controller
  list,patch,update,watch ~ nodes
  {_EVENTS}
validatingadmissionpolicy-status-controller
  {_R} admissionregistration.k8s.io validatingadmissionpolicies
  get,patch,update admissionregistration.k8s.io validatingadmissionpolicies/status
  {_EVENTS}
"""

# name -> (role, subjects) for policy.go ClusterRoleBindings(); subjects are
# "User:name", "Group:name" or "ServiceAccount:namespace/name".
CLUSTER_ROLE_BINDINGS = (
    ("cluster-admin", "Group:system:masters"),
    ("system:basic-user", "Group:system:authenticated"),
    ("system:discovery", "Group:system:authenticated"),
    ("system:kube-controller-manager", "User:system:kube-controller-manager"),
    ("system:kube-dns", "ServiceAccount:kube-system/kube-dns"),
    ("system:kube-scheduler", "User:system:kube-scheduler"),
    ("system:monitoring", "Group:system:monitoring"),
    ("system:node", ""),
    ("system:node-proxier", "User:system:kube-proxy"),
    ("system:public-info-viewer", "Group:system:authenticated Group:system:unauthenticated"),
    ("system:service-account-issuer-discovery", "Group:system:serviceaccounts"),
    ("system:volume-scheduler", "User:system:kube-scheduler"),
)

# namespace_policy.go: (namespace, name, rules) and (namespace, name, role, subjects)
NAMESPACE_ROLES = f"""
kube-public/system:controller:bootstrap-signer
  {_R} ~ configmaps
  update ~ configmaps cluster-info
  {_EVENTS}
kube-system/extension-apiserver-authentication-reader
  {_R} ~ configmaps extension-apiserver-authentication
kube-system/system::leader-locking-kube-controller-manager
  create,get,list,update,watch coordination.k8s.io leases
  create,get,list,update,watch coordination.k8s.io leasecandidates
kube-system/system::leader-locking-kube-scheduler
  create,get,list,update,watch coordination.k8s.io leases
  create,get,list,update,watch coordination.k8s.io leasecandidates
kube-system/system:controller:bootstrap-signer
  {_R} ~ secrets
kube-system/system:controller:cloud-provider
  create,get,list,watch ~ configmaps
kube-system/system:controller:token-cleaner
  delete,get,list,watch ~ secrets
  {_EVENTS}
"""
NAMESPACE_ROLE_BINDINGS = (
    ("kube-public", "system:controller:bootstrap-signer", "system:controller:bootstrap-signer", "ServiceAccount:kube-system/bootstrap-signer"),
    ("kube-system", "system::extension-apiserver-authentication-reader", "extension-apiserver-authentication-reader",
     "User:system:kube-controller-manager User:system:kube-scheduler"),
    ("kube-system", "system::leader-locking-kube-controller-manager", "system::leader-locking-kube-controller-manager",
     "User:system:kube-controller-manager ServiceAccount:kube-system/kube-controller-manager "
     "ServiceAccount:kube-system/leader-election-controller"),
    ("kube-system", "system::leader-locking-kube-scheduler", "system::leader-locking-kube-scheduler",
     "User:system:kube-scheduler ServiceAccount:kube-system/kube-scheduler"),
    ("kube-system", "system:controller:bootstrap-signer", "system:controller:bootstrap-signer", "ServiceAccount:kube-system/bootstrap-signer"),
    ("kube-system", "system:controller:cloud-provider", "system:controller:cloud-provider", "ServiceAccount:kube-system/cloud-provider"),
    ("kube-system", "system:controller:token-cleaner", "system:controller:token-cleaner", "ServiceAccount:kube-system/token-cleaner"),
)

# kubeadm init's own objects (no bootstrapping label): its phases and the kube-proxy addon.
_NODE_TOKEN = "Group:system:bootstrappers:kubeadm:default-node-token"
KUBEADM_CLUSTER_ROLES = """
kubeadm:get-nodes
  get ~ nodes
"""
KUBEADM_CLUSTER_ROLE_BINDINGS = (
    ("kubeadm:cluster-admins", "cluster-admin", "Group:kubeadm:cluster-admins"),
    ("kubeadm:get-nodes", "kubeadm:get-nodes", _NODE_TOKEN),
    ("kubeadm:kubelet-bootstrap", "system:node-bootstrapper", _NODE_TOKEN),
    ("kubeadm:node-autoapprove-bootstrap", "system:certificates.k8s.io:certificatesigningrequests:nodeclient", _NODE_TOKEN),
    ("kubeadm:node-autoapprove-certificate-rotation", "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient",
     "Group:system:nodes"),
    ("kubeadm:node-proxier", "system:node-proxier", "ServiceAccount:kube-system/kube-proxy"),
)
KUBEADM_ROLES = """
kube-public/kubeadm:bootstrap-signer-clusterinfo
  get ~ configmaps cluster-info
kube-system/kube-proxy
  get ~ configmaps kube-proxy
kube-system/kubeadm:kubelet-config
  get ~ configmaps kubelet-config
kube-system/kubeadm:nodes-kubeadm-config
  get ~ configmaps kubeadm-config
"""
KUBEADM_ROLE_BINDINGS = (
    ("kube-public", "kubeadm:bootstrap-signer-clusterinfo", "kubeadm:bootstrap-signer-clusterinfo", "User:system:anonymous"),
    ("kube-system", "kube-proxy", "kube-proxy", _NODE_TOKEN),
    ("kube-system", "kubeadm:kubelet-config", "kubeadm:kubelet-config", f"Group:system:nodes {_NODE_TOKEN}"),
    ("kube-system", "kubeadm:nodes-kubeadm-config", "kubeadm:nodes-kubeadm-config", f"{_NODE_TOKEN} Group:system:nodes"),
)

# The add-ons: kubeadm's CoreDNS manifests and metrics-server v0.7.2's components.yaml.
ADDON_CLUSTER_ROLES = """
system:coredns
  list,watch ~ endpoints,services,pods,namespaces
  list,watch discovery.k8s.io endpointslices
system:aggregated-metrics-reader k8s-app=metrics-server +admin +edit +view
  get,list,watch metrics.k8s.io pods,nodes
system:metrics-server k8s-app=metrics-server
  get ~ nodes/metrics
  get,list,watch ~ pods,nodes
"""
ADDON_CLUSTER_ROLE_BINDINGS = (
    ("system:coredns", "system:coredns", "ServiceAccount:kube-system/coredns", ""),
    ("metrics-server:system:auth-delegator", "system:auth-delegator", "ServiceAccount:kube-system/metrics-server", "k8s-app=metrics-server"),
    ("system:metrics-server", "system:metrics-server", "ServiceAccount:kube-system/metrics-server", "k8s-app=metrics-server"),
)
ADDON_ROLE_BINDINGS = (
    ("kube-system", "metrics-server-auth-reader", "extension-apiserver-authentication-reader",
     "ServiceAccount:kube-system/metrics-server", "k8s-app=metrics-server"),
)


def _list(col: str, _seen: dict = {}) -> list[str]:
    out = _seen.get(col)
    if out is None:
        out = _seen[col] = [] if col == "-" else ["" if x == "~" else x for x in col.split(",")]
    return out


def _rule(line: str, _seen: dict = {}) -> dict:
    """One rule dict per distinct line, shared by every role that has it: stored objects are
    never changed in place, and a cluster's booted template keeps the sharing when pickled,
    so an idle cluster holds each distinct rule once (about half the policy's memory)."""
    rule = _seen.get(line)
    if rule is None:
        rule = _seen[line] = _new_rule(line)
    return rule


def _new_rule(line: str) -> dict:
    cols = line.split()
    if cols[1] == "@":
        return {"nonResourceURLs": _list(cols[2]), "verbs": _list(cols[0])}
    rule = {"apiGroups": _list(cols[1]), "resources": _list(cols[2]), "verbs": _list(cols[0])}
    if len(cols) > 3:
        rule["resourceNames"] = _list(cols[3])
    return rule


def _roles(table: str) -> list[tuple[str, list[str], list[dict]]]:
    """(name, header words after the name, rules) per role in a table."""
    out: list[tuple[str, list[str], list[dict]]] = []
    for line in table.strip("\n").split("\n"):
        if line.startswith("  "):
            out[-1][2].append(_rule(line))
        else:
            name, *rest = line.split()
            out.append((name, rest, []))
    return out


def subjects(spec: str) -> list[dict]:
    out = []
    for s in spec.split():
        kind, _, rest = s.partition(":")
        if kind == "ServiceAccount":
            ns, _, name = rest.partition("/")
            out.append({"kind": kind, "name": name, "namespace": ns})
        else:
            out.append({"apiGroup": GROUP, "kind": kind, "name": rest})
    return out


def _shared(d: dict, _seen: dict = {}) -> dict:
    """One dict per distinct label or annotation set, shared as rules are (see ``_rule``)."""
    return _seen.setdefault(tuple(d.items()), d)


def _meta(name: str, words: list[str], bootstrap: bool, namespace: str | None = None) -> dict:
    labels: dict[str, str] = dict(BOOTSTRAP_LABEL) if bootstrap else {}
    for w in words:
        if w.startswith("+"):
            labels[_AGG + w[1:]] = "true"
        elif "=" in w:
            k, _, v = w.partition("=")
            labels[k] = v
    m: dict = {"name": name}
    if namespace:
        m["namespace"] = namespace
    if bootstrap:
        m["annotations"] = _shared(dict(AUTOUPDATE))
    if labels:
        m["labels"] = _shared(labels)
    return m


def _cluster_role(name: str, words: list[str], rules: list[dict], bootstrap: bool) -> dict:
    obj: dict = {"apiVersion": f"{GROUP}/v1", "kind": "ClusterRole", "metadata": _meta(name, words, bootstrap)}
    agg = [w[1:] for w in words if w.startswith("^")]
    if agg:
        obj["aggregationRule"] = {"clusterRoleSelectors": [{"matchLabels": {_AGG + a: "true"}} for a in agg]}
    obj["rules"] = rules
    return obj


def _binding(kind: str, name: str, role_kind: str, role: str, subj: str, bootstrap: bool,
             namespace: str | None = None, labels: str = "") -> dict:
    obj: dict = {"apiVersion": f"{GROUP}/v1", "kind": kind,
                 "metadata": _meta(name, labels.split(), bootstrap, namespace),
                 "roleRef": {"apiGroup": GROUP, "kind": role_kind, "name": role}}
    if subj:
        obj["subjects"] = subjects(subj)
    return obj


def policy(addons: bool = True) -> list[dict]:
    """Every bootstrap object, in the order the cluster creates them."""
    objs: list[dict] = []
    for table, bootstrap in ((CLUSTER_ROLES, True), (KUBEADM_CLUSTER_ROLES, False),
                             (ADDON_CLUSTER_ROLES if addons else "", False)):
        if table:
            objs += [_cluster_role(n, w, r, bootstrap) for n, w, r in _roles(table)]
    for n, w, r in _roles(CONTROLLER_ROLES):
        objs.append(_cluster_role(f"system:controller:{n}", w, r, True))
    aggregate(objs)
    for name, subj in CLUSTER_ROLE_BINDINGS:
        objs.append(_binding("ClusterRoleBinding", name, "ClusterRole", name, subj, True))
    for n, _, _ in _roles(CONTROLLER_ROLES):
        objs.append(_binding("ClusterRoleBinding", f"system:controller:{n}", "ClusterRole", f"system:controller:{n}",
                             f"ServiceAccount:kube-system/{n}", True))
    for name, role, subj in KUBEADM_CLUSTER_ROLE_BINDINGS:
        objs.append(_binding("ClusterRoleBinding", name, "ClusterRole", role, subj, False))
    for table, bootstrap in ((NAMESPACE_ROLES, True), (KUBEADM_ROLES, False)):
        for qname, words, rules in _roles(table):
            ns, _, name = qname.partition("/")
            objs.append({"apiVersion": f"{GROUP}/v1", "kind": "Role",
                         "metadata": _meta(name, words, bootstrap, ns), "rules": rules})
    for rows, bootstrap in ((NAMESPACE_ROLE_BINDINGS, True), (KUBEADM_ROLE_BINDINGS, False)):
        for ns, name, role, subj in rows:
            objs.append(_binding("RoleBinding", name, "Role", role, subj, bootstrap, ns))
    if addons:
        for name, role, subj, labels in ADDON_CLUSTER_ROLE_BINDINGS:
            objs.append(_binding("ClusterRoleBinding", name, "ClusterRole", role, subj, False, labels=labels))
        for ns, name, role, subj, labels in ADDON_ROLE_BINDINGS:
            objs.append(_binding("RoleBinding", name, "Role", role, subj, False, ns, labels))
    return objs


def _matches(selector: dict, labels: dict) -> bool:
    return all(labels.get(k) == v for k, v in (selector.get("matchLabels") or {}).items())


def aggregate(cluster_roles: list[dict]) -> None:
    """clusterroleaggregation_controller.go syncClusterRole, for every aggregated role at once:
    the roles its selectors pick, sorted by name, contribute each of their rules once.
    Aggregated roles feed each other (view into edit into admin), so it runs to a fixed point."""
    for _ in range(len(cluster_roles)):
        changed = False
        for role in cluster_roles:
            rule = role.get("aggregationRule")
            if not rule:
                continue
            picked = sorted((r for r in cluster_roles if r is not role and any(
                _matches(s, r["metadata"].get("labels") or {}) for s in rule.get("clusterRoleSelectors") or ())),
                key=lambda r: r["metadata"]["name"])
            rules: list[dict] = []
            for r in picked:
                for pr in r.get("rules") or ():
                    if pr not in rules:
                        rules.append(pr)
            if rules != role.get("rules"):
                role["rules"] = rules
                changed = True
        if not changed:
            return


# The policy's UIDs come from their own seeded stream, so that adding it left the
# UIDs, names and IPs of everything else a boot creates as they were.
_UID_SEED = 0x7262_6163


def install(api, addons: bool = True) -> None:
    """Create the policy through the API server, as the post-start hook and kubeadm do."""
    rand = api.rand
    api.rand = randomness.Randomness(_UID_SEED)
    try:
        for obj in policy(addons):
            r = resources.by_kind(obj["kind"], obj["apiVersion"])
            api.create(r, obj, obj["metadata"].get("namespace"),
                       actor=ACTOR if "annotations" in obj["metadata"] else "kubeadm", owned=True)
    finally:
        api.rand = rand
