"""kubectl config (kubernetes/kubectl:pkg/cmd/config/): every subcommand.

The kubeconfig is the merge of the files ``--kubeconfig`` or ``$KUBECONFIG``
name (``kubeconfig_loading``; ``~/.kube/config`` is the cluster's own), in
client-go's internal shape; each command changes a copy and writes back what
it changed as ModifyConfig does. ``set``/``unset`` walk it as set.go does,
``view`` converts it to v1 and redacts it as view.go does. Messages name the
file kubectl would have written (GetDefaultFilename). ``set-context --current --namespace=X``
changes the namespace every later command uses; a context or server that
does not reach this cluster makes the commands that need the server fail as
kubectl fails (``kubeconfig.endpoint``).
"""
from __future__ import annotations

import copy

from clusters.console import files
from clusters.console.kubectl import base, kubeconfig, kubeconfig_loading
from clusters.console.printers import output, tabwriter


def _config_error(e: Exception) -> base.KubectlError:
    if isinstance(e, kubeconfig.Panic):
        return base.go_panic(str(e))
    return base.KubectlError(str(e))


class _Editing:
    """One command's kubeconfig: the merge it starts from (GetStartingConfig), the copy it changes,
    and ModifyConfig to write the difference back."""

    def __init__(self, kc):
        self.access = kubeconfig_loading.Access.of(kc)
        try:
            self.start, self.origins = self.access.load()
        except kubeconfig.ConfigError as e:
            raise base.KubectlError(str(e)) from None
        self.conf = copy.deepcopy(self.start)

    @property
    def filename(self) -> str:
        """The file messages name: the explicit one, else GetDefaultFilename."""
        return self.access.default_filename()

    def save(self, relativize: bool = True) -> None:
        try:
            self.access.modify(self.start, self.origins, self.conf, relativize)
        except kubeconfig.ConfigError as e:
            raise base.KubectlError(str(e)) from None


class Verb(base.Verb):
    name = "config"
    subcommands = {
        "view": "config:View", "get-contexts": "config:GetContexts", "current-context": "config:CurrentContext",
        "use-context": "config:UseContext", "set-context": "config:SetContext", "get-clusters": "config:GetClusters",
        "get-users": "config:GetUsers", "rename-context": "config:RenameContext", "delete-context": "config:DeleteContext",
        "set": "config:Set", "unset": "config:Unset", "set-cluster": "config:SetCluster",
        "set-credentials": "config:SetCredentials", "delete-cluster": "config:DeleteCluster",
        "delete-user": "config:DeleteUser",
    }

    def run(self, kc, args):
        return base.parent_command(kc, self, args)


class View(base.Verb):
    name = "config view"

    def run(self, kc, args):
        if args:  # view.go Complete
            raise base.UsageError(f"unexpected arguments: {base.go_list(args)}\n"
                                  "See 'kubectl config view -h' for help and examples")
        fmt = kc.opts.get("output") or "yaml"
        access = kubeconfig_loading.Access.of(kc)
        if kc.opts.has("merge") and str(kc.opts.get("merge")).lower() == "false":  # view.go Validate
            if not access.explicit:
                raise base.KubectlError("if merge==false a precise file must be specified")
        try:
            if access.explicit and kc.opts.has("merge") and str(kc.opts.get("merge")).lower() == "false":
                conf = access.read(access.explicit)
                if conf is None:
                    raise kubeconfig.ConfigError(f"open {access.explicit}: no such file or directory")
            else:
                conf = access.load()[0]
            if kc.opts.get("minify"):
                conf = kubeconfig.minify(conf, kc.opts.get("context") or "")
            if kc.opts.get("flatten"):
                conf = _flatten(kc, conf)
        except kubeconfig.ConfigError as e:
            raise base.KubectlError(str(e)) from None
        doc = kubeconfig.document(conf, redact=not (kc.opts.get("raw") or kc.opts.get("flatten")))
        try:
            output.check_format(fmt, output.OBJECT_FORMATS)
            # the name printer finds no name on a clientcmdapi.Config
            kc.out(output.render(kc.cluster, fmt, [doc], True, ["config/<unknown>"],
                                 kc.opts.get("template", "") if kc.opts.has("template") else "", typed=True))
        except output.PrintError as e:
            raise base.KubectlError(str(e)) from None
        return 0


