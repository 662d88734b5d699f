"""kubectl config (kubernetes/kubectl:pkg/cmd/config/): view, get-contexts,
current-context, use-context, set-context, get-clusters, get-users,
rename-context, delete-context.

The kubeconfig is the cluster's (``base.kubeconfig``): kubeadm's admin.conf
names, with certificate data shown as ``DATA+OMITTED`` by ``view``, as the
real command redacts it. ``set-context --current --namespace=X`` changes
the namespace every later command uses.
"""
from __future__ import annotations

from clusters.console.kubectl import base
from clusters.console.printers import output, tabwriter


def _doc(cluster, minify: bool = False, raw: bool = False) -> dict:
    kc = base.kubeconfig(cluster)
    current = kc.get("current-context", "")
    contexts = kc.get("contexts", {})
    names = sorted(contexts)
    if minify:
        names = [current] if current in contexts else []
    ctx_list = []
    for n in names:
        c = contexts[n]
        body = {}
        if c.get("cluster"):
            body["cluster"] = c["cluster"]
        if c.get("namespace"):
            body["namespace"] = c["namespace"]
        if c.get("user"):
            body["user"] = c["user"]
        ctx_list.append({"context": body, "name": n})
    data = "DATA+OMITTED" if not raw else "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg=="
    return {
        "apiVersion": "v1",
        "clusters": [{"cluster": {"certificate-authority-data": data, "server": base.SERVER}, "name": base.CLUSTER_NAME}],
        "contexts": ctx_list,
        "current-context": current,
        "kind": "Config",
        "preferences": {},
        "users": [{"name": base.USER_NAME, "user": {"client-certificate-data": "DATA+OMITTED" if not raw else data,
                                                    "client-key-data": "DATA+OMITTED" if not raw else data}}],
    }


class Verb(base.Verb):
    name = "config"
    subcommands = {
        "view": "config:View", "get-contexts": "config:GetContexts", "current-context": "config:CurrentContext",
        "use-context": "config:UseContext", "set-context": "config:SetContext", "get-clusters": "config:GetClusters",
        "get-users": "config:GetUsers", "rename-context": "config:RenameContext", "delete-context": "config:DeleteContext",
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
        doc = _doc(kc.cluster, bool(kc.opts.get("minify")), bool(kc.opts.get("raw")))
        try:
            output.check_format(fmt, output.OBJECT_FORMATS)
            # the name printer finds no name on a clientcmdapi.Config
            kc.out(output.render(kc.cluster, fmt, [doc], True, ["config/<unknown>"],
                                 kc.opts.get("template", "") if kc.opts.has("template") else "", typed=True))
        except output.PrintError as e:
            raise base.KubectlError(str(e)) from None
        return 0


class GetContexts(base.Verb):
    name = "config get-contexts"

    def run(self, kc, args):
        """get_contexts.go: the contexts found are printed, then the names not found as errors."""
        fmt = kc.opts.get("output") or ""
        if fmt not in ("", "name"):
            raise base.KubectlError(f"--output {fmt} is not available in kubectl config get-contexts; "
                                    "resetting to default output format")
        conf = base.kubeconfig(kc.cluster)
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
        cur = base.kubeconfig(kc.cluster).get("current-context", "")
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
        conf = base.kubeconfig(kc.cluster)
        if args[0] not in conf.get("contexts", {}):
            raise base.KubectlError(f'no context exists with the name: "{args[0]}"')
        conf["current-context"] = args[0]
        kc.out(f'Switched to context "{args[0]}".\n')
        return 0


class SetContext(base.Verb):
    name = "config set-context"

    def run(self, kc, args):
        if len(args) > 1:
            raise base.help_error(kc, f"Unexpected args: {base.go_list(args)}")
        conf = base.kubeconfig(kc.cluster)
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
        kc.out(f'Context "{name}" {"modified" if exists else "created"}.\n')
        return 0


class GetClusters(base.Verb):
    name = "config get-clusters"

    def run(self, kc, args):
        kc.out(f"NAME\n{base.CLUSTER_NAME}\n")
        return 0


class GetUsers(base.Verb):
    name = "config get-users"

    def run(self, kc, args):
        kc.out(f"NAME\n{base.USER_NAME}\n")
        return 0


class RenameContext(base.Verb):
    name = "config rename-context"

    def run(self, kc, args):
        if len(args) != 2:
            raise base.help_error(kc, f"Unexpected args: {base.go_list(args)}")
        conf = base.kubeconfig(kc.cluster)
        old, new = args
        if not new:
            raise base.KubectlError("You must specify a new non-empty context name")
        contexts = conf.setdefault("contexts", {})
        if old not in contexts:
            raise base.KubectlError(f'cannot rename the context "{old}", it\'s not in /root/.kube/config')
        if new in contexts:
            raise base.KubectlError(f'cannot rename the context "{old}", the context "{new}" already exists in /root/.kube/config')
        contexts[new] = contexts.pop(old)
        if conf.get("current-context") == old:
            conf["current-context"] = new
        kc.out(f'Context "{old}" renamed to "{new}".\n')
        return 0


class DeleteContext(base.Verb):
    name = "config delete-context"

    def run(self, kc, args):
        conf = base.kubeconfig(kc.cluster)
        if len(args) != 1:  # delete_context.go: the help, and no error
            kc.out(self.help())
            return 0
        name = args[0]
        contexts = conf.setdefault("contexts", {})
        if name not in contexts:
            raise base.KubectlError(f"cannot delete context {name}, not in /root/.kube/config")
        if conf.get("current-context") == name:
            kc.err("warning: this removed your active context, use \"kubectl config use-context\" to select a different one\n")
        del contexts[name]
        kc.out(f"deleted context {name} from /root/.kube/config\n")
        return 0
