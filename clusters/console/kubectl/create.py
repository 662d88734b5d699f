"""kubectl create: from a file (-f) or from a generator (create deployment, configmap, ...).

kubernetes/kubectl:pkg/cmd/create/create.go (RunCreate: decode, strict
server-side validation, POST, print ``<kind>.<group>/<name> created``) and
one generator per subcommand (clusters/console/kubectl/generators.py). With
``--dry-run=client`` nothing reaches the API server and ``-o yaml`` prints
the generator's object exactly as kubectl marshals it.
"""
from __future__ import annotations

from clusters.apiserver import errors as api_errors, validation
from clusters.console import files
from clusters.console.kubectl import applying, base, builder, edit, generators, mutating, visiting


class Verb(base.Verb):
    name = "create"
    subcommands = {
        "deployment": "create:Deployment", "deploy": "create:Deployment",
        "namespace": "create:Namespace", "ns": "create:Namespace",
        "configmap": "create:ConfigMap", "cm": "create:ConfigMap",
        "secret": "create:Secret",
        "service": "create:Service", "svc": "create:Service",
        "job": "create:Job", "cronjob": "create:CronJob", "cj": "create:CronJob",
        "quota": "create:Quota", "resourcequota": "create:Quota",
        "serviceaccount": "create:ServiceAccount", "sa": "create:ServiceAccount",
        "poddisruptionbudget": "create:PodDisruptionBudget", "pdb": "create:PodDisruptionBudget",
        "priorityclass": "create:PriorityClass", "pc": "create:PriorityClass",
        "ingress": "create_ingress:Ingress", "ing": "create_ingress:Ingress",
        "role": "create_rbac:Role", "clusterrole": "create_rbac:ClusterRole",
        "rolebinding": "create_rbac:RoleBinding", "clusterrolebinding": "create_rbac:ClusterRoleBinding",
        "token": "create_token:Verb",
    }

    def run(self, kc, args):
        # create.go: Complete (no arguments; the printer), then Validate (-f or -k)
        if args:
            raise base.UsageError(f"Unexpected args: {base.go_list(args)}\nSee 'kubectl create -h' for help and examples")
        fmt = visiting.check_output(kc)
        filenames = kc.opts.get("filename", []) or []
        if not filenames:
            raise base.KubectlError("must specify one of -f and -k")
        dry = mutating.dry_run_mode(kc)
        if kc.opts.get("edit", False):
            return _edit_before_create(kc, filenames)
        errs: list[BaseException] = []
        for m in mutating.manifests(kc, filenames, bool(kc.opts.get("recursive", False))):
            try:
                r = mutating.resource_of(m)
                mutating.strict_check(m, r, "creating")
                ns = mutating.namespace_for(kc, r, m.obj)
                name = (m.obj.get("metadata") or {}).get("name") or (m.obj.get("metadata") or {}).get("generateName", "")
                local = mutating.in_namespace(m.obj, r, ns)
                if kc.opts.get("save-config", False):  # util.CreateOrUpdateAnnotation, as apply would write it
                    local = applying.with_annotation(local)
                if dry == "client":
                    obj = local
                else:
                    obj = kc.client().create(r, local, ns, dry_run=(dry == "server"))
                    name = obj["metadata"]["name"]
                if fmt:
                    mutating.print_object(kc, obj, fmt)
                else:
                    kc.out(mutating.operation_line(r, name, "created", dry))
            except api_errors.StatusError as e:
                # create.go: cmdutil.AddSourceToErr("creating", info.Source, err) for any API status
                if not e.message.startswith("error when"):
                    e = api_errors.StatusError(e.code, e.reason, f'error when creating "{m.source}": {e.message}', e.details)
                errs.append(e)
            except base.KubectlError as e:
                errs.append(e)
        if errs:
            kc.err(base.multiple_errors(errs) if len(errs) > 1 else base.error_message(errs[0]))
            return 1
        return 0


def refused(failed_create: str, err: api_errors.StatusError) -> BaseException:
    """What a create_*.go Run returns when the server refuses its Create.

    Most wrap it, ``fmt.Errorf("failed to create deployment: %v", err)``: ``%v`` of a StatusError
    is its Status message, and the wrapped error is no longer an APIStatus, so helpers.go checkErr
    prints ``error: failed to create deployment: deployments.apps "web" already exists`` in place
    of ``Error from server (AlreadyExists): ...``, and a 422 keeps the server's one-line
    ``Deployment.apps "web" is invalid: ...`` instead of becoming ``The Deployment "web" is
    invalid: ...``. Those that return it as is (``failed_create`` empty) print as any API error.
    """
    if not failed_create:
        return err
    return base.KubectlError(failed_create + err.message)