def _flatten(kc, conf: dict) -> dict:
    """helpers.go FlattenConfig: files the kubeconfig names are read into its *-data fields."""
    import base64

    def inline(entry: dict, path_key: str, data_key: str) -> dict:
        path = entry.get(path_key)
        if not path:
            return entry
        text = files.read(kc.cluster, path)
        if text is None:
            raise kubeconfig.ConfigError(f"open {path}: no such file or directory")
        entry = {k: v for k, v in entry.items() if k != path_key}
        entry[data_key] = base64.b64encode(text.encode()).decode()
        return entry

    clusters = {n: inline(c, "certificate-authority", "certificate-authority-data")
                for n, c in conf.get("clusters", {}).items()}
    users = {n: inline(inline(u, "client-certificate", "client-certificate-data"), "client-key", "client-key-data")
             for n, u in conf.get("users", {}).items()}
    return dict(conf, clusters=clusters, users=users)


class GetContexts(base.Verb):
    name = "config get-contexts"

    def run(self, kc, args):
        """get_contexts.go: the contexts found are printed, then the names not found as errors."""
        fmt = kc.opts.get("output") or ""
        if fmt not in ("", "name"):
            raise base.KubectlError(f"--output {fmt} is not available in kubectl config get-contexts; "
                                    "resetting to default output format")
        conf = _Editing(kc).start
        contexts = conf.get("contexts", {})
        names = sorted(contexts) if not args else sorted(a for a in args if a in contexts)
        errs = [f"context {a} not found" for a in args if a not in contexts]
        if fmt == "name":
            kc.out("".join(n + "\n" for n in names))
        else:
            rows = [] if kc.opts.get("no-headers") else [["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"]]
            for n in names:
                c = contexts[n]
                rows.append(["*" if n == conf.get("current-context") else "", n, c.get("cluster", ""), c.get("user", ""),
                             c.get("namespace", "")])
            if rows:
                kc.out(tabwriter.table(rows))
        if errs:  # an aggregate: CheckErr prints one error as "error: ...", several one per line
            raise base.KubectlError(errs[0]) if len(errs) == 1 else base.KubectlError("".join(e + "\n" for e in errs), raw=True)
        return 0


class CurrentContext(base.Verb):
    name = "config current-context"

    def run(self, kc, args):
        cur = _Editing(kc).start.get("current-context", "")
        if not cur:
            raise base.KubectlError("current-context is not set")
        kc.out(cur + "\n")
        return 0


class UseContext(base.Verb):
    name = "config use-context"

    def run(self, kc, args):
        if len(args) != 1:
            raise base.help_error(kc, f"Unexpected args: {base.go_list(args)}")
        if not args[0]:
            raise base.KubectlError("empty context names are not allowed")
        ed = _Editing(kc)
        if args[0] not in ed.conf.get("contexts", {}):
            raise base.KubectlError(f'no context exists with the name: "{args[0]}"')
        ed.conf["current-context"] = args[0]
        ed.save()
        kc.out(f'Switched to context "{args[0]}".\n')
        return 0


class SetContext(base.Verb):
    name = "config set-context"

    def run(self, kc, args):
        if len(args) > 1:
            raise base.help_error(kc, f"Unexpected args: {base.go_list(args)}")
        ed = _Editing(kc)
        conf = ed.conf
        current = bool(kc.opts.get("current"))
        if current and args:
            raise base.KubectlError("you cannot specify both a context name and --current")
        if not current and len(args) != 1:
            raise base.KubectlError("you must specify a non-empty context name or --current")
        name = conf.get("current-context", "") if current else args[0]
        if current and not name:
            raise base.KubectlError("no current context is set")
        contexts = conf.setdefault("contexts", {})
        exists = name in contexts
        ctx = dict(contexts.get(name, {}))
        for flag, key in (("cluster", "cluster"), ("user", "user"), ("namespace", "namespace")):
            if kc.opts.changed(flag):
                v = kc.opts.get(flag)
                if v:
                    ctx[key] = v
                else:
                    ctx.pop(key, None)
        contexts[name] = ctx
        ed.save()
        kc.out(f'Context "{name}" {"modified" if exists else "created"}.\n')
        return 0


class GetClusters(base.Verb):
    name = "config get-clusters"

    def run(self, kc, args):
        """get_clusters.go ranges over a Go map (any order); sorted is one of those orders."""
        kc.out("NAME\n" + "".join(n + "\n" for n in sorted(_Editing(kc).start.get("clusters", {}))))
        return 0


class GetUsers(base.Verb):
    name = "config get-users"

    def run(self, kc, args):
        kc.out("NAME\n" + "".join(n + "\n" for n in sorted(_Editing(kc).start.get("users", {}))))
        return 0


class Set(base.Verb):
    name = "config set"

    def run(self, kc, args):
        """set.go: complete (two args), validate, then modifyConfig."""
        if len(args) != 2:
            raise base.help_error(kc, f"Unexpected args: {base.go_list(args)}")
        prop, value = args
        if not value:
            raise base.KubectlError("you cannot use set to unset a property")
        if not prop:
            raise base.KubectlError("you must specify a property")
        raw = kc.opts.changed("set-raw-bytes") and bool(kc.opts.get("set-raw-bytes"))
        _modify(kc, prop, value, unset=False, raw=raw)
        kc.out(f'Property "{prop}" set.\n')
        return 0


class Unset(base.Verb):
    name = "config unset"

    def run(self, kc, args):
        if len(args) != 1:
            raise base.help_error(kc, f"Unexpected args: {base.go_list(args)}")
        if not args[0]:
            raise base.KubectlError("you must specify a property")
        _modify(kc, args[0], "", unset=True, raw=True)
        kc.out(f'Property "{args[0]}" unset.\n')
        return 0


def _modify(kc, prop: str, value: str, unset: bool, raw: bool) -> None:
    """set.go/unset.go: the walk works on a copy, so a path that fails halfway writes nothing;
    ModifyConfig leaves paths as set (relativizePaths false)."""
    ed = _Editing(kc)
    try:
        kubeconfig.modify(ed.conf, prop, value, unset=unset, raw_bytes=raw)
    except (kubeconfig.ConfigError, kubeconfig.Panic) as e:
        raise _config_error(e) from None
    for k in ("clusters", "users", "contexts"):  # a file read back has these maps, even empty
        ed.conf.setdefault(k, {})
    ed.conf.setdefault("preferences", {})
    ed.save(relativize=False)


def _abs(kc, path: str) -> str:
    """filepath.Abs against the console's working directory."""
    return files.absolute(kc.cluster, path)


def _read_file(kc, path: str) -> str:
    import base64

    text = files.read(kc.cluster, path) or ""
    return base64.b64encode(text.encode()).decode() if text else ""


class SetCluster(base.Verb):
    name = "config set-cluster"

    def run(self, kc, args):
        """set_cluster.go: complete, validate, modifyCluster."""
        if len(args) != 1:
            raise base.help_error(kc, f"Unexpected args: {base.go_list(args)}")
        name = args[0]
        o = kc.opts
        insecure = bool(o.get("insecure-skip-tls-verify"))
        ca = o.get("certificate-authority") or ""
        embed = bool(o.get("embed-certs"))
        if not name:
            raise base.KubectlError("you must specify a non-empty cluster name")
        if insecure and ca:
            raise base.KubectlError("you cannot specify a certificate authority and insecure mode at the same time")
        if embed:
            if not ca:
                raise base.KubectlError("you must specify a --certificate-authority to embed")
            if not files.exists(kc.cluster, ca):
                raise base.KubectlError(f"could not stat certificate-authority file {ca}: stat {ca}: no such file or directory")
        ed = _Editing(kc)
        conf = ed.conf
        c = dict(conf["clusters"].get(name, {}))
        if o.changed("server"):
            _set(c, "server", o.get("server"))
            c.pop("tls-server-name", None)  # a new --server drops the old TLS server name
        if o.changed("tls-server-name"):
            _set(c, "tls-server-name", o.get("tls-server-name"))
        if o.changed("insecure-skip-tls-verify"):
            _set(c, "insecure-skip-tls-verify", insecure)
            if insecure:
                c.pop("certificate-authority", None)
                c.pop("certificate-authority-data", None)
        if o.changed("certificate-authority"):
            if embed:
                _set(c, "certificate-authority-data", _read_file(kc, ca))
                c.pop("insecure-skip-tls-verify", None)
                c.pop("certificate-authority", None)
            else:
                path = _abs(kc, ca) if ca else ""
                _set(c, "certificate-authority", path)
                if path:
                    c.pop("insecure-skip-tls-verify", None)
                    c.pop("certificate-authority-data", None)
        if o.changed("proxy-url"):
            _set(c, "proxy-url", o.get("proxy-url"))
        conf["clusters"][name] = c
        ed.save()
        kc.out(f'Cluster "{name}" set.\n')
        return 0