class _Generator(base.Verb):
    """A ``create <type>`` subcommand: build, then create or print."""
    # What the command's Run puts before the server's message when the Create is refused, copied
    # from its create_*.go (checked against kubectl 1.32.4); "" where Run returns the error as is.
    failed_create = ""

    def build(self, kc, name: str, args: list[str]) -> dict:
        raise NotImplementedError

    def name_required(self) -> bool:
        return True

    def run(self, kc, args):
        fmt = visiting.check_output(kc)  # the create_*.go Complete builds the printer before anything is made
        if self.name_required() and len(args) != 1:
            if not (kc.dash >= 0 and kc.dash == 1 and len(args) >= 1):
                got = len(args) if kc.dash < 0 else kc.dash
                if got != 1:
                    raise base.UsageError(f"exactly one NAME is required, got {got}\n"
                                          f"See 'kubectl {self.name} -h' for help and examples")
        name = args[0] if args else ""
        try:
            obj = self.build(kc, name, args)
        except generators.GeneratorError as e:
            raise base.KubectlError(str(e)) from None
        dry = mutating.dry_run_mode(kc)
        if dry != "client":
            r = mutating.resolve_type(obj["kind"].lower())
            ns = kc.namespace if r.namespaced else None
            try:
                obj = kc.client().create(r, generators.for_server(obj), ns, dry_run=(dry == "server"))
            except api_errors.StatusError as e:
                raise refused(self.failed_create, e) from None
        if fmt:
            mutating.print_object(kc, obj, fmt, typed=True)  # the create_*.go generators build Go structs
        else:
            kc.out(mutating.operation_line(obj, obj["metadata"]["name"], "created", dry))
        return 0

    def ns(self, kc) -> str | None:
        return kc.namespace if kc.explicit_namespace else None


def _command(kc, args: list[str]) -> list[str]:
    return args[kc.dash:] if kc.dash >= 0 else []


class Deployment(_Generator):
    name = "create deployment"
    failed_create = "failed to create deployment: "
    required = ("image",)  # create_deployment.go MarkFlagRequired

    def build(self, kc, name, args):
        images = kc.opts.get("image", []) or []
        if not images:
            raise base.KubectlError('required flag(s) "image" not set')
        command = _command(kc, args)
        if command and len(images) > 1:
            raise base.KubectlError("cannot specify multiple --image options and command")
        return generators.deployment(name, images, int(kc.opts.get("replicas", 1)), int(kc.opts.get("port", -1)),
                                     command, self.ns(kc), kc.cluster.rand)


class Namespace(_Generator):
    name = "create namespace"
    # create_namespace.go Run returns the Create error unwrapped

    def build(self, kc, name, args):
        return generators.namespace(name)


class ServiceAccount(_Generator):
    name = "create serviceaccount"
    failed_create = "failed to create serviceaccount: "

    def build(self, kc, name, args):
        return generators.service_account(name, self.ns(kc))


def _reader(kc):
    return lambda path: files.read(kc.cluster, path)


def _regular_files(kc):
    """The regular files of a directory (os.ReadDir's name order), or None for a path that is not one."""
    def names(path: str):
        if not files.is_dir(kc.cluster, path):
            return None
        return sorted(n for n in files.listdir(kc.cluster, path) if not n.endswith("/"))
    return names


class ConfigMap(_Generator):
    name = "create configmap"
    failed_create = "failed to create configmap: "

    def build(self, kc, name, args):
        return generators.configmap(name, kc.opts.get("from-literal", []) or [], kc.opts.get("from-file", []) or [],
                                    kc.opts.get("from-env-file", []) or [], self.ns(kc), _reader(kc), _regular_files(kc))


class Secret(base.Verb):
    name = "create secret"
    subcommands = {"generic": "create:SecretGeneric", "tls": "create:SecretTLS",
                   "docker-registry": "create:SecretDockerRegistry"}

    def run(self, kc, args):
        return base.parent_command(kc, self, args)


class SecretGeneric(_Generator):
    name = "create secret generic"
    failed_create = "failed to create secret "  # create_secret.go: no colon

    def build(self, kc, name, args):
        return generators.secret_generic(name, kc.opts.get("from-literal", []) or [], kc.opts.get("from-file", []) or [],
                                         kc.opts.get("type", "") or "", self.ns(kc), _reader(kc), _regular_files(kc))


class SecretTLS(_Generator):
    name = "create secret tls"
    failed_create = "failed to create secret "  # create_secret_tls.go

    def build(self, kc, name, args):
        cert_path, key_path = kc.opts.get("cert", ""), kc.opts.get("key", "")
        if not cert_path or not key_path:
            raise base.KubectlError("key and cert must be specified")
        cert, key = files.read(kc.cluster, cert_path), files.read(kc.cluster, key_path)
        for path, content in ((cert_path, cert), (key_path, key)):  # create_secret_tls.go readFile
            if content is None:
                raise base.KubectlError(f"Cannot read file {path}, open {path}: no such file or directory")
        return generators.secret_tls(name, cert, key, self.ns(kc))


class SecretDockerRegistry(_Generator):
    name = "create secret docker-registry"
    failed_create = "failed to create secret "  # create_secret_docker.go

    def build(self, kc, name, args):
        return generators.secret_docker_registry(
            name, kc.opts.get("docker-username", ""), kc.opts.get("docker-password", ""),
            kc.opts.get("docker-server", "") or "https://index.docker.io/v1/", kc.opts.get("docker-email", ""), self.ns(kc))