def _set(entry: dict, key: str, value) -> None:
    if value:
        entry[key] = value
    else:
        entry.pop(key, None)


def _pairs(kc, values: list[str], flag: str) -> tuple[dict, list[str]]:
    try:
        return base.parse_pairs(values, flag)
    except base.KubectlError as e:  # set_credentials.go complete: the help, then the error
        raise base.help_error(kc, e.message) from None


class SetCredentials(base.Verb):
    name = "config set-credentials"

    def run(self, kc, args):
        """set_credentials.go: complete (the help, then the error), validate, modifyAuthInfo."""
        o = kc.opts
        if len(args) != 1:
            raise base.help_error(kc, f"unexpected args: {base.go_list(args)}")
        name = args[0]
        ap_new, ap_remove = _pairs(kc, list(o.get("auth-provider-arg") or []), "auth-provider-arg")
        env_new, env_remove = _pairs(kc, list(o.get("exec-env") or []), "exec-env")
        if not name:
            raise base.KubectlError("you must specify a non-empty user name")
        methods = []
        if o.get("token"):
            methods.append("--token")
        if o.get("username") or o.get("password"):
            methods.append("--username/--password")
        if len(methods) > 1:
            raise base.KubectlError("you cannot specify more than one authentication method at the same time: "
                                    + ", ".join(methods))
        embed = bool(o.get("embed-certs"))
        cert, key = o.get("client-certificate") or "", o.get("client-key") or ""
        if embed:
            if not cert and not key:
                raise base.KubectlError("you must specify a --client-certificate or --client-key to embed")
            for flag, path in (("client-certificate", cert), ("client-key", key)):
                if path and not files.exists(kc.cluster, path):
                    raise base.KubectlError(f"could not stat {flag} file {path}: stat {path}: no such file or directory")
        if o.changed("exec-interactive-mode") and o.get("exec-interactive-mode") not in ("IfAvailable", "Always", "Never"):
            raise base.KubectlError("invalid interactive mode type, can be only IfAvailable, Never, Always")
        ed = _Editing(kc)
        conf = ed.conf
        u = {k: (dict(v) if isinstance(v, dict) else v) for k, v in conf["users"].get(name, {}).items()}
        for flag, path_key, data_key, path in (("client-certificate", "client-certificate", "client-certificate-data", cert),
                                               ("client-key", "client-key", "client-key-data", key)):
            if not o.changed(flag):
                continue
            if embed:
                _set(u, data_key, _read_file(kc, path))
                u.pop(path_key, None)
            else:
                p = _abs(kc, path) if path else ""
                _set(u, path_key, p)
                if p:
                    u.pop(data_key, None)
        set_token = set_basic = False
        if o.changed("token"):
            _set(u, "token", o.get("token"))
            set_token = bool(o.get("token"))
        for flag in ("username", "password"):
            if o.changed(flag):
                _set(u, flag, o.get(flag))
                set_basic = set_basic or bool(o.get(flag))
        if o.changed("auth-provider"):
            ap = u.get("auth-provider")
            if ap is None or ap.get("name") != o.get("auth-provider"):
                u["auth-provider"] = {"name": o.get("auth-provider")}
        if u.get("auth-provider") is not None:
            ap = dict(u["auth-provider"])
            cfg = dict(ap.get("config") or {})
            for k in ap_remove:
                cfg.pop(k, None)
            cfg.update(ap_new)
            ap["config"] = cfg
            u["auth-provider"] = ap
        if o.changed("exec-command"):
            ex = dict(u.get("exec") or {})
            if "exec" in u:
                ex.pop("args", None)
            ex["command"] = o.get("exec-command")
            u["exec"] = ex
        if u.get("exec") is not None:
            ex = dict(u["exec"])
            if o.changed("exec-api-version"):
                _set(ex, "apiVersion", o.get("exec-api-version"))
            if o.get("exec-arg"):
                ex["args"] = list(o.get("exec-arg"))
            if o.changed("exec-interactive-mode"):
                ex["interactiveMode"] = o.get("exec-interactive-mode")
            if o.changed("exec-provide-cluster-info"):
                ex["provideClusterInfo"] = bool(o.get("exec-provide-cluster-info"))
            env = [dict(e) for e in ex.get("env") or []]
            if env_remove:
                env = [e for e in env if e["name"] not in env_remove]
            for k, v in env_new.items():  # a Go map's range: sorted is one of its orders
                hit = next((e for e in env if e["name"] == k), None)
                if hit:
                    hit["value"] = v
                else:
                    env.append({"name": k, "value": v})
            if env_new or env_remove:
                ex["env"] = env
            u["exec"] = ex
        if set_token or set_basic:
            if not set_token:
                u.pop("token", None)
            if not set_basic:
                u.pop("username", None)
                u.pop("password", None)
        conf["users"][name] = u
        ed.save()
        kc.out(f'User "{name}" set.\n')
        return 0


def _delete(kc, args: list[str], kind: str, key: str) -> int:
    """delete_cluster.go, delete_user.go: the entry goes (from every file that has it), the file is named."""
    ed = _Editing(kc)
    entries = ed.conf[key]
    if args[0] not in entries:
        raise base.KubectlError(f"cannot delete {kind} {args[0]}, not in {ed.filename}")
    del entries[args[0]]
    ed.save()
    kc.out(f"deleted {kind} {args[0]} from {ed.filename}\n")
    return 0


class DeleteCluster(base.Verb):
    name = "config delete-cluster"

    def run(self, kc, args):
        if len(args) != 1:  # the help, and no error
            kc.out(self.help())
            return 0
        return _delete(kc, args, "cluster", "clusters")


class DeleteUser(base.Verb):
    name = "config delete-user"

    def run(self, kc, args):
        if len(args) != 1:
            kc.usage_error("user to delete is required")
        return _delete(kc, args, "user", "users")


class RenameContext(base.Verb):
    name = "config rename-context"

    def run(self, kc, args):
        if len(args) != 2:
            raise base.help_error(kc, f"Unexpected args: {base.go_list(args)}")
        ed = _Editing(kc)
        conf = ed.conf
        old, new = args
        if not new:
            raise base.KubectlError("You must specify a new non-empty context name")
        contexts = conf.setdefault("contexts", {})
        if old not in contexts:
            raise base.KubectlError(f'cannot rename the context "{old}", it\'s not in {ed.filename}')
        if new in contexts:
            raise base.KubectlError(f'cannot rename the context "{old}", the context "{new}" already exists in {ed.filename}')
        contexts[new] = contexts.pop(old)
        if ("contexts", old) in ed.origins:  # the entry keeps its LocationOfOrigin: renamed in its own file
            ed.origins[("contexts", new)] = ed.origins[("contexts", old)]
        if conf.get("current-context") == old:
            conf["current-context"] = new
        ed.save()
        kc.out(f'Context "{old}" renamed to "{new}".\n')
        return 0


class DeleteContext(base.Verb):
    name = "config delete-context"

    def run(self, kc, args):
        if len(args) != 1:  # delete_context.go: the help, and no error
            kc.out(self.help())
            return 0
        ed = _Editing(kc)
        name = args[0]
        contexts = ed.conf.setdefault("contexts", {})
        if name not in contexts:
            raise base.KubectlError(f"cannot delete context {name}, not in {ed.filename}")
        if ed.conf.get("current-context") == name:
            kc.err("warning: this removed your active context, use \"kubectl config use-context\" to select a different one\n")
        del contexts[name]
        ed.save()
        kc.out(f"deleted context {name} from {ed.filename}\n")
        return 0