class Service(base.Verb):
    name = "create service"
    subcommands = {"clusterip": "create:ServiceClusterIP", "nodeport": "create:ServiceNodePort",
                   "loadbalancer": "create:ServiceLoadBalancer", "externalname": "create:ServiceExternalName"}

    def run(self, kc, args):
        return base.parent_command(kc, self, args)


class _ServiceGen(_Generator):
    kind = ""

    @property
    def failed_create(self) -> str:  # create_service.go: fmt.Errorf("failed to create %s service: %v", o.Type, err)
        return f"failed to create {generators.SERVICE_TYPES[self.kind]} service: "

    def build(self, kc, name, args):
        return generators.service(
            self.kind, name, kc.opts.get("tcp", []) or [],
            int(kc.opts.get("node-port", 0) or 0) if kc.opts.has("node-port") else 0,
            kc.opts.get("clusterip", "") if kc.opts.has("clusterip") else "",
            kc.opts.get("external-name", "") if kc.opts.has("external-name") else "", self.ns(kc))


class ServiceClusterIP(_ServiceGen):
    name = "create service clusterip"
    kind = "clusterip"


class ServiceNodePort(_ServiceGen):
    name = "create service nodeport"
    kind = "nodeport"


class ServiceLoadBalancer(_ServiceGen):
    name = "create service loadbalancer"
    kind = "loadbalancer"


class ServiceExternalName(_ServiceGen):
    name = "create service externalname"
    required = ("external-name",)  # create_service.go MarkFlagRequired
    kind = "externalname"

    def build(self, kc, name, args):
        external = kc.opts.get("external-name", "") or ""
        if validation.dns1123_subdomain(external):  # create_service.go Validate
            raise base.KubectlError(f"invalid service external name {external}")
        return super().build(kc, name, args)


class Job(_Generator):
    name = "create job"
    failed_create = "failed to create job: "

    def build(self, kc, name, args):
        frm = kc.opts.get("from", "") or ""
        image = kc.opts.get("image", "") or ""
        command = _command(kc, args)
        if bool(image) == bool(frm):  # create_job.go Validate
            raise base.KubectlError("either --image or --from must be specified")
        if command and frm:
            raise base.KubectlError("cannot specify --from and command")
        if frm:  # create_job.go Run: the builder's one object for ResourceTypeOrNameArgs(false, o.From)
            req = builder.parse_args([frm], "get")[0]
            if not req.names:
                raise base.KubectlError("resource(s) were provided, but no name was specified")
            r = req.resource
            obj = builder.info_get(kc, r, req.names[0])
            if r.kind != "CronJob":  # fmt's %T of the typed object
                raise base.KubectlError(f"unknown object type *{r.version}.{r.kind}")
            return generators.job_from_cronjob(name, obj, self.ns(kc))
        return generators.job(name, image, command, self.ns(kc))


class CronJob(_Generator):
    name = "create cronjob"
    failed_create = "failed to create cronjob: "
    required = ("image", "schedule")  # create_cronjob.go MarkFlagRequired

    def build(self, kc, name, args):
        image = kc.opts.get("image", "") or ""
        if not image:
            raise base.KubectlError('required flag(s) "image" not set')
        return generators.cronjob(name, image, kc.opts.get("schedule", "") or "", _command(kc, args),
                                  kc.opts.get("restart", "") or "OnFailure", self.ns(kc))


class PodDisruptionBudget(_Generator):
    name = "create poddisruptionbudget"
    failed_create = "failed to create poddisruptionbudgets: "  # create_pdb.go: the plural

    def build(self, kc, name, args):
        o = kc.opts
        return generators.pod_disruption_budget(name, o.get("selector", "") or "", o.get("min-available", "") or "",
                                                o.get("max-unavailable", "") or "", self.ns(kc))


class PriorityClass(_Generator):
    name = "create priorityclass"
    failed_create = "failed to create priorityclass: "

    def build(self, kc, name, args):
        o = kc.opts
        return generators.priority_class(name, int(o.get("value", 0) or 0), bool(o.get("global-default", False)),
                                         o.get("description", "") or "",
                                         o.get("preemption-policy", "PreemptLowerPriority") or "PreemptLowerPriority")


class Quota(_Generator):
    name = "create quota"
    failed_create = "failed to create quota: "

    def build(self, kc, name, args):
        return generators.quota(name, kc.opts.get("hard", "") or "", kc.opts.get("scopes", "") or "", self.ns(kc))


def _edit_before_create(kc, filenames) -> int:
    """create.go RunEditOnCreate: kubectl opens the manifests in an editor and creates what is saved;
    an editor closed on the unchanged text creates nothing. This console has none (the web console's
    editor pane takes the line instead), so it reads the files, as kubectl does before the editor
    opens, and ends as an unchanged edit ends."""
    list(mutating.manifests(kc, filenames, bool(kc.opts.get("recursive", False))))
    kc.err("This console has no text editor for kubectl create --edit: edit the file (the web console's editor "
           "pane opens it), then kubectl create -f it.\n")
    kc.out(edit.CANCELLED)
    return 0
